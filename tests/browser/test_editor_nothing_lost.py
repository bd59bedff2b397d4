"""Issue 18 in a real browser: nothing an editor types is lost, dates are read as people type
them, "Last updated" stays true, any change can be undone (a removed item comes back at its
address), focus returns to the item changed, and the editor's menu is there on a phone."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_axe_accessibility import assert_no_violations
from test_editor import new_page, start_editor_site, wait_for_focus

from sitegen.audit.axe import violations_on_this_page

STEPS = "content/next-steps.yaml"
TIMELINE = "content/timeline.yaml"
TODAY = "2027-04-01"
SHOTS = Path(os.environ.get("SITEGEN_SCREENSHOTS", "/tmp/sitegen-editor-screenshots"))


@pytest.fixture
def site(make_project, tmp_path, monkeypatch):
    """A fresh copy of the project, in git, previewed with its editor; the build's today fixed."""
    monkeypatch.setenv("SITEGEN_TODAY", TODAY)
    root = make_project()
    server, log, _remote, url = start_editor_site(root, tmp_path)
    yield root, url
    server.terminate()
    server.wait(timeout=10)
    log.close()


def entry_ids(url: str, page) -> list[str]:
    page.goto("/timeline/")
    return page.eval_on_selector_all("main [id]", "(els) => els.map((e) => e.id)")


def test_a_date_typed_as_people_type_it_is_saved_and_shown_back_and_an_impossible_one_is_kept_with_an_error(
    browser, site
):
    root, url = site
    context, page = new_page(browser, url)
    page.goto(f"/edit/item?file={STEPS}&index=0")
    page.get_by_label("Target (optional)").fill("31 February 2027")
    page.get_by_label("Text").fill("Words typed with the date.")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile("^Error: "))
    wait_for_focus(page, "error-summary")
    assert "Target must be a real date: February 2027 has 28 days" in page.locator("#error-summary").inner_text()
    assert "February 2027 has 28 days" in page.locator("#f-target-error").inner_text()
    assert page.get_by_label("Target (optional)").input_value() == "31 February 2027"  # kept as typed
    assert page.get_by_label("Text").input_value() == "Words typed with the date."
    assert "Words typed with the date." not in (root / STEPS).read_text(encoding="utf-8")

    page.get_by_label("Target (optional)").fill("31/3/2027")
    page.get_by_role("button", name="Save").click()
    page.locator(".notice-success").wait_for()
    assert "    target: 2027-03-31\n" in (root / STEPS).read_text(encoding="utf-8")
    page.goto(f"/edit/item?file={STEPS}&index=0")
    assert page.get_by_label("Target (optional)").input_value() == "31 March 2027"
    context.close()


def test_saving_sets_last_updated_unless_it_is_a_correction(browser, site):
    root, url = site
    context, page = new_page(browser, url)
    page.goto(f"/edit/item?file={TIMELINE}&index=2")
    page.get_by_label("Text").fill("A correction of a typo.")
    page.get_by_label("This is a correction readers need not be told about").check()
    page.get_by_role("button", name="Save").click()
    page.locator(".notice-success").wait_for()
    assert f"\nupdated: {TODAY}\n" not in (root / TIMELINE).read_text(encoding="utf-8")
    page.goto(f"/edit/item?file={TIMELINE}&index=2")
    page.get_by_label("Text").fill("News readers should know about.")
    page.get_by_role("button", name="Save").click()
    page.locator(".notice-success").wait_for()
    assert f"\nupdated: {TODAY}\n" in (root / TIMELINE).read_text(encoding="utf-8")
    page.goto("/timeline/")
    assert "1 April 2027" in page.locator("main").inner_text()
    context.close()


def test_focus_returns_to_the_item_after_save_move_and_remove(browser, site):
    _root, url = site
    context, page = new_page(browser, url)
    page.goto(f"/edit/item?file={TIMELINE}&index=6")
    page.get_by_label("Text").fill("Saved, and the list opens here.")
    page.get_by_role("button", name="Save").click()
    wait_for_focus(page, "item-6")
    assert page.url.endswith("#item-6")
    page.get_by_label("Move to position (entry 8)").fill("3")
    page.get_by_role("button", name="Move entry 8", exact=True).click()
    wait_for_focus(page, "item-2")
    page.get_by_role("button", name="Remove entry 5").click()
    wait_for_focus(page, "item-4")
    context.close()


