"""Who imports whom in the generator, read from the source (nothing is imported or built).

Used by test_code_shape.py (no import cycles) and test_stage_order.py (a stage imports only
from the stages before it). Every import statement counts, at any depth (a function's import
runs when it is called) and those only for the type checker (`if TYPE_CHECKING:`) too: a
type hint is a dependency for whoever reads the code, even if Python never runs it.

The functions take the package's folder, so the tests can also run them on a small made-up
package and show that they report what they must.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tooling import REPO_ROOT

PACKAGE = REPO_ROOT / "sitegen"


def package_modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name; the starter site's files are not code of it."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent).with_suffix("")
        if "starter" in relative.parts:
            continue
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        found[".".join(parts)] = path
    return found


def module_imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `name` imports: every import statement, at any depth,
    type-hint imports (`if TYPE_CHECKING:`) included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import links`
    # Importing a.b.c runs a, a.b and a.b.c: a package's __init__ counts too.
    ran = set()
    for module in found:
        parts = module.split(".")
        ran.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {m for m in ran if m in modules and m != name}


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports."""
    modules = package_modules(package)
    graph = {name: module_imports(name, path, modules) for name, path in modules.items()}
    # A package's __init__ that imports its own modules is how a package shows its parts;
    # the parts importing their package's siblings does not run the __init__ again.
    for name in graph:
        if modules[name].name == "__init__.py":
            graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
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
