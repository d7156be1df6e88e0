"""Reminders: at the patient's local time across clock changes and moves, only for days not
yet logged, never twice, no health data, a one-click unsubscribe, and a question after 7
ignored in a row."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse

from recovery.models import Reminder, ReminderSent
from recovery.reminders import links, schedule
from tests.factories import DailyEntryFactory, UserFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """The command's work; reminders are queued once their row is committed."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return schedule.dispatch()

    return run


def patient(tz="Europe/Berlin", at=datetime.time(20, 0), weekdays=0b111_1111, now=None):
    user = UserFactory(email=f"p{UserFactory._meta.model.objects.count()}@example.com")
    user.profile.timezone = tz
    user.profile.save()
    reminder = Reminder(user=user, enabled=True, at=at, weekdays=weekdays)
    schedule.reschedule(reminder, now or datetime.datetime.now(UTC))
    reminder.save()
    return user, reminder


def run_every_five_minutes(start, end, capture):
    """The command as cron would run it, from `start` to `end`."""
    moment = start
    while moment <= end:
        with time_machine.travel(moment, tick=False), capture(execute=True):
            schedule.dispatch()
        moment += datetime.timedelta(minutes=5)


def local_times(user):
    zone = zoneinfo.ZoneInfo(user.profile.timezone)
    return [
        (sent.date, sent.sent_at.astimezone(zone).strftime("%H:%M"))
        for sent in ReminderSent.objects.filter(user=user).order_by("date")
    ]


# The right local time, across clock changes


@pytest.mark.parametrize(
    "tz, change_day",
    [
        ("Europe/Berlin", datetime.date(2026, 10, 25)),
        ("America/New_York", datetime.date(2026, 11, 1)),
    ],
)
def test_the_same_local_time_either_side_of_the_clocks_going_back(
    tz, change_day, django_capture_on_commit_callbacks
):
    start = datetime.datetime.combine(
        change_day - datetime.timedelta(days=2), datetime.time(0), UTC
    )
    with time_machine.travel(start, tick=False):
        user, _ = patient(tz, now=start)
    run_every_five_minutes(
        start, start + datetime.timedelta(days=5), django_capture_on_commit_callbacks
    )
    days = [change_day + datetime.timedelta(days=n) for n in (-2, -1, 0, 1)]
    # Sent within the five minutes after 20:00 local, on each day, once.
    assert [day for day, _ in local_times(user)][:4] == days
    assert all("20:00" <= time < "20:05" for _, time in local_times(user))
    assert len(mail.outbox) == len(local_times(user))


def test_a_local_time_the_clock_skips_is_sent_when_the_clock_jumps():
    user, reminder = patient("Europe/Berlin", at=datetime.time(2, 30))
    night = datetime.datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # the day before summer time
    due = schedule.next_due(reminder, "Europe/Berlin", night)
    # 02:30 does not exist on 29 March in Berlin (02:00 became 03:00): it goes at 03:30.
    assert due == datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    after = schedule.next_due(reminder, "Europe/Berlin", due)
    assert after.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).time() == datetime.time(2, 30)


def test_only_on_the_chosen_weekdays():
    monday_and_thursday = 0b000_1001
    user, reminder = patient(
        weekdays=monday_and_thursday, now=datetime.datetime(2026, 11, 24, tzinfo=UTC)
    )
    due = schedule.next_due(reminder, "Europe/Berlin", datetime.datetime(2026, 11, 24, tzinfo=UTC))
    assert due.date() == datetime.date(2026, 11, 26)  # the Thursday after Tuesday 24th


def test_a_patient_who_moves_keeps_their_local_time():
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        user, reminder = patient("Europe/Berlin", now=now)
        assert reminder.next_due == datetime.datetime(2026, 11, 23, 19, 0, tzinfo=UTC)
        user.profile.timezone = "Asia/Tokyo"
        user.profile.save()
    reminder.refresh_from_db()
    # 09:00 UTC is 18:00 in Tokyo: 20:00 there is two hours away.
    assert reminder.next_due == datetime.datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


# Only when it helps, and never twice


def test_a_day_already_logged_gets_no_reminder(django_capture_on_commit_callbacks):
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        user, _ = patient(now=now)
    DailyEntryFactory(user=user, date=datetime.date(2026, 11, 23))
    run_every_five_minutes(
        now, now + datetime.timedelta(hours=12), django_capture_on_commit_callbacks
    )
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_running_twice_in_the_same_minute_sends_once(dispatch):
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        user, reminder = patient(now=now)
    # Yesterday's reminder went unanswered: today's counts it, once.
    ReminderSent.objects.create(user=user, date=datetime.date(2026, 11, 22), channel="email")
    with time_machine.travel(reminder.next_due + datetime.timedelta(seconds=30), tick=False):
        assert dispatch() == 1
        assert dispatch() == 0
        # Even if two runs both found it due: the row for the day and channel is unique.
        Reminder.objects.filter(pk=reminder.pk).update(next_due=reminder.next_due)
        assert dispatch() == 0
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.ignored_in_row == 1


def test_a_late_run_sends_nothing_at_the_wrong_time(dispatch):
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        user, reminder = patient(now=now)
    with time_machine.travel(reminder.next_due + datetime.timedelta(hours=3), tick=False):
        assert dispatch() == 0
    reminder.refresh_from_db()
    assert reminder.next_due == datetime.datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
    assert mail.outbox == []


