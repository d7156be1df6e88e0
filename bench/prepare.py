"""Fills the database named by DATABASE_URL for one benchmark case and prints, as JSON,
what the load tool needs (session cookies) and the queries each page runs.

Run by bench/run.py; usage: prepare.py OTHER_PATIENTS
"""

import json
import os
import secrets
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.pages import PAGES, entry_form  # noqa: E402
from recovery import demo  # noqa: E402
from recovery.days import local_today  # noqa: E402

THREE_YEARS = 3 * 365


def session_for(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def count_queries(user, today):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    counts = {}
    for name, method, path in PAGES:
        path = path.format(today=today.isoformat())
        if method == "MIX":  # two pages in turn: counted on their own
            counts[name] = None
            continue
        with CaptureQueriesContext(connection) as captured:
            if method == "POST":
                client.post(path, entry_form())
            else:
                client.get(path)
        counts[name] = len(captured)
    return counts


def main(other_patients):
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    today = local_today("UTC")
    summary = demo.seed(other_patients, THREE_YEARS, today=today, progress=lambda line: None)
    recent = demo.add_patient("demo-30", 30, today)
    patients = {"30 days": recent, "3 years": demo.get_user_model().objects.get(username="demo")}
    # Freshly bulk-loaded tables have no planner statistics until autovacuum gets to them;
    # a database in service has them, so measure with them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seeded = time.monotonic() - started
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    print(
        json.dumps(
            {
                "seconds_to_seed": round(seeded, 1),
                "rows_seeded": summary["rows"],
                "today": today.isoformat(),
                "csrf": csrf,
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "patients": {
                    history: {"session": session_for(user), "queries": count_queries(user, today)}
                    for history, user in patients.items()
                },
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
