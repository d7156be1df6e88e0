"""Changes made on the check-in without a connection, applied when the device is back online.

The page keeps each change on the device (IndexedDB) and sends them in order, in the app's
own JSON:

    {"account": "<account_tag>", "changes": [
        {"id": "<uuid>", "kind": "entry", "date": "2026-11-23",
         "made_at": "2026-11-23T21:04:05.120Z", "names": ["leg_pain"],
         "fields": {"leg_pain": "6", "back_pain": "", ...}},
        {"id": "<uuid>", "kind": "dose", ..., "fields": {"dose-form": "3", ...}},
        {"id": "<uuid>", "kind": "habit", ..., "fields": {"habit": "4", "done": "1"}}]}

`fields` holds what the page's own form would have posted, and each change passes through
that same form (DailyEntryForm, the add forms, HabitsForm), so there is one set of rules.

Each change is applied at most once, and the answer says per change what happened:
- an item (dose, session, food, other supplement) takes the change's id as its one-time
  key: sent twice, it is added once ("already");
- answers and habits follow one rule for a day edited on two devices: field by field, the
  latest change wins, by the time it was made on its device. Every answer remembers when it
  last changed (DailyEntry.changed_at); a change made online counts as made when the server
  received it. An older change leaves a later answer as it is ("later"), and the patient is
  told. A device clock ahead of the server's counts as the server's now, so a wrong clock
  cannot outvote every later change.
- a routine's pain ("session_pain"), answered after the stretch player saved it, names the
  session by the id it was added under; it sets the pain and nothing else.
- a change the forms refuse is answered "refused" with the forms' own messages.
"""

import datetime
import logging
import uuid

from django.db import DatabaseError
from django.http import QueryDict
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import daylog, jsontext
from .days import FIRST_DAY, is_future
from .forms import ITEM_FORMS, DailyEntryForm, HabitsForm
from .forms.practice import SessionPainForm
from .models import ExerciseSession

logger = logging.getLogger(__name__)
KINDS = ("entry", "habit", "session_pain", *ITEM_FORMS)
MAX_BYTES = 256 * 1024
MAX_CHANGES = 200
MAX_VALUE_LENGTH = 10_000
MAX_VALUES = 100
MAX_ID_LENGTH = 64


class Refused(Exception):
    def __init__(self, message, errors=None):
        super().__init__(message)
        self.errors = errors or {}


def account_tag(user):
    """A stable, unguessable name for the signed-in account: lets the device keep one
    account's pages and changes apart from another's without holding who they are."""
    return salted_hmac("recovery.sync.account", str(user.pk), algorithm="sha256").hexdigest()[:20]


def apply_all(user, changes, now=None):
    """Applies the changes in order; returns one answer per change."""
    now = now or timezone.now()
    return [apply_one(user, change, now) for change in changes]


def apply_one(user, change, now):
    # The id goes back to the device as it came, so only one that is an id at all.
    key = change.get("id") if isinstance(change, dict) else None
    answer = {"id": key if isinstance(key, str) and len(key) <= MAX_ID_LENGTH else None}
    try:
        kind, date, made_at, data = read(change, user, now)
        with daylog.writing(user):
            answer |= APPLY[kind](user, date, made_at, change, data)
    except Refused as refused:
        answer |= {"status": "refused", "message": str(refused), "errors": refused.errors}
    except DatabaseError:
        # The database's trouble, not the change's: the whole queue is sent again later.
        raise
    except Exception:  # noqa: BLE001 - one change the checks above missed
        # Answered and logged, so the rest of the queue is applied and this one is shown to
        # the patient instead of being sent again for ever.
        logger.exception("sync change %r could not be applied", answer["id"])
        answer |= {
            "status": "refused",
            "message": "This change could not be applied.",
            "errors": {},
        }
    return answer


def read(change, user, now):
    """Checks a change's shape; the forms check its values."""
    if not isinstance(change, dict):
        raise Refused("This change could not be read.")
    if not jsontext.is_text(change):
        # A browser writes a broken emoji (half a surrogate pair) in JSON as "\ud83d".
        raise Refused("This change holds text that is not valid Unicode: a broken character.")
    try:
        uuid.UUID(str(change.get("id")))
    except ValueError:
        raise Refused("This change has no valid id.") from None
    kind = change.get("kind")
    if kind not in KINDS:
        raise Refused("This kind of change is not known.")
    date = parse(datetime.date, change.get("date"), "date")
    if date < FIRST_DAY or is_future(date, user.profile.timezone, now):
        raise Refused("That day cannot be logged.")
    made_at = parse(datetime.datetime, change.get("made_at"), "time")
    if made_at.tzinfo is None:
        raise Refused("This change's time has no time zone.")
    try:
        # Stored in UTC: 0001-01-01T00:00+23:59 is a time no calendar of Python's holds.
        made_at = made_at.astimezone(datetime.UTC)
    except OverflowError:
        raise Refused("This change's time could not be read.") from None
    return kind, date, min(made_at, now), form_data(change.get("fields"))


