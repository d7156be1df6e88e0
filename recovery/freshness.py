"""Whether what was worked out from a patient's log still holds.

Every change to a patient's log (an answer, an item added or removed, a habit, a weekly
check, a medicine of their own, their settings) adds one to their profile's `log_version`;
a change to a catalog adds one to everybody's (rare: curators' edits). What is worked out
from the whole log (the dashboard, the insights) is kept in the cache under the patient,
their version and the day, so a page after any change is worked out afresh, and a page with
nothing changed is not. Writes that bypass the models' signals (bulk inserts) call `touch`
themselves; tests/test_freshness.py walks every writing page.

The key also carries when the profile was made: an account deleted and another made in its
place (SQLite may reuse the id) can never be shown the first one's page.
"""

import threading
import zlib
from contextlib import contextmanager

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import mark_safe

from .models import (
    CoSupplement,
    CoSupplementLog,
    DailyEntry,
    Exercise,
    ExerciseSession,
    Food,
    FoodLog,
    Habit,
    HabitLog,
    MagnesiumDose,
    MagnesiumForm,
    Medicine,
    MedicineDose,
    Profile,
    TimelinePhase,
    WeeklyCheck,
)

KEPT_FOR = 60 * 60  # seconds; a version moved on is never read again anyway
LOGS = (
    DailyEntry,
    MagnesiumDose,
    ExerciseSession,
    FoodLog,
    HabitLog,
    CoSupplementLog,
    MedicineDose,
    WeeklyCheck,
)
CATALOGS = (MagnesiumForm, Exercise, Food, Habit, CoSupplement, TimelinePhase)


# Accounts being deleted, whose thousands of rows need no one touch each.
_leaving = threading.local()


def touch(user_id):
    if user_id in getattr(_leaving, "ids", ()):
        return
    Profile.objects.filter(user_id=user_id).update(log_version=F("log_version") + 1)


def touch_everybody():
    Profile.objects.update(log_version=F("log_version") + 1)


def key(what, profile, *parts):
    made = profile.created_at.timestamp()
    return ":".join(map(str, (what, profile.user_id, f"{made:.6f}", profile.log_version, *parts)))


def kept(what, profile, parts, work):
    """`work()`'s result, from the cache while the patient's log has not changed."""
    name = key(what, profile, *parts)
    found = cache.get(name)
    if found is None:
        found = work()
        cache.set(name, found, KEPT_FOR)
    return found


def kept_html(what, profile, parts, render):
    """As `kept`, for a rendered part of a page: kept compressed (a three-year dashboard is
    some 200 KB of HTML, a tenth of that compressed) and handed back as the safe HTML it was."""
    packed = kept(what, profile, parts, lambda: zlib.compress(str(render()).encode(), 1))
    return mark_safe(zlib.decompress(packed).decode())


def _log_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(instance.user_id)


def _medicine_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.owner_id:
        touch(instance.owner_id)
    else:
        touch_everybody()


def _catalog_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_everybody()


def _profile_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Its start date, time zone, sex and age band shape the pages (the version's own
    # update goes by QuerySet.update, which sends no signal).
    if not raw:
        touch(instance.user_id)


@contextmanager
def leaving(user_ids):
    """While these accounts are being deleted, their rows' signals touch nothing."""
    before = getattr(_leaving, "ids", frozenset())
    _leaving.ids = before | set(user_ids)
    try:
        yield
    finally:
        _leaving.ids = before


def connect():
    for model in LOGS:
        post_save.connect(_log_changed, sender=model, dispatch_uid=f"fresh-{model.__name__}")
        post_delete.connect(_log_changed, sender=model, dispatch_uid=f"gone-{model.__name__}")
    post_save.connect(_medicine_changed, sender=Medicine, dispatch_uid="fresh-medicine")
    post_delete.connect(_medicine_changed, sender=Medicine, dispatch_uid="gone-medicine")
    for model in CATALOGS:
        post_save.connect(_catalog_changed, sender=model, dispatch_uid=f"fresh-{model.__name__}")
    post_save.connect(_profile_saved, sender=Profile, dispatch_uid="fresh-profile")
