"""Where a page's time goes, in process: the shares spent in the database and the ORM, in
templates and form widgets, in the app's own code, and in everything else (sessions,
authentication, middleware, URL routing), each function's own time counted once; and, across
those, the share spent under crispy-forms' filters (its templates, widgets and all). Run by
bench/run.py on the database it has just measured, to explain a target missed; prints JSON.

Usage: time_shares.py USERNAME PATH [PATH ...]   (GET; "POST:/day/…/" saves the entry form)
"""

import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from bench.pages import entry_form  # noqa: E402

REQUESTS = 40
BUCKETS = [
    ("database and ORM", ("/django/db/", "psycopg", "sqlite3")),
    (
        "templates and widgets",
        ("/django/template/", "/django/forms/", "/django/utils/html", "/crispy_forms/"),
    ),
    ("app code", ("/recovery/",)),
]
OTHER = "sessions, auth, middleware, the rest"
CRISPY_FILTERS = ("as_crispy_form", "as_crispy_field")


def bucket(function):
    filename, _, name = function
    where = f"{filename} {name}"
    for label, marks in BUCKETS:
        if any(mark in where for mark in marks):
            return label
    return OTHER


def request(client, target):
    method, _, path = target.rpartition(":")
    if method == "POST":
        return client.post(path, entry_form())
    return client.get(path)


def profile(client, target):
    for _ in range(3):  # warm: imports, template loading, the page cache as wrk sees it
        request(client, target)
    started = time.perf_counter()
    for _ in range(REQUESTS):
        request(client, target)
    milliseconds = (time.perf_counter() - started) / REQUESTS * 1000
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        request(client, target)
    profiler.disable()
    shares = dict.fromkeys([label for label, _ in BUCKETS] + [OTHER], 0.0)
    stats = pstats.Stats(profiler).stats
    for function, (_, _, own_time, _, callers) in stats.items():
        label = bucket(function)
        if label == OTHER and function[0] == "~" and callers:
            # A built-in (getattr, str.join…) counts for whoever called it.
            for caller, (_, _, time_for_caller, _) in callers.items():
                shares[bucket(caller)] += time_for_caller
        else:
            shares[label] += own_time
    total = sum(shares.values()) or 1
    crispy = sum(
        entry[3]
        for function, entry in stats.items()
        if "/crispy_forms/" in function[0] and function[2] in CRISPY_FILTERS
    )
    return {
        "page": target,
        "ms": milliseconds,
        "shares": {label: seconds / total for label, seconds in shares.items()},
        "under crispy-forms": crispy / total,
    }


def main(username, targets):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    print(json.dumps([profile(client, target) for target in targets]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
