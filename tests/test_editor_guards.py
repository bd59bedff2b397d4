"""Guards that mutation testing (mutmut, issue 18) found without a test of their own."""

from __future__ import annotations

import html
import os
import stat
from pathlib import Path
from urllib.parse import unquote

import pytest

from sitegen.editor import saving
from sitegen.editor.context import EditorContext
from sitegen.editor.uploads import Document, UploadRefused, check_upload

PDF = b"%PDF-1.4\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0 a JPEG"


def test_a_document_named_with_a_windows_path_is_named_by_its_file_alone():
    assert check_upload("C:\\Users\\jo\\Annual report.pdf", PDF).name == "content/files/annual-report.pdf"
    assert check_upload("annual.report.2024.pdf", PDF).name == "content/files/annual-report-2024.pdf"


def test_a_jpeg_is_saved_as_jpg():
    assert check_upload("Photo.JPEG", JPEG).name == "content/files/photo.jpg"


def test_a_document_that_would_get_no_address_is_refused_in_words():
    with pytest.raises(UploadRefused, match="cannot be given an address"):
        check_upload("report.pdf", PDF, folder="content/Files/")  # not a folder name the site allows


def test_a_long_file_name_gives_a_short_address():
    name = check_upload("A very long name " * 20 + ".pdf", PDF).name
    assert name.startswith("content/files/a-very-long-name-") and len(name.rpartition("/")[2]) <= 84


def test_an_empty_document_is_refused_in_words():
    with pytest.raises(UploadRefused, match="The file is empty"):
        check_upload("report.pdf", b"")


def test_a_links_words_cannot_end_the_link_or_start_another():
    link = Document("content/files/report.pdf", PDF).link("Report](javascript:alert(1)) [x\nmore")
    words = link[1 : link.index("](/files/")]
    assert "[" not in words and "]" not in words and "\n" not in words
    assert link.endswith("](/files/report.pdf)")
    assert Document("content/files/report.pdf", PDF).link(" [] ").startswith("[report.pdf (PDF, ")


def test_the_messages_kept_for_the_next_screen_are_bounded(tmp_path: Path):
    editor = EditorContext(tmp_path)
    keys = [saving.remember(editor, f"Saved {n}.", link=("/plan/", "See it")) for n in range(saving.MAX_NOTICES + 10)]
    assert len(editor.notices) == saving.MAX_NOTICES
    assert keys[0] not in editor.notices and editor.notices[keys[-1]] == saving.Notice(
        "Saved 59.", (), ("/plan/", "See it")
    )
    assert len(set(keys)) == len(keys) and all(len(key) == 11 for key in keys)


def test_a_saved_file_keeps_its_permissions(tmp_path: Path):
    from sitegen.editor.store import write

    path = tmp_path / "plan.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o600)  # readable by its owner alone: a save must not open it to everyone
    write(path, b"new\n", version=saving.version_of(b"old\n"))
    assert path.read_bytes() == b"new\n" and (path.stat().st_mode & 0o777) == 0o600
    write(tmp_path / "new-folder" / "deeper" / "report.pdf", PDF, new=True)
    assert (tmp_path / "new-folder/deeper/report.pdf").read_bytes() == PDF


def test_a_new_file_is_written_by_its_owner_and_read_by_everyone(tmp_path: Path):
    from sitegen.editor.store import write

    old = os.umask(0o022)  # the usual one: the mode asked for is the mode the file gets
    try:
        write(tmp_path / "files/report.pdf", PDF, new=True)
        write(tmp_path / "plan.md", b"new\n")  # not said to be new, but not there before either
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "files/report.pdf").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "plan.md").st_mode) == 0o644


@pytest.fixture
def planted(tmp_path: Path, monkeypatch) -> tuple[Path, Path, Path]:
    """A page, a file outside content/, and the name the next save of the page writes first."""
    from sitegen.editor import store

    monkeypatch.setattr(store.secrets, "token_hex", lambda size: "planted")
    (tmp_path / "content").mkdir()
    page = tmp_path / "content/plan.md"
    page.write_bytes(b"old\n")
    outside = tmp_path / "outside.txt"
    return page, outside, tmp_path / "content/.plan.md.planted.saving"


def test_a_hard_link_planted_at_the_temporary_name_is_not_written_through(planted):
    from sitegen.editor.store import write

    page, outside, temporary = planted
    outside.write_bytes(b"someone else's file\n")
    os.link(outside, temporary)
    with pytest.raises(FileExistsError):
        write(page, b"new\n", version=saving.version_of(b"old\n"))
    assert outside.read_bytes() == b"someone else's file\n" and page.read_bytes() == b"old\n"


