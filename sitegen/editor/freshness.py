""" "Last updated" kept true: a saved change sets the file's `updated` to today.

Today is the build's today (`build_date`: SITEGEN_TODAY, then SOURCE_DATE_EPOCH, then the
computer's date), so the date a page says it was updated and the date its steps are
counted overdue on come from one clock, and tests can fix it. An editor who fixes a typo
ticks "This is a correction readers need not be told about", and `updated` stays as it was.
Moving an item changes no words, so it leaves the date alone too.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from ..model.build_date import build_date
from .yaml_edit import set_fields

CORRECTION = "correction"  # the checkbox's name in every form that saves


def today() -> datetime.date:
    return build_date()


def is_correction(form: Mapping[str, list[str]]) -> bool:
    return (form.get(CORRECTION) or [""])[0] == "true"


def stale(data: object) -> bool:
    """Whether a file's (or front matter's) `updated` is not today, so a change must set it."""
    return isinstance(data, dict) and "updated" in data and data.get("updated") != today()


def with_updated(
    changes: dict[str, object], data: object, form: Mapping[str, list[str]], changed: bool | None = None
) -> dict[str, object]:
    """A form's changes plus `updated: today`, unless nothing changed (`changed`: something
    besides these fields, like a page's text), the editor set the date, or it is a correction."""
    if not (changes if changed is None else changed) or "updated" in changes or is_correction(form) or not stale(data):
        return changes
    return {**changes, "updated": today()}


def freshened(text: str, data: object, order: Sequence[str], correction: bool = False) -> str:
    """A list file's text with `updated: today` at the top, after a change to its items."""
    if correction or not stale(data):
        return text
    return set_fields(text, (), {"updated": today()}, order)
