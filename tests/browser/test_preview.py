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


def start_preview(root: Path, *options: str):
    port = free_port()
    log = open(root / "serve.log", "wb")  # noqa: SIM115 - open as long as the server runs
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), "--project", str(root), *options],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(REPO)},
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
    return server, log, url


@pytest.fixture
def preview(make_project):
    root = make_project()
    server, log, url = start_preview(root)
    yield root, url, server
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture
def strict_preview(make_project):
    root = make_project()
    server, log, url = start_preview(root, "--strict")
    yield root, url, server
    server.terminate()
    server.wait(timeout=10)
    log.close()


def open_live_page(browser, url, path="plan/", **options):
    context = browser.new_context(**options)  # The real CSP applies: livereload must work under it.
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(url + path)
    # Until the WebSocket handshake is done: livereload.js sets the protocol on the server's
    # "hello" and, in the same step, sends the "info" that makes the server reload this page.
    # (A fixed pause was too short on a loaded machine.)
    page.wait_for_function(
        "() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.protocol >= 7"
    )
    return context, page, errors


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_saving_a_file_reloads_the_browser(browser, preview):
    # How fast is measured by the benchmark (benchmarks/bench.py, "preview_ms"), never
    # asserted here: a busy machine would fail a timed assertion. The wait only bounds a hang.
    root, url, _ = preview
    context, page, errors = open_live_page(browser, url)
    edit(root / "content/plan.md", "amongst others.", "amongst others. Freshly saved.")
    page.wait_for_function("() => document.body && document.body.innerText.includes('Freshly saved.')", timeout=30_000)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line)


def test_a_mistake_shows_in_the_browser_and_clears_when_fixed(browser, preview):
    root, url, server = preview
    context, page, _ = open_live_page(browser, url)
    timeline = root / "content/timeline.yaml"
    edit(timeline, 'period: "2019/20"', 'period: "2O19"')
    banner = page.locator("#preview-error")
    banner.wait_for(timeout=5000)
    line = line_of(timeline, 'period: "2O19"')
    assert f"content/timeline.yaml:{line}" in banner.inner_text()
    assert 'got "2O19"' in banner.inner_text()
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
    assert "content/index.md:30: the link to /strategy/ goes to a page that does not exist" in banner.inner_text()
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


# --------------------------------------------------------------------------
# Messages in view: after a reload the browser goes back to where the page was scrolled, so
# a message at the top of the page would be out of sight.
# --------------------------------------------------------------------------

BAD_PERIOD = ('period: "2019/20"', 'period: "2O19"')
CLICK_HERE = ("amongst others.", "amongst others. To read more, [click here](/strategy/).")


def scroll_far_down(page) -> int:
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => window.scrollY > 2 * window.innerHeight")
    # No pause needed: preview.js reads the place when the page goes (pagehide), not before.
    return page.evaluate("window.scrollY")


def wait_until_in_view(page, selector: str) -> None:
    """Until the top of the message is inside the window (after the reload has settled)."""
    page.wait_for_function(
        """(s) => { const e = document.querySelector(s); if (!e) return false;
                    const box = e.getBoundingClientRect();
                    return box.top >= 0 && box.top < window.innerHeight && box.height > 0; }""",
        arg=selector,
        timeout=5000,
    )
    # The message is in the reloaded page: wait for its stylesheet (the tests read its colours)
    # and its "load", on which preview.js brings the message into view once more.
    page.wait_for_load_state("load")
    time.sleep(0.3)  # Nothing may scroll it away afterwards (the browser's own restoring, say).
    box = page.evaluate(f"() => document.querySelector('{selector}').getBoundingClientRect().top")
    assert 0 <= box < page.evaluate("window.innerHeight"), f"{selector} was scrolled out of view again"


