"""The editor is typed like the rest of the generator (issue 22): no `Any` in sitegen/editor/
beyond what a library forces.

A form's values, a template's context and a content file's YAML each have a type of their
own (editor/value_types.py): `YamlValue` is what safe YAML loading can return, narrowed with
`isinstance` where a mapping or a list is needed. PyYAML's untyped result stops at the one
place the editor loads YAML (`yaml_edit.load`), so no `Any` is needed in the editor at all.

A new `Any` fails the test below. If a library truly forces one, add the module to
ALLOWED_ANY with how many and why; an allowance the code no longer uses fails too.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import sitegen.editor
from sitegen.editor.yaml_edit import set_fields

EDITOR = Path(sitegen.editor.__file__).parent

# module (relative to sitegen/editor/) -> (how many `Any` it may use, which library forces them)
ALLOWED_ANY: dict[str, tuple[int, str]] = {}


def any_count(source: str) -> int:
    """How many times the code names `Any` (imports, annotations, `typing.Any`); words in
    comments and docstrings ("Any file, as text") are not code and do not count."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return sum(1 for token in tokens if token.type == tokenize.NAME and token.string == "Any")


def over_allowance(found: dict[str, int], allowed: dict[str, tuple[int, str]]) -> list[str]:
    """What is wrong with the `Any` found, by module, given the allowance: an empty list if nothing."""
    wrong = [
        f"{module} uses Any {count} times (allowed: {allowed.get(module, (0, ''))[0]}): give the values a type"
        for module, count in sorted(found.items())
        if count > allowed.get(module, (0, ""))[0]
    ]
    wrong += [
        f"ALLOWED_ANY['{module}'] allows {limit}, the module uses {found.get(module, 0)}: lower it"
        for module, (limit, _why) in sorted(allowed.items())
        if found.get(module, 0) < limit
    ]
    return wrong


def _found_in_editor() -> dict[str, int]:
    found = {}
    for path in sorted(EDITOR.rglob("*.py")):
        count = any_count(path.read_text(encoding="utf-8"))
        if count:
            found[path.relative_to(EDITOR).as_posix()] = count
    return found


def test_the_editor_uses_no_any_beyond_what_a_library_forces():
    assert over_allowance(_found_in_editor(), ALLOWED_ANY) == []


def test_the_count_finds_any_in_imports_annotations_and_typing_attributes():
    # The test above must be able to fail: these are the shapes the editor had 68 of.
    source = (
        "from typing import Any\n"
        "import typing\n"
        "def load(text: str) -> Any: ...\n"
        "def common(**context: Any) -> dict[str, typing.Any]: ...\n"
    )
    assert any_count(source) == 4
    assert over_allowance({"forms.py": any_count(source)}, {}) == [
        "forms.py uses Any 4 times (allowed: 0): give the values a type"
    ]


def test_words_in_comments_and_docstrings_are_not_counted():
    source = '"""Any file, as text."""\n# Any change is checked.\nANYTHING = "Any"\n'
    assert any_count(source) == 0


def test_an_allowance_is_a_ceiling_and_one_no_longer_needed_must_go():
    allowed = {"yaml_edit.py": (1, "PyYAML returns an untyped object")}
    assert over_allowance({"yaml_edit.py": 1}, allowed) == []
    assert over_allowance({"yaml_edit.py": 2}, allowed) == [
        "yaml_edit.py uses Any 2 times (allowed: 1): give the values a type"
    ]
    assert over_allowance({}, allowed) == ["ALLOWED_ANY['yaml_edit.py'] allows 1, the module uses 0: lower it"]


def test_typing_the_yaml_data_changed_no_edit_even_of_empty_front_matter():
    # Empty front matter reads as None, not a mapping: a page saved with only its text
    # changed sets no field in it, and that must not be refused.
    assert set_fields("", (), {}, ["title"]) == ""
    assert set_fields("title: Old\n", (), {}, ["title"]) == "title: Old\n"
    assert set_fields("title: Old\n", (), {"title": "New"}, ["title"]) == "title: New\n"
