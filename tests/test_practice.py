"""Guided practice on the server: the plans the players walk through, the pages that start
them, the catalog they come from, and the session they save (through the check-in's sync)."""

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from recovery import sync
from recovery.models import Exercise, ExerciseSession, Routine, RoutineStep
from recovery.practice import plans
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def exercise(name):
    return Exercise.objects.get(name=name)


# The plans


def test_coherent_breathing_is_about_six_breaths_a_minute():
    plan = plans.breathing_plan(exercise("Coherent breathing"))
    assert [(p["kind"], p["seconds"]) for p in plan["phases"]] == [("in", 5.0), ("out", 5.0)]
    assert plan["breaths_per_minute"] == 6.0
    assert plan["default_minutes"] == 10 and plan["minutes"] == [3, 5, 10]


def test_alternate_nostrils_take_two_breaths_a_round_and_say_which_side():
    plan = plans.breathing_plan(exercise("Anulom Vilom"))
    assert [p["words"] for p in plan["phases"]] == [
        "Breathe in through the left nostril",
        "Breathe out through the right nostril",
        "Breathe in through the right nostril",
        "Breathe out through the left nostril",
    ]
    assert plan["breaths_per_minute"] == 7.5  # 4 s in, 4 s out


def test_holds_of_the_breath_are_phases_and_slow_the_pace():
    box = Exercise(
        name="Box", kind="breathing", inhale_seconds=4, exhale_seconds=4, instructions="-"
    )
    box.hold_in_seconds = box.hold_out_seconds = Decimal(4)
    plan = plans.breathing_plan(box)
    assert [p["kind"] for p in plan["phases"]] == ["in", "hold", "out", "hold"]
    assert plan["breaths_per_minute"] == 3.8  # 60 / 16, to one decimal
    assert (
        plans.pace_in_words(box) == "4 s in · 4 s hold · 4 s out · 4 s hold · 3.8 breaths a minute"
    )


def test_a_sided_stretch_holds_each_side_with_a_rest_between():
    (stretch,) = plans.routine_plan([exercise("Knee-to-chest stretch")])["stretches"]
    assert [(s["kind"], s["seconds"], s["words"]) for s in stretch["steps"]] == [
        ("ready", 10, "Get into position"),
        ("hold", 30, "Hold, left side"),
        ("rest", 10, "Rest, then the right side"),
        ("hold", 30, "Hold, right side"),
    ]


def test_short_repetitions_flow_with_no_rest():
    (stretch,) = plans.routine_plan([exercise("Pelvic tilts and spinal mobility")])["stretches"]
    holds = [s for s in stretch["steps"] if s["kind"] == "hold"]
    assert len(holds) == 10 and {s["seconds"] for s in holds} == {5}
    assert [s["count"] for s in holds][:2] == ["1 of 10", "2 of 10"]
    assert not [s for s in stretch["steps"] if s["kind"] == "rest"]
    assert plans.total_seconds({"stretches": [stretch]}) == 10 + 50


def test_a_stretch_without_counts_holds_thirty_seconds_once():
    plain = Exercise(name="Plain", kind="stretch", instructions="-")
    (stretch,) = plans.routine_plan([plain])["stretches"]
    assert [s["seconds"] for s in stretch["steps"]] == [10, 30]
    assert plans.hold_in_words(plain) == "30 s"
    assert plans.hold_in_words(exercise("Pelvic tilts and spinal mobility")) == "5 s × 10"


# The pages


def test_the_practice_page_lists_breathing_routines_and_stretches(client):
    client.force_login(UserFactory())
    page = client.get(reverse("practice")).content.decode()
    assert "Coherent breathing" in page and "5 s in · 5 s out · 6 breaths a minute" in page
    assert "Gentle floor routine" in page and "Chair routine" in page
    assert "Balasana" in page and "(90 s)" in page


