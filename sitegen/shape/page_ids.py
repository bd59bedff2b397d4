"""Ids made from content never collide, on any page, with each other or with the layout.

Content makes three kinds of element id: a heading's (from its words), a list entry's (its
`id:`, or its first words) and a glossary term's. The page layout (the templates, which a
site may replace) has ids of its own: `main-content` for the skip link, `contact`,
`download-heading`… Two elements with one id make the HTML invalid and a link to `#id`
ambiguous, so every id made from content goes through one registry per page:

1. The layout's ids are learnt from the templates themselves (layout_ids.py), and count
   on every page. One rule gives every id made from content (`claim`): the id its words
   make, or the first of id-2, id-3… that neither the layout nor earlier content has.
2. Entries and terms (`settle_content_ids`, before anything is rendered): an `id:` an
   editor typed that the layout uses is an error, naming what the layout reserves; an id
   made from words takes the next free suffix (-2, -3…), as does a term's.
3. Headings (`PageIds`): the ids of a page made from one source (a page; a list and all
   its timeline views; the glossary) are given in this order: the layout's, the list's
   entry or term ids, then each heading of each text on the page. A heading whose id is
   taken gets the next free suffix. A list's views share the list's registry, so a
   heading has the same id in every view (each view shows some of the same texts).

What a `#part` link written in content means: a heading of the same text with that id (as
the editor sees it, from the heading's words); else the page's entry or term with that id;
else the first heading on that page with that id; else the layout's part (`#main-content`).
So "[contact us](#contact)" on a page with a "## Contact" heading goes to that heading even
if the layout has an `id="contact"`. Links are rewritten to the id the part finally has,
and the link checker is given the rewritten links, so it checks against the final ids.

Markdown renders are cached per text; this only changes a text's HTML, once the page is
assembled, when one of its ids or links moved (rare): a dictionary look-up otherwise.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Problem
from ..markdown.results import ROOT_MARK, InternalLink, RenderedMarkdown
from ..model.ids import slugify, unique_id
from .layout_ids import LayoutIds

if TYPE_CHECKING:
    from ..model.site_content import Collection, Glossary, SiteContent

TextKey = tuple[str, str, int]  # (text, file, first line): how the Markdown renderer is called
_MISSING = object()


# --- 1. the one rule ------------------------------------------------------------------------


def claim(wanted: str, taken: set[str], layout: LayoutIds) -> str:
    """The id for content that wants `wanted`: the first of wanted, wanted-2… that neither
    the layout nor earlier content has (noted in `taken`)."""
    for base in (wanted, f"part-{wanted}"):
        for number in itertools.count(1):
            candidate = base if number == 1 else f"{base}-{number}"
            if layout.has_shape_of(candidate):
                if number > 1:
                    break  # The shape takes every suffix (like dataset-…): try another start.
            elif candidate not in taken and not layout.is_exact(candidate):
                taken.add(candidate)
                return candidate
    # Shapes that take both starts: an id that no element on the page has for certain.
    candidate = unique_id(wanted, lambda c: c in taken or layout.is_exact(c))
    taken.add(candidate)
    return candidate


# --- 2. entry and term ids ------------------------------------------------------------------


def settle_content_ids(content: SiteContent, layout: LayoutIds) -> tuple[SiteContent, list[Problem]]:
    """The content with every entry and term id clear of the layout's ids and of each other;
    an `id:` an editor typed that the layout uses is a problem. The same objects come back
    when nothing moves (the preview recognises unchanged content by identity)."""
    problems: list[Problem] = []
    collections = {
        key: _settle_entries(collection, layout, problems) for key, collection in content.collections.items()
    }
    glossary = _settle_terms(content.glossary, layout) if content.glossary is not None else None
    if glossary is content.glossary and all(collections[k] is c for k, c in content.collections.items()):
        return content, problems
    return dataclasses.replace(content, collections=collections, glossary=glossary), problems


def _settle_entries(collection: Collection, layout: LayoutIds, problems: list[Problem]) -> Collection:
    taken = {entry.id for entry in collection.entries}
    entries = list(collection.entries)
    moved = False
    for index, entry in enumerate(entries):
        if not layout.uses(entry.id):
            continue
        if entry.id_given_at is not None:  # Typed by the editor: they choose another.
            line, source_line = entry.id_given_at
            problems.append(
                Problem(
                    collection.file,
                    f"the id '{entry.id}' is already used by the page layout",
                    line,
                    "choose another id for this entry; the layout uses these on its pages: " + layout.describe(),
                    source_line,
                )
            )
        else:  # Made from the entry's first words: the next free one.
            entries[index] = dataclasses.replace(entry, id=claim(entry.id, taken, layout))
            moved = True
    return dataclasses.replace(collection, entries=tuple(entries)) if moved else collection


def _settle_terms(glossary: Glossary, layout: LayoutIds) -> Glossary:
    taken: set[str] = set()
    terms = []
    for term in glossary.terms:
        wanted = slugify(term.term)
        given = claim(wanted, taken, layout)
        terms.append(term if given == term.id else dataclasses.replace(term, anchor=given))
    if all(a is b for a, b in zip(terms, glossary.terms, strict=False)):
        return glossary
    return dataclasses.replace(glossary, terms=tuple(terms))


# --- 3. heading ids, per page ---------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # Compared by identity: hashing every text would cost more.
class _Source:
    """The texts one source shows on its page(s), in order, and the entry or term ids shown with them."""

    texts: tuple[TextKey, ...]
    content_ids: frozenset[str] = frozenset()  # entry or term ids
    # A term's id as its letters make it -> the id it has (moved off a layout id or another term's)
    aliases: Mapping[str, str] = field(default_factory=dict)


@dataclass
class _Plan:
    """The final id of every heading of a source's texts, and what `#part` links mean."""

    by_text: dict[TextKey, dict[str, str]] = field(default_factory=dict)  # per text: its id -> final id
    first: dict[str, str] = field(default_factory=dict)  # an id -> the final id of its first heading
    content_ids: frozenset[str] = frozenset()
    aliases: Mapping[str, str] = field(default_factory=dict)

    def resolve(self, fragment: str, key: TextKey | None = None) -> str:
        own = self.by_text.get(key) if key is not None else None
        if own and fragment in own:
            return own[fragment]
        if fragment in self.content_ids:
            return fragment
        if fragment in self.aliases:
            return self.aliases[fragment]
        return self.first.get(fragment, fragment)


