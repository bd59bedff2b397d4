"""Two people (or two windows) changing one file: nothing either of them saved is lost.

A form remembers the version of the file it was opened on. Changes to different items of a
list, or to different fields, or to different lines of a page's text, are joined without
asking; when both changed the same field, the second person sees both versions side by side
and chooses theirs, the other's, or a combination, and nothing they typed is lost meanwhile.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from editor_client import Client

from sitegen.editor.yaml_edit import load

TIMELINE = "content/timeline.yaml"
PAGE = "content/plan.md"


@pytest.fixture
def project(make_project) -> Path:
    return make_project()


@pytest.fixture
def client(project) -> Client:
    return Client(project)


def item_form(client: Client, index: int) -> tuple[str, dict[str, str | list[str]]]:
    url = f"/edit/item?file={TIMELINE}&index={index}"
    return url, client.form(url)


def entries(project: Path) -> list[dict]:
    return load((project / TIMELINE).read_text(encoding="utf-8"))["entries"]


def forms(html: str) -> list[tuple[str, dict[str, list[str]], str]]:
    """(action, fields, button words) of every form on the page."""
    found = []
    for action, body in re.findall(r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', html, re.DOTALL):
        fields: dict[str, list[str]] = {}
        for tag in re.findall(r"<input[^>]*>", body):
            name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
            if name:
                fields.setdefault(unescape(name.group(1)), []).append(unescape(value.group(1)) if value else "")
        for name, value in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>\n?(.*?)</textarea>', body, re.DOTALL):
            fields.setdefault(name, []).append(unescape(value))
        button = re.search(r"<button[^>]*>(.*?)</button>", body, re.DOTALL)
        found.append((unescape(action), fields, re.sub(r"<[^>]+>", "", button.group(1)) if button else ""))
    return found


def choose(client: Client, page: str, words: str, **typed: str):
    action, fields, _ = next(f for f in forms(page) if words in f[2])
    fields.update({k: [v] for k, v in typed.items()})
    fields.pop("token", None)
    return client.post(action, fields)


def test_two_people_changing_different_items_of_a_list_both_keep_their_change(client, project):
    jo_url, jo = item_form(client, 1)
    alex_url, alex = item_form(client, 3)
    jo["text"] = "Jo's words for item 2."
    alex["text"] = "Alex's words for item 4."
    assert client.post(jo_url, jo).status == 303
    answer = client.post(alex_url, alex)  # opened before Jo saved: joined, not refused
    assert answer.status == 303, answer.text[:2000]
    now = entries(project)
    assert now[1]["text"] == "Jo's words for item 2." and now[3]["text"] == "Alex's words for item 4."
    text = (project / TIMELINE).read_text(encoding="utf-8")
    assert text.startswith("# The timeline of the PCC's work")  # comments kept


def test_an_item_added_while_another_was_changed_keeps_both(client, project):
    before = len(entries(project))
    edit_url, edit = item_form(client, 2)
    add_url, add = item_form(client, "new")  # type: ignore[arg-type]
    add.update({"period": "2021", "text": "An entry added by Alex."})
    assert client.post(add_url, add).status == 303
    edit["text"] = "Jo changed item 3."
    assert client.post(edit_url, edit).status == 303
    now = entries(project)
    assert len(now) == before + 1 and now[-1]["text"] == "An entry added by Alex."
    assert now[2]["text"] == "Jo changed item 3."


def test_different_fields_of_one_item_are_both_kept(client, project):
    url, jo = item_form(client, 1)
    _, alex = item_form(client, 1)
    jo["text"] = "Jo's words."
    alex["period"] = "2019"
    assert client.post(url, jo).status == 303
    assert client.post(url, alex).status == 303
    item = entries(project)[1]
    assert item["text"] == "Jo's words." and str(item["period"]) == "2019"


def clash(client: Client, project: Path) -> tuple[str, str]:
    """Jo and Alex both change item 2's text; Jo saves first. Alex's answer, and the file then."""
    url, jo = item_form(client, 1)
    _, alex = item_form(client, 1)
    jo["text"] = "Jo's words."
    alex["text"] = "Alex's words."
    alex["period"] = "2019"  # a field only Alex changed
    assert client.post(url, jo).status == 303
    saved = (project / TIMELINE).read_text(encoding="utf-8")
    return client.post(url, alex).text, saved


def test_the_same_field_changed_by_both_shows_both_versions_and_saves_nothing(client, project):
    page, saved = clash(client, project)
    assert (project / TIMELINE).read_text(encoding="utf-8") == saved  # nothing saved yet
    assert "<h1>Someone else changed this while you were editing it</h1>" in page
    assert "Nothing has been saved yet" in page and 'role="region"' in page
    table = re.search(r'<table class="clash-table">.*?</table>', page, re.DOTALL).group(0)
    assert "Item 2" in table and "Text" in table  # where, and which field, in words
    assert "Alex&#39;s words." in table and "Jo&#39;s words." in table
    assert "Keep my version" in page and "Save the combined version" in page
    combine = next(f for f in forms(page) if "combined" in f[2])[1]
    assert combine["text"] == ["Alex's words."]  # what Alex typed is kept, ready to edit
    assert combine["period"] == ["2019"]


def test_keeping_my_version_keeps_the_others_other_changes(client, project):
    page, _ = clash(client, project)
    assert choose(client, page, "Keep my version").status == 303
    item = entries(project)[1]
    assert item["text"] == "Alex's words." and str(item["period"]) == "2019"


def test_keeping_the_others_version_still_saves_my_other_changes(client, project):
    page, _ = clash(client, project)
    answer = choose(client, page, "’s version")
    assert answer.status == 303, answer.text[:2000]
    item = entries(project)[1]
    assert item["text"] == "Jo's words." and str(item["period"]) == "2019"


def test_combining_the_two_versions(client, project):
    page, _ = clash(client, project)
    answer = choose(client, page, "Save the combined version", text="Jo's words, and Alex's.")
    assert answer.status == 303, answer.text[:2000]
    item = entries(project)[1]
    assert item["text"] == "Jo's words, and Alex's." and str(item["period"]) == "2019"


def test_an_item_removed_by_one_and_changed_by_the_other_is_a_choice(client, project):
    url, alex = item_form(client, 1)
    version = client.form(f"/edit/settings?file={TIMELINE}")["version"]
    assert client.post(f"/edit/item/remove?file={TIMELINE}", {"version": version, "index": "1"}).status == 303
    alex["text"] = "Alex's words."
    page = client.post(url, alex)
    assert page.status == 409 and "The whole item" in page.text and "(not set)" in page.text
    assert choose(client, page.text, "Keep my version").status == 303
    assert any(e["text"] == "Alex's words." for e in entries(project))


def page_form(client: Client) -> tuple[str, dict[str, str | list[str]]]:
    url = f"/edit/page?file={PAGE}"
    return url, client.form(url)


def test_a_page_changed_by_two_people_in_different_places_keeps_both(client, project):
    url, jo = page_form(client)
    _, alex = page_form(client)
    jo["title"] = "Jo's Title"
    alex["body"] = str(alex["body"]) + "\n\nA paragraph Alex added.\n"
    assert client.post(url, jo).status == 303
    assert client.post(url, alex).status == 303
    text = (project / PAGE).read_text(encoding="utf-8")
    assert "title: Jo's Title" in text and "A paragraph Alex added." in text


def test_a_pages_text_changed_on_different_lines_is_joined_line_by_line(client, project):
    url, jo = page_form(client)
    _, alex = page_form(client)
    jo["body"] = "A first line by Jo.\n\n" + str(jo["body"])
    alex["body"] = str(alex["body"]) + "\n\nA last line by Alex.\n"
    assert client.post(url, jo).status == 303
    assert client.post(url, alex).status == 303
    text = (project / PAGE).read_text(encoding="utf-8")
    assert "A first line by Jo." in text and "A last line by Alex." in text


def test_a_pages_text_changed_on_the_same_lines_is_a_choice(client, project):
    url, jo = page_form(client)
    _, alex = page_form(client)
    jo["body"] = "Jo rewrote it all.\n"
    alex["body"] = "Alex rewrote it all.\n"
    assert client.post(url, jo).status == 303
    page = client.post(url, alex)
    assert page.status == 409 and "The page&#39;s text" in page.text
    assert "Jo rewrote it all." in page.text and "Alex rewrote it all." in page.text
    answer = choose(client, page.text, "Save the combined version", body="Jo and Alex rewrote it.\n")
    assert answer.status == 303, answer.text[:2000]
    assert "Jo and Alex rewrote it." in (project / PAGE).read_text(encoding="utf-8")


def test_the_same_item_changed_through_the_text_screen_shows_values_not_the_whole_file(client, project):
    url = f"/edit/text?file={TIMELINE}"
    alex = client.form(url)
    item_url, jo = item_form(client, 1)
    jo["text"] = "Jo's words."
    assert client.post(item_url, jo).status == 303
    alex["text"] = str(alex["text"]).replace("Supported West Mercia Police’s", "Alex supported West Mercia Police’s")
    page = client.post(url, alex)
    assert page.status == 409 and "Jo&#39;s words." in page.text
    assert "Save the combined version" not in page.text  # the text screen's one control is the whole file
    assert choose(client, page.text, "Keep my version").status == 303
    assert entries(project)[1]["text"].startswith("Alex supported")


def test_a_list_removed_while_its_form_was_open_saves_nothing_and_says_so(client, project):
    url, fields = item_form(client, 1)
    (project / TIMELINE).unlink()
    answer = client.post(url, fields | {"text": "Mine."})
    assert answer.status in (404, 409) and "Traceback" not in answer.text
    assert not (project / TIMELINE).exists()


def test_a_document_chosen_with_a_clashing_change_is_named_so_it_can_be_added_again(client, project):
    url, jo = page_form(client)
    _, alex = page_form(client)
    jo["body"], alex["body"] = "Jo rewrote it all.\n", "Alex rewrote it all.\n"
    assert client.post(url, jo).status == 303
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    page = client.post(url, alex, files={"document": ("Annual report.pdf", pdf)})
    assert page.status == 409 and "Annual report.pdf" in page.text and "add it again" in page.text
    assert not (project / "content/files/annual-report.pdf").exists()
