"""Every built page is valid HTML according to the Nu Html Checker (vnu.jar,
the engine behind validator.w3.org/nu), run locally with the system Java."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# The checks' own code, which `build.py audit` runs on any site (sitegen/audit/).
from sitegen.audit.nu_checker import describe, nu_errors
from sitegen.audit.nu_checker import run_nu_checker as nu_messages
from sitegen.errors import SiteError

REPO_ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_nu_checker(site_dir: Path, missing_tool) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        missing_tool("java is not installed (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing_tool(f"{VNU_JAR} is missing (npm ci)")
    try:
        return nu_messages(site_dir, VNU_JAR, java)
    except SiteError as error:
        pytest.fail(str(error), pytrace=False)


def test_every_built_page_has_no_nu_html_checker_errors(site_dir, html_files, missing_tool):
    messages = run_nu_checker(site_dir, missing_tool)
    errors = nu_errors(messages)
    if errors:
        pages = {m.get("url") for m in errors}
        pytest.fail(
            f"{len(errors)} Nu Html Checker error(s) in {len(pages)} of {len(html_files)} pages:\n"
            + "\n".join(describe(m, site_dir.resolve()) for m in errors),
            pytrace=False,
        )
