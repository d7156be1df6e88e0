from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Every response to a signed-in patient holds their health data or acts on it: no
    browser, proxy or back-button cache may keep a copy (OWASP ASVS 8.2.1)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
