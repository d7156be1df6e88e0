"""Changes kept on a device without a connection: sent later, applied once, the latest
change winning field by field, and an answer for each."""

import datetime
import json
import uuid

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recovery import sync
from recovery.days import local_today
from recovery.models import (
    DailyEntry,
    Exercise,
    ExerciseSession,
    FoodLog,
    Habit,
    HabitLog,
    MagnesiumDose,
    MagnesiumForm,
)
from recovery.models.logs import RED_FLAG_FIELDS

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 23, 21, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def evening():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def today(user):
    return local_today(user.profile.timezone)


def at(minutes_before):
    return (NOW - datetime.timedelta(minutes=minutes_before)).isoformat()


def entry_change(date, made_at, names, **fields):
    return {
        "id": str(uuid.uuid4()),
        "kind": "entry",
        "date": date.isoformat(),
        "made_at": made_at,
        "names": names,
        "fields": fields,
    }


def item_change(kind, date, made_at, **fields):
    return {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "date": date.isoformat(),
        "made_at": made_at,
        "fields": {f"{kind}-{name}": value for name, value in fields.items()},
    }


def habit_change(date, made_at, habit, done):
    return {
        "id": str(uuid.uuid4()),
        "kind": "habit",
        "date": date.isoformat(),
        "made_at": made_at,
        "fields": {"habit": str(habit.pk), "done": "1" if done else "0"},
    }


def send(client, user, changes, account=None):
    body = {"account": account or sync.account_tag(user), "changes": changes}
    response = client.post(reverse("sync"), json.dumps(body), content_type="application/json")
    return response


def statuses(response):
    assert response.status_code == 200, response.content
    return [result["status"] for result in response.json()["results"]]


def dose_fields():
    form = MagnesiumForm.objects.active().get(name="Magnesium glycinate")
    return {"form": str(form.pk), "amount_mg": "200", "amount_basis": "elemental", "time": "21:00"}


# Applied once


def test_a_full_offline_check_in_is_applied_once(patient_client, user, today):
    habit = Habit.objects.filter(is_active=True).first()
    queue = [
        entry_change(today, at(30), ["leg_pain"], leg_pain="6"),
        entry_change(today, at(29), ["back_pain"], back_pain="3"),
        entry_change(today, at(28), ["no_warning_signs"], no_warning_signs="on"),
        item_change("dose", today, at(27), **dose_fields()),
        item_change("food", today, at(26), food="1", servings="1"),
        habit_change(today, at(25), habit, True),
    ]
    assert statuses(send(patient_client, user, queue)) == ["saved"] * 6
    # The same queue again, as when the answer was lost on the way back.
    assert statuses(send(patient_client, user, queue)) == ["already"] * 6

    entry = DailyEntry.objects.get(user=user, date=today)
    assert (entry.leg_pain, entry.back_pain) == (6, 3)
    assert entry.red_flags_answered and not entry.red_flags
    assert MagnesiumDose.objects.filter(user=user, date=today).count() == 1
    assert FoodLog.objects.filter(user=user, date=today).count() == 1
    assert list(HabitLog.objects.filter(user=user, date=today).values_list("habit", flat=True)) == [
        habit.pk
    ]
    assert DailyEntry.objects.filter(user=user).count() == 1


def test_a_warning_sign_ticked_offline_is_applied_and_raises_the_alert(patient_client, user, today):
    signs = {"signs_asked": ",".join(RED_FLAG_FIELDS)}  # as every check-in page sends
    queue = [entry_change(today, at(20), ["sexual_problems"], sexual_problems="on", **signs)]
    assert statuses(send(patient_client, user, queue)) == ["saved"]
    entry = DailyEntry.objects.get(user=user, date=today)
    assert entry.sexual_problems is True
    assert entry.bladder_or_bowel_change is False  # the group, answered together
    for url in (reverse("home"), reverse("day", args=[today])):
        page = patient_client.get(url).content.decode()
        assert "Go to an emergency department now" in page
        # The footer names every sign; the alert names what was reported.
        assert "reported: new sexual problems (loss of genital feeling" in page
    # Unticked later on the device: the later change wins (no longer answered), and the
    # alert goes.
    unticked = entry_change(today, at(10), ["sexual_problems"], **signs)
    assert statuses(send(patient_client, user, [unticked])) == ["saved"]
    assert DailyEntry.objects.get(user=user, date=today).sexual_problems is None
    assert (
        "Go to an emergency department now"
        not in patient_client.get(reverse("home")).content.decode()
    )


