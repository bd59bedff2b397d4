"""The web editor fails closed: every request it cannot trust is refused, and nothing is written.

It listens on this computer only, answers only at its own address (DNS rebinding), takes form
posts only from its own pages (Origin AND a secret token), writes only inside content/, limits
what it reads, refuses documents whose content is not what their name says, and never reaches
the published site.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from editor_client import Client

from sitegen.editor import mount
from sitegen.pipeline import build

TIMELINE = "content/timeline.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project (but the editor's own test litter), to show nothing changed."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(make_project) -> Path:
    return make_project()


@pytest.fixture
def client(project) -> Client:
    return Client(project)


def a_change(client: Client) -> dict:
    """A valid change of the timeline's second entry (it would be saved if the request were trusted)."""
    fields = client.form(f"/edit/item?file={TIMELINE}&index=1")
    fields["text"] = "Changed by a request that must be refused."
    return fields


def assert_refused(answer, status: int, title: str) -> None:
    assert answer.status == status, answer.text[:500]
    assert f"<h1>{title}</h1>" in answer.text


@pytest.mark.parametrize(
    "host", ["evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "localhost.evil.example:8000", ""]
)
def test_a_request_for_another_host_name_is_refused(client, project, host):
    before = snapshot(project)
    assert_refused(client.get("/edit/", host=host), 403, "Refused: wrong address")
    fields = a_change(client)
    answer = client.post(f"/edit/item?file={TIMELINE}&index=1", fields, host=host)
    assert_refused(answer, 403, "Refused: wrong address")
    assert "The editor only answers at http://127.0.0.1:8000/edit/." in answer.text
    assert snapshot(project) == before


def test_a_request_without_a_host_header_is_refused(client):
    assert_refused(client.get("/edit/", host=None), 403, "Refused: wrong address")


def test_the_editor_answers_at_its_own_address_and_localhost(client):
    assert client.get("/edit/").status == 200
    assert client.get("/edit/", host="localhost:8000").status == 200


@pytest.mark.parametrize(
    "origin",
    [
        None,
        "",
        "null",
        "http://evil.example",
        "http://127.0.0.1:8001",
        "https://127.0.0.1:8000",
        "http://127.0.0.1:8000.evil.example",
    ],
)
def test_a_form_post_from_another_origin_is_refused(client, project, origin):
    before = snapshot(project)
    answer = client.post(f"/edit/item?file={TIMELINE}&index=1", a_change(client), origin=origin)
    assert_refused(answer, 403, "Refused: the form did not come from the editor")
    assert snapshot(project) == before


@pytest.mark.parametrize("token", [None, "wrong", "x" * 43])
def test_a_form_post_without_the_right_token_is_refused(client, project, token):
    before = snapshot(project)
    fields = a_change(client)
    answer = client.post(f"/edit/item?file={TIMELINE}&index=1", fields, token=token)
    assert_refused(answer, 403, "Refused: this form has expired")
    assert snapshot(project) == before


def test_the_same_post_with_origin_and_token_is_saved(client, project):
    """The refusals above are about the request, not the change: this one is written."""
    answer = client.post(f"/edit/item?file={TIMELINE}&index=1", a_change(client))
    assert answer.status == 303, answer.text[:1000]
    assert "Changed by a request that must be refused." in (project / TIMELINE).read_text(encoding="utf-8")


def test_other_methods_are_refused(client):
    assert_refused(client.call("PUT", "/edit/page?file=content/plan.md"), 405, "Refused")
    assert_refused(client.call("DELETE", "/edit/page?file=content/plan.md"), 405, "Refused")


@pytest.mark.parametrize(
    "name",
    [
        "content/../site_config.yaml",
        "../site_config.yaml",
        "/etc/passwd",
        "content//plan.md",
        "content/./plan.md",
        "content/../../outside.md",
        "site_config.yaml",
        "content/.hidden.md",
        "content/plan.md\x00.png",
        "content\\plan.md",
        "templates/page.html",
        "content/PLAN.md",
        "content/notes.txt",
        "content/files/../plan.md",
    ],
)
def test_a_file_outside_the_content_rules_is_refused(client, project, name):
    before = snapshot(project)
    for screen in ("page", "list", "text"):
        answer = client.get(f"/edit/{screen}?file={name}")
        assert answer.status in (404,), (screen, name, answer.text[:300])
        answer = client.post(f"/edit/{screen}?file={name}", {"file": name, "text": "x", "title": "x"})
        assert answer.status == 404, (screen, name)
    assert snapshot(project) == before


def test_a_symbolic_link_in_content_is_never_followed(client, project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text("---\ntitle: Secret\nupdated: 2026-01-01\n---\nSecret\n", encoding="utf-8")
    os.symlink(secret, project / "content/linked.md")
    os.symlink(outside, project / "content/linked-folder")
    for name in ("content/linked.md", "content/linked-folder/secret.md"):
        answer = client.get(f"/edit/text?file={name}")
        assert answer.status == 404 and "Secret" not in answer.text
        fields = {"file": name, "text": "---\ntitle: Overwritten\nupdated: 2026-01-01\n---\n", "version": "x"}
        assert client.post(f"/edit/text?file={name}", fields).status == 404
    assert "Overwritten" not in secret.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content_type, limit",
    [("application/x-www-form-urlencoded", 6_000_000), ("multipart/form-data; boundary=x", 26_000_000)],
)
def test_an_oversized_body_is_refused_before_it_is_read(client, project, content_type, limit):
    before = snapshot(project)
    answer = client.call("POST", "/edit/page?file=content/plan.md", b"", content_type, length=str(limit + 1))
    assert_refused(answer, 413, "Too big to send")
    answer = client.call("POST", "/edit/page?file=content/plan.md", b"", content_type, length="")
    assert_refused(answer, 411, "Refused")
    assert snapshot(project) == before


DISGUISED = {
    "report.pdf": b"<!DOCTYPE html><script>alert(1)</script>",
    "budget.xlsx": b"MZ\x90\x00\x03 a Windows program",
    "photo.png": b"\xff\xd8\xff\xe0 a JPEG, not a PNG",
    "minutes.docx": b"PK\x03\x04 a zip that is not a Word file",
    "figures.csv": b"<html><body>a web page</body></html>",
    "logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    "notes.html": b"<p>hello</p>",
}


@pytest.mark.parametrize("filename", list(DISGUISED))
def test_a_disguised_upload_is_refused_and_nothing_is_written(client, project, filename):
    before = snapshot(project)
    fields = client.form("/edit/page?file=content/plan.md")
    fields.update(action="upload", link_text="Report")
    answer = client.post("/edit/page", fields, files={"document": (filename, DISGUISED[filename])})
    assert answer.status == 200
    assert answer.text.count("<title>Error: ") == 1
    if filename.endswith((".svg", ".html")):
        assert "The site can publish PDF, spreadsheets" in answer.text
    else:
        assert f"&#39;{filename}&#39; is called a" in answer.text and "but its content is not one" in answer.text
    assert snapshot(project) == before


def test_the_editor_is_only_mounted_when_the_preview_listens_on_this_computer(project):
    def preview(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"preview"]

    for host in ("0.0.0.0", "192.168.1.10", "example.org"):
        assert mount(preview, project, None, host, 8000) is preview
    assert mount(preview, project, None, "127.0.0.1", 8000) is not preview


def test_nothing_of_the_editor_reaches_the_built_site(project, tmp_path):
    result = build(project, tmp_path / "site")
    built = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert result.files == len(built)
    assert not (tmp_path / "site/edit").exists()
    for path in built:
        data = path.read_bytes()
        assert b"/edit/" not in data and b"editor.css" not in data and b"preview-edit" not in data, path
