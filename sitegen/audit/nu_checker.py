"""Every built page checked by the Nu Html Checker (vnu.jar, the engine behind
validator.w3.org/nu), run locally with Java: its errors, one line each with file, line and column."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import SiteError


def run_nu_checker(site_dir: Path, vnu_jar: Path, java: str = "java") -> list[dict[str, Any]]:
    """The checker's messages (errors only) for every HTML file under `site_dir`."""
    command = [java, "-jar", str(vnu_jar), "--errors-only", "--skip-non-html", "--format", "json", "--stdout"]
    result = subprocess.run([*command, str(site_dir)], capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SiteError(
            f"the Nu Html Checker did not print JSON (exit {result.returncode}): "
            f"{result.stdout[-2000:]} {result.stderr[-2000:]}"
        ) from None
    messages: list[dict[str, Any]] = report.get("messages", [])
    return messages


def nu_errors(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages that are errors, by file and line."""
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"]
    return sorted(errors, key=lambda m: (m.get("url", ""), m.get("lastLine", 0), m.get("firstColumn", 0)))


def describe(message: dict[str, Any], site_dir: Path) -> str:
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
