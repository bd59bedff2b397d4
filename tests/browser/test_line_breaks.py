"""Typography at every width (issue 21, item 9): no punctuation mark alone at the start of a
line, and a download's type and size ("CSV, 4 KB") never split, on every page at 320, 390
and 1280 px."""

from __future__ import annotations

import pytest

# The lines of each block of <main>, as the browser laid them out: each visible character's
# line (its top), grouped by the block it is in; reported are the lines made only of
# punctuation, and the download links whose words wrap over two lines.
LINES_JS = """() => {
    const blocks = new Map();
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.checkVisibility()) continue;
        let block = node.parentElement;
        while (getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
        if (!blocks.has(block)) blocks.set(block, new Map());
        const lines = blocks.get(block);
        for (let i = 0; i < node.length; i++) {
            if (!node.data[i].trim()) continue;
            range.setStart(node, i); range.setEnd(node, i + 1);
            const rect = range.getBoundingClientRect();
            if (!rect.height) continue;
            const top = Math.round(rect.bottom);
            lines.set(top, (lines.get(top) || '') + node.data[i]);
        }
    }
    const lone = [];
    for (const [block, lines] of blocks) {
        for (const text of lines.values()) {
            if (/^[.,;:!?)\\]]+$/.test(text)) lone.push(`"${text}" alone in: ${block.textContent.trim().slice(0, 80)}`);
        }
    }
    const split = Array.from(document.querySelectorAll('.file-size, .attachment-details'))
        .filter(el => el.checkVisibility() && el.getClientRects().length > 1)
        .map(el => el.parentElement.textContent.trim());
    return {lone, split};
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_punctuation_alone_on_a_line_and_no_download_split(open_context, base_url, page_paths, width):
    page = open_context(width=width).new_page()
    problems = []
    for path in page_paths:
        page.goto(base_url + path, wait_until="load")
        found = page.evaluate(LINES_JS)
        problems += [f"{path}: {text}" for text in found["lone"] + found["split"]]
    assert problems == []
