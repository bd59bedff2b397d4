"""`python build.py new FOLDER` starts a new site that builds at once, whose placeholders a
strict build names one by one, and which carries nothing of the West Mercia site."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
import yaml
from other_sites import files_under, run_build_py, run_main, west_mercia_text
from tooling import REPO_ROOT

from sitegen.markdown.renderer import MarkdownRenderer
from sitegen.model.schema import SiteConfig
from sitegen.new_site.scaffold import GITIGNORE, new_site_files, read_starter

PLACEHOLDER = re.compile(r"\bTODO:|(https://|@)[a-z.]*example\.gov\.uk")


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    """A site made by `build.py new`, as an office would start one."""
    folder = tmp_path_factory.mktemp("office") / "our-site"
    result = run_build_py("new", str(folder))  # As typed, once: the rest run in this process.
    assert result.returncode == 0, result.stderr
    assert f"Made a new site in {folder}" in result.stdout
    return folder


@pytest.fixture(scope="module")
def built(new_site, tmp_path_factory) -> Path:
    """The new site built as it is (warnings allowed), by the repository's build.py."""
    output = tmp_path_factory.mktemp("new-site-output") / "site"
    result = run_main("--project", str(new_site), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert "warnings" in result.stdout
    return output


def test_a_new_site_has_settings_pages_an_example_topic_and_a_note_for_the_office_but_no_theme(new_site):
    names = set(files_under(new_site))
    assert {
        "site_config.yaml",
        "content/index.md",
        "content/accessibility.md",
        "content/glossary.yaml",
        "content/example-topic/index.md",
        "START-HERE.md",
        ".gitignore",
        "build.py",
    } <= names
    # The theme ships inside the package, so each release's fixes reach the site: only notes
    # saying what an override is go into templates/ and static/.
    assert sorted(name for name in names if name.startswith(("templates/", "static/"))) == [
        "static/README.md",
        "templates/README.md",
    ]
    assert (new_site / ".gitignore").read_text() == GITIGNORE
    assert "_site/" in GITIGNORE.splitlines()


def test_the_example_topic_has_each_kind_of_list_and_the_site_a_glossary(new_site):
    lists = {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (new_site / "content" / "example-topic").glob("*.yaml")
    }
    kinds = {data["kind"]: data for data in lists.values()}
    assert set(kinds) == {"timeline", "list", "steps"}
    assert kinds["timeline"]["themes"], "the example timeline shows the theme filter"
    assert all(entry.get("period") for entry in kinds["list"]["entries"]), "the example list has a year filter"
    assert {entry["status"] for entry in kinds["steps"]["entries"]} == {"planned", "in progress", "done"}
    glossary = yaml.safe_load((new_site / "content" / "glossary.yaml").read_text(encoding="utf-8"))
    assert glossary["kind"] == "glossary"


def test_the_new_site_builds_at_once_with_warnings(built):
    assert (built / "index.html").is_file()
    for path in (
        "example-topic/index.html",
        "example-topic/timeline/index.html",
        "example-topic/timeline/planning/index.html",
        "example-topic/projects/2024/index.html",
        "example-topic/next-steps/index.html",
        "glossary/index.html",
        "accessibility/index.html",
        "data/example-topic/timeline.csv",
        "search/a-z/index.html",
        "feed.xml",
    ):
        assert (built / path).is_file(), path
    home = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'href="example-topic/"[^>]*>An example topic</a>', home
    )  # The menu and the home page list the topic.


def test_a_strict_build_names_every_placeholder_with_its_file_and_line(new_site, tmp_path):
    expected = []
    for name, data in files_under(new_site).items():
        if name == "site_config.yaml" or name.startswith("content/"):
            for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
                if PLACEHOLDER.search(line):
                    expected.append(f"{name}:{number}: ")
    assert len(expected) > 20  # The settings, the home page, the statement and each example list.

    result = run_main("--strict", "--project", str(new_site), "--output", str(tmp_path / "site"))

    assert result.returncode == 1
    missing = [where for where in expected if where not in result.stderr]
    assert not missing, f"not named by --strict: {missing}\n{result.stderr}"
    # Each placeholder once, and nothing else (a "TODO:" note is not also an unknown abbreviation).
    assert result.stderr.rstrip().endswith(
        f"{len(expected)} problems in the content. Nothing was published; the last good site is unchanged."
    )
    assert not (tmp_path / "site").exists()


def test_the_example_addresses_are_named_wherever_they_are_in_the_settings(new_site):
    lines = (new_site / "site_config.yaml").read_text(encoding="utf-8").splitlines()
    footer = 1 + next(i for i, line in enumerate(lines) if "example.gov.uk/freedom-of-information/" in line)
    email = 1 + next(i for i, line in enumerate(lines) if "information@example.gov.uk" in line)

    result = run_main("check", "--strict", "--project", str(new_site))

    assert result.returncode == 1
    assert (
        f"site_config.yaml:{footer}: 'url' is a placeholder address "
        "(https://www.example.gov.uk/freedom-of-information/), not a real one\n"
        f'    {footer} |     url: "https://www.example.gov.uk/freedom-of-information/"\n'
        "    hint: replace it with the real address before publishing"
    ) in result.stderr
    assert (
        f"site_config.yaml:{email}: 'email' is a placeholder email address (information@example.gov.uk), not a real one"
    ) in result.stderr


