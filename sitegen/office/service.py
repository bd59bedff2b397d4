"""What the screens and sign-in need of the running service (`app.Office`), named once."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..preview.server import PreviewState
    from .config import OfficeConfig
    from .oidc import Provider
    from .store import Store

# An answer: status, headers, body.
Reply = tuple[int, list[tuple[str, str]], bytes]


class Service(Protocol):
    root: Path
    config: OfficeConfig
    store: Store
    state: PreviewState
    provider: Provider | None
    secret: bytes  # signs the sign-in form's token
    built: dict[str, dict[str, bytes]]  # the site as it would be published, by commit (one at most)
    notices: dict[str, str]  # the outcome of each person's last action, shown once
    log: Callable[[str], None]

    def rebuild(self) -> None: ...

    def let_go(self) -> AbstractContextManager[None]:
        """Without the working copy's lock for a while (others save meanwhile)."""

    def forget_editor(self, session_id: str) -> None: ...
