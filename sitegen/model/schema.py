"""The shape of every kind of file, checked with pydantic.

Each model is the contract for one kind of file, and the web editor builds its forms
from the same models: a field's `title` is its label there and in the docs, its
`description` the hint shown under it and in messages. Unknown fields are refused
(`extra="forbid"`), so a misspelt field name is reported instead of silently ignored.
`validation_messages.explain_validation_error` turns pydantic's errors into messages
for editors.

A list file says what kind of list it is (`kind: timeline`, `list`, `steps` or
`glossary`); `MODELS_BY_KIND` maps each kind to its model. Nothing here names a list
of one particular site.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

import langcodes
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from .contact import Contact as Contact
from .fields import FieldDeclaration
from .office_settings import OfficeSettings
from .periods import CALENDAR_YEARS, FINANCIAL_YEARS, PERIOD_EXAMPLES, PeriodError, parse_period


def _year_as_text(value: Any) -> Any:
    """YAML reads `period: 2018` as a number; a period label is text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PeriodLabel = Annotated[str, BeforeValidator(_year_as_text)]
Text = Annotated[str, Field(min_length=1)]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]


# A theme's short name is also an address (/timeline/drugs/), next to the years (/timeline/2021/):
# it needs a letter, so that it can never be read as a year.
def _has_a_letter(value: str) -> str:
    if not re.search(r"[a-z]", value):
        raise ValueError(
            f'a theme\'s short name needs a letter, got "{value}": names made only of digits would read as '
            "years in the filter's addresses"
        )
    return value


ThemeSlug = Annotated[str, Field(pattern=SLUG_PATTERN), AfterValidator(_has_a_letter)]

_WEB_ADDRESS = re.compile(r"^https?://[^/\s?#@]+(/[^\s?#]*)?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def check_web_address(value: str, name: str) -> str:
    """A full http(s) address, without a query or #fragment (it is a base for other addresses)."""
    if not _WEB_ADDRESS.match(value):
        raise ValueError(f"'{name}' must be a web address like https://www.example.gov.uk/, got \"{value}\"")
    return value


def check_link(value: str, name: str) -> str:
    """An address readers follow: a web address (query and fragment allowed) or a page of this site."""
    if value.startswith("/") and not value.startswith("//") and not re.search(r"\s", value):
        return value
    if not re.match(r"^https?://[^/\s?#@]+([/?#]\S*)?$", value):
        raise ValueError(
            f"'{name}' must be a web address starting with https://, or a page of this site starting with /, "
            f'got "{value}"'
        )
    return value


Address = Annotated[str, AfterValidator(lambda value: check_link(value, "address"))]


# --- site_config.yaml -------------------------------------------------------------------


class Organisation(_Strict):
    name: Text = Field(title="Name", description="the organisation that publishes the site")
    website: str | None = Field(None, title="Website", description="its main website, like https://www.example.gov.uk/")
    logo: str | None = Field(
        None, title="Logo", description="a picture in static/ shown in the header, like static/logo.svg"
    )

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        return None if value is None else check_link(value, "website")

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: str | None) -> str | None:
        return None if value is None else check_static_picture(value, "logo")


def check_static_picture(value: str, name: str) -> str:
    if not re.fullmatch(r"static/[A-Za-z0-9_./-]+\.(svg|png|jpg|jpeg|gif|webp|ico)", value) or ".." in value:
        raise ValueError(f"'{name}' must be a picture in the static/ folder, like static/{name}.svg, got \"{value}\"")
    return value


class Licence(_Strict):
    name: Text = Field(title="Name", description="the licence's name, like 'Open Government Licence v3.0'")
    url: Text = Field(title="Address", description="the licence's web address, starting with https://")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        # Published as a link on every page: only a web address may reach the href.
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(f"'url' must be a web address starting with https://, got \"{value}\"")
        return value


