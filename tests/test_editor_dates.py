"""Dates in the web editor: typed as people type them, read strictly, never lost, shown back
as the site shows them, stored as ISO dates; and a saved change keeps "Last updated" true."""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import pytest
from editor_client import Client

from sitegen.editor.dates import DateUnreadable, read_date, shown

STEPS = "content/next-steps.yaml"
TIMELINE = "content/timeline.yaml"


@pytest.fixture
def project(make_project) -> Path:
    return make_project()


@pytest.fixture
def client(project) -> Client:
    return Client(project)


@pytest.mark.parametrize(
    "typed",
    [
        "31/3/2027",
        "31/03/2027",
        "31 March 2027",
        "31 Mar 2027",
        "31st March 2027",
        "2027-03-31",
        " 31  march 2027 ",
        "March 31, 2027",
        "31.3.2027",
        "31-3-2027",
    ],
)
def test_a_date_is_read_as_people_type_it(typed):
    assert read_date(typed) == datetime.date(2027, 3, 31)


def test_day_comes_first_as_in_the_uk():
    assert read_date("3/4/2027") == datetime.date(2027, 4, 3)


@pytest.mark.parametrize(
    "typed, said",
    [
        (
            "31 February 2027",
            "Target must be a real date: February 2027 has 28 days, so “31 February 2027” does not exist",
        ),
        ("29/2/2027", "February 2027 has 28 days"),
        ("31/4/2027", "April 2027 has 30 days"),
        ("1/13/2027", "there is no month 13"),
        ("31/3/27", "must have the year in full"),
        ("31 Marhc 2027", "Target must be a date like 31 March 2027 or 31/3/2027, not “31 Marhc 2027”"),
        ("next Tuesday", "must be a date like"),
        ("31/3/0207", "the year 207, which is not between 1900 and 2100"),
    ],
)
def test_an_impossible_or_unreadable_date_says_why_naming_the_field(typed, said):
    with pytest.raises(DateUnreadable) as error:
        read_date(typed, "Target")
    assert said in str(error.value)


def test_a_date_is_shown_as_the_site_shows_it():
    assert shown(datetime.date(2027, 3, 1)) == "1 March 2027"


def step_url(index: int = 0) -> str:
    return f"/edit/item?file={STEPS}&index={index}"


def test_a_typed_date_is_saved_as_iso_and_shown_back_in_words(client, project):
    fields = client.form(step_url())
    fields.update(target="31/3/2027", correction="true")
    answer = client.post(step_url(), fields)
    assert answer.status == 303, answer.text
    assert "    target: 2027-03-31\n" in (project / STEPS).read_text(encoding="utf-8")
    assert (
        'name="target" type="text" autocomplete="off" spellcheck="false" value="31 March 2027"'
        in client.get(step_url()).text
    )


def test_an_impossible_date_is_an_error_on_its_field_with_the_typed_text_kept_and_nothing_saved(client, project):
    before = (project / STEPS).read_bytes()
    fields = client.form(step_url())
    fields.update(target="31 February 2027", text="Changed words too.")
    answer = client.post(step_url(), fields)
    page = html.unescape(answer.text)
    assert answer.status == 200
    assert "<title>Error: " in page
    assert '<a href="#f-target">Target must be a real date: February 2027 has 28 days' in page
    assert 'id="f-target-error"' in page
    assert 'value="31 February 2027"' in page  # what was typed, kept
    assert "Changed words too." in page  # and every other field as typed
    assert (project / STEPS).read_bytes() == before


def test_a_required_date_typed_correctly_is_saved_and_one_left_empty_is_asked_for_in_words(client, project):
    url = f"/edit/settings?file={TIMELINE}"
    fields = client.form(url)
    assert fields["updated"] == "26 November 2026" or re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", fields["updated"])
    fields.update(reviewed="1 Dec 2026", updated="2 December 2026")
    assert client.post(url, fields).status == 303
    text = (project / TIMELINE).read_text(encoding="utf-8")
    assert "reviewed: 2026-12-01\n" in text and "updated: 2026-12-02\n" in text
    fields = client.form(url)
    fields["updated"] = ""
    page = html.unescape(client.post(url, fields).text)
    assert "Enter the date: last updated, like 31 March 2027" in page
    assert 'got ""' not in page


# --- "Last updated" kept true --------------------------------------------------------------


@pytest.fixture
def fixed_today(monkeypatch) -> datetime.date:
    monkeypatch.setenv("SITEGEN_TODAY", "2027-04-01")
    return datetime.date(2027, 4, 1)


def test_saving_a_change_sets_updated_to_the_builds_today(client, project, fixed_today):
    fields = client.form(f"/edit/item?file={TIMELINE}&index=1")
    fields["text"] = "New words for this entry."
    assert client.post(f"/edit/item?file={TIMELINE}&index=1", fields).status == 303
    assert "\nupdated: 2027-04-01\n" in (project / TIMELINE).read_text(encoding="utf-8")
    fields = client.form("/edit/page?file=content/plan.md")
    fields["body"] += "\n\nOne more sentence."
    assert client.post("/edit/page", fields).status == 303
    assert "\nupdated: 2027-04-01\n" in (project / "content/plan.md").read_text(encoding="utf-8")


def test_a_correction_leaves_updated_as_it_was(client, project, fixed_today):
    before = re.search(r"\nupdated: (.*)\n", (project / TIMELINE).read_text(encoding="utf-8")).group(1)
    fields = client.form(f"/edit/item?file={TIMELINE}&index=1")
    fields.update(text="A typo fixed.", correction="true")
    assert client.post(f"/edit/item?file={TIMELINE}&index=1", fields).status == 303
    text = (project / TIMELINE).read_text(encoding="utf-8")
    assert "A typo fixed." in text and f"\nupdated: {before}\n" in text


def test_an_unchanged_form_and_a_move_leave_updated_alone(client, project, fixed_today):
    before = (project / TIMELINE).read_text(encoding="utf-8")
    fields = client.form(f"/edit/item?file={TIMELINE}&index=1")
    assert client.post(f"/edit/item?file={TIMELINE}&index=1", fields).status == 303
    assert (project / TIMELINE).read_text(encoding="utf-8") == before
    version = re.search(r'name="version" value="([^"]+)"', client.get(f"/edit/list?file={TIMELINE}").text).group(1)
    client.post("/edit/item/move", {"file": TIMELINE, "index": "1", "to": "0", "version": version})
    assert "2027-04-01" not in (project / TIMELINE).read_text(encoding="utf-8")


def test_a_refused_save_keeps_the_correction_ticked(client, project):
    fields = client.form(f"/edit/item?file={TIMELINE}&index=1")
    fields.update(period="2O19", correction="true")
    page = client.post(f"/edit/item?file={TIMELINE}&index=1", fields).text
    assert 'name="correction" value="true" checked' in page
