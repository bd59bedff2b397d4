"""The web editor in a real browser: the whole journey of issue 12, by keyboard where it matters,
with and without JavaScript, and axe-core on every editor screen at 320 and 1280 px."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_axe_accessibility import assert_no_violations

from sitegen.audit.axe import violations_on_this_page

REPO = Path(__file__).resolve().parents[2]
TIMELINE = "content/timeline.yaml"
ENTRY = "#supported-west-mercia-polices-development-of"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n" + b"0" * 2000 + b"\n%%EOF\n"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_editor_site(root: Path, folder: Path):
    """The project in a git repository with a bare remote, previewed with its editor."""
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Test Editor")
    git(root, "config", "user.email", "editor@example.org")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "First version")
    remote = folder / "remote.git"
    git(folder, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "--quiet", "--set-upstream", "origin", "main")
    port = free_port()
    log = open(folder / "serve.log", "wb")  # noqa: SIM115 - open as long as the server runs
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), "--project", str(root)],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(url + "/edit/", timeout=2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("the preview did not start:\n" + (folder / "serve.log").read_text())
    return server, log, remote, url


@pytest.fixture
def editor_site(make_project, tmp_path):
    """A fresh copy of the real project, previewed with its editor (for tests that change it)."""
    root = make_project()
    server, log, remote, url = start_editor_site(root, tmp_path)
    yield root, remote, url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def shared_editor_site(tmp_path_factory):
    """One copy for the tests that only look (their refused saves and previews write nothing)."""
    folder = tmp_path_factory.mktemp("editor-site")
    root = folder / "project"
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    server, log, remote, url = start_editor_site(root, folder)
    (root / "content/plan.md").write_text(
        (root / "content/plan.md").read_text(encoding="utf-8") + "\nNew line.\n", encoding="utf-8"
    )  # So the Changes page has a change and a diff.
    yield root, remote, url
    server.terminate()
    server.wait(timeout=10)
    log.close()


def new_page(
    browser,
    url: str,
    *,
    javascript: bool = True,
    width: int = 1280,
    bypass_csp: bool = False,
    block_scripts: bool = False,
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript, bypass_csp=bypass_csp, base_url=url
    )
    context.set_default_timeout(15_000)

    def route(route, request):
        address = request.url
        if not address.startswith(url + "/") or (
            block_scripts and (address.endswith(".js") or ".js?" in address or "/livereload" in address)
        ):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return context, page


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def wait_for_focus(page, element_id: str) -> None:
    """After a save the new page moves focus as it loads (autofocus, then editor.js): wait for
    it, up to 5 s, rather than read the focus before the page has finished loading."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "(id) => document.activeElement && document.activeElement.id === id", arg=element_id, timeout=5000
    )


