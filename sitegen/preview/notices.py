"""The preview's messages, as HTML: what is wrong with the latest change, shown in the page.

A build that fails leaves the last good pages up with a banner of its errors at the top; the
warnings that `--strict` (and so publishing) refuses get a panel of their own; a first build
that fails shows a page of its own. Each problem reads exactly as the terminal prints it.
Preview only: none of this is ever part of the built site. Each function takes the values
it shows, so this module needs nothing of the server (server.py passes them in).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..errors import Problem


def _problem_list(problems: Sequence[Problem]) -> str:
    """Each problem exactly as the terminal prints it (`Problem.format`), its place in bold."""
    items = []
    for problem in problems:
        first, *rest = problem.format().split("\n")
        place = problem.location()
        lines = [f"<strong>{html.escape(place)}</strong>{html.escape(first[len(place) :])}"]
        lines += [html.escape(line) for line in rest]
        items.append("<li><pre>" + "\n".join(lines) + "</pre></li>")
    return '<ol class="preview-problems">' + "".join(items) + "</ol>"


def _errors(problems: Sequence[Problem], crash: str) -> str:
    if crash:
        return (
            "<p>The generator itself failed. This is a bug, not a content mistake: "
            "please send this to a maintainer.</p><pre>" + html.escape(crash) + "</pre>"
        )
    return _problem_list(problems)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


# Both are focused by preview.js (tabindex="-1"), which is what makes a screen reader read them
# after a reload; role="alert" also announces the errors where focus is not moved.
def error_banner(problems: Sequence[Problem], crash: str) -> str:
    """The latest build's errors (`problems`), or the traceback of its `crash`; "" if it built."""
    if not (problems or crash):
        return ""
    return (
        '<div class="preview-notice preview-error" id="preview-error" role="alert" tabindex="-1" '
        'aria-labelledby="preview-error-heading">'
        f'<h2 id="preview-error-heading">The last change has {_plural(len(problems) or 1, "problem")}: '
        "this preview shows the last good version</h2>"
        f"{_errors(problems, crash)}<p>Fix the file and save it: this page will reload by itself.</p></div>"
    )


def warnings_panel(warnings: Sequence[Problem], latest_failed: bool) -> str:
    """The warnings that `--strict` refuses: the site is built, but cannot be published yet."""
    if not warnings:
        return ""
    shown = "They are in your latest change too." if latest_failed else "Your change is shown below."
    return (
        '<section class="preview-notice preview-warnings" id="preview-warnings" tabindex="-1" '
        'aria-labelledby="preview-warnings-heading">'
        f'<h2 id="preview-warnings-heading">{_plural(len(warnings), "thing")} will stop this being published</h2>'
        f"<p>{shown} Publishing (<code>build.py --strict</code>) refuses these warnings: fix them first.</p>"
        f"{_problem_list(warnings)}"
        "<p>Fix the file and save it: this page will reload by itself.</p></section>"
    )


def error_page(problems: Sequence[Problem], crash: str) -> bytes:
    """The page shown instead of the site when no build has succeeded yet."""
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Problems in the content – preview</title></head><body>"
        '<main id="main-content" tabindex="-1"><h1 id="preview-error-heading">The site cannot be built yet</h1>'
        '<div class="preview-notice preview-error" id="preview-error" role="alert" tabindex="-1" '
        f'aria-labelledby="preview-error-heading">{_errors(problems, crash)}</div>'
        "<p>Fix the file and save it: this page will reload by itself.</p></main></body></html>"
    ).encode()
