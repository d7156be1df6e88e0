"""Two saves of the same day at the same moment (two tabs, a double tap) leave one entry."""

import datetime
import threading

import pytest
from django.db import connection, connections

from recovery import daylog
from recovery.models import DailyEntry

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []


@pytest.fixture(autouse=True)
def needs_concurrent_transactions():
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database running transactions side by side (PostgreSQL)")


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