@pytest.mark.parametrize("exclusive_honoured", [True, False])
@pytest.mark.parametrize("outside_exists", [True, False])
def test_a_symbolic_link_planted_at_the_temporary_name_is_not_followed(
    planted, monkeypatch, exclusive_honoured, outside_exists
):
    from sitegen.editor.store import write

    page, outside, temporary = planted
    if outside_exists:
        outside.write_bytes(b"someone else's file\n")
    temporary.symlink_to(outside)
    if not exclusive_honoured:  # Some network file systems (NFS version 2) ignore O_EXCL.
        monkeypatch.setattr(os, "O_EXCL", 0)
    with pytest.raises(OSError):
        write(page, b"new\n", version=saving.version_of(b"old\n"))
    assert page.read_bytes() == b"old\n"
    if outside_exists:
        assert outside.read_bytes() == b"someone else's file\n"
    else:
        assert not outside.exists()


def test_a_document_name_of_exactly_the_longest_address_is_kept_whole():
    longest = "x" * 39 + " " + "y" * 40  # the address: 39 x, a hyphen, 40 y: 80 characters
    assert check_upload(longest + ".pdf", PDF).name == f"content/files/{'x' * 39}-{'y' * 40}.pdf"
    assert check_upload(longest + "y.pdf", PDF).name == f"content/files/{'x' * 39}.pdf"  # 81: its first words


LONGEST = "x" * 39 + "-" + "y" * 40  # the longest address a new page or topic may have: 80 characters


@pytest.mark.parametrize(
    "fields, address",
    [
        ({"title": LONGEST.replace("-", " ")}, LONGEST),  # from its title: whole
        ({"title": LONGEST.replace("-", " ") + "y"}, "x" * 39),  # one more: its first words
        ({"title": "A page", "name": LONGEST}, LONGEST),  # typed: taken as it is
        ({"title": "A page", "name": LONGEST + "y"}, None),  # one more: too long
        ({"title": "A topic", "topic": "(new)", "new_topic": LONGEST}, LONGEST + "/index"),
        ({"title": "A topic", "topic": "(new)", "new_topic": LONGEST + "y"}, None),
    ],
)
def test_a_new_address_of_exactly_the_longest_length_is_kept_whole(make_project, fields, address):
    from editor_client import Client

    client = Client(make_project())
    answer = client.post("/edit/new", {"kind": "page", "topic": "", **fields})
    if address is None:
        assert answer.status == 200 and "The address is too long" in answer.text
    else:
        assert answer.status == 303 and f"file=content/{address}." in unquote(answer.location), answer.location


def test_a_file_deleted_in_a_change_is_checked_as_gone(make_project):
    from sitegen.editor.checks import check_change

    root = make_project()
    outcome = check_change(root, {"content/privacy.md": None})
    assert not outcome.ok  # the accessibility statement and the footer link to the privacy notice
    assert {problem.file for problem in outcome.errors} == {"content/accessibility.md", "site_config.yaml"}
    assert all("/privacy/" in problem.message for problem in outcome.errors)
    assert check_change(root, {"content/never-was.md": None}).ok  # deleting what is not there changes nothing


def test_a_change_that_cannot_be_checked_at_all_is_refused_saying_why(make_project, monkeypatch, capfd):
    from editor_client import Client

    from sitegen.editor.checks import check_change

    root = make_project()
    monkeypatch.setenv("SITEGEN_TODAY", "someday")  # no build can run: neither can the editor's check
    outcome = check_change(root, {"content/plan.md": b"---\ntitle: Plan\nupdated: 2026-01-01\n---\n\nText.\n"})
    assert [(p.file, p.message) for p in outcome.errors] == [
        ("site", 'SITEGEN_TODAY must be a date like 2027-04-01, got "someday"')
    ]
    client = Client(root)
    before = (root / "content/plan.md").read_bytes()
    fields = client.form("/edit/page?file=content/plan.md")
    answer = client.post("/edit/page?file=content/plan.md", {**fields, "body": "Changed."})
    page = html.unescape(answer.text)
    assert (
        "The site cannot be checked" in page and 'SITEGEN_TODAY must be a date like 2027-04-01, got "someday"' in page
    )
    assert "bug" not in page and (root / "content/plan.md").read_bytes() == before
    assert "Traceback" not in capfd.readouterr().err  # the terminal says what to fix, as the build does
