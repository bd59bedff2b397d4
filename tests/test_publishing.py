"""The publishing recipes in the repository do what the README says they do.

GitHub Actions, GitLab CI, Netlify and Cloudflare Pages each build the site with the
README's commands: `python -m pip install .` (the builder without the test tools, no
`make`) and `python build.py --strict`, and publish the folder the build writes.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
INSTALL = "python -m pip install ."
BUILD = "python build.py --strict"
CHECK = "python build.py check --strict"
PYTHON = "3.11"  # The version the project is tested with, and publishes with everywhere.
WITH_TRIAL_ADDRESS = ' ${SITE_BASE_URL:+--base-url "$SITE_BASE_URL"}'


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(flow: dict) -> dict:
    return flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as true.


def commands(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def actions(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def readme_section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    return text[start : text.index("\n## ", start + 1)]


PUBLISHING = readme_section("How to publish")


def output_dir() -> str:
    return yaml.safe_load((REPO / "site_config.yaml").read_text(encoding="utf-8"))["output_dir"]


# --- GitHub Actions ------------------------------------------------------------------------


def test_publishing_to_github_pages_builds_strictly_then_deploys_what_it_built():
    flow = workflow("publish.yml")
    assert triggers(flow) == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert actions(build) == ["actions/checkout", "actions/setup-python", "actions/upload-pages-artifact"]
    assert commands(build) == [INSTALL, BUILD + WITH_TRIAL_ADDRESS]
    assert build["steps"][-1]["with"]["path"].rstrip("/") == output_dir()
    assert deploy["needs"] == "build"
    assert actions(deploy) == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def test_the_trial_address_is_a_repository_variable_passed_through_the_environment():
    # Passed as an environment variable, never pasted into the script, so no value can inject code.
    step = workflow("publish.yml")["jobs"]["build"]["steps"][3]
    assert step["env"] == {"SITE_BASE_URL": "${{ vars.SITE_BASE_URL }}"}
    assert "${{" not in step["run"]


def test_pull_requests_are_checked_as_publishing_would_check_them():
    flow = workflow("check.yml")
    assert "pull_request" in triggers(flow)
    job = flow["jobs"]["check"]
    assert job["name"] == "Check the content"  # The README names it as the check to require.
    assert "**Check the content**" in PUBLISHING
    assert actions(job) == ["actions/checkout", "actions/setup-python"]
    assert commands(job) == [INSTALL, CHECK]


def test_workflows_have_least_privilege():
    publish = workflow("publish.yml")
    assert publish["permissions"] == {}
    assert publish["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    check = workflow("check.yml")
    assert check["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in check["jobs"].values())
    for flow in (publish, check):
        for job in flow["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False  # The token is not left on disk.


def test_one_publication_at_a_time_and_never_cancelled_halfway():
    assert workflow("publish.yml")["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow("check.yml")["concurrency"] == {"group": "check-${{ github.ref }}", "cancel-in-progress": True}


@pytest.mark.parametrize("name", ["publish.yml", "check.yml"])
def test_every_action_is_pinned_to_a_full_commit_with_its_version_in_a_comment(name):
    uses = [
        line.strip()
        for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(-\s+)?uses:", line)
    ]
    assert uses
    for line in uses:
        assert re.fullmatch(r"(- )?uses: actions/[a-z-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


@pytest.mark.parametrize("name", ["publish.yml", "check.yml"])
def test_workflows_use_the_python_the_project_is_tested_with(name):
    for job in workflow(name)["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["python-version"] == PYTHON


# --- GitLab, Netlify, Cloudflare ------------------------------------------------------------


def test_gitlab_publishes_public_from_the_default_branch_and_checks_merge_requests():
    ci = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["default"]["image"] == f"python:{PYTHON}-slim"
    assert ci["default"]["before_script"] == [INSTALL.replace("pip install", "pip install --disable-pip-version-check")]
    pages = ci["pages"]
    assert pages["script"] == [BUILD + " --output public" + WITH_TRIAL_ADDRESS]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ci["check"]["script"] == [CHECK]
    assert ci["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]


def test_netlify_builds_strictly_and_reads_the_headers_the_build_writes():
    netlify = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    assert netlify["build"] == {
        "command": f"{INSTALL} && {BUILD}",
        "publish": output_dir(),
        "environment": {"PYTHON_VERSION": PYTHON},
    }
    # The headers come from _site/_headers: the CSP there holds hashes only the build knows.
    assert "headers" not in netlify


def test_the_readme_gives_cloudflare_the_same_build_settings():
    assert f"| Build command | `{INSTALL} && {BUILD}` |" in PUBLISHING
    assert f"| Build output directory | `{output_dir()}` |" in PUBLISHING
    assert f"`PYTHON_VERSION` = `{PYTHON}`" in PUBLISHING
    assert not list(REPO.glob("wrangler.*"))  # Pages reads one only for Functions, which the site has none of.


# --- the README's commands ------------------------------------------------------------------


def test_the_readme_publishes_with_the_commands_the_recipes_run():
    assert f"```sh\n{INSTALL}\n{BUILD}\n```" in PUBLISHING
    assert CHECK in PUBLISHING


def test_the_readme_says_how_to_publish_on_windows_without_make():
    assert (
        "```bat\n"
        "py -3 -m venv .venv\n"
        ".venv\\Scripts\\python -m pip install .\n"
        ".venv\\Scripts\\python build.py check --strict\n"
        ".venv\\Scripts\\python build.py --strict\n"
        "```"
    ) in PUBLISHING


@pytest.mark.parametrize(
    "recipe", [".github/workflows/publish.yml", ".github/workflows/check.yml", ".gitlab-ci.yml", "netlify.toml"]
)
def test_recipes_need_neither_make_nor_the_test_tools(recipe):
    text = (REPO / recipe).read_text(encoding="utf-8")
    lines = [line.split("#")[0] for line in text.splitlines()]  # Comments may mention them.
    assert not any(re.search(r"\bmake\b", line) for line in lines)
    assert not any("[test]" in line or "pytest" in line or "playwright" in line for line in lines)


# --- what `pip install .` installs ----------------------------------------------------------


def declared_dependencies(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    chosen = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(text) for text in chosen]


def installed_with(requirements: list[Requirement]) -> set[str]:
    """The distributions `pip install .` brings in: the dependencies and theirs, without extras."""
    found: set[str] = set()
    waiting = [r.name for r in requirements]
    while waiting:
        name = canonicalize_name(waiting.pop())
        if name in found:
            continue
        found.add(name)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                waiting.append(requirement.name)
    return found


# `build.py audit` (sitegen/audit/) needs the optional extra "audit": pip install '.[audit]'.
AUDIT = REPO / "sitegen" / "audit"


def imported_by_the_builder(audit: bool = False) -> set[str]:
    """What sitegen imports from outside: the builder's own, or (audit=True) the audit's."""
    modules: set[str] = set()
    for path in (REPO / "sitegen").rglob("*.py"):
        if (AUDIT in path.parents) != audit:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return {module for module in modules if module not in sys.stdlib_module_names and module != "sitegen"}


def test_every_package_the_builder_imports_is_installed_by_pip_install_dot():
    # A package imported but not declared works on the machine where it happens to be installed,
    # and fails on the build service.
    installed = installed_with(declared_dependencies())
    providers = metadata.packages_distributions()
    missing = {
        module
        for module in imported_by_the_builder()
        if not {canonicalize_name(d) for d in providers.get(module, [])} & installed
    }
    assert not missing, f"add to [project] dependencies in pyproject.toml: {sorted(missing)}"


def test_every_package_the_audit_imports_is_installed_by_its_extra():
    installed = installed_with(declared_dependencies("audit"))
    providers = metadata.packages_distributions()
    missing = {
        module
        for module in imported_by_the_builder(audit=True)
        if not {canonicalize_name(d) for d in providers.get(module, [])} & installed
    }
    assert "playwright" in imported_by_the_builder(audit=True)
    assert not missing, f"add to the audit extra in pyproject.toml: {sorted(missing)}"


def test_the_builder_does_not_install_the_test_tools():
    names = {canonicalize_name(r.name) for r in declared_dependencies()}
    assert not names & {"pytest", "hypothesis", "playwright"}
    assert all(str(r.specifier).startswith("==") for r in declared_dependencies())  # Pinned, as CI installs them.
