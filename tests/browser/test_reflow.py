"""Reflow and text spacing (WCAG 1.4.10, 1.4.12, 1.4.4): content fits a
320 px wide screen without scrolling sideways, survives the WCAG text-spacing
overrides without clipping, and fits at 200 % text size.

Styles are injected into the page, so these contexts bypass the site's
Content-Security-Policy.
"""

from __future__ import annotations

import pytest

TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
DOUBLE_TEXT_CSS = "html { font-size: 200% !important; }"

OVERFLOW_JS = """() => {
    const root = document.documentElement;
    const limit = root.clientWidth;
    const wide = Array.from(document.body.querySelectorAll('*')).filter(el =>
        el.checkVisibility() && el.getBoundingClientRect().right > limit + 1);
    // Text that sticks out of its box (a long word, say) counts as its parent.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
        range.selectNodeContents(node);
        if (range.getBoundingClientRect().right > limit + 1 && !wide.includes(node.parentElement)) {
            wide.push(node.parentElement);
        }
    }
    // Report the innermost offenders: those with no offending descendant.
    const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
    return {
        scrollWidth: root.scrollWidth,
        clientWidth: limit,
        offenders: innermost.slice(0, 8).map(el => {
            const rects = [el.getBoundingClientRect()];
            for (const child of el.childNodes) {
                if (child.nodeType === Node.TEXT_NODE) {
                    range.selectNodeContents(child);
                    rects.push(range.getBoundingClientRect());
                }
            }
            const right = Math.max(...rects.map(r => r.right));
            return `${el.outerHTML.slice(0, 100)} (reaches ${Math.round(right)}px)`;
        }),
    };
}"""

CLIPPED_JS = """() => {
    const clipping = (value) => value === 'hidden' || value === 'clip';
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        const clipsX = clipping(style.overflowX), clipsY = clipping(style.overflowY);
        if (!clipsX && !clipsY) continue;
        if (!el.checkVisibility()) continue;
        // 1 px boxes are the visually-hidden pattern for screen-reader text.
        if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
        const overX = clipsX && el.scrollWidth > el.clientWidth + 1;
        const overY = clipsY && el.scrollHeight > el.clientHeight + 1;
        if (overX || overY) {
            found.push(`${el.outerHTML.slice(0, 100)} (content ${el.scrollWidth}x${el.scrollHeight}px ` +
                       `in a ${el.clientWidth}x${el.clientHeight}px box with overflow ${style.overflowX}/${style.overflowY})`);
        }
    }
    return found;
}"""


def horizontal_overflow(page, path: str) -> str | None:
    """None if the page fits the viewport's width, else a description."""
    result = page.evaluate(OVERFLOW_JS)
    if result["scrollWidth"] <= result["clientWidth"]:
        return None
    return (
        f"{path}: scrollWidth {result['scrollWidth']}px > clientWidth {result['clientWidth']}px; "
        f"too wide: {'; '.join(result['offenders']) or '(no single element found)'}"
    )


def visit(page, url: str, css: str | None = None) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    if css:
        page.add_style_tag(content=css)
    page.evaluate("() => document.fonts.ready.then(() => true)")


MAX_LINES = 150


def report(problems: list[str], what: str) -> None:
    if problems:
        pages = len({problem.split(":", 1)[0] for problem in problems})
        shown = problems[:MAX_LINES] + (
            [f"... and {len(problems) - MAX_LINES} more"] if len(problems) > MAX_LINES else []
        )
        pytest.fail(f"{len(problems)} problem(s) on {pages} page(s) {what}:\n" + "\n".join(shown), pytrace=False)


def test_every_page_fits_320px_without_horizontal_scrolling(open_context, base_url, page_paths):
    page = open_context(width=320, bypass_csp=True).new_page()
    problems = []
    for path in page_paths:
        visit(page, base_url + path)
        problems += filter(None, [horizontal_overflow(page, path)])
    report(problems, "at 320px wide")


@pytest.mark.parametrize("width", [320, 1280], ids=["320px", "1280px"])
def test_every_page_survives_wcag_text_spacing_without_clipping(open_context, base_url, page_paths, width):
    page = open_context(width=width, bypass_csp=True).new_page()
    problems = []
    for path in page_paths:
        visit(page, base_url + path, TEXT_SPACING_CSS)
        problems += filter(None, [horizontal_overflow(page, path)])
        problems += [f"{path}: clipped: {item}" for item in page.evaluate(CLIPPED_JS)]
    report(problems, f"with WCAG 1.4.12 text spacing at {width}px")


def test_every_page_fits_at_200_percent_text_size(open_context, base_url, page_paths):
    # 200 % text in a 1280 px window is the same reflow as 100 % at 640 px
    # with the root font size doubled.
    page = open_context(width=640, bypass_csp=True).new_page()
    problems = []
    for path in page_paths:
        visit(page, base_url + path, DOUBLE_TEXT_CSS)
        problems += filter(None, [horizontal_overflow(page, path)])
        problems += [f"{path}: clipped: {item}" for item in page.evaluate(CLIPPED_JS)]
    report(problems, "at 200% text size in a 640px window")


def test_each_page_type_fits_320px_in_every_settings_state(
    open_context, base_url, page_types, settings_states, settings_state, check_settings_applied
):
    settings = settings_states[settings_state]
    page = open_context(width=320, settings=settings, bypass_csp=True).new_page()
    problems = []
    for path in page_types.values():
        visit(page, base_url + path)
        check_settings_applied(page, settings)
        # The settings panel is open, as it is while a reader changes these choices.
        page.locator("#settings-toggle").click()
        page.locator("#settings-panel").wait_for(state="visible")
        problems += filter(None, [horizontal_overflow(page, path)])
        problems += [f"{path}: clipped: {item}" for item in page.evaluate(CLIPPED_JS)]
    report(problems, f"at 320px with settings {settings_state} {settings}")
