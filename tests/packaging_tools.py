"""The package as an office gets it: a wheel and an sdist built from this repository, each
installed in a fresh virtual environment with no source tree in sight."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

from tooling import REPO_ROOT

from sitegen.release import DISTRIBUTION


def build_distributions(out: Path) -> tuple[Path, Path]:
    """The wheel and the sdist, made by `python -P -m build` (-P: this repository's build.py
    must not stand in for the `build` package)."""
    result = subprocess.run(
        [sys.executable, "-P", "-m", "build", "--outdir", str(out), str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=out,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist


def fresh_environment(folder: Path) -> dict[str, str]:
    """A new virtual environment with nothing installed: the variables a shell in it has."""
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "COV_", "VIRTUAL"))}
    environment.pop("PYTHONPATH", None)
    environment["VIRTUAL_ENV"] = str(folder)
    environment["PATH"] = f"{folder / 'bin'}{os.pathsep}{environment.get('PATH', '')}"
    return environment


def with_local_packages(environment: dict[str, str], dist: Path) -> dict[str, str]:
    """pip also looks in `dist` (where the wheel just built is), as it would look on the package
    index for the released version."""
    links = " ".join(filter(None, [str(dist), environment.get("PIP_FIND_LINKS", "")]))
    return {**environment, "PIP_FIND_LINKS": links, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def run(command: list[str] | str, cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A command (a list, or a shell line run by bash, as CI runs it) that must succeed."""
    shell = isinstance(command, str)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command] if shell else command,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


__all__ = ["DISTRIBUTION", "build_distributions", "fresh_environment", "run", "with_local_packages"]
