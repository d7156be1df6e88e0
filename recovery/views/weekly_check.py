"""The weekly sciatica check, answered or skipped from the check-in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import weekly_check
from ..days import local_today
from ..forms.weekly_check import WeeklyCheckForm
from .day import is_htmx, render_day


def posted_week(request, today):
    """The week the page asked about, if it may still be answered."""
    try:
        week = forms.DateField().clean(request.POST.get("weekly-week"))
    except forms.ValidationError:
        return None
    return week if weekly_check.may_record(week, today) else None


def answered(request, text):
    if is_htmx(request):
        return render(request, "recovery/day/_weekly_check.html", {"weekly": {"done": text}})
    messages.success(request, text)
    return redirect("today")


@login_required
@require_POST
def weekly_check_view(request):
    today = local_today(request.user.profile.timezone)
    week = posted_week(request, today)
    if week is None:
        return answered(request, "That check was for an earlier week and is closed now.")
    if request.POST.get("skip"):
        weekly_check.record(request.user, week)
        return answered(request, "Skipped this week: the check comes again next Monday.")
    form = WeeklyCheckForm(request.POST, week=week)
    if not form.is_valid():
        if is_htmx(request):
            return render(request, "recovery/day/_weekly_check.html", {"weekly": {"form": form}})
        return render_day(request, today, weekly_form=form)
    check = weekly_check.record(request.user, week, form.answers())
    return answered(
        request,
        f"Saved: {check.total} of 24 this week (lower is better). It comes again next Monday.",
    )
