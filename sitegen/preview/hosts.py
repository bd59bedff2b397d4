"""The preview answers only at the addresses it is served at, and answers HEAD as GET.

A web page elsewhere could otherwise point a name of its own at this computer ("DNS
rebinding") and read the preview through it, drafts included: every request must name one
of the preview's own addresses in its Host header, or it gets 421 and nothing else.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

LOOPBACK = ("127.0.0.1", "localhost", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::", "")


def served_hosts(host: str, port: int, base_url: str) -> Callable[[str], bool]:
    """Which Host headers the preview answers: the names it is served at, never any other.

    A web page elsewhere could otherwise point a name of its own at this computer ("DNS
    rebinding") and read the preview, drafts included. On this computer alone, the
    loopback names; on a given address, that address; listening on every address, any
    address written as numbers (a name is what rebinding needs) and localhost. The
    --base-url's host is served too.
    """
    names = {host, *LOOPBACK} if host in LOOPBACK else {host}
    named = urlsplit(base_url).hostname
    if named:
        names.add(named)

    def answers(header: str) -> bool:
        found = urlsplit("//" + header)
        try:
            name, asked_port = found.hostname or "", found.port
        except ValueError:
            return False
        if asked_port not in (port, None) or (asked_port is None and port != 80):
            return False
        if name in names:
            return True
        if host in EVERY_ADDRESS:
            try:
                ipaddress.ip_address(name)
            except ValueError:
                return name == "localhost"
            return True
        return False

    return answers


def answering_only(app: WSGIApplication, answers: Callable[[str], bool]) -> WSGIApplication:
    """The app, answering only the Host names it serves (421 otherwise), and HEAD as GET
    without the body (livereload's server drops the connection on a HEAD with a body)."""

    def guarded(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not answers(environ.get("HTTP_HOST", "")):
            start_response("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [] if environ.get("REQUEST_METHOD") == "HEAD" else [MISDIRECTED]
        if environ.get("REQUEST_METHOD") != "HEAD":
            return app(environ, start_response)
        body = app(environ, start_response)
        close = getattr(body, "close", None)
        if close is not None:
            close()
        return []

    return guarded


MISDIRECTED = (
    b"This preview is not served at this address. Open it at the address the preview "
    b"printed when it started (like http://127.0.0.1:8000/)."
)