class Link(_Strict):
    title: Text = Field(title="Link text", description="the words of the link, like 'Freedom of Information'")
    url: Text = Field(
        title="Address", description="a web address starting with https://, or a page of this site like /privacy/"
    )
    group: Text | None = Field(
        None,
        title="Group",
        description="a heading to list the link under, like 'Information we must publish'; links with the same "
        "group are listed together, and links without one with the site's own",
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return check_link(value, "url")


class Privacy(_Strict):
    controller: Text = Field(title="Data controller", description="who decides how readers' personal data is used")
    complaints: Link | None = Field(None, title="Where to complain", description="the regulator's complaints page")


class SiteConfig(OfficeSettings, _Strict):
    """`site_config.yaml`: the site's identity, the office's duties and where it is built."""

    title: Text = Field(title="Site title", description="the site's name, shown in the header and in page titles")
    description: Text = Field(title="Description", description="one sentence saying what the site is for")
    organisation: Organisation = Field(title="Organisation", description="who publishes the site")
    base_url: Text = Field(
        title="Public address", description="the public address of the site, like https://www.example.gov.uk/report/"
    )
    language: Text = Field("en-GB", title="Language", description="a language tag like en-GB (English) or cy (Welsh)")
    output_dir: Text = Field("_site", title="Output folder", description="where the built site is written")
    favicon: str | None = Field(None, title="Site icon", description="the tab icon, a picture in static/")
    contact: Contact = Field(title="Contact", description="who readers contact about the site")
    licence: Licence = Field(title="Licence", description="the licence the text and data are published under")
    privacy: Privacy | None = Field(None, title="Privacy", description="for the privacy notice")
    footer_links: tuple[Link, ...] = Field(
        default=(),
        title="Footer links",
        description="the office's duties, linked from every page: publication scheme, Freedom of Information, "
        "privacy notice, complaints",
    )
    # Added to the well-known abbreviations of sitegen/markdown/abbreviations.py: letters this site's
    # readers know without being told, so the check for words in capitals accepts them.
    known_abbreviations: tuple[Annotated[str, Field(pattern=r"^[A-Z][A-Z&]*$")], ...] = Field(
        default=(),
        title="Known abbreviations",
        description="a list of abbreviations your readers know without being told",
    )

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        check_web_address(value, "base_url")
        return value if value.endswith("/") else value + "/"

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", value) or not langcodes.tag_is_valid(value):
            raise ValueError(f"'language' must be a language tag like en-GB or cy, got \"{value}\"")
        return value

    @field_validator("favicon")
    @classmethod
    def _favicon(cls, value: str | None) -> str | None:
        return None if value is None else check_static_picture(value, "favicon")


_TIME_WORDS_MEANT: Any = Field(default_factory=tuple, title="Time words meant as written", description="one a line")


# --- pages ------------------------------------------------------------------------------

PAGE_KINDS = ("page", "accessibility-statement", "privacy-notice")


class PageMeta(_Strict):
    """The front matter of a Markdown page."""

    title: Text = Field(title="Title", description="the page's heading and title")
    description: Text | None = Field(
        None, title="Summary", description="one sentence for search results and link previews"
    )
    updated: datetime.date = Field(
        title="Last updated", description="the date the page was last updated, like 2026-11-26"
    )
    nav_title: Text | None = Field(None, title="Menu title", description="a shorter name for the menu")
    nav_order: int | None = Field(
        None, title="Place in the menu", description="the page's place in the menu; leave out to keep it off the menu"
    )
    kind: Literal["page", "accessibility-statement", "privacy-notice"] = Field(
        "page",
        title="Kind of page",
        description="'page', 'accessibility-statement' or 'privacy-notice' (both show what the build knows)",
    )
    draft: bool = Field(
        False,
        title="Draft",
        description="whether the page is a draft: true shows it in the preview only, never in the published site",
    )
    aliases: list[Annotated[str, Field(pattern=r"^/[a-z0-9/-]*$")]] = Field(
        default_factory=list,
        title="Old addresses",
        description="addresses this page used to have, like /old-name/, which will lead readers here",
    )
    time_words_meant: tuple[Text, ...] = _TIME_WORDS_MEANT


# --- lists ------------------------------------------------------------------------------

# Each year between the earliest and latest gets its own filter pages, so a typo like
# "0201" for "2021" would make thousands of pages; years outside this range are refused.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def _check_period(value: str | None) -> str | None:
    if value is not None:
        try:
            period = parse_period(value)
        except PeriodError as error:
            raise ValueError(str(error)) from None
        for year in (period.first_year, period.last_year, period.before_year):
            if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
                raise ValueError(
                    f'the period "{value}" has the year {year}, which is not between '
                    f"{EARLIEST_YEAR} and {LATEST_YEAR}; check it for a typo"
                )
    return value


class _Item(_Strict):
    text: Text = Field(title="Text", description="the item's text, in Markdown")
    id: Slug | None = Field(
        None,
        title="Address",
        description="a short name for links to this item, like 'board-set-up'; once published, keep it",
    )
    reviewed: datetime.date | None = Field(
        None, title="Last reviewed", description="when the item was last checked, like 2026-11-26"
    )
    draft: bool = Field(
        False,
        title="Draft",
        description="whether the item is a draft: true shows it in the preview only, never in the published site",
    )


# One definition for the three kinds of item that have themes (Any: a FieldInfo used as a default).
_THEMES_FIELD: Any = Field(
    default_factory=list, title="Themes", description="theme names from the 'themes' list at the top of the file"
)


class TimelineEntry(_Item):
    period: PeriodLabel = Field(title="Period", description=f"when it happened, like {PERIOD_EXAMPLES}")
    themes: list[ThemeSlug] = _THEMES_FIELD

    _period_is_readable = field_validator("period")(_check_period)


class ListEntry(_Item):
    period: PeriodLabel | None = Field(None, title="Period", description=f"when, like {PERIOD_EXAMPLES}")
    themes: list[ThemeSlug] = _THEMES_FIELD

    _period_is_readable = field_validator("period")(_check_period)


class Step(_Item):
    status: Literal["planned", "in progress", "done"] | None = Field(
        None, title="Status", description="planned, in progress or done; leave it out if the source gives none"
    )
    target: datetime.date | None = Field(
        None, title="Target", description="the date it should be done by, like 2027-03-31"
    )
    themes: list[ThemeSlug] = _THEMES_FIELD


class _ListFile(_Strict):
    kind: str = Field(title="Kind of list", description="timeline, list or steps")
    title: Text = Field(title="Title", description="the page heading")
    nav_title: Text | None = Field(None, title="Menu title", description="a shorter name for the menu")
    nav_order: int | None = Field(
        None, title="Place in the menu", description="the list's place in the menu; leave out to keep it off the menu"
    )
    description: Text = Field(title="Summary", description="one sentence for search results and link previews")
    item_name: Text = Field(
        title="One item is called", description="what one item of the list is called, like 'service' or 'meeting'"
    )
    item_name_plural: Text | None = Field(
        None, title="Several items are called", description="the plural, if adding 's' is wrong, like 'entries'"
    )
    updated: datetime.date = Field(
        title="Last updated", description="the date the list was last changed, like 2026-11-26"
    )
    reviewed: datetime.date | None = Field(
        None, title="Last reviewed", description="the date every item was last checked, like 2026-11-26, if they were"
    )
    intro: str = Field("", title="Introduction", description="Markdown shown above the list")
    draft: bool = Field(
        False,
        title="Draft",
        description="whether the list is a draft: true shows it in the preview only, never in the published site",
    )
    themes: dict[ThemeSlug, Text] = Field(
        default_factory=dict,
        title="Themes",
        description="each theme's short name and its label, like 'road-safety: Road safety'",
    )
    time_words_meant: tuple[Text, ...] = _TIME_WORDS_MEANT
    periods: Literal["calendar years", "financial years"] = Field(
        "calendar years", title="Years are", description=f"{CALENDAR_YEARS}, or {FINANCIAL_YEARS} (April to March)"
    )


class TimelineFile(_ListFile):
    kind: Literal["timeline"] = Field(title="Kind of list", description="timeline")
    entries: list[TimelineEntry] = Field(min_length=1, title="Entries")


class PlainListFile(_ListFile):
    kind: Literal["list"] = Field(title="Kind of list", description="list")
    entries: list[ListEntry] = Field(min_length=1, title="Items")
    fields: tuple[FieldDeclaration, ...] = Field(
        default=(), title="Fields", description="what each item records besides its text: see docs/editing.md"
    )
    total: str | None = Field(
        None, title="Total of", description="the name of a money or number field to add up under the list"
    )


class StepsFile(_ListFile):
    kind: Literal["steps"] = Field(title="Kind of list", description="steps")
    entries: list[Step] = Field(min_length=1, title="Steps")


_TERM = r"^(?:[A-Z][A-Za-z0-9&]*[A-Z0-9]|[A-Za-z0-9][A-Za-z0-9 ,’'&-]*[A-Za-z0-9])$"  # SOC; county lines; 4P


class GlossaryTerm(_Strict):
    term: Annotated[str, Field(pattern=_TERM)] = Field(title="Term", description="as written, like SOC or county lines")
    expansion: Text | None = Field(None, title="Stands for", description="what the letters stand for")
    description: Text | None = Field(None, title="Explanation", description="a short explanation in plain words")
    source: Text | None = Field(None, title="Source", description="the title of the public source it is taken from")
    source_url: Address | None = Field(None, title="Source's address", description="its web address, https://…")


class GlossaryFile(_Strict):
    kind: Literal["glossary"] = Field(title="Kind of list", description="glossary")
    title: Text = Field(title="Title", description="the page heading")
    nav_title: Text | None = Field(None, title="Menu title", description="a shorter name for the menu")
    nav_order: int | None = Field(None, title="Place in the menu", description="the glossary's place in the menu")
    description: Text = Field(title="Summary", description="one sentence for search results and link previews")
    updated: datetime.date = Field(title="Last updated", description="the date the glossary was last changed")
    intro: str = Field("", title="Introduction", description="Markdown shown above the terms")
    time_words_meant: tuple[Text, ...] = _TIME_WORDS_MEANT
    terms: list[GlossaryTerm] = Field(min_length=1, title="Terms")


LIST_MODELS: Mapping[str, type[_ListFile]] = MappingProxyType(
    {"timeline": TimelineFile, "list": PlainListFile, "steps": StepsFile}
)
MODELS_BY_KIND: Mapping[str, type[BaseModel]] = MappingProxyType({**LIST_MODELS, "glossary": GlossaryFile})
ListFileModel = TimelineFile | PlainListFile | StepsFile
