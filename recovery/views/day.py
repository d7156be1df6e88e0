"""A day's page: the daily check-in.

The day's entry (scores, where the pain reaches, warning signs, sitting and a note) is one
form. Without JavaScript one submit saves all of it. With JavaScript each answer is saved as
the patient goes: the page posts the whole form with the names of the changed fields
(`autosave`), and only those (with the rest of their group) are written; the answer is JSON.

The day's items (doses, sessions, food, habits, other supplements) each have a small form
that works as a plain POST and redirect; with htmx, only the item's section comes back, so
the page stays where the patient's finger is.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import daylog, safety, sync, undo, weekly_check
from ..days import FIRST_DAY, ONE_DAY, is_future, local_today, long_date, previous_day_to_offer
from ..forms import ITEM_FORMS, DailyEntryForm, HabitsForm
from ..forms.weekly_check import WeeklyCheckForm
from ..models import (
    CoSupplementLog,
    DailyEntry,
    ExerciseSession,
    MagnesiumDose,
    MedicineDose,
    WeeklyCheck,
)

# "Same as …": what each repeat copies, and what its message calls one and several.
REPEATABLE = {
    "dose": ((MagnesiumDose,), "supplement", "supplements"),
    "session": ((ExerciseSession,), "session", "sessions"),
    "medicine": (
        (MedicineDose, CoSupplementLog),
        "regular medicine or supplement",
        "regular medicines and supplements",
    ),
}
# The sections a repeat fills: once the day has items in any, there is nothing to repeat.
REPEAT_FILLS = {"dose": ("dose",), "session": ("session",), "medicine": ("medicine", "supplement")}
# Sections whose change alters the magnesium totals shown in the dose section (which
# brings its own totals when it comes back).
CHANGES_TOTALS = {"food"}
UNDO_KEY = "undo"
ALREADY_ADDED = "Already added: that was sent twice, and it is logged once."


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


def words_for(date, today):
    """How the page speaks of its own day."""
    if date == today:
        return {"question": "How are you today?", "when": "today", "save": "Save today"}
    name = f"{long_date(date)}{f' {date.year}' if date.year != today.year else ''}"
    return {
        "question": f"How was {name}?",
        "when": f"on {name}",
        "save": f"Save {date:%A}",
    }


def red_flag_answers_for(user, day):
    # The day's own answers, when it has some, are the latest up to that day.
    if day.entry and day.entry.red_flags_answered:
        return day.entry
    return safety.latest_red_flag_answers(user, day.date)


def latest_for(kind, user, day):
    """The item an add form suggests: the day's own latest, else the latest before it."""
    form_class = ITEM_FORMS[kind]
    if not form_class.suggested_fields:
        return None
    own = day.items(kind)
    if own:
        return max(own, key=lambda item: item.pk)
    return daylog.latest_item(form_class._meta.model, user, day.date)


def item_forms(user, day, bound):
    forms = {}
    for kind, form_class in ITEM_FORMS.items():
        if kind in bound:
            forms[kind] = bound[kind]
        else:
            forms[kind] = form_class(user=user, date=day.date, latest=latest_for(kind, user, day))
    return forms


def pending_undo(request, date):
    """The removal that can still be undone on this day's page, shown once."""
    token = request.session.get(UNDO_KEY)
    found = token and undo.read(token)
    if not found or found[1]["values"].get("date") != date.isoformat():
        return None
    return {"kind": found[0], "token": token, "summary": found[1].get("summary", "")}


def items_context(request, day, today, bound=None):
    """Everything the items part of the page shows; `bound` replaces a form that had errors."""
    bound = bound or {}
    user, profile = request.user, request.user.profile
    for dose in day.doses:
        dose.safety_note = safety.form_note(dose.form)
    totals = day.totals
    return {
        "day": day,
        "today": today,
        "words": words_for(day.date, today),
        "totals": totals,
        "forms": item_forms(user, day, bound),
        "habits_form": bound.get("habits")
        or HabitsForm(user=user, date=day.date, logged_ids=day.habit_ids),
        "over_limit": safety.over_upper_limit(totals.supplements_mg),
        "kidney_caution": safety.kidney_caution(profile),
        "repeat_from": {kind: repeat_from(day, kind, user) for kind in REPEATABLE},
        "undo": pending_undo(request, day.date),
    }


def repeat_from(day, kind, user):
    """The day a "Same as …" button would copy from; none once the day has such items."""
    if any(day.items(section) for section in REPEAT_FILLS[kind]):
        return None
    return daylog.previous_day_with(REPEATABLE[kind][0], user, day.date)


def weekly_card(user, date, today, form=None):
    """The weekly check, on today's page only: asked until this week's is answered or
    skipped, then folded with its result, to be changed if it was a slip."""
    if date != today:
        return None
    week = weekly_check.this_week(today)
    existing = WeeklyCheck.objects.filter(user=user, week=week).first()
    return {"form": form or WeeklyCheckForm(week=week, instance=existing), "existing": existing}


