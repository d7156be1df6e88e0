"""The signed one-click unsubscribe link that every reminder email carries: it works without
signing in, and cannot be made for another account."""

from django.core import signing

UNSUBSCRIBE_SALT = "recovery.reminders.unsubscribe"


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_id_from(token):
    """The account a signed unsubscribe link belongs to, or None for a forged one."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
