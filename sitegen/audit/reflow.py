"""Reflow and text spacing (WCAG 1.4.10, 1.4.12, 1.4.4): content fits a 320 px wide screen
without scrolling sideways, survives the WCAG text-spacing overrides without clipping, and fits
at 200 % text size. Styles are added to the page, so these contexts bypass the site's
Content-Security-Policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .browser import evaluate_settled

if TYPE_CHECKING:
    from playwright.sync_api import Page

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


def horizontal_overflow(page: Page, path: str) -> str | None:
    """None if the page fits the viewport's width, else a description."""
    result = evaluate_settled(page, OVERFLOW_JS)
    if result["scrollWidth"] <= result["clientWidth"]:
        return None
    return (
        f"{path}: scrollWidth {result['scrollWidth']}px > clientWidth {result['clientWidth']}px; "
        f"too wide: {'; '.join(result['offenders']) or '(no single element found)'}"
    )


def clipped(page: Page, path: str) -> list[str]:
    """Each box that hides part of its content (overflow hidden or clip)."""
    return [f"{path}: clipped: {item}" for item in evaluate_settled(page, CLIPPED_JS)]


def load_page(page: Page, url: str, css: str | None = None) -> str | None:
    """Load the page (with `css` added) and wait for its fonts; why it did not load, or None."""
    response = page.goto(url, wait_until="load")
    if response is None or not response.ok:
        return f"{url} answered {response and response.status}"
    if css:
        page.add_style_tag(content=css)
    evaluate_settled(page, "() => document.fonts.ready.then(() => true)")
    return None
