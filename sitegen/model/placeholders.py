"""Placeholders that must not be published: example addresses and "TODO:" notes.

A new site (`build.py new`) and the docs use example addresses (example.org, the reserved
`.example`, `.test`, `.invalid` and `localhost` names of RFC 2606 and 6761) and notes
starting "TODO:" for what the office must fill in. They are warnings while drafting, so
the site still builds and previews, and errors in a strict build, so they never publish.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from ..errors import Problem
from ..parse.safe_yaml import LineMap
from ..read.source_text import SourceFile

_RESERVED_NAMES = frozenset({"example", "test", "invalid", "localhost"})
TODO = re.compile(r"\bTODO:")


def is_placeholder_host(host: str) -> bool:
    labels = host.lower().rstrip(".").split(".")
    return bool(_RESERVED_NAMES & set(labels)) or host.lower() in ("127.0.0.1", "::1", "0.0.0.0")


def _addresses(value: Any, location: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Every web and email address in the configuration: (location, value, host)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _addresses(item, (*location, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _addresses(item, (*location, index))
    elif isinstance(value, str):
        if re.match(r"^https?://", value):
            yield location, value, urlsplit(value).hostname or ""
        elif re.fullmatch(r"[^@\s]+@[^@\s]+", value):
            yield location, value, value.rpartition("@")[2]


def placeholder_warnings(config: BaseModel, source: SourceFile, line_map: LineMap) -> list[Problem]:
    """A warning for each example address in site_config.yaml (or a checklist of duties), at its line."""
    found = []
    for location, value, host in _addresses(config.model_dump(), ()):
        if is_placeholder_host(host):
            name = next((part for part in reversed(location) if isinstance(part, str)), "value")
            what = "email address" if "@" in value and "://" not in value else "address"
            found.append(
                Problem(
                    source.name,
                    f"'{name}' is a placeholder {what} ({value}), not a real one",
                    line_map.line_of(location),
                    "replace it with the real "
                    + ("address readers can write to" if what != "address" else "address before publishing"),
                    source.line(line_map.line_of(location)),
                    is_warning=True,
                )
            )
    return found


def todo_warnings(source: SourceFile) -> list[Problem]:
    """A warning for each line with a "TODO:" note still to be done."""
    return [
        Problem(
            source.name,
            "this line has a 'TODO:' note: something still to write or replace",
            number,
            "replace the note with the real text before publishing",
            line,
            is_warning=True,
        )
        for number, line in enumerate(source.lines, start=1)
        if TODO.search(line)
    ]
