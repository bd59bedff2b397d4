"""What the page makers see of a render in progress: the `SiteState` they are given.

The render is run by `SiteRenderer` (site.py), which calls the page makers (site_pages,
list_pages, deferred_pages, page_template, link_check). They take it as this protocol,
not as the class, so that they import nothing from site.py and dependencies run one way:
site.py -> the page makers -> this module. The page makers never report problems into the
render's findings: they return them, site.py gathers them, and the render returns them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
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
    """The content, the tools and what the render has learnt so far (see `SiteRenderer`).

    Every member is a read-only property, and what the render holds and learns is given as
    types that cannot be changed in place (Mapping, Sequence, frozenset), so mypy refuses a
    page maker that writes into it: what a maker learns is recorded only through the
    `note_…` methods below, and the problems it finds are returned. The tools (the Jinja
    environment, the Markdown renderer, the ids) are objects with their own methods; the
    page makers use them and do not change their settings.
    """

    # What the render was given, and the tools it made from it.
    @property
    def content(self) -> SiteContent: ...
    @property
    def config(self) -> SiteConfig: ...
    @property
    def static_files(self) -> Mapping[str, bytes]: ...
    @property
    def page_files(self) -> Mapping[str, bytes]: ...
    @property
    def environment(self) -> jinja2.Environment: ...
    @property
    def markdown(self) -> MarkdownRenderer: ...
    @property
    def ids(self) -> PageIds: ...
    @property
    def all_terms(self) -> frozenset[str]: ...
    @property
    def nav(self) -> Sequence[NavItem]: ...
    @property
    def site_links(self) -> Mapping[str, str | None]: ...
    @property
    def csp(self) -> Markup: ...
    @property
    def early_script(self) -> Markup: ...
    @property
    def settings_panel(self) -> Markup: ...
    @property
    def document_sizes(self) -> Mapping[str, int]: ...
    @property
    def unchecked(self) -> frozenset[str]: ...
    @property
    def unchanging(self) -> HashedOnce: ...
    @property
    def facts(self) -> SiteFacts: ...  # what the site does (forms, cookies…), for the statement and the privacy notice
    @property
    def search_glossary(self) -> SearchGlossary: ...

    # What the render has learnt so far, to read.
    @property
    def links(self) -> Sequence[InternalLink]: ...
    @property
    def ids_by_path(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def paths_by_file(self) -> Mapping[str, AbstractSet[str]]: ...
    @property
    def page_dates(self) -> Mapping[str, datetime.date]: ...
    @property
    def page_titles(self) -> Mapping[str, str]: ...
    @property
    def page_descriptions(self) -> Mapping[str, str]: ...
    @property
    def search_records(self) -> Mapping[str, bytes]: ...
    @property
    def datasets(self) -> Mapping[str, Dataset]: ...
    @property
    def sizes(self) -> Mapping[str, int]: ...

    # What the render learns, recorded.
    def note_page(
        self,
        path: str,
        title: str,
        description: str,
        updated: datetime.date | None,
        source_file: str,
        ids: tuple[str, ...],
    ) -> None: ...

    def note_links(self, links: Iterable[InternalLink]) -> None: ...

    def note_size(self, path: str, size: int) -> None: ...

    def note_datasets(self, datasets: Iterable[Dataset]) -> None: ...

    def note_search_record(self, file: str, record: bytes) -> None: ...

    def forget_search_records(self) -> None: ...

    def list_pages_in_order(self, order: Sequence[str]) -> None: ...

    def menu(self, key: Hashable, make: Callable[[], Markup]) -> Markup: ...

    # Steps of the render, and helpers every kind of page shares.
    def analyse_all_markdown(self) -> None: ...

    def content_warnings(self) -> list[tuple[str, int | None, str]]: ...

    def note_where_links_point(self) -> None: ...

    def gather(self, workers: PageWorkers) -> None: ...

    def reused(self, key: Any, compute: Callable[[], Any]) -> Any: ...

    def markdown_for_page(self, texts: list[tuple[str, str, int]]) -> list[Markup]: ...

    def unit(self, source: Page | Collection | Glossary, make: Callable[[], Files], which_ids: Any) -> Files: ...

    def ids_wanted_from(self, source: Collection | Glossary | Page) -> Any: ...

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
