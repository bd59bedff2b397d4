"""Lighthouse's accessibility audit scores 100 on every type of page."""

from __future__ import annotations

import importlib.util
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from tooling import tool_missing

CHROMIUM = Path("/usr/bin/chromium")

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("lighthouse_audit", REPO / "scripts" / "lighthouse_audit.py")
lighthouse_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lighthouse_audit)

# West Mercia's page of each type (scripts/lighthouse_audit.py finds a site's own kinds itself).
PAGE_TYPES = {
    "home": "/",
    "page": "/plan/",
    "timeline": "/timeline/",
    "timeline year": "/timeline/2021/",
    "timeline theme": "/timeline/drugs/",
    "timeline year and theme": "/timeline/2021/drugs/",
    "list": "/funded-services/",
    "next steps": "/next-steps/",
    "glossary": "/glossary/",
    "open data": "/data/",
    "accessibility statement": "/accessibility/",
    "not found": "/404.html",
}

# An audit spends most of its ~13 s waiting (for Chrome, for the page to settle), so the audits
# run two at a time, all on one pytest-xdist worker while the other carries on with the rest.
AT_ONCE = 2
pytestmark = pytest.mark.xdist_group("lighthouse")


@pytest.fixture(scope="module")
def served_site(base_url):
    """The site that the other browser tests use (built once for all of them), served locally."""
    if not lighthouse_audit.LIGHTHOUSE.exists():
        tool_missing("Lighthouse is missing (npm ci)")
    if not CHROMIUM.exists():
        tool_missing(f"{CHROMIUM} is missing")
    return base_url


@pytest.fixture(scope="module")
def audits(served_site, request) -> dict[str, Future]:
    """The accessibility audit of each page type that this run tests, started at once, by type."""
    chosen = [
        item.callspec.params["page_type"]
        for item in request.session.items
        if item.module is request.module and hasattr(item, "callspec")
    ]
    with ThreadPoolExecutor(max_workers=AT_ONCE, thread_name_prefix="lighthouse") as pool:
        futures = {
            page_type: pool.submit(lighthouse_audit.audit, served_site + PAGE_TYPES[page_type], ["accessibility"])
            for page_type in chosen
        }
        yield futures
        for future in futures.values():
            future.cancel()


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_lighthouse_accessibility_is_100(audits, page_type):
    scores = audits[page_type].result()
    assert scores["accessibility"] == 100, f"failing audits: {scores['failing_audits']}"
