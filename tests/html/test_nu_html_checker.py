"""Every built page is valid HTML according to the Nu Html Checker (vnu.jar,
the engine behind validator.w3.org/nu), run locally with the system Java."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_nu_checker(site_dir: Path, missing_tool) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        missing_tool("java is not installed (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing_tool(f"{VNU_JAR} is missing (npm ci)")
    command = [
        java,
        "-jar",
        str(VNU_JAR),
        "--errors-only",
        "--skip-non-html",
        "--format",
        "json",
        "--stdout",
        str(site_dir),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"the Nu Html Checker did not print JSON (exit {result.returncode}):\n"
            f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}",
            pytrace=False,
        )
    return report.get("messages", [])


def describe(message: dict, site_dir: Path) -> str:
    path = Path(unquote(urlparse(message.get("url", "")).path))
    try:
        where = path.relative_to(site_dir).as_posix()
    except ValueError:
        where = str(path)
    line = message.get("lastLine", message.get("firstLine", "?"))
    column = message.get("firstColumn", message.get("lastColumn", "?"))
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{line}:{column}: {message.get('type')}: {message.get('message')}" + (
        f"\n    {extract}" if extract else ""
    )


def test_every_built_page_has_no_nu_html_checker_errors(site_dir, html_files, missing_tool):
    messages = run_nu_checker(site_dir, missing_tool)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"]
    if errors:
        errors.sort(key=lambda m: (m.get("url", ""), m.get("lastLine", 0), m.get("firstColumn", 0)))
        pages = {m.get("url") for m in errors}
        pytest.fail(
            f"{len(errors)} Nu Html Checker error(s) in {len(pages)} of {len(html_files)} pages:\n"
            + "\n".join(describe(m, site_dir.resolve()) for m in errors),
            pytrace=False,
        )
