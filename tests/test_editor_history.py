"""History and undo in the web editor: every save is a git commit with a plain message, each
list and page shows its history, any change can be undone (refused when later changes touched
the same lines), a removed item comes back at its address, and an item moves in one step."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from editor_client import Client

from sitegen.model.loading import load_site
from sitegen.read.project_files import read_project

TIMELINE = "content/timeline.yaml"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n" + b"0" * 2000 + b"\n%%EOF\n"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def project(make_project, tmp_path) -> Path:
    """The project in a git repository, published to a bare remote, with no ids on the timeline's
    entries (so their addresses are made from their text)."""
    root = make_project()
    timeline = root / TIMELINE
    timeline.write_text(re.sub(r"(?m)^  - id: .*\n    ", "  - ", timeline.read_text(encoding="utf-8")), "utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Test Editor")
    git(root, "config", "user.email", "editor@example.org")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "First version")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "--quiet", "--set-upstream", "origin", "main")
    return root


@pytest.fixture
def client(project) -> Client:
    return Client(project)


def version_of(client: Client, url: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', client.get(url).text).group(1)


def ids(root: Path) -> list[str]:
    content = load_site(read_project(root).files, include_drafts=True).content
    return [entry.id for entry in content.collections["timeline"].entries]


def save_item(client: Client, index: int, **changes: str) -> None:
    url = f"/edit/item?file={TIMELINE}&index={index}"
    fields = client.form(url)
    fields.update(changes)
    answer = client.post(url, fields)
    assert answer.status == 303, html.unescape(answer.text)


def undo_buttons(page: str) -> list[tuple[str, str]]:
    """(commit, what) of each Undo button in a screen's history."""
    return re.findall(
        r'name="commit" value="([0-9a-f]{40})"><button[^>]*>Undo<span class="visually-hidden"> “([^”]*)”', page
    )


def test_every_save_is_a_commit_with_a_plain_message_shown_in_the_lists_history(client, project):
    save_item(client, 1, text="Supported the force's new plan.")
    subject, author = git(project, "log", "-1", "--format=%s|%an").strip().split("|")
    assert subject == "Changed entry 2 “Supported the force's new plan.” in content/timeline.yaml"
    assert author == "Test Editor"
    assert git(project, "status", "--porcelain").strip() == ""
    page = html.unescape(client.get(f"/edit/list?file={TIMELINE}").text)
    history = page[page.index('<h2 id="history-heading">History</h2>') :]
    assert "Changed entry 2 “Supported the force's new plan.” in content/timeline.yaml" in history
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d, by Test Editor\. Not published yet\.", history)
    assert "First version" in history and "Published." in history


def test_the_changes_page_still_compares_with_the_last_publish_and_publish_sends_every_save(client, project, tmp_path):
    save_item(client, 1, text="Supported the force's new plan.")
    changes = html.unescape(client.get("/edit/changes").text)
    assert "Changed the text of entry “Supported the force's new plan.”" in changes
    answer = client.post("/edit/publish", {"message": "A new plan"})
    assert answer.status == 303
    remote = tmp_path / "remote.git"
    assert git(remote, "log", "--format=%s", "main").split("\n")[:3] == [
        "A new plan",
        "Changed entry 2 “Supported the force's new plan.” in content/timeline.yaml",
        "First version",
    ]
    assert "Nothing has changed since the last publish." in client.get("/edit/changes").text


def test_a_removed_item_is_restored_at_its_place_and_its_address(client, project):
    before = ids(project)
    url = f"/edit/list?file={TIMELINE}"
    answer = client.post("/edit/item/remove", {"file": TIMELINE, "index": "3", "version": version_of(client, url)})
    assert answer.status == 303 and answer.location.endswith("#item-3")
    assert ids(project) == before[:3] + before[4:]  # every other item keeps its address too
    assert re.search(r"(?m)^  - id: |^    id: ", (project / TIMELINE).read_text(encoding="utf-8"))  # written in
    page = html.unescape(client.get(answer.location.split("#")[0]).text)
    assert "Undo brings it back at its place and its address." in page
    commit = re.search(r'action="/edit/undo">.*?name="commit" value="([0-9a-f]{40})"', page, re.DOTALL).group(1)
    answer = client.post("/edit/undo", {"file": TIMELINE, "commit": commit, "version": version_of(client, url)})
    assert answer.status == 303, html.unescape(answer.text)
    assert ids(project) == before
    assert "Undone: “Removed entry 4" in html.unescape(client.get(answer.location).text)
    assert git(project, "log", "-1", "--format=%s").startswith("Undid “Removed entry 4")


