"""Ids made from content never collide, on any page, with each other or with the layout.

Content makes three kinds of element id: a heading's (from its words), a list entry's (its
`id:`, or its first words) and a glossary term's. The page layout (the templates, which a
site may replace) has ids of its own: `main-content` for the skip link, `contact`,
`download-heading`… Two elements with one id make the HTML invalid and a link to `#id`
ambiguous, so every id made from content goes through one registry per page:

1. The layout's ids are learnt from the templates themselves (`learn_layout_ids`): each
   `id="…"` they write, with what their variables can hold when the templates say so
   (`filter_links("filter-year-label", …)`, a `{% for %}` over a fixed list), else the
   id's shape (`dataset-{{ info.key }}` reserves every id starting `dataset-`). Every
   template counts on every page: one can be included, or rendered and inserted by the
   code (the settings panel), under conditions this module cannot see.
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
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

import jinja2
from jinja2 import nodes

from .errors import Problem
from .markdown import ROOT_MARK, InternalLink, RenderedMarkdown, slugify, unique_id

if TYPE_CHECKING:
    from .content import Collection, Glossary, SiteContent

TextKey = tuple[str, str, int]  # (text, file, first line): how the Markdown renderer is called
WILDCARD = "…"  # In a shape, where the template puts a value it does not fix
_MAX_IDS_PER_ATTRIBUTE = 1000  # A template making more ids than this from fixed lists: keep its shape
_MISSING = object()


# --- 1. the layout's ids, learnt from the templates ---------------------------------------

@dataclass(frozen=True)
class LayoutIds:
    """The ids the templates give elements; content never takes one of them."""

    exact: frozenset[str] = frozenset()
    shapes: tuple[str, ...] = ()  # like "dataset-…": ids the templates make from values they don't fix

    @cached_property
    def _shape_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(".+".join(map(re.escape, shape.split(WILDCARD)))) for shape in self.shapes)

    def is_exact(self, candidate: str) -> bool:
        return candidate in self.exact

    def has_shape_of(self, candidate: str) -> bool:
        return any(pattern.fullmatch(candidate) for pattern in self._shape_patterns)

    def uses(self, candidate: str) -> bool:
        return self.is_exact(candidate) or self.has_shape_of(candidate)

    def describe(self) -> str:
        """For messages: "contact, entries, main-content, and ids like dataset-…"."""
        listed = ", ".join(sorted(self.exact))
        if self.shapes:
            listed += (", and " if listed else "") + "ids like " + ", ".join(sorted(self.shapes))
        return listed


def learn_layout_ids(templates: Mapping[str, str]) -> LayoutIds:
    """Every id the templates can give an element (see the module's docstring)."""
    return _learn_layout_ids(tuple(sorted(templates.items())))


@lru_cache(maxsize=2)  # The preview learns again only when a template changed.
def _learn_layout_ids(templates: tuple[tuple[str, str], ...]) -> LayoutIds:
    environment = jinja2.Environment()
    trees, unreadable = [], []
    for _, source in templates:
        try:
            trees.append(environment.parse(source))
        except jinja2.TemplateError:  # Reported when it is rendered; its written ids still count.
            unreadable.append(source)
    learner = _TemplateIds(trees)
    for source in unreadable:
        learner.exact.update(m[1] or m[2] for m in _WRITTEN_ID.finditer(source) if "{" not in (m[1] or m[2]))
    return LayoutIds(frozenset(learner.exact), tuple(sorted(learner.shapes)))


_ID_OPENS = re.compile(r"""(?<![\w:.-])id\s*=\s*(["'])""", re.I)
_WRITTEN_ID = re.compile(r"""(?<![\w:.-])id\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
Values = list[Any] | None  # what a name or expression can hold; None: not known here


class _TemplateIds:
    """Walks the templates' syntax trees, following what each name holds in each scope."""

    def __init__(self, trees: list[nodes.Template]):
        self.macros = {macro.name: macro for tree in trees for macro in tree.find_all(nodes.Macro)}
        self.exact: set[str] = set()
        self.shapes: set[str] = set()
        # What each macro's arguments are given by the templates' calls; rounds reach
        # arguments passed on from one macro to another.
        self.arguments: dict[str, dict[str, Values]] = {}
        for _ in range(3):
            self.calls: dict[str, list[dict[str, Values]]] = defaultdict(list)
            self._walk_all(trees, learn_ids=False)
            arguments = {name: self._arguments_of(name) for name in self.macros}
            if arguments == self.arguments:
                break
            self.arguments = arguments
        self._walk_all(trees, learn_ids=True)

    def _walk_all(self, trees: list[nodes.Template], learn_ids: bool) -> None:
        self.learn_ids = learn_ids
        for tree in trees:
            self.reading: tuple[str, list[Values]] | None = None  # an id="…" being read
            self._walk(tree.body, {})

    def _arguments_of(self, name: str) -> dict[str, Values]:
        macro = self.macros[name]
        names = [argument.name for argument in macro.args]
        defaults = dict(zip(names[len(names) - len(macro.defaults):], macro.defaults))
        found: dict[str, Values] = {}
        for argument in names:
            given = [call.get(argument, _MISSING) for call in self.calls[name]]
            options: Values = []
            for value in given:
                if value is _MISSING:
                    value = self._values(defaults[argument], {}) if argument in defaults else None
                options = None if options is None or value is None else options + value
            # A macro never called from a template is called by the code, with values unknown here.
            found[argument] = options if given else None
        return found

    # -- statements --
    def _walk(self, body: Iterable[nodes.Node], scope: dict[str, Values]) -> None:
        for node in body:
            self._note_calls(node, scope)
            if isinstance(node, nodes.Output):
                for child in node.nodes:
                    self._read(child, scope)
                self._finish_reading()
            elif isinstance(node, nodes.Assign):
                self._bind(node.target, self._values(node.node, scope), scope)
            elif isinstance(node, nodes.For):
                lists = self._values(node.iter, scope)
                items = [item for value in lists for item in value] if lists is not None and all(
                    isinstance(value, (list, tuple)) for value in lists) else None
                inner = dict(scope)
                self._bind(node.target, items, inner, each=True)
                self._walk(node.body, inner)
                self._walk(node.else_, dict(scope))
            elif isinstance(node, nodes.Macro):
                inner = dict(scope)
                inner.update(self.arguments.get(node.name, {a.name: None for a in node.args}))
                self._walk(node.body, inner)
            elif isinstance(node, nodes.If):
                self._walk(node.body, dict(scope))
                for branch in node.elif_:
                    self._walk([branch], scope)
                self._walk(node.else_, dict(scope))
            elif isinstance(node, nodes.With):
                inner = dict(scope)
                for target, value in zip(node.targets, node.values):
                    self._bind(target, self._values(value, scope), inner)
                self._walk(node.body, inner)
            elif hasattr(node, "body"):  # Block, CallBlock, FilterBlock, Scope…
                self._walk(node.body, dict(scope))

    def _note_calls(self, node: nodes.Node, scope: dict[str, Values]) -> None:
        """Record what the macro calls in this statement (not in its body) are given."""
        for name in node.fields:
            if name in ("body", "else_", "elif_"):
                continue
            value = getattr(node, name)
            for part in value if isinstance(value, list) else [value]:
                if not isinstance(part, nodes.Node):
                    continue
                for call in ([part] if isinstance(part, nodes.Call) else []) + list(part.find_all(nodes.Call)):
                    macro_name = getattr(call.node, "name", None) or getattr(call.node, "attr", None)
                    macro = self.macros.get(macro_name) if isinstance(macro_name, str) else None
                    if macro is None:
                        continue
                    given = dict(zip((argument.name for argument in macro.args), call.args))
                    given.update((keyword.key, keyword.value) for keyword in call.kwargs)
                    self.calls[macro.name].append({k: self._values(v, scope) for k, v in given.items()})

    def _bind(self, target: nodes.Node, values: Values, scope: dict[str, Values], each: bool = False) -> None:
        """Give a name (or the names of `a, b`) what `values` can be."""
        if isinstance(target, nodes.Name):
            scope[target.name] = values
            return
        names = [item.name for item in getattr(target, "items", []) if isinstance(item, nodes.Name)]
        for index, name in enumerate(names):
            fits = values is not None and all(isinstance(v, (list, tuple)) and len(v) == len(names) for v in values)
            scope[name] = [value[index] for value in values] if fits else None  # type: ignore[union-attr]

    # -- expressions --
    def _values(self, expression: nodes.Node, scope: dict[str, Values]) -> Values:
        if isinstance(expression, nodes.Name):
            return scope.get(expression.name)
        if isinstance(expression, nodes.Concat):
            texts: list[Any] = [""]
            for part in expression.nodes:
                more = self._values(part, scope)
                if more is None or len(texts) * len(more) > _MAX_IDS_PER_ATTRIBUTE:
                    return None
                texts = [f"{a}{b}" for a in texts for b in more]
            return texts
        if isinstance(expression, nodes.CondExpr):
            chosen = [self._values(expression.expr1, scope),
                      self._values(expression.expr2, scope) if expression.expr2 is not None else [""]]
            return None if None in chosen else chosen[0] + chosen[1]  # type: ignore[operator]
        try:
            return [expression.as_const()]
        except Exception:  # jinja2's nodes.Impossible: made from something only the code knows
            return None

    # -- reading id="…" out of the template's text and what it prints --
    def _read(self, child: nodes.Node, scope: dict[str, Values]) -> None:
        if not isinstance(child, nodes.TemplateData):
            if self.reading is not None:
                values = self._values(child, scope)
                texts = None if values is None or not all(
                    isinstance(v, (str, int)) and not isinstance(v, bool) for v in values) else [str(v) for v in values]
                self.reading[1].append(texts)
            return
        text, position = child.data, 0
        while position < len(text):
            if self.reading is not None:  # Inside a value: up to its closing quote.
                quote, parts = self.reading
                end = text.find(quote, position)
                parts.append([text[position : end if end >= 0 else len(text)]])
                if end < 0:
                    return
                self.reading, position = None, end + 1
                self._learn(parts)
                continue
            opened = _ID_OPENS.search(text, position)
            if opened is None:
                return
            self.reading, position = (opened[1], []), opened.end()

    def _finish_reading(self) -> None:
        """An id still open where the printed text stops (a tag inside the value): its start
        is known, not its end."""
        if self.reading is not None:
            self._learn(self.reading[1] + [None])
            self.reading = None

    def _learn(self, parts: list[Values]) -> None:
        if not self.learn_ids:
            return
        parts = [p for p in parts if p != [""]]
        if not parts:
            return
        if all(p is not None for p in parts):
            count = 1
            for p in parts:
                count *= len(p)  # type: ignore[arg-type]
            if count <= _MAX_IDS_PER_ATTRIBUTE:
                self.exact.update("".join(c) for c in itertools.product(*parts))  # type: ignore[arg-type]
                return
        if len(parts) == 1:
            return  # Wholly a value the templates don't fix, like {{ entry.id }}: content's own id.
        shape = "".join(p[0] if p is not None and len(p) == 1 else WILDCARD for p in parts)
        shape = re.sub(f"{WILDCARD}+", WILDCARD, shape)
        # A shape with fixed words at neither end ("…-…") would claim almost every id: the
        # values it is made of are data the templates are given, like content's own ids.
        if shape[0].isalnum() or shape[-1].isalnum():
            self.shapes.add(shape)


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
    collections = {key: _settle_entries(collection, layout, problems)
                   for key, collection in content.collections.items()}
    glossary = _settle_terms(content.glossary, layout)
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
            problems.append(Problem(
                collection.file, f"the id '{entry.id}' is already used by the page layout", line,
                "choose another id for this entry; the layout uses these on its pages: " + layout.describe(),
                source_line,
            ))
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
    if all(a is b for a, b in zip(terms, glossary.terms)):
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
            fragment = self.elsewhere.get((address[len(ROOT_MARK):].split("?")[0], fragment), fragment)
            value = f"{address}#{fragment}"
            if printed is not None:  # The address printed on paper after the link's words
                printed = f"{printed.partition('#')[0]}#{fragment}"
        return f' href="{value}"' + (f' data-print-href="{printed}"' if printed is not None else "")


# An id, or a link's address and the address printed with it (markdown.py writes both).
_ATTRIBUTE = re.compile(r'\s(id|href)="([^"]*)"(?:\sdata-print-href="([^"]*)")?')


class PageIds:
    """One registry of ids per page of the site (see the module's docstring).

    render_of(text, file, first_line): the cached render of a text, for its headings.
    text_at(path): the text of a page `content` does not hold (on a big site, the pages the
    page workers load), for links into it; None if there is no such page.
    """

    def __init__(self, layout: LayoutIds, content: SiteContent,
                 render_of: Callable[[str, str, int], RenderedMarkdown],
                 text_at: Callable[[str], TextKey | None] | None = None):
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
                ((collection.intro, collection.file, collection.intro_line),)
                + tuple((entry.text, collection.file, entry.text_line) for entry in collection.entries),
                frozenset(entry.id for entry in collection.entries),
            )
            self._add(source)
            self._by_prefix.append((collection.path, source))  # The list and each of its views
        glossary = content.glossary
        source = _Source(((glossary.intro, glossary.file, glossary.intro_line),),
                         frozenset(term.id for term in glossary.terms),
                         {slugify(term.term): term.id for term in glossary.terms if term.id != slugify(term.term)})
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
                    fragment = elsewhere.setdefault((link.path or "", link.fragment),
                                                    self._plan(target).resolve(link.fragment))
                    if fragment != link.fragment:
                        self._moved[link.file].add((link.path or "", link.fragment, fragment))
            links.append(link if fragment == link.fragment else dataclasses.replace(link, fragment=fragment))
        if not ids and all(new is old for new, old in zip(links, rendered.links)):
            return None
        return _Rewrite(ids, {k: v for k, v in in_page.items() if k != v},
                        {k: v for k, v in elsewhere.items() if k[1] != v}, tuple(links))

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
