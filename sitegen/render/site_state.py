"""What the page makers see of a render in progress: the `SiteState` they are given.

The render is run by `SiteRenderer` (site.py), which calls the page makers (site_pages,
list_pages, deferred_pages, page_template, link_check). They take it as this protocol,
not as the class, so that they import nothing from site.py and dependencies run one way:
site.py -> the page makers -> this module. The page makers never report problems into the
render's findings: they return them, site.py gathers them, and the render returns them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from ..markdown.renderer import MarkdownRenderer
    from ..markdown.results import InternalLink
    from ..model.schema import SiteConfig
    from ..model.site_content import Collection, Glossary, Page, SiteContent
    from ..shape.open_data import Dataset
    from ..shape.page_ids import PageIds
    from ..shape.search_index import Glossary as SearchGlossary
    from .navigation import NavItem
    from .page_workers import PageWorkers
    from .render_cache import HashedOnce
    from .site_facts import SiteFacts

Files = Iterator[tuple[str, bytes]]


class SiteState(Protocol):
    """The content, the tools and what the render has learnt so far (see `SiteRenderer`)."""

    # What the render was given, and the tools it made from it.
    content: SiteContent
    config: SiteConfig
    static_files: Mapping[str, bytes]
    page_files: Mapping[str, bytes]
    environment: jinja2.Environment
    markdown: MarkdownRenderer
    ids: PageIds
    all_terms: frozenset[str]
    nav: list[NavItem]
    site_links: dict[str, str | None]
    csp: Markup
    early_script: Markup
    settings_panel: Markup
    document_sizes: dict[str, int]
    unchecked: frozenset[str]
    unchanging: HashedOnce
    facts: SiteFacts  # what the site does (forms, cookies…), for the statement and the privacy notice

    # What the render learns as it goes.
    links: list[InternalLink]
    ids_by_path: dict[str, tuple[str, ...]]
    paths_by_file: dict[str, set[str]]
    page_dates: dict[str, datetime.date]
    page_titles: dict[str, str]
    page_descriptions: dict[str, str]
    search_records: dict[str, bytes]
    search_glossary: SearchGlossary
    menus: dict[Any, Markup]
    datasets: dict[str, Dataset]
    sizes: dict[str, int]

    def analyse_all_markdown(self) -> None: ...

    def content_warnings(self) -> list[tuple[str, int | None, str]]: ...

    def note_where_links_point(self) -> None: ...

    def gather(self, workers: PageWorkers) -> None: ...

    def reused(self, key: Any, compute: Callable[[], Any]) -> Any: ...

    def markdown_for_page(self, texts: list[tuple[str, str, int]]) -> list[Markup]: ...

    def unit(self, source: Page | Collection | Glossary, make: Callable[[], Files], which_ids: Any) -> Files: ...

    def ids_wanted_from(self, source: Collection | Glossary | Page) -> Any: ...

    def note_page(
        self,
        path: str,
        title: str,
        description: str,
        updated: datetime.date | None,
        source_file: str,
        ids: tuple[str, ...],
    ) -> None: ...

    def write_page(
        self,
        path: str,
        template: str,
        title: str,
        description: str,
        updated: datetime.date | None,
        source_file: str = "",
        **context: Any,
    ) -> tuple[str, bytes]: ...

    def root_of(self, path: str) -> str: ...

    def description(self, given: str | None, body: str = "", summary: str | None = None) -> str: ...

    def download(self, key: str) -> dict[str, Any] | None: ...
