"""What every editor screen shares: the request, the response, the templates and the messages.

Screens are HTML forms that work without JavaScript (buttons that POST); editor.js only
adds comfort. Problems are shown in the GOV.UK error-summary pattern, in the very words the
command line prints (`Problem.message` and `hint`), each linked to the field it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlencode

import jinja2

from ..errors import Problem

HERE = Path(__file__).parent
ASSETS = MappingProxyType({"editor.css": "text/css; charset=utf-8", "editor.js": "text/javascript; charset=utf-8"})
# No inline script or style, no framing, forms post only here: the editor runs on the editor's
# own computer, with the power to change the site, so it is locked down like the site itself.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    # Not "no-referrer": with it, browsers send "Origin: null" on form posts, which the editor refuses.
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


@dataclass
class Upload:
    filename: str
    data: bytes


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    form: dict[str, list[str]] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name) or self.form.get(name)
        return values[0] if values else default

    def value(self, name: str, default: str = "") -> str:
        values = self.form.get(name)
        return values[0] if values else default


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


STATUS_WORDS = MappingProxyType(
    {
        200: "OK",
        303: "See Other",
        400: "Bad Request",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        409: "Conflict",
        411: "Length Required",
        413: "Content Too Large",
        500: "Internal Server Error",
    }
)


def redirect(path: str, **query: str) -> Response:
    target = path + ("?" + urlencode({k: v for k, v in query.items() if v}, safe="/") if query else "")
    return Response(303, b"", headers=[("Location", target)])


_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(HERE / "templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["sentence"] = lambda text: (text[:1].upper() + text[1:]) if text else text
_environment.filters["addressed"] = lambda path: "/" + path


def render(template: str, status: int = 200, /, **context: object) -> Response:
    context.setdefault("problems", [])
    context.setdefault("warnings", [])
    context.setdefault("notice", None)
    context.setdefault("current", "")
    html = _environment.get_template(template).render(**context)
    return Response(status, html.encode("utf-8"))


def message_page(
    status: int, title: str, text: str, site_title: str = "", link: tuple[str, str] | None = None
) -> Response:
    return render("message.html", status, title=title, text=text, site_title=site_title, link=link, token="")


# --- problems, by field -------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A problem as a form shows it: by its field (`target` is the control's id) or at the top."""

    problem: Problem
    target: str  # "#f-period" or "" (no field on this screen)
    where: str  # "content/timeline.yaml, line 34", or "" for this field

    @property
    def message(self) -> str:
        return self.problem.message

    @property
    def hint(self) -> str:
        return self.problem.hint


_QUOTED_FIELD = re.compile(r"^'([a-z_]+)'")


def place(
    problems: list[Problem],
    file: str,
    field_lines: Mapping[str, tuple[int, int]],
    field_ids: Mapping[str, str],
    fallback: str = "",
) -> list[Shown]:
    """Each problem with the control it is about: named in the message ('period' must …), or
    by the lines its field takes in the file."""
    shown = []
    for problem in problems:
        target = ""
        if problem.file == file:
            named = _QUOTED_FIELD.match(problem.message)
            if named and named.group(1) in field_ids:
                target = field_ids[named.group(1)]
            elif problem.line:
                for name, (first, last) in field_lines.items():
                    if first <= problem.line <= last and name in field_ids:
                        target = field_ids[name]
                        break
            target = target or fallback
        where = "" if target and target != fallback else _where(problem)
        shown.append(Shown(problem, "#" + target if target else "", where))
    return shown


def _where(problem: Problem) -> str:
    return f"{problem.file}, line {problem.line}" if problem.line else problem.file


def by_field(shown: list[Shown]) -> dict[str, list[Shown]]:
    found: dict[str, list[Shown]] = {}
    for item in shown:
        if item.target:
            found.setdefault(item.target[1:], []).append(item)
    return found
