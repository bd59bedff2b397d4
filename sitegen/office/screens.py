"""The office's own screens: sign-in, messages, the bar saying who is signed in, and review.

Review and publishing (`/office/changes`) replaces the editor's "Changes and publishing":
what is waiting (each saved change with who made it and when), the same plain-words summary
of what publishing would change, and the one action the person may take. Editors send
changes for review; publishers approve and publish. Where the office requires review,
nobody publishes a change they made themselves.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import jinja2
from markupsafe import Markup, escape

from ..editor.changes import drafts
from ..editor.context import EditorContext
from ..editor.gitrepo import GitProblem
from ..editor.ui import HERE as EDITOR_HERE
from ..editor.ui import STATUS_WORDS, Shown
from . import publishing
from .service import Reply, Service

if TYPE_CHECKING:
    from .store import Session

STATUS = MappingProxyType({**STATUS_WORDS, 429: "Too Many Requests", 502: "Bad Gateway", 503: "Service Unavailable"})
_env = jinja2.Environment(
    loader=jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
            jinja2.FileSystemLoader(str(EDITOR_HERE / "templates")),
        ]
    ),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["sentence"] = lambda text: (text[:1].upper() + text[1:]) if text else text


def _html(status: int, template: str, **context: Any) -> Reply:
    return (
        status,
        [("Content-Type", "text/html; charset=utf-8")],
        _env.get_template(template).render(**context).encode(),
    )


def message(status: int, title: str, text: str, link: tuple[str, str] | None = None) -> Reply:
    return _html(status, "office_message.html", title=title, text=text, link=link)


def query(environ: dict[str, Any]) -> dict[str, list[str]]:
    return parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)


def first(values: dict[str, list[str]], name: str) -> str:
    found = values.get(name)
    return found[0] if found else ""


def sign_in_page(office: Service, status: int, token: str, target: str, problem: str, note: str) -> Reply:
    settings = office.config.settings.sign_in
    provider = settings.openid_connect.name if settings.openid_connect else ""
    return _html(
        status,
        "sign_in.html",
        token=token,
        target=target,
        problem=problem,
        note=note,
        passwords=settings.local_accounts,
        provider=provider,
    )


def sign_in_css(office: Service) -> Reply:
    """The site's and the editor's stylesheets, for the sign-in page (everything else needs sign-in)."""
    site = office.state.files.get("static/css/site.css", b"")
    return 200, [("Content-Type", "text/css; charset=utf-8")], site + b"\n" + (EDITOR_HERE / "editor.css").read_bytes()


_BODY = re.compile(rb"<body[^>]*>")
# The editor's own footer speaks of one computer; in the office it is shared.
ONE_COMPUTER = (
    b"This editor runs on your computer only. What you save shows in the preview at once; readers see it after you "
    b'publish it from <a href="/edit/changes">Changes and publishing</a>.'
)
SHARED = (
    b"This editor is shared by your office. What you save shows in everyone's preview at once, under your name; "
    b'readers see it after it is published from <a href="/office/changes">Review and publish</a>.'
)


def in_office(html: bytes, office: Service, session: Session) -> bytes:
    """A page of the editor or the preview, with who is signed in (and Sign out) at its top."""
    bar = office_bar(office, session).encode()
    return _BODY.sub(lambda match: match.group(0) + bar, html, count=1).replace(ONE_COMPUTER, SHARED, 1)


def office_bar(office: Service, session: Session) -> str:
    person = session.person
    return str(
        Markup(
            '<nav class="preview-edit" aria-label="Your account"><div class="wrapper"><ul>'
            '<li><span class="office-person">Signed in as {name} ({role})</span></li>'
            '<li><a href="/office/changes">Review and publish</a></li>'
            '<li><form method="post" action="/office/sign-out"><input type="hidden" name="token" value="{token}">'
            '<button type="submit" class="button-secondary">Sign out</button></form></li>'
            "</ul></div></nav>"
        ).format(name=person.name, role=person.role, token=session.csrf)
    )


# --- review and publishing ------------------------------------------------------------------------
def route(office: Service, method: str, path: str, session: Session, form: dict[str, list[str]]) -> Reply:
    if path == "/office/changes" and method in ("GET", "HEAD"):
        return changes_page(office, session)
    if path == "/office/send" and method == "POST":
        return send(office, session, form)
    if path == "/office/publish" and method == "POST":
        return publish(office, session, form)
    return message(404, "Not found", "The editor has no page at this address.", link=("/edit/", "All pages and lists"))


def _settings(office: Service) -> tuple[str, str]:
    return office.config.settings.git.remote, office.config.settings.git.branch


def changes_page(
    office: Service, session: Session, status: int = 200, problem: str = "", problems: tuple[Shown, ...] = ()
) -> Reply:
    remote, branch = _settings(office)
    root = office.root
    fetch_problem = publishing.fetch(root, remote, branch)
    review = office.store.waiting_review()
    head = publishing.head(root)
    if review is not None and not publishing.waiting(root, remote, branch, review.sha):
        office.store.decide(review.id, "published", session.person)  # published meanwhile (elsewhere)
        review = None
    upto = review.sha if review is not None else head
    commits = publishing.waiting(root, remote, branch, upto)
    later = [c for c in publishing.waiting(root, remote, branch, head) if c.sha not in {x.sha for x in commits}]
    mine = any(c.email.lower() == session.person.email.lower() for c in commits)
    required = office.config.settings.review_required
    status, headers, body = _html(
        status,
        "review.html",
        warnings=[],
        title="Review and publish",
        site_title=site_title(office),
        current="changes",
        token=session.csrf,
        person=session.person,
        review=review,
        commits=commits,
        later=later,
        changes=publishing.changed_files(root, remote, branch, upto) if commits else [],
        drafts=drafts_of(office),
        upto=upto,
        mine=mine,
        required=required,
        remote=remote,
        branch=branch,
        fetch_problem=fetch_problem,
        problem=problem,
        problems=list(problems),
        notice={"text": office.notices.pop(session.person.key), "link": None, "warnings": [], "undo": ()}
        if session.person.key in office.notices
        else None,
        summary_lead="Nothing was published.",
    )
    return status, headers, in_office(body, office, session)


def site_title(office: Service) -> str:
    content = getattr(office.state, "content", None)
    return str(content.config.title) if content is not None else "the site"


def drafts_of(office: Service) -> list[str]:
    return drafts(EditorContext(office.root, office.state))


def send(office: Service, session: Session, form: dict[str, list[str]]) -> Reply:
    remote, branch = _settings(office)
    head = publishing.head(office.root)
    if not publishing.waiting(office.root, remote, branch, head):
        return changes_page(
            office, session, 409, "There is nothing to send for review: every saved change is published."
        )
    note = " ".join(first(form, "note").split())[:500]
    office.store.send_for_review(head, session.person, note)
    office.log(f"sent for review: by {session.person.name}")
    office.notices[session.person.key] = "Sent for review. A publisher sees it on this page and can approve it."
    return 303, [("Location", "/office/changes")], b""


def publish(office: Service, session: Session, form: dict[str, list[str]]) -> Reply:
    person = session.person
    remote, branch = _settings(office)
    if not person.is_publisher:
        return message(
            403,
            "Only publishers can publish",
            "Send your changes for review instead: a publisher will approve and publish them.",
            link=("/office/changes", "Review and publish"),
        )
    required = office.config.settings.review_required
    review = office.store.waiting_review()
    sha = first(form, "sha")
    if required:
        if review is None or sha != review.sha:
            return changes_page(
                office,
                session,
                409,
                "What was sent for review has changed since you opened this page. Check it again below.",
            )
        authors = {c.email.lower() for c in publishing.waiting(office.root, remote, branch, sha)}
        if person.email.lower() in authors:
            return changes_page(
                office,
                session,
                403,
                "You made some of these changes, so another publisher must review and publish them.",
            )
    elif not publishing.is_waiting(office.root, remote, branch, sha):
        # What the publisher saw is what is published; anything saved since stays waiting.
        return changes_page(office, session, 409, "These changes are no longer waiting to be published. Check below.")
    message_text = review.note if review is not None and review.note else f"Published by {person.name}"
    try:
        said = publishing.publish(office.root, remote, branch, sha, message_text, office.let_go)
    except publishing.Blocked as blocked:
        shown = tuple(Shown(p, "", f"{p.file}, line {p.line}" if p.line else p.file) for p in blocked.problems)
        return changes_page(office, session, 409, "", shown)
    except GitProblem as error:
        return changes_page(office, session, 409, str(error))
    if review is not None and sha == review.sha:
        office.store.decide(review.id, "published", person)
    office.rebuild()
    office.log(f"published: by {person.name} ({sha[:12]})")
    office.notices[person.key] = said
    return 303, [("Location", "/office/changes")], b""


def escape_text(text: str) -> str:
    return str(escape(text))
