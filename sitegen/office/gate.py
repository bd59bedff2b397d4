"""Who is asking, at which address: the checks every request to the office service passes first.

Behind a reverse proxy the service sees the proxy's address, not the person's: the
X-Forwarded-Host, -Proto and -For headers say what the person asked for and from where. Anyone
can send those headers, so they are believed only from the proxy addresses named in
office.yaml (`trusted_proxies`), never otherwise. The address asked for must be the public
URL's; a form must come from a page of that same address (its Origin). Every refusal fails
closed.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from .config import OfficeConfig

# Pages of the service are never framed, kept by caches, or given away in a Referer.
HEADERS = (
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Content-Security-Policy", "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")


@dataclass(frozen=True)
class Asked:
    host: str  # as the person typed it (public_url's host when all is well)
    scheme: str
    client: str  # the person's computer's address


def _trusted(address: str, config: OfficeConfig) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in config.proxies)


def _first(value: str) -> str:
    return value.split(",", 1)[0].strip()


def asked(environ: dict[str, Any], config: OfficeConfig) -> Asked:
    remote = environ.get("REMOTE_ADDR", "")
    if not _trusted(remote, config):
        return Asked(environ.get("HTTP_HOST", ""), environ.get("wsgi.url_scheme", "http"), remote)
    host = _first(environ.get("HTTP_X_FORWARDED_HOST", "")) or environ.get("HTTP_HOST", "")
    scheme = _first(environ.get("HTTP_X_FORWARDED_PROTO", "")) or environ.get("wsgi.url_scheme", "http")
    client = remote
    for hop in reversed([h.strip() for h in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]):
        client = hop
        if not _trusted(hop, config):
            break
    return Asked(host, scheme.lower(), client)


def _normal(host: str, scheme: str) -> str:
    host = host.lower()
    default = ":443" if scheme == "https" else ":80"
    return host[: -len(default)] if host.endswith(default) else host


def wrong_address(request: Asked, config: OfficeConfig) -> bool:
    return _normal(request.host, request.scheme) != config.public_host or request.scheme != config.public_scheme


def foreign_form(environ: dict[str, Any], config: OfficeConfig) -> bool:
    """A form sent from anywhere but the service's own pages (or from nowhere said)."""
    return bool(environ.get("HTTP_ORIGIN", "") != config.public_origin)


def cookies(environ: dict[str, Any]) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(environ.get("HTTP_COOKIE", ""))
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def cookie_name(config: OfficeConfig, base: str) -> str:
    """__Host- cookies are sent only over https, to this host, for the whole site: the safest kind."""
    return f"__Host-{base}" if config.secure else base


def set_cookie(config: OfficeConfig, base: str, value: str, max_age: int | None = None) -> tuple[str, str]:
    parts = [f"{cookie_name(config, base)}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if config.secure:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return ("Set-Cookie", "; ".join(parts))


def clear_cookie(config: OfficeConfig, base: str) -> tuple[str, str]:
    return set_cookie(config, base, "", max_age=0)


class RateLimit:
    """At most `limit` requests per `seconds` from one address (kept in memory, bounded)."""

    def __init__(self, limit: int, seconds: float, max_addresses: int = 10_000):
        self.limit, self.seconds, self.max_addresses = limit, seconds, max_addresses
        self.seen: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def allow(self, address: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self.lock:
            times = self.seen.pop(address, None) or deque()
            while times and now - times[0] > self.seconds:
                times.popleft()
            if len(times) >= self.limit:
                self.seen[address] = times
                return False
            times.append(now)
            self.seen[address] = times  # most recent last: the oldest are dropped first
            while len(self.seen) > self.max_addresses:
                self.seen.pop(next(iter(self.seen)))
            return True


def read_form(environ: dict[str, Any], limit: int = 100_000) -> dict[str, list[str]]:
    length = environ.get("CONTENT_LENGTH", "")
    if (
        not length.isdigit()
        or int(length) > limit
        or not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
    ):
        return {}
    return parse_qs(environ["wsgi.input"].read(int(length)).decode("utf-8", "replace"), keep_blank_values=True)