def test_the_answer_names_what_was_added(patient_client, user, today):
    response = send(patient_client, user, [item_change("dose", today, at(5), **dose_fields())])
    (result,) = response.json()["results"]
    assert result["message"] == "Added Magnesium glycinate, 200 mg."


def test_a_refused_change_says_why_and_the_others_still_apply(patient_client, user, today):
    queue = [
        entry_change(today, at(10), ["leg_pain"], leg_pain="11"),
        item_change("dose", today, at(9), **dose_fields() | {"amount_mg": "-5"}),
        entry_change(today, at(8), ["back_pain"], back_pain="2"),
    ]
    results = send(patient_client, user, queue).json()["results"]
    assert [r["status"] for r in results] == ["refused", "refused", "saved"]
    assert [r["id"] for r in results] == [change["id"] for change in queue]
    assert "leg_pain" in results[0]["errors"]
    assert "amount_mg" in results[1]["errors"]
    assert results[1]["message"]
    assert DailyEntry.objects.get(user=user, date=today).back_pain == 2
    assert not MagnesiumDose.objects.filter(user=user).exists()


def test_the_same_rules_as_the_page(patient_client, user, today):
    """ "No supplements" contradicts a logged dose here as it does on the page."""
    send(patient_client, user, [item_change("dose", today, at(9), **dose_fields())])
    response = send(
        patient_client, user, [entry_change(today, at(5), ["no_supplements"], no_supplements="on")]
    )
    (result,) = response.json()["results"]
    assert result["status"] == "refused"
    assert "Supplements are logged for this day" in result["message"]


def unreadable(**fields):
    base = {"id": str(uuid.uuid4()), "kind": "entry", "date": "2026-11-23", "made_at": at(1)}
    return base | {"names": ["leg_pain"], "fields": {"leg_pain": "5"}} | fields


@pytest.mark.parametrize(
    "change",
    [
        "just a string",
        unreadable(id="not-a-uuid"),
        unreadable(kind="weather"),
        unreadable(date="2026-02-30"),
        unreadable(date="1899-12-31"),
        unreadable(made_at="soon"),
        unreadable(made_at="2026-11-23T20:00"),  # no time zone
        unreadable(fields={"leg_pain": 5}),
        unreadable(fields=["leg_pain", "5"]),
        unreadable(names="leg_pain"),
        unreadable(kind="habit", fields={"habit": "9" * 30, "done": "1"}),
        unreadable(kind="habit", fields={"habit": "1", "done": "yes"}),
    ],
)
def test_a_change_that_cannot_be_read_is_refused_not_a_server_error(patient_client, user, change):
    (status,) = statuses(send(patient_client, user, [change]))
    assert status == "refused"
    assert not DailyEntry.objects.filter(user=user).exists()


def pain_change(date, session, pain):
    return {
        "id": str(uuid.uuid4()),
        "kind": "session_pain",
        "date": date.isoformat(),
        "made_at": at(0),
        "fields": {"session": session, "pain_during": pain},
    }


