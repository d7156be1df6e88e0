"""One day of a patient's log, loaded with a fixed number of queries, and its totals."""

import datetime
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import freshness, magnesium
from .models import (
    CoSupplementLog,
    DailyEntry,
    ExerciseSession,
    FoodLog,
    HabitLog,
    MagnesiumDose,
    MedicineDose,
    Profile,
)


@dataclass
class MagnesiumTotals:
    supplements_mg: Decimal = Decimal(0)  # oral only: what counts toward the upper limit
    # Baths and creams: how many, never an amount of magnesium (how much passes the skin is
    # not what the label says), and never counted.
    skin_doses: int = 0
    food_mg: Decimal = Decimal(0)

    @property
    def together_mg(self):
        return self.supplements_mg + self.food_mg


@dataclass
class Day:
    date: object
    entry: DailyEntry | None
    doses: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    foods: list = field(default_factory=list)
    habit_ids: set = field(default_factory=set)
    supplements: list = field(default_factory=list)
    medicines: list = field(default_factory=list)

    @property
    def totals(self):
        totals = MagnesiumTotals()
        for dose in self.doses:
            if dose.form.counts_toward_limit:
                totals.supplements_mg += dose.elemental_mg
            else:
                totals.skin_doses += 1
        totals.food_mg = magnesium.to_mg(sum((food.magnesium_mg for food in self.foods), 0))
        return totals

    @property
    def exercise_minutes(self):
        return sum(session.minutes for session in self.sessions)

    def items(self, kind):
        """The day's items of one kind, by the name its form and section go by."""
        return {
            "dose": self.doses,
            "session": self.sessions,
            "food": self.foods,
            "medicine": self.medicines,
            "supplement": self.supplements,
        }[kind]


def load_day(user, date):
    def mine(model):
        return model.objects.filter(user=user, date=date)

    return Day(
        date=date,
        entry=mine(DailyEntry).first(),
        doses=list(mine(MagnesiumDose).select_related("form").order_by("time", "pk")),
        sessions=list(mine(ExerciseSession).select_related("exercise")),
        foods=list(mine(FoodLog).select_related("food")),
        habit_ids=set(mine(HabitLog).values_list("habit_id", flat=True)),
        supplements=list(mine(CoSupplementLog).select_related("supplement")),
        medicines=list(mine(MedicineDose).select_related("medicine").order_by("time", "pk")),
    )


def ensure_entry(user, date):
    """The day's entry, created empty if need be: logging anything makes the day a logged day.

    Safe when two requests race: the unique constraint lets one insert win and
    get_or_create then reads the winner's row.
    """
    entry, _ = DailyEntry.objects.get_or_create(user=user, date=date)
    return entry


_holding = threading.local()


@contextmanager
def writing(user):
    """A transaction that holds the patient's lock from its start.

    Every write to one patient's log takes its locks in one order: the profile row first,
    then the log's rows. Without that, two requests at once could each hold what the other
    waited for: an autosave that had just made the day's entry, waiting to move the
    profile's version on (recovery/freshness.py), and a "repeat" holding the profile,
    waiting to make that same entry. PostgreSQL ends such a deadlock by failing one of them.
    Inside a block that holds the lock already (a queue's change), it is not taken twice.
    """
    if getattr(_holding, "user_id", None) == user.pk:
        yield
        return
    with transaction.atomic():
        Profile.objects.lock(user)
        _holding.user_id = user.pk
        try:
            yield
        finally:
            _holding.user_id = None


@dataclass
class Written:
    """What became of a change's answers: written, already so (the same change, sent
    again), or kept as they were because a later change to them was made elsewhere."""

    saved: list = field(default_factory=list)
    same: list = field(default_factory=list)
    later: list = field(default_factory=list)


def changed_after(entry, name, moment):
    """-1, 0 or 1: whether the stored answer `name` last changed before, at or after `moment`."""
    stamp = entry.changed_at.get(name)
    if stamp is None:
        return -1
    stored = datetime.datetime.fromisoformat(stamp)
    return (stored > moment) - (stored < moment)


def save_entry(user, date, values, made_at=None):
    """Creates or updates the day's entry from the form's values; never a second row.

    A day edited on two devices is settled field by field, the latest change winning: each
    answer remembers when it changed, and a change made before that (queued on a device
    without a connection) leaves it as it is. A change made online is made now.
    """
    with writing(user):
        made_at = made_at or timezone.now()
        entry = DailyEntry.objects.select_for_update().filter(user=user, date=date).first()
        if entry is None:
            try:
                with transaction.atomic():
                    entry = DailyEntry.objects.create(
                        user=user, date=date, **values, changed_at=stamps(values, made_at)
                    )
                return Written(saved=list(values))
            except IntegrityError:  # created a moment before by another request
                entry = DailyEntry.objects.select_for_update().get(user=user, date=date)
        written = Written()
        for name in values:
            order = changed_after(entry, name, made_at)
            {-1: written.saved, 0: written.same, 1: written.later}[order].append(name)
        if written.saved:
            for name in written.saved:
                setattr(entry, name, values[name])
            entry.changed_at |= stamps(written.saved, made_at)
            entry.save(update_fields=[*written.saved, "changed_at", "updated_at"])
        return written


