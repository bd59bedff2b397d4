"""The live preview's web app and rebuilds, without a browser (see tests/browser/test_preview.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from htmltools import elements
from tooling import free_port, serving_preview, tool_missing

from sitegen.preview.server import LIVERELOAD_SNIPPET, PREVIEW_SCRIPT, PreviewState, _snippet_hash, make_app, rebuild
from sitegen.read.file_cache import KeptFiles
from sitegen.read.project_files import read_project
from sitegen.shape.search_index import documents_in

REPO = Path(__file__).resolve().parents[1]


def call(app, path: str | dict[str, str]) -> tuple[str, dict[str, str], bytes]:
    """A request for `path` (or with this WSGI environ): status, headers and body."""
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(path if isinstance(path, dict) else {"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def built_state(root: Path, strict: bool = False) -> PreviewState:
    state = PreviewState()
    rebuild(root, state, None, strict, lambda message: None)
    return state


# An edit the build accepts with a warning, which --strict (and so publishing) refuses.
CLICK_HERE = ("content/plan.md", "amongst others.", "amongst others. To read more, [click here](/strategy/).")
# An edit that stops the build.
BAD_PERIOD = ("content/timeline.yaml", 'period: "2019/20"', 'period: "2O19"')
# The line of content/plan.md that CLICK_HERE changes, wherever the page's text puts it.
PLAN_LINE = 1 + (REPO / "content/plan.md").read_text(encoding="utf-8").split("\n").index(
    next(
        line
        for line in (REPO / "content/plan.md").read_text(encoding="utf-8").split("\n")
        if line.startswith("There is also reference")
    )
)


def edit(root: Path, change: tuple[str, str, str]) -> None:
    name, old, new = change
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer says {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rebuild_logged(root: Path, state: PreviewState, strict: bool = False) -> list[str]:
    """Rebuild; what the terminal was told."""
    said: list[str] = []
    rebuild(root, state, None, strict, said.append)
    return said


def problem_texts(page: str, panel_id: str) -> list[str]:
    """The text of each problem listed in a panel of the page, exactly as shown."""
    panel = page.split(f'id="{panel_id}"', 1)[1]
    panel = panel[: panel.index("</section>" if panel_id == "preview-warnings" else "</div>")]
    return ["".join(pre.children_text) for pre in elements(panel, "pre")]


def test_the_preview_serves_the_last_good_build_from_memory(make_project):
    state = built_state(make_project())
    app = make_app(state, "'sha256-x'")
    status, headers, body = call(app, "/timeline/2021/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"script-src 'self' 'sha256-x' 'sha256-" in body
    assert call(app, "/static/css/site.css")[1]["Content-Type"] == "text/css"
    assert call(app, "/timeline")[0].startswith("301")
    assert call(app, "/no-such-page/")[0] == "404 Not Found"


def test_a_broken_edit_shows_the_problem_over_the_last_good_pages_then_recovers(make_project):
    root = make_project()
    state = built_state(root)
    timeline = root / "content/timeline.yaml"
    good = timeline.read_text(encoding="utf-8")
    timeline.write_text(good.replace('period: "2019/20"', 'period: "2O19"'), encoding="utf-8")
    rebuild(root, state, None, False, lambda message: None)
    body = call(make_app(state, ""), "/")[2].decode()
    assert 'id="preview-error"' in body
    line = next(n for n, text in enumerate(good.split("\n"), 1) if 'period: "2019/20"' in text)
    assert f"content/timeline.yaml:{line}" in body and "got &quot;2O19&quot;" in body
    assert "Skip to main content" in body  # The last good page is still there below the banner.
    timeline.write_text(good, encoding="utf-8")
    rebuild(root, state, None, False, lambda message: None)
    assert 'id="preview-error"' not in call(make_app(state, ""), "/")[2].decode()


def test_warnings_show_in_a_panel_of_their_own_exactly_as_the_terminal_prints_them(make_project):
    root = make_project()
    state = built_state(root)
    edit(root, CLICK_HERE)
    said = rebuild_logged(root, state)
    assert not state.is_broken
    page = call(make_app(state, ""), "/timeline/")[2].decode()
    terminal = [message for message in said if ": warning: " in message]
    assert terminal == [
        f'content/plan.md:{PLAN_LINE}: warning: the link text "click here" does not say where the link goes\n'
        f"    {PLAN_LINE} | There is also reference in areas such as Early Intervention and Prevention (Victims), "
        "Working in Partnership to Prevent Crime and Disorder and Reduce Crime (Reform), and the Community "
        "Charter (Reassure), amongst others. To read more, [click here](/strategy/).\n"
        "    hint: use words that make sense on their own: say what the link opens, like the name of the page or "
        "document"
    ]
    assert problem_texts(page, "preview-warnings") == terminal
    assert '<h2 id="preview-warnings-heading">1 thing will stop this being published</h2>' in page
    assert "Your change is shown below." in page
    assert 'id="preview-error"' not in page and 'role="alert"' not in page  # Not an error: less alarming.
    plan = call(make_app(state, ""), "/plan/")[2].decode()
    assert "To read more" in plan.split('id="main-content"', 1)[1]  # The change itself is shown.
    edit(root, (CLICK_HERE[0], CLICK_HERE[2], CLICK_HERE[1]))
    rebuild_logged(root, state)
    assert 'id="preview-warnings"' not in call(make_app(state, ""), "/timeline/")[2].decode()


def test_with_strict_the_warnings_are_errors(make_project):
    root = make_project()
    state = built_state(root, strict=True)
    edit(root, CLICK_HERE)
    said = rebuild_logged(root, state, strict=True)
    assert state.is_broken
    page = call(make_app(state, ""), "/timeline/")[2].decode()
    assert (
        problem_texts(page, "preview-error")
        == [said[0].split("\n\n")[0]]
        == [
            f'content/plan.md:{PLAN_LINE}: the link text "click here" does not say where the link goes\n'
            f"    {PLAN_LINE} | There is also reference in areas such as Early Intervention and Prevention (Victims), "
            "Working in Partnership to Prevent Crime and Disorder and Reduce Crime (Reform), and the Community "
            "Charter (Reassure), amongst others. To read more, [click here](/strategy/).\n"
            "    hint: use words that make sense on their own: say what the link opens, like the name of the page or "
            "document"
        ]
    )
    assert 'id="preview-warnings"' not in page


def test_while_a_change_fails_its_warnings_show_below_its_errors(make_project):
    root = make_project()
    state = built_state(root)
    edit(root, CLICK_HERE)
    rebuild_logged(root, state)
    edit(root, BAD_PERIOD)
    rebuild_logged(root, state)
    page = call(make_app(state, ""), "/plan/")[2].decode()
    assert page.index('id="preview-error"') < page.index('id="preview-warnings"') < page.index('class="skip-link"')
    line = next(
        n
        for n, text in enumerate((root / "content/timeline.yaml").read_text().split("\n"), 1)
        if 'period: "2O19"' in text
    )
    assert [text.split("\n")[0] for text in problem_texts(page, "preview-error")] == [
        f'content/timeline.yaml:{line}: \'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O19"'
    ]
    assert "They are in your latest change too." in page
    assert len(problem_texts(page, "preview-warnings")) == 1


def test_the_preview_messages_can_be_focused_and_are_named_by_their_headings(make_project):
    # preview.js moves focus to them after a reload: that is what a screen reader reads.
    root = make_project()
    state = built_state(root)
    edit(root, CLICK_HERE)
    rebuild_logged(root, state)
    edit(root, BAD_PERIOD)
    rebuild_logged(root, state)
    page = call(make_app(state, ""), "/plan/")[2].decode()
    (error,) = elements(page, id="preview-error")
    (warnings,) = elements(page, id="preview-warnings")
    assert error.attrs["role"] == "alert" and error.attrs["tabindex"] == "-1"
    assert error.attrs["aria-labelledby"] == "preview-error-heading"
    assert warnings.tag == "section" and warnings.attrs["tabindex"] == "-1"
    assert warnings.attrs["aria-labelledby"] == "preview-warnings-heading"
    assert elements(page, "h2", id="preview-error-heading")[0].text == (
        "The last change has 1 problem: this preview shows the last good version"
    )


def test_every_script_on_a_preview_page_is_a_file_or_allowed_by_its_hash(make_project):
    # The preview adds scripts to the pages; its Content-Security-Policy must stay as strict
    # as the published site's: no 'unsafe-inline', every inline script allowed by its hash.
    root = make_project()
    state = built_state(root)
    edit(root, CLICK_HERE)
    rebuild_logged(root, state)
    edit(root, BAD_PERIOD)
    rebuild_logged(root, state)
    app = make_app(state, "'sha256-livereload'")
    page = call(app, "/timeline/")[2].decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    assert "unsafe" not in policy
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src")).split()[1:]
    for script in elements(page, "script"):
        if "src" in script.attrs:
            assert script.attrs["src"].startswith(("/__preview__/", "../static/")), script.attrs
            continue
        body = "".join(script.children_text)
        if script.attrs.get("type") == "application/ld+json":  # A data block: never run, not a script.
            assert json.loads(body) and "<" not in body
            continue
        digest = "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        assert digest in script_src, f"an inline script is not allowed by its hash: {body[:80]}"
    assert '<script src="/__preview__/preview.js?v=' in page
    status, headers, body = call(app, "/__preview__/preview.js")
    assert status == "200 OK" and headers["Content-Type"] == "text/javascript" and body == PREVIEW_SCRIPT
    # Preview only: neither the script nor the messages reach the built site (only their styles do).
    assert not [name for name, data in state.files.items() if b"__preview__" in data or b"preview.js" in data]
    assert not [name for name, data in state.files.items() if name.endswith(".html") and b"preview-notice" in data]


VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.nu_checker
def test_a_preview_page_showing_errors_and_warnings_is_valid_html(make_project, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        tool_missing("the Nu Html Checker needs java and node_modules/vnu-jar (npm ci)")
    root = make_project()
    state = built_state(root)
    edit(root, CLICK_HERE)
    rebuild_logged(root, state)
    edit(root, BAD_PERIOD)
    rebuild_logged(root, state)
    pages = tmp_path / "pages"
    pages.mkdir()
    for path in ("/", "/timeline/2021/", "/plan/", "/no-such-page/"):
        name = (path.strip("/") or "home").replace("/", "-") + ".html"
        (pages / name).write_bytes(call(make_app(state, _snippet_hash()), path)[2])
    broken = PreviewState()
    rebuild_logged(make_project({"content/glossary.yaml": "terms: [\n"}), broken)
    (pages / "first-build-failed.html").write_bytes(call(make_app(broken, ""), "/")[2])
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", str(pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    assert [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


def test_stylesheets_and_scripts_are_kept_by_the_browser_until_they_change(make_project):
    # The preview reloads after every save: a versioned address lets the browser reuse the CSS
    # and scripts it has, and a changed file gets a new address.
    root = make_project()
    state = built_state(root)
    app = make_app(state, "")
    page = call(app, "/timeline/2021/")[2].decode()
    versions = dict(re.findall(r'(?:href|src)="\.\./\.\./(static/[^"?]+)\?v=([0-9a-f]{12})"', page))
    assert set(versions) >= {"static/css/site.css", "static/js/settings.js", "static/js/list-filter.js"}
    assert call(app, "/static/css/site.css")[1]["Cache-Control"] == "no-store"
    kept = call(app, {"PATH_INFO": "/static/css/site.css", "QUERY_STRING": "v=" + versions["static/css/site.css"]})
    assert kept[1]["Cache-Control"] == "max-age=31536000, immutable"
    assert kept[2] == (root / "static/css/site.css").read_bytes()
    stale = call(app, {"PATH_INFO": "/static/css/site.css", "QUERY_STRING": "v=000000000000"})
    assert stale[1]["Cache-Control"] == "no-store", "today's bytes must not be kept under another version"
    css = root / "static/css/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    rebuild(root, state, None, False, lambda message: None)
    again = call(make_app(state, ""), "/timeline/2021/")[2].decode()
    assert f"site.css?v={versions['static/css/site.css']}" not in again and "site.css?v=" in again
    assert f"settings.js?v={versions['static/js/settings.js']}" in again


def test_a_first_build_that_fails_shows_an_error_page(make_project):
    root = make_project({"content/glossary.yaml": "terms: [\n"})
    state = built_state(root)
    status, _, body = call(make_app(state, ""), "/")
    assert status.startswith("500") and b"content/glossary.yaml" in body


def test_the_preview_writes_nothing_unless_asked(make_project):
    root = make_project()
    built_state(root)
    assert not (root / "_site").exists()  # Its pages carry the preview's address: never publish them.


def test_the_preview_only_rewrites_files_that_changed(make_project):
    root = make_project()
    state = PreviewState()
    rebuild(root, state, root / "_site", False, lambda message: None)
    before = {p: p.stat().st_mtime_ns for p in (root / "_site").rglob("*.html")}
    page = root / "content/plan.md"
    page.write_text(page.read_text(encoding="utf-8").replace("amongst others", "amongst others."), encoding="utf-8")
    time.sleep(0.01)
    rebuild(root, state, root / "_site", False, lambda message: None)
    changed = [p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime]
    assert [p.relative_to(root / "_site").as_posix() for p in changed] == ["plan/index.html"]


@pytest.mark.slow
def test_a_rebuild_that_reuses_the_last_one_gives_exactly_a_fresh_builds_files(make_project, tmp_path):
    # The preview reuses the loads, renders, pages, search records and feeds of unchanged files;
    # each edit below must still reach every place it shows (pages, timeline views, search,
    # feed). The fresh builds run in their own process, so they cannot disturb what the
    # preview keeps between rebuilds.
    root = make_project()
    state = built_state(root)
    edits = [
        ("content/plan.md", "amongst others", "amongst many others"),
        ("content/timeline.yaml", 'period: "2019/20"', 'period: "2019/21"'),
        ("content/glossary.yaml", "Community Safety Partnership", "Community Safety Partnerships"),
        ("content/strategy.md", "title:", "title: New"),
        # A link into the timeline: its views must now collect their element ids to check it.
        (
            "content/plan.md",
            "amongst many others",
            "amongst many others (see [the 2021 entry](/timeline/2021/#attended-quarterly-performance-organised-crime-group))",
        ),
        ("site_config.yaml", "title:", "title: Renamed"),
    ]
    for number, (name, old, new) in enumerate(edits):
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer says {old!r}: update this test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        rebuild(root, state, None, False, lambda message: None)
        assert not state.is_broken, state.problems
        fresh = tmp_path / f"fresh-{number}"
        subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--project", str(root), "--output", str(fresh)],
            check=True,
            capture_output=True,
            cwd=REPO,
        )
        built = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
        del built[".sitegen-site"]
        assert state.files.keys() == built.keys()
        assert [p for p in built if state.files[p] != built[p]] == [], f"stale after editing {name}"
    assert b"2019/21" in state.files["timeline/index.html"] and "2019/21" in str(documents_in(state.files))


def test_a_file_rewritten_at_once_with_the_same_size_is_read_again(tmp_path):
    # The preview keeps each file's bytes while its size and times are unchanged; a save in the
    # same clock tick as the last read must still be seen (the ctime changes with every write).
    (tmp_path / "content").mkdir()
    page = tmp_path / "content" / "page.md"
    page.write_bytes(b"version A")
    kept = KeptFiles()
    assert read_project(tmp_path, kept).files["content/page.md"] == b"version A"
    stat = page.stat()
    page.write_bytes(b"version B")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert read_project(tmp_path, kept).files["content/page.md"] == b"version B"


def test_the_served_page_allows_livereloads_script_by_its_exact_hash(make_project):
    root = make_project()
    port = free_port()
    with serving_preview(root, port):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            html = response.read().decode()
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
        injected = [s for s in scripts if "livereload.js" in s]
        assert injected, "livereload did not inject its script"
        digest = base64.b64encode(hashlib.sha256(injected[0].encode()).digest()).decode()
        assert f"'sha256-{digest}'" in html
        assert LIVERELOAD_SNIPPET.count("livereload.js") == 1
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload.js") as response:
            assert response.status == 200
