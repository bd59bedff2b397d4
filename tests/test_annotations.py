"""In GitHub Actions each problem is also printed as an annotation on its file and line.

An editor who changes a file on GitHub's website sees the problem next to the line on the
pull request. The workflow command syntax and its escaping are GitHub's
(actions/toolkit, packages/core/src/command.ts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

from sitegen.errors import Problem
from sitegen.github_annotations import format_annotation, format_annotations, github_annotations

REPO = Path(__file__).resolve().parents[1]
ON_GITHUB = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": "/home/runner/work/site/site"}
CHECKOUT = PurePosixPath("/home/runner/work/site/site")

PERIOD = Problem(
    "content/timeline.yaml",
    '\'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O21"',
    line=14,
    hint="write the year with digits",
    source_line='  - period: "2O21"',
)


def test_an_error_with_a_file_and_line():
    assert format_annotation(PERIOD) == (
        "::error file=content/timeline.yaml,line=14,title=Fix this before publishing::"
        '\'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O21"%0Ahint: write the year with digits'
    )


def test_a_problem_without_a_line_is_pinned_to_the_file():
    problem = Problem("site_config.yaml", "the file is missing", hint="restore site_config.yaml")
    assert format_annotation(problem) == (
        "::error file=site_config.yaml,title=Fix this before publishing::the file is missing%0Ahint: restore site_config.yaml"
    )


def test_a_problem_without_a_hint_is_only_its_message():
    problem = Problem("content/pages/plan.md", "the page has no title", line=2)
    assert format_annotation(problem) == (
        "::error file=content/pages/plan.md,line=2,title=Fix this before publishing::the page has no title"
    )


def test_a_problem_without_a_file_has_no_location():
    assert format_annotation(Problem("", "something went wrong")) == (
        "::error title=Fix this before publishing::something went wrong"
    )


def test_percent_and_line_breaks_are_escaped_in_the_message():
    problem = Problem("content/pages/a.md", "100% sure\r\nnext line: a, b", line=3)
    assert format_annotation(problem).endswith("::100%25 sure%0D%0Anext line: a, b")


def test_colons_and_commas_are_escaped_in_properties_too():
    # A file name may hold the characters that separate properties; the message may not need them escaped.
    problem = Problem("content/pages/a,b: c%.md", "it's wrong: really, wrong", line=7)
    assert format_annotation(problem) == (
        "::error file=content/pages/a%2Cb%3A c%25.md,line=7,title=Fix this before publishing::it's wrong: really, wrong"
    )


def test_warnings_are_warnings_and_strict_builds_make_them_errors():
    warning = Problem(
        "content/pages/a.md",
        'the link text "here" does not say where the link goes',
        line=6,
        hint="use words that make sense on their own",
        is_warning=True,
    )
    assert format_annotation(warning) == (
        "::warning file=content/pages/a.md,line=6,title=Warning (publishing with --strict refuses it)::"
        'the link text "here" does not say where the link goes%0Ahint: use words that make sense on their own'
    )
    assert format_annotation(warning.as_error()).startswith(
        "::error file=content/pages/a.md,line=6,title=Fix this before publishing::the link text"
    )


def test_every_problem_is_annotated_in_order():
    other = Problem("content/pages/plan.md", "the page has no title", line=2)
    assert format_annotations([PERIOD, other]) == [format_annotation(PERIOD), format_annotation(other)]


def test_beyond_ten_of_a_kind_a_notice_says_how_many_more_the_log_has():
    # GitHub shows 10 annotations of each kind per step; the rest would vanish silently.
    errors = [Problem("content/timeline.yaml", f"problem {n}", line=n) for n in range(1, 13)]
    warnings = [Problem("content/pages/a.md", f"warning {n}", line=n, is_warning=True) for n in range(1, 12)]
    lines = format_annotations(errors + warnings)
    assert len(lines) == 23 + 2
    assert lines[-2:] == [
        "::notice title=More in the log::GitHub shows 10 of each kind here; the log of this step lists 2 more problems.",
        "::notice title=More in the log::GitHub shows 10 of each kind here; the log of this step lists 1 more warning.",
    ]


def test_ten_problems_need_no_notice():
    errors = [Problem("content/timeline.yaml", f"problem {n}", line=n) for n in range(1, 11)]
    assert not any(line.startswith("::notice") for line in format_annotations(errors))


def test_nothing_is_printed_outside_github_actions():
    assert github_annotations([PERIOD], {}, CHECKOUT) == []
    assert github_annotations([PERIOD], {"GITHUB_ACTIONS": "false", "CI": "true"}, CHECKOUT) == []


def test_inside_github_actions_paths_start_at_the_top_of_the_repository():
    assert github_annotations([PERIOD], ON_GITHUB, CHECKOUT) == [format_annotation(PERIOD)]
    # A project kept in a folder of the repository: GitHub needs that folder in the path.
    assert github_annotations([PERIOD], ON_GITHUB, CHECKOUT / "sites" / "soc")[0].startswith(
        "::error file=sites/soc/content/timeline.yaml,line=14,"
    )
    # A project outside the checkout keeps its own paths (the best guess there is).
    assert github_annotations([PERIOD], ON_GITHUB, PurePosixPath("/tmp/elsewhere"))[0].startswith(
        "::error file=content/timeline.yaml,line=14,"
    )


# --- the command line ---------------------------------------------------------------------


def run_build(root: Path, *args: str, github: bool) -> subprocess.CompletedProcess[str]:
    shutil.copy(REPO / "build.py", root / "build.py")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "GITHUB_"))}
    env["PYTHONPATH"] = str(REPO)
    if github:
        env |= {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(root)}
    return subprocess.run(
        [sys.executable, "build.py", *args], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


LINK_PAGE = "---\ntitle: A test page\nupdated: 2026-11-26\n---\n\nThe full plan is [here](/plan/).\n"
LINK_MESSAGE = 'the link text "here" does not say where the link goes'
LINK_HINT = "use words that make sense on their own: say what the link opens, like the name of the page or document"


def test_on_github_the_command_line_prints_annotations_and_the_usual_messages(make_project):
    root = make_project({"content/editor-test.md": LINK_PAGE})
    plain = run_build(root, "check", "--strict", github=False)
    github = run_build(root, "check", "--strict", github=True)
    assert github.returncode == plain.returncode == 1
    assert github.stderr == plain.stderr  # The message for a person is unchanged.
    assert f"content/editor-test.md:6: {LINK_MESSAGE}" in github.stderr
    assert plain.stdout == ""
    assert github.stdout == (
        f"::error file=content/editor-test.md,line=6,title=Fix this before publishing::{LINK_MESSAGE}%0Ahint: {LINK_HINT}\n"
    )


def test_on_github_warnings_of_a_build_that_succeeds_are_annotated_as_warnings(make_project):
    root = make_project({"content/editor-test.md": LINK_PAGE})
    result = run_build(root, "check", github=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "::warning file=content/editor-test.md,line=6,title=Warning (publishing with --strict refuses it)::"
        f"{LINK_MESSAGE}%0Ahint: {LINK_HINT}",
        result.stdout.splitlines()[-1],
    ]
    assert result.stdout.splitlines()[-1].startswith("Content is valid: ")
