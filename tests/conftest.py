import importlib
import os
import shutil
import tempfile

import pytest
from django.apps import apps

from tests.factories import UserFactory
from tests.push_service import PushService

SHARED_MEMORY = "/dev/shm" if os.path.isdir("/dev/shm") else None


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite's test database in a file, not in memory. The live server answers the browser
    on threads of its own; with a database in memory they all share the test's single
    connection, and two requests at once (an autosave beside a "repeat") collide in one
    transaction. A file gives each thread its own connection, and SQLite's write lock
    queues them as it does for the app's workers. In shared memory where there is some,
    so the file costs no more time than memory did."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    folder = tempfile.mkdtemp(prefix="recovery-tests-", dir=SHARED_MEMORY)
    database.setdefault("TEST", {})["NAME"] = os.path.join(folder, "test.sqlite3")
    yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def nothing_kept_from_another_test():
    # Rolled-back tests reuse ids, and time travel can give two accounts one creation time.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    # Queued work (email) runs when queued, so tests see its effect; tests/test_mail.py
    # checks the real database queue and its worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def starting_catalog(transactional_db):
    """Tests in real transactions end by emptying the tables; this puts back what the data
    migration loads. (pytest-django's serialized_rollback does not survive Django 6's
    class-level loading: pytest-django issue 1117.)"""
    importlib.import_module("recovery.migrations.0002_starting_catalog").load_catalog(apps, None)
    importlib.import_module("recovery.migrations.0013_practice_catalog").guide_practice(apps, None)
    importlib.import_module("recovery.migrations.0015_medicine_catalog").load_medicines(apps, None)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def patient_client(client, user):
    client.force_login(user)
    return client


# CI sets REQUIRE_BROWSER_TESTS so that a machine without Chromium fails
# instead of quietly skipping everything that needs a real browser.
_browser_results = {"passed": 0, "skipped": []}


def pytest_runtest_logreport(report):
    if "tests/browser/" not in report.nodeid.replace("\\", "/"):
        return
    if report.skipped:
        _browser_results["skipped"].append(report.nodeid)
    elif report.when == "call" and report.passed:
        _browser_results["passed"] += 1


def pytest_sessionfinish(session, exitstatus):
    if not os.environ.get("REQUIRE_BROWSER_TESTS") or exitstatus != 0:
        return
    problem = None
    if _browser_results["skipped"]:
        problem = f"{len(_browser_results['skipped'])} browser test(s) were skipped"
    elif not _browser_results["passed"]:
        problem = "no browser test ran"
    if problem:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"REQUIRE_BROWSER_TESTS is set but {problem}.", red=True, bold=True)
        session.exitstatus = 1


@pytest.fixture
def push_service(settings):
    """A push service on this machine, and the only one the server may post to."""
    with PushService() as running:
        settings.PUSH_SERVICES = [running.url("")]
        yield running
