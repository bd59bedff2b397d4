"""The office service: the preview and the editor for a team, each request from a signed-in person.

Every request passes the gate first (the public address, forms from the service's own pages,
see `gate`); then either it is one of the sign-in pages, or it must carry a live session
(`store`). Signed in, a person reaches the preview and the editor as they work on one
computer, with three differences: each save is recorded at once as a commit authored by
them; the editor's forms carry their session's own secret token (a per-person editor,
which refuses any other); and "Changes and publishing" becomes the office's review and
publishing screen (`screens`).
"""

from __future__ import annotations

import hmac
import re
import secrets
import sys
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from wsgiref.types import StartResponse

from markupsafe import Markup

from ..editor import Editor, mount
from ..editor.author import acting_as
from ..editor.gitrepo import GitProblem
from ..errors import printable
from ..preview.server import PreviewState, make_app, rebuild
from . import as_published, gate, publishing, screens, signing_in
from .config import OfficeConfig
from .oidc import Provider
from .service import Reply
from .store import Store, digest

SESSION = "sitegen-session"
PUBLIC = ("/office/sign-in", "/office/sign-in.css", "/office/sign-in/provider", "/office/signed-in")
MAX_EDITORS = 200
POSTS_PER_MINUTE = 60  # more is a script gone wrong, not a person
CLEAN_SECONDS = 600  # how often expired sessions, sign-ins and counted failures are deleted
UNREACHABLE = (
    "The site's repository could not be reached just now, so this shows the copy kept on this server, "
    "which may not have the very latest published changes. You can carry on: what you save is joined "
    "with those changes when they come in, and nothing is lost. If this stays, tell the person who looks after the editor."
)
MAIN = re.compile(rb"<main\b[^>]*>")