def test_a_removed_item_is_restored_with_its_address_from_the_notice_and_from_the_history(browser, site):
    root, url = site
    context, page = new_page(browser, url)
    before = entry_ids(url, page)
    page.goto(f"/edit/list?file={TIMELINE}")
    removed_text = page.locator("#item-3 .item-summary").inner_text()
    page.get_by_role("button", name="Remove entry 4").click()
    page.locator(".notice-success").wait_for()
    assert removed_text.split(": ", 1)[-1][:40] not in page.locator(".editor-items").inner_text()
    page.get_by_role("button", name="Undo the removal of entry 4").click()
    # The page the click leaves has a notice too (of the removal): expect() waits for the next one.
    expect(page.locator(".notice-success")).to_contain_text("Undone: “Removed entry 4", use_inner_text=True)
    assert entry_ids(url, page) == before

    # Again, from the history, after another change: the later change stays.
    page.goto(f"/edit/list?file={TIMELINE}")
    page.get_by_role("button", name="Remove entry 4").click()
    expect(page.locator(".notice-success")).to_contain_text("Removed item 4", use_inner_text=True)
    page.goto(f"/edit/item?file={TIMELINE}&index=0")
    page.get_by_label("Text").fill("A later change.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice-success")).to_contain_text("Entry 1 saved.", use_inner_text=True)
    history = page.locator("#history")
    history.get_by_role("button", name=re.compile("^Undo “Removed entry 4")).first.click()
    expect(page.locator(".notice-success")).to_contain_text("Undone", use_inner_text=True)
    assert "A later change." in (root / TIMELINE).read_text(encoding="utf-8")
    assert [i for i in entry_ids(url, page) if i in before] == before
    subjects = subprocess.run(
        ["git", "log", "--format=%s", "-5"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert "Undid “Removed entry 4" in subjects and "Changed entry 1 “A later change.”" in subjects
    context.close()


@pytest.mark.parametrize("width", [320, 640, 1280])
def test_the_editors_menu_is_reachable_at_every_width(browser, site, width):
    _root, url = site
    context, page = new_page(browser, url, width=width)
    page.goto(f"/edit/list?file={TIMELINE}")
    menu = page.get_by_role("navigation", name="Editor")
    for name in ("Pages and lists", "Add a page or list", "Changes and publishing"):
        link = menu.get_by_role("link", name=name)
        assert link.is_visible(), f"{name} hidden at {width} px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    context.close()


def test_new_screens_have_no_axe_violations_and_screenshots_are_kept(browser, site, axe_path):
    root, url = site
    (root / "content/files").mkdir(exist_ok=True)
    (root / "content/files/report.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n")
    SHOTS.mkdir(parents=True, exist_ok=True)
    lines = []
    for width in (320, 1280):
        for scripts in (True, False):
            context, page = new_page(browser, url, width=width, bypass_csp=True, block_scripts=not scripts)
            screens = {
                "list-after-remove": lambda p: (
                    p.goto(f"/edit/list?file={TIMELINE}"),
                    p.get_by_role("button", name="Remove entry 2").click(),
                    expect(p.locator(".notice-success")).to_contain_text("Removed item 2"),
                ),
                "date-error": lambda p: (
                    p.goto(f"/edit/item?file={STEPS}&index=0"),
                    p.get_by_label("Target (optional)").fill("31/2/2027"),
                    p.get_by_role("button", name="Save").click(),
                    p.locator("#error-summary").wait_for(),
                ),
                "page-with-documents": lambda p: p.goto("/edit/page?file=content/plan.md"),
                "list-with-history": lambda p: p.goto(f"/edit/list?file={TIMELINE}"),
            }
            for name, open_it in screens.items():
                open_it(page)
                lines += violations_on_this_page(page, axe_path, f"{name} {width}px")
                assert page.evaluate("() => document.documentElement.scrollWidth") <= width, f"{name} at {width}"
                if scripts:
                    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
                    if name == "list-after-remove":
                        page.locator("#history").screenshot(path=str(SHOTS / f"history-{width}.png"))
            context.close()
    assert_no_violations(lines, "on the screens of issue 18")
