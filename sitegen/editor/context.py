"""What the editor's screens are given: the project, the preview's last good build, the
form token and the messages waiting for the next screen. Not the application (app.py):
the screens know nothing of HTTP, and the application imports them, not the other way."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..errors import Problem
from ..model.site_content import SiteContent


class LastBuild(Protocol):
    """The preview's state, as the editor reads it."""

    @property
    def content(self) -> SiteContent | None:
        """The content of its last good build (None before the first)."""


@dataclass(frozen=True)
class Notice:
    """A message for the next screen, after a redirect: "Saved.", with any warnings."""

    text: str
    warnings: tuple[Problem, ...] = ()
    link: tuple[str, str] | None = None  # (address, words)
    undo: tuple[tuple[str, str], ...] = ()  # ("file", …), ("commit", …), ("words", …): an Undo button (history.py)

    @property
    def undo_button(self) -> dict[str, str]:
        return dict(self.undo)


@dataclass
class EditorContext:
    root: Path  # the project folder
    state: LastBuild | None = None  # the preview's last good build
    after_save: Callable[[], None] = lambda: None  # the preview rebuilds at once
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # every form carries it
    notices: dict[str, Notice] = field(default_factory=dict)  # shown once after a redirect
    # The versions of files that forms were opened on lately, by version (joining.py).
    opened_versions: dict[str, bytes] = field(default_factory=dict)

    @property
    def content(self) -> SiteContent | None:
        return self.state.content if self.state is not None else None
