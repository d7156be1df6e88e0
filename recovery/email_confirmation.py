"""A sign-up's email address becomes the account's only when its owner confirms it.

Until then the account has no address, so password-reset mail never reaches someone
else's inbox, and sign-up answers alike whether or not the address is in use: only the
mailbox's owner learns that, from the message sent there. The database holds one account
per address (a unique index on the lower-cased address), so two confirmations at once
cannot both win.
"""

import datetime
from enum import Enum

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from . import mail

SALT = "recovery.email-confirmation"
VALID_FOR = datetime.timedelta(days=7)


class Outcome(Enum):
    CONFIRMED = "confirmed"
    IN_USE = "in_use"
    STALE = "stale"


def make_token(user, email):
    return signing.dumps({"user": user.pk, "email": email}, salt=SALT)


def read_token(token):
    """(user id, address) from a link, or None when it is forged, altered or too old."""
    try:
        value = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("email"), str):
        return None
    if not isinstance(value.get("user"), int):
        return None
    return value["user"], value["email"]


def owner_of(email, besides=None):
    return (
        get_user_model()
        .objects.filter(email__iexact=email)
        .exclude(pk=getattr(besides, "pk", None))
        .first()
    )


def start(request, user, email):
    """Keeps `email` as the account's address-to-be and queues a message to it (message()),
    written when it is sent."""
    user.profile.pending_email = email
    user.profile.save(update_fields=["pending_email"])
    mail.queue(user, "confirmation", request.build_absolute_uri("/"))


def message(user, site):
    """To the address the patient asked for: a link to confirm it or, when another account
    has it by now, a note naming that account. Nothing once it is confirmed or changed."""
    email = user.profile.pending_email
    if not email:
        return None
    context = {"user": user}
    owner = owner_of(email, besides=user)
    if owner is None:
        context["link"] = site + reverse("confirm_email", args=[make_token(user, email)])
        template = "registration/confirm_email"
    else:
        context |= {"owner": owner, "reset_link": site + reverse("password_reset")}
        template = "registration/email_in_use"
    return f"{template}_subject.txt", f"{template}.txt", context, email


@transaction.atomic
def confirm(user_id, email):
    user = (
        get_user_model()
        .objects.select_for_update(of=("self",))
        .select_related("profile")
        .filter(pk=user_id)
        .first()
    )
    if user is None or user.profile.pending_email.lower() != email.lower():
        return Outcome.STALE
    if owner_of(email, besides=user):
        return Outcome.IN_USE
    try:
        with transaction.atomic():
            user.email = email
            user.save(update_fields=["email"])
    except IntegrityError:  # another account confirmed it a moment ago
        return Outcome.IN_USE
    user.profile.pending_email = ""
    user.profile.save(update_fields=["pending_email"])
    return Outcome.CONFIRMED
