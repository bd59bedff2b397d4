"""Problems as GitHub Actions annotations, so a pull request shows each one on its line.

An editor who changes a file on GitHub's website never sees a terminal. When the build
runs in GitHub Actions it also prints each problem as a workflow command,

    ::error file=content/timeline.yaml,line=14,title=Fix this before publishing::'period' must …

which GitHub turns into a note pinned to that line of the pull request's changes. The
normal message for a person is printed as well; this module only adds the annotations.

Escaping follows GitHub's own toolkit (actions/toolkit, packages/core/src/command.ts):
in the message `%`, CR and LF become %25, %0D and %0A; in a property (file=, title=)
`:` and `,` also become %3A and %2C, since they separate the properties.
GitHub shows at most 10 annotations of each kind per step (actions/toolkit,
docs/problem-matchers.md), so past that a notice says how many more the log holds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from pathlib import PurePath

from .errors import Problem

SHOWN_PER_KIND = 10
ERROR_TITLE = "Fix this before publishing"
WARNING_TITLE = "Warning (publishing with --strict refuses it)"


def is_github_actions(environ: Mapping[str, str]) -> bool:
    """True inside a GitHub Actions job, which sets GITHUB_ACTIONS=true."""
    return environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """A message, made safe to follow `::` on one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file=, title=), made safe between `,` and `::`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_annotation(problem: Problem, folder: str = "") -> str:
    """One problem as a workflow command; `folder` is the project's folder in the repository."""
    properties = []
    if problem.file:
        properties.append(("file", posixpath.join(folder, problem.file) if folder else problem.file))
        if problem.line:  # GitHub ignores a line without a file.
            properties.append(("line", str(problem.line)))
    properties.append(("title", WARNING_TITLE if problem.is_warning else ERROR_TITLE))
    message = f"{problem.message}\nhint: {problem.hint}" if problem.hint else problem.message
    command = "warning" if problem.is_warning else "error"
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{command} {listed}::{escape_data(message)}"


def format_annotations(problems: Iterable[Problem], folder: str = "") -> list[str]:
    """Every problem as a workflow command, and a notice for those GitHub would not show."""
    problems = list(problems)
    lines = [format_annotation(problem, folder) for problem in problems]
    for is_warning, kind in ((False, "problem"), (True, "warning")):
        hidden = sum(1 for p in problems if p.is_warning == is_warning) - SHOWN_PER_KIND
        if hidden > 0:
            lines.append(
                f"::notice title={escape_property('More in the log')}::"
                + escape_data(
                    f"GitHub shows {SHOWN_PER_KIND} of each kind here; the log of this step "
                    f"lists {hidden} more {kind}{'s' if hidden != 1 else ''}."
                )
            )
    return lines


def github_annotations(problems: Iterable[Problem], environ: Mapping[str, str], project: PurePath) -> list[str]:
    """The annotations to print in GitHub Actions (none elsewhere).

    `project` is the project folder as an absolute path: GitHub wants paths from the top of
    the repository (GITHUB_WORKSPACE), and the project may be a folder inside it.
    """
    if not is_github_actions(environ):
        return []
    return format_annotations(problems, _folder_in_workspace(project, environ.get("GITHUB_WORKSPACE", "")))


def _folder_in_workspace(project: PurePath, workspace: str) -> str:
    if not workspace:
        return ""
    try:
        folder = project.relative_to(workspace)
    except ValueError:  # Outside the checkout: paths from the project are the best we have.
        return ""
    return "" if folder == PurePath(".") else folder.as_posix()
