"""Whatever an editor types, the generator answers with a site or with a list of problems.

Property tests with hypothesis: arbitrary text and bytes for the timeline, page bodies,
front matter and the site settings either build or raise `ContentError`, never another
exception. Each problem must also make sense: it names a file that was given, and its
line (when it has one) is a line of that file. Problems found while loading quote the
very line they point at.

The real project is read once; each example swaps one file in memory.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.errors import ContentError, Problem
from sitegen.model.loading import load_content
from sitegen.model.site_content import SiteContent
from sitegen.pipeline import RenderedSite, render_project
from sitegen.read.project_files import Project, read_project

REPO = Path(__file__).resolve().parents[1]
TIMELINE = "content/timeline.yaml"
CONFIG = "site_config.yaml"
PAGE = "content/property-test.md"
FRONT = "---\ntitle: A test page\nupdated: 2026-11-26\n---\n\n"

# Loading is fast (a few ms): as many examples as the Hypothesis profile says, 100 by default
# (20 in `make quick`, see tests/conftest.py). A full render takes a few tenths of a second: 30 %.
LOAD = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
RENDER = settings(LOAD, max_examples=max(1, LOAD.max_examples * 3 // 10))


@lru_cache(maxsize=1)
def real_project() -> Project:
    return read_project(REPO)


def with_file(name: str, data: bytes | str) -> Project:
    project = real_project()
    files = dict(project.files)
    files[name] = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return dataclasses.replace(project, files=files)


def editor_lines(data: bytes) -> list[str]:
    """The file's lines as the generator counts them (see `file_text.decode_source`)."""
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    for before in ("\r\n", "\r", "\x85", "\u2028", "\u2029"):
        text = text.replace(before, "\n")
    return text.split("\n")


def check_problems(problems: list[Problem], files: dict[str, bytes], quotes_exact: bool) -> None:
    assert problems, "a ContentError must carry at least one problem"
    for problem in problems:
        text = problem.format()
        assert isinstance(text, str) and problem.message, problem
        assert problem.file in files or "missing" in problem.message, problem
        if problem.line is None or problem.file not in files:
            continue
        lines = editor_lines(files[problem.file])
        assert 1 <= problem.line <= len(lines), (problem, len(lines))
        if quotes_exact and problem.source_line.strip():
            assert problem.source_line == lines[problem.line - 1], problem


def load_or_problems(project: Project) -> SiteContent | ContentError:
    try:
        return load_content(project.files)
    except ContentError as error:
        check_problems(error.problems, project.files, quotes_exact=True)
        return error


def render_or_problems(project: Project) -> RenderedSite | ContentError:
    try:
        rendered = render_project(project)
    except ContentError as error:
        # Markdown problems quote the first line of their paragraph (see test_editor_mistakes).
        check_problems(error.problems, project.files, quotes_exact=False)
        return error
    assert "index.html" in rendered.files
    return rendered


# --- strategies -------------------------------------------------------------------------

YAML_PIECES = [
    "title",
    "entries",
    "period",
    "themes",
    "text",
    "id",
    "reviewed",
    "updated",
    "status",
    ":",
    ": ",
    "- ",
    "-",
    "  ",
    "    ",
    "\n",
    "\n  - ",
    "\t",
    '"',
    "'",
    "&a ",
    "*a",
    "!!python/object/apply:os.system ",
    "!!str ",
    "!!binary ",
    "!x ",
    "|",
    ">-",
    "#",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "? ",
    "2021",
    "2019/20",
    "2O21",
    "0201",
    "Pre-2018 and ongoing",
    "2026-11-26",
    "2026-13-45",
    "yes",
    "null",
    "~",
    "<<: ",
    "0b_",
    "1e999",
    ".inf",
    "\\",
    "\\U",
    "%",
    "@",
    "`",
    "---",
    "...",
    "\ufeff",
    "\u2028",
    "\x85",
    "\x00",
    "\x07",
    "\x0c",
    "\r",
    "é",
    "’",
]
MARKDOWN_PIECES = [
    "#",
    "## ",
    "#### ",
    "\n",
    "\n\n",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "<",
    ">",
    "`",
    "```",
    "*",
    "_",
    "> ",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n",
    "---",
    "javascript:alert(1)",
    "vbscript:x",
    "data:text/html,x",
    "/timeline/",
    "/timeline/#",
    "/nowhere/",
    "#results-heading",
    "timeline/",
    "https://example.org/",
    "mailto:a@b.c",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&#106;",
    "&amp;",
    "\\",
    "SOC",
    "PCC",
    "QXZ",
    "here",
    "click here",
    " ",
    "word " * 50 + ".",
    ": ",
    "\t",
    "\x00",
    "\u2028",
    "é",
    "[x]: javascript:alert(1)\n",
    "[x]",
    "<https://example.org>",
    "<javascript:alert(1)>",
    "~~",
    "Term\n: def\n",
]


