"""Sites other than West Mercia's, for the tests: the second site and what a new site must not carry.

The second site (tests/sites/lindmere-fire/) is a fictional fire and rescue service in a
fictional county. It has its own content and configuration and uses the theme inside the package,
overriding nothing, as a new site made by `build.py new` does.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tooling import REPO_ROOT

SECOND_SITE = REPO_ROOT / "tests" / "sites" / "lindmere-fire"

# Text only the West Mercia site has: its name, its people, its subject and its partners.
WEST_MERCIA_TEXT = re.compile(
    r"Mercia|westmercia|Campion|\bSOC\b|\bPCC\b|Crimestoppers|Police and Crime Commissioner"
    r"|[Ss]erious and organised crime|HMICFRS|West Midlands"
)


def copy_second_site(target: Path) -> Path:
    """The second site as a project folder: its content and configuration (the theme is the package's)."""
    shutil.copytree(SECOND_SITE, target)
    return target


def run_build_py(
    *arguments: str, cwd: Path = REPO_ROOT, script: Path = REPO_ROOT / "build.py"
) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGUMENTS`, as a person types it, with this Python."""
    return subprocess.run(
        [sys.executable, str(script), *arguments], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_main(*arguments: str) -> Ran:
    """The command line in this process (faster than `run_build_py`): its exit status and output."""
    from sitegen.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(arguments))
        except SystemExit as exit:  # --help, and mistakes in the command itself
            code = exit.code if isinstance(exit.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())


def west_mercia_text(files: Mapping[str, bytes]) -> list[str]:
    """Each West Mercia string found, as "file: the words around it"."""
    found = []
    for name, data in sorted(files.items()):
        text = data.decode("utf-8", errors="replace")
        for match in WEST_MERCIA_TEXT.finditer(text):
            around = " ".join(text[max(0, match.start() - 40) : match.end() + 40].split())
            found.append(f"{name}: …{around}…")
    return found


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too), by path relative to it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }
