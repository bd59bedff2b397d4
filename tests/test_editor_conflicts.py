"""A save is checked as the build checks it, and written only over the version it was made from
(or joined with what was saved since, item by item).

The version a form was opened on is compared once, in one place (`saving.save`), and again
at the moment of writing, under a lock, right before the new file is renamed over the old
one: a change that someone else writes while the save is being checked is never undone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_client import Client

from sitegen.editor import saving

TIMELINE = "content/timeline.yaml"
PAGE = "content/plan.md"


@pytest.fixture
def project(make_project) -> Path:
    return make_project()


@pytest.fixture
def client(project) -> Client:
    return Client(project)


def version(client: Client, url: str) -> str:
    return str(client.form(url)["version"])


# Every screen that saves, with the form a browser sends from it (one field changed).
SCREENS = {
    "page": (PAGE, "/edit/page?file=content/plan.md", {"title": "A new title"}),
    "text": (PAGE, "/edit/text?file=content/plan.md", None),
    "item": (TIMELINE, "/edit/item?file=content/timeline.yaml&index=1", {"text": "Mine."}),
    "settings": (TIMELINE, "/edit/settings?file=content/timeline.yaml", {"title": "Another title"}),
    "move": (TIMELINE, "/edit/item/move?file=content/timeline.yaml", {"index": "1", "to": "0"}),
    "remove": (TIMELINE, "/edit/item/remove?file=content/timeline.yaml", {"index": "1"}),
}


def sent_form(client: Client, screen: str) -> tuple[str, str, dict[str, str | list[str]]]:
    name, url, change = SCREENS[screen]
    if screen in ("move", "remove"):
        fields: dict[str, str | list[str]] = {"version": version(client, "/edit/settings?file=" + name), **change}
        return name, url, fields
    fields = client.form(url)
    if change is None:
        fields["text"] = str(fields["text"]).replace("Plan", "Our plan", 1)
    else:
        fields.update(change)
    return name, url, fields


@pytest.mark.parametrize("screen", SCREENS)
def test_a_form_opened_on_an_older_version_keeps_the_change_made_meanwhile(client, project, screen):
    """The change is made to the version the form showed, then joined with the file as it is
    now (tests/test_editor_together.py): the other change is never undone."""
    name, url, fields = sent_form(client, screen)
    path = project / name
    theirs = b"\nSomeone else's paragraph.\n" if name.endswith(".md") else b"\n# Someone else's line.\n"
    path.write_bytes(path.read_bytes() + theirs)
    answer = client.post(url, fields)
    assert answer.status == 303, answer.text[:3000]
    assert theirs.strip() in path.read_bytes()


@pytest.mark.parametrize("screen", SCREENS)
def test_a_form_opened_on_a_version_that_cannot_be_found_saves_nothing(client, project, screen):
    name, url, fields = sent_form(client, screen)
    fields["version"] = "0" * 20  # not a version this editor opened, nor one git recorded
    path = project / name
    path.write_bytes(path.read_bytes() + b"\n# Someone else's line.\n")
    before = path.read_bytes()
    answer = client.post(url, fields)
    assert answer.status == 409 and "The file changed since you opened it" in answer.text
    assert f"?file={name}" in answer.text  # "Open it again"
    assert path.read_bytes() == before


@pytest.mark.parametrize("screen", SCREENS)
def test_a_change_written_by_someone_else_during_the_check_is_not_overwritten(client, project, monkeypatch, screen):
    name, url, fields = sent_form(client, screen)
    path = project / name
    theirs = path.read_bytes() + b"\n# Written by someone else while the editor was checking.\n"
    check = saving.check_change

    def slow_check(root, files, *args):
        outcome = check(root, files, *args)
        path.write_bytes(theirs)  # In a text editor, while the site was being built in memory.
        return outcome

    monkeypatch.setattr(saving, "check_change", slow_check)
    answer = client.post(url, fields)
    assert answer.status == 409, answer.text[:2000]
    assert path.read_bytes() == theirs


@pytest.mark.parametrize("screen", SCREENS)
def test_the_same_form_unchallenged_is_saved(client, project, screen):
    name, url, fields = sent_form(client, screen)
    before = (project / name).read_bytes()
    answer = client.post(url, fields)
    assert answer.status == 303, answer.text[:3000]
    assert (project / name).read_bytes() != before


def test_a_page_in_a_draft_topic_is_checked_as_the_preview_builds_it(make_project):
    """Nothing in the page's own words says "draft": the topic it is in is one."""
    project = make_project(
        {
            "content/new-topic/index.md": "---\ntitle: New topic\nupdated: 2026-01-01\ndraft: true\n---\n\nSoon.\n",
            "content/new-topic/first.md": "---\ntitle: First\nupdated: 2026-01-01\n---\n\nSoon.\n",
        }
    )
    client = Client(project)
    url = "/edit/page?file=content/new-topic/first.md"
    fields = client.form(url)
    fields["body"] = "See [the missing page](/no-such-page/)."
    before = (project / "content/new-topic/first.md").read_bytes()
    answer = client.post(url, fields)
    assert answer.status == 200 and "/no-such-page/" in answer.text and "There is a problem" in answer.text
    assert (project / "content/new-topic/first.md").read_bytes() == before
    fields["body"] = "See [the plan](/plan/)."
    assert client.post(url, fields).status == 303


def test_a_document_added_with_a_change_that_came_too_late_is_taken_back(client, project, monkeypatch):
    fields = client.form("/edit/page?file=content/plan.md")
    path = project / PAGE
    theirs = path.read_bytes() + b"\nTheirs.\n"
    check = saving.check_change

    def slow_check(root, files, *args):
        outcome = check(root, files, *args)
        path.write_bytes(theirs)
        return outcome

    monkeypatch.setattr(saving, "check_change", slow_check)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    answer = client.post("/edit/page?file=content/plan.md", fields, files={"document": ("Annual report.pdf", pdf)})
    assert answer.status == 409
    assert path.read_bytes() == theirs and not (project / "content/files/annual-report.pdf").exists()
