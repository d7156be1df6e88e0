from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static

from .. import history, safety, timeline
from ..days import local_today
from ..forms import ProfileForm, SignupForm
from ..models import TimelinePhase


def home(request):
    if not request.user.is_authenticated:
        return render(request, "recovery/landing.html")
    user, profile = request.user, request.user.profile
    today = local_today(profile.timezone)
    phases = list(TimelinePhase.objects.active())
    # Without a chosen start date, day 1 is the first logged day.
    start = profile.recovery_start or history.first_logged_day(user)
    day = timeline.recovery_day(start, today)
    return render(
        request,
        "recovery/home.html",
        {
            "profile": profile,
            "start": start,
            "day": day,
            "phases": phases,
            "current_phase": timeline.phase_for_day(phases, day),
            "chart_data": timeline.chart_data(phases, day),
            "red_flag_alert": safety.red_flag_alert(safety.latest_red_flag_answers(user, today)),
        },
    )


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your account is ready.")
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
