"""The reminders page, and the unsubscribe link every reminder email carries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from .. import reminders
from ..forms import ReminderForm
from ..models import Reminder


@login_required
def reminders_view(request):
    reminder, _ = Reminder.objects.get_or_create(user=request.user)
    answer = request.POST.get("answer")
    if answer in ("keep", "pause"):
        if answer == "keep":
            reminders.keep(reminder)
            messages.success(request, "Reminders go on as before.")
        else:
            reminders.turn_off(reminder)
            messages.success(request, "Reminders are paused. Turn them on here whenever you like.")
        return redirect("reminders")
    form = ReminderForm(request.POST if request.method == "POST" else None, instance=reminder)
    if request.method == "POST" and form.is_valid():
        reminder = form.save(commit=False)
        reminders.reschedule(reminder)
        reminder.save()
        messages.success(request, "Reminders are on." if reminder.enabled else "Reminders are off.")
        return redirect("reminders")
    return render(request, "reminders/settings.html", {"form": form, "reminder": reminder})


# A mail program's one-click unsubscribe (RFC 8058) POSTs here with no session and no
# security token; the signed link is the proof.
@csrf_exempt
def unsubscribe(request, token):
    user_id = reminders.user_id_from(token)
    reminder = user_id and Reminder.objects.filter(user_id=user_id).first()
    if not reminder:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        reminders.turn_off(reminder)
        return render(request, "reminders/unsubscribe.html", {"done": True})
    return render(request, "reminders/unsubscribe.html", {"reminder": reminder})
