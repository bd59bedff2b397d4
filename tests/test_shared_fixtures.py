"""What the tests share to save time is shared safely: tests/first_builds.py, tests/cheap_hashing.py,
tests/shared_link_readings.py and the Markdown renderer (tests/conftest.py).

An office's first build is shared only between offices over exactly the same bytes, and each
office's files are its own; the office tests hash passwords cheaply while the real command
hashes at full cost (tests/test_office_config.py checks the costs it writes). A page's
printed-link reading and a Markdown text's rendering are shared only for the same bytes under
the same settings.
"""

from __future__ import annotations

import dataclasses

import pytest
from argon2 import extract_parameters
from cheap_hashing import CHEAP
from office_client import copy_folder, make_office, prepare_folder
from shared_link_readings import remembered
from tooling import REPO_ROOT

from sitegen.model.loading import load_site
from sitegen.office import accounts
from sitegen.read.project_files import read_project
from sitegen.render import printed_links, site_facts
from sitegen.render import site as site_renderer
from sitegen.render.site_facts import PrintRules

PLAN = "content/plan.md"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office-template")
    prepare_folder(folder)
    return folder


def test_an_office_over_other_bytes_builds_them_itself(template, tmp_path):
    first = make_office(template / "office.yaml", copy_folder(template, tmp_path / "a") / "project")
    same = make_office(template / "office.yaml", copy_folder(template, tmp_path / "b") / "project")
    changed = copy_folder(template, tmp_path / "c") / "project"
    plan = changed / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Changed ", 1), encoding="utf-8")
    other = make_office(template / "office.yaml", changed)
    assert same.state.files == first.state.files
    assert b"Changed " in other.state.files["plan/index.html"]
    assert b"Changed " not in first.state.files["plan/index.html"]


def test_each_office_has_its_own_files(template, tmp_path):
    first = make_office(template / "office.yaml", copy_folder(template, tmp_path / "a") / "project")
    second = make_office(template / "office.yaml", copy_folder(template, tmp_path / "b") / "project")
    assert first.state.files is not second.state.files
    first.state.files["plan/index.html"] = b"changed in one office"
    assert second.state.files["plan/index.html"] != b"changed in one office"


def test_the_tests_hash_cheaply_and_check_what_they_hash(tmp_path):
    assert accounts._HASHER is CHEAP
    made, _ = accounts.add_user(tmp_path / "accounts.yaml", "sam", "Sam", "sam@example.gov.uk", "editor", "x" * 12)
    assert extract_parameters(made.people[0].password_hash).memory_cost == 8
    assert accounts.check_password(made, "sam", "x" * 12) is not None
    assert accounts.check_password(made, "sam", "y" * 12) is None


def test_a_page_read_for_printed_links_again_gets_the_readings_own_answer():
    calls = []

    def reading(main, rules):
        calls.append(main)
        return printed_links.links_without_address(main, rules)

    read = remembered(reading)
    page = '<div class="quiet"><a href="/x/">Read more</a></div>'
    quiet, loud = PrintRules(frozenset({"quiet"}), frozenset()), PrintRules(frozenset(), frozenset())
    assert read(page, quiet) == () and read(page, quiet) == ()
    assert read(page, loud) == ("Read more",)  # the rules are part of what is remembered
    assert read(page.replace("more", "less"), loud) == ("Read less",)  # and so is every byte of the page
    assert len(calls) == 3


def test_the_builds_in_the_tests_read_pages_through_the_shared_reading():
    assert site_facts.links_without_address is not printed_links.links_without_address
    assert site_facts.links_without_address.__qualname__ == "remembered.<locals>.read_once"


def test_builds_in_the_tests_share_a_markdown_renderer_only_while_its_settings_are_the_same():
    content = load_site(read_project(REPO_ROOT).files).content
    first = site_renderer.markdown_renderer(content, None)
    assert site_renderer.markdown_renderer(content, None) is first
    assert site_renderer.markdown_renderer(content, None, check_capitals=False) is not first
    other_address = dataclasses.replace(
        content, config=content.config.model_copy(update={"base_url": "https://other.example/"})
    )
    assert site_renderer.markdown_renderer(other_address, None) is not first
