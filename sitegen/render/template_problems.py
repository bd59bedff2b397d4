"""Mistakes in the templates, told like mistakes in the content.

Whoever edits templates/ gets what an editor gets for a typo in content/: the file, the
line, the line itself and a hint; exit status 1 and the last good site untouched; never
a traceback, and never a site published without its styles.

- `problems_before_rendering`: what can be known before anything is rendered: the files
  that could not be read (`Project.problems`), every template compiled (syntax errors,
  unknown filters and tests), and every static file a template links to present.
- `reported_as_problems`: around rendering, turns an error raised by a template (an
  unknown name, an included template that does not exist, an expression that fails) into
  a `ContentError` at the template's line. Errors that are not the template's doing stay
  exceptions with their traceback: they are bugs.
- `TemplateFiles`: the loader, which names each template by its file (templates/NAME), so
  that Jinja's errors and the tracebacks it rewrites say which template, and which line.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.tests import TESTS as DEFAULT_TESTS

from ..errors import ContentError, Problem, SiteError

if TYPE_CHECKING:
    from ..read.project_files import Project

FOLDER = "templates"
_JINJA = os.path.dirname(jinja2.__file__)

_BLOCK_HINT = (
    "check the {{ }} and {% %} on this line: each '{{' needs its '}}' and each '{%' its '%}', "
    "and each {% if %}, {% for %} or {% block %} its {% endif %}, {% endfor %} or {% endblock %}"
)


class TemplateFiles(jinja2.DictLoader):
    """The templates held in memory, each known by its file in the project."""

    def get_source(  # type: ignore[override]  # A file name where DictLoader gives None: that is the point.
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Any]:
        source, _, uptodate = super().get_source(environment, template)
        return source, f"{FOLDER}/{template}", uptodate


def problems_before_rendering(
    project: Project, environment: jinja2.Environment, required_static: Iterable[str] = ()
) -> list[Problem]:
    """Every problem found without rendering: unreadable files, template syntax, missing static files.

    required_static: static files the generator itself uses (an inlined script, say).
    """
    found = list(project.problems)
    for name in sorted(project.templates):
        try:
            environment.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            found.append(_syntax_problem(error, project.templates, environment))
    if not any(problem.file.rstrip("/") == "static" for problem in found):  # The whole folder: said once.
        found.extend(_missing_static(project.templates, project.static, required_static))
    return sorted(found, key=lambda problem: (problem.file, problem.line or 0))


@contextmanager
def reported_as_problems(templates: Mapping[str, str], environment: jinja2.Environment | None = None) -> Iterator[None]:
    """Run the block; an error a template caused becomes a `ContentError` naming its line."""
    try:
        yield
    except SiteError:
        raise
    except Exception as error:
        problem = template_problem(error, templates, environment)
        if problem is None:
            raise
        raise ContentError([problem]) from error


def template_problem(
    error: Exception, templates: Mapping[str, str], environment: jinja2.Environment | None = None
) -> Problem | None:
    """The problem a template caused, or None if `error` is not a template's doing."""
    if isinstance(error, jinja2.TemplateSyntaxError):  # A template compiled late (an include).
        return _syntax_problem(error, templates, environment)
    frame = _template_frame(error)
    if frame is None:
        if isinstance(error, jinja2.TemplateNotFound):  # Asked for by the generator itself.
            return Problem(
                f"{FOLDER}/{error.name}",
                "the template is missing",
                hint=f"the site needs {FOLDER}/{error.name} to make its pages: restore it from git or "
                "from the last published version",
            )
        return None
    file, line, names = frame
    name = file[len(FOLDER) + 1 :]
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"the template '{error.name}' does not exist"
        hint = "check the name; the templates are: " + ", ".join(sorted(templates))
    elif isinstance(error, jinja2.UndefinedError):
        message, hint = _explain_undefined(error.message or str(error), names)
    else:
        message = f"this line of the template failed: {type(error).__name__}: {error}"
        hint = "check the names, values and filters used on this line"
    return Problem(file, message, line, hint, _line_of(templates, name, line))


