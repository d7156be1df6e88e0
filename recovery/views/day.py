"""A day's page: the day's entry and everything logged on it.

Every form works as a plain POST that redirects back. With htmx, item forms get
only the items part of the page back, so adding a dose does not reload the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import daylog, safety
from ..days import FIRST_DAY, ONE_DAY, is_future, local_today, long_date, previous_day_to_offer
from ..forms import ITEM_FORMS, DailyEntryForm, HabitsForm
from ..models import DailyEntry

SCORE_VALUES = [str(n) for n in range(11)]


def owned_or_404(model, user, pk):
    """Another patient's row answers exactly like a row that does not exist."""
    return get_object_or_404(model, pk=pk, user=user)


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def day_url(date, anchor=""):
    return reverse("day", args=[date]) + (f"#{anchor}" if anchor else "")


def refuse_future(request, date):
    if is_future(date, request.user.profile.timezone):
        messages.error(request, "That day has not happened yet, so it cannot be logged.")
        return redirect("today")
    return None


def last_dose_for(user, day, today):
    # Nothing can be logged after today, so today's own doses hold the latest one.
    if day.date == today and day.doses:
        return max(day.doses, key=lambda dose: dose.pk)
    return daylog.latest_dose(user)


def red_flag_answers_for(user, day):
    # The day's own answers, when it has some, are the latest up to that day.
    if day.entry and day.entry.red_flags_answered:
        return day.entry
    return safety.latest_red_flag_answers(user, day.date)


def items_context(request, day, today, bound=None):
    """Everything the items part of the page shows; `bound` replaces a form that had errors."""
    bound = bound or {}
    user, profile = request.user, request.user.profile
    last_dose = last_dose_for(user, day, today)
    forms = {
        name: bound.get(name)
        or form_class(
            user=user, date=day.date, **({"last_dose": last_dose} if name == "dose" else {})
        )
        for name, form_class in ITEM_FORMS.items()
    }
    habits_form = bound.get("habits") or HabitsForm(
        user=user, date=day.date, logged_ids=day.habit_ids
    )
    for dose in day.doses:
        dose.safety_note = safety.form_note(dose.form)
    totals = day.totals
    return {
        "day": day,
        "totals": totals,
        "forms": forms,
        "habits_form": habits_form,
        "over_limit": safety.over_upper_limit(totals.supplements_mg),
        "kidney_caution": safety.kidney_caution(profile),
        "repeat_from": None if day.doses else daylog.previous_dose_day(user, day.date),
    }


def render_day(request, date, entry_form=None, bound=None):
    user, profile = request.user, request.user.profile
    day = daylog.load_day(user, date)
    today = local_today(profile.timezone)
    entry_form = entry_form or DailyEntryForm(
        instance=day.entry or DailyEntry(user=user, date=date), has_doses=bool(day.doses)
    )
    offered = previous_day_to_offer(profile.timezone)
    context = items_context(request, day, today, bound) | {
        "entry_form": entry_form,
        "today": today,
        "previous_day": date - ONE_DAY if date > FIRST_DAY else None,
        "next_day": date + ONE_DAY if date < today else None,
        "offer_previous_day": offered if date == today and offered else None,
        "red_flag_alert": safety.red_flag_alert(red_flag_answers_for(user, day)),
        "score_values": SCORE_VALUES,
    }
    return render(request, "recovery/day.html", context)


def render_items(request, date, bound=None, status_text=""):
    day = daylog.load_day(request.user, date)
    today = local_today(request.user.profile.timezone)
    context = items_context(request, day, today, bound) | {"status_text": status_text}
    return render(request, "recovery/day/_items.html", context)


@login_required
def today(request):
    return day(request, local_today(request.user.profile.timezone))


@login_required
def day(request, date):
    if refused := refuse_future(request, date):
        return refused
    if request.method != "POST":
        return render_day(request, date)
    existing = DailyEntry.objects.filter(user=request.user, date=date).first()
    form = DailyEntryForm(
        request.POST,
        instance=existing or DailyEntry(user=request.user, date=date),
        has_doses=daylog.has_doses(request.user, date),
    )
    if not form.is_valid():
        return render_day(request, date, entry_form=form)
    daylog.save_entry(request.user, date, form.cleaned_data)
    messages.success(request, f"Saved your log for {long_date(date)}.")
    return redirect(day_url(date))


def item_saved(request, date, text, anchor):
    if is_htmx(request):
        return render_items(request, date, status_text=text)
    messages.success(request, text)
    return redirect(day_url(date, anchor))


def item_invalid(request, date, name, form):
    if is_htmx(request):
        return render_items(request, date, bound={name: form})
    return render_day(request, date, bound={name: form})


@login_required
@require_POST
def add_item(request, date, kind):
    if refused := refuse_future(request, date):
        return refused
    form_class = ITEM_FORMS.get(kind)
    if form_class is None:
        return redirect(day_url(date))
    form = form_class(request.POST, user=request.user, date=date)
    if not form.is_valid():
        return item_invalid(request, date, kind, form)
    daylog.ensure_entry(request.user, date)
    item = form.save()
    if kind == "dose":
        daylog.mark_supplements_taken(request.user, date)
    return item_saved(request, date, f"Added {item.summary}.", kind)


@login_required
@require_POST
def delete_item(request, kind, pk):
    form_class = ITEM_FORMS.get(kind)
    if form_class is None:
        return redirect("today")
    item = owned_or_404(form_class._meta.model, request.user, pk)
    item.delete()
    return item_saved(request, item.date, f"Removed {item.summary}.", kind)


@login_required
@require_POST
def save_habits(request, date):
    if refused := refuse_future(request, date):
        return refused
    logged = daylog.habit_ids(request.user, date)
    form = HabitsForm(request.POST, user=request.user, date=date, logged_ids=logged)
    if not form.is_valid():
        return item_invalid(request, date, "habits", form)
    daylog.ensure_entry(request.user, date)
    form.save()
    return item_saved(request, date, "Saved the day's habits.", "habits")


@login_required
@require_POST
def repeat_supplements(request, date):
    if refused := refuse_future(request, date):
        return refused
    source, count = daylog.repeat_previous_doses(request.user, date)
    if not count:
        return item_saved(request, date, "Nothing to repeat.", "dose")
    plural = "s" if count != 1 else ""
    text = f"Repeated {count} supplement{plural} from {long_date(source)}."
    return item_saved(request, date, text, "dose")
