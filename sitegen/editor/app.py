"""The editor's web app: who may ask (security), what each address does (routing).

It runs inside the preview (`build.py serve`) under /edit/, on this computer only, and is
never part of a build. Every request must name the address it is served at in its Host
header (a web page elsewhere cannot reach it through a look-alike domain, "DNS
rebinding"); every form post must come from the editor's own pages (its Origin header)
and carry the editor's secret token (a page on another site can neither see nor guess
it); request bodies are limited in size before they are read; and files are only ever
written inside content/ (see `store`). Every refusal is a plain page saying why: the
editor fails closed.
"""

from __future__ import annotations

import hmac
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qs, urlencode
from wsgiref.types import StartResponse, WSGIEnvironment

from ..errors import ContentError, SiteError
from . import changes, clash_screen, history_screens, list_screens, page_screens
from .bodies import BodyRefused, limit_for, read_form, too_big
from .context import EditorContext, LastBuild
from .joining import ItemClash
from .saving import Conflict, site_title
from .store import PathRefused
from .ui import ASSETS, HERE, SECURITY_HEADERS, STATUS_WORDS, Request, Response, message_page

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Editor:
    """The editor of one project, served at http://HOST:PORT/edit/."""

    root: Path
    host: str
    port: int
    state: LastBuild | None = None  # the preview's PreviewState: its last good build
    after_save: Callable[[], None] = lambda: None  # the preview rebuilds at once

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.context = EditorContext(self.root, self.state, self.after_save)  # what the screens are given
        names = {self.host, "127.0.0.1", "localhost"} if self.host in LOOPBACK else {self.host}
        self.hosts = {f"[{n}]:{self.port}" if ":" in n else f"{n}:{self.port}" for n in names}
        self.origins = {f"http://{host}" for host in self.hosts}

    @property
    def token(self) -> str:
        return self.context.token

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    # --- WSGI ------------------------------------------------------------------------------
    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        try:
            response = self.refusal(environ) or self.answer(environ)
        except ItemClash as clash:  # Both changed the same field: the person saving chooses.
            response = clash_screen.page(self.context, clash)
        except Conflict as error:
            response = conflict_page(self.context, environ.get("PATH_INFO", ""), error.name)
        except PathRefused as error:
            response = message_page(
                404, "The editor cannot open this", str(error), link=("/edit/", "All pages and lists")
            )
        except Exception as error:
            explained = setup_problem(error) if isinstance(error, SiteError) else None
            if explained is not None:
                response = explained
            else:  # A bug, not an editor's mistake: say so, keep serving, change nothing.
                traceback.print_exc(file=sys.stderr)
                response = message_page(
                    500,
                    "The editor failed",
                    "This is a bug in the editor, not a mistake of "
                    "yours. Nothing was saved. Please tell a maintainer what you were doing; "
                    "the details are in the terminal running the preview.",
                )
        headers = [("Content-Type", response.content_type), *SECURITY_HEADERS, *response.headers]
        start_response(f"{response.status} {STATUS_WORDS.get(response.status, '')}".strip(), headers)
        return [response.body] if environ.get("REQUEST_METHOD") != "HEAD" else []

    def refusal(self, environ: WSGIEnvironment) -> Response | None:
        """Why this request is refused, or None: checked before anything is read or done."""
        host = environ.get("HTTP_HOST", "")
        if host not in self.hosts:
            return message_page(
                403,
                "Refused: wrong address",
                f"The editor only answers at {self.address}edit/. Open it at that address.",
            )
        method = environ.get("REQUEST_METHOD", "GET")
        if method in ("GET", "HEAD"):
            return None
        if method != "POST":
            return message_page(405, "Refused", "The editor only answers to pages being opened and forms being sent.")
        if environ.get("HTTP_ORIGIN", "") not in self.origins:
            return message_page(
                403,
                "Refused: the form did not come from the editor",
                "Forms can only be sent from the editor's own pages. Go back to the editor, "
                "open the page again and send the form from there.",
                link=("/edit/", "Open the editor"),
            )
        length = environ.get("CONTENT_LENGTH", "")
        if not (length.isascii() and length.isdigit()) and not (not length and environ.get("wsgi.input_terminated")):
            return message_page(411, "Refused", "The form was sent without saying how long it is.")
        limit = limit_for(environ.get("CONTENT_TYPE", ""))
        if length and int(length) > limit:  # Refused before a byte of it is read.
            refused = too_big(limit)
            return message_page(refused.status, refused.title, refused.text, link=("/edit/", "Back to the editor"))
        return None

    def answer(self, environ: WSGIEnvironment) -> Response:
        method = environ.get("REQUEST_METHOD", "GET")
        request = Request(
            "GET" if method == "HEAD" else method,  # HEAD: as GET (the body is left out in __call__)
            environ.get("PATH_INFO", "/"),
            parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True),
        )
        if request.method == "POST":
            length = environ.get("CONTENT_LENGTH", "")
            try:
                request.form, request.uploads = read_form(
                    environ["wsgi.input"], environ.get("CONTENT_TYPE", ""), int(length) if length else None
                )
            except BodyRefused as refused:
                return message_page(refused.status, refused.title, refused.text, link=("/edit/", "Back to the editor"))
            if not hmac.compare_digest(request.value("token").encode(), self.token.encode()):
                return message_page(
                    403,
                    "Refused: this form has expired",
                    "The form did not carry the editor's current security token (the preview may "
                    "have been restarted since you opened it). Nothing was saved. Open the page "
                    "again and repeat your change.",
                    link=("/edit/", "Open the editor"),
                )
        route = ROUTES.get((request.method, request.path.rstrip("/") or "/"))
        if route is None:
            if request.method == "GET" and request.path.removeprefix("/edit/") in ASSETS:
                name = request.path.removeprefix("/edit/")
                return Response(200, (HERE / name).read_bytes(), ASSETS[name])
            return message_page(
                404, "Not found", "The editor has no page at this address.", link=("/edit/", "All pages and lists")
            )
        return route(self.context, request)


