"""The high-contrast setting gives every piece of text at least 7:1 (WCAG AAA 1.4.6), light and dark."""

from __future__ import annotations

import pytest

from sitegen.audit.keyboard import COLOUR_HELPERS_JS, contrast_ratio

# Every visible element that holds text directly: its colour and the opaque colour behind it.
TEXT_COLOURS = (
    """() => {
"""
    + COLOUR_HELPERS_JS
    + """
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
        const ownText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
        if (!ownText || !el.getClientRects().length || el.closest('.visually-hidden')) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden') continue;
        const back = backdrop(el);
        found.push({text: el.textContent.trim().slice(0, 40), tag: el.tagName,
                    colour: over(rgba(style.color), back), back: back});
    }
    return found;
}"""
)

PAGES = ["/", "/timeline/", "/timeline/2021/drugs/", "/next-steps/", "/glossary/", "/search/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_high_contrast_text_is_at_least_7_to_1(open_context, browser, base_url, path, scheme):
    context = open_context(settings={"contrast": "high"})
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    page.click("#settings-toggle")  # The panel's text counts too.
    failures = [
        f"{item['tag']} {item['text']!r}: {contrast_ratio(item['colour'], item['back']):.2f}:1"
        for item in page.evaluate(TEXT_COLOURS)
        if contrast_ratio(item["colour"], item["back"]) < 7
    ]
    assert not failures, f"{path} ({scheme}) has text under 7:1:\n" + "\n".join(failures)