class Office:
    def __init__(self, root: Path, config: OfficeConfig, store: Store, log: Callable[[str], None] | None = None):
        self.root = root.resolve()
        self.config = config
        self.store = store
        self.log = log or (lambda text: print(printable(text, keep_line_breaks=True), file=sys.stderr, flush=True))
        oidc = config.settings.sign_in.openid_connect
        self.provider = Provider(oidc, config) if oidc is not None else None
        self.secret = secrets.token_bytes(32)  # signs the sign-in form's token
        self.state = PreviewState()
        self.lock = threading.RLock()  # one git working copy: one change at a time
        self.editors: OrderedDict[str, Editor] = OrderedDict()
        self.built: dict[str, dict[str, bytes]] = {}  # the site as it would be published, by commit: one at most
        self.notices: dict[str, str] = {}  # the outcome of each person's last action, shown once
        self.limit = gate.RateLimit(120, 60)  # sign-in pages, per address per minute
        self.post_limit = gate.RateLimit(POSTS_PER_MINUTE, 60)  # forms, per person per minute
        self.git = (config.settings.git.remote, config.settings.git.branch)
        self.fetching = threading.Lock()
        self.cleaned_at = -float(CLEAN_SECONDS)
        self.rebuild()
        self.preview = mount(make_app(self.state, ""), self.root, self.state, "127.0.0.1", config.listen_port)

    def rebuild(self) -> None:
        rebuild(self.root, self.state, None, False, self.log, self.config.public_origin + "/")

    # --- WSGI -----------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        try:
            status, headers, body = self.handle(environ)
        except Exception:  # A bug: say so plainly, keep serving, show nothing of it.
            traceback.print_exc(file=sys.stderr)
            status, headers, body = screens.message(
                500,
                "The editor failed",
                "This is a bug in the service, not a mistake of yours. Tell the person who looks after the editor what you were doing.",
            )
        names = {name.lower() for name, _ in headers}
        headers = [
            *headers,
            *(h for h in gate.HEADERS if h[0].lower() not in names or h[0] == "Content-Security-Policy"),
        ]
        if self.config.secure:
            headers.append(gate.HSTS)
        if "cache-control" not in names:
            headers.append(("Cache-Control", "no-store"))
        else:  # a versioned stylesheet may be kept, but only by this person's browser
            headers = [
                (k, "private, " + v if k.lower() == "cache-control" and "max-age" in v else v) for k, v in headers
            ]
        start_response(f"{status} {screens.STATUS.get(status, '')}".strip(), headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    def handle(self, environ: dict[str, Any]) -> Reply:
        asked = gate.asked(environ, self.config)
        if gate.wrong_address(asked, self.config):
            return screens.message(
                403,
                "Refused: wrong address",
                f"The editor answers only at {self.config.public_origin}/. Open it there.",
            )
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD", "POST"):
            return screens.message(
                405, "Refused", "The editor only answers to pages being opened and forms being sent."
            )
        if method == "POST" and gate.foreign_form(environ, self.config):
            return screens.message(
                403,
                "Refused: the form did not come from the editor",
                "Forms can only be sent from the editor's own pages. Open the page again and send the form from there.",
            )
        path = environ.get("PATH_INFO", "/") or "/"
        jar = gate.cookies(environ)
        if path in PUBLIC:
            if not self.limit.allow(asked.client):
                return screens.message(
                    429,
                    "Too many requests",
                    "Too many requests came from your computer in the last minute. Wait a minute and try again.",
                )
            return signing_in.route(self, environ, path, jar, asked.client)
        session_id = jar.get(gate.cookie_name(self.config, SESSION), "")
        idle, lifetime = (
            self.config.settings.sessions.idle_minutes * 60,
            self.config.settings.sessions.lifetime_hours * 3600,
        )
        if time.monotonic() - self.cleaned_at > CLEAN_SECONDS:  # the database stays as small as the office
            self.cleaned_at = time.monotonic()
            self.store.forget_expired(idle, lifetime)
        # The preview's own check for a new build (every 300 ms) is not activity: it must not keep a session alive.
        session = self.store.session(session_id, idle, lifetime, touch=path != "/__preview__/build")
        if session is None:
            return signing_in.ask_to_sign_in(self, method, path, environ.get("QUERY_STRING", ""), bool(session_id))
        if method == "POST" and not self.post_limit.allow(session.person.key):
            return screens.message(
                429,
                "Too many changes at once",
                f"More than {POSTS_PER_MINUTE} forms were sent under your name in the last minute, so this one was "
                "not taken. Wait a minute, then go back and send it again.",
            )
        form: dict[str, list[str]] = {}
        if path.startswith("/office/"):
            if method == "POST":
                form = gate.read_form(environ)
                if not hmac.compare_digest(_one(form, "token").encode(), session.csrf.encode()):
                    return screens.message(
                        403,
                        "Refused: this form has expired",
                        "The form did not carry your current security token (you may have signed in again since). Nothing was done. Open the page again.",
                    )
            if path == "/office/sign-out" and method == "POST":
                return signing_in.sign_out(self, session_id, session)
            with self.lock, acting_as(session.person.name, session.person.email):
                if path.startswith(as_published.PREFIX) and method in ("GET", "HEAD"):
                    return as_published.serve(self, session, path)
                return screens.route(self, method, path, session, form)
        if path in ("/edit/changes", "/edit/publish"):
            return 303, [("Location", "/office/changes")], b""
        if path == "/edit" or path.startswith("/edit/"):
            return self.edit(environ, session_id, session)
        return self.capture(self.preview, environ, session)

    # --- the editor and the preview, for one person ----------------------------------------------
    def editor_for(self, session_id: str, csrf: str) -> Editor:
        key = digest(session_id)
        editor = self.editors.pop(key, None)
        if editor is None:
            editor = Editor(self.root, "127.0.0.1", self.config.listen_port, self.state, self.rebuild)
            editor.context.token = csrf  # the session's own: the editor refuses any other
        self.editors[key] = editor
        while len(self.editors) > MAX_EDITORS:
            self.editors.popitem(last=False)
        return editor

    def forget_editor(self, session_id: str) -> None:
        self.editors.pop(digest(session_id), None)

    def take_in_published(self) -> str:
        """Before every screen of the editor: fetch the live branch (one branch, so it is quick: see
        docs/office.md) and merge what was published elsewhere. "" or, when the site's repository
        could not be reached, a sentence for the screen, which is shown all the same."""
        with self.fetching:  # one fetch at a time; saves go on meanwhile
            problem = publishing.fetch(self.root, *self.git)
        if problem:
            self.log(f"warning: {problem}")
            return UNREACHABLE
        host = self.config.public_host.split(":")[0]
        with self.lock, acting_as("Office editor", f"office-editor@{host}"):
            try:
                changed, problem = publishing.take_in(self.root, *self.git, fetched=True)
            except GitProblem as error:
                changed, problem = False, str(error)
            if changed:
                self.log("took in what was published elsewhere")
                self.rebuild()
        if problem:
            self.log(f"warning: {problem}")
        return ""

    def edit(self, environ: dict[str, Any], session_id: str, session: Any) -> Reply:
        note = ""
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get("PATH_INFO", "").endswith(
            (".css", ".js")
        ):
            note = self.take_in_published()
        with self.lock:
            editor = self.editor_for(session_id, session.csrf)
            # The gate has checked the address and the form's origin against the public URL; the
            # editor checks them again against its own address, which is what it is shown here.
            inside = urlsplit(editor.address)
            environ = {**environ, "HTTP_HOST": inside.netloc}
            if environ.get("REQUEST_METHOD") == "POST":
                environ["HTTP_ORIGIN"] = f"{inside.scheme}://{inside.netloc}"
            with acting_as(session.person.name, session.person.email):
                before = self.head() if environ.get("REQUEST_METHOD") == "POST" else ""
                reply = self.capture(editor, environ, session, note)
                if environ.get("REQUEST_METHOD") == "POST":
                    try:
                        # The editor commits each save itself; anything it left is committed here.
                        for said in [*publishing.recorded_since(self.root, before), publishing.commit_saved(self.root)]:
                            if said:
                                self.log(f"saved by {session.person.name}: {said}")
                    except GitProblem as error:
                        self.log(f"git could not record a save: {error}")
            return reply

    def head(self) -> str:
        try:
            return publishing.head(self.root)
        except GitProblem:
            return ""

    def capture(self, app: Any, environ: dict[str, Any], session: Any, note: str = "") -> Reply:
        seen: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
            seen["status"], seen["headers"] = status, headers
            return lambda data: None

        body = b"".join(app(environ, start))
        headers = [(k, v) for k, v in seen["headers"] if k.lower() != "content-length"]
        status = int(seen["status"].split()[0])
        if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            body = screens.in_office(body, self, session)
            if note:  # at the top of the screen's main part, where it is read first
                body = MAIN.sub(lambda found: found.group(0) + _note(note), body, count=1)
        return status, headers, body


def _note(text: str) -> bytes:
    return str(
        Markup(
            '<div class="notification-banner" role="region" aria-labelledby="fetch-note-title">'
            '<h2 class="notification-banner-title" id="fetch-note-title">Important</h2>'
            '<p class="notification-banner-heading">{}</p></div>'
        ).format(text)
    ).encode()


def _one(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name)
    return values[0] if values else ""