def test_the_new_sites_own_build_py_builds_it_from_any_folder(new_site, tmp_path):
    result = run_build_py("check", cwd=tmp_path, script=new_site / "build.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Content is valid: ")


def test_new_refuses_a_folder_that_is_not_empty_and_changes_nothing(tmp_path):
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")

    result = run_main("new", str(folder))

    assert result.returncode == 2
    assert result.stderr == (
        f"error: '{folder}' already exists and is not an empty folder, so no new site was made in it "
        "(nothing was changed). Give the name of a new folder, like 'python build.py new my-site'\n"
    )
    assert files_under(folder) == {"notes.txt": b"keep me"}


def test_new_refuses_a_file_of_that_name(tmp_path):
    (tmp_path / "site").write_text("a file")
    result = run_main("new", str(tmp_path / "site"))
    assert result.returncode == 2
    assert "already exists and is not an empty folder" in result.stderr
    assert (tmp_path / "site").read_text() == "a file"


def test_new_fills_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_main("new", str(tmp_path / "empty"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "empty" / "site_config.yaml").is_file()


def test_new_explains_itself(tmp_path):
    result = run_main("new", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "usage: python build.py new [-h] [--debug] FOLDER" in text
    assert "FOLDER must not exist yet, or be empty: nothing is ever overwritten." in text
    commands = "Commands: build (the default), serve, office, check, new, override, migrate, audit."
    assert commands in " ".join(run_main("--help").stdout.split())


def test_the_output_of_a_new_site_has_no_text_of_the_west_mercia_site(built, new_site):
    assert west_mercia_text(files_under(built)) == []
    assert west_mercia_text(files_under(new_site)) == []


def test_the_starter_is_dated_the_day_the_site_is_made():
    files = new_site_files(read_starter(), datetime.date(2027, 3, 4))
    assert "updated: 2027-03-04" in files["content/index.md"].decode()
    assert not [name for name, data in files.items() if b"__TODAY__" in data]


def test_every_setting_is_in_the_new_site_config_with_a_comment(new_site):
    lines = (new_site / "site_config.yaml").read_text(encoding="utf-8").splitlines()

    def documented(name: str, indent: str) -> bool:
        """The setting (or its commented-out example) has a comment of its own just above it."""
        for number, line in enumerate(lines):
            if re.match(rf"^{indent}(# )?{name}:", line):
                above = lines[number - 1].strip()
                return above.startswith("#") and not re.match(r"^# [a-z_]+:", above)
        return False

    undocumented = [name for name in SiteConfig.model_fields if not documented(name, "")]
    for parent in ("organisation", "contact", "licence"):
        model = SiteConfig.model_fields[parent].annotation
        undocumented += [f"{parent}.{name}" for name in model.model_fields if not documented(name, "  ")]
    assert undocumented == []


def test_the_accessibility_statement_follows_the_model_and_is_honest_about_automated_tests(new_site):
    text = (new_site / "content" / "accessibility.md").read_text(encoding="utf-8")
    assert "kind: accessibility-statement" in text
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "How we tested this website",
        "Preparation of this accessibility statement",
    ):
        assert f"## {heading}\n" in text or f"### {heading}\n" in text, heading
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "do not\nshow that a website is fully compliant" in text
    assert "TODO: say how soon" in text


def test_a_todo_note_in_the_text_is_not_also_reported_as_an_unknown_abbreviation():
    rendered = MarkdownRenderer({}, "https://www.example.gov.uk/").render(
        "TODO: write this. The ABC did it.", "content/a.md", 5
    )
    assert [problem.message for problem in rendered.problems] == [
        "'ABC' looks like an abbreviation, but nothing says what it stands for"
    ]


def test_once_every_placeholder_is_replaced_the_new_site_publishes_with_strict(new_site, tmp_path):
    shutil.copytree(new_site, tmp_path / "ours")
    for path in [tmp_path / "ours" / "site_config.yaml", *(tmp_path / "ours" / "content").rglob("*.*")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("TODO: ", "").replace("example.gov.uk", "our-office.gov.uk"), encoding="utf-8")

    result = run_main("--strict", "--project", str(tmp_path / "ours"))

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (tmp_path / "ours" / "_site" / "index.html").is_file()


def test_the_first_hour_guide_shows_what_the_commands_print(new_site):
    guide = (REPO_ROOT / "docs" / "first-hour.md").read_text(encoding="utf-8")
    assert f"Made a new site in ../our-site ({len(files_under(new_site))} files)." in guide
    title = (new_site / "site_config.yaml").read_text(encoding="utf-8").splitlines()[10]
    assert (
        f"site_config.yaml:11: this line has a 'TODO:' note: something still to write or replace\n"
        f"    11 | {title}\n" in guide
    )
    for command in ("build.py new ../our-site", "build.py serve", "build.py check --strict", "build.py --strict"):
        assert command in guide