def test_undo_keeps_later_changes_to_other_items(client, project):
    save_item(client, 1, text="First change.")
    save_item(client, 5, text="Second change.")
    page = client.get(f"/edit/list?file={TIMELINE}").text
    first = next(commit for commit, what in undo_buttons(html.unescape(page)) if "First change." in what)
    url = f"/edit/list?file={TIMELINE}"
    answer = client.post("/edit/undo", {"file": TIMELINE, "commit": first, "version": version_of(client, url)})
    assert answer.status == 303, html.unescape(answer.text)
    text = (project / TIMELINE).read_text(encoding="utf-8")
    assert "First change." not in text and "Second change." in text


def test_undo_is_refused_with_a_message_when_later_changes_touched_the_same_lines(client, project):
    save_item(client, 1, text="First change.")
    save_item(client, 1, text="Later change to the same entry.")
    page = html.unescape(client.get(f"/edit/list?file={TIMELINE}").text)
    first = next(commit for commit, what in undo_buttons(page) if "First change." in what)
    before = (project / TIMELINE).read_bytes()
    url = f"/edit/list?file={TIMELINE}"
    answer = client.post("/edit/undo", {"file": TIMELINE, "commit": first, "version": version_of(client, url)})
    assert answer.status == 409
    assert "Later changes touched the same lines" in html.unescape(answer.text)
    assert (project / TIMELINE).read_bytes() == before


def test_undo_refuses_what_is_not_in_the_files_history(client, project):
    url = f"/edit/list?file={TIMELINE}"
    for commit in ("0" * 40, "HEAD", "--help"):
        answer = client.post("/edit/undo", {"file": TIMELINE, "commit": commit, "version": version_of(client, url)})
        assert answer.status == 409


def test_an_item_moves_to_a_chosen_place_in_one_step_and_the_list_opens_at_it(client, project):
    before = ids(project)
    url = f"/edit/list?file={TIMELINE}"
    answer = client.post(
        "/edit/item/move", {"file": TIMELINE, "index": "9", "position": "2", "version": version_of(client, url)}
    )
    assert answer.status == 303 and answer.location.endswith("#item-1")
    assert ids(project) == [before[0], before[9], *before[1:9]]
    bad = client.post(
        "/edit/item/move", {"file": TIMELINE, "index": "1", "position": "99", "version": version_of(client, url)}
    )
    assert bad.status == 400 and "Choose a position from 1 to 10." in bad.text


def test_after_saving_an_item_the_list_opens_at_it(client, project):
    url = f"/edit/item?file={TIMELINE}&index=4"
    fields = client.form(url)
    fields["text"] = "Changed."
    assert client.post(url, fields).location.endswith("&from=0#item-4")


def test_a_project_outside_git_saves_without_history(make_project, monkeypatch):
    root = make_project()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    client = Client(root)
    save_item(client, 1, text="Saved without git.")
    assert "Saved without git." in (root / TIMELINE).read_text(encoding="utf-8")
    assert "is not a git repository" in html.unescape(client.get(f"/edit/list?file={TIMELINE}").text)


def test_a_document_already_on_the_site_is_linked_again_from_a_list(client, project):
    (project / "content/files").mkdir()
    (project / "content/files/annual-report-2024.pdf").write_bytes(PDF)
    page = client.get("/edit/page?file=content/plan.md").text
    assert '<option value="content/files/annual-report-2024.pdf">/files/annual-report-2024.pdf</option>' in page
    fields = client.form("/edit/page?file=content/plan.md")
    fields.update(action="link", existing="content/files/annual-report-2024.pdf", existing_text="Annual report 2024")
    answer = client.post("/edit/page", fields)
    assert answer.status == 303, html.unescape(answer.text)
    text = (project / "content/plan.md").read_text(encoding="utf-8")
    assert text.endswith("\n\n[Annual report 2024 (PDF, 3 KB)](/files/annual-report-2024.pdf)\n")
    assert sorted(p.name for p in (project / "content/files").iterdir()) == ["annual-report-2024.pdf"]
    fields = client.form("/edit/page?file=content/plan.md")
    fields.update(action="link", existing="content/../site_config.yaml")
    assert "Choose a document from the list." in html.unescape(client.post("/edit/page", fields).text)


def test_a_page_change_is_undone_although_last_updated_changed_since(client, project, monkeypatch):
    monkeypatch.setenv("SITEGEN_TODAY", "2027-04-01")
    original = (project / "content/plan.md").read_text(encoding="utf-8")
    fields = client.form("/edit/page?file=content/plan.md")
    fields["body"] += "\n\nA sentence to take back."
    assert client.post("/edit/page", fields).status == 303
    monkeypatch.setenv("SITEGEN_TODAY", "2027-04-02")
    fields = client.form("/edit/page?file=content/plan.md")
    fields["title"] = "A later title"
    assert client.post("/edit/page", fields).status == 303
    page = html.unescape(client.get("/edit/page?file=content/plan.md").text)
    first = next(commit for commit, what in undo_buttons(page) if what.startswith("Changed the page “Safer"))
    version = version_of(client, "/edit/page?file=content/plan.md")
    answer = client.post("/edit/undo", {"file": "content/plan.md", "commit": first, "version": version})
    assert answer.status == 303, html.unescape(answer.text)
    text = (project / "content/plan.md").read_text(encoding="utf-8")
    assert "A sentence to take back." not in text and "title: A later title" in text
    assert "updated: 2027-04-02" in text
    assert text.split("---", 2)[2] == original.split("---", 2)[2]