def test_a_routines_pain_answered_after_it_was_saved(patient_client, user, other_user, today):
    exercise = Exercise.objects.active().exclude(kind="breathing").first()
    routine = item_change("session", today, at(2), exercise=str(exercise.pk), minutes="4")
    assert statuses(send(patient_client, user, [routine])) == ["saved"]
    (session,) = ExerciseSession.objects.filter(user=user)
    assert session.pain_during is None  # saved the moment it ended, with no answer yet
    answer = pain_change(today, routine["id"], "6")
    assert statuses(send(patient_client, user, [answer])) == ["saved"]
    session.refresh_from_db()
    assert (session.pain_during, session.minutes) == (6, 4)
    assert statuses(send(patient_client, user, [answer])) == ["already"]
    # Only a session of this patient's, on that day, and a score on the scale.
    theirs = ExerciseSession.objects.create(
        user=other_user, date=today, exercise=exercise, minutes=5, client_key=uuid.uuid4()
    )
    refused = [
        pain_change(today, str(theirs.client_key), "3"),
        pain_change(today - datetime.timedelta(days=1), routine["id"], "3"),
        pain_change(today, str(uuid.uuid4()), "3"),
        pain_change(today, routine["id"], "11"),
        pain_change(today, "not-a-key", "3"),
    ]
    assert statuses(send(patient_client, user, refused)) == ["refused"] * 5
    theirs.refresh_from_db()
    session.refresh_from_db()
    assert (theirs.pain_during, session.pain_during) == (None, 6)


def test_tomorrow_cannot_be_logged(patient_client, user, today):
    change = entry_change(today + datetime.timedelta(days=1), at(1), ["leg_pain"], leg_pain="4")
    assert statuses(send(patient_client, user, [change])) == ["refused"]


# A day edited on two devices: field by field, the latest change wins


def test_an_older_offline_change_keeps_a_later_online_answer(patient_client, user, today):
    # Offline on the phone at 20:00; on the laptop, online, at 20:30; the phone sends at 21:00.
    phone = entry_change(today, at(60), ["leg_pain", "back_pain"], leg_pain="7", back_pain="5")
    with time_machine.travel(NOW - datetime.timedelta(minutes=30), tick=False):
        patient_client.post(reverse("day", args=[today]), {"leg_pain": "3", "autosave": "leg_pain"})
    (result,) = send(patient_client, user, [phone]).json()["results"]
    entry = DailyEntry.objects.get(user=user, date=today)
    # The leg pain changed later elsewhere and stays; the back pain is the phone's.
    assert (entry.leg_pain, entry.back_pain) == (3, 5)
    assert result["status"] == "later"
    assert result["kept"] == ["leg_pain"]
    assert result["message"] == "Not changed: Leg pain was changed later on another device."


def test_a_later_offline_change_wins_over_an_earlier_online_one(patient_client, user, today):
    with time_machine.travel(NOW - datetime.timedelta(minutes=30), tick=False):
        patient_client.post(reverse("day", args=[today]), {"leg_pain": "3", "autosave": "leg_pain"})
    phone = entry_change(today, at(10), ["leg_pain"], leg_pain="7")
    assert statuses(send(patient_client, user, [phone])) == ["saved"]
    assert DailyEntry.objects.get(user=user, date=today).leg_pain == 7


def test_two_offline_devices_the_later_change_wins_whichever_arrives_last(
    patient_client, user, today
):
    laptop = entry_change(today, at(20), ["leg_pain"], leg_pain="2")
    phone = entry_change(today, at(40), ["leg_pain"], leg_pain="8")
    assert statuses(send(patient_client, user, [laptop])) == ["saved"]
    assert statuses(send(patient_client, user, [phone])) == ["later"]
    assert DailyEntry.objects.get(user=user, date=today).leg_pain == 2


def test_a_day_saved_whole_on_the_page_outranks_an_older_queued_change(patient_client, user, today):
    phone = entry_change(today, at(60), ["back_pain"], back_pain="9")
    with time_machine.travel(NOW - datetime.timedelta(minutes=30), tick=False):
        patient_client.post(reverse("day", args=[today]), {"leg_pain": "3"})  # no JavaScript
    assert statuses(send(patient_client, user, [phone])) == ["later"]
    assert DailyEntry.objects.get(user=user, date=today).back_pain is None


