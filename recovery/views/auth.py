"""Django's account views, each with one change: bounded usernames at login, password
checks that count toward the login throttle, reset mail sent after the response, a reset
that lifts the throttle's lock, and confirming a sign-up's email address."""

from axes.utils import reset as reset_login_failures
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render

from .. import email_confirmation
from ..email_confirmation import Outcome
from ..forms import LoginForm, QueuedPasswordResetForm, ThrottledPasswordChangeForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm


def forget_this_device(response):
    """A shared phone must not show the last patient's pages once they have gone: the
    browser drops this site's cached files, offline store and service worker."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        return forget_this_device(super().post(request, *args, **kwargs))


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever opened the emailed link owns the account: a lockout no longer protects it.
        reset_login_failures(username=form.user.get_username())
        return response


OUTCOME_MESSAGES = {
    Outcome.CONFIRMED: (messages.SUCCESS, "Your email address is confirmed: {email}."),
    Outcome.IN_USE: (
        messages.ERROR,
        "{email} already belongs to another account, so it was not added to this one.",
    ),
    Outcome.STALE: (
        messages.INFO,
        "This link is out of date: the address is confirmed already, or another one "
        "is waiting for confirmation.",
    ),
}


def confirm_email(request, token):
    found = email_confirmation.read_token(token)
    if found is None:
        return render(request, "registration/confirm_email.html", {"invalid": True}, status=400)
    user_id, email = found
    if request.method != "POST":
        # Mail scanners open links; only the button confirms.
        account = get_user_model().objects.filter(pk=user_id).first()
        return render(
            request, "registration/confirm_email.html", {"email": email, "account": account}
        )
    level, text = OUTCOME_MESSAGES[email_confirmation.confirm(user_id, email)]
    messages.add_message(request, level, text.format(email=email))
    return redirect("home")
