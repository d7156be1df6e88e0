"""Putting back an item the patient has just removed.

Removing answers with a signed note of the item's values; sending it back within a few
minutes restores the item under its old id, so a second "undo" (a double tap) finds the
id taken and restores nothing more.
"""

from django.core import signing
from django.db import IntegrityError, transaction

SALT = "recovery.undo"
VALID_FOR_SECONDS = 10 * 60
NOT_COPIED = {"id", "user", "created_at", "elemental_mg"}


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def token_for(kind, item):
    values = {
        field.attname: _plain(field.value_from_object(item))
        for field in item._meta.concrete_fields
        if field.name not in NOT_COPIED
    }
    note = {"kind": kind, "pk": item.pk, "user": item.user_id, "values": values}
    return signing.dumps(note | {"summary": item.summary}, salt=SALT)


def read(token):
    """(kind, note) from a token, or None when it is forged, altered or too old."""
    try:
        note = signing.loads(token, salt=SALT, max_age=VALID_FOR_SECONDS)
    except signing.BadSignature:
        return None
    return note["kind"], note


def restore(model, user, note):
    """The restored item, or None when it is not this patient's or is already back."""
    if note["user"] != user.pk:
        return None
    values = {
        field.attname: field.to_python(note["values"][field.attname])
        for field in model._meta.concrete_fields
        if field.attname in note["values"]
    }
    item = model(pk=note["pk"], user=user, **values)
    try:
        with transaction.atomic():
            item.save(force_insert=True)
    except IntegrityError:
        return None
    return item
