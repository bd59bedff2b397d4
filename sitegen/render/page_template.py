"""One page through its template, with what every page shares around its own content.

Every kind of page (see `pages` and `lists`) ends here: the template gets the site's menu,
breadcrumbs, footer links, Content-Security-Policy and settings panel, and the settings
script that must run before the page is shown (`EARLY_SCRIPT`, written into every page's
head, never published as a file of its own); the page's links to the rest of the site are
made relative to where it is; and its element ids are collected when a link points into it.
"""

from __future__ import annotations

import datetime
import re
import sys
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..markdown.results import ROOT_MARK
from .navigation import breadcrumbs

if TYPE_CHECKING:
    from .site_state import SiteState

EARLY_SCRIPT = "static/js/settings-early.js"
_ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')


def render_page(
    site: SiteState,
    path: str,
    template: str,
    title: str,
    description: str,
    updated: datetime.date | None,
    collect_ids: bool,
    context: dict[str, Any],
) -> tuple[str, bytes, tuple[str, ...]]:
    root = site.root_of(path)
    html = site.environment.get_template(template).render(
        site=site.config,
        nav=site.nav,
        path=path,
        root=root,
        title=title,
        description=description,
        updated=updated,
        canonical=site.config.base_url + (path if path != "404.html" else ""),
        main_nav=main_nav(site, path, root),
        breadcrumbs=breadcrumbs(site.content, path) if path != "404.html" else [],
        site_links=site.site_links,
        csp=site.csp,
        early_script=site.early_script,
        settings_panel=site.settings_panel,
        **context,
    )
    html = html.replace(f'"{ROOT_MARK}', f'"{root}')
    # A tuple of interned ids: a tenth of a set's memory; searched only for #fragment links.
    ids = tuple(dict.fromkeys(map(sys.intern, _ID_ATTRIBUTE.findall(html)))) if collect_ids else ()
    output = path + "index.html" if path.endswith("/") or path == "" else path
    return output, html.encode("utf-8"), ids


def main_nav(site: SiteState, path: str, root: str) -> Markup:
    """The menu, which differs between pages only in the item marked current and in `root`:
    rendered once for each such difference (a big site's pages mostly share one)."""
    current = tuple((item.path == path, bool(item.path) and path.startswith(item.path)) for item in site.nav)

    def make() -> Markup:
        macro = site.environment.get_template("macros.html").module.main_nav  # type: ignore[attr-defined]
        return Markup(macro(site.nav, path, root))

    return site.menu((current, root), make)
