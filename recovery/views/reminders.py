"""The reminders page, the browsers that take reminders as notifications, and the
unsubscribe link every reminder email carries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import jsontext
from ..forms import PushSubscriptionForm, ReminderForm
from ..models import PushSubscription, Reminder
from ..reminders import endpoints, links, push, schedule

MAX_SUBSCRIPTION_BYTES = 8 * 1024


@login_required
def reminders_view(request):
    reminder, _ = Reminder.objects.get_or_create(user=request.user)
    answer = request.POST.get("answer")
    if answer in ("keep", "pause"):
        if answer == "keep":
            schedule.keep(reminder)
            messages.success(request, "Reminders go on as before.")
        else:
            schedule.turn_off(reminder)
            messages.success(request, "Reminders are paused. Turn them on here whenever you like.")
        return redirect("reminders")
    # As stored: a refused form below must not change what the page says is set.
    unreachable = why_unreachable(reminder)
    form = ReminderForm(request.POST if request.method == "POST" else None, instance=reminder)
    if request.method == "POST" and form.is_valid():
        reminder = form.save(commit=False)
        schedule.reschedule(reminder)
        reminder.save()
        messages.success(request, "Reminders are on." if reminder.enabled else "Reminders are off.")
        return redirect("reminders")
    devices = list(request.user.push_subscriptions.all())
    context = {
        "form": form,
        "reminder": reminder,
        "devices": devices,
        "push_key": push.public_key(),
        "unreachable": unreachable,
    }
    return render(request, "reminders/settings.html", context)


def why_unreachable(reminder):
    """Why reminders that are on can reach nobody (the last browser was removed, say), in
    words for the page; empty when they can reach the patient, or are off."""
    if not reminder.enabled or schedule.channels(reminder):
        return []
    reasons = []
    if not reminder.by_email:
        reasons.append("email is not chosen")
    elif not reminder.user.email:
        reasons.append("your email address is not confirmed yet (open the link we sent)")
    if reminder.by_push:
        reasons.append("no browser is set up for notifications")
    return reasons


def read_json(request):
    """The JSON object a page's script sent, or None if it cannot be read."""
    if len(request.body) > MAX_SUBSCRIPTION_BYTES:
        return None
    try:
        document = jsontext.loads(request.body)
    except jsontext.Unreadable:
        return None
    return document if isinstance(document, dict) else None


@login_required
@require_POST
def push_subscribe(request):
    """Stores this browser's subscription: the JSON its PushSubscription.toJSON() gives, and
    `turn_on` when the patient asked for notifications here just now."""
    document = read_json(request)
    if document is None:
        return JsonResponse({"error": "What this browser sent could not be read."}, status=400)
    keys = document.get("keys") if isinstance(document.get("keys"), dict) else {}
    form = PushSubscriptionForm(
        {
            "endpoint": document.get("endpoint"),
            "p256dh": keys.get("p256dh"),
            "auth": keys.get("auth"),
        }
    )
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return JsonResponse({"error": first}, status=400)
    subscription = push.subscribe(
        request.user, **form.cleaned_data, user_agent=request.headers.get("User-Agent", "")
    )
    if document.get("turn_on") is True:
        # The patient asked for notifications here: they become a way to remind them.
        reminder, _ = Reminder.objects.get_or_create(user=request.user)
        reminder.by_push = True
        reminder.save(update_fields=["by_push"])
        done = f"{subscription.device} is set up for notifications."
        if not reminder.enabled:
            done += " Tick “Remind me to check in” and save to start them."
        messages.success(request, done)
    return JsonResponse({"device": subscription.device})


@login_required
@require_POST
def push_forget(request):
    """This browser no longer wants notifications (it unsubscribed, or is about to)."""
    endpoint = (read_json(request) or {}).get("endpoint")
    try:
        # Stored as rebuilt when it subscribed: looked up the same way.
        endpoint = endpoints.parse(endpoint).url
    except endpoints.Refused:
        pass
    else:
        request.user.push_subscriptions.filter(endpoint=endpoint).delete()
    return JsonResponse({"forgotten": True})


@login_required
@require_POST
def remove_device(request, pk):
    device = get_object_or_404(PushSubscription, pk=pk, user=request.user)
    device.delete()
    messages.success(request, f"{device.device} gets no more notifications.")
    return redirect("reminders")


# A mail program's one-click unsubscribe (RFC 8058) POSTs here with no session and no
# security token; the signed link is the proof.
@csrf_exempt
def unsubscribe(request, token):
    user_id = links.user_id_from(token)
    reminder = user_id and Reminder.objects.filter(user_id=user_id).first()
    if not reminder:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        schedule.turn_off(reminder)
        return render(request, "reminders/unsubscribe.html", {"done": True})
    return render(request, "reminders/unsubscribe.html", {"reminder": reminder})