@dataclass(frozen=True)
class _Rewrite:
    """How one text's HTML changes on its page: its heading ids, and its links' #parts."""

    ids: Mapping[str, str]
    in_page: Mapping[str, str]
    elsewhere: Mapping[tuple[str, str], str]  # (path as linked, fragment) -> final fragment
    links: tuple[InternalLink, ...]

    def apply(self, html: str) -> str:
        return _ATTRIBUTE.sub(self._replace, html)

    def _replace(self, match: re.Match[str]) -> str:
        name, value, printed = match[1], match[2], match[3]
        if name == "id":
            return f' id="{self.ids.get(value, value)}"'
        if value.startswith("#"):
            value = "#" + self.in_page.get(value[1:], value[1:])
        elif value.startswith(ROOT_MARK) and "#" in value:
            address, _, fragment = value.partition("#")
            fragment = self.elsewhere.get((address[len(ROOT_MARK) :].split("?")[0], fragment), fragment)
            value = f"{address}#{fragment}"
            if printed is not None:  # The address printed on paper after the link's words
                printed = f"{printed.partition('#')[0]}#{fragment}"
        return f' href="{value}"' + (f' data-print-href="{printed}"' if printed is not None else "")


# An id, or a link's address and the address printed with it (the markdown/ package writes both).
_ATTRIBUTE = re.compile(r'\s(id|href)="([^"]*)"(?:\sdata-print-href="([^"]*)")?')


