"""Editors can't break the site or publish something unsafe.

A corpus of the mistakes communications staff make, each with the EXACT message they
see: `file:line: message`, the offending line quoted, and a `hint:`. Then the command
line end to end: exit codes (0 fine, 1 content errors, 2 wrong usage), never a
traceback, a failed build leaves the published folder byte-for-byte as it was, the
output folder can't be pointed at something precious, and builds are reproducible.

Most mistakes are checked in memory (fast); the command line runs in a subprocess on a
throwaway copy of the project made by the `make_project` fixture.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from other_sites import Ran, run_main

from sitegen.errors import ContentError
from sitegen.model.addresses import RESERVED as RESERVED_SLUGS
from sitegen.model.addresses import classify
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project
from sitegen.read.source_text import MAX_FILE_BYTES
from sitegen.render.link_check import SHOWN_PAGES

REPO = Path(__file__).resolve().parents[1]  # The same folder as conftest.REPO.
TIMELINE = "content/timeline.yaml"
NEXT_STEPS = "content/next-steps.yaml"
CONFIG = "site_config.yaml"
PAGE = "content/editor-test.md"  # A page of the tests' own, so its line numbers are fixed.
FRONT = "---\ntitle: A test page\nupdated: 2026-11-26\n---\n\n"  # The body starts on line 6.
SUMMARY_1 = "1 problem in the content. Nothing was published; the last good site is unchanged."


# --- helpers ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project() -> Project:
    return read_project(REPO)


def original(project: Project, name: str) -> str:
    return project.files[name].decode("utf-8")


def changed(project: Project, changes: dict[str, str | bytes | None]) -> Project:
    files = dict(project.files)
    for name, value in changes.items():
        if value is None:
            files.pop(name, None)
        else:
            files[name] = value.encode("utf-8") if isinstance(value, str) else value
    return dataclasses.replace(project, files=files)


def problems(project: Project, changes: dict[str, str | bytes | None], strict: bool = False) -> list[str]:
    """The messages, exactly as printed, for the content with `changes` (None deletes a file)."""
    with pytest.raises(ContentError) as caught:
        render_project(changed(project, changes), strict=strict)
    return [problem.format() for problem in caught.value.problems]


def warnings(project: Project, changes: dict[str, str | bytes | None]) -> list[str]:
    rendered = render_project(changed(project, changes), strict=False)
    return [warning.format() for warning in rendered.warnings]


def with_entry(project: Project, entry: str, name: str = TIMELINE) -> tuple[str, int]:
    """The list file with `entry` added at the end, and the line the entry starts on."""
    text = original(project, name)
    assert list(yaml.safe_load(text))[-1] == "entries", f"{name} must end with its entries"
    text = text.rstrip("\n") + "\n\n"
    return text + entry, text.count("\n") + 1


def with_line(project: Project, name: str, starts: str, new: str) -> tuple[str, int]:
    """The file with its one line starting with `starts` replaced by `new`, and that line's number."""
    lines = original(project, name).split("\n")
    numbers = [i for i, line in enumerate(lines) if line.startswith(starts)]
    assert len(numbers) == 1, f"{name} should have one line starting {starts!r}"
    lines[numbers[0]] = new
    return "\n".join(lines), numbers[0] + 1


def a_theme(project: Project) -> str:
    return next(iter(yaml.safe_load(original(project, TIMELINE))["themes"]))


def page(body: str) -> dict[str, str]:
    return {PAGE: FRONT + body + "\n"}


# --- YAML mistakes --------------------------------------------------------------------


def test_tab_used_for_indenting(project):
    theme = a_theme(project)
    text, n = with_entry(project, f'  - period: "2021"\n\tthemes: [{theme}]\n    text: A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 1}: a tab character is used for indenting\n"
        f"    {n + 1} | \tthemes: [{theme}]\n"
        "    hint: YAML needs spaces for indenting: replace the tab with spaces"
    ]


def test_tab_in_front_matter(project):
    text = "---\ntitle: A test page\n\tupdated: 2026-11-26\n---\n\nHello.\n"
    assert problems(project, {PAGE: text}) == [
        "content/editor-test.md:3: a tab character is used for indenting\n"
        "    3 | \tupdated: 2026-11-26\n"
        "    hint: YAML needs spaces for indenting: replace the tab with spaces"
    ]


def test_unclosed_quote_at_the_end(project):
    text, n = with_entry(project, f'  - period: "2021\n    themes: [{a_theme(project)}]\n    text: A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n}: a quote is opened but never closed\n"
        f'    {n} |   - period: "2021\n'
        "    hint: add the closing quote at the end of the value"
    ]


def test_unclosed_quote_before_other_quotes_points_at_the_opening_line(project):
    # YAML reads on to the next quote (on a later line) and fails there; the message must
    # still point at the line whose quote is not closed.
    theme = a_theme(project)
    text, n = with_entry(
        project,
        f'  - period: "2021\n    themes: [{theme}]\n    text: A test entry.\n\n'
        f'  - period: "2022"\n    themes: [{theme}]\n    text: Another entry.\n',
    )
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n}: a quote is opened but never closed\n"
        f'    {n} |   - period: "2021\n'
        "    hint: add the closing quote at the end of the value"
    ]


def test_unclosed_quote_in_front_matter(project):
    text = '---\ntitle: "A test page\nupdated: 2026-11-26\n---\n\nHello.\n'
    assert problems(project, {PAGE: text}) == [
        "content/editor-test.md:2: a quote is opened but never closed\n"
        '    2 | title: "A test page\n'
        "    hint: add the closing quote at the end of the value"
    ]


def test_missing_colon(project):
    text, n = with_entry(project, f'  - period: "2021"\n    themes: [{a_theme(project)}]\n    text A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 2}: a line is missing its ':' or a quote is not closed\n"
        f"    {n + 2} |     text A test entry.\n"
        "    hint: every field needs 'name: value'; check that each opening quote has a closing one"
    ]


def test_missing_colon_in_the_middle_points_at_that_line(project):
    text, n = with_line(project, TIMELINE, "updated:", "updated 2026-11-26")
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n}: a line is missing its ':' or a quote is not closed\n"
        f"    {n} | updated 2026-11-26\n"
        "    hint: every field needs 'name: value'; check that each opening quote has a closing one"
    ]


def test_colon_and_space_inside_an_unquoted_value(project):
    text, n = with_entry(
        project, f'  - period: "2021"\n    themes: [{a_theme(project)}]\n    text: Result: a new board.\n'
    )
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 2}: a ':' is in a place YAML does not expect one\n"
        f"    {n + 2} |     text: Result: a new board.\n"
        "    hint: if the text contains ': ', put the whole value in double quotes"
    ]