def pieces(choices: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(choices), st.text(max_size=4)), max_size=40).map("".join)


@st.composite
def mutations(draw, original: str, choices: list[str]) -> str:
    """The original text with a few stretches replaced by typical or arbitrary characters."""
    text = original
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        text = text[:start] + draw(st.one_of(st.sampled_from(choices), st.text(max_size=5))) + text[end:]
    return text


def original(name: str) -> str:
    return real_project().files[name].decode("utf-8")


# --- the timeline (a YAML list file) ------------------------------------------------------


@LOAD
@given(st.text())
@example("")
@example("a: &a [*a]")
@example("\t- x")
@example('title: "unclosed\nentries: []\n')
def test_any_text_as_the_timeline(text):
    load_or_problems(with_file(TIMELINE, text))


@LOAD
@given(pieces(YAML_PIECES))
def test_yaml_like_text_as_the_timeline(text):
    load_or_problems(with_file(TIMELINE, text))


@LOAD
@given(st.binary())
@example(b"\xff\xfe")
@example(b"\x00" * 10)
def test_any_bytes_as_the_timeline(data):
    load_or_problems(with_file(TIMELINE, data))


@LOAD
@given(st.binary(max_size=20), st.binary(max_size=20))
def test_bytes_around_the_real_timeline(before, after):
    load_or_problems(with_file(TIMELINE, before + real_project().files[TIMELINE] + after))


@RENDER
@given(st.data())
def test_small_changes_to_the_real_timeline(data):
    text = data.draw(mutations(original(TIMELINE), YAML_PIECES))
    project = with_file(TIMELINE, text)
    if isinstance(load_or_problems(project), SiteContent):
        render_or_problems(project)


# --- pages: Markdown bodies and front matter ---------------------------------------------


@RENDER
@given(st.text())
@example("# A heading\n\n[x](javascript:alert(1))")
@example("[x]: /nowhere/\n\n[x]")
def test_any_markdown_body(body):
    render_or_problems(with_file(PAGE, FRONT + body))


@RENDER
@given(pieces(MARKDOWN_PIECES))
def test_markdown_like_body(body):
    render_or_problems(with_file(PAGE, FRONT + body))


@LOAD
@given(st.one_of(st.text(), pieces(YAML_PIECES)), st.text(max_size=30))
@example("title: x\nupdated: 2026-02-30", "")
@example("", "")
def test_any_front_matter(front_matter, body):
    project = with_file(PAGE, f"---\n{front_matter}\n---\n{body}")
    if isinstance(load_or_problems(project), SiteContent):
        render_or_problems(project)


@LOAD
@given(st.binary())
def test_any_bytes_as_a_page(data):
    project = with_file(PAGE, data)
    if isinstance(load_or_problems(project), SiteContent):
        render_or_problems(project)


@RENDER
@given(st.data())
def test_small_changes_to_a_real_page(data):
    text = data.draw(mutations(original("content/index.md"), YAML_PIECES + MARKDOWN_PIECES))
    project = with_file("content/index.md", text)
    if isinstance(load_or_problems(project), SiteContent):
        render_or_problems(project)


# --- the site's settings --------------------------------------------------------------------


@RENDER
@given(st.data())
def test_small_changes_to_the_site_settings(data):
    text = data.draw(mutations(original(CONFIG), [*YAML_PIECES, "https://", "/", "javascript:", "//"]))
    project = with_file(CONFIG, text)
    if isinstance(load_or_problems(project), SiteContent):
        render_or_problems(project)
