"""`python build.py audit`: placeholder until the checks move in."""

from __future__ import annotations

from pathlib import Path


def audit(root: Path, base_url: str | None, report: Path | None) -> bool:
    raise NotImplementedError
