import importlib
import os

import pytest
from django.apps import apps

from tests.factories import UserFactory


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


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
