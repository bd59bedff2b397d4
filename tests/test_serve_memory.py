"""The preview's real server keeps its memory bounded whatever is sent to it.

Each test starts `build.py serve` as the preview runs for real (livereload over tornado, the
editor at /edit/), sends one kind of request, and measures how far the server process's peak
memory (its resident set, /proc/PID/status VmHWM, reset just before) rose above what it held
just before: under twice the largest document the editor takes (2 x 20 MB), whether the body
is refused, accepted, of unknown length (chunked) or one of many sent at once.
"""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from editor_client import form_values, multipart
from tooling import THEME_DIR, free_port, serving_preview

from sitegen.editor.bodies import MAX_BODY_BYTES
from sitegen.editor.uploads import MAX_UPLOAD_BYTES

REPO = Path(__file__).resolve().parents[1]
BOUND = 2 * MAX_UPLOAD_BYTES
PAGE = "/edit/page?file=content/plan.md"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux only")]


class Preview:
    def __init__(self, process: subprocess.Popen[bytes], port: int, root: Path):
        self.process, self.port, self.root = process, port, root
        self.host = f"127.0.0.1:{port}"

    def status(self, key: str) -> int:
        """A figure of the server's /proc status, in bytes."""
        text = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE).group(1)) * 1024

    def growth(self, send) -> tuple[int, object]:
        """How far the server's peak memory rose above its memory before `send()` ran."""
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")  # the peak starts again from now
        before = self.status("VmRSS")
        result = send()
        time.sleep(0.3)  # a refusal's last bytes are handled after its answer
        return self.status("VmHWM") - before, result

    def form(self) -> dict[str, str]:
        """The page's form as a browser would send it, with the editor's token."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", PAGE, headers={"Host": self.host})
        html = connection.getresponse().read().decode()
        connection.close()
        fields = {name: value for name, value in form_values(html).items() if isinstance(value, str)}
        assert fields.get("token")
        return fields

    def post(self, kind: str, body: bytes | Iterator[bytes], length: int | None) -> int | None:
        """Send a form over a socket of its own; the answer's status, or None if the server
        closed the connection before answering (it may: a body too long is not read)."""
        head = f"POST {PAGE} HTTP/1.1\r\nHost: {self.host}\r\nOrigin: http://{self.host}\r\nContent-Type: {kind}\r\n"
        head += f"Content-Length: {length}\r\n" if length is not None else "Transfer-Encoding: chunked\r\n"
        with socket.create_connection(("127.0.0.1", self.port), timeout=120) as connection:
            try:
                connection.sendall((head + "Connection: close\r\n\r\n").encode())
                if isinstance(body, bytes):
                    connection.sendall(body)
                else:
                    for piece in body:
                        connection.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                    connection.sendall(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            try:
                answer = connection.makefile("rb").readline()
            except ConnectionResetError:
                return None
        found = re.match(rb"HTTP/1\.1 (\d+)", answer)
        return int(found.group(1)) if found else None


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Iterator[Preview]:
    root = tmp_path_factory.mktemp("memory") / "project"  # as conftest's make_project copies it
    shutil.copytree(REPO / "content", root / "content")
    for name in ("templates", "static"):
        shutil.copytree(THEME_DIR / name, root / name)
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    port = free_port()
    with serving_preview(root, port) as process:
        server = Preview(process, port, root)
        kind, body = multipart({**server.form(), "body": "warming up"}, {"document": ("small.pdf", b"%PDF-1.4 x")})
        server.post(kind, body, len(body))  # the editor's modules loaded, its first save made
        yield server


def report(what: str, grown: int) -> None:
    print(f"\n{what}: the server's memory peaked {grown / 1e6:.1f} MB above where it was")


def test_a_refused_21_mb_upload(preview):
    kind, body = multipart(preview.form(), {"document": ("report.pdf", b"%PDF-" + b"0" * 21_000_000)})
    grown, status = preview.growth(lambda: preview.post(kind, body, len(body)))
    report("a refused 21 MB upload", grown)
    assert status == 413
    assert grown < BOUND


def test_an_accepted_form_of_nearly_25_mb(preview):
    fields = {**preview.form(), "padding": "x" * 4_900_000}
    document = b"%PDF-1.4\n" + b"0" * (MAX_UPLOAD_BYTES - 200_000)
    kind, body = multipart(fields, {"document": ("annual-report.pdf", document)})
    assert MAX_BODY_BYTES - 500_000 < len(body) <= MAX_BODY_BYTES
    grown, status = preview.growth(lambda: preview.post(kind, body, len(body)))
    report(f"an accepted {len(body) / 1e6:.1f} MB form", grown)
    assert status in (200, 303)
    assert (preview.root / "content/files/annual-report.pdf").read_bytes() == document
    assert grown < BOUND


def chunks(data: bytes, size: int = 1_000_000) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_chunked_upload_of_unknown_length(preview):
    kind, body = multipart(preview.form(), {"document": ("report.pdf", b"%PDF-" + b"0" * 21_000_000)})
    grown, status = preview.growth(lambda: preview.post(kind, chunks(body), None))
    report("a chunked 21 MB upload", grown)
    assert status == 413
    assert grown < BOUND


def test_a_chunked_body_that_never_ends_is_cut_off_at_the_limit(preview):
    kind, body = multipart(preview.form(), {"document": ("report.pdf", b"%PDF-" + b"0" * 60_000_000)})
    grown, status = preview.growth(lambda: preview.post(kind, chunks(body), None))
    report("a chunked 60 MB body", grown)
    assert status in (413, None)  # None: closed before the answer could be read
    assert grown < BOUND


def test_many_large_bodies_at_once(preview):
    kind, body = multipart(preview.form(), {"document": ("report.pdf", b"%PDF-" + b"0" * 21_000_000)})
    statuses: list[int | None] = []

    def send_all() -> None:
        senders = [
            threading.Thread(target=lambda: statuses.append(preview.post(kind, body, len(body)))) for _ in range(4)
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()

    grown, _ = preview.growth(send_all)
    report("four 21 MB uploads at once", grown)
    assert statuses == [413] * 4
    assert grown < BOUND
