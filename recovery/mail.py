"""Email leaves through the task queue, never inside a request.

A slow mail server then cannot slow a page, and a page answers in the same time whether or
not it sent a message (which would otherwise tell whether an address has an account).

A queued message holds as little as it can: the account's number, which message, and the
site's address for its links. The address it goes to, the names in it and its link are
looked up and written when the worker sends it, so the queue's table never holds an email
address, and a message for an account deleted meanwhile finds no one and is dropped.
"""

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.module_loading import import_string

# Each kind of message, and the function that writes it for an account at sending time:
# (subject template, body template, context, address), or None when it has nothing to say
# any more. Named, not imported, so that the modules they live in may queue them.
MESSAGES = {
    "confirmation": "recovery.email_confirmation.message",
    "password_reset": "recovery.mail.password_reset",
}


def queue(user, kind, site):
    """Queues message `kind` for `user`; `site` is the scheme and host the links start with,
    as the patient reached the site."""
    if kind not in MESSAGES:
        raise ValueError(f"no message {kind!r}")
    send_account_email.enqueue(user_id=user.pk, kind=kind, site=site.rstrip("/"))


@task
def send_account_email(user_id, kind, site):
    user = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    if user is None:
        return "account deleted"
    message = import_string(MESSAGES[kind])(user, site)
    if message is None:
        return "nothing to send any more"
    subject_template, body_template, context, to = message
    subject = render_to_string(subject_template, context)
    # A header cannot hold a line break.
    send_mail(" ".join(subject.split()), render_to_string(body_template, context), None, [to])
    return "sent"


def password_reset(user, site):
    """Django's password-reset message, its one-time link made when it is sent."""
    if not user.email or not user.is_active or not user.has_usable_password():
        return None
    parts = urlsplit(site)
    context = {
        "email": user.email,
        "domain": parts.netloc,
        "protocol": parts.scheme,
        "site_name": parts.netloc,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
    }
    return (
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.html",
        context,
        user.email,
    )