def setup_problem(error: SiteError) -> Response | None:
    """The page for a problem in how the site is set up (SITEGEN_TODAY is not a date, say): not a
    bug, so its own words and hint, not a traceback. None for content errors: the screens show
    those themselves, so one that gets here is a bug."""
    if isinstance(error, ContentError):
        return None
    print(error.report(), file=sys.stderr)
    hint = f" ({error.hint})" if error.hint else ""
    return message_page(
        500,
        "The site cannot be checked",
        f"{error.message}{hint}. Nothing was saved. Ask a maintainer to put this right.",
        link=("/edit/", "All pages and lists"),
    )


def conflict_page(editor: EditorContext, path: str, name: str) -> Response:
    """The one answer to a change made from a version of the file that is no longer on disk."""
    screen = path.rstrip("/") if path.rstrip("/") in ("/edit/page", "/edit/text", "/edit/settings") else "/edit/list"
    return message_page(
        409,
        "The file changed since you opened it",
        f"{name} was changed (in another window, or by someone else) after you opened this form, "
        "so nothing was saved: saving would have undone that change. Open it again and repeat "
        "your change.",
        site_title(editor),
        (f"{screen}?{urlencode({'file': name}, safe='/')}", "Open it again"),
    )


ROUTES: Mapping[tuple[str, str], Callable[[EditorContext, Request], Response]] = MappingProxyType(
    {
        ("GET", "/edit"): page_screens.index,
        ("GET", "/edit/page"): page_screens.edit_page,
        ("POST", "/edit/page"): page_screens.edit_page,
        ("GET", "/edit/new"): page_screens.new_file,
        ("POST", "/edit/new"): page_screens.new_file,
        ("GET", "/edit/text"): page_screens.edit_text,
        ("POST", "/edit/text"): page_screens.edit_text,
        ("GET", "/edit/list"): list_screens.show_list,
        ("GET", "/edit/item"): list_screens.edit_item,
        ("POST", "/edit/item"): list_screens.edit_item,
        ("POST", "/edit/item/move"): list_screens.move_item,
        ("POST", "/edit/item/remove"): list_screens.remove_item,
        ("POST", "/edit/undo"): history_screens.undo,
        ("GET", "/edit/settings"): list_screens.edit_settings,
        ("POST", "/edit/settings"): list_screens.edit_settings,
        ("GET", "/edit/changes"): changes.show_changes,
        ("POST", "/edit/publish"): changes.publish,
    }
)
