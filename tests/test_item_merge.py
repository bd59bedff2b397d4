"""Joining two changes to one list or page item by item (sitegen/editor/item_merge.py): the
joined file reads back as both changes made, keeps the comments, and a clash is never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.editor.item_merge import Clash, NotMergeable, merge
from sitegen.editor.yaml_edit import load, set_fields
from sitegen.editor.yaml_items import insert_item, move_item, remove_item

REPO = Path(__file__).resolve().parent.parent
TIMELINE = (REPO / "content/timeline.yaml").read_text(encoding="utf-8")
GLOSSARY = (REPO / "content/glossary.yaml").read_text(encoding="utf-8")
NAME = "content/timeline.yaml"


def texts(data: str, key: str = "entries") -> list[str]:
    return [str(item.get("text") or item.get("term")) for item in load(data)[key]]


def edit(text: str, index: int, words: str, key: str = "entries", field: str = "text") -> str:
    return set_fields(text, (key, index), {field: words}, [field])


def test_a_moved_item_and_a_change_to_another_are_both_kept():
    ours = move_item(TIMELINE, "entries", 4, 3)
    theirs = edit(TIMELINE, 7, "Changed by them.")
    joined = load(merge(NAME, TIMELINE, ours, theirs))["entries"]
    assert [e["id"] for e in joined] == [e["id"] for e in load(ours)["entries"]]
    assert joined[7]["text"] == "Changed by them."


def test_items_removed_on_one_side_and_added_on_the_other_are_both_done():
    ours = remove_item(TIMELINE, "entries", 2)
    theirs = insert_item(TIMELINE, "entries", 0, {"period": "2020", "text": "Added by them."})
    joined = texts(merge(NAME, TIMELINE, ours, theirs))
    assert joined[0] == "Added by them." and len(joined) == len(texts(TIMELINE))
    assert texts(TIMELINE)[2] not in joined


def test_the_same_item_removed_on_both_sides_is_removed_once():
    both = remove_item(TIMELINE, "entries", 2)
    theirs = edit(both, 0, "And a change.")
    assert texts(merge(NAME, TIMELINE, both, theirs)) == texts(theirs)


def test_the_comments_and_layout_of_the_file_as_it_is_now_are_kept():
    theirs = TIMELINE.replace("kind: timeline\n", "# A note they added.\nkind: timeline\n")
    joined = merge(NAME, TIMELINE, edit(TIMELINE, 1, "Ours."), theirs)
    assert "# A note they added.\n" in joined and joined.startswith("# The timeline of the PCC's work")


def test_the_lists_settings_and_its_items_join_field_by_field():
    ours = set_fields(TIMELINE, (), {"title": "Our title"}, ["title"])
    theirs = edit(TIMELINE, 0, "Theirs.")
    data = load(merge(NAME, TIMELINE, ours, theirs))
    assert data["title"] == "Our title" and data["entries"][0]["text"] == "Theirs."


def test_the_same_setting_changed_differently_is_a_clash():
    ours = set_fields(TIMELINE, (), {"title": "Our title"}, ["title"])
    theirs = set_fields(TIMELINE, (), {"title": "Their title"}, ["title"])
    with pytest.raises(Clash) as raised:
        merge(NAME, TIMELINE, ours, theirs)
    assert [(c.where, c.field, c.ours, c.theirs) for c in raised.value.clashes] == [
        ("The list's settings", "title", "Our title", "Their title")
    ]


def test_glossary_terms_join_like_entries():
    ours, theirs = (
        edit(GLOSSARY, 0, "Ours.", "terms", "definition"),
        edit(GLOSSARY, 2, "Theirs.", "terms", "definition"),
    )
    terms = load(merge("content/glossary.yaml", GLOSSARY, ours, theirs))["terms"]
    assert terms[0]["definition"] == "Ours." and terms[2]["definition"] == "Theirs."


def test_a_file_that_is_not_a_list_or_a_page_is_not_joined():
    with pytest.raises(NotMergeable):
        merge("content/notes.txt", "a\n", "b\n", "c\n")
    with pytest.raises(NotMergeable):
        merge(NAME, "kind: timeline\n", "kind: timeline\ntitle: A\n", "entries: [\n")


PAGE = "---\ntitle: Plan\nupdated: 2026-01-01\n---\n\nFirst paragraph.\n\nSecond paragraph.\n"


def test_a_pages_settings_and_text_join_and_the_later_updated_date_wins():
    ours = PAGE.replace("title: Plan", "title: Our plan").replace("2026-01-01", "2026-02-01")
    theirs = PAGE.replace("Second paragraph.", "Their second paragraph.").replace("2026-01-01", "2026-03-01")
    joined = merge("content/plan.md", PAGE, ours, theirs)
    assert joined == ("---\ntitle: Our plan\nupdated: 2026-03-01\n---\n\nFirst paragraph.\n\nTheir second paragraph.\n")


def test_the_same_lines_of_a_page_changed_differently_are_a_clash_unless_someone_chose():
    ours, theirs = PAGE.replace("First", "Our first"), PAGE.replace("First", "Their first")
    with pytest.raises(Clash):
        merge("content/plan.md", PAGE, ours, theirs)
    assert "Our first" in merge("content/plan.md", PAGE, ours, theirs, "ours")
    assert "Their first" in merge("content/plan.md", PAGE, ours, theirs, "theirs")


def test_an_item_moved_on_one_side_keeps_its_own_lines_and_comments():
    commented = TIMELINE.replace(
        "  - id: supported-the-force-to-prepare-and\n",
        "  # Checked with the force.\n  - id: supported-the-force-to-prepare-and\n",
    )
    index = [e["id"] for e in load(commented)["entries"]].index("supported-the-force-to-prepare-and")
    ours = move_item(commented, "entries", index, index - 1)
    theirs = edit(commented, 0, "Changed by them.")
    joined = merge(NAME, commented, ours, theirs)
    assert "  # Checked with the force.\n  - id: supported-the-force-to-prepare-and\n" in joined
    assert [e["id"] for e in load(joined)["entries"]] == [e["id"] for e in load(ours)["entries"]]
    assert load(joined)["entries"][0]["text"] == "Changed by them."


def test_paragraphs_added_at_the_same_place_by_both_are_both_kept_theirs_first():
    ours, theirs = PAGE + "\nOurs.\n", PAGE + "\nTheirs.\n"
    assert merge("content/plan.md", PAGE, ours, theirs).endswith("Second paragraph.\n\nTheirs.\n\nOurs.\n")
