"""The shape of the code: what keeps it easy to change (issue 14).

- no module of the generator is longer than about a screenful of screenfuls (400 lines);
- its modules import each other in one direction only (no import cycles, type-hint imports
  counted), so each can be read, tested and replaced on its own (the order of the stages
  is checked in test_stage_order.py);
- no module keeps state between builds: what the preview reuses lives in one object the
  preview owns and passes in (`PreviewMemory`), never in a module's globals, where one
  build could leak into the next or one test into another.

These read the source and import the modules; they build nothing.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from import_graph import cycles, import_graph, module_imports, package_modules

MAX_LINES = 400
MODULES = package_modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_longer_than_400_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it where its parts do different jobs"


# Cycles that are known and being removed, each named and explained, so that none hides.
# A cycle the code has that is not here fails the test; so does an entry here that no
# longer matches a cycle (delete it then).
ALLOWED_CYCLES: dict[str, set[str]] = {}


def _unexplained(found: list[list[str]], allowed: dict[str, set[str]]) -> list[str]:
    """What is wrong with the cycles found, given the allowance: an empty list if nothing."""
    wrong = [
        "import cycle: " + " <-> ".join(group)
        for group in found
        if not any(set(group) <= members for members in allowed.values())
    ]
    wrong += [
        f"ALLOWED_CYCLES['{why}'] is no longer a cycle: delete it"
        for why, members in allowed.items()
        if not any(set(group) & members for group in found)
    ]
    return wrong


def test_the_modules_import_each_other_in_one_direction_only():
    # Type-hint imports count: reading a module means reading what its hints name.
    assert _unexplained(cycles(import_graph()), ALLOWED_CYCLES) == []


def test_the_cycle_finder_finds_a_cycle():
    # The test above must be able to fail.
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_a_cycle_made_only_by_type_hints_is_found(tmp_path):
    # page.py imports site.py for a type hint only, while site.py calls page.py: a cycle.
    package = tmp_path / "made_up"
    (package / "render").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "render" / "__init__.py").write_text("", encoding="utf-8")
    (package / "render" / "site.py").write_text("from . import page\n", encoding="utf-8")
    (package / "render" / "page.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .site import Site\n", encoding="utf-8"
    )
    found = cycles(import_graph(package))
    assert found == [["made_up.render.page", "made_up.render.site"]]
    assert _unexplained(found, {}) == ["import cycle: made_up.render.page <-> made_up.render.site"]
    assert _unexplained([], {"gone": {"made_up.render.page"}}) == [
        "ALLOWED_CYCLES['gone'] is no longer a cycle: delete it"
    ]


def test_imports_inside_functions_and_for_the_type_checker_count(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sitegen.model.site_content import Page\n"
        "def later():\n    from sitegen import errors\n",
        encoding="utf-8",
    )
    assert module_imports("sitegen.sample", source, MODULES) == {
        "sitegen",
        "sitegen.errors",
        "sitegen.model",
        "sitegen.model.site_content",
    }


MUTABLE = (list, dict, set, bytearray)


def _assigned_at_module_level(path: Path) -> set[str]:
    """The names a module's own code binds at its top level (not those it imports)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        names.update(t.id for target in targets for t in ast.walk(target) if isinstance(t, ast.Name))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_keeps_state_between_builds(name):
    module = importlib.import_module(name)
    kept = []
    for attribute in sorted(_assigned_at_module_level(MODULES[name])):
        value = getattr(module, attribute)
        if attribute.startswith("__") and attribute.endswith("__"):
            continue  # __all__ and the like belong to Python.
        if isinstance(value, MUTABLE) and not isinstance(value, type):  # an OrderedDict too
            kept.append(f"{attribute} is a {type(value).__name__}: use a tuple, frozenset or MappingProxyType")
        elif getattr(value, "__module__", None) == name and hasattr(value, "cache_info"):
            kept.append(f"{attribute} remembers its results between builds (functools cache)")
    assert kept == [], f"{name}: " + "; ".join(kept)