def test_the_pacer_page_carries_its_plan(client):
    client.force_login(UserFactory())
    coherent = exercise("Coherent breathing")
    response = client.get(reverse("breathe", args=[coherent.pk]))
    assert response.status_code == 200
    assert response.context["plan"]["phases"][0]["words"] == "Breathe in"
    assert 'id="practice-plan"' in response.content.decode()


def test_only_active_breathing_practices_open_in_the_pacer(client):
    client.force_login(UserFactory())
    stretch = exercise("Balasana")
    inactive = exercise("Anulom Vilom")
    Exercise.objects.filter(pk=inactive.pk).update(is_active=False)
    for pk in (stretch.pk, inactive.pk, 999_999):
        assert client.get(reverse("breathe", args=[pk])).status_code == 404


def test_a_routine_plays_in_its_own_order(client):
    client.force_login(UserFactory())
    routine = Routine.objects.get(name="Gentle floor routine")
    response = client.get(reverse("stretch"), {"routine": routine.pk})
    names = [s["name"] for s in response.context["plan"]["stretches"]]
    assert names == [
        "Knee-to-chest stretch",
        "Gentle pigeon pose",
        "Pelvic tilts and spinal mobility",
        "Balasana",
    ]
    assert "about 6 minutes" in response.content.decode()


def test_my_own_stretches_play_in_the_order_i_chose(client):
    client.force_login(UserFactory())
    first, second = exercise("Hamstring stretch"), exercise("Balasana")
    response = client.get(reverse("stretch"), {"exercise": [first.pk, second.pk, first.pk]})
    names = [s["name"] for s in response.context["plan"]["stretches"]]
    assert names == ["Hamstring stretch", "Balasana"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({}, "Choose at least one stretch, or a routine."),
        ({"exercise": ["nonsense"]}, "A chosen stretch is not in the catalog any more"),
        ({"exercise": ["999999"]}, "A chosen stretch is not in the catalog any more"),
        ({"routine": "999999"}, "That routine is not offered any more"),
    ],
)
def test_a_choice_that_cannot_be_played_says_why(client, query, message):
    client.force_login(UserFactory())
    response = client.get(reverse("stretch"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_breathing_is_not_a_stretch(client):
    client.force_login(UserFactory())
    response = client.get(reverse("stretch"), {"exercise": [exercise("Anulom Vilom").pk]})
    assert response.status_code == 400


def test_the_pages_need_a_signed_in_patient(client):
    for url in (reverse("practice"), reverse("stretch"), reverse("breathe", args=[1])):
        assert client.get(url).url.startswith(reverse("login"))


# The catalog


def test_breath_holds_are_for_breathing_and_holds_for_stretches():
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(name="Balasana").update(alternate_nostrils=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(name="Coherent breathing").update(hold_seconds=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(name="Balasana").update(hold_seconds=1)


def test_a_routine_holds_stretches_only():
    step = RoutineStep(
        routine=Routine.objects.first(), exercise=exercise("Coherent breathing"), position=9
    )
    with pytest.raises(ValidationError, match="stretches and poses only"):
        step.full_clean()


# The session it saves


def test_a_guided_session_is_saved_once_through_the_check_ins_sync(client):
    user = UserFactory()
    client.force_login(user)
    coherent = exercise("Coherent breathing")
    change = {
        "id": str(uuid.uuid4()),
        "kind": "session",
        "date": str(datetime.date.today()),
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "names": [],
        "fields": {
            "session-exercise": str(coherent.pk),
            "session-minutes": "5",
            "session-breaths_per_minute": "6",
            "session-repetitions_per_side": "",
            "session-pain_during": "",
        },
    }
    body = json.dumps({"account": sync.account_tag(user), "changes": [change, change]})
    answers = client.post(reverse("sync"), body, content_type="application/json").json()
    assert [a["status"] for a in answers["results"]] == ["saved", "already"]
    (session,) = ExerciseSession.objects.filter(user=user)
    assert session.minutes == 5 and session.breaths_per_minute == 6
