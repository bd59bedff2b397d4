"""Chromium through Playwright, as the checks use it: contexts that reach only the site, with
the theme's accessibility settings stored before any page script runs.

Every request that is not for the local server is aborted, so no check reaches the network.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request, Route

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

# The theme's accessibility settings panel: radio group name -> attribute on <html>.
SETTINGS_ATTRIBUTES = MappingProxyType(
    {
        "text-size": "data-text-size",
        "contrast": "data-contrast",
        "spacing": "data-spacing",
        "reading": "data-reading",
    }
)
SETTINGS_STORAGE_KEY = "a11y-settings"

# Every non-default choice of every radio group on its own, plus all at once.
SETTINGS_STATES: Mapping[str, dict[str, str]] = MappingProxyType(
    {
        "default": {},
        "text-size-large": {"text-size": "large"},
        "text-size-larger": {"text-size": "larger"},
        "contrast-high": {"contrast": "high"},
        "spacing-wide": {"spacing": "wide"},
        "reading-dyslexia": {"reading": "dyslexia"},
        "all-on": {"text-size": "larger", "contrast": "high", "spacing": "wide", "reading": "dyslexia"},
    }
)


def settings_init_script(settings: dict[str, str]) -> str:
    """JS that stores accessibility settings before any page script runs."""
    value = json.dumps(json.dumps(settings))
    return (
        f"(() => {{ try {{ localStorage.setItem({json.dumps(SETTINGS_STORAGE_KEY)}, {value}); }} catch (e) {{}} }})();"
    )


class ContextOpener:
    """Opens browser contexts on the served site; `close` closes every one.

    open(width=1280, javascript=True, site_scripts=True, settings=None, bypass_csp=False,
         color_scheme="light"):
    - javascript=False turns JavaScript off entirely (a visitor without it);
    - site_scripts=False aborts requests for /static/js/** but keeps JavaScript on (axe runs);
    - settings={...} stores accessibility settings before every navigation;
    - bypass_csp=True is needed to add axe or a stylesheet to the page.
    """

    def __init__(self, browser: Browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts: list[BrowserContext] = []

    def _route(self, site_scripts: bool, route: Route, request: Request) -> None:
        url, base = request.url, self.base_url
        if not (url == base or url.startswith(base + "/")) or (not site_scripts and "/static/js/" in url[len(base) :]):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def open(
        self,
        *,
        width: int = 1280,
        height: int = 800,
        javascript: bool = True,
        site_scripts: bool = True,
        settings: dict[str, str] | None = None,
        bypass_csp: bool = False,
        color_scheme: str = "light",
    ) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            bypass_csp=bypass_csp,
            color_scheme="dark" if color_scheme == "dark" else "light",
        )
        self.contexts.append(context)
        context.set_default_timeout(10_000)
        context.route("**/*", functools.partial(self._route, site_scripts))
        if settings is not None:
            context.add_init_script(settings_init_script(settings))
        return context

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


def html_settings(page: Page) -> dict[str, str | None]:
    """The settings attributes currently on <html>."""
    found: dict[str, str | None] = page.evaluate(
        """(names) => Object.fromEntries(names.map(n => [n, document.documentElement.getAttribute(n)]))""",
        list(SETTINGS_ATTRIBUTES.values()),
    )
    return found


def settings_not_applied(page: Page, settings: dict[str, str]) -> str | None:
    """Why a stored setting is not on <html> (so a state would not really be checked), or None."""
    actual = html_settings(page)
    for name, value in settings.items():
        attribute = SETTINGS_ATTRIBUTES[name]
        if actual[attribute] != value:
            return (
                f"{page.url}: stored setting {name}={value!r} was not applied before first paint; "
                f"<html {attribute}> is {actual[attribute]!r}"
            )
    return None


def evaluate_settled(page: Page, expression: str, arg: object = None) -> Any:
    """page.evaluate, again once the next page has loaded if the page moved on meanwhile (a
    redirect page's meta refresh), rather than failing with a destroyed context."""
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            return page.evaluate(expression, arg)
        except Error as error:
            if "context was destroyed" not in str(error) or attempt == 2:
                raise
            page.wait_for_load_state("load")
    return None