class PageIds:
    """One registry of ids per page of the site (see the module's docstring).

    render_of(text, file, first_line): the cached render of a text, for its headings.
    text_at(path): the text of a page `content` does not hold (on a big site, the pages the
    page workers load), for links into it; None if there is no such page.
    """

    def __init__(
        self,
        layout: LayoutIds,
        content: SiteContent,
        render_of: Callable[[str, str, int], RenderedMarkdown],
        text_at: Callable[[str], TextKey | None] | None = None,
    ):
        self.layout = layout
        self._render_of = render_of
        self._text_at = text_at
        self._elsewhere: dict[str, _Source | None] = {}  # pages found by text_at, by path
        self._source_of: dict[TextKey, _Source] = {}
        self._by_path: dict[str, _Source] = {}
        self._by_prefix: list[tuple[str, _Source]] = []
        for page in content.pages:
            source = _Source(((page.body, page.file, page.body_first_line),))
            self._add(source)
            self._by_path[page.path] = source
        for collection in content.collections.values():
            source = _Source(
                (
                    (collection.intro, collection.file, collection.intro_line),
                    *tuple((entry.text, collection.file, entry.text_line) for entry in collection.entries),
                ),
                frozenset(entry.id for entry in collection.entries),
            )
            self._add(source)
            self._by_prefix.append((collection.path, source))  # The list and each of its views
        glossary = content.glossary
        if glossary is not None:
            source = _Source(
                ((glossary.intro, glossary.file, glossary.intro_line),),
                frozenset(term.id for term in glossary.terms),
                {slugify(term.term): term.id for term in glossary.terms if term.id != slugify(term.term)},
            )
            self._add(source)
            self._by_path[glossary.path] = source
        self._plans: dict[_Source, _Plan] = {}
        self._rewrites: dict[TextKey, _Rewrite | None] = {}
        self._moved: dict[str, set[tuple[str, str, str]]] = defaultdict(set)

    def _add(self, source: _Source) -> None:
        for key in source.texts:
            self._source_of.setdefault(key, source)

    def settle(self, key: TextKey, rendered: RenderedMarkdown) -> RenderedMarkdown:
        """A text's render as it is on its page: final heading ids, links to final ids.

        A text of no known source (a page that a page worker loaded) is a page of its own."""
        rewrite = self._rewrites.get(key, _MISSING)
        if rewrite is _MISSING:
            rewrite = self._rewrite_for(key, rendered)
            if key in self._source_of:
                self._rewrites[key] = rewrite
        if rewrite is None:
            return rendered
        assert isinstance(rewrite, _Rewrite)
        return dataclasses.replace(rendered, html=rewrite.apply(rendered.html), links=rewrite.links)

    def moved_links_from(self, file: str) -> frozenset[tuple[str, str, str]]:
        """Links of a file that point elsewhere at a part whose id moved: what its pages
        depend on beyond the file itself (the preview reuses a file's pages only if equal)."""
        return frozenset(self._moved.get(file, ()))

    def _rewrite_for(self, key: TextKey, rendered: RenderedMarkdown) -> _Rewrite | None:
        source = self._source_of.get(key)
        plan = self._plan(source) if source else self._plan_alone(key, rendered)
        ids = {given: final for given, final in plan.by_text.get(key, {}).items() if given != final}
        in_page: dict[str, str] = {}
        elsewhere: dict[tuple[str, str], str] = {}
        links = []
        for link in rendered.links:
            fragment = link.fragment
            if fragment and link.path is None:
                fragment = in_page.setdefault(link.fragment, plan.resolve(link.fragment, key))
            elif fragment:
                target = self._source_at(link.path or "")
                if target is not None:
                    fragment = elsewhere.setdefault(
                        (link.path or "", link.fragment), self._plan(target).resolve(link.fragment)
                    )
                    if fragment != link.fragment:
                        self._moved[link.file].add((link.path or "", link.fragment, fragment))
            links.append(link if fragment == link.fragment else dataclasses.replace(link, fragment=fragment))
        if not ids and all(new is old for new, old in zip(links, rendered.links, strict=False)):
            return None
        return _Rewrite(
            ids,
            {k: v for k, v in in_page.items() if k != v},
            {k: v for k, v in elsewhere.items() if k[1] != v},
            tuple(links),
        )

    def _source_at(self, path: str) -> _Source | None:
        for candidate in (path, path + "/"):
            if candidate in self._by_path:
                return self._by_path[candidate]
        for prefix, source in self._by_prefix:
            if path == prefix[:-1] or path.startswith(prefix):
                return source
        if self._text_at is None:
            return None
        if path not in self._elsewhere:  # Read once, only for a link into that page with a #part
            key = self._text_at(path)
            self._elsewhere[path] = _Source((key,)) if key else None
        return self._elsewhere[path]

    def _plan(self, source: _Source) -> _Plan:
        if source not in self._plans:
            self._plans[source] = self._make_plan(source, {key: self._render_of(*key) for key in source.texts})
        return self._plans[source]

    def _plan_alone(self, key: TextKey, rendered: RenderedMarkdown) -> _Plan:
        return self._make_plan(_Source((key,)), {key: rendered})

    def _make_plan(self, source: _Source, renders: Mapping[TextKey, RenderedMarkdown]) -> _Plan:
        plan = _Plan(content_ids=source.content_ids, aliases=source.aliases)
        taken = set(source.content_ids)
        for key in source.texts:
            headings = renders[key].headings
            if not headings:
                continue
            own = plan.by_text.setdefault(key, {})
            for wanted, given in headings:
                final = claim(wanted, taken, self.layout)
                own[given] = final
                plan.first.setdefault(given, final)
        return plan
