"""The generator as a package an office installs (issue 20): a wheel and an sdist that install
with no source tree, a new site that is a whole repository, and its publishing recipes run as
they are, each in a fresh environment with the generator installed from the built wheel.

Slow (each test makes a virtual environment and installs into it): left out of `make quick`.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from other_sites import SECOND_SITE, copy_second_site, files_under, west_mercia_text
from packaging_tools import DISTRIBUTION, build_distributions, fresh_environment, run, with_local_packages
from tooling import REPO_ROOT, tool_missing

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("package")]

VERSION = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    build_distributions(folder)
    return folder


def office_site(python: Path, environment: dict[str, str], folder: Path) -> Path:
    """`sitegen new`, then the second site's content and settings in place of the examples, as an
    office fills its new site in (the examples' placeholders are meant to fail a strict build)."""
    run([str(python.parent / "sitegen"), "new", str(folder)], folder.parent, environment)
    shutil.rmtree(folder / "content")
    shutil.copytree(SECOND_SITE / "content", folder / "content")
    shutil.copy(SECOND_SITE / "site_config.yaml", folder / "site_config.yaml")
    return folder


def test_the_wheel_installs_alone_and_makes_builds_and_pins_a_new_site(dist, tmp_path):
    environment = with_local_packages(fresh_environment(tmp_path / "venv"), dist)
    python = tmp_path / "venv" / "bin" / "python"
    run([str(python), "-m", "pip", "install", f"{DISTRIBUTION}=={VERSION}"], tmp_path, environment)
    where = run([str(python), "-c", "import sitegen; print(sitegen.__file__)"], tmp_path, environment).stdout
    assert where.startswith(str(tmp_path / "venv")), "the installed package, not this repository's sources"
    assert (
        run([str(python), "-m", "sitegen", "--version"], tmp_path, environment).stdout == f"{DISTRIBUTION} {VERSION}\n"
    )

    run([str(python.parent / "sitegen"), "new", "examples"], tmp_path, environment)
    run([str(python), "build.py"], tmp_path / "examples", environment)  # Placeholders warn; it builds.
    assert (tmp_path / "examples" / "_site" / "static" / "css" / "site.css").is_file(), "the theme from the package"
    assert (tmp_path / "examples" / "requirements.txt").read_text().splitlines()[-1] == f"{DISTRIBUTION}=={VERSION}"

    site = office_site(python, environment, tmp_path / "office")
    run([str(python), "build.py", "--strict"], site, environment)
    published = files_under(site / "_site")
    assert len(published) > 20 and west_mercia_text(published) == []


def test_the_sdist_installs_alone_and_builds_a_site(dist, tmp_path):
    (sdist,) = dist.glob("*.tar.gz")
    environment = fresh_environment(tmp_path / "venv")
    python = tmp_path / "venv" / "bin" / "python"
    run([str(python), "-m", "pip", "install", str(sdist)], tmp_path, environment)
    site = office_site(python, environment, tmp_path / "office")
    run([str(python), "build.py", "check", "--strict"], site, environment)


def github_commands(workflow: Path) -> list[str]:
    """Each `run:` line of a GitHub Actions workflow, with `${{ … }}` given as an unset variable."""
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    lines = []
    for job in jobs.values():
        for step in job["steps"]:
            if "run" in step:
                exports = "".join(f"export {name}=; " for name in step.get("env", {}))
                lines.append(exports + step["run"])
    return lines


def gitlab_commands(recipe: Path) -> list[str]:
    """Each job's before_script and script of a GitLab CI file, job by job."""
    ci = yaml.safe_load(recipe.read_text(encoding="utf-8"))
    before = ci.get("default", {}).get("before_script", [])
    lines = []
    for name, job in ci.items():
        if isinstance(job, dict) and "script" in job:
            lines += [*job.get("before_script", before), *job["script"]]
            assert name in ("check", "pages")
    return lines


def netlify_commands(recipe: Path) -> list[str]:
    return [tomllib.loads(recipe.read_text(encoding="utf-8"))["build"]["command"]]


RECIPES = {
    "GitHub Pages": (
        lambda site: (
            github_commands(site / ".github/workflows/check.yml")
            + github_commands(site / ".github/workflows/publish.yml")
        ),
        "_site",
    ),
    "GitLab Pages": (lambda site: gitlab_commands(site / ".gitlab-ci.yml"), "public"),
    "Netlify": (lambda site: netlify_commands(site / "netlify.toml"), "_site"),
}


@pytest.mark.parametrize("host", RECIPES)
def test_a_new_sites_publishing_recipe_works_as_it_is(dist, tmp_path, host):
    """The recipe's commands, in a fresh environment where `python` is the CI's: pip installs the
    pinned generator (from the built wheel here, from the package index in real life)."""
    maker = fresh_environment(tmp_path / "maker")
    run(["python", "-m", "pip", "install", f"{DISTRIBUTION}=={VERSION}"], tmp_path, with_local_packages(maker, dist))
    site = office_site(tmp_path / "maker" / "bin" / "python", maker, tmp_path / "office")
    commands, published = RECIPES[host]
    ci = with_local_packages(fresh_environment(tmp_path / "ci"), dist)
    lines = commands(site)
    assert any(re.search(r"pip install .*-r requirements\.txt", line) for line in lines), lines
    for line in lines:
        run(line, site, ci)
    assert (site / published / "index.html").is_file()
    assert "safety" in (site / published / "index.html").read_text(encoding="utf-8").lower()


@pytest.mark.browser
def test_the_audit_from_the_wheel_finds_nothing_on_the_second_site(dist, tmp_path):
    """`sitegen audit` installed as an office installs it (the audit extra from the wheel, axe-core
    and vnu-jar from `npm ci`: here the repository's node_modules) on tests/sites/lindmere-fire."""
    node_modules = REPO_ROOT / "node_modules"
    if not (node_modules / "axe-core").is_dir() or not Path("/usr/bin/chromium").exists():
        tool_missing("the audit needs npm ci's node_modules and /usr/bin/chromium")
    environment = with_local_packages(fresh_environment(tmp_path / "venv"), dist)
    python = tmp_path / "venv" / "bin" / "python"
    run([str(python), "-m", "pip", "install", f"{DISTRIBUTION}[audit]=={VERSION}"], tmp_path, environment)
    site = copy_second_site(tmp_path / "lindmere-fire")
    audit = {**environment, "SITEGEN_NODE_MODULES": str(node_modules)}
    result = run([str(python.parent / "sitegen"), "audit", "--report", str(tmp_path / "report.txt")], site, audit)
    first = result.stdout.splitlines()[0]
    assert first.startswith("Accessibility audit of ") and first.endswith(": 0 problems."), result.stdout[-6000:]
    for check in ("axe-core", "keyboard", "reflow", "Nu Html Checker"):
        assert f"\n{check}" in result.stdout
    assert "every page, site scripts blocked, 320px" in result.stdout
    # Every settings state, on one page of each kind (or on every page, where each page is a kind of its own).
    assert re.search(r"(one page of each kind \(\d+\)|every page), settings all-on, 320px", result.stdout)
    assert (tmp_path / "report.txt").read_text() == result.stdout
    assert not (site / "_site").exists(), "the audit writes nothing in the site"