def test_finding_who_is_due_is_one_query(django_assert_num_queries):
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        for _ in range(5):
            patient(now=now)
    with django_assert_num_queries(1):
        assert len(list(schedule.due(now + datetime.timedelta(hours=11)))) == 5


# What the message says, and how to stop it


def test_the_email_holds_no_health_data_and_a_one_click_unsubscribe(client, dispatch):
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        user, reminder = patient(now=now)
        DailyEntryFactory(
            user=user, date=datetime.date(2026, 11, 22), note="secret flare", leg_pain=9
        )
    with time_machine.travel(reminder.next_due, tick=False):
        dispatch()
    (message,) = mail.outbox
    assert message.subject == "Time for today's check-in"
    words = re.sub(r"https?://\S+", "", message.subject + message.body)
    assert "secret" not in words and not re.search(r"\d", words)  # no note, no score
    assert "/today/" in message.body
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.removeprefix("http://127.0.0.1:8000")
    # A mail program's one-click POST, with no session and no security token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reminder.refresh_from_db()
    assert not reminder.enabled and reminder.next_due is None


def test_the_unsubscribe_link_asks_first_and_can_be_used_again(client):
    user, reminder = patient()
    path = reverse("unsubscribe", args=[links.unsubscribe_token(user)])
    assert "Stop reminders" in client.get(path).content.decode()
    reminder.refresh_from_db()
    assert reminder.enabled  # a mail scanner's GET changes nothing
    client.post(path)
    again = client.get(path).content.decode()
    assert "already off" in again
    assert client.post(path).status_code == 200


def test_a_forged_or_altered_link_stops_nobody(client):
    user, reminder = patient()
    other, theirs = patient()
    token = links.unsubscribe_token(user)
    # The other patient's id in place of this one's, under this one's signature.
    theirs_id = signing.b64_encode(str(other.pk).encode()).decode()
    forged = theirs_id + token[token.index(":") :]
    assert forged != token
    for bad in (forged, token[:-2] + "xx", "nonsense"):
        assert client.post(reverse("unsubscribe", args=[bad])).status_code == 404
    for row in (reminder, theirs):
        row.refresh_from_db()
        assert row.enabled


# Seven ignored in a row


def test_after_seven_ignored_it_asks_and_then_waits(client, django_capture_on_commit_callbacks):
    start = datetime.datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        user, reminder = patient(now=start)
    run_every_five_minutes(
        start, start + datetime.timedelta(days=10), django_capture_on_commit_callbacks
    )
    subjects = [message.subject for message in mail.outbox]
    assert subjects == ["Time for today's check-in"] * 7 + ["Keep the check-in reminders?"]
    assert "last 7 reminders went without a check-in" in mail.outbox[-1].body
    reminder.refresh_from_db()
    assert reminder.asked_to_pause and reminder.next_due is None

    client.force_login(user)
    page = client.get(reverse("reminders")).content.decode()
    assert "Keep reminding me" in page
    with time_machine.travel(start + datetime.timedelta(days=10, hours=1), tick=False):
        client.post(reverse("reminders"), {"answer": "keep"})
    reminder.refresh_from_db()
    assert not reminder.asked_to_pause and reminder.ignored_in_row == 0
    assert reminder.next_due == datetime.datetime(2026, 11, 11, 19, 0, tzinfo=UTC)


def test_a_logged_day_resets_the_count(django_capture_on_commit_callbacks):
    start = datetime.datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        user, reminder = patient(now=start)
    run_every_five_minutes(
        start, start + datetime.timedelta(days=5), django_capture_on_commit_callbacks
    )
    DailyEntryFactory(user=user, date=datetime.date(2026, 11, 5))  # answered the 5th, late
    run_every_five_minutes(
        start + datetime.timedelta(days=5),
        start + datetime.timedelta(days=9),
        django_capture_on_commit_callbacks,
    )
    reminder.refresh_from_db()
    assert reminder.ignored_in_row == 3  # the 6th, 7th and 8th
    assert not reminder.asked_to_pause


# The page


def test_turning_reminders_on(client):
    user = UserFactory(email="ana@example.com")
    client.force_login(user)
    assert "Remind me to check in" in client.get(reverse("reminders")).content.decode()
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        response = client.post(
            reverse("reminders"),
            {"enabled": "on", "at": "21:30", "days": ["0", "1", "2", "3", "4"], "by_email": "on"},
        )
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=user)
    assert reminder.weekdays == 0b001_1111
    assert reminder.next_due == datetime.datetime(2026, 11, 23, 21, 30, tzinfo=UTC)  # UTC profile


def test_the_page_refuses_what_cannot_work(client):
    user = UserFactory(email="")
    client.force_login(user)
    response = client.post(reverse("reminders"), {"enabled": "on", "at": "20:00"})
    page = response.content.decode()
    assert "Choose at least one day." in page
    assert "Choose how to be reminded." in page
    response = client.post(
        reverse("reminders"), {"enabled": "on", "at": "20:00", "days": ["0"], "by_email": "on"}
    )
    page = response.content.decode()
    assert "Confirm your email address first" in page
    # Said plainly, and nothing on the page pretends the refused settings are in force.
    assert "Not saved: see the notes below." in page
    assert "nothing can reach you" not in page and "Next reminder" not in page
    assert not Reminder.objects.filter(user=user, enabled=True).exists()
