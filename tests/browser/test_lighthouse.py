"""Lighthouse's accessibility audit scores 100 on every type of page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tooling import tool_missing

CHROMIUM = Path("/usr/bin/chromium")

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("lighthouse_audit", REPO / "scripts" / "lighthouse_audit.py")
lighthouse_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lighthouse_audit)


@pytest.fixture(scope="module")
def served_site(base_url):
    """The site that the other browser tests use (built once for all of them), served locally."""
    if not lighthouse_audit.LIGHTHOUSE.exists():
        tool_missing("Lighthouse is missing (npm ci)")
    if not CHROMIUM.exists():
        tool_missing(f"{CHROMIUM} is missing")
    return base_url


@pytest.mark.parametrize("page_type", list(lighthouse_audit.PAGE_TYPES))
def test_lighthouse_accessibility_is_100(served_site, page_type):
    scores = lighthouse_audit.audit(served_site + lighthouse_audit.PAGE_TYPES[page_type], ["accessibility"])
    assert scores["accessibility"] == 100, f"failing audits: {scores['failing_audits']}"
