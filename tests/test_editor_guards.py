"""Guards that mutation testing (mutmut, issue 18) found without a test of their own."""

from __future__ import annotations

from pathlib import Path

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
