"""The preview's messages, as HTML: what is wrong with the latest change, shown in the page.

A build that fails leaves the last good pages up with a banner of its errors at the top; the
warnings that `--strict` (and so publishing) refuses get a panel of their own; a first build
that fails shows a page of its own. Each problem reads exactly as the terminal prints it.
Preview only: none of this is ever part of the built site.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..errors import Problem
    from .server import PreviewState


def _problem_list(problems: list[Problem]) -> str:
    """Each problem exactly as the terminal prints it (`Problem.format`), its place in bold."""
    items = []
    for problem in problems:
        first, *rest = problem.format().split("\n")
        place = problem.location()
        lines = [f"<strong>{html.escape(place)}</strong>{html.escape(first[len(place) :])}"]
        lines += [html.escape(line) for line in rest]
        items.append("<li><pre>" + "\n".join(lines) + "</pre></li>")
    return '<ol class="preview-problems">' + "".join(items) + "</ol>"


def _errors(state: PreviewState) -> str:
    if state.crash:
        return (
            "<p>The generator itself failed. This is a bug, not a content mistake: "
            "please send this to a maintainer.</p><pre>" + html.escape(state.crash) + "</pre>"
        )
    return _problem_list(state.problems)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


# Both are focused by preview.js (tabindex="-1"), which is what makes a screen reader read them
# after a reload; role="alert" also announces the errors where focus is not moved.
def error_banner(state: PreviewState) -> str:
    if not state.is_broken:
        return ""
    return (
        '<div class="preview-notice preview-error" id="preview-error" role="alert" tabindex="-1" '
        'aria-labelledby="preview-error-heading">'
        f'<h2 id="preview-error-heading">The last change has {_plural(len(state.problems) or 1, "problem")}: '
        "this preview shows the last good version</h2>"
        f"{_errors(state)}<p>Fix the file and save it: this page will reload by itself.</p></div>"
    )


def warnings_panel(state: PreviewState) -> str:
    """The warnings that `--strict` refuses: the site is built, but cannot be published yet."""
    if not state.warnings:
        return ""
    shown = "They are in your latest change too." if state.is_broken else "Your change is shown below."
    return (
        '<section class="preview-notice preview-warnings" id="preview-warnings" tabindex="-1" '
        'aria-labelledby="preview-warnings-heading">'
        f'<h2 id="preview-warnings-heading">{_plural(len(state.warnings), "thing")} will stop this being published</h2>'
        f"<p>{shown} Publishing (<code>build.py --strict</code>) refuses these warnings: fix them first.</p>"
        f"{_problem_list(state.warnings)}"
        "<p>Fix the file and save it: this page will reload by itself.</p></section>"
    )


def error_page(state: PreviewState) -> bytes:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Problems in the content – preview</title></head><body>"
        '<main id="main-content" tabindex="-1"><h1 id="preview-error-heading">The site cannot be built yet</h1>'
        '<div class="preview-notice preview-error" id="preview-error" role="alert" tabindex="-1" '
        f'aria-labelledby="preview-error-heading">{_errors(state)}</div>'
        "<p>Fix the file and save it: this page will reload by itself.</p></main></body></html>"
    ).encode()