def assert_announced(page, selector: str) -> None:
    """Focus is on the message, so a screen reader reads it, and it is named by its heading."""
    assert page.evaluate(f"() => document.activeElement === document.querySelector('{selector}')"), (
        f"focus is on {page.evaluate('document.activeElement.outerHTML.slice(0, 80)')}, not {selector}"
    )
    assert page.evaluate(
        f"() => !!document.getElementById(document.querySelector('{selector}').getAttribute('aria-labelledby'))"
    )


def test_after_a_failed_rebuild_the_problem_is_in_view_and_focused_however_far_down_the_page_was(browser, preview):
    root, url, _ = preview
    context, page, errors = open_live_page(browser, url, "timeline/")
    place = scroll_far_down(page)
    timeline = root / "content/timeline.yaml"
    edit(timeline, *BAD_PERIOD)
    wait_until_in_view(page, "#preview-error")
    banner = page.locator("#preview-error")
    assert banner.get_attribute("role") == "alert"
    assert_announced(page, "#preview-error")
    line = line_of(timeline, 'period: "2O19"')
    assert f"content/timeline.yaml:{line}" in banner.inner_text()
    edit(timeline, *reversed(BAD_PERIOD))
    banner.wait_for(state="detached", timeout=5000)
    # The editor is back where they were reading.
    page.wait_for_function("(y) => Math.abs(window.scrollY - y) < 5", arg=place, timeout=5000)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_warnings_show_in_their_own_panel_in_view_exactly_as_the_terminal_prints_them(browser, preview):
    root, url, _ = preview
    context, page, errors = open_live_page(browser, url, "timeline/")
    scroll_far_down(page)
    plan = root / "content/plan.md"
    edit(plan, *CLICK_HERE)
    wait_until_in_view(page, "#preview-warnings")
    assert_announced(page, "#preview-warnings")
    panel = page.locator("#preview-warnings")
    assert page.locator("#preview-error").count() == 0
    assert panel.get_attribute("role") is None, "a warning is not an error: it must not interrupt like one"
    assert page.locator("#preview-warnings h2").inner_text() == "1 thing will stop this being published"
    terminal = (root / "serve.log").read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(terminal) if ": warning: " in line)
    printed = "\n".join(terminal[first : first + 3])
    assert printed.startswith('content/plan.md:19: warning: the link text "click here"')
    assert page.locator("#preview-warnings pre").all_inner_texts() == [printed]
    # The red and the blue panels look different.
    colours = page.evaluate("""() => [getComputedStyle(document.querySelector('#preview-warnings')).borderTopColor]""")
    assert colours == ["rgb(29, 112, 184)"]
    edit(plan, *reversed(CLICK_HERE))
    panel.wait_for(state="detached", timeout=5000)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_with_strict_a_warning_is_an_error_in_the_preview(browser, strict_preview):
    root, url, _ = strict_preview
    context, page, _ = open_live_page(browser, url, "timeline/")
    scroll_far_down(page)
    edit(root / "content/plan.md", *CLICK_HERE)
    wait_until_in_view(page, "#preview-error")
    assert_announced(page, "#preview-error")
    assert 'content/plan.md:19: the link text "click here"' in page.locator("#preview-error").inner_text()
    assert page.locator("#preview-warnings").count() == 0
    context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_a_preview_page_showing_errors_and_warnings_has_no_axe_violations(browser, preview, axe_path, width):
    from sitegen.audit.axe import violations_on_this_page

    root, url, _ = preview
    context, page, _ = open_live_page(
        browser, url, "timeline/", bypass_csp=True, viewport={"width": width, "height": 800}
    )
    edit(root / "content/plan.md", *CLICK_HERE)
    page.locator("#preview-warnings").wait_for(timeout=5000)
    edit(root / "content/timeline.yaml", *BAD_PERIOD)
    page.locator("#preview-error").wait_for(timeout=5000)
    page.wait_for_load_state("load")
    assert page.locator("#preview-warnings").count() == 1
    assert violations_on_this_page(page, axe_path, "preview with errors and warnings") == []
    context.close()
