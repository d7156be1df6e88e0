"""The installable app: its manifest, its service worker, its offline page, and logging out."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from recovery.views import app
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_manifest_starts_at_the_check_in(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/today/",
        "/",
        "standalone",
    )
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_every_page_names_the_manifest(client):
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").content.decode()


def test_the_service_worker_keeps_the_app_files_under_a_content_version(client, settings):
    response = client.get("/service-worker.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", response.content.decode())[1])
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    assert "/offline/" in config["precache"]
    assert "/static/css/app.css" in config["precache"]
    for path in app.PRECACHED:
        assert finders.find(path), path


def test_a_changed_file_gives_a_new_version(client, settings, monkeypatch):
    settings.DEBUG = True  # worked out on every request, as in development

    def version():
        body = client.get("/service-worker.js").content.decode()
        return json.loads(re.search(r"const CONFIG = (\{.*\});", body)[1])["version"]

    before = version()
    real = app._contents
    monkeypatch.setattr(app, "_contents", lambda: [*real()[:-1], b"a new icon"])
    assert version() != before


def test_the_offline_page_holds_nothing_of_the_signed_in_patient(patient_client, user):
    page = patient_client.get(reverse("offline")).content.decode()
    assert "No connection" in page
    assert user.username not in page and "Log out" not in page


def test_logging_out_clears_the_sites_data_on_the_device(patient_client):
    response = patient_client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert response.status_code == 302


def test_deleting_the_account_clears_the_sites_data_on_the_device(patient_client):
    response = patient_client.post(
        reverse("delete_account"), {"confirm": "on", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
