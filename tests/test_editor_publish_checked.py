"""Publish builds, strictly, exactly the tree it is about to commit, and commits that tree."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from editor_client import Client
from test_editor_publish import edit, git, make_repository

from sitegen.editor import publishing

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def published(make_project, tmp_path) -> tuple[Path, Path]:
    root = make_project({".gitignore": "*.pdf\n"})
    remote = tmp_path / "remote.git"
    make_repository(root, remote)
    return root, remote


def test_a_document_git_would_leave_out_is_named_and_nothing_is_published(published):
    root, remote = published
    (root / "content/files").mkdir(exist_ok=True)
    (root / "content/files/annual-report.pdf").write_bytes(PDF)
    edit(
        root,
        "content/plan.md",
        "amongst others.",
        "amongst others. [Annual report (PDF, 1 KB)](/files/annual-report.pdf)",
    )
    answer = Client(root).post("/edit/publish", {"message": "Added the annual report"})
    page = html.unescape(answer.text)
    assert "content/files/annual-report.pdf" in page and "git leaves this file out" in page
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "First version"
    assert git(root, "log", "-1", "--format=%s").strip() == "First version"


def test_what_is_committed_is_what_was_checked_not_what_changed_meanwhile(published, monkeypatch):
    root, remote = published
    edit(root, "content/plan.md", "amongst others.", "amongst others, and more.")
    checked = publishing.strict_problems

    def check_then_change(folder, files):
        problems = checked(folder, files)
        edit(root, "content/plan.md", "and more.", "and [click here](/strategy/).")  # saved during the check
        return problems

    monkeypatch.setattr(publishing, "strict_problems", check_then_change)
    answer = Client(root).post("/edit/publish", {"message": "More partners"})
    assert answer.status == 303
    committed = git(root, "show", "HEAD:content/plan.md")
    assert "amongst others, and more." in committed and "click here" not in committed
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "More partners"
    assert " M content/plan.md" in git(root, "status", "--porcelain")  # the later change: not published yet


def test_a_commit_made_by_someone_else_during_the_check_is_kept(published, monkeypatch):
    root, _ = published
    edit(root, "content/plan.md", "amongst others.", "amongst others, and more.")
    checked = publishing.strict_problems

    def check_while_someone_commits(folder, files):
        problems = checked(folder, files)
        (root / "NOTES.txt").write_text("theirs\n", encoding="utf-8")
        git(root, "add", "NOTES.txt")
        git(root, "commit", "--quiet", "-m", "Their change")
        return problems

    monkeypatch.setattr(publishing, "strict_problems", check_while_someone_commits)
    answer = Client(root).post("/edit/publish", {"message": "More partners"})
    assert "Someone else recorded a change" in html.unescape(answer.text)
    assert git(root, "log", "-1", "--format=%s").strip() == "Their change"


def test_a_project_inside_a_repository_publishes_its_own_files(make_project, tmp_path):
    project = make_project()
    outer = tmp_path / "outer"
    outer.mkdir()
    project.rename(outer / "site")
    root = outer / "site"
    make_repository(outer, None)
    edit(root, "content/plan.md", "amongst others.", "amongst others, and more.")
    answer = Client(root).post("/edit/publish", {"message": "More partners"})
    assert answer.status == 303, html.unescape(answer.text)[:3000]
    assert "amongst others, and more." in git(outer, "show", "HEAD:site/content/plan.md")
    assert git(outer, "status", "--porcelain").strip() == ""