def test_backslash_in_double_quotes(project):
    text, n = with_line(project, CONFIG, "title:", 'title: "C:\\Users\\office"')
    assert problems(project, {CONFIG: text}) == [
        f"site_config.yaml:{n}: a backslash (\\) inside double quotes starts a special code\n"
        f'    {n} | title: "C:\\Users\\office"\n'
        "    hint: write the backslash twice (\\\\), or put the value in single quotes instead"
    ]


def test_inconsistent_indenting(project):
    text, n = with_entry(project, f'  - period: "2021"\n    themes: [{a_theme(project)}]\n   text: A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 2}: the indenting is not consistent\n"
        f"    {n + 2} |    text: A test entry.\n"
        "    hint: line up the lines of each list item under each other, and start every item with '- ' at the same "
        "indent"
    ]


def test_value_starting_with_a_special_character(project):
    text, n = with_line(project, CONFIG, "title:", "title: @westmerciapcc")
    assert problems(project, {CONFIG: text}) == [
        f"site_config.yaml:{n}: a value starts with '@'\n"
        f"    {n} | title: @westmerciapcc\n"
        "    hint: put the value in double quotes"
    ]


def test_invisible_control_character(project):
    text, n = with_line(project, CONFIG, "title:", "title: West Mercia\x07 PCC")
    assert problems(project, {CONFIG: text}) == [
        f"site_config.yaml:{n}: the file contains an invisible control character (U+0007) that is not allowed\n"
        f"    {n} | title: West Mercia\\x07 PCC\n"  # Shown escaped: such characters drive terminals.
        "    hint: delete the line's text and type it again: such characters can come from copying out of Word "
        "or a PDF"
    ]


def test_duplicate_key(project):
    text, n = with_entry(
        project, f'  - period: "2021"\n    period: "2022"\n    themes: [{a_theme(project)}]\n    text: A test entry.\n'
    )
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 1}: 'period' is given twice (first on line {n})\n"
        f'    {n + 1} |     period: "2022"\n'
        "    hint: keep one of them and delete the other"
    ]


def test_duplicate_key_in_front_matter_counts_lines_from_the_top_of_the_file(project):
    text = "---\ntitle: A test page\nupdated: 2026-11-26\ntitle: Another title\n---\n\nHello.\n"
    assert problems(project, {PAGE: text}) == [
        "content/editor-test.md:4: 'title' is given twice (first on line 2)\n"
        "    4 | title: Another title\n"
        "    hint: keep one of them and delete the other"
    ]


ANCHOR_HINT = (
    "    hint: write the value out in full where it is needed; if text starts with '&' or '*', put it in quotes"
)


def test_anchor_and_alias_are_refused_on_their_own_lines(project):
    theme = a_theme(project)
    text, n = with_entry(
        project,
        f'  - period: "2021"\n    themes: &mine [{theme}]\n    text: A test entry.\n\n'
        f'  - period: "2022"\n    themes: *mine\n    text: Another entry.\n',
    )
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 1}: anchors and aliases (& and *) are not allowed in content files\n"
        f"    {n + 1} |     themes: &mine [{theme}]\n{ANCHOR_HINT}",
        f"content/timeline.yaml:{n + 5}: anchors and aliases (& and *) are not allowed in content files\n"
        f"    {n + 5} |     themes: *mine\n{ANCHOR_HINT}",
    ]


def test_billion_laughs_is_refused_quickly(project):
    names = "abcdefghi"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    text = "\n".join(lines) + "\n"  # Expanded, this is 9**9 (387 million) strings.
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{number}: anchors and aliases (& and *) are not allowed in content files\n"
        f"    {number} | {line}\n{ANCHOR_HINT}"
        for number, line in enumerate(lines, start=1)
    ]


@pytest.mark.parametrize(
    "value, shown",
    [
        ('!!python/object/apply:os.system ["echo hacked"]', "!!python/object/apply:os.system"),
        ("!!python/object:__main__.Exploit {}", "!!python/object:__main__.Exploit"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!custom text", "!custom"),
    ],
)
def test_tags_are_refused(project, value, shown):
    text, n = with_entry(project, f'  - period: "2021"\n    themes: [{a_theme(project)}]\n    text: {value}\n')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 2}: the tag '{shown}' is not allowed in content files\n"
        f"    {n + 2} |     text: {value}\n"
        "    hint: remove the part that starts with '!'; if the value needs a '!', put it in quotes"
    ]


def test_impossible_date(project):
    text, n = with_line(project, TIMELINE, "updated:", "updated: 2026-02-30")
    assert problems(project, {TIMELINE: text}) == [
        f'content/timeline.yaml:{n}: "2026-02-30" is not a real date (day is out of range for month)\n'
        f"    {n} | updated: 2026-02-30\n"
        "    hint: write dates as year-month-day, like 2026-11-26"
    ]


def test_date_written_the_british_way(project):
    text, n = with_line(project, TIMELINE, "updated:", "updated: 26/11/2026")
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n}: 'updated' must be a date like 2026-11-26, got \"26/11/2026\"\n"
        f"    {n} | updated: 26/11/2026\n"
        "    hint: 'updated' is the date the list was last changed, like 2026-11-26"
    ]


def test_number_as_a_name(project):
    text, n = with_line(project, TIMELINE, "nav_order:", "2021: Timeline")
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n}: '2021' cannot be used as a name before ':'\n"
        f"    {n} | 2021: Timeline\n"
        "    hint: names before ':' are words like 'title'; if it is meant as text, put it in double quotes"
    ]


# --- the shape of the content (schema) ------------------------------------------------

PERIOD_HINT = '    hint: write it like 2024, 2023/24 or "2020 and ongoing"'


def test_period_with_a_letter_o(project):
    text, n = with_entry(project, f'  - period: "2O21"\n    themes: [{a_theme(project)}]\n    text: A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f'content/timeline.yaml:{n}: \'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O21"\n'
        f'    {n} |   - period: "2O21"\n{PERIOD_HINT}'
    ]


def test_reversed_period(project):
    text, n = with_entry(project, f'  - period: "2023/19"\n    themes: [{a_theme(project)}]\n    text: A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f'content/timeline.yaml:{n}: the period "2023/19" ends (2019) before or when it starts (2023); '
        'write it like 2024, 2023/24 or "2020 and ongoing"\n'
        f'    {n} |   - period: "2023/19"\n{PERIOD_HINT}'
    ]


def test_period_year_typo_is_refused_instead_of_making_thousands_of_pages(project):
    text, n = with_entry(project, f'  - period: "0201"\n    themes: [{a_theme(project)}]\n    text: A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f'content/timeline.yaml:{n}: the period "0201" has the year 201, which is not between 1900 and 2100; '
        "check it for a typo\n"
        f'    {n} |   - period: "0201"\n{PERIOD_HINT}'
    ]


