import time

from django.utils.cache import patch_cache_control

from .sync import account_tag


class PrivatePagesMiddleware:
    """Every response to a signed-in patient holds their health data or acts on it: no
    browser, proxy or back-button cache may keep a copy (OWASP ASVS 8.2.1); only the app's
    own service worker keeps the check-in, for use without a connection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # What the app's service worker needs to keep a check-in for use offline for its
        # own account only: whose page this is (no header: nobody is signed in), and when
        # the server answered, in milliseconds, so that an answer arriving late (a copy
        # asked for just before logging out) never outranks a later "signed out".
        response["X-Served-At"] = str(time.time_ns() // 1_000_000)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            response["X-Account"] = account_tag(request.user)
        return response