def test_each_change_costs_the_same_queries(patient_client, user, today):
    """Sending a long queue costs a fixed number of queries per change."""

    def queries(count):
        changes = [item_change("dose", today, at(5), **dose_fields()) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            assert statuses(send(patient_client, user, changes)) == ["saved"] * count
        return len(captured)

    queries(1)  # the day's entry is made by the first
    one, two, three = queries(1), queries(2), queries(3)
    # 12, one of them the patient's log version moving on (recovery/freshness.py).
    assert three - two == two - one <= 12


def test_a_device_clock_ahead_counts_as_now(patient_client, user, today):
    ahead = entry_change(
        today, (NOW + datetime.timedelta(days=2)).isoformat(), ["leg_pain"], leg_pain="9"
    )
    send(patient_client, user, [ahead])
    # A change made on the page a minute later still wins over it.
    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=False):
        patient_client.post(reverse("day", args=[today]), {"leg_pain": "4", "autosave": "leg_pain"})
    assert DailyEntry.objects.get(user=user, date=today).leg_pain == 4


def test_habits_follow_the_same_rule(patient_client, user, today):
    habit = Habit.objects.filter(is_active=True).first()
    phone = habit_change(today, at(60), habit, True)
    with time_machine.travel(NOW - datetime.timedelta(minutes=30), tick=False):
        patient_client.post(reverse("save_habits", args=[today]), {})  # unticked, online
        patient_client.post(reverse("save_habits", args=[today]), {"habits-habits": [habit.pk]})
        patient_client.post(reverse("save_habits", args=[today]), {})
    assert statuses(send(patient_client, user, [phone])) == ["later"]
    assert not HabitLog.objects.filter(user=user).exists()
    untick_later = habit_change(today, at(5), habit, True)
    assert statuses(send(patient_client, user, [untick_later])) == ["saved"]
    assert HabitLog.objects.filter(user=user, habit=habit).exists()


# The endpoint's guards


def test_another_accounts_changes_are_never_applied(patient_client, user, other_user, today):
    change = entry_change(today, at(1), ["leg_pain"], leg_pain="5")
    response = send(patient_client, user, [change], account=sync.account_tag(other_user))
    assert response.status_code == 409
    assert not DailyEntry.objects.exists()


def test_signed_out_changes_wait_for_sign_in(client, user, today):
    response = send(client, user, [entry_change(today, at(1), ["leg_pain"], leg_pain="5")])
    assert response.status_code == 302
    assert not DailyEntry.objects.exists()


def test_the_security_token_is_required(user, today):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = send(client, user, [entry_change(today, at(1), ["leg_pain"], leg_pain="5")])
    assert response.status_code == 403
    assert not DailyEntry.objects.exists()


