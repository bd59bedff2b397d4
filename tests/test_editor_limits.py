"""Whatever is sent, the editor's memory stays bounded and it answers in words, never a 500.

Limits (docs/editing.md): a document up to 20 MB, a request body up to 25 MB (a form of
fields alone up to 6 MB), refused while they stream; a zip-based document is checked
without unpacking its members whole; YAML the build refuses (anchors and aliases, deep
nesting) is refused before it is expanded; names and numbers from a request are bounded.
The memory a request takes is measured in a process of its own (tracemalloc's peak).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from editor_client import HOST, ORIGIN, Client, multipart

from sitegen.editor.bodies import MAX_BODY_BYTES, MAX_FORM_BYTES, PIECE
from sitegen.editor.uploads import MAX_UPLOAD_BYTES

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(make_project) -> Path:
    return make_project()


@pytest.fixture
def client(project) -> Client:
    return Client(project)


class CountingStream:
    """A request body that never ends, counting what is read of it."""

    def __init__(self, refuse_reads: bool = False, start: bytes = b""):
        self.read_bytes = 0
        self.refuse_reads = refuse_reads
        self.start = start

    def read(self, size: int = -1) -> bytes:
        if self.refuse_reads:
            raise AssertionError("the body was read")
        if self.read_bytes > MAX_BODY_BYTES + 10 * PIECE:
            return b""  # It ends after all, well past every limit: a test without the cap fails, not hangs.
        size = PIECE if size < 0 else size
        piece, self.start = (self.start + b"a" * size)[:size], self.start[size:]
        self.read_bytes += size
        return piece


def call(client: Client, stream: CountingStream, content_type: str, length: str | None) -> tuple[int, str]:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/edit/text",
        "QUERY_STRING": "file=content/plan.md",
        "wsgi.input": stream,
        "CONTENT_TYPE": content_type,
        "HTTP_HOST": HOST,
        "HTTP_ORIGIN": ORIGIN,
    }
    if length is None:
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = length
    seen = {}

    def start_response(status, headers):
        seen["status"] = int(status.split()[0])

    body = b"".join(client.editor(environ, start_response))
    return seen["status"], body.decode()


KINDS = [("application/x-www-form-urlencoded", MAX_FORM_BYTES), ("multipart/form-data; boundary=x", MAX_BODY_BYTES)]


@pytest.mark.parametrize("content_type, limit", KINDS)
def test_a_body_said_to_be_too_long_is_refused_before_a_byte_is_read(client, content_type, limit):
    status, text = call(client, CountingStream(refuse_reads=True), content_type, str(limit + 1))
    assert status == 413 and "Too big to send" in text


@pytest.mark.parametrize("content_type, limit", KINDS)
def test_a_body_of_unknown_length_is_read_only_up_to_the_limit(client, project, content_type, limit):
    before = (project / "content/plan.md").read_bytes()
    stream = CountingStream(start=b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\n')
    status, text = call(client, stream, content_type, None)
    assert status == 413 and "Too big to send" in text
    assert stream.read_bytes <= limit + PIECE
    assert (project / "content/plan.md").read_bytes() == before


def test_a_document_past_the_limit_is_refused_while_it_streams(client, project):
    fields = client.form("/edit/page?file=content/plan.md")
    kind, body = multipart(
        {**fields, "token": client.editor.token}, {"document": ("big.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES)}
    )
    answer = client.call("POST", "/edit/page?file=content/plan.md", body, kind)
    assert answer.status == 413 and "The document is more than 20 MB" in answer.text
    assert not (project / "content/files/big.pdf").exists()


def zip_bomb(unpacked: int) -> bytes:
    """An OpenDocument text whose 'mimetype' member unpacks to `unpacked` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("mimetype", "w", force_zip64=True) as member:
            block = b"\0" * 1_000_000
            for _ in range(unpacked // len(block)):
                member.write(block)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


MEASURE = """
import json, sys, tracemalloc
from pathlib import Path
sys.path[:0] = [sys.argv[2], sys.argv[2] + "/tests"]
from editor_client import Client, multipart
client = Client(Path(sys.argv[1]))
fields = client.form("/edit/page?file=content/plan.md")
name = sys.argv[3]
data = Path(sys.argv[4]).read_bytes()
kind, body = multipart({**fields, "token": client.editor.token}, {"document": (name, data)})
del data
tracemalloc.start()
answer = client.call("POST", "/edit/page?file=content/plan.md", body, kind)
_, peak = tracemalloc.get_traced_memory()
print(json.dumps({"status": answer.status, "peak": peak, "text": answer.text}))
"""


def measured(project: Path, tmp_path: Path, name: str, data: bytes) -> dict[str, object]:
    sent = tmp_path / "sent"
    sent.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(project), str(REPO), name, str(sent)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    found: dict[str, object] = json.loads(result.stdout)
    print(f"\n{name} ({len(data) / 1e6:.1f} MB sent): the request's memory peaked at {found['peak'] / 1e6:.1f} MB")
    return found


@pytest.mark.slow
def test_a_refused_21_mb_upload_grows_memory_by_less_than_twice_the_largest_upload(project, tmp_path):
    found = measured(project, tmp_path, "report.pdf", b"%PDF-" + b"0" * 21_000_000)
    assert found["status"] == 413
    assert found["peak"] < 2 * MAX_UPLOAD_BYTES


@pytest.mark.slow
def test_a_zip_bomb_is_checked_without_unpacking_it(project, tmp_path):
    bomb = zip_bomb(300_000_000)
    assert len(bomb) < 400_000
    found = measured(project, tmp_path, "minutes.odt", bomb)
    assert found["status"] == 200 and "is called a" in str(found["text"])  # refused: not an OpenDocument text
    assert found["peak"] < 2 * MAX_UPLOAD_BYTES
    assert not (project / "content/files/minutes.odt").exists()


def billion_laughs() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{k}: &{k} [{', '.join(['*' + p] * 9)}]" for k, p in zip("bcdefghi", "abcdefgh", strict=True)]
    return "\n".join(lines) + "\n"


def test_a_page_whose_front_matter_expands_is_opened_as_text_not_expanded(make_project):
    bomb = billion_laughs()
    assert len(bomb) < 1000
    project = make_project({"content/bomb.md": "---\ntitle: Bomb\nupdated: 2026-01-01\n" + bomb + "---\n\nText.\n"})
    client = Client(project)
    answer = client.get("/edit/page?file=content/bomb.md")
    assert answer.status == 303 and answer.location.startswith("/edit/text?file=content/bomb.md")
    answer = client.get(answer.location)
    assert answer.status == 200 and len(answer.body) < 100_000
    assert client.get("/edit/").status == 200


def test_a_list_with_anchors_and_aliases_is_opened_as_text_not_expanded(make_project):
    path = "content/timeline.yaml"
    project = make_project()
    (project / path).write_text((project / path).read_text(encoding="utf-8") + billion_laughs(), encoding="utf-8")
    client = Client(project)
    for screen in ("list", "item", "settings"):
        answer = client.get(f"/edit/{screen}?file={path}&index=0")
        assert answer.status == 303 and answer.location.startswith(f"/edit/text?file={path}")


HOSTILE_NAMES = [
    "content/" + "a" * 300 + ".md",
    "content/" + "/".join(["b" * 120] * 3) + "/x.yaml",
    "content/" + "c" * 5000 + ".yaml",
]
HOSTILE_NUMBERS = ["1e9", "-1", "١", "²", "9" * 5000, "99999999999", " 1", "1\x00", ""]


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
@pytest.mark.parametrize("name", [*HOSTILE_NAMES, "content/timeline.yaml"])
def test_names_and_numbers_from_a_request_get_a_message_never_a_500(client, project, capfd, name, number):
    for url in (
        f"/edit/page?file={name}",
        f"/edit/text?file={name}",
        f"/edit/list?file={name}&from={number}",
        f"/edit/item?file={name}&index={number}",
        f"/edit/settings?file={name}",
    ):
        for method in ("GET", "HEAD"):
            assert client.call(method, url).status < 500, (method, url)
    for url in ("/edit/item/move", "/edit/item/remove"):
        fields = {"index": number, "to": number, "version": "x", "from": number}
        assert client.post(f"{url}?file={name}", fields).status < 500
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "page", "topic": "", "title": "x" * 300},
        {"kind": "page", "topic": "", "title": "A page", "name": "y" * 300},
        {"kind": "page", "topic": "(new)", "new_topic": "z" * 300, "title": "A topic"},
    ],
)
def test_a_long_new_name_gets_a_message_or_a_shorter_address(client, project, capfd, fields):
    answer = client.post("/edit/new", fields)
    assert answer.status in (200, 303)
    if answer.status == 200:
        assert "The address is too long" in answer.text
    else:
        assert len(answer.location) < 300
    assert "Traceback" not in capfd.readouterr().err


GET_ROUTES = [
    "/edit/",
    "/edit/page?file=content/plan.md",
    "/edit/new",
    "/edit/text?file=content/plan.md",
    "/edit/list?file=content/timeline.yaml",
    "/edit/item?file=content/timeline.yaml&index=0",
    "/edit/settings?file=content/timeline.yaml",
    "/edit/changes",
    "/edit/editor.css",
    "/edit/nowhere",
]


@pytest.mark.parametrize("url", GET_ROUTES)
def test_head_answers_as_get_without_the_body(client, url):
    got, head = client.get(url), client.call("HEAD", url)
    assert head.status == got.status and head.body == b""
    assert head.headers.get("Content-Type") == got.headers.get("Content-Type")


def test_a_document_over_the_limit_is_refused_by_the_upload_check_too():
    from sitegen.editor.uploads import UploadRefused, check_upload

    with pytest.raises(UploadRefused, match="documents can be up to 20 MB"):
        check_upload("report.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES)
    assert check_upload("report.pdf", b"%PDF-" + b"0" * (MAX_UPLOAD_BYTES - 5)).name == "content/files/report.pdf"
