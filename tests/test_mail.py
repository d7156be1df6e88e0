"""Email is queued in the database by the request and sent by the worker, after it."""

import pytest
from django.core import mail
from django.core.management import call_command
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
