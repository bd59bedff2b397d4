"""Items keep their published addresses when others are removed or moved.

An item without an `id:` gets its address from its period or words, numbered when several
share one ("2018-to-2023-2"), so removing or moving one item can change the addresses of
others and break links to them. After such a change, each item whose address would change
gets its old address written in as its `id:`; undoing the change takes those lines back
with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model.addresses import ContentFile, classify
from ..model.list_loading import load_data_file
from ..model.site_content import Collection
from .yaml_edit import set_fields

MAX_ROUNDS = 5  # Each id written can renumber others; a few rounds settle it.


def _ids(name: str, path: str, text: str) -> list[str] | None:
    loaded = load_data_file(name, text.encode("utf-8"), path)[0]
    return [entry.id for entry in loaded.entries] if isinstance(loaded, Collection) else None


def kept(name: str, old_text: str, new_text: str, old_positions: Sequence[int]) -> str:
    """`new_text` with the ids written in that keep each item's address; `old_positions[j]` is
    where the item now at j was before."""
    item = classify(name)
    if not isinstance(item, ContentFile) or item.role != "data":
        return new_text
    old_ids = _ids(name, item.path, old_text)
    if old_ids is None:
        return new_text
    text = new_text
    for _ in range(MAX_ROUNDS):
        new_ids = _ids(name, item.path, text)
        if new_ids is None or len(new_ids) != len(old_positions):
            return text
        moved = [j for j, i in enumerate(old_positions) if new_ids[j] != old_ids[i]]
        if not moved:
            return text
        for j in moved:
            text = set_fields(text, ("entries", j), {"id": old_ids[old_positions[j]]}, ("id",))
    return text


def after_removal(count: int, removed: int) -> list[int]:
    return [i for i in range(count) if i != removed]


def after_move(count: int, index: int, to: int) -> list[int]:
    order = list(range(count))
    order.insert(to, order.pop(index))
    return order