def parse(kind, text, what):
    try:
        return kind.fromisoformat(text)
    except (TypeError, ValueError):
        raise Refused(f"This change's {what} could not be read.") from None


def form_data(fields):
    """The change's fields as a form would receive them from a POST."""
    if not isinstance(fields, dict):
        raise Refused("This change has no answers.")
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_VALUES or not all(
            isinstance(v, str) and len(v) <= MAX_VALUE_LENGTH for v in values
        ):
            raise Refused("This change's answers could not be read.")
        data.setlist(name, values)
    return data


def refuse_repeats(data, several=()):
    """A field given more than once is refused rather than settled by its last value, unless
    it is one that takes several values (`several`, names as posted)."""
    repeated = [name for name in data if len(data.getlist(name)) > 1 and name not in several]
    if repeated:
        raise Refused(f"This change gives {', '.join(sorted(repeated))} more than once.")


def takes_several(form):
    return {
        form.add_prefix(name)
        for name, field in form.fields.items()
        if getattr(field.widget, "allow_multiple_selected", False)
    }


def refusal(errors):
    errors = {name: list(messages) for name, messages in errors.items()}
    return Refused(" ".join(m for messages in errors.values() for m in messages), errors)


def apply_entry(user, date, made_at, change, data):
    names = change.get("names")
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise Refused("This change does not say what changed.")
    form = DailyEntryForm.for_day(user, date, data)
    refuse_repeats(data, takes_several(form))
    names = form.fields_to_save(names)
    if not names:
        raise Refused("Nothing to save.")
    values, errors = form.changed_answers(names)
    if errors:
        raise refusal(errors)
    written = daylog.save_entry(user, date, values, made_at)
    if written.later:
        labels = ", ".join(str(form.fields[name].label) for name in written.later)
        return {
            "status": "later",
            "kept": written.later,
            "message": f"Not changed: {labels} was changed later on another device.",
        }
    if written.saved:
        return {"status": "saved", "message": "Sent."}
    return {"status": "already", "message": "Sent before: saved once."}


def apply_item(user, date, made_at, change, data):
    form_class = ITEM_FORMS[change["kind"]]
    # The change's id is the item's one-time key, whatever key the form held.
    data[f"{form_class.prefix_name}-key"] = change["id"]
    form = form_class(data, user=user, date=date)
    refuse_repeats(data, takes_several(form))
    if not form.is_valid():
        raise refusal(form.errors)
    item = daylog.add_item(user, date, form)
    if item is None:
        return {"status": "already", "message": "Sent before: added once."}
    return {"status": "saved", "message": f"Added {item.summary}."}


def apply_habit(user, date, made_at, change, data):
    refuse_repeats(data)
    habit, done = data.get("habit", ""), data.get("done")
    if not (habit.isascii() and habit.isdigit() and int(habit) < 2**63) or done not in ("0", "1"):
        raise Refused("This change does not say which habit, or whether it was ticked.")
    logged = daylog.habit_ids(user, date)
    chosen = logged | {int(habit)} if done == "1" else logged - {int(habit)}
    form = HabitsForm(
        {"habits-habits": [str(pk) for pk in chosen]}, user=user, date=date, logged_ids=logged
    )
    if not form.is_valid():
        raise Refused("That habit is no longer on the list.")
    order = daylog.set_habit(user, date, int(habit), done == "1", made_at)
    return [
        {"status": "saved", "message": "Sent."},
        {"status": "already", "message": "Sent before: saved once."},
        {"status": "later", "message": "Not changed: changed later on another device."},
    ][order + 1]


def apply_session_pain(user, date, made_at, change, data):
    """The pain during a routine, answered after the routine was saved (the stretch player
    saves the moment it ends, so nothing waits on an optional question)."""
    refuse_repeats(data)
    form = SessionPainForm(data)
    if not form.is_valid():
        raise refusal(form.errors)
    session = (
        ExerciseSession.objects.select_related("exercise")
        .filter(user=user, date=date, client_key=form.cleaned_data["session"])
        .first()
    )
    if session is None:
        raise Refused("That session is not on the day's check-in any more.")
    pain = form.cleaned_data["pain_during"]
    if session.pain_during == pain:
        return {"status": "already", "message": "Sent before: saved once."}
    session.pain_during = pain
    session.save(update_fields=["pain_during"])
    return {"status": "saved", "message": f"Pain during {session.exercise.name}: {pain}/10."}


APPLY = {
    "entry": apply_entry,
    "habit": apply_habit,
    "session_pain": apply_session_pain,
} | dict.fromkeys(ITEM_FORMS, apply_item)
