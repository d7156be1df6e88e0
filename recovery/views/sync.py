"""Where a device sends the check-in changes it kept while it had no connection."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .. import jsontext, sync


def refuse(status, message):
    return JsonResponse({"error": message}, status=status)


@login_required
@require_POST
def send_changes(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > sync.MAX_BYTES:
        return refuse(413, "Too much at once: send fewer changes in each request.")
    if len(request.body) > sync.MAX_BYTES:  # sent without a length
        return refuse(413, "Too much at once: send fewer changes in each request.")
    try:
        # Each change's text is checked on its own (sync.read): one never blocks the rest.
        payload = jsontext.loads(request.body, text_checked=False)
    except jsontext.Unreadable:
        return refuse(400, "The changes could not be read.")
    changes = payload.get("changes") if isinstance(payload, dict) else None
    if not isinstance(changes, list):
        return refuse(400, "The changes could not be read.")
    if len(changes) > sync.MAX_CHANGES:
        return refuse(413, "Too many changes at once: send fewer in each request.")
    if payload.get("account") != sync.account_tag(request.user):
        # Kept while another account was signed in on this device: never applied here.
        return refuse(409, "These changes were made while another account was signed in.")
    return JsonResponse({"results": sync.apply_all(request.user, changes)})
