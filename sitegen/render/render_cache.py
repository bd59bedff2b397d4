"""What the renderer reuses between the preview's rebuilds: one object the preview owns.

Compiled templates, the Markdown renderer (and its cache of rendered texts), whole pages
and the other parts of the last build, each keyed by everything that goes into it. A
build passes no memory and keeps nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

import jinja2

from ..markdown.renderer import MarkdownRenderer
from ..model.load_cache import Kept


class Same:
    """A key part equal only to the very same object: for content the loader reused unchanged.

    It holds the object, so the object's id cannot be taken by another while the key exists."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value


class HashedOnce:
    """A key part shared by every page of a build: hashed once, not once per page."""

    __slots__ = ("hash", "value")

    def __init__(self, *value: Any):
        self.value = value
        self.hash = hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HashedOnce) and self.hash == other.hash and self.value == other.value


def freeze(value: Any, digests: dict[int, Any]) -> Any:
    """A hashable stand-in for a template context value (a digest for big unhashable ones)."""
    if isinstance(value, dict):
        items = tuple(value.items())
        try:
            hash(items)  # Most pages' contexts hold only hashable values: no need to look inside.
            return items
        except TypeError:
            return tuple((k, freeze(v, digests)) for k, v in items)
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v, digests) for v in value)
    try:
        hash(value)
        return value
    except TypeError:
        if id(value) not in digests:  # Each big object (a whole list) is digested once a build.
            digests[id(value)] = (type(value).__name__, hashlib.blake2b(repr(value).encode()).digest())
        return digests[id(value)]


class RenderMemory:
    """The last rebuild's templates, Markdown renders, pages and parts, for the next to reuse."""

    MAX_MARKDOWN_RENDERS = 100_000  # A long preview session starts the Markdown cache afresh.

    def __init__(self) -> None:
        self.environments: Kept[jinja2.Environment] = Kept()
        self.markdown: Kept[MarkdownRenderer] = Kept()
        self.pages: Kept[tuple[str, bytes, tuple[str, ...]]] = Kept()
        self.parts: Kept[Any] = Kept()
        self.unchanging: HashedOnce | None = None

    def same_unchanging(self, unchanging: HashedOnce) -> HashedOnce:
        """The last build's object when equal, so that each page's key compares by identity."""
        if self.unchanging != unchanging:
            self.unchanging = unchanging
        return self.unchanging

    def next_round(self) -> None:
        """What this build used is what the next may reuse; the rest is let go."""
        for kept in (self.environments, self.markdown, self.pages, self.parts):
            kept.next_round()