def test_the_whole_journey_edit_fix_preview_add_attach_publish(browser, editor_site):
    root, remote, url = editor_site
    timeline = root / TIMELINE
    original = timeline.read_text(encoding="utf-8")
    context, page = new_page(browser, url)

    # Open the editor from a previewed page, then the timeline and its second entry.
    page.goto("/timeline/")
    page.get_by_role("link", name=re.compile("^Edit this list")).click()
    # expect() waits for the next page: the one the click left has an <h1> too.
    expect(page.locator("h1")).to_have_text("Edit: In West Mercia (2018/23)", use_inner_text=True)
    page.get_by_role("link", name="Edit entry 2").click()
    assert page.get_by_label("Period").input_value() == "2018"
    expect(page.get_by_role("group", name="Themes").get_by_label("Drugs")).to_be_visible()

    # A bad period: the error summary is focused, its link leads to the field, nothing is written.
    page.get_by_label("Period").fill("2O19")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile("^Error: "))
    wait_for_focus(page, "error-summary")
    summary_link = page.locator("#error-summary a")
    assert summary_link.inner_text() == '\'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O19"'
    assert 'got "2O19"' in page.locator("#f-period-error").inner_text()
    assert timeline.read_text(encoding="utf-8") == original

    # Fix it with the keyboard alone: from the summary, Tab to its link, Enter, type, Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#f-period"
    page.keyboard.press("Enter")
    assert focused_id(page) == "f-period"
    page.keyboard.press("Control+A")
    page.keyboard.type("2019/20")
    page.get_by_label("This is a correction readers need not be told about").check()  # "updated" stays
    page.get_by_label("Period").press("Enter")
    page.locator(".notice-success").wait_for()
    assert "Entry 2 saved." in page.locator(".notice-success").inner_text()

    # The diff touches only that entry, and every comment survives.
    after = timeline.read_text(encoding="utf-8")
    diff = [
        line
        for line in difflib.unified_diff(original.split("\n"), after.split("\n"), lineterm="", n=0)
        if not line.startswith(("---", "+++", "@@"))
    ]
    assert diff == ['-    period: "2018"', '+    period: "2019/20"']
    assert (
        after.split("\n").index('    period: "2019/20"')
        == original.split("\n").index("  - id: supported-west-mercia-polices-development-of") + 1
    )  # in the entry that was edited
    assert [n for n in original.split("\n") if n.startswith("#")] == [n for n in after.split("\n") if n.startswith("#")]

    # The preview shows the change.
    page.get_by_role("link", name="See the list in the preview").click()
    expect(page.locator(f"{ENTRY} .entry-period")).to_have_text(re.compile("^2019/20"), use_inner_text=True)

    # Add a page (a draft: labelled in the preview, never published) and attach a PDF to it.
    page.goto("/edit/new")
    page.get_by_label("Page", exact=True).check()
    page.get_by_label("Title").fill("Annual report")
    page.get_by_label("At the top of the site").check()
    page.get_by_role("button", name="Add").click()
    expect(page.locator("h1")).to_have_text("Edit: Annual report", use_inner_text=True)
    page.get_by_label("Text", exact=True).fill("Our annual report for 2024.")
    page.get_by_label("Document").set_input_files(
        files=[{"name": "Annual report 2024.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Words of the link (optional)").fill("Annual report 2024")
    page.get_by_role("button", name="Attach and add the link").click()
    # The page it leaves has a notice too ("Added Annual report."): wait for the attachment's.
    expect(page.locator(".notice-success")).to_contain_text("Added files/annual-report-2024.pdf", use_inner_text=True)
    assert (root / "content/files/annual-report-2024.pdf").read_bytes() == PDF
    assert (
        (root / "content/annual-report.md")
        .read_text(encoding="utf-8")
        .endswith("Our annual report for 2024.\n\n[Annual report 2024 (PDF, 3 KB)](/files/annual-report-2024.pdf)\n")
    )
    page.get_by_role("link", name="See the page in the preview").click()
    # The label is in capitals by its style (innerText follows it): once the next page has loaded.
    expect(page.locator("h1")).to_have_text("Annual report DRAFT", use_inner_text=True)
    link = page.get_by_role("link", name="Annual report 2024 (PDF, 3 KB)")
    assert urllib.request.urlopen(url + link.get_attribute("href").replace("..", "")).read() == PDF

    # Review and publish to the bare repository.
    page.goto("/edit/changes")
    text = page.locator("main").inner_text()
    assert "Timeline “In West Mercia (2018/23)” (/timeline/)" in text
    assert "Changed the period of entry “Supported West Mercia Police’s development" in text
    assert "Page “Annual report” (/annual-report/)" in text
    assert "Document /files/annual-report-2024.pdf (PDF, 3 KB)" in text
    assert "Page “Annual report” (/annual-report/)" in page.locator("h2:text('Drafts') + p + ul").inner_text()
    page.get_by_label("Describe your change").fill("Corrected a period; a draft annual report")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".notice-success")).to_contain_text(
        "Published: your change is recorded and sent to 'origin'.", use_inner_text=True
    )
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Corrected a period; a draft annual report"
    first = git(remote, "rev-list", "--max-parents=0", "main").strip()  # Each save is a commit; publish sends them all.
    files = git(remote, "diff", "--name-only", first, "main").split()
    assert sorted(files) == ["content/annual-report.md", "content/files/annual-report-2024.pdf", TIMELINE]
    context.close()


def test_without_javascript_an_item_is_fixed_saved_added_and_removed(browser, editor_site):
    root, _, url = editor_site
    context, page = new_page(browser, url, javascript=False)
    page.goto(f"/edit/item?file={TIMELINE}&index=1")
    page.get_by_label("Period").fill("2O19")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert page.locator("#error-summary a").get_attribute("href") == "#f-period"
    page.get_by_label("Period").fill("2019/20")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice-success")).to_contain_text("Entry 2 saved.", use_inner_text=True)
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Period").fill("2024")
    page.get_by_label("Text").fill("Added without JavaScript.")
    page.get_by_role("button", name="Add").click()
    # Each file is read once the server has answered: its notice is on the next page.
    expect(page.locator(".notice-success")).to_contain_text("Entry 11 added.", use_inner_text=True)
    assert "Added without JavaScript." in (root / TIMELINE).read_text(encoding="utf-8")
    page.get_by_role("button", name="Remove entry 11").click()
    expect(page.locator(".notice-success")).to_contain_text("Removed item 11", use_inner_text=True)
    assert "Added without JavaScript." not in (root / TIMELINE).read_text(encoding="utf-8")
    page.get_by_label("Move to position (entry 2)").fill("1")
    page.get_by_role("button", name="Move entry 2", exact=True).click()
    expect(page.locator(".notice-success")).to_contain_text("Moved item 2 up: it is now item 1.", use_inner_text=True)
    context.close()


