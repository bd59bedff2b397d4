"""The real `build.py serve` command writes nothing, unless asked to with --output.

tests/test_serve.py checks the rebuilds in this process; here the command itself runs as a
person starts it, rebuilds after an edit and is stopped with Ctrl+C, and the project folder
is compared before and after. The preview's pages carry the preview's own address: written
to the folder that gets published, they would go live with it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EDIT = ("content/plan.md", "amongst others.", "amongst others, and a sentence added while previewing.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def files_in(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under `folder`, hidden ones too, with its size and modification time."""
    found = {}
    for path in folder.rglob("*"):
        info = path.lstat()
        found[path.relative_to(folder).as_posix()] = (info.st_size if path.is_file() else 0, info.st_mtime_ns)
    return found


def fetch(url: str) -> tuple[str, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8"), dict(response.headers)


def wait_for(condition, what: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{what} within {seconds} s; the preview said:\n{log.read_text(errors='replace')}")


class Preview:
    """`python build.py serve` on a free port, run from the project folder like a person would."""

    def __init__(self, root: Path, log: Path, *options: str):
        self.root, self.log_path = root, log
        self.before = files_in(root)  # Before it starts: its first build must write nothing either.
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.log = open(log, "wb")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "build.py"),
                "serve",
                "--port",
                self.url.rsplit(":", 1)[1].strip("/"),
                *options,
            ],
            cwd=root,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        wait_for(lambda: fetch(self.url)[0], "the preview did not answer", log)

    def said(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def edit_and_wait_for_the_rebuild(self) -> None:
        name, old, new = EDIT
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer says {old!r}: update this test"
        rebuilds = self.said().count("Rebuilt in")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        wait_for(lambda: self.said().count("Rebuilt in") > rebuilds, "the preview did not rebuild", self.log_path)
        wait_for(
            lambda: "added while previewing" in fetch(self.url + "plan/")[0], "the edit did not show", self.log_path
        )

    def stop(self) -> int:
        """Ctrl+C, as a person stops it."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.log.close()


@pytest.fixture
def start_preview(make_project, tmp_path):
    started: list[Preview] = []

    def start(*options: str) -> Preview:
        root = make_project()
        preview = Preview(root, tmp_path / f"serve-{len(started)}.log", *options)
        started.append(preview)
        return preview

    yield start
    for preview in started:
        if preview.process.poll() is None:
            preview.process.kill()
            preview.process.wait()
        preview.log.close()


def test_the_preview_command_writes_nothing_in_the_project(start_preview):
    preview = start_preview()
    before = preview.before
    page, headers = fetch(preview.url + "plan/")
    assert f'<link rel="canonical" href="{preview.url}plan/">' in page  # The preview's own address.
    assert "Set-Cookie" not in headers
    preview.edit_and_wait_for_the_rebuild()
    assert preview.stop() == 0, preview.said()
    after = files_in(preview.root)
    assert not (preview.root / "_site").exists()
    assert sorted(after) == sorted(before), "no file or folder was added or removed"
    changed = [name for name in before if after[name] != before[name]]
    assert changed in (["content/plan.md"], ["content", "content/plan.md"]), changed


def test_with_output_the_preview_command_writes_each_build_there_and_nowhere_else(start_preview, tmp_path):
    output = tmp_path / "preview-copy"
    preview = start_preview("--output", str(output))
    wait_for(lambda: (output / "plan/index.html").is_file(), "the first build was not written", preview.log_path)
    assert f'<link rel="canonical" href="{preview.url}plan/">' in (output / "plan/index.html").read_text()
    preview.edit_and_wait_for_the_rebuild()
    wait_for(
        lambda: "added while previewing" in (output / "plan/index.html").read_text(encoding="utf-8"),
        "the rebuild was not written",
        preview.log_path,
    )
    assert preview.stop() == 0, preview.said()
    assert (output / "index.html").is_file() and (output / "_headers").is_file()
    assert not (preview.root / "_site").exists()
    assert sorted(files_in(preview.root)) == sorted(preview.before)


def test_a_bad_base_url_stops_the_preview_command_before_it_listens(make_project, tmp_path):
    root = make_project()
    port = free_port()
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), "--base-url", "localhost:8000"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        'error: --base-url must be a web address like http://localhost:8000/, got "localhost:8000"\n'
        "    hint: give the whole address, starting with http:// or https://\n"
    )
    assert not (root / "_site").exists()
