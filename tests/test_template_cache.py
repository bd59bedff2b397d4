"""Compiled templates are kept between builds, and the cache can only ever save time."""

from __future__ import annotations

import os

import jinja2
import pytest

from sitegen.pipeline import build
from sitegen.render import template_cache
from sitegen.render.environment import make_environment
from sitegen.render.template_cache import TemplateCache, cache_folder

TEMPLATES = {"page.html": "<p>{{ greeting }}, {{ name }}</p>"}


def _render(cache: TemplateCache, templates=TEMPLATES) -> str:
    return make_environment(templates, cache).get_template("page.html").render(greeting="Hello", name="you")


def test_a_compiled_template_is_kept_and_used_by_the_next_run(tmp_path):
    cache = TemplateCache(str(tmp_path))
    assert _render(cache) == "<p>Hello, you</p>"
    kept = list(tmp_path.iterdir())
    assert len(kept) == 1
    before = kept[0].stat().st_mtime_ns
    assert _render(TemplateCache(str(tmp_path))) == "<p>Hello, you</p>"
    assert kept[0].stat().st_mtime_ns == before, "an unchanged template is read from the cache, not compiled again"


def test_a_changed_template_is_compiled_again(tmp_path):
    _render(TemplateCache(str(tmp_path)))
    changed = {"page.html": "<p>{{ greeting }} there, {{ name }}</p>"}
    assert _render(TemplateCache(str(tmp_path)), changed) == "<p>Hello there, you</p>"


def test_a_damaged_cache_file_is_ignored(tmp_path):
    _render(TemplateCache(str(tmp_path)))
    (kept,) = tmp_path.iterdir()
    kept.write_bytes(kept.read_bytes()[:20] + b"\x00garbage")
    assert _render(TemplateCache(str(tmp_path))) == "<p>Hello, you</p>"


def test_a_cache_folder_that_cannot_be_written_is_not_an_error(tmp_path):
    missing = tmp_path / "not-a-folder"
    missing.write_text("a file where the folder should be")
    assert _render(TemplateCache(str(missing))) == "<p>Hello, you</p>"


def test_the_cache_folder_follows_the_environment(tmp_path):
    assert cache_folder({"SITEGEN_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_folder({"SITEGEN_CACHE_DIR": "off"}) is None
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "sitegen" / "templates"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are a POSIX idea")
def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(shared))
    assert template_cache.user_cache() is None


def test_builds_with_and_without_the_cache_are_identical(make_project, tmp_path, monkeypatch):
    root = make_project()
    outputs = []
    for setting in (str(tmp_path / "cache"), str(tmp_path / "cache"), "off"):
        monkeypatch.setenv("SITEGEN_CACHE_DIR", setting)
        output = tmp_path / f"out-{len(outputs)}"
        build(root, output)
        outputs.append({p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()})
    assert any((tmp_path / "cache").iterdir())
    assert outputs[0] == outputs[1] == outputs[2]


def test_code_compiled_under_other_settings_is_never_reused(tmp_path):
    # The same template text without autoescaping compiles to code that prints HTML as is.
    unsafe = jinja2.Environment(
        loader=jinja2.DictLoader(TEMPLATES), autoescape=False, bytecode_cache=TemplateCache(str(tmp_path))
    )
    assert unsafe.get_template("page.html").render(greeting="<b>", name="you") == "<p><b>, you</p>"
    safe = make_environment(TEMPLATES, TemplateCache(str(tmp_path)))
    assert safe.get_template("page.html").render(greeting="<b>", name="you") == "<p>&lt;b&gt;, you</p>"
