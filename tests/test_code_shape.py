"""The shape of the code: what keeps it easy to change (issue 14).

- no module of the generator is longer than about a screenful of screenfuls (400 lines);
- its modules import each other in one direction only (no import cycles), so each can be
  read, tested and replaced on its own;
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

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "sitegen"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    """Every module of the generator by dotted name; the starter site's files are not code of it."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(REPO).with_suffix("")
        if "starter" in relative.parts:
            continue
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        found[".".join(parts)] = path
    return found


MODULES = _modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_longer_than_400_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it where its parts do different jobs"


def _is_type_checking(test: ast.expr) -> bool:
    return ast.unparse(test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}


def _imports(name: str, path: Path) -> set[str]:
    """The generator's modules that importing `name` runs: every import statement, at any
    depth (a function's import runs when it is called), except those only for the type
    checker (`if TYPE_CHECKING:`)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import links`
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    # Importing a.b.c runs a, a.b and a.b.c: a package's __init__ counts too.
    ran = set()
    for module in found:
        parts = module.split(".")
        ran.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {m for m in ran if m in MODULES and m != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def _graph() -> dict[str, set[str]]:
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    # A package's __init__ that imports its own modules is how a package shows its parts;
    # the parts importing their package's siblings does not run the __init__ again.
    for name in graph:
        if MODULES[name].name == "__init__.py":
            graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    return graph


def test_the_modules_import_each_other_in_one_direction_only():
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    # The test above must be able to fail.
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_imports_for_the_type_checker_only_do_not_count(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sitegen.model.site_content import Page\n"
        "def later():\n    from sitegen import errors\n",
        encoding="utf-8",
    )
    assert _imports("sitegen.sample", source) == {"sitegen", "sitegen.errors"}


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
        if type(value) in MUTABLE:
            kept.append(f"{attribute} is a {type(value).__name__}: use a tuple, frozenset or MappingProxyType")
        elif getattr(value, "__module__", None) == name and hasattr(value, "cache_info"):
            kept.append(f"{attribute} remembers its results between builds (functools cache)")
    assert kept == [], f"{name}: " + "; ".join(kept)
