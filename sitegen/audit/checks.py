"""Each audit check over every page of a served site, as lists of problems (one line each).

The same functions the repository's browser tests call (tests/browser/), on any site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .axe import axe_violations, open_axe_page
from .browser import SETTINGS_STATES, ContextOpener, settings_not_applied
from .keyboard import FOCUS_STATES, focus_indicator_problems, skip_link_problem
from .reflow import DOUBLE_TEXT_CSS, TEXT_SPACING_CSS, clipped, horizontal_overflow, load_page

if TYPE_CHECKING:
    from pathlib import Path

DESKTOP, NARROW = 1280, 320


@dataclass
class Findings:
    """What one check found, and what it looked at."""

    name: str
    looked_at: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def axe_in_every_state(opener: ContextOpener, base_url: str, paths: list[str], kinds: list[str], axe: Path) -> Findings:
    """axe-core as the repository's tests run it: every page with the site's scripts at 1280 px
    and with them blocked at 320 px; and one page of each kind (`kinds`) in every settings state
    (settings panel open) at 1280 and 320 px, and with the scripts blocked at 1280 px. Given
    every page as `kinds`, every page in every state."""
    found = Findings("axe-core (WCAG 2.2 AA rules)")
    some = "every page" if kinds == paths else f"one page of each kind ({len(kinds)})"
    runs: list[tuple[str, list[str], int, dict[str, str] | None]] = [
        ("every page, site scripts on, 1280px", paths, DESKTOP, SETTINGS_STATES["default"]),
        ("every page, site scripts blocked, 320px", paths, NARROW, None),
        (f"{some}, site scripts blocked, 1280px", kinds, DESKTOP, None),
    ]
    for width in (DESKTOP, NARROW):
        for state, settings in SETTINGS_STATES.items():
            if settings or width == NARROW:
                runs.append((f"{some}, settings {state}, {width}px", kinds, width, settings))
    for name, where, width, chosen in runs:
        scripts = chosen is not None  # None: the site's scripts blocked (no settings can apply)
        page = open_axe_page(opener.open, axe, width=width, site_scripts=scripts, settings=chosen or None)
        for path in where:
            lines = axe_violations(page, base_url, path, open_settings=scripts)
            found.problems += [f"{line}  ({name})" for line in lines]
            if not lines and chosen:
                found.problems += filter(None, [settings_not_applied(page, chosen)])
        found.looked_at.append(name)
        opener.close()
    return found


def keyboard(opener: ContextOpener, base_url: str, paths: list[str]) -> Findings:
    """The skip link on every page, with and without JavaScript; every focus indicator on every
    page (light, default), and on the home page in light, dark and high-contrast states."""
    found = Findings("keyboard (skip link, focus indicators 3:1)")
    for javascript in (True, False):
        page = opener.open(javascript=javascript).new_page()
        found.problems += filter(None, (skip_link_problem(page, base_url, path) for path in paths))
        found.looked_at.append(f"skip link, JavaScript {'on' if javascript else 'off'}")
    states: list[tuple[str, str, str, list[str]]] = [("light", "light", "default", paths)]
    states += [
        (name, scheme, setting, paths[:1]) for name, (scheme, setting) in FOCUS_STATES.items() if name != "light"
    ]
    for name, scheme, setting, where in states:
        page = opener.open(settings=SETTINGS_STATES[setting], color_scheme=scheme).new_page()
        for path in where:
            page.goto(base_url + path)
            page.evaluate("() => { const t = document.getElementById('settings-toggle'); if (t) t.click(); }")
            problems, checked = focus_indicator_problems(page, path)
            found.problems += [f"{problem}  ({name})" for problem in problems]
            if checked == 0:
                found.problems.append(f"{path}: Tab reached nothing  ({name})")
        found.looked_at.append(f"focus indicators, {name}, {len(where)} page(s)")
    opener.close()
    return found


def reflow(opener: ContextOpener, base_url: str, paths: list[str]) -> Findings:
    """Every page at 320 px, with WCAG text spacing at 320 and 1280 px, and at 200 % text size."""
    found = Findings("reflow and text spacing (WCAG 1.4.10, 1.4.12, 1.4.4)")
    passes: list[tuple[str, int, str | None, Callable[..., list[str]]]] = [
        ("320px", NARROW, None, lambda page, path: []),
        ("text spacing at 320px", NARROW, TEXT_SPACING_CSS, clipped),
        ("text spacing at 1280px", DESKTOP, TEXT_SPACING_CSS, clipped),
        ("200% text in 640px", 640, DOUBLE_TEXT_CSS, clipped),
    ]
    for name, width, css, also in passes:
        page = opener.open(width=width, bypass_csp=True).new_page()
        for path in paths:
            failed = load_page(page, base_url + path, css)
            if failed:
                found.problems.append(failed)
                continue
            found.problems += [f"{problem}  ({name})" for problem in [horizontal_overflow(page, path)] if problem]
            found.problems += [f"{problem}  ({name})" for problem in also(page, path)]
        found.looked_at.append(name)
        opener.close()
    return found