def editor_screens(page, url: str) -> list[str]:
    """Each editor screen, including the states after a refused save and a preview."""
    return [
        "/edit/",
        f"/edit/list?file={TIMELINE}",
        f"/edit/item?file={TIMELINE}&index=1",
        "/edit/item?file=content/next-steps.yaml&index=0",
        f"/edit/item?file={TIMELINE}&index=new",
        f"/edit/settings?file={TIMELINE}",
        "/edit/page?file=content/plan.md",
        "/edit/text?file=content/plan.md",
        "/edit/new",
        "/edit/changes",
        "/edit/page?file=content/nothing.md",
        "/plan/",
        "error:item",
        "error:date",
        "error:new",
        "error:publish",
        "preview:page",
    ]


def open_screen(page, screen: str) -> None:
    """Open `screen` and return once it has loaded (its stylesheet applied, editor.js run)."""
    if screen == "error:item":
        page.goto(f"/edit/item?file={TIMELINE}&index=1")
        page.get_by_label("Period").fill("2O19")
        page.get_by_role("button", name="Save").click()
    elif screen == "error:date":  # The editor's own reading of a date, refused on its field (issue 18).
        page.goto("/edit/item?file=content/next-steps.yaml&index=0")
        page.get_by_label("Target (optional)").fill("31 February 2027")
        page.get_by_role("button", name="Save").click()
    elif screen == "error:new":
        page.goto("/edit/new")
        page.get_by_role("button", name="Add").click()
    elif screen == "error:publish":
        page.goto("/edit/changes")
        page.get_by_role("button", name="Publish").click()
    elif screen == "preview:page":
        page.goto("/edit/page?file=content/plan.md")
        page.get_by_role("button", name="Preview").click()
    else:
        page.goto(screen)
    # A click returns when the next document starts loading: wait for its parts before any test reads them.
    if screen.startswith("error:"):
        page.locator("#error-summary").wait_for()
    elif screen == "preview:page":
        page.locator("#preview-heading").wait_for()
    page.wait_for_load_state("load")
    assert page.locator("h1").count() >= 1, screen


@pytest.mark.parametrize("width, scripts", [(1280, True), (320, False), (320, True), (1280, False)])
def test_every_editor_screen_has_no_axe_violations(browser, shared_editor_site, axe_path, width, scripts):
    _root, _, url = shared_editor_site
    context, page = new_page(browser, url, width=width, bypass_csp=True, block_scripts=not scripts)
    lines = []
    for screen in editor_screens(page, url):
        open_screen(page, screen)
        for details in page.locator("details").all():
            details.evaluate("(element) => { element.open = true; }")
        lines += violations_on_this_page(page, axe_path, screen)
        width_now = page.evaluate("() => document.documentElement.scrollWidth")
        assert width_now <= width, f"{screen} scrolls sideways at {width} px ({width_now} px wide)"
    assert_no_violations(lines, f"in the editor at {width}px, scripts {'on' if scripts else 'off'}")
    context.close()


REACHABLE = """() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), textarea, select, summary')]
    .filter(visible).filter((el) => !el.disabled);
  return all.map((el, i) => { el.dataset.kb = String(i); return el.type === 'radio' ? 'radio:' + el.name : String(i); });
}"""
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return [el.dataset.kb || '', el.type === 'radio' ? 'radio:' + el.name : (el.dataset.kb || ''),
          style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 || style.boxShadow !== 'none'];
}"""


@pytest.mark.parametrize(
    "screen",
    [
        f"/edit/list?file={TIMELINE}",
        f"/edit/item?file={TIMELINE}&index=1",
        "/edit/page?file=content/plan.md",
        "/edit/new",
        "/edit/changes",
        "error:item",
    ],
)
def test_every_control_of_every_screen_is_reached_by_tab_with_a_visible_focus(browser, shared_editor_site, screen):
    _root, _, url = shared_editor_site
    context, page = new_page(browser, url, width=1280)
    open_screen(page, screen)
    expected = set(page.evaluate(REACHABLE))
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.evaluate("() => window.scrollTo(0, 0)")
    reached, unseen = set(), []
    for _ in range(len(expected) + 20):
        page.keyboard.press("Tab")
        key, group, visible = page.evaluate(FOCUS_STYLE)
        if not key:
            continue
        reached.add(group)
        if not visible:
            unseen.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)"))
    assert expected <= reached, f"{screen}: not reached by Tab: {sorted(expected - reached)}"
    assert not unseen, f"{screen}: focus not visible on {unseen}"
    context.close()
