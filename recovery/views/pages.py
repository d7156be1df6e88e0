from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static

from .. import email_confirmation, freshness, serious_causes
from ..days import local_today
from ..forms import ProfileForm, SeriousCausesForm, SignupForm
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
        lambda: render_board(dashboard.build(request.user, profile, today, range_key), profile),
    )
    return render(request, "recovery/home.html", {"board_html": board_html})


def render_board(board, profile):
    """The dashboard's own part of the page. It holds nothing of the request (no form, no
    token), so it is kept as written until the patient's log (or profile) changes."""
    return render_to_string(
        "recovery/home_board.html",
        {
            "board": board,
            "comparison": board.comparison,
            "ranges": dashboard.RANGE_CHOICES,
            "meaning": change.MEANING,
            "flare_definition": flareups.DEFINITION,
            "serious_causes_notice": serious_causes.notice(profile),
            "serious_causes_unanswered": serious_causes.unanswered(profile),
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
        # The one time the other serious-cause questions come to the patient; after this,
        # they live in Settings.
        return redirect("signup_questions")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def signup_questions(request):
    """The step after sign-up: the other serious-cause questions, answered or skipped."""
    # Bound on every POST: nothing ticked is an answer to explain, not a fresh form.
    data = request.POST if request.method == "POST" else None
    form = SeriousCausesForm(data, profile=request.user.profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, answers_saved(request.user.profile))
        return redirect("home")
    return render(request, "registration/signup_questions.html", {"form": form})


def answers_saved(profile):
    if serious_causes.present(profile):
        return "Your answers are saved. Please read the advice about seeing a doctor soon."
    return "Your answers are saved. You can change them in Settings at any time."


@login_required
def settings_view(request):
    profile = request.user.profile
    # Two forms on the page, each with its own button; the hidden field says which was sent.
    posted = request.method == "POST"
    sent = request.POST.get("form", "settings") if posted else None
    form = ProfileForm(request.POST if sent == "settings" else None, instance=profile)
    causes = SeriousCausesForm(request.POST if sent == "causes" else None, profile=profile)
    if sent == "causes" and causes.is_valid():
        causes.save()
        messages.success(request, answers_saved(profile))
        return redirect("settings")
    if sent == "settings" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("home")
    context = {
        "form": form,
        "causes_form": causes,
        "serious_causes_notice": serious_causes.notice(profile),
        "causes_answered_on": serious_causes.answered_on(profile),
    }
    return render(request, "recovery/settings.html", context)


def favicon(request):
    # Resolved per request: with hashed static names the URL exists only after collectstatic.
    return redirect(static("favicon.svg"), permanent=True)


def healthz(request):
    # The smallest response through the full middleware stack: for load balancers, and the
    # benchmark's floor.
    return HttpResponse("ok", content_type="text/plain")
