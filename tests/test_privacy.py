"""Another patient's records are invisible: every URL answers 404 or shows only one's own."""

import datetime
import json
import re
import uuid

import pytest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from recovery import email_confirmation, sync, urls
from tests.factories import (
    CoSupplementLogFactory,
    DailyEntryFactory,
    ExerciseSessionFactory,
    FoodLogFactory,
    HabitLogFactory,
    MagnesiumDoseFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)
SECRET = "their private note"


@pytest.fixture
def theirs(other_user):
    DailyEntryFactory(user=other_user, date=DAY, note=SECRET, saddle_numbness=True)
    HabitLogFactory(user=other_user, date=DAY)
    return {
        "dose": MagnesiumDoseFactory(user=other_user, date=DAY, amount_mg=123),
        "session": ExerciseSessionFactory(user=other_user, date=DAY, minutes=77),
        "food": FoodLogFactory(user=other_user, date=DAY),
        "supplement": CoSupplementLogFactory(user=other_user, date=DAY),
    }


def test_every_item_of_theirs_is_not_found(patient_client, theirs):
    for kind, item in theirs.items():
        url = reverse("delete_item", args=[kind, item.pk])
        assert patient_client.post(url).status_code == 404, kind
        assert type(item).objects.filter(pk=item.pk).exists()


def test_their_day_is_not_on_my_pages(patient_client, theirs):
    report = reverse("report") + f"?first={DAY}&last={DAY}"
    for url in (reverse("day", args=[DAY]), reverse("history"), reverse("home"), report):
        # Without what a <template> holds for the script (the words of the urgent message).
        page = re.sub(
            r"<template.*?</template>", "", patient_client.get(url).content.decode(), flags=re.S
        )
        assert SECRET not in page, url
        assert "123 mg" not in page and "77 min" not in page, url
        assert "Go to an emergency department now" not in page, url
    assert patient_client.get(reverse("day", args=[DAY])).context["day"].entry is None


def test_writing_to_a_date_they_logged_touches_only_my_rows(patient_client, user, theirs):
    patient_client.post(reverse("day", args=[DAY]), {"leg_pain": "1"})
    patient_client.post(reverse("save_habits", args=[DAY]), {})
    theirs_entry = theirs["dose"].user.dailyentry_set.get(date=DAY)
    assert theirs_entry.note == SECRET
    assert theirs["dose"].user.habitlog_set.count() == 1


def change(kind, key, **rest):
    return {"id": str(key), "kind": kind, "date": str(DAY), "made_at": f"{DAY}T21:00Z", **rest}


def test_changes_sent_from_a_device_touch_only_my_rows(patient_client, user, theirs):
    """The same day, their habit unticked and their item's key reused: mine only."""
    theirs["dose"].client_key = uuid.uuid4()
    theirs["dose"].save()
    habit = theirs["dose"].user.habitlog_set.get().habit
    dose = {
        "dose-form": str(theirs["dose"].form_id),
        "dose-amount_mg": "100",
        "dose-amount_basis": "elemental",
    }
    changes = [
        change("entry", uuid.uuid4(), names=["note"], fields={"note": "mine"}),
        change("habit", uuid.uuid4(), fields={"habit": str(habit.pk), "done": "0"}),
        change("dose", theirs["dose"].client_key, fields=dose),
    ]
    body = json.dumps({"account": sync.account_tag(user), "changes": changes})
    response = patient_client.post(reverse("sync"), body, content_type="application/json")
    assert [r["status"] for r in response.json()["results"]] == ["saved", "saved", "saved"]
    other = theirs["dose"].user
    assert other.dailyentry_set.get(date=DAY).note == SECRET
    assert other.habitlog_set.count() == 1
    assert other.magnesiumdose_set.get().amount_mg == 123
    assert user.magnesiumdose_set.get().amount_mg == 100


