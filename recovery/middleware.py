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
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            # The app's service worker keeps a signed-in page for use offline only under
            # this name, and forgets every kept page when the account changes or signs out.
            response["X-Account"] = account_tag(request.user)
        return response
