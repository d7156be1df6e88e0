"""The address a request came from, for the login lockout.

Behind a load balancer every request arrives from the balancer's own address; locking
"this username from that address" would then lock the username for everyone. Each
trusted proxy appends the address it saw to X-Forwarded-For, so with N of them the
N-th entry from the right is the last one a proxy of ours wrote; anything to its left
came from the client and could be forged.
"""

from django.conf import settings


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
