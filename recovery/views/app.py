"""What makes the site an installable app: its manifest, its service worker (served from
the root, so that it may look after every page) and the page it shows offline."""

import datetime
import hashlib
import json
import re
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control

THEME = "#0a58ca"
# What the service worker keeps for use without a connection.
PRECACHED = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "js/menu.js",
    "vendor/htmx/htmx.min.js",
    "css/app.css",
    "js/day.js",
    "js/queue.js",
    "js/timezone.js",
    "js/register-sw.js",
    "js/practice.js",
    "favicon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/maskable-512.png",
)


def manifest(request):
    icon = {"type": "image/png", "purpose": "any"}
    document = {
        "id": "/",
        "name": "Sciatica Recovery Tracker",
        "short_name": "Recovery",
        "description": "A private daily log for recovering from sciatica.",
        "start_url": reverse("today"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": "#ffffff",
        "icons": [
            {**icon, "src": static("icons/icon-192.png"), "sizes": "192x192"},
            {**icon, "src": static("icons/icon-512.png"), "sizes": "512x512"},
            {
                "src": static("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(document, content_type="application/manifest+json")


def _version(contents):
    return hashlib.sha256(b"".join(contents)).hexdigest()[:16]


@lru_cache(maxsize=1)
def _deployed_version():
    return _version(_contents())


def _contents():
    contents = []
    for path in PRECACHED:
        found = finders.find(path)
        with open(found, "rb") as file:
            contents.append(file.read())
    return contents


@cache_control(no_cache=True)
def service_worker(request):
    """The worker's code with its settings: what to keep, and a version that changes with
    the kept files' contents, so that a deploy replaces the old copies."""
    version = _version(_contents()) if settings.DEBUG else _deployed_version()
    today = reverse("today")
    day_prefix = reverse("day", args=[datetime.date(2000, 1, 1)]).removesuffix("2000-01-01/")
    config = {
        "version": version,
        "today": today,
        "day_prefix": day_prefix,
        # The check-in pages it keeps for use offline: today's, and any day's.
        "day_page": f"^(?:{re.escape(today)}|{re.escape(day_prefix)}\\d{{4}}-\\d{{2}}-\\d{{2}}/)$",
        "practice_page": f"^{re.escape(reverse('practice'))}(?:breathe/\\d+/|stretch/)?$",
        "precache": [static(path) for path in PRECACHED] + [reverse("offline")],
        "offline": reverse("offline"),
        "icon": static("icons/icon-192.png"),
        "static": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else "/" + settings.STATIC_URL,
    }
    with open(finders.find("js/service-worker.js"), encoding="utf-8") as source:
        code = source.read()
    code = code.replace("const CONFIG = {};", f"const CONFIG = {json.dumps(config)};", 1)
    return HttpResponse(code, content_type="text/javascript; charset=utf-8")


def offline(request):
    # Kept by the service worker for everyone who uses this device: nothing in it may belong
    # to whoever was signed in when it was fetched.
    return render(request, "offline.html", {"user": AnonymousUser()})