def test_the_sweep_covers_every_url(patient_client):
    """A new URL must be added to the cases above, with its ownership test."""
    covered = {
        "home",
        "healthz",
        "manifest",
        "service_worker",
        "offline",
        "logout",
        "signup",
        "signup_questions",  # the signed-in patient's own answers: tests/test_serious_causes.py
        "login",
        "password_change",
        "password_reset",
        "password_reset_confirm",
        "confirm_email",
        "settings",
        "reminders",  # the signed-in patient's own row only: tests/test_reminders.py
        "unsubscribe",  # a signed link names its account: tests/test_reminders.py
        "push_subscribe",  # stores for the signed-in patient only: tests/test_push.py
        "push_forget",  # forgets the signed-in patient's own browser only: tests/test_push.py
        "remove_device",  # another patient's browser is a 404: tests/test_push.py, and below
        "today",
        "day",
        "add_item",
        "save_habits",
        "repeat",
        "restore_item",
        "sync",
        "practice",  # the catalog only; sessions go through "sync"
        "breathe",
        "stretch",
        "delete_item",
        "history",
        "insights",  # the signed-in patient's own log only: tests/test_insights.py
        "medicines",  # the signed-in patient's own medicines only
        "medicine",  # another patient's own medicine is a 404: tests/test_medicines.py
        "weekly_check",  # writes the signed-in patient's own week only
        "report",
        "export",
        "import",
        "delete_account",
        "account_deleted",
    }
    assert {pattern.name for pattern in urls.urlpatterns} == covered


def test_anonymous_visitors_are_sent_to_log_in(client, theirs):
    private = [
        reverse("today"),
        reverse("day", args=[DAY]),
        reverse("history"),
        reverse("settings"),
        reverse("signup_questions"),
        reverse("report"),
        reverse("export"),
        reverse("import"),
        reverse("delete_account"),
    ]
    for url in private:
        assert client.get(url).url.startswith(reverse("login")), url
    writes = [
        reverse("add_item", args=[DAY, "dose"]),
        reverse("save_habits", args=[DAY]),
        reverse("repeat", args=[DAY, "dose"]),
        reverse("delete_item", args=["dose", theirs["dose"].pk]),
    ]
    for url in writes:
        assert client.post(url).url.startswith(reverse("login")), url


def their_row_counts(user):
    from recovery import models

    kinds = (models.DailyEntry, models.MagnesiumDose, models.ExerciseSession, models.FoodLog)
    kinds += (models.HabitLog, models.PushSubscription)
    return [model.objects.filter(user=user).count() for model in kinds]


def test_walk_every_url_with_their_ids(patient_client, other_user, theirs):
    """Every pattern, every argument taken from the other patient's rows, GET and POST."""
    from recovery.models import PushSubscription

    device = PushSubscription.objects.create(
        user=other_user, endpoint="https://fcm.googleapis.com/fcm/send/theirs", p256dh="k", auth="a"
    )
    values = {
        "date": [DAY],
        "kind": [*theirs, "nonsense"],
        "pk": [item.pk for item in theirs.values()] + [device.pk],
        "uidb64": [urlsafe_base64_encode(force_bytes(other_user.pk))],
        "token": ["set-password", email_confirmation.make_token(other_user, "x@example.com")],
    }
    before = their_row_counts(other_user)
    walked = 0
    for pattern in urls.urlpatterns:
        if pattern.name in {"delete_account", "signup", "logout"}:
            continue  # they act on the signed-in account only; tested on their own
        names = list(pattern.pattern.converters)
        combos = [{}]
        for name in names:
            combos = [{**combo, name: value} for combo in combos for value in values[name]]
        for kwargs in combos:
            url = reverse(pattern.name, kwargs=kwargs)
            for method in (patient_client.get, patient_client.post):
                response = method(url)
                walked += 1
                status = response.status_code
                assert status in (200, 302, 400, 404, 405), (url, status)
                body = response.content.decode(errors="replace")
                assert SECRET not in body and "123 mg" not in body, url
    assert their_row_counts(other_user) == before
    assert walked >= 60