def _template_frame(error: BaseException) -> tuple[str, int, list[str]] | None:
    """The innermost template line in the error's traceback, and the names given to it there.

    For an error Jinja raised (an unknown name) any template frame will do; for any other
    (a TypeError, say) the innermost frame that is not Jinja's own must be a template's, or
    the error came from Python code (a filter of ours), which is a bug.
    """
    found = None
    innermost_is_template = False
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.startswith(f"{FOLDER}/"):
            names = sorted(k for k in frame.f_locals if not k.startswith("_") and k not in DEFAULT_NAMESPACE)
            found = (filename, line, names)
            innermost_is_template = True
        elif not filename.startswith(_JINJA):
            innermost_is_template = False
    if found is None or not (isinstance(error, jinja2.TemplateError) or innermost_is_template):
        return None
    return found


def _explain_undefined(message: str, names: list[str]) -> tuple[str, str]:
    unknown = re.match(r"'([^']+)' is undefined", message)
    if unknown:
        return (
            f"'{unknown[1]}' is not defined here",
            "check the spelling; the names this template is given here are: " + ", ".join(names),
        )
    field = re.search(r"has no attribute '([^']+)'", message)
    if field:
        return (
            f"there is no field '{field[1]}' here ({message})",
            "check the spelling of the name after the '.' on this line",
        )
    return message, "check the spelling of the names used on this line"


def _syntax_problem(
    error: jinja2.TemplateSyntaxError, templates: Mapping[str, str], environment: jinja2.Environment | None
) -> Problem:
    name = error.name or (error.filename or "").removeprefix(f"{FOLDER}/")
    text = (error.message or "").rstrip(".")
    unknown = re.fullmatch(r"No (filter|test) named '([^']+)'", text)
    if unknown:
        kind, word = unknown[1], unknown[2]
        defaults = DEFAULT_FILTERS if kind == "filter" else DEFAULT_TESTS
        own = sorted(set(getattr(environment, f"{kind}s", {})) - set(defaults)) if environment else []
        message = f"there is no {kind} called '{word}'"
        hint = (
            f"check the spelling; besides Jinja's own {kind}s, this site has: {', '.join(own)}"
            if own
            else f"check the spelling against Jinja's list of {kind}s"
        )
    else:
        message, hint = f"a mistake in the template: {text}", _BLOCK_HINT
    return Problem(f"{FOLDER}/{name}", message, error.lineno, hint, _line_of(templates, name, error.lineno))


def _line_of(templates: Mapping[str, str], name: str, line: int | None) -> str:
    lines = templates.get(name, "").split("\n")
    return lines[line - 1] if line and 0 < line <= len(lines) else ""


# An address in an href or src that starts (after `{{ root }}` or '/') with static/.
_STATIC_LINK = re.compile(r"""(?:href|src)\s*=\s*["'](?:\{\{[^}]*\}\})?/?(static/[^"'?#{}\s]+)""")
_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def _missing_static(
    templates: Mapping[str, str], static: Mapping[str, bytes], required: Iterable[str]
) -> list[Problem]:
    found = []
    for name, text in sorted(templates.items()):
        # Comments blanked, keeping their line breaks, so that line numbers stay right.
        text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
        for number, line in enumerate(text.split("\n"), start=1):
            for path in _STATIC_LINK.findall(line):
                if path not in static:
                    found.append(
                        Problem(
                            f"{FOLDER}/{name}",
                            f"the template links to {path}, which is not in static/",
                            number,
                            f"put {path} back (from git or the last published version), or correct the address",
                            _line_of(templates, name, number),
                        )
                    )
    for path in required:
        if path not in static:
            found.append(
                Problem(
                    path,
                    "the file is missing",
                    hint="every page needs it: put it back from git or from the last published version",
                )
            )
    return found