def test_unknown_field_in_an_entry_suggests_the_right_name(project):
    text, n = with_entry(project, f'  - peroid: "2021"\n    themes: [{a_theme(project)}]\n    text: A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n}: unknown field 'peroid'\n"
        f'    {n} |   - peroid: "2021"\n'
        "    hint: did you mean 'period'? the fields allowed here are: text, id, reviewed, draft, period, themes"
    ]


def test_unknown_field_at_the_top_suggests_the_right_name(project):
    text, n = with_line(project, TIMELINE, "title:", 'titel: "In West Mercia"')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n}: unknown field 'titel'\n"
        f'    {n} | titel: "In West Mercia"\n'
        "    hint: did you mean 'title'? the fields allowed here are: kind, title, nav_title, nav_order, description, "
        "item_name, item_name_plural, updated, reviewed, intro, draft, themes, time_words_meant, periods, entries"
    ]


def test_unknown_field_in_front_matter(project):
    text = "---\ntitel: A test page\nupdated: 2026-11-26\n---\n\nHello.\n"
    assert problems(project, {PAGE: text}) == [
        "content/editor-test.md:2: unknown field 'titel'\n"
        "    2 | titel: A test page\n"
        "    hint: did you mean 'title'? the fields allowed here are: title, description, updated, nav_title, nav_order, kind, "
        "draft, aliases, time_words_meant"
    ]


def test_missing_required_field_in_an_entry(project):
    text, n = with_entry(project, "  - status: planned\n", NEXT_STEPS)
    assert problems(project, {NEXT_STEPS: text}) == [
        f"content/next-steps.yaml:{n}: 'text' is missing\n"
        f"    {n} |   - status: planned\n"
        "    hint: 'text' is the item's text, in Markdown"
    ]


def test_missing_required_field_in_front_matter(project):
    text = "---\ntitle: A test page\n---\n\nHello.\n"
    assert problems(project, {PAGE: text}) == [
        "content/editor-test.md:2: 'updated' is missing\n"
        "    2 | title: A test page\n"
        "    hint: 'updated' is the date the page was last updated, like 2026-11-26"
    ]


def test_yes_is_not_text(project):
    text, n = with_line(project, TIMELINE, "title:", "title: yes")
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n}: 'title' must be text, got true (YAML reads yes/no/on/off as true or false)\n"
        f"    {n} | title: yes\n"
        "    hint: put the value in double quotes, so that it is read as text"
    ]


def test_empty_text(project):
    text, n = with_entry(project, f'  - period: "2021"\n    themes: [{a_theme(project)}]\n    text: ""\n')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 2}: 'text' is empty\n"
        f'    {n + 2} |     text: ""\n'
        "    hint: 'text' is the item's text, in Markdown"
    ]


def test_unknown_theme_suggests_the_closest(project):
    theme = a_theme(project)
    themes = list(yaml.safe_load(original(project, TIMELINE))["themes"])
    text, n = with_entry(project, f'  - period: "2021"\n    themes: [{theme[:-1]}]\n    text: A test entry.\n')
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{n + 1}: the theme '{theme[:-1]}' is not in the 'themes' list\n"
        f"    {n + 1} |     themes: [{theme[:-1]}]\n"
        f"    hint: did you mean '{theme}'? add it to 'themes' at the top of the file, or use one of: "
        + ", ".join(themes)
    ]


def test_invalid_status_in_next_steps(project):
    text, n = with_entry(project, "  - status: started\n    text: A test step.\n", NEXT_STEPS)
    assert problems(project, {NEXT_STEPS: text}) == [
        f"content/next-steps.yaml:{n}: 'status' must be one of 'planned', 'in progress' or 'done', got \"started\"\n"
        f"    {n} |   - status: started\n"
        "    hint: copy one of the allowed values exactly"
    ]


def test_target_date_in_the_wrong_format(project):
    text, n = with_entry(project, "  - status: planned\n    target: March 2027\n    text: A test step.\n", NEXT_STEPS)
    assert problems(project, {NEXT_STEPS: text}) == [
        f"content/next-steps.yaml:{n + 1}: 'target' must be a date like 2026-11-26, got \"March 2027\"\n"
        f"    {n + 1} |     target: March 2027\n"
        "    hint: 'target' is the date it should be done by, like 2027-03-31"
    ]


def test_base_url_must_be_a_web_address(project):
    text, n = with_line(project, CONFIG, "base_url:", 'base_url: "www.example.org/soc"')
    assert problems(project, {CONFIG: text}) == [
        f"site_config.yaml:{n}: 'base_url' must be a web address like https://www.example.gov.uk/, "
        'got "www.example.org/soc"\n'
        f'    {n} | base_url: "www.example.org/soc"\n'
        "    hint: 'base_url' is the public address of the site, like https://www.example.gov.uk/report/"
    ]


def test_licence_address_cannot_be_a_script(project):
    # It is a link in every page's footer: a javascript: address there would run when clicked.
    lines = original(project, CONFIG).split("\n")
    licence = lines.index("licence:")
    n = next(i for i, line in enumerate(lines) if i > licence and line.strip().startswith("url:")) + 1
    lines[n - 1] = '  url: "javascript:alert(document.domain)"'
    assert problems(project, {CONFIG: "\n".join(lines)}) == [
        f"site_config.yaml:{n}: 'url' must be a web address starting with https://, "
        'got "javascript:alert(document.domain)"\n'
        f'    {n} |   url: "javascript:alert(document.domain)"\n'
        "    hint: 'url' is the licence's web address, starting with https://"
    ]


def test_glossary_term_defined_twice(project):
    text = original(project, "content/glossary.yaml").rstrip("\n") + "\n"
    first = next(i for i, line in enumerate(text.split("\n"), 1) if line.strip().startswith("- term: SOC"))
    n = text.count("\n") + 1
    text += "  - term: SOC\n    expansion: serious and organised crime\n"
    assert problems(project, {"content/glossary.yaml": text}) == [
        f"content/glossary.yaml:{n}: 'SOC' is defined twice (first on line {first})\n"
        f"    {n} |   - term: SOC\n"
        "    hint: keep one of them and delete the other"
    ]


# --- whole files ------------------------------------------------------------------------


def test_file_not_saved_as_utf8(project):
    text, n = with_entry(project, f'  - period: "2021"\n    themes: [{a_theme(project)}]\n')
    # The rest of the file is UTF-8; the new line was pasted from a program saving in Windows-1252.
    data = text.encode("utf-8") + "    text: Caf\u00e9 opened.\n".encode("cp1252")
    assert problems(project, {TIMELINE: data}) == [
        f"content/timeline.yaml:{n + 2}: the file is not saved as UTF-8 text\n"
        f"    {n + 2} |     text: Caf\ufffd opened.\n"
        "    hint: save it again as 'UTF-8' in your editor (Word or Excel can change the encoding)"
    ]


