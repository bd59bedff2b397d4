"""What the live preview remembers between rebuilds, in objects the preview owns.

The preview rebuilds the whole site after every save, though a save changes one file.
Each stage can be given a memory of the last rebuild and reuse what was made from
unchanged inputs; a plain build passes none and keeps nothing. There is no module-level
state: two previews (or tests) never share a memory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ..errors import Problem

T = TypeVar("T")
Loader = Callable[[str, bytes], tuple[T, tuple[Problem, ...]]]


class LoadMemory:
    """Forgets everything: each file is loaded from its bytes (a build)."""

    def load(self, name: str, data: bytes, loader: Loader[T]) -> tuple[T, tuple[Problem, ...]]:
        return loader(name, data)

    def keep(self) -> None:
        """The end of a load: what it loaded is what the next load may reuse."""


class RememberingLoads(LoadMemory):
    """The preview's: a file whose bytes are the same as at the last load is not loaded again.

    The loaded content is the very same object as last time, so the renderer can tell an
    unchanged page or list by identity (see `render.memory`).
    """

    def __init__(self) -> None:
        self._before: dict[tuple[str, bytes], Any] = {}
        self._now: dict[tuple[str, bytes], Any] = {}

    def load(self, name: str, data: bytes, loader: Loader[T]) -> tuple[T, tuple[Problem, ...]]:
        key = (name, data)
        if key not in self._now:
            self._now[key] = self._before[key] if key in self._before else loader(name, data)
        result: tuple[T, tuple[Problem, ...]] = self._now[key]
        return result

    def keep(self) -> None:
        self._before, self._now = self._now, {}


class Kept(Generic[T]):
    """Values by key from the last round, and this round's: what is not used again is forgotten."""

    def __init__(self) -> None:
        self.before: dict[Any, T] = {}
        self.now: dict[Any, T] = {}

    def get(self, key: Any, make: Callable[[], T]) -> T:
        if key not in self.now:
            self.now[key] = self.before[key] if key in self.before else make()
        return self.now[key]

    def next_round(self) -> None:
        self.before, self.now = self.now, {}
