"""The Changes page and Publish: what changed since the last publish, in plain words and item
by item, and publishing through git with clear messages when it cannot."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from editor_client import Client

from sitegen.editor import gitrepo

TIMELINE = "content/timeline.yaml"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def make_repository(root: Path, remote: Path | None) -> None:
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Test Editor")
    git(root, "config", "user.email", "editor@example.org")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "First version")
    if remote is not None:
        git(remote.parent, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
        git(root, "remote", "add", "origin", str(remote))
        git(root, "push", "--quiet", "--set-upstream", "origin", "main")


@pytest.fixture
def published(make_project, tmp_path) -> tuple[Path, Path]:
    root = make_project()
    remote = tmp_path / "remote.git"
    make_repository(root, remote)
    return root, remote


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_changes_page_says_what_changed_item_by_item(published):
    root, _ = published
    edit(root, TIMELINE, 'period: "2019/20"', 'period: "2020/21"')
    edit(root, TIMELINE, "entries:\n", 'entries:\n  - period: "2024"\n    text: A new entry.\n    draft: true\n\n')
    edit(root, "content/plan.md", "title: Safer West Mercia Plan", "title: The Safer West Mercia Plan")
    (root / "content/files").mkdir()
    (root / "content/files/report.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 3000)
    page = html.unescape(Client(root).get("/edit/changes").text)
    assert "Changed</span> In West Mercia (2018/23)" not in page  # the kind is named
    assert "Timeline “In West Mercia (2018/23)” (/timeline/)" in page
    assert "Added entry “A new entry.” (a draft)." in page
    assert re.search(r"Changed the period of entry “Supported the force to prepare", page)
    assert "Page “The Safer West Mercia Plan” (/plan/)" in page
    assert "“title” changed from “Safer West Mercia Plan” to “The Safer West Mercia Plan”." in page
    assert "Document /files/report.pdf (PDF, 4 KB)" in page
    assert '<span class="visually-hidden">Added: </span>title: The Safer West Mercia Plan</ins>' in page
    assert '<span class="visually-hidden">Removed: </span>title: Safer West Mercia Plan</del>' in page
    drafts = page[page.index("<h2>Drafts</h2>") :]
    assert "1 entry in “In West Mercia (2018/23)” (/timeline/)" in drafts


def test_a_moved_item_reads_as_moved_not_removed_and_added(published):
    root, _ = published
    client = Client(root)
    version = re.search(r'name="version" value="([^"]+)"', client.get(f"/edit/list?file={TIMELINE}").text).group(1)
    assert client.post("/edit/item/move", {"file": TIMELINE, "index": "1", "to": "0", "version": version}).status == 303
    page = html.unescape(client.get("/edit/changes").text)
    assert "The order of the entries changed." in page
    assert "Added entry" not in page and "Removed entry" not in page


def test_publish_records_the_change_and_sends_it_to_the_remote(published):
    root, remote = published
    edit(root, TIMELINE, 'period: "2019/20"', 'period: "2020/21"')
    client = Client(root)
    answer = client.post("/edit/publish", {"message": "Corrected a period in the timeline"})
    assert answer.status == 303
    assert "Published: your change is recorded and sent to &#39;origin&#39;." in client.get(answer.location).text
    assert (
        git(remote, "log", "-1", "--format=%s|%an", "main").strip() == "Corrected a period in the timeline|Test Editor"
    )
    assert git(root, "status", "--porcelain").strip() == ""
    assert "Nothing has changed since the last publish." in client.get("/edit/changes").text


def test_publish_needs_a_description(published):
    root, remote = published
    edit(root, TIMELINE, 'period: "2019/20"', 'period: "2020/21"')
    page = Client(root).post("/edit/publish", {"message": "  "}).text
    assert "<title>Error: Changes and publishing" in page
    assert '<a href="#f-message">Describe your change in a sentence' in page
    assert git(remote, "log", "--format=%s", "main").strip() == "First version"


def test_a_push_that_fails_says_so_and_keeps_the_change_recorded(published, tmp_path):
    root, _ = published
    git(root, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    edit(root, TIMELINE, 'period: "2019/20"', 'period: "2020/21"')
    page = html.unescape(Client(root).post("/edit/publish", {"message": "A change"}).text)
    assert "Your change is recorded on this computer, but sending it to 'origin' failed: " in page
    assert "Check the network connection and press Publish again" in page
    assert git(root, "log", "-1", "--format=%s").strip() == "A change"


def test_without_a_remote_the_change_is_recorded_here(make_project):
    root = make_project()
    make_repository(root, None)
    edit(root, TIMELINE, 'period: "2019/20"', 'period: "2020/21"')
    client = Client(root)
    answer = client.post("/edit/publish", {"message": "A change"})
    assert "No remote repository is set up, so it was not sent anywhere" in html.unescape(
        client.get(answer.location).text
    )


def test_a_folder_that_is_not_a_repository_is_explained(make_project, monkeypatch):
    root = make_project()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    page = html.unescape(Client(root).get("/edit/changes").text)
    assert f"The project folder ({root.resolve()}) is not a git repository" in page


def test_a_computer_without_git_is_explained(published, monkeypatch):
    root, _ = published
    monkeypatch.setattr(gitrepo.shutil, "which", lambda name: None)
    page = html.unescape(Client(root).get("/edit/changes").text)
    assert "Publishing needs the program git, which is not installed on this computer." in page


def test_publish_refuses_what_the_hosts_strict_build_would_refuse_and_sends_nothing(published):
    root, remote = published
    edit(root, "content/plan.md", "amongst others.", "amongst others. To read more, [click here](/strategy/).")
    client = Client(root)
    answer = client.post("/edit/publish", {"message": "Added a link"})
    page = html.unescape(answer.text)
    assert "The host checks the site as --strict does, warnings included, and would refuse it" in page
    assert 'the link text "click here" does not say where the link goes' in page
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "First version"
    assert "content/plan.md" in git(root, "status", "--porcelain")  # Still there, to fix and publish.


def published_elsewhere(remote: Path, tmp_path: Path, old: str, new: str) -> None:
    """Someone publishes a change to the timeline from another computer (or GitHub's website)."""
    elsewhere = tmp_path / "elsewhere"
    git(tmp_path, "clone", "--quiet", str(remote), str(elsewhere))
    git(elsewhere, "config", "user.name", "Web Editor")
    git(elsewhere, "config", "user.email", "web@example.org")
    edit(elsewhere, TIMELINE, old, new)
    git(elsewhere, "commit", "--quiet", "-am", "Changed elsewhere")
    git(elsewhere, "push", "--quiet")


LAST_LINE = "      in place, and quarterly reviews took place.\n"


def test_items_added_here_and_elsewhere_are_joined_item_by_item_and_sent(published, tmp_path):
    root, remote = published
    published_elsewhere(remote, tmp_path, LAST_LINE, LAST_LINE + '\n  - period: "2023"\n    text: Added elsewhere.\n')
    edit(root, TIMELINE, LAST_LINE, LAST_LINE + '\n  - period: "2022"\n    text: Added here.\n')  # git alone stops
    client = Client(root)
    answer = client.post("/edit/publish", {"message": "Added an entry"})
    assert answer.status == 303, answer.text[:3000]
    assert "joined with what was published elsewhere meanwhile" in html.unescape(client.get(answer.location).text)
    live = git(remote, "show", f"main:{TIMELINE}")
    assert "Added here." in live and "Added elsewhere." in live and "<<<<<<<" not in live
    assert git(root, "status", "--porcelain").strip() == ""


def test_the_same_item_changed_here_and_elsewhere_sends_nothing_and_says_which(published, tmp_path):
    root, remote = published
    published_elsewhere(remote, tmp_path, "Supported West Mercia Police’s", "Backed West Mercia Police’s")
    edit(root, TIMELINE, "Supported West Mercia Police’s", "Helped West Mercia Police’s")
    before = git(remote, "rev-parse", "main")
    page = html.unescape(Client(root).post("/edit/publish", {"message": "A change"}).text)
    assert "nothing was sent: someone changed the same thing" in page and "Item 2" in page
    assert git(remote, "rev-parse", "main") == before
    assert "Helped West Mercia Police’s" in (root / TIMELINE).read_text(encoding="utf-8")  # kept
    assert git(root, "status", "--porcelain").strip() == ""
