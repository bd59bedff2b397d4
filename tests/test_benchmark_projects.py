"""The benchmark's synthetic projects are sites the generator accepts as they are, so that
`make bench` measures builds, not the messages of a failed one (it once did, unseen, after the
real site's footer gained a page the synthetic ones lacked)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitegen.pipeline import check

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import synth  # noqa: E402


@pytest.mark.parametrize("make", [synth.make_pages_project, synth.make_timeline_project], ids=["pages", "timeline"])
def test_a_small_synthetic_project_passes_a_strict_check(make, tmp_path):
    root = make(tmp_path / "project", 30)
    result = check(root, strict=True)
    assert result.warnings == ()


def test_the_minimal_pipeline_the_build_is_compared_with_renders_the_same_pages(tmp_path):
    import json

    import _probe

    root = synth.make_pages_project(tmp_path / "project", 30)
    result = tmp_path / "result.json"
    assert _probe.cmd_minimal(str(root), str(tmp_path / "out"), str(result)) == 0
    pages = len(list((root / "content").glob("*.md")))
    assert json.loads(result.read_text())["pages"] == pages >= 30