def test_page_not_saved_as_utf8_names_the_file(project):
    data = (FRONT + "The caf\u00e9 opened.\n").encode("latin-1")
    assert problems(project, {PAGE: data}) == [
        "content/editor-test.md:6: the file is not saved as UTF-8 text\n"
        "    6 | The caf\ufffd opened.\n"
        "    hint: save it again as 'UTF-8' in your editor (Word or Excel can change the encoding)"
    ]


def test_file_over_the_size_limit(project):
    data = original(project, TIMELINE).encode("utf-8") + b"# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    assert problems(project, {TIMELINE: data}) == [
        f"content/timeline.yaml: the file is {len(data):,} bytes; content files are limited to 5,000,000\n"
        "    hint: check that a picture or document was not saved over this file by mistake; "
        "a page this long is easier to read as several pages"
    ]


def test_missing_settings_file(project):
    assert problems(project, {CONFIG: None}) == [
        "site_config.yaml: the file is missing\n"
        "    hint: restore site_config.yaml from the last published version, or start a new site with "
        "'python build.py new FOLDER'"
    ]


def test_a_deleted_list_breaks_the_links_to_it(project):
    (message,) = problems(project, {NEXT_STEPS: None})
    n = original(project, "content/index.md").split("\n").index("- the [next steps](/next-steps/).") + 1
    assert message.startswith(f"content/index.md:{n}: the link to /next-steps/ goes to a page that does not exist\n")


def test_page_without_front_matter(project):
    assert problems(project, {PAGE: "title: A test page\n\nHello.\n"}) == [
        "content/editor-test.md:1: the page has no front matter\n"
        "    1 | title: A test page\n"
        "    hint: start the file with a line '---', then 'title: Your title', 'updated: 2026-11-26', "
        "then another '---' line, then the text"
    ]


def test_page_with_unclosed_front_matter(project):
    assert problems(project, {PAGE: "---\ntitle: A test page\nupdated: 2026-11-26\n\nHello.\n"}) == [
        "content/editor-test.md:1: the front matter is not closed\n"
        "    1 | ---\n"
        "    hint: add a line with only '---' after the last front matter field"
    ]


def test_page_file_name_with_capitals_and_spaces(project):
    assert problems(project, {"content/Our Plan.md": FRONT + "Hello.\n"}) == [
        "content/Our Plan.md: the file name can only use lower-case letters, digits and hyphens\n"
        "    hint: rename it to content/our-plan.md: the name becomes the page's address"
    ]


def test_page_taking_a_reserved_address(project):
    assert problems(project, {"content/data.md": FRONT + "Hello.\n"}) == [
        "content/data.md: the address /data/ is already used by the site\n"
        f"    hint: rename the file or its folder; these names are taken: {', '.join(sorted(RESERVED_SLUGS))}"
    ]
    assert "data" in RESERVED_SLUGS and "search" in RESERVED_SLUGS


def test_a_page_and_a_list_with_the_same_address(project):
    assert problems(project, {"content/timeline.md": FRONT + "Hello.\n"}) == [
        "content/timeline.yaml: this file and content/timeline.md both make the address /timeline/\n"
        "    hint: rename one of them: each page and list needs an address of its own"
    ]


def test_file_in_the_wrong_place_is_a_warning(project):
    assert warnings(project, {"content/notes.txt": "Some notes"}) == [
        "content/notes.txt: warning: this file is not used by the site\n"
        "    hint: pages end in .md, lists in .yaml; documents may be PDF, spreadsheets, Word files or pictures"
    ]


# --- Markdown mistakes (page bodies start on line 6) ------------------------------------

ADDRESS_HINT = "    hint: links must start with https://, http://, mailto:, tel: or / (a page of this site)"


def test_top_level_heading_in_a_page_body(project):
    assert problems(project, page("# Our work")) == [
        "content/editor-test.md:6: a heading uses '#', but the page title is already the top heading\n"
        "    6 | # Our work\n"
        "    hint: start headings in the text with '##'"
    ]


