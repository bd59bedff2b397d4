"""What the page makers may do to a render in progress: read it, and record through its
`note_…` methods (sitegen/render/site_state.py).

The page makers (site_pages, list_pages, deferred_pages, page_template, link_check) are
given the render as the `SiteState` protocol. Every member of it is a read-only property, and
none is of a type that can be changed in place (a dict, a list, a set): its collections come
as Mappings, Sequences and frozensets. (The tools, such as the Jinja environment, are objects
the page makers use; this does not freeze them.)
`make lint` runs mypy --strict, which then refuses a page maker that writes into the
render's state (`site.sizes[path] = n`, `site.page_titles = {...}`): what it learns goes
through a named method, and the problems it finds are returned, never appended.

These read the source; they build nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SITE_STATE = Path(__file__).resolve().parent.parent / "sitegen" / "render" / "site_state.py"
CHANGEABLE = ("dict", "list", "set", "bytearray", "Dict", "List", "Set", "MutableMapping", "MutableSequence")


def writable_members(source: str) -> list[str]:
    """The members of SiteState a page maker could change: plain attributes, and
    properties whose type can be changed in place."""
    (protocol,) = [
        node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ClassDef) and node.name == "SiteState"
    ]
    found = []
    for member in protocol.body:
        if isinstance(member, ast.AnnAssign):
            found.append(f"{ast.unparse(member.target)}: an attribute, which can be assigned")
        elif isinstance(member, ast.FunctionDef) and any(
            ast.unparse(decorator) == "property" for decorator in member.decorator_list
        ):
            returned = ast.unparse(member.returns) if member.returns else ""
            if returned.split("[")[0].split(".")[-1] in CHANGEABLE:
                found.append(f"{member.name}: a {returned}, which can be changed in place")
    return found


def test_every_member_of_the_render_state_is_read_only():
    assert writable_members(SITE_STATE.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "member",
    [
        "    sizes: dict[str, int]",
        "    @property\n    def sizes(self) -> dict[str, int]: ...",
        "    @property\n    def links(self) -> list[InternalLink]: ...",
    ],
)
def test_a_member_that_could_be_changed_is_found(member):
    source = SITE_STATE.read_text(encoding="utf-8")
    changed = source.replace("    # What the render was given", member + "\n\n    # What the render was given", 1)
    assert changed != source
    assert len(writable_members(changed)) == 1


def writes_into_site(source: str) -> list[str]:
    """The statements of a page maker that assign into the render's state (`site.…`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            continue
        for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
            while isinstance(target, (ast.Subscript, ast.Attribute)) and not _is_site(target):
                target = target.value
            if _is_site(target):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_page_makers_record_only_through_the_note_methods():
    """No page maker assigns into the render's state, even where mypy is not run."""
    makers = [path for path in sorted(SITE_STATE.parent.glob("*.py")) if path.name not in ("site.py", "site_state.py")]
    assert len(makers) > 10
    assert [f"{path.name}:{line}" for path in makers for line in writes_into_site(path.read_text("utf-8"))] == []


@pytest.mark.parametrize(
    "statement",
    [
        "site.sizes[path] = len(data)",
        "site.page_titles = {}",
        "site.menus[key].x = 1",
        "site.written_by_workers += 1",
        "site.datasets: dict = {}",
    ],
)
def test_a_page_maker_writing_into_the_state_is_found(statement):
    source = f"def maker(site, path, data, key):\n    {statement}\n    other.sizes[path] = 1\n"
    assert writes_into_site(source) == [f"2: {ast.unparse(ast.parse(statement))}"]


def _is_site(node: object) -> bool:
    """`site.x` or `site.x[...]`: a write into the state the maker was given."""
    while isinstance(node, ast.Subscript):
        node = node.value
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "site"
