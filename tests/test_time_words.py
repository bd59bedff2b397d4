"""Time words that age (issue 21, item 2): "currently", "the last 5 years", "this year",
"recently", "now" are warned about at their line, with a hint to anchor them to a date,
unless the file lists them in `time_words_meant`, which changes nothing published."""

from __future__ import annotations

import dataclasses

import pytest
from tooling import REPO_ROOT

from sitegen.errors import ContentError
from sitegen.model.time_words import time_word_warnings
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project
from sitegen.read.source_text import SourceFile


@pytest.fixture(scope="module")
def project() -> Project:
    return read_project(REPO_ROOT)


def changed(project: Project, changes: dict[str, str]) -> Project:
    files = dict(project.files)
    files.update({name: value.encode("utf-8") for name, value in changes.items()})
    return dataclasses.replace(project, files=files)


def found(text: str, meant: tuple[str, ...] = (), markdown: bool = True) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in time_word_warnings(SourceFile("content/x.md", text), meant, markdown=markdown)]


@pytest.mark.parametrize(
    "words",
    [
        "currently",
        "Currently",
        "the last 5 years",
        "the past three years",
        "this year",
        "recently",
        "now",
        "at present",
        "to date",
        "in recent years",
        "next month",
    ],
)
def test_each_time_word_is_warned_about_at_its_line(words):
    text = f"---\ntitle: T\nupdated: 2026-01-01\n---\n\nFirst line.\nThe board meets {words}, as agreed.\n"
    assert found(text) == [(7, f"'{words}' will stop being true as the page ages")]


def test_a_phrase_split_over_two_lines_is_found_at_its_first_line():
    assert found("---\ntitle: T\n---\nWork over the last\n5 years.\n") == [
        (4, "'the last 5 years' will stop being true as the page ages")
    ]


@pytest.mark.parametrize("text", ["In 2023 the board met.", "Knowledge of the area.", "A snowy day.", "Recent-ish"])
def test_words_that_only_contain_a_time_word_are_not_warned_about(text):
    assert found(f"---\ntitle: T\n---\n{text}\n") == []


def test_comments_are_not_read_but_headings_are():
    text = "---\n# currently a comment\ntitle: T\n---\n# Work to date\n"
    assert found(text) == [(5, "'to date' will stop being true as the page ages")]
    assert found("# now, in a YAML comment\nkind: list\n", markdown=False) == []


def test_words_meant_as_written_are_not_warned_about_and_a_meant_word_not_found_is():
    text = '---\ntitle: T\ntime_words_meant:\n  - currently\n  - "so far"\n---\nIt is currently so.\n'
    assert found(text, ("currently", "so far")) == [
        (3, "'so far' is listed in time_words_meant but is not in the text")
    ]


def test_the_warning_says_where_and_how_to_fix_it(project):
    page = project.files["content/plan.md"].decode("utf-8") + "\nThe plan is currently being refreshed.\n"
    rendered = render_project(changed(project, {"content/plan.md": page}))
    (warning,) = [w for w in rendered.warnings if "currently" in w.message]
    assert warning.format() == (
        f"content/plan.md:{page.count(chr(10))}: warning: 'currently' will stop being true as the page ages\n"
        f"    {page.count(chr(10))} | The plan is currently being refreshed.\n"
        "    hint: anchor it to a date, e.g. 'in 2023', so it stays true as the page ages; if the words are meant "
        "as written (quoted from a source, say), add them to 'time_words_meant' at the top of the file, like "
        'time_words_meant: ["currently"]'
    )
    with pytest.raises(ContentError):  # Publishing (--strict) refuses it.
        render_project(changed(project, {"content/plan.md": page}), strict=True)


def test_west_mercias_source_wording_is_marked_as_meant_and_published_as_written(project, real_pages):
    assert b'time_words_meant: ["the last 5 years"]' in project.files["content/index.md"]
    assert b'time_words_meant: ["currently"]' in project.files["content/funded-services.yaml"]
    assert "over the last 5 years." in real_pages["index.html"]
    assert "Victim Support currently" in real_pages["funded-services/index.html"]


def test_marking_words_as_meant_changes_nothing_published(project):
    page = project.files["content/index.md"].decode("utf-8")
    without = page.replace('time_words_meant: ["the last 5 years"]\n', "")
    assert without != page
    assert render_project(changed(project, {"content/index.md": without})).files == render_project(project).files
