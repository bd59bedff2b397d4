"""Round-trip edits of YAML by splicing: the changed value and nothing else, for any value."""

from __future__ import annotations

import datetime
import difflib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.editor.yaml_edit import REMOVE, EditError, set_fields
from sitegen.editor.yaml_items import insert_item, move_item, remove_item

REPO = Path(__file__).resolve().parents[1]
TIMELINE = (REPO / "content/timeline.yaml").read_text(encoding="utf-8")
ORDER = ["id", "period", "themes", "text", "reviewed", "draft"]

SMALL = """\
# A note at the top.
kind: list   # the kind
title: 'It''s a list'
entries:
  # About the first.
  - id: one
    text: >-
      Folded text
      over two lines.

  - id: two  # second
    text: |
      Literal
        indented
    period: 2018

  -
    id: three
    text: "Quoted: yes"
"""


def diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.split("\n"), after.split("\n"), lineterm="", n=0)
        if not line.startswith(("---", "+++", "@@"))
    ]


def test_each_style_is_kept_where_it_fits():
    after = set_fields(SMALL, ("entries", 0), {"text": "Now different."}, ORDER)
    assert diff(SMALL, after) == ["-      Folded text", "-      over two lines.", "+      Now different."]
    after = set_fields(SMALL, (), {"title": "Jo's list"}, ORDER)
    assert diff(SMALL, after) == ["-title: 'It''s a list'", "+title: 'Jo''s list'"]
    after = set_fields(SMALL, ("entries", 2), {"text": "Quoted: still"}, ORDER)
    assert diff(SMALL, after) == ['-    text: "Quoted: yes"', '+    text: "Quoted: still"']
    after = set_fields(SMALL, ("entries", 1), {"period": "2019"}, ORDER)
    assert diff(SMALL, after) == ["-    period: 2018", '+    period: "2019"']  # text, not the number 2019


def test_fields_are_added_in_order_and_removed_with_their_line_only():
    after = set_fields(SMALL, ("entries", 1), {"period": REMOVE, "draft": True}, ORDER)
    assert diff(SMALL, after) == ["-    period: 2018", "+    draft: true"]
    after = set_fields(SMALL, ("entries", 0), {"period": "2020/21"}, ORDER)
    assert diff(SMALL, after) == ["+    period: 2020/21"]  # plain: YAML reads it as text
    assert after.index("period") > after.index("id: one")
    after = set_fields(SMALL, ("entries", 1), {"id": REMOVE}, ORDER)  # the first field, on the dash's line
    assert diff(SMALL, after) == ["-  - id: two  # second", "-    text: |", "+  - text: |"]
    assert yaml.safe_load(after)["entries"][1] == {"text": "Literal\n  indented\n", "period": 2018}


def test_items_are_added_removed_and_swapped_with_their_comments():
    added = insert_item(SMALL, "entries", 3, {"id": "four", "text": "Four."})
    assert added == SMALL + "\n  - id: four\n    text: Four.\n"
    removed = remove_item(SMALL, "entries", 0)
    assert "# About the first." not in removed and "# A note at the top." in removed
    assert yaml.safe_load(removed)["entries"][0]["id"] == "two"
    swapped = move_item(SMALL, "entries", 1, 0)
    assert swapped.index("# About the first.") > swapped.index("id: two  # second")
    assert move_item(swapped, "entries", 0, 1) == SMALL
    with pytest.raises(EditError):
        move_item(SMALL, "entries", 0, 2)
    with pytest.raises(EditError):
        remove_item("entries:\n  - text: only\n", "entries", 0)


def test_dates_lists_and_mappings_are_written_as_yaml_reads_them():
    after = set_fields(SMALL, ("entries", 0), {"reviewed": datetime.date(2026, 1, 2), "themes": ["a-b", "c"]}, ORDER)
    assert yaml.safe_load(after)["entries"][0]["reviewed"] == datetime.date(2026, 1, 2)
    assert "    themes: [a-b, c]\n" in after
    after = set_fields(SMALL, (), {"themes": {"road-safety": "Road safety: all of it"}}, ["kind", "title", "themes"])
    assert 'themes:\n  road-safety: "Road safety: all of it"\nentries:' in after


