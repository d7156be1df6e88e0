"""Email leaves through the task queue, never inside a request.

A slow mail server then cannot slow a page, and a page answers in the same time whether or
not it sent a message (which would otherwise tell whether an address has an account).
"""

from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string


@task
def send_email(subject, body, to):
    send_mail(subject, body, None, [to])


def queue(subject, body, to):
    # A header cannot hold a line break.
    send_email.enqueue(subject=" ".join(subject.split()), body=body, to=to)


def send_later(template, context, to):
    """Renders `template`_subject.txt and `template`.txt now and queues the message."""
    queue(
        render_to_string(f"{template}_subject.txt", context),
        render_to_string(f"{template}.txt", context),
        to,
    )
