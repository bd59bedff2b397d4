"""Keyboard checks: the first Tab reaches a visible skip link that moves focus to the main
content, and every focus indicator has at least 3:1 contrast against what is next to it
(WCAG 2.4.1, 2.4.7, 1.4.11), in light and dark, default and high-contrast states.

They run under the site's real Content-Security-Policy, so they also show that the site's
scripts are allowed by it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    return el.outerHTML.slice(0, 160);
}"""

# rgba(any CSS colour), over(colour, backdrop) and backdrop(element): the opaque colour
# painted behind an element. Shared with tests/browser/test_high_contrast.py.
COLOUR_HELPERS_JS = r"""
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    // Any CSS colour -> [r, g, b, alpha 0..1], via a canvas pixel.
    const rgba = (colour) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = 'rgba(0, 0, 0, 0)';
        ctx.fillStyle = colour;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
        return [r, g, b, a / 255];
    };
    const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
    // The opaque colour painted behind `start`, compositing translucent layers (white canvas last).
    const backdrop = (start) => {
        const layers = [];
        for (let node = start; node && node.nodeType === 1; node = node.parentElement) {
            const colour = rgba(getComputedStyle(node).backgroundColor);
            if (colour[3] > 0) layers.push(colour);
            if (colour[3] >= 1) break;
        }
        return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
    };
"""

FOCUS_STYLE_JS = (
    r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    if (window.__focusSeen && window.__focusSeen.has(el)) return {seenBefore: true};
    (window.__focusSeen = window.__focusSeen || new Set()).add(el);

"""
    + COLOUR_HELPERS_JS
    + r"""
    const style = getComputedStyle(el);
    const outside = backdrop(el.parentElement);
    // The first outer box-shadow ("rgb(...) x y blur spread"): a halo round the element.
    let shadow = null;
    const first = style.boxShadow === 'none' ? '' : style.boxShadow.split(/,(?![^(]*\))/)[0];
    if (first && !/\binset\b/.test(first)) {
        const colour = (first.match(/(rgba?\([^)]*\)|color\([^)]*\)|#[0-9a-f]+)/i) || [])[0];
        const lengths = first.replace(/(rgba?|color)\([^)]*\)/gi, '').match(/-?[\d.]+px/g) || [];
        if (colour) shadow = {colour: over(rgba(colour), outside), spread: parseFloat(lengths[3] || '0')};
    }
    const width = parseFloat(style.outlineWidth) || 0;
    const offset = parseFloat(style.outlineOffset) || 0;
    const halo = (distance) => shadow && shadow.spread >= distance ? shadow.colour : outside;
    return {
        element: el.outerHTML.slice(0, 120),
        outlineStyle: style.outlineStyle,
        outlineWidth: width,
        outline: rgba(style.outlineColor),
        // What touches the outline on each side of it.
        outlineOuter: offset + width <= 0 ? backdrop(el) : halo(offset + width + 0.5),
        outlineInner: offset <= 0 ? backdrop(el) : halo(offset),
        shadow: shadow && shadow.spread > 0 ? shadow.colour : null,
        outside: outside,
    };
}"""
)


def relative_luminance(rgb: Sequence[float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0-255 channels."""

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: Sequence[float], second: Sequence[float]) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blend(colour: Sequence[float], backdrop: Sequence[float]) -> list[float]:
    r, g, b, a = colour
    return [r * a + backdrop[0] * (1 - a), g * a + backdrop[1] * (1 - a), b * a + backdrop[2] * (1 - a)]


def rgb(colour: Sequence[float]) -> str:
    red, green, blue = (round(v) for v in colour[:3])
    return f"rgb({red}, {green}, {blue})"


def focus_indicator_problem(info: dict[str, Any]) -> str | None:
    """Why the focused element's indicator is too weak (< 3:1 against what is
    next to it), or None if it is fine."""
    if info["outlineStyle"] != "none" and info["outlineWidth"] >= 1 and info["outline"][3] > 0:
        ring = blend(info["outline"], info["outlineOuter"])
        for side in ("outlineOuter", "outlineInner"):
            ratio = contrast_ratio(ring, info[side])
            if ratio < 3:
                where = "outside" if side == "outlineOuter" else "inside"
                return (
                    f"focus outline {rgb(ring)} next to {rgb(info[side])} ({where} it) "
                    f"has contrast {ratio:.2f}:1, below 3:1"
                )
        return None
    if info["shadow"]:
        ratio = contrast_ratio(info["shadow"], info["outside"])
        if ratio < 3:
            return (
                f"focus box-shadow {rgb(info['shadow'])} on {rgb(info['outside'])} "
                f"has contrast {ratio:.2f}:1, below 3:1"
            )
        return None
    return "no focus outline or box-shadow"


# Colour scheme and settings state of each focus check.
FOCUS_STATES = MappingProxyType(
    {
        "light": ("light", "default"),
        "light-high-contrast": ("light", "contrast-high"),
        "dark": ("dark", "default"),
        "dark-high-contrast": ("dark", "contrast-high"),
        "dark-all-on": ("dark", "all-on"),
    }
)


def focused(page: Page) -> str | None:
    """The focused element's start, or None when nothing is."""
    found: str | None = page.evaluate(FOCUSED_JS)
    return found


def _is_focused(page: Page, selector: str) -> bool:
    return bool(page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector))


def _within(seconds: float, check: Any) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def skip_link_problem(page: Page, base_url: str, path: str) -> str | None:
    """The first Tab must focus a visible skip link, first in <body>, whose Enter focuses its
    target (the main content); None if it does."""
    page.goto(base_url + path)
    page.keyboard.press("Tab")
    first = focused(page)
    if not page.evaluate(
        "() => !!document.activeElement && document.activeElement.matches('body > a[href^=\"#\"]:first-child')"
    ):
        return f"{path}: the first Tab focused {first!r}, not a skip link (a link to the main content, first in <body>)"
    target = page.evaluate("() => document.activeElement.getAttribute('href').slice(1)")

    def visible() -> bool:
        box = page.evaluate(
            "() => { const r = document.activeElement.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }"
        )
        size = page.viewport_size or {"width": 0, "height": 0}
        x, y, width, height = box
        return bool(
            width >= 1
            and height >= 1
            and x >= 0
            and y >= 0
            and x + width <= size["width"]
            and y + height <= size["height"]
        )

    if not _within(2, visible):
        return f"{path}: the focused skip link is not visible inside the window"
    page.keyboard.press("Enter")
    if not _within(5, lambda: _is_focused(page, f"#{target}")):
        return f"{path}: Enter on the skip link focused {focused(page)!r}, not #{target}"
    return None


def focus_indicator_problems(page: Page, path: str, max_presses: int = 300) -> tuple[list[str], int]:
    """Tab through every focusable element of the loaded page and measure each focus indicator:
    the problems, and how many elements were reached."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    problems, checked = [], 0
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_STYLE_JS)
        if info is None or info.get("seenBefore"):
            break
        checked += 1
        problem = focus_indicator_problem(info)
        if problem:
            problems.append(f"{path}: {info['element']}: {problem}")
    return problems, checked
