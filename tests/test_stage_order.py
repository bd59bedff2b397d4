"""The folders are the pipeline, in order: a stage imports only from its own stage and the
stages before it, type-hint imports (`if TYPE_CHECKING:`) included.

So the code can be read from the top of this list down, each stage knowing nothing of what
comes after it: reading files, parsing them, the content's model, Markdown, shaping the
content for pages, rendering, writing the site; the pipeline that runs them; and beside it
the editor, the preview, the audit, the office service, the new-site starter, the upgrade commands and the command
line that use it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from import_graph import PACKAGE, import_graph

# Each stage is a folder of sitegen/ or one of its top modules (errors.py, pipeline.py, …).
STAGES = (
    "errors",
    "release",  # which release this is (a name and a version), needed by nothing before it
    "theme",  # the default theme: data that the read stage lays a site's own files over
    "read",
    "parse",
    "model",
    "markdown",
    "shape",
    "render",
    "write",
    "pipeline",
    "editor",
    "preview",
    "audit",  # build.py audit: a build, served and checked in a browser
    "office",  # build.py office: the editor and preview for a team, with sign-in and review
    "new_site",
    "upgrade",  # build.py override and migrate
    "github_annotations",
    "cli",
    "__main__",  # python -m sitegen: the command line
)


def _stage(module: str) -> str:
    """`sitegen.render.site` -> "render"; the package itself ("sitegen") is no stage."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def backward_imports(graph: dict[str, set[str]], stages: tuple[str, ...] = STAGES) -> list[str]:
    """Every import of a later stage, and every module that is in no stage, as sentences."""
    wrong = []
    for module in sorted(graph):
        stage = _stage(module)
        if stage == "":
            # The package's __init__ runs before everything: it may import nothing of its own.
            wrong += [f"{module} imports {other}: the package itself must import nothing" for other in graph[module]]
            continue
        if stage not in stages:
            wrong.append(f"{module} is in no stage: add '{stage}' to STAGES in test_stage_order.py, in its place")
            continue
        for other in sorted(graph[module]):
            other_stage = _stage(other)
            if other_stage in stages and stages.index(other_stage) > stages.index(stage):
                wrong.append(f"{module} ({stage}) imports {other} ({other_stage}), a later stage")
    return wrong


def test_each_stage_imports_only_from_itself_and_the_stages_before_it():
    assert backward_imports(import_graph()) == []


def test_every_stage_is_a_folder_or_module_of_the_package():
    # A stage renamed or removed must leave this list too, or the order above says nothing.
    for stage in STAGES:
        assert (PACKAGE / stage).is_dir() or (PACKAGE / f"{stage}.py").is_file(), stage


def _made_up_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "sitegen"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if path.parent != package and not (path.parent / "__init__.py").exists():
            (path.parent / "__init__.py").write_text("", encoding="utf-8")
    return package


@pytest.mark.parametrize(
    "importer",
    [
        "from ..render.site import SiteRenderer\n",
        "def later():\n    from ..render import site\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..render.site import SiteRenderer\n",
    ],
    ids=["at the top", "inside a function", "for a type hint only"],
)
def test_an_earlier_stage_importing_a_later_one_is_reported(tmp_path, importer):
    # The test above must be able to fail: the model reaching forward into the renderer.
    package = _made_up_package(
        tmp_path,
        {
            "render/site.py": "from ..model import content\nclass SiteRenderer: ...\n",
            "model/content.py": importer,
        },
    )
    assert backward_imports(import_graph(package)) == [
        "sitegen.model.content (model) imports sitegen.render (render), a later stage",
        "sitegen.model.content (model) imports sitegen.render.site (render), a later stage",
    ]


def test_a_module_outside_every_stage_is_reported(tmp_path):
    package = _made_up_package(tmp_path, {"helpers.py": "", "read/files.py": "from .. import helpers\n"})
    assert backward_imports(import_graph(package)) == [
        "sitegen.helpers is in no stage: add 'helpers' to STAGES in test_stage_order.py, in its place"
    ]


def test_imports_within_a_stage_and_from_earlier_ones_are_fine(tmp_path):
    package = _made_up_package(
        tmp_path,
        {
            "errors.py": "",
            "model/content.py": "from ..errors import Problem\nfrom ..read import files\n",
            "model/schema.py": "from . import content\n",
            "read/files.py": "from ..errors import Problem\n",
        },
    )
    assert backward_imports(import_graph(package)) == []
