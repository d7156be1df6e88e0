"""Email is queued in the database by the request and sent by the worker, after it."""

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

# The worker runs outside any transaction and closes a connection it finds inside one, as
# the test's own would be; so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)


def test_a_password_reset_is_sent_by_the_worker_not_the_request(client, user, database_queue):
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1

    run_worker()
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "/accounts/reset/" in message.body


def test_an_unknown_address_queues_nothing_and_looks_the_same(client, user, database_queue):
    known = client.post(reverse("password_reset"), {"email": user.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    run_worker()
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_the_sign_up_confirmation_goes_through_the_queue(client, database_queue):
    client.post(
        reverse("signup"),
        {
            "username": "maria",
            "email": "maria@example.com",
            "password1": "a-much-longer-passphrase",
            "password2": "a-much-longer-passphrase",
            "timezone": "UTC",
        },
    )
    assert mail.outbox == []
    run_worker()
    assert mail.outbox[0].subject == "Confirm your email address for Recovery Tracker"


# What the queue holds, and what deleting an account leaves of it


def sign_up(client, username="maria", email="maria@example.com"):
    client.post(
        reverse("signup"),
        {
            "username": username,
            "email": email,
            "password1": "a-much-longer-passphrase",
            "password2": "a-much-longer-passphrase",
            "timezone": "UTC",
        },
    )
    return get_user_model().objects.get(username=username)


def queue_text():
    """Everything the queue's table holds, as text: arguments, results and errors."""
    return json.dumps(
        list(DBTaskResult.objects.values("args_kwargs", "return_value", "traceback")),
        cls=DjangoJSONEncoder,
    )


def test_a_queued_message_holds_no_address_and_is_written_when_sent(client, database_queue):
    user = sign_up(client)
    assert "maria@example.com" not in queue_text() and "maria" not in queue_text()
    assert "@" not in queue_text()
    run_worker()
    [message] = mail.outbox
    assert message.to == ["maria@example.com"]
    assert "Hello maria," in message.body
    # The link, made when sent, confirms the address.
    link = re.search(r"http://testserver(/\S+)", message.body)[1]
    client.post(link)  # the button on the page the link opens
    user.refresh_from_db()
    assert user.email == "maria@example.com"
    assert "maria@example.com" not in queue_text()


def test_a_password_reset_in_the_queue_holds_no_address_and_its_link_works(
    client, user, database_queue
):
    client.post(reverse("password_reset"), {"email": user.email})
    assert user.email not in queue_text() and "@" not in queue_text()
    run_worker()
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body)[1]
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()


def test_deleting_the_account_cancels_its_queued_mail_and_forgets_its_sign_ins(
    client, database_queue
):
    from axes.models import AccessAttempt, AccessLog

    user = sign_up(client)
    client.logout()
    client.post(reverse("login"), {"username": "maria", "password": "wrong"})
    client.post(reverse("login"), {"username": "maria", "password": "a-much-longer-passphrase"})
    assert AccessLog.objects.filter(username="maria").exists()
    client.post(reverse("password_reset"), {"email": "maria@example.com"})  # not confirmed: none
    other = sign_up(Client(), "other", "other@example.com")
    assert DBTaskResult.objects.count() == 2

    client.post(
        reverse("delete_account"), {"confirm": "on", "password": "a-much-longer-passphrase"}
    )
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not AccessLog.objects.filter(username="maria").exists()
    assert not AccessAttempt.objects.filter(username="maria").exists()
    # Only the other account's message is left, and only it is sent.
    assert [row.args_kwargs["kwargs"]["user_id"] for row in DBTaskResult.objects.all()] == [
        other.pk
    ]
    run_worker()
    assert [message.to for message in mail.outbox] == [["other@example.com"]]


def test_a_message_for_an_account_deleted_after_queuing_finds_no_one(client, database_queue):
    # As when a worker holds the task already: the account is gone by the time it runs.
    user = sign_up(client)
    queued = list(DBTaskResult.objects.all())
    get_user_model().objects.filter(pk=user.pk).delete()
    DBTaskResult.objects.bulk_create(queued)
    run_worker()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().return_value == "account deleted"


def test_an_administrator_deleting_an_account_cancels_its_reminders_too(
    client, database_queue, admin_client
):
    from recovery.models import ReminderSent
    from recovery.reminders.sending import send_reminder

    user = sign_up(client)
    other = sign_up(Client(), "other", "other@example.com")
    for patient in (user, other):
        sent = ReminderSent.objects.create(user=patient, date=datetime.date(2026, 11, 23))
        send_reminder.enqueue(sent.pk)
    assert DBTaskResult.objects.count() == 4

    admin_client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    left = DBTaskResult.objects.all()
    assert len(left) == 2
    assert {row.task_path.rsplit(".", 1)[1] for row in left} == {
        "send_account_email",
        "send_reminder",
    }
    assert other.pk in [row.args_kwargs["kwargs"].get("user_id") for row in left]


def test_mail_queued_by_the_version_before_is_rewritten_without_its_address(database_queue):
    """The upgrade's migration: sent rows go, waiting ones become the new task."""
    import importlib

    from django.apps import apps

    from tests.factories import UserFactory

    upgrade = importlib.import_module("recovery.migrations.0018_queued_mail_without_addresses")
    asked = UserFactory(email="")
    asked.profile.pending_email = "new@example.com"
    asked.profile.save()
    owner = UserFactory(email="owner@example.com")

    def old(to, status="READY"):
        body = "Open https://recovery.example/accounts/confirm/abc/ to go on."
        DBTaskResult.objects.create(
            task_path="recovery.mail.send_email",
            args_kwargs={"args": [], "kwargs": {"subject": "s", "body": body, "to": to}},
            status=status,
            backend_name="default",
            run_after=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )

    old("NEW@example.com")
    old("owner@example.com")
    old("owner@example.com", status="SUCCESSFUL")
    old("gone@example.com")
    upgrade.rewrite(apps, None)

    assert "@" not in queue_text()
    assert sorted(
        (row.args_kwargs["kwargs"]["user_id"], row.args_kwargs["kwargs"]["kind"])
        for row in DBTaskResult.objects.all()
    ) == sorted([(asked.pk, "confirmation"), (owner.pk, "password_reset")])
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "new@example.com",
        "owner@example.com",
    ]
    assert all("https://recovery.example/" in message.body for message in mail.outbox)


def test_deleting_an_account_forgets_its_name_however_typed_but_not_another_accounts(client, db):
    from axes.models import AccessAttempt, AccessFailureLog

    from tests.factories import PASSWORD, UserFactory

    user = UserFactory(username="maria", email="maria@example.com")
    other = UserFactory(username="Maria", email="other@example.com")
    for typed in ("maria", "MARIA", "maria@example.com", "Maria"):
        client.post(reverse("login"), {"username": typed, "password": "wrong"})
    assert set(AccessAttempt.objects.values_list("username", flat=True)) >= {"MARIA", "Maria"}

    client.force_login(user)
    client.post(reverse("delete_account"), {"confirm": "on", "password": PASSWORD})
    # The other account's own record stays.
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"Maria"}
    assert set(AccessFailureLog.objects.values_list("username", flat=True)) <= {"Maria"}
    assert get_user_model().objects.filter(pk=other.pk).exists()
