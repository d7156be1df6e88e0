"""The guided players: the breathing pacer and the stretch player, and the page that starts
them. Sessions are saved by the page's script, through the check-in's sync endpoint."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .. import sync
from ..forms.practice import StretchChoiceForm, stretches
from ..models import Exercise, Routine, RoutineStep
from ..practice import plans


def player_context(request, plan):
    """Where the page's script saves the session, and for whom."""
    day_prefix = reverse("day", args=[datetime.date(2000, 1, 1)]).removesuffix("2000-01-01/")
    return {"plan": plan, "account": sync.account_tag(request.user), "day_prefix": day_prefix}


@login_required
def practice_index(request, form=None):
    breathing = Exercise.objects.active().filter(kind=Exercise.Kind.BREATHING)
    steps = RoutineStep.objects.select_related("exercise").filter(exercise__in=stretches())
    routines = Routine.objects.active().prefetch_related(Prefetch("steps", queryset=steps))
    chosen = {e.pk for e in form.cleaned_data.get("exercise") or []} if form else set()
    context = {
        "breathing": [(exercise, plans.pace_in_words(exercise)) for exercise in breathing],
        "routines": [routine for routine in routines if routine.steps.all()],
        "stretches": [(exercise, plans.hold_in_words(exercise)) for exercise in stretches()],
        "form": form or StretchChoiceForm(),
        "chosen": chosen,
    }
    return render(request, "practice/index.html", context, status=400 if form else 200)


@login_required
def breathe(request, pk):
    exercise = get_object_or_404(Exercise.objects.active(), pk=pk, kind=Exercise.Kind.BREATHING)
    context = player_context(request, plans.breathing_plan(exercise))
    context |= {"exercise": exercise, "pace": plans.pace_in_words(exercise)}
    return render(request, "practice/breathe.html", context)


@login_required
def stretch(request):
    form = StretchChoiceForm(request.GET)
    if not form.is_valid():
        return practice_index(request, form)
    plan = plans.routine_plan(form.cleaned_data["exercises"])
    context = player_context(request, plan)
    context |= {
        "title": form.cleaned_data["title"],
        "minutes": max(1, round(plans.total_seconds(plan) / 60)),
        "scores": range(11),
    }
    return render(request, "practice/stretch.html", context)
