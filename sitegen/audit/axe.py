"""axe-core's WCAG 2.2 AA rules, run in the page: one line per element that breaks one.

axe is given to the browser context as an init script, so it is in every document loaded
(its contexts bypass the site's Content-Security-Policy). With the site's scripts on, the
theme's settings panel is opened first, so that its controls are checked too.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .browser import evaluate_settled

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import BrowserContext, Page

# axe.run's options: the WCAG 2.2 AA rules, as JSON (a fresh copy for each run: `axe_options`).
AXE_OPTIONS_JSON = """{
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"duplicate-id": {"enabled": true}},
    "resultTypes": ["violations"]
}"""


def axe_options() -> dict[str, Any]:
    """The options every axe run is given (for `page.evaluate("(options) => axe.run(document, options)", …)`)."""
    options: dict[str, Any] = json.loads(AXE_OPTIONS_JSON)
    return options


def open_axe_page(open_context: Callable[..., BrowserContext], axe_path: str | Path, **options: Any) -> Page:
    """A page in a new context from `open_context` (`ContextOpener.open`; CSP bypassed) that has
    axe in every document it loads: given once to the context, not sent again after each load."""
    context = open_context(bypass_csp=True, **options)
    context.add_init_script(path=str(axe_path))
    return context.new_page()


def axe_violations(page: Page, base_url: str, path: str, open_settings: bool = False) -> list[str]:
    """Load `path` in a page from `open_axe_page`, run axe, and describe each violating element
    on one line (a page that does not load is a line too).

    open_settings=True opens the settings panel first (axe skips hidden content).
    """
    response = page.goto(base_url + path, wait_until="load")
    if response is None or not response.ok:
        return [f"{path}  [page-not-loaded] the page answered {response and response.status}"]
    if open_settings and page.locator("#settings-toggle").count():
        page.locator("#settings-toggle").click()
        page.locator("#settings-panel").wait_for(state="visible")
    evaluate_settled(page, "() => document.fonts.ready.then(() => true)")
    results = evaluate_settled(page, "(options) => axe.run(document, options)", axe_options())
    lines = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(
                f"{path}  [{violation['id']}] impact={violation['impact']}  "
                f"target={' '.join(map(str, node['target']))}  "
                f"-- {violation['help']}. {summary[:300]}"
            )
    return lines


def violations_on_this_page(page: Page, axe_path: str | Path, screen: str) -> list[str]:
    """axe's findings on the document `page` now shows, one line per element, once it has loaded.

    A click that submits a form returns when the next document starts loading, before its
    stylesheet applies: axe run then would measure an unstyled page (links 18 px high).
    """
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(axe_path))
    evaluate_settled(page, "() => document.fonts.ready.then(() => true)")
    results = evaluate_settled(page, "(options) => axe.run(document, options)", axe_options())
    return [
        f"{screen}  [{violation['id']}] {' '.join(map(str, node['target']))} -- {violation['help']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def violations_summary(lines: list[str], limit: int = 150) -> str:
    """How many, on how many pages, by rule, then one line per element (at most `limit`)."""
    by_rule = Counter(line.split("[", 1)[1].split("]", 1)[0] for line in lines)
    pages = len({line.split("  ", 1)[0] for line in lines})
    summary = ", ".join(f"{rule} x{count}" for rule, count in by_rule.most_common())
    shown = lines[:limit] + ([f"... and {len(lines) - limit} more"] if len(lines) > limit else [])
    return f"{len(lines)} axe violation(s) on {pages} page(s)\nby rule: {summary}\n" + "\n".join(shown)
