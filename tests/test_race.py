"""Requests that arrive at the same moment (two tabs, a double tap, a retried upload)
leave what one request would have left. Real threads, each with its own connection, on
PostgreSQL and on SQLite (whose test database is a file for this: tests/conftest.py)."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from recovery import daylog, email_confirmation
from recovery.days import local_today
from recovery.models import DailyEntry, MagnesiumDose
from tests.concurrency import at_once
from tests.factories import PASSWORD, MagnesiumDoseFactory, UserFactory

ROUNDS = 3

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("starting_catalog")]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def post_at_once(clients, url, data_for=lambda: {}):
    """The same POST from each client at once; every answer must be a page or a redirect."""
    statuses = []

    def post(client):
        statuses.append(client.post(url, data_for()).status_code)

    at_once(*[(lambda c=c: post(c)) for c in clients])
    assert len(statuses) == len(clients)
    assert set(statuses) <= {200, 302}, statuses


@pytest.fixture(autouse=True)
def needs_concurrent_transactions():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a connection per thread: SQLite in a file, or PostgreSQL")


@pytest.mark.parametrize("round_", range(5))
def test_two_saves_make_one_entry(user, round_):
    day = datetime.date(2026, 3, 1) + datetime.timedelta(days=round_)
    at_once(
        lambda: daylog.save_entry(user, day, {"leg_pain": 3}),
        lambda: daylog.save_entry(user, day, {"leg_pain": 7}),
    )
    entries = DailyEntry.objects.filter(user=user, date=day)
    assert entries.count() == 1
    assert entries.get().leg_pain in (3, 7)


@pytest.mark.parametrize("round_", range(5))
def test_two_first_items_make_one_entry(user, round_):
    day = datetime.date(2026, 4, 1) + datetime.timedelta(days=round_)
    at_once(lambda: daylog.ensure_entry(user, day), lambda: daylog.ensure_entry(user, day))
    assert DailyEntry.objects.filter(user=user, date=day).count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_fifty_taps_on_repeat_copy_the_doses_once(user, round_):
    today = local_today("UTC") - datetime.timedelta(days=10 * round_)
    yesterday = today - datetime.timedelta(days=1)
    MagnesiumDoseFactory(user=user, date=yesterday)
    MagnesiumDoseFactory(user=user, date=yesterday, amount_mg=150)
    clients = [signed_in(user) for _ in range(50)]
    post_at_once(clients, reverse("repeat", args=[today, "dose"]))
    assert MagnesiumDose.objects.filter(user=user, date=today).count() == 2


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_file_imported_ten_times_at_once_adds_its_rows_once(user, round_):
    doses = [
        {"date": f"2026-0{round_ + 1}-0{n}", "form": "Magnesium glycinate", "amount_mg": "100.0"}
        | {"amount_basis": "elemental", "time": None}
        for n in range(1, 6)
    ]
    content = json.dumps({"format": "sciatica-recovery-tracker", "version": 1, "doses": doses})
    clients = [signed_in(user) for _ in range(10)]

    def upload():
        file = SimpleUploadedFile("log.json", content.encode(), "application/json")
        return {"file": file, "password": PASSWORD}

    post_at_once(clients, reverse("import"), upload)
    assert MagnesiumDose.objects.filter(user=user).count() == 5


SIGNUP = {
    "username": "maria",
    "password1": "a-much-longer-passphrase",
    "password2": "a-much-longer-passphrase",
    "timezone": "UTC",
}


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_twenty_sign_ups_with_one_username_make_one_account(db, round_):
    username = f"maria{round_}"
    data = SIGNUP | {"username": username}
    clients = [Client() for _ in range(20)]
    counter = iter(range(100))
    post_at_once(
        clients, reverse("signup"), lambda: data | {"email": f"m{next(counter)}@example.com"}
    )
    assert get_user_model().objects.filter(username=username).count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_twenty_sign_ups_with_one_email_confirm_it_for_one_account(db, round_):
    email = f"shared{round_}@example.com"
    clients = [Client() for _ in range(20)]
    counter = iter(range(100))
    post_at_once(
        clients,
        reverse("signup"),
        lambda: SIGNUP | {"username": f"m{round_}-{next(counter)}", "email": email},
    )
    links = [
        m.body.split("http://testserver")[1].split()[0] for m in mail.outbox if m.to == [email]
    ]
    assert len(links) == 20  # nobody could tell from the page that the address was taken
    at_once(*[(lambda link=link: Client().post(link)) for link in links])
    assert get_user_model().objects.filter(email__iexact=email).count() == 1


def test_two_confirmations_of_one_address_at_once_leave_it_with_one(db):
    first, second = UserFactory(email=""), UserFactory(email="")
    for user in (first, second):
        user.profile.pending_email = "both@example.com"
        user.profile.save()
    at_once(
        lambda: email_confirmation.confirm(first.pk, "both@example.com"),
        lambda: email_confirmation.confirm(second.pk, "both@example.com"),
    )
    assert get_user_model().objects.filter(email="both@example.com").count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_twenty_copies_of_one_add_log_one_dose(user, round_):
    import uuid

    from recovery.models import MagnesiumForm

    today = local_today("UTC") - datetime.timedelta(days=round_)
    data = {
        "dose-key": str(uuid.uuid4()),
        "dose-form": MagnesiumForm.objects.get(name="Magnesium glycinate").pk,
        "dose-amount_mg": "200",
        "dose-amount_basis": "elemental",
    }
    clients = [signed_in(user) for _ in range(20)]
    post_at_once(clients, reverse("add_item", args=[today, "dose"]), lambda: data)
    assert MagnesiumDose.objects.filter(user=user, date=today).count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_twenty_adds_of_one_new_medicine_save_it_once_and_tell_the_rest(user, round_):
    from recovery.models import Medicine

    name = f"Compounded cream {round_}"
    clients = [signed_in(user) for _ in range(20)]
    pages = []

    def add(client):
        response = client.post(
            reverse("medicines"),
            {"name": name, "unit": "mg", "group": "other", "route": "oral", "is_active": "on"},
        )
        pages.append(response)

    at_once(*[(lambda c=c: add(c)) for c in clients])
    assert sorted(page.status_code for page in pages) == [200] * 19 + [302]
    assert Medicine.objects.filter(owner=user, name__iexact=name).count() == 1
    refused = [page for page in pages if page.status_code == 200]
    for page in refused:
        assert "You have a medicine of this name already." in page.content.decode()
