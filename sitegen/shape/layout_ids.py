"""The ids a site's templates give elements, learnt from the templates themselves.

Content must never take one of them (see page_ids.py). Rather than a list kept by hand,
which a site with its own templates would outgrow, the templates are read: each `id="…"`
they write, with what their variables can hold when the templates fix it (a macro's
argument at each call, like `filter_links("filter-year-label", …)`; a `{% set %}`; a
`{% for %}` over a fixed list), else the id's shape (`dataset-{{ info.key }}` reserves
every id starting `dataset-`). An id made wholly from a value the code gives, like
`{{ entry.id }}`, is content's own, settled by page_ids.py.

Every template counts on every page: a template may be included, or rendered by the code
and inserted (the settings panel), under conditions that cannot be seen from here.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import jinja2
from jinja2 import nodes

WILDCARD = "…"  # In a shape, where the template puts a value it does not fix
_MAX_IDS_PER_ATTRIBUTE = 1000  # A template making more ids than this from fixed lists: keep its shape
_MAX_LOOP_ITEMS = 50  # A fixed list longer than this is walked once, for all its items at once
_MISSING = object()


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
    """Every id the templates can give an element (see the module's docstring).

    About 0.1 s: the preview keeps the result while the templates are unchanged (render.memory)."""
    environment = jinja2.Environment()
    trees, unreadable = [], []
    for _, source in sorted(templates.items()):
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
        defaults = dict(zip(names[len(names) - len(macro.defaults) :], macro.defaults, strict=False))
        found: dict[str, Values] = {}
        for argument in names:
            given = [call.get(argument, _MISSING) for call in self.calls[name]]
            options: Values = []
            for value in given:
                if value is _MISSING:
                    value = self._values(defaults[argument], {}) if argument in defaults else None
                assert value is None or isinstance(value, list)
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
                items = (
                    [item for value in lists for item in value]
                    if lists is not None and all(isinstance(value, (list, tuple)) for value in lists)
                    else None
                )
                # Over a fixed list: the body once per item, so that a loop inside it over a
                # part of the item sees that item's part only. Otherwise once, for any item.
                for each in (
                    [[item] for item in items] if items is not None and len(items) <= _MAX_LOOP_ITEMS else [items]
                ):
                    inner = dict(scope)
                    self._bind(node.target, each, inner)
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
                for target, value in zip(node.targets, node.values, strict=False):
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
                    given = dict(zip((argument.name for argument in macro.args), call.args, strict=False))
                    given.update((keyword.key, keyword.value) for keyword in call.kwargs)
                    self.calls[macro.name].append({k: self._values(v, scope) for k, v in given.items()})

    def _bind(self, target: nodes.Node, values: Values, scope: dict[str, Values]) -> None:
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
            chosen = [
                self._values(expression.expr1, scope),
                self._values(expression.expr2, scope) if expression.expr2 is not None else [""],
            ]
            return None if None in chosen else chosen[0] + chosen[1]  # type: ignore[operator]
        try:
            return [expression.as_const()]  # type: ignore[attr-defined]  # an expression node, by now
        except Exception:  # jinja2's nodes.Impossible: made from something only the code knows
            return None

    # -- reading id="…" out of the template's text and what it prints --
    def _read(self, child: nodes.Node, scope: dict[str, Values]) -> None:
        if not isinstance(child, nodes.TemplateData):
            if self.reading is not None:
                values = self._values(child, scope)
                texts = (
                    None
                    if values is None or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values)
                    else [str(v) for v in values]
                )
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