def stamps(names, moment):
    return dict.fromkeys(names, moment.astimezone(datetime.UTC).isoformat())


def habit_name(habit_id):
    return f"habit:{habit_id}"


def save_habits(user, date, form, made_at=None):
    """Writes the ticked habits from a valid HabitsForm, remembering when each one changed
    (the form holds the habits logged when it was made)."""
    with writing(user):
        ensure_entry(user, date)
        form.save()
        after = {habit.pk for habit in form.cleaned_data["habits"]}
        changed = [habit_name(pk) for pk in sorted(form.logged_ids ^ after)]
        if changed:
            entry = DailyEntry.objects.select_for_update().get(user=user, date=date)
            entry.changed_at |= stamps(changed, made_at or timezone.now())
            entry.save(update_fields=["changed_at", "updated_at"])


def set_habit(user, date, habit_id, done, made_at):
    """Ticks or unticks one habit, unless it changed at or after `made_at` elsewhere.
    Returns -1 (written), 0 (this very change, written before) or 1 (a later one kept)."""
    with writing(user):
        ensure_entry(user, date)
        entry = DailyEntry.objects.select_for_update().get(user=user, date=date)
        name = habit_name(habit_id)
        order = changed_after(entry, name, made_at)
        if order != -1:
            return order
        if done:
            HabitLog.objects.bulk_create(
                [HabitLog(user=user, date=date, habit_id=habit_id)], ignore_conflicts=True
            )
            freshness.touch(user.pk)
        else:
            HabitLog.objects.filter(user=user, date=date, habit_id=habit_id).delete()
        entry.changed_at |= stamps([name], made_at)
        entry.save(update_fields=["changed_at", "updated_at"])
        return order


def add_item(user, date, form):
    """Saves a valid add form's item once per one-time key. Returns the item, or None when
    the key was used before (a double tap, a retry, a queue sent twice)."""
    key = form.cleaned_data["key"]
    model = form._meta.model
    if key and model.objects.filter(user=user, client_key=key).exists():
        return None
    with writing(user):
        ensure_entry(user, date)
        try:
            with transaction.atomic():
                item = form.save()
        except IntegrityError:  # the same key, sent a moment before
            return None
        if model is MagnesiumDose:
            mark_supplements_taken(user, date)
    return item


def has_doses(user, date):
    return MagnesiumDose.objects.filter(user=user, date=date).exists()


def habit_ids(user, date):
    return set(HabitLog.objects.filter(user=user, date=date).values_list("habit_id", flat=True))


def mark_supplements_taken(user, date):
    """A logged dose contradicts "took no supplements", so the dose wins."""
    changed = DailyEntry.objects.filter(user=user, date=date, no_supplements=True).update(
        no_supplements=False
    )
    if changed:  # an update sends no signal
        freshness.touch(user.pk)


# What "same as the last day" can copy, and the catalog field whose inactive items it skips.
REPEATABLE = {
    MagnesiumDose: "form",
    ExerciseSession: "exercise",
    MedicineDose: "medicine",
    CoSupplementLog: "supplement",
}
CATALOG_FIELDS = {**REPEATABLE, FoodLog: "food"}
# Only regular doses repeat: a painkiller taken as needed yesterday says nothing of today.
REPEATED_ONLY = {MedicineDose: {"need": MedicineDose.Need.SCHEDULED}}


def repeatable(model, user):
    return model.objects.filter(user=user, **REPEATED_ONLY.get(model, {}))


def latest_item(model, user, on_or_before):
    """The patient's latest item of a kind dated on or before a day: what its add form
    suggests (never a later day's)."""
    return (
        model.objects.filter(user=user, date__lte=on_or_before)
        .select_related(CATALOG_FIELDS[model])
        .order_by("-date", "-pk")
        .first()
    )


def previous_day_with(models, user, before):
    """The latest day before `before` on which the patient logged an item of these kinds."""
    days = [
        repeatable(model, user)
        .filter(date__lt=before)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
        for model in models
    ]
    return max((day for day in days if day), default=None)


def repeat_previous(models, user, to_date):
    """Copies the items of these kinds from the latest earlier day that has some to
    `to_date`, if it has none of them yet; items whose catalog entry is no longer offered
    are left out. Returns (source day, count).

    The check and the copy happen under the patient's lock, so a double tap (or fifty)
    copies once: the later requests find the day's items already there.
    """
    with writing(user):
        source = previous_day_with(models, user, to_date)
        if source is None or any(
            m.objects.filter(user=user, date=to_date).exists() for m in models
        ):
            return None, 0
        ensure_entry(user, to_date)
        count = 0
        for model in models:
            catalog = REPEATABLE[model]
            copied = [
                model(**_copied_values(item), date=to_date)
                for item in repeatable(model, user).filter(date=source).select_related(catalog)
                if getattr(item, catalog).is_active
            ]
            model.objects.bulk_create(copied)
            count += len(copied)
            if model is MagnesiumDose and copied:
                mark_supplements_taken(user, to_date)
        freshness.touch(user.pk)  # bulk inserts send no signals
        return source, count


def _copied_values(item):
    skipped = {"id", "date", "created_at", "client_key"}
    return {
        field.attname: getattr(item, field.attname)
        for field in item._meta.concrete_fields
        if field.name not in skipped
    }
