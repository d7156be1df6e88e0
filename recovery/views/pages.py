from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static

from .. import email_confirmation, freshness
from ..days import local_today
from ..forms import ProfileForm, SignupForm
from ..progress import change, dashboard, flareups


def home(request):
    if not request.user.is_authenticated:
        return render(request, "recovery/landing.html")
    profile = request.user.profile
    today = local_today(profile.timezone)
    # Every address that shows the same range shares one kept page.
    range_key = dashboard.chosen_range(request.GET.get("range"))
    board_html = freshness.kept_html(
        "dashboard",
        profile,
        (today, range_key),
        lambda: render_board(dashboard.build(request.user, profile, today, range_key)),
    )
    return render(request, "recovery/home.html", {"board_html": board_html})


def render_board(board):
    """The dashboard's own part of the page. It holds nothing of the request (no form, no
    token), so it is kept as written until the patient's log changes."""
    return render_to_string(
        "recovery/home_board.html",
        {
            "board": board,
            "comparison": board.comparison,
            "ranges": dashboard.RANGE_CHOICES,
            "meaning": change.MEANING,
            "flare_definition": flareups.DEFINITION,
        },
    )


USERNAME_TAKEN = get_user_model()._meta.get_field("username").error_messages["unique"]


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except IntegrityError:  # the same username, signed up a moment before
            form.add_error("username", USERNAME_TAKEN)
            return render(request, "registration/signup.html", {"form": form})
        email = form.cleaned_data["email"]
        email_confirmation.start(request, user, email)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            f"Welcome! Your account is ready. We sent a message to {email}: open its link "
            "to confirm the address, so that you can reset your password if you forget it.",
        )
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def settings_view(request):
    form = ProfileForm(request.POST or None, instance=request.user.profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("home")
    return render(request, "recovery/settings.html", {"form": form})


def favicon(request):
    # Resolved per request: with hashed static names the URL exists only after collectstatic.
    return redirect(static("favicon.svg"), permanent=True)


def healthz(request):
    # The smallest response through the full middleware stack: for load balancers, and the
    # benchmark's floor.
    return HttpResponse("ok", content_type="text/plain")
