import os
import subprocess
import sys

import pytest
from django.contrib.staticfiles import finders

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdef",
    "ALLOWED_HOSTS": "recovery.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


# Set by the browser tests for their own process; a deployment never has it.
NOT_INHERITED = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_django(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_with_the_development_key():
    result = run_django(["check"], **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_an_smtp_server_fails_the_checklist():
    result = run_django(["check", "--deploy"], **{**PRODUCTION, "EMAIL_HOST": ""})
    assert result.returncode != 0
    assert "development-only email backend" in result.stderr


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/chart.js/chart.umd.min.js",
        "vendor/chartjs-plugin-annotation/chartjs-plugin-annotation.min.js",
        "vendor/htmx/htmx.min.js",
    ],
)
def test_front_end_libraries_are_served_from_npm_packages(path):
    assert finders.find(path), f"{path} not found: run bin/setup to install the npm packages"


def test_the_browsers_favicon_request_finds_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")


def test_the_health_check_answers_without_a_login(client, db):
    response = client.get("/healthz/")
    assert (response.status_code, response.content) == (200, b"ok")