# Text as editors type it: quotes, colons, hashes, dashes, brackets, accents, line breaks, Markdown.
TEXT = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
        | st.sampled_from(list("\n:#-[]{}'\"|>&*!%@` ")),
        min_size=1,
        max_size=300,
    )
    .map(str.strip)
    .filter(bool)
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=9))
def test_any_text_is_written_into_its_item_alone(text, index):
    after = set_fields(TIMELINE, ("entries", index), {"text": text}, ORDER)
    data, before = yaml.safe_load(after), yaml.safe_load(TIMELINE)
    assert data["entries"][index]["text"] == text
    before["entries"][index]["text"] = text
    assert data == before
    lines = TIMELINE.split("\n")
    first = [n for n, line in enumerate(lines) if line.startswith("  - ")][index]
    changed = [n for n, line in enumerate(difflib.ndiff(lines, after.split("\n"))) if line[:1] in "+-"]
    assert all(n >= first for n in changed)
    assert [line for line in after.split("\n") if line.startswith("#")] == [
        line for line in lines if line.startswith("#")
    ]


# --- the layouts the code review found lost or refused (issue 18) --------------------------


def test_a_file_with_a_byte_order_mark_is_saved_and_keeps_it(make_project):
    from editor_client import Client

    project = make_project()
    path = project / "content/timeline.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    client = Client(project)
    fields = client.form("/edit/item?file=content/timeline.yaml&index=1")
    fields["period"] = "2019"
    assert client.post("/edit/item?file=content/timeline.yaml&index=1", fields).status == 303
    saved = path.read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf") and yaml.safe_load(saved.decode("utf-8-sig"))["entries"][1]["period"] == (
        "2019"
    )


def test_a_value_with_a_comment_after_it_can_grow_past_the_line_and_keeps_the_comment():
    text = "entries:\n  - id: one\n    text: Short.  # checked with the source\n"
    long = "A much longer text than before, " * 5
    after = set_fields(text, ("entries", 0), {"text": long.strip()}, ORDER)
    assert "    text: >-  # checked with the source\n" in after
    assert yaml.safe_load(after)["entries"][0]["text"] == long.strip()


def test_a_block_text_keeps_the_comment_after_its_indicator():
    text = "entries:\n  - id: one\n    text: >-  # from the report\n      Old words.\n"
    after = set_fields(text, ("entries", 0), {"text": "New words."}, ORDER)
    assert after == "entries:\n  - id: one\n    text: >-  # from the report\n      New words.\n"


COMMENTED_OUT = """\
entries:
  - id: one
    text: One.
  # - id: old
  #   text: Taken out in 2024, kept for the record.
  - id: two
    text: Two.
  # - id: older
  #   text: Also kept.
"""


@pytest.mark.parametrize("position", [0, 1])
def test_removing_an_item_next_to_a_commented_out_item_keeps_the_comment_lines(position):
    after = remove_item(COMMENTED_OUT, "entries", position)
    assert after.count("#") == COMMENTED_OUT.count("#")
    assert [e["id"] for e in yaml.safe_load(after)["entries"]] == [["two"], ["one"]][position]


def test_a_list_written_one_item_a_line_stays_so_with_its_comments():
    text = "entries:\n  - id: one\n    themes:\n      - drugs  # since 2019\n      # the big one\n      - governance\n"
    after = set_fields(text, ("entries", 0), {"themes": ["drugs", "governance", "road-safety"]}, ORDER)
    assert after == text + "      - road-safety\n"
    after = set_fields(text, ("entries", 0), {"themes": ["governance", "drugs"]}, ORDER)
    assert "- drugs  # since 2019" in after and "# the big one" in after
    assert yaml.safe_load(after)["entries"][0]["themes"] == ["governance", "drugs"]


def test_yaml_the_build_refuses_is_refused_before_it_is_expanded():
    from sitegen.editor.yaml_edit import Refused, load

    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for n, p in zip("bcdefghij", "abcdefghi", strict=True)
    )
    with pytest.raises(Refused, match="anchors and aliases"):
        load(bomb)
    with pytest.raises(Refused, match="nested"):
        load("a: " + "[" * 100_000 + "]" * 100_000)  # LibYAML itself would crash the process


def test_a_splice_that_would_change_other_values_is_refused_by_the_check():
    from sitegen.editor.yaml_edit import checked

    with pytest.raises(EditError, match="altering other values"):
        checked("a: 1\nb: 2\n", "a: 3\nb: 4\n", lambda data: data.update(a=3))
    with pytest.raises(EditError, match="unreadable"):
        checked("a: 1\n", "a: [3\n", lambda data: data.update(a=3))
    assert checked("a: 1\nb: 2\n", "a: 3\nb: 2\n", lambda data: data.update(a=3)) == "a: 3\nb: 2\n"
