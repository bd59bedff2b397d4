"""The live preview in a real browser: saves reload the page, mistakes show, the page recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def preview(make_project):
    root = make_project()
    port = free_port()
    log = open(root / "serve.log", "wb")
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), "--project", str(root)],
        cwd=root, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("the preview server did not start:\n" + (root / "serve.log").read_text())
    yield root, url, server
    server.terminate()
    server.wait(timeout=10)
    log.close()


def open_live_page(browser, url):
    context = browser.new_context()  # The real CSP applies: livereload must work under it.
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(url + "plan/")
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector._connectionDesired")
    time.sleep(0.3)  # Let the WebSocket handshake finish.
    return context, page, errors


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_saving_a_file_reloads_the_browser_within_a_second(browser, preview):
    root, url, _ = preview
    context, page, errors = open_live_page(browser, url)
    started = time.perf_counter()
    edit(root / "content/plan.md", "amongst others.", "amongst others. Freshly saved.")
    page.wait_for_function("() => document.body && document.body.innerText.includes('Freshly saved.')", timeout=5000)
    assert time.perf_counter() - started < 1.0
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_a_mistake_shows_in_the_browser_and_clears_when_fixed(browser, preview):
    root, url, server = preview
    context, page, _ = open_live_page(browser, url)
    timeline = root / "content/timeline.yaml"
    edit(timeline, 'period: "2019/20"', 'period: "2O19"')
    banner = page.locator("#preview-error")
    banner.wait_for(timeout=5000)
    assert "content/timeline.yaml:64" in banner.inner_text()
    assert "got \"2O19\"" in banner.inner_text()
    assert page.locator("h1").inner_text() == "Safer West Mercia Plan"  # The last good page is kept.
    edit(timeline, 'period: "2O19"', 'period: "2019/20"')
    banner.wait_for(state="detached", timeout=5000)
    assert server.poll() is None
    context.close()


def test_the_server_survives_deleted_files_and_bursts_of_saves(browser, preview):
    root, url, server = preview
    context, page, _ = open_live_page(browser, url)
    strategy = root / "content/strategy.md"
    saved = strategy.read_text(encoding="utf-8")
    strategy.unlink()  # The overview links to it, so the preview must say so.
    banner = page.locator("#preview-error")
    banner.wait_for(timeout=5000)
    assert "content/index.md:17: the link to /strategy/ goes to a page that does not exist" in banner.inner_text()
    strategy.write_text(saved, encoding="utf-8")
    banner.wait_for(state="detached", timeout=5000)
    plan = root / "content/plan.md"
    text = plan.read_text(encoding="utf-8")
    for number in range(20):  # Saves faster than a rebuild: the last one must win.
        plan.write_text(text.replace("amongst others", f"amongst others (save {number})"), encoding="utf-8")
        time.sleep(0.01)
    page.wait_for_function("() => document.body && document.body.innerText.includes('(save 19)')", timeout=5000)
    assert server.poll() is None
    context.close()
