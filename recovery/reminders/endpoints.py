"""A push service's address, read once and rebuilt from what was checked.

A browser hands the server an address and the server later posts to it, so the address is
hostile until proven otherwise. URL parsers disagree on odd text: for
`https://127.0.0.1\\@fcm.googleapis.com/x` Python's `urlsplit` reads the host after the `@`
while the HTTP client ends it at the backslash and connects to 127.0.0.1. So nothing here is
interpreted where two parsers could differ: user names, backslashes, percent-escapes,
whitespace, control or non-ASCII characters, fragments and numeric hosts (`0x7f000001`,
`2130706433`, `127.1`) are refused outright. What passes is rebuilt from its checked parts
(scheme, lower-case host, port, path and query), and the rebuilt text is what is stored,
compared with `settings.PUSH_SERVICES` and posted to.

A service in the list is `scheme://host` or `scheme://host:port`; `*.` before the host
matches any name under it. The port must be the service's own (the scheme's default unless
the list names one), and a numeric host is accepted only where the list names that very
address (a push service on this machine, for the tests and the benchmark).
"""

import ipaddress
import re
from dataclasses import dataclass

from django.conf import settings

DEFAULT_PORTS = {"https": 443, "http": 80}
MAX_LENGTH = 2000
# scheme://authority, then a path and an optional query; no fragment, no user name.
SHAPE = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<rest>[/?].*)?")
AUTHORITY = re.compile(r"(?P<host>[A-Za-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?")
LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
# RFC 3986 path and query characters; a percent sign only as the start of an escape.
REST = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*")
# A last label that resolvers read as a number makes the whole name an IPv4 address.
NUMERIC_LABEL = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)")


class Refused(ValueError):
    """The address is not one the server posts to; the message says why, for a log."""


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str
    port: int
    rest: str

    @property
    def origin(self):
        """scheme://host[:port]: the VAPID audience (RFC 8292) and the allow-list's unit."""
        default = self.port == DEFAULT_PORTS[self.scheme]
        return f"{self.scheme}://{self.host}" + ("" if default else f":{self.port}")

    @property
    def url(self):
        return self.origin + self.rest


def is_numeric(host):
    return bool(NUMERIC_LABEL.fullmatch(host.rsplit(".", 1)[-1]))


def parse(text):
    """The address as an Endpoint, or Refused. Accepts only what every parser reads alike."""
    if not isinstance(text, str) or not text:
        raise Refused("no address")
    if len(text) > MAX_LENGTH:
        raise Refused("too long")
    if not text.isascii() or any(char <= " " or char == "\x7f" for char in text):
        raise Refused("non-ASCII, space or control characters")
    if "\\" in text or "#" in text:
        raise Refused("a backslash or a fragment")
    shape = SHAPE.fullmatch(text)
    if shape is None:
        raise Refused("not scheme://host/path")
    scheme = shape["scheme"].lower()
    if scheme not in DEFAULT_PORTS:
        raise Refused(f"scheme {scheme}")
    authority = AUTHORITY.fullmatch(shape["authority"])
    if authority is None:  # a user name, an IPv6 literal, an escape or an empty host
        raise Refused("a host that is not a plain name")
    host = authority["host"].lower()
    labels = host.split(".")
    if not all(LABEL.fullmatch(label) for label in labels):
        raise Refused("a host that is not a plain name")
    port = int(authority["port"]) if authority["port"] else DEFAULT_PORTS[scheme]
    if not 0 < port < 65536:
        raise Refused("no such port")
    if is_numeric(host):
        # Only the canonical dotted form is ever compared: 127.1 or 0177.0.0.1 never is.
        try:
            if str(ipaddress.IPv4Address(host)) != host:
                raise Refused("an address written in an unusual way")
        except ipaddress.AddressValueError:
            raise Refused("an address written in an unusual way") from None
    rest = shape["rest"] or "/"
    if rest.startswith("?"):
        rest = "/" + rest
    if not REST.fullmatch(rest):
        raise Refused("characters that need escaping in the path")
    return Endpoint(scheme, host, port, rest)


def services():
    """The allow-list, read with the same rules: (scheme, host pattern, port) per service."""
    for service in settings.PUSH_SERVICES:
        wildcard = service.startswith(("https://*.", "http://*."))
        endpoint = parse(service.replace("*.", "", 1) if wildcard else service)
        yield endpoint.scheme, ("*." if wildcard else "") + endpoint.host, endpoint.port


def host_matches(host, pattern):
    if pattern.startswith("*."):
        # Any name under it, never a numeric host: *.example.com is no IP address.
        return host.endswith(pattern[1:]) and not is_numeric(host)
    return host == pattern


def allowed(endpoint):
    return any(
        endpoint.scheme == scheme and endpoint.port == port and host_matches(endpoint.host, host)
        for scheme, host, port in services()
    )


def checked(text):
    """The endpoint this server may post to, rebuilt from `text`, or Refused."""
    endpoint = parse(text)
    if not allowed(endpoint):
        raise Refused(f"{endpoint.origin} is not among the push services")
    return endpoint