def render_day(request, date, entry_form=None, bound=None, weekly_form=None):
    user, profile = request.user, request.user.profile
    day = daylog.load_day(user, date)
    today = local_today(profile.timezone)
    entry_form = entry_form or DailyEntryForm(
        instance=day.entry or DailyEntry(user=user, date=date),
        has_doses=bool(day.doses),
        is_today=date == today,
    )
    offered = previous_day_to_offer(profile.timezone)
    context = items_context(request, day, today, bound) | {
        "entry_form": entry_form,
        "previous_day": date - ONE_DAY if date > FIRST_DAY else None,
        "next_day": date + ONE_DAY if date < today else None,
        "offer_previous_day": offered if date == today and offered else None,
        "red_flag_alert": safety.red_flag_alert(red_flag_answers_for(user, day)),
        "account": sync.account_tag(user),
        "urgent": {"title": safety.URGENT_TITLE, "advice": safety.URGENT_ADVICE},
        "weekly": weekly_card(user, date, today, weekly_form),
    }
    request.session.pop(UNDO_KEY, None)
    response = render(request, "recovery/day.html", context)
    # What the service worker needs to offer this copy offline as "today" only on its day.
    response["X-Day"] = date.isoformat()
    response["X-Timezone"] = profile.timezone
    return response


def render_section(request, date, kind, bound=None, status=""):
    day = daylog.load_day(request.user, date)
    today = local_today(request.user.profile.timezone)
    context = items_context(request, day, today, bound) | {
        "section": kind,
        "status": status,
        "with_totals": kind in CHANGES_TOTALS,
    }
    return render(request, "recovery/day/_section_response.html", context)


@login_required
def today(request):
    return day(request, local_today(request.user.profile.timezone))


@login_required
def day(request, date):
    if refused := refuse_future(request, date):
        return refused
    if request.method != "POST":
        return render_day(request, date)
    form = DailyEntryForm.for_day(request.user, date, request.POST)
    if "autosave" in request.POST:
        return autosave(request, date, form)
    if not form.is_valid():
        return render_day(request, date, entry_form=form)
    daylog.save_entry(request.user, date, form.answers_to_save())
    messages.success(request, f"Saved your log for {long_date(date)}.")
    return redirect(day_url(date))


def autosave(request, date, form):
    """Writes the answers the patient just changed; the rest of the form stays as it is."""
    names = form.fields_to_save(request.POST["autosave"].split(","))
    if not names:
        return JsonResponse({"errors": {"__all__": ["Nothing to save."]}}, status=400)
    values, errors = form.changed_answers(names)
    if errors:
        return JsonResponse({"errors": errors}, status=422)
    daylog.save_entry(request.user, date, values)
    answer = {"saved": names}
    # Only a warning-sign answer can change the urgent notice; other taps leave it as it is.
    if set(names) & set(DailyEntry.RED_FLAGS):
        notice = safety.red_flag_alert(safety.latest_red_flag_answers(request.user, date))
        answer["alert"] = (
            render_to_string("recovery/includes/notice.html", {"notice": notice}) if notice else ""
        )
    return JsonResponse(answer)


def item_saved(request, date, kind, text):
    if is_htmx(request):
        return render_section(request, date, kind, status=text)
    messages.success(request, text)
    return redirect(day_url(date, kind))


def item_invalid(request, date, kind, form):
    if is_htmx(request):
        return render_section(request, date, kind, bound={kind: form})
    return render_day(request, date, bound={kind: form})


@login_required
@require_POST
def add_item(request, date, kind):
    if refused := refuse_future(request, date):
        return refused
    form_class = ITEM_FORMS.get(kind)
    if form_class is None:
        raise Http404("No such kind of item.")
    form = form_class(request.POST, user=request.user, date=date)
    if not form.is_valid():
        return item_invalid(request, date, kind, form)
    item = daylog.add_item(request.user, date, form)
    if item is None:
        return item_saved(request, date, kind, ALREADY_ADDED)
    request.session.pop(UNDO_KEY, None)
    return item_saved(request, date, kind, f"Added {item.summary}.")


@login_required
@require_POST
def delete_item(request, kind, pk):
    form_class = ITEM_FORMS.get(kind)
    if form_class is None:
        raise Http404("No such kind of item.")
    item = owned_or_404(form_class._meta.model, request.user, pk)
    request.session[UNDO_KEY] = undo.token_for(kind, item)
    item.delete()
    return item_saved(request, item.date, kind, f"Removed {item.summary}.")


@login_required
@require_POST
def restore_item(request):
    found = undo.read(request.POST.get("token", ""))
    if found is None or found[0] not in ITEM_FORMS:
        messages.error(request, "That removal can no longer be undone.")
        return redirect("today")
    kind, note = found
    item = undo.restore(ITEM_FORMS[kind]._meta.model, request.user, note)
    request.session.pop(UNDO_KEY, None)
    if item is None:
        return redirect("today")
    return item_saved(request, item.date, kind, f"Put back {item.summary}.")


@login_required
@require_POST
def save_habits(request, date):
    if refused := refuse_future(request, date):
        return refused
    logged = daylog.habit_ids(request.user, date)
    form = HabitsForm(request.POST, user=request.user, date=date, logged_ids=logged)
    if not form.is_valid():
        return item_invalid(request, date, "habits", form)
    daylog.save_habits(request.user, date, form)
    return item_saved(request, date, "habits", "Saved the day's habits.")


@login_required
@require_POST
def repeat(request, date, kind):
    if refused := refuse_future(request, date):
        return refused
    if kind not in REPEATABLE:
        raise Http404("Only supplements, sessions and medicines can be repeated.")
    models, one, several = REPEATABLE[kind]
    source, count = daylog.repeat_previous(models, request.user, date)
    if not count:
        return item_saved(request, date, kind, "Nothing to repeat.")
    noun = one if count == 1 else several
    return item_saved(request, date, kind, f"Repeated {count} {noun} from {long_date(source)}.")