def test_too_much_at_once_is_refused(patient_client, user, today):
    many = [entry_change(today, at(1), ["leg_pain"], leg_pain="5")] * (sync.MAX_CHANGES + 1)
    assert send(patient_client, user, many).status_code == 413
    big = [entry_change(today, at(1), ["note"], note="x" * sync.MAX_BYTES)]
    assert send(patient_client, user, big).status_code == 413
    assert not DailyEntry.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"changes": {}}',
        '{"account": "x"}',
        "[" * 100_000,
        '{"a":' * 50_000,
        # Readable, but an answer echoing the id could not be written back.
        '{"changes": [{"id": ' + "[" * 9952 + "]" * 9952 + "}]}",
        '{"changes": [{"id": ' + "[" * 40 + "]" * 40 + "}]}",
    ],
)
def test_a_body_that_cannot_be_read(patient_client, body):
    response = patient_client.post(reverse("sync"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": "The changes could not be read."}


# One change the server cannot take is answered on its own; the rest of the queue goes on.


@pytest.mark.parametrize(
    "bad",
    [
        # Times no calendar holds once turned to UTC
        lambda today: entry_change(today, "0001-01-01T00:00:00+23:59", ["leg_pain"], leg_pain="5"),
        lambda today: entry_change(today, "9999-12-31T23:59:59-23:59", ["leg_pain"], leg_pain="5"),
        lambda today: habit_change(today, "0001-01-01T00:30:00+01:00", Habit.objects.first(), True),
        # A broken character (half an emoji's surrogate pair), in a note, a name, a key
        lambda today: entry_change(today, at(20), ["note"], note="sharp \ud83d today"),
        lambda today: item_change("dose", today, at(20), **dose_fields() | {"time": "\udfff"}),
        lambda today: entry_change(today, at(20), ["leg_pain"], **{"leg_pain\ud800": "5"}),
        # A field given twice is not settled by its last value
        lambda today: {
            **habit_change(today, at(20), Habit.objects.first(), True),
            "fields": {"habit": str(Habit.objects.first().pk), "done": ["1", "0"]},
        },
        lambda today: entry_change(today, at(20), ["leg_pain"], leg_pain=["3", "7"]),
        lambda today: item_change(
            "dose", today, at(20), **dose_fields() | {"amount_mg": ["1", "2"]}
        ),
        # A habit beyond any id the database holds (PostgreSQL would refuse it with an error)
        lambda today: {
            **habit_change(today, at(20), Habit.objects.first(), True),
            "fields": {"habit": "9" * 20, "done": "0"},
        },
        lambda today: {**entry_change(today, at(20), ["leg_pain"], leg_pain="5"), "id": "7" * 65},
    ],
)
def test_one_change_that_cannot_be_taken_never_blocks_the_queue(patient_client, user, today, bad):
    good = entry_change(today, at(10), ["back_pain"], back_pain="2")
    queue = [bad(today), good]
    # json.dumps would escape the backslashes written above: the text goes as a browser's
    # JSON.stringify writes a lone surrogate, as the escape \ud83d.
    text = json.dumps({"account": sync.account_tag(user), "changes": queue})
    text = text.replace("\\\\u", "\\u")
    response = patient_client.post(reverse("sync"), text, content_type="application/json")
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["refused", "saved"]
    assert results[0]["message"]
    entry = DailyEntry.objects.get(user=user, date=today)
    assert entry.back_pain == 2 and entry.leg_pain is None and entry.note == ""
    assert not HabitLog.objects.filter(user=user).exists()
    assert not MagnesiumDose.objects.filter(user=user).exists()


def test_a_change_the_checks_miss_is_answered_not_a_server_error(
    patient_client, user, today, monkeypatch
):
    def breaks(*args):
        raise OverflowError("a case nobody foresaw")

    monkeypatch.setitem(sync.APPLY, "food", breaks)
    queue = [
        item_change("food", today, at(11), food="1", servings="1"),
        entry_change(today, at(10), ["back_pain"], back_pain="2"),
    ]
    results = send(patient_client, user, queue).json()["results"]
    assert [(r["status"], r["message"]) for r in results] == [
        ("refused", "This change could not be applied."),
        ("saved", "Sent."),
    ]


def test_the_account_tag_is_on_signed_in_responses_only(client, user):
    signed_out = client.get(reverse("login"))
    assert "X-Account" not in signed_out
    client.force_login(user)
    signed_in = client.get(reverse("today"))
    assert signed_in["X-Account"] == sync.account_tag(user)
    # When each was served, to the millisecond: a later answer outranks an earlier one.
    assert int(signed_in["X-Served-At"]) == NOW.timestamp() * 1000
    assert int(signed_out["X-Served-At"]) == NOW.timestamp() * 1000


def test_the_day_page_says_its_day_and_time_zone(patient_client, user, today):
    response = patient_client.get(reverse("today"))
    assert response["X-Day"] == today.isoformat()
    assert response["X-Timezone"] == user.profile.timezone