@pytest.mark.parametrize(
    "body, kind, address",
    [
        ("[Read more about it](javascript:alert(1))", "link", "javascript:alert(1)"),
        ("[Read more about it](JavaScript:alert(1))", "link", "JavaScript:alert(1)"),
        ("[Read more about it](vbscript:msgbox(1))", "link", "vbscript:msgbox(1)"),
        (
            "[Read more about it](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "link",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        ),
        ("![A chart](javascript:alert(1))", "image", "javascript:alert(1)"),
        ("![A chart](vbscript:msgbox(1))", "image", "vbscript:msgbox(1)"),
        ("![A chart](data:image/svg+xml;base64,PHN2Zz4=)", "image", "data:image/svg+xml;base64,PHN2Zz4="),
    ],
)
def test_unsafe_link_and_image_addresses(project, body, kind, address):
    assert problems(project, page(body)) == [
        f'content/editor-test.md:6: the {kind} address "{address}" is not allowed\n    6 | {body}\n{ADDRESS_HINT}'
    ]


def test_unsafe_link_hidden_with_a_tab_entity_is_still_refused(project):
    # Markdown percent-encodes the tab, so it is no longer a javascript: address at all.
    body = "[Read more about it](java&#9;script:alert(1))"
    assert problems(project, page(body)) == [
        'content/editor-test.md:6: the link "java%09script:alert(1)" should start with / (a page of this site) '
        "or https://\n"
        f"    6 | {body}\n"
        "    hint: write the address of a page of this site from the top, starting with /; for another website, "
        "copy its full address starting with https://"
    ]


def test_unsafe_link_in_a_timeline_entry(project):
    text, n = with_entry(
        project,
        f'  - period: "2021"\n    themes: [{a_theme(project)}]\n    text: See [the report](javascript:alert(1)).\n',
    )
    assert problems(project, {TIMELINE: text}) == [
        f'content/timeline.yaml:{n + 2}: the link address "javascript:alert(1)" is not allowed\n'
        f"    {n + 2} | See [the report](javascript:alert(1)).\n{ADDRESS_HINT}"
    ]


def test_relative_link(project):
    assert problems(project, page("See the [timeline of our work](timeline/).")) == [
        'content/editor-test.md:6: the link "timeline/" should start with / (a page of this site) or https://\n'
        "    6 | See the [timeline of our work](timeline/).\n"
        "    hint: write the address from the top of the site, like /timeline/; for another website, copy its full "
        "address starting with https://"
    ]


def test_link_to_a_markdown_file(project):
    assert problems(project, page("Read [our strategy](/strategy.md).")) == [
        'content/editor-test.md:6: the link "/strategy.md" points at a Markdown file\n'
        "    6 | Read [our strategy](/strategy.md).\n"
        "    hint: link to the page's address instead: /strategy/ is the address of content/strategy.md",
        "content/editor-test.md:6: the link to /strategy.md goes to a page that does not exist\n"
        "    6 | Read [our strategy](/strategy.md).\n"
        "    hint: did you mean /strategy/? Check the address",
    ]


def _page_list_hint(project) -> str:
    rendered = render_project(changed(project, page("Hello.")))
    pages = sorted(
        "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)
        for path in rendered.files
        if path.endswith(".html")
        and (not path.startswith("timeline/") or path == "timeline/index.html")
        and path != "404.html"
    )
    shown = ", ".join(pages[:SHOWN_PAGES]) + (", …" if len(pages) > SHOWN_PAGES else "")
    return "    hint: check the address; the site's pages are: " + shown


def _first_and_last_lines(message: str) -> tuple[str, str]:
    lines = message.split("\n")
    return lines[0], lines[-1]


def test_broken_internal_link(project):
    (message,) = problems(project, page("See [our plan for 2027](/nowhere/)."))
    assert _first_and_last_lines(message) == (
        "content/editor-test.md:6: the link to /nowhere/ goes to a page that does not exist",
        _page_list_hint(project),
    )
    assert "/editor-test/, " in message and ", /privacy/, " in message


def test_broken_anchor_on_another_page(project):
    (message,) = problems(project, page("See [the entries](/timeline/#nope)."))
    assert _first_and_last_lines(message) == (
        "content/editor-test.md:6: the link to /timeline/#nope points at a part of the page that does not exist",
        "    hint: check the part after '#': it must match a heading's id on that page",
    )


def test_broken_anchor_on_the_same_page(project):
    (message,) = problems(project, page("## Our aims\n\nSee [the aims](#our-aim)."))
    assert _first_and_last_lines(message) == (
        "content/editor-test.md:8: the link to #our-aim points at a part of the page that does not exist",
        "    hint: check the part after '#': it must match a heading's id on the same page",
    )


def test_working_links_and_anchors_pass(project):
    body = "## Our aims\n\nSee [the aims](#our-aims), [the timeline](/timeline/#results-heading) and [2021](/timeline/2021/)."
    assert warnings(project, page(body)) == []


def test_broken_link_message_quotes_the_line(project):
    (message,) = problems(project, page("See [our plan for 2027](/nowhere/)."))
    assert message.split("\n")[1] == "    6 | See [our plan for 2027](/nowhere/)."


WARNINGS = [
    (
        "![](/static/favicon.svg)",
        "an image has no alt text",
        "write what the image shows between the square brackets: ![What it shows](picture.png)",
    ),
    (
        "For the full plan, [click here](/plan/).",
        'the link text "click here" does not say where the link goes',
        "use words that make sense on their own: say what the link opens, like the name of the page or document",
    ),
    (
        "The full plan is [here](/plan/).",
        'the link text "here" does not say where the link goes',
        "use words that make sense on their own: say what the link opens, like the name of the page or document",
    ),
    ("#### Our aims", "the heading skips from level 1 to level 4", "use ## for this heading"),
    ("##", "a heading is empty", "write the heading text after the '#' marks"),
    (
        " ".join(["The board met"] + ["and then it met again"] * 9) + ".",
        "a sentence has 48 words; long sentences are hard to follow",
        "split it into sentences of fewer than 45 words",
    ),
    (
        "The QXZ team helped.",
        "'QXZ' looks like an abbreviation, but nothing says what it stands for",
        "write the words in full the first time, followed by (QXZ); or add QXZ to content/glossary.yaml; "
        "if nearly everyone knows it, add it to known_abbreviations in site_config.yaml",
    ),
]


@pytest.mark.parametrize("body, message, hint", WARNINGS, ids=[w[1][:30] for w in WARNINGS])
def test_warnings_pass_normally_and_fail_when_strict(project, body, message, hint):
    expected = f"content/editor-test.md:6: warning: {message}\n    6 | {body}\n    hint: {hint}"
    assert warnings(project, page(body)) == [expected]
    assert problems(project, page(body), strict=True) == [expected.replace("warning: ", "", 1)]


# --- several mistakes at once -----------------------------------------------------------


def test_mistakes_in_several_files_are_all_reported_in_one_run(project):
    timeline, t = with_entry(
        project, f'  - period: "2O21"\n    themes: [{a_theme(project)}]\n    text: A test entry.\n'
    )
    steps, s = with_entry(project, "  - status: started\n    text: A test step.\n", NEXT_STEPS)
    config, c = with_line(project, CONFIG, "base_url:", 'base_url: "example.org"')
    found = problems(
        project,
        {
            TIMELINE: timeline,
            NEXT_STEPS: steps,
            CONFIG: config,
            PAGE: "---\ntitel: A test page\nupdated: 2026-11-26\n---\n\nHello.\n",
            "content/Our Plan.md": FRONT + "Hello.\n",
        },
    )
    assert [message.split("\n")[0] for message in found] == [
        "content/Our Plan.md: the file name can only use lower-case letters, digits and hyphens",
        "content/editor-test.md:2: unknown field 'titel'",
        f"content/next-steps.yaml:{s}: 'status' must be one of 'planned', 'in progress' or 'done', got \"started\"",
        f'content/timeline.yaml:{t}: \'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O21"',
        f"site_config.yaml:{c}: 'base_url' must be a web address like https://www.example.gov.uk/, got \"example.org\"",
    ]


def test_markdown_mistakes_in_several_files_are_all_reported_in_one_run(project):
    timeline, t = with_entry(
        project, f'  - period: "2021"\n    themes: [{a_theme(project)}]\n    text: See [the report](vbscript:x).\n'
    )
    found = problems(
        project,
        {
            TIMELINE: timeline,
            PAGE: FRONT + "# Our work\n\nSee [the list](/nowhere/).\n",
            "content/second-test.md": FRONT + "[Read it](javascript:alert(1))\n",
        },
        strict=True,
    )
    assert [message.split("\n")[0] for message in found] == [
        "content/editor-test.md:6: a heading uses '#', but the page title is already the top heading",
        "content/editor-test.md:8: the link to /nowhere/ goes to a page that does not exist",
        'content/second-test.md:6: the link address "javascript:alert(1)" is not allowed',
        f'content/timeline.yaml:{t + 2}: the link address "vbscript:x" is not allowed',
    ]


def test_load_errors_and_markdown_errors_are_reported_together(project):
    timeline, _t = with_entry(
        project, f'  - period: "2O21"\n    themes: [{a_theme(project)}]\n    text: A test entry.\n'
    )
    found = problems(project, {TIMELINE: timeline, PAGE: FRONT + "# Our work\n"})
    assert len(found) == 2


# --- the command line, end to end -----------------------------------------------------


def with_build_script(root: Path) -> Path:
    """The project folder with its `build.py`, as an editor has it."""
    if not (root / "build.py").exists():
        shutil.copy(REPO / "build.py", root / "build.py")
    return root


def run_cli(root: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` in the project folder, as an editor runs it."""
    with_build_script(root)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "COV_"))}
    env["PYTHONPATH"] = str(REPO)
    if home is not None:
        env["HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "build.py", *args], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result


def run_here(monkeypatch: pytest.MonkeyPatch, root: Path, *args: str, home: Path | None = None) -> Ran:
    """The same command line run in this process, in the project folder: the `main` that
    build.py calls, with its exit status and output, without starting a new Python (a few
    tenths of a second each). The tests of what build.py does as typed use `run_cli`."""
    monkeypatch.chdir(root)
    if home is not None:
        monkeypatch.setenv("HOME", str(home))
    result = run_main(*args)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site-staging-", ".site-previous-")))


def test_cli_check_passes_on_the_real_content(make_project, monkeypatch):
    result = run_here(monkeypatch, make_project(), "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Content is valid: ")
    assert result.stderr == ""


def test_cli_prints_the_exact_message_and_exits_1(make_project, project, monkeypatch):
    text, n = with_entry(project, f'  - period: "2O21"\n    themes: [{a_theme(project)}]\n    text: A test entry.\n')
    root = make_project({TIMELINE: text})
    for command in (["check"], ["build"], []):
        result = run_here(monkeypatch, root, *command)
        assert result.returncode == 1
        assert result.stderr == (
            f'content/timeline.yaml:{n}: \'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O21"\n'
            f'    {n} |   - period: "2O21"\n{PERIOD_HINT}\n\n{SUMMARY_1}\n'
        )
        assert result.stdout == ""
    assert not (root / "_site").exists()


def test_cli_warnings_exit_0_normally_and_1_when_strict(make_project, monkeypatch):
    root = make_project(page("The full plan is [here](/plan/)."))
    message = (
        'content/editor-test.md:6: warning: the link text "here" does not say where the link goes\n'
        "    6 | The full plan is [here](/plan/).\n"
        "    hint: use words that make sense on their own: say what the link opens, like the name of the page or "
        "document"
    )
    normal = run_here(monkeypatch, root, "check")
    assert normal.returncode == 0 and normal.stderr == message + "\n"
    strict = run_here(monkeypatch, root, "check", "--strict")
    assert strict.returncode == 1
    assert strict.stderr == message.replace("warning: ", "") + f"\n\n{SUMMARY_1}\n"


@pytest.mark.parametrize(
    "args",
    [["publish"], ["check", "--nope"], ["build", "--output"], ["serve", "--port", "eighty"], ["--strict", "extra"]],
)
def test_cli_wrong_usage_exits_2(make_project, monkeypatch, args):
    result = run_here(monkeypatch, make_project(), *args)
    assert result.returncode == 2
    assert "usage: python build.py" in result.stderr
    assert "error:" in result.stderr
    assert not (make_project() / "_site").exists()


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["serve", "--help"], ["check", "--help"], ["-h"]])
def test_cli_help_exits_0(make_project, monkeypatch, args):
    result = run_here(monkeypatch, make_project(), *args)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python build.py")
    assert result.stderr == ""


def test_cli_help_describes_each_command(make_project, monkeypatch):
    root = make_project()
    assert "--output FOLDER" in run_here(monkeypatch, root, "build", "--help").stdout
    assert "--port PORT" in run_here(monkeypatch, root, "serve", "--help").stdout
    assert "write nothing" in run_here(monkeypatch, root, "check", "--help").stdout


def test_build_py_as_typed_exits_2_on_wrong_usage_and_0_for_help(make_project):
    # The tests above run `main` in this process; these two run `python build.py` itself.
    root = make_project()
    wrong = run_cli(root, "publish")
    assert wrong.returncode == 2 and "usage: python build.py" in wrong.stderr and "error:" in wrong.stderr
    asked = run_cli(root, "--help")
    assert asked.returncode == 0 and asked.stdout.startswith("usage: python build.py") and asked.stderr == ""


BREAKAGES = {
    # A mistake found while loading, before anything is rendered...
    "yaml": lambda p: {TIMELINE: with_entry(p, '  - period: "2021\n    text: x\n')[0]},
    # ...one found after every page is rendered and staged for writing...
    "broken link": lambda p: page("See [our plan for 2027](/nowhere/)."),
    # ...and a warning, which is an error only with --strict.
    "strict warning": lambda p: page("The full plan is [here](/plan/)."),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_failed_build_leaves_the_published_site_byte_for_byte_unchanged(make_project, project, breakage, monkeypatch):
    root = make_project()
    first = run_here(monkeypatch, root, "build", "--strict")
    assert first.returncode == 0, first.stderr
    before = snapshot(root / "_site")
    assert "index.html" in before and "timeline/index.html" in before

    make_project(BREAKAGES[breakage](project))
    second = run_here(monkeypatch, root, "build", "--strict")
    assert second.returncode == 1
    assert second.stderr.endswith("Nothing was published; the last good site is unchanged.\n")
    assert snapshot(root / "_site") == before
    assert leftovers(root) == []


def test_two_builds_of_the_same_content_are_byte_identical(make_project, tmp_path, monkeypatch):
    root = make_project()
    # The first build in a process of its own, the others in this one: what the site holds
    # cannot depend on the process either (its hash seed, the order it met things in).
    assert run_cli(root, "build").returncode == 0
    first = snapshot(root / "_site")
    other = tmp_path / "elsewhere"
    assert run_here(monkeypatch, root, "build", "--output", str(other)).returncode == 0
    assert run_here(monkeypatch, root, "build").returncode == 0
    assert snapshot(root / "_site") == first
    assert snapshot(other) == first  # Nothing depends on where or when it was built.
    assert leftovers(root) == [] and leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "where, expected",
    [
        (
            "/",
            "error: the output folder '/' is the root of the disk: building there would delete it\n"
            "    hint: set output_dir in site_config.yaml to a folder of its own, like _site\n",
        ),
        ("HOME", "error: the output folder '{home}' is your home folder: building there would delete it\n"),
        (".", "error: the output folder '{root}' is the project folder: building there would delete it\n"),
        (
            "content/site",
            "error: the output folder '{root}/content/site' is inside content/: the build would "
            "overwrite your sources\n    hint: choose a folder of its own, like _site\n",
        ),
        ("content", "error: the output folder '{root}/content' is inside content/"),
        ("templates", "error: the output folder '{root}/templates' is inside templates/"),
        ("templates/out", "error: the output folder '{root}/templates/out' is inside templates/"),
        ("..", "error: the output folder '{parent}' contains the project"),
    ],
)
def test_output_folder_that_would_destroy_something_is_refused(make_project, monkeypatch, tmp_path, where, expected):
    root = with_build_script(make_project())
    home = tmp_path / "home"  # A stand-in home folder: a failing guard could only harm this one.
    home.mkdir()
    (home / "keep.txt").write_text("precious")
    before = snapshot(root)
    target = str(home) if where == "HOME" else where
    result = run_here(monkeypatch, root, "build", "--output", target, home=home)
    assert result.returncode == 1
    assert result.stderr.startswith(
        expected.format(home=home.resolve(), root=root.resolve(), parent=root.resolve().parent)
    ), result.stderr
    assert snapshot(root) == before
    assert (home / "keep.txt").read_text() == "precious"
    assert leftovers(root) == [] and leftovers(root.parent) == []


def test_an_existing_folder_that_is_not_a_built_site_is_refused(make_project, monkeypatch, tmp_path):
    root = with_build_script(make_project())
    documents = tmp_path / "home" / "Documents"  # Where a mistyped --output could point.
    documents.mkdir(parents=True)
    (documents / "letter.txt").write_text("precious")
    result = run_here(monkeypatch, root, "build", "--output", str(documents), home=tmp_path / "home")
    assert (documents / "letter.txt").exists()
    assert result.returncode == 1


def test_output_dir_in_site_config_is_checked_too(make_project, monkeypatch, project):
    text, _n = with_line(project, CONFIG, "output_dir:", 'output_dir: "content"')
    root = with_build_script(make_project({CONFIG: text}))
    before = snapshot(root)
    result = run_here(monkeypatch, root, "build")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: the output folder '{root.resolve()}/content' is inside content/")
    assert snapshot(root) == before


def test_problem_on_the_second_line_of_a_paragraph_points_at_that_line(project):
    (message,) = problems(project, page("The first line of a paragraph.\nSee [the report](javascript:alert(1))."))
    assert message.split("\n")[:2] == [
        'content/editor-test.md:7: the link address "javascript:alert(1)" is not allowed',
        "    7 | See [the report](javascript:alert(1)).",
    ]


# --- the editors' guide quotes real messages ------------------------------------------------

GUIDE = REPO / "docs" / "editing.md"
GUIDE_PAGE = "content/news.md"


def _guide_page(body: str) -> dict[str, str]:
    return {GUIDE_PAGE: "---\ntitle: News\nupdated: 2026-11-26\n---\n\n" + body + "\n"}


def _entry(period: str = '"2024"', themes: str = "THEME", text: str = "A new partnership board met.") -> Callable:
    def changes(project: Project) -> dict[str, str]:
        entry = f"  - period: {period}\n    themes: [{themes.replace('THEME', a_theme(project))}]\n    text: {text}\n"
        return {TIMELINE: with_entry(project, entry)[0]}

    return changes


FUNDED = "content/funded-services.yaml"
STATEMENT = "content/accessibility.md"
A_LIST = (  # A whole list file, valid on its own.
    "kind: list\ntitle: Projects\ndescription: The projects the office runs, with what each one is for and when.\n"
    "item_name: project\n"
    "updated: 2026-11-26\nreviewed: 2026-11-26\n\nentries:\n  - text: A project.\n"
)


def _copied_item(project: Project) -> dict[str, str]:
    """The last item of a list pasted in again, its id and all."""
    last = yaml.safe_load(original(project, FUNDED))["entries"][-1]
    return {FUNDED: with_entry(project, f"  - id: {last['id']}\n    text: A copy of the last service.\n", FUNDED)[0]}


# The mistakes the guide shows, by the name in its `<!-- message: NAME -->` markers:
# name -> (the change that makes the mistake, whether --strict is used).
GUIDE_MISTAKES: dict[str, tuple[Callable[[Project], dict[str, str | bytes]], bool]] = {
    "tab": (
        lambda p: {
            TIMELINE: with_entry(p, f'  - period: "2024"\n\tthemes: [{a_theme(p)}]\n    text: A board met.\n')[0]
        },
        False,
    ),
    "colon": (_entry(text="Result: a new partnership board."), False),
    "quote": (
        lambda p: {
            TIMELINE: with_entry(
                p,
                f'  - period: "2024\n    themes: [{a_theme(p)}]\n    text: A board met.\n\n'
                f'  - period: "2025"\n    themes: [{a_theme(p)}]\n    text: It met again.\n',
            )[0]
        },
        False,
    ),
    "no-colon": (
        lambda p: {
            TIMELINE: with_entry(p, f'  - period: "2024"\n    themes: [{a_theme(p)}]\n    text A board met.\n')[0]
        },
        False,
    ),
    "indent": (
        lambda p: {
            TIMELINE: with_entry(p, f'  - period: "2024"\n    themes: [{a_theme(p)}]\n   text: A board met.\n')[0]
        },
        False,
    ),
    "period": (_entry(period='"2O24"'), False),
    "period-reversed": (_entry(period='"2024/19"'), False),
    "misspelt": (
        lambda p: {
            TIMELINE: with_entry(p, f'  - peroid: "2024"\n    themes: [{a_theme(p)}]\n    text: A board met.\n')[0]
        },
        False,
    ),
    "theme": (_entry(themes="THEMEx"), False),
    "status": (
        lambda p: {NEXT_STEPS: with_entry(p, "  - status: started\n    text: Review the plan.\n", NEXT_STEPS)[0]},
        False,
    ),
    "date": (
        lambda p: {
            NEXT_STEPS: with_entry(
                p, "  - status: planned\n    target: 31/03/2027\n    text: Review the plan.\n", NEXT_STEPS
            )[0]
        },
        False,
    ),
    "yes": (lambda p: {TIMELINE: with_line(p, TIMELINE, "title:", "title: yes")[0]}, False),
    "no-front-matter": (lambda p: {GUIDE_PAGE: "title: News\n\nThe board met.\n"}, False),
    "file-name": (
        lambda p: {"content/Latest News.md": "---\ntitle: News\nupdated: 2026-11-26\n---\n\nThe board met.\n"},
        False,
    ),
    "heading": (lambda p: _guide_page("# Latest news"), False),
    "relative-link": (lambda p: _guide_page("See the [timeline of our work](timeline/)."), False),
    "broken-link": (lambda p: _guide_page("See [the 2024 report](/reports/2024/)."), False),
    "unsafe-link": (lambda p: _guide_page("[Open the report](javascript:openReport())"), False),
    "encoding": (
        lambda p: {
            GUIDE_PAGE: "---\ntitle: News\nupdated: 2026-11-26\n---\n\nThe caf\u00e9 opened.\n".encode("cp1252")
        },
        False,
    ),
    # A line break pasted from Word (Shift+Enter) arrives as a vertical tab, U+000B.
    "control": (lambda p: _guide_page("The board met\x0bon 4 March."), False),
    "click-here": (lambda p: _guide_page("To read the plan, [click here](/plan/)."), True),
    "alt-text": (lambda p: _guide_page("![](/static/favicon.svg)"), True),
    "abbreviation": (lambda p: _guide_page("The NPCC agreed the plan."), True),
    "time-word": (lambda p: _guide_page("The board currently meets every quarter."), True),
    # Lists say what kind they are, and what one item is called.
    "no-kind": (lambda p: {FUNDED: with_line(p, FUNDED, "kind:", "")[0]}, False),
    "kind": (lambda p: {FUNDED: with_line(p, FUNDED, "kind:", "kind: lists")[0]}, False),
    "item-name": (lambda p: {FUNDED: with_line(p, FUNDED, "item_name:", "")[0]}, False),
    "id-twice": (_copied_item, False),
    # Where files are: topics, addresses, the accessibility statement.
    "topic-index": (lambda p: {"content/county-lines/projects.yaml": A_LIST}, False),
    "same-address": (
        lambda p: {"content/timeline.md": "---\ntitle: Timeline\nupdated: 2026-11-26\n---\n\nHello.\n"},
        False,
    ),
    "alias-taken": (
        lambda p: {
            "content/plan.md": with_line(p, "content/plan.md", "nav_order:", "nav_order: 7\naliases: [/strategy/]")[0]
        },
        False,
    ),
    "statement": (lambda p: {STATEMENT: with_line(p, STATEMENT, "kind:", "")[0]}, False),
    # Placeholders: warnings while drafting, refused when publishing.
    "todo": (lambda p: _guide_page("TODO: add the figures for 2024."), True),
    "placeholder": (lambda p: {CONFIG: with_line(p, CONFIG, "  email:", '  email: "opcc@example.org"')[0]}, True),
}


def guide_message(project: Project, name: str) -> str:
    """What `python build.py check` prints (standard error) for one mistake in the guide."""
    make, strict = GUIDE_MISTAKES[name]
    found = problems(project, make(project), strict=strict)
    count = len(found)
    return "\n\n".join(found) + (
        f"\n\n{count} problem{'s' if count != 1 else ''} in the content. "
        "Nothing was published; the last good site is unchanged."
    )


def _stable(text: str) -> str:
    """The message without what depends on the site's current content: line numbers, pages, themes."""
    text = re.sub(r"(?m)^(\S.*?):\d+: ", r"\1:N: ", text)
    text = re.sub(r"(?m)^    \d+ \| ", "    N | ", text)
    text = re.sub(r"\bline \d+\b", "line N", text)
    text = re.sub(r"(the site's pages are|or use one of): .*", r"\1: …", text)
    if "the theme '" in text:
        text = re.sub(r"the theme '[^']*'|\[[a-z0-9-]+\]|did you mean '[^']*'", "<theme>", text)
    return text


def guide_blocks() -> dict[str, str]:
    text = GUIDE.read_text("utf-8")
    return dict(re.findall(r"<!-- message: ([a-z-]+) -->\n```text\n(.*?)\n```", text, flags=re.S))


@pytest.mark.slow
def test_the_guide_quotes_each_message_exactly(project):
    blocks = guide_blocks()
    assert sorted(blocks) == sorted(GUIDE_MISTAKES)
    for name, shown in blocks.items():
        assert _stable(shown) == _stable(guide_message(project, name)), name


def guide_examples() -> list[tuple[str, str]]:
    text = GUIDE.read_text("utf-8")
    return re.findall(r"<!-- example: (\S+) -->\n```[a-z]*\n(.*?)\n```", text, flags=re.S)


def test_the_guide_has_an_example_of_every_kind_of_content():
    assert sorted(name for name, _ in guide_examples()) == sorted(
        [
            "content/meetings.md",
            TIMELINE,
            "content/regional-work.yaml",
            "content/funded-services.yaml",
            NEXT_STEPS,
            "content/glossary.yaml",
            CONFIG,
            # A new list, and a topic with a list of its own.
            "content/partnership-boards.yaml",
            "content/county-lines/index.md",
            "content/county-lines/projects.yaml",
        ]
    )


def _example_files(project: Project, name: str, example: str) -> dict[str, str]:
    """The files an example makes: a whole file, or an item added at the end of a list; in a
    topic that the site does not have yet, with the guide's example of the topic's index.md."""
    if example.startswith("  - "):  # An item added at the end of a list.
        assert list(yaml.safe_load(original(project, name)))[-1] in ("entries", "terms")
        files = {name: original(project, name).rstrip("\n") + "\n\n" + example + "\n"}
    else:  # A whole file.
        files = {name: example + "\n"}
    index = name.rpartition("/")[0] + "/index.md"
    if name.startswith("content/") and index not in project.files and name != index:
        files.update(_example_files(project, index, dict(guide_examples())[index]))
    return files


@pytest.mark.parametrize("name, example", guide_examples(), ids=[name for name, _ in guide_examples()])
def test_each_example_in_the_guide_can_be_pasted_in_as_it_is(project, name, example):
    files = _example_files(project, name, example)
    rendered = render_project(changed(project, files), strict=True)
    assert rendered.warnings == ()
    if name == CONFIG:
        return
    address = classify(name)
    if name.endswith(".md"):  # The page is published at the address its file name gives it.
        assert address.path + "index.html" in rendered.files
    elif name not in project.files:  # A new list: published, with each of its items.
        items = yaml.safe_load(files[name])["entries"]
        assert address.path + "index.html" in rendered.files
        assert rendered.content.collections[address.path.rstrip("/")].entries[-1].text == items[-1]["text"]
    else:  # One more item in the list.
        key = list(yaml.safe_load(files[name]))[-1]
        assert len(yaml.safe_load(files[name])[key]) == len(yaml.safe_load(original(project, name))[key]) + 1


if __name__ == "__main__":
    # Print the guide's message blocks, made by running the command line on broken copies:
    #   .venv/bin/python tests/test_editor_mistakes.py
    import tempfile

    real = read_project(REPO)
    for mistake, (make, strict) in GUIDE_MISTAKES.items():
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "project"
            for part in ("content", "templates", "static"):
                shutil.copytree(REPO / part, root / part)
            shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
            for file, value in make(real).items():
                target = root / file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(value if isinstance(value, bytes) else value.encode("utf-8"))
            result = run_cli(root, "check", *(["--strict"] if strict else []))
            assert result.returncode == 1, (mistake, result.stderr)
            print(f"<!-- message: {mistake} -->\n```text\n{result.stderr.rstrip()}\n```\n")
