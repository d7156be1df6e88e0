"""How DATABASE_URL and DATABASE_POOL become the database connection, and the pool at work."""

import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.database import database_settings, pool_options
from tests.concurrency import at_once
from tests.factories import UserFactory

POSTGRES = "postgres://app:secret@db.example.org:5432/recovery"
SQLITE = "sqlite:///db.sqlite3"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("off", None),
        ("0", None),
        ("on", True),
        ("TRUE", True),
        ("4", {"min_size": 4, "max_size": 4}),
        ("2:8", {"min_size": 2, "max_size": 8}),
        (" 0:3 ", {"min_size": 0, "max_size": 3}),
    ],
)
def test_pool_sizes_are_read_from_the_variable(value, expected):
    assert pool_options(value) == expected


@pytest.mark.parametrize("value", ["many", "2:", "8:2", "0:0", "-1:4", "2:8:9"])
def test_a_pool_size_that_makes_no_sense_stops_the_start(value):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL"):
        pool_options(value)


def test_a_pooled_postgresql_lends_connections_instead_of_keeping_them():
    config = database_settings({"DATABASE_URL": POSTGRES, "DATABASE_POOL": "2:8"}, SQLITE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8}
    assert config["CONN_MAX_AGE"] == 0
    assert config["CONN_HEALTH_CHECKS"] is False
    assert config["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_without_a_pool_each_thread_keeps_its_connection_a_minute():
    config = database_settings({"DATABASE_URL": POSTGRES}, SQLITE)
    assert "pool" not in config["OPTIONS"]
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_sqlite_is_the_default_and_queues_its_writers():
    config = database_settings({}, SQLITE)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
@pytest.mark.usefixtures("starting_catalog")
def test_the_check_in_reads_its_lists_in_one_round_trip_each(patient_client):
    """Its choice fields' options come with their query, not through a server-side cursor
    (DECLARE, FETCH, CLOSE)."""
    if connection.vendor != "postgresql":
        pytest.skip("server-side cursors are PostgreSQL's")
    with CaptureQueriesContext(connection) as captured:
        assert patient_client.get(reverse("today")).status_code == 200
    assert not [query for query in captured if query["sql"].startswith("DECLARE")]


def test_sqlite_cannot_be_pooled():
    with pytest.raises(ImproperlyConfigured, match="needs PostgreSQL"):
        database_settings({"DATABASE_POOL": "on"}, SQLITE)


@pytest.mark.django_db(transaction=True)
def test_more_requests_at_once_than_pooled_connections_all_get_their_page():
    if not os.environ.get("DATABASE_POOL"):
        pytest.skip("runs where DATABASE_POOL is set (CI's PostgreSQL run)")
    pool = connection.pool
    assert pool is not None, "DATABASE_POOL is set but Django opened no pool"
    clients = []
    for _ in range(3 * pool.max_size):
        client = Client()
        client.force_login(UserFactory())
        clients.append(client)
    statuses = []
    at_once(*[(lambda c=c: statuses.append(c.get(reverse("home")).status_code)) for c in clients])
    assert statuses == [200] * len(clients)
    assert pool.get_stats()["pool_size"] <= pool.max_size