def test_a_removed_glossary_term_is_brought_back(client, project):
    url = "/edit/list?file=content/glossary.yaml"
    before = (project / "content/glossary.yaml").read_text(encoding="utf-8")
    answer = client.post(
        "/edit/item/remove", {"file": "content/glossary.yaml", "index": "1", "version": version_of(client, url)}
    )
    assert answer.status == 303
    commit = git(project, "rev-parse", "HEAD").strip()
    answer = client.post(
        "/edit/undo", {"file": "content/glossary.yaml", "commit": commit, "version": version_of(client, url)}
    )
    assert answer.status == 303, html.unescape(answer.text)
    after = (project / "content/glossary.yaml").read_text(encoding="utf-8")
    assert re.sub(r"\nupdated: .*\n", "", after) == re.sub(r"\nupdated: .*\n", "", before)


def deleted_buttons(page: str) -> list[tuple[str, str]]:
    """(file, commit) of each Undo button in the first screen's list of deleted files."""
    section = page.split('id="deleted"', 1)[1] if 'id="deleted"' in page else ""
    return re.findall(
        r'name="file" value="([^"]+)">\s*<input type="hidden" name="commit" value="([0-9a-f]{40})"', section
    )


def test_a_deleted_page_is_listed_and_brought_back_by_undo(client, project):
    original = (project / "content/privacy.md").read_bytes()
    git(project, "rm", "--quiet", "content/privacy.md")
    git(project, "commit", "--quiet", "-m", "Removed the privacy page")  # deleted outside the editor
    page = html.unescape(client.get("/edit/").text)
    assert "Deleted pages, lists and documents" in page and "“Removed the privacy page”" in page
    [(name, commit)] = deleted_buttons(page)
    assert name == "content/privacy.md"
    answer = client.post("/edit/undo", {"file": name, "commit": commit})
    assert answer.status == 303 and answer.location.startswith("/edit/page?file=content/privacy.md&done=")
    assert (project / "content/privacy.md").read_bytes() == original
    assert "Brought back content/privacy.md" in html.unescape(client.get(answer.location).text)
    assert git(project, "log", "-1", "--format=%s").strip() == (
        "Brought back content/privacy.md (undid “Removed the privacy page”)"
    )
    assert git(project, "status", "--porcelain", "--", "content") == ""  # recorded, nothing left over
    assert deleted_buttons(client.get("/edit/").text) == []
    again = client.post("/edit/undo", {"file": name, "commit": commit, "version": version_of(client, answer.location)})
    assert again.status == 409 and "back already" in html.unescape(again.text)
    assert (project / "content/privacy.md").read_bytes() == original


def test_everything_one_change_deleted_comes_back_together_documents_too(client, project):
    (project / "content/files").mkdir()
    (project / "content/files/annual-report.pdf").write_bytes(PDF)
    git(project, "add", "content/files/annual-report.pdf")
    git(project, "commit", "--quiet", "-m", "Added the annual report")
    git(project, "rm", "--quiet", "content/files/annual-report.pdf", "content/next-steps.yaml")
    git(project, "commit", "--quiet", "-m", "Tidied up")
    [(name, commit)] = deleted_buttons(client.get("/edit/").text)
    answer = client.post("/edit/undo", {"file": name, "commit": commit})
    assert answer.status == 303, html.unescape(answer.text)
    assert (project / "content/files/annual-report.pdf").read_bytes() == PDF
    assert (project / "content/next-steps.yaml").exists()
    assert git(project, "show", "--name-status", "--format=", "HEAD").split() == [
        "A",
        "content/files/annual-report.pdf",
        "A",
        "content/next-steps.yaml",
    ]


def test_bringing_back_is_refused_for_a_change_that_did_not_delete_the_file(client, project):
    save_item(client, 1, text="Supported the force's new plan.")
    saved = git(project, "log", "-1", "--format=%H").strip()
    git(project, "rm", "--quiet", "content/privacy.md")
    git(project, "commit", "--quiet", "-m", "Removed the privacy page")
    for file, commit in [
        ("content/privacy.md", saved),  # a change, but not the one that deleted it
        ("content/privacy.md", "f" * 40),  # no change at all
        ("content/privacy.md", "../../etc"),
        ("content/never-was.md", git(project, "log", "-1", "--format=%H").strip()),  # it did not delete this one
    ]:
        answer = client.post("/edit/undo", {"file": file, "commit": commit})
        assert answer.status == 409 and "Nothing was changed." in html.unescape(answer.text), (file, commit)
    assert not (project / "content/privacy.md").exists() and not (project / "content/never-was.md").exists()
