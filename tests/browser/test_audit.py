"""`build.py audit` (sitegen/audit/): a page with mistakes gets a report naming each, check by
check; it runs the same code as the browser and HTML tests. That it finds nothing on the second
site, installed from the wheel with its audit extra, is in tests/test_package.py."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from tooling import REPO_ROOT

from sitegen.audit.checks import Findings
from sitegen.audit.command import format_report, run_checks
from sitegen.audit.tools import find_tools

NODE_MODULES = REPO_ROOT / "node_modules"


BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Broken</title></head>
<body><main id="main-content"><h1>Broken</h1>
<img src="chart.png">
<div style="width: 2000px">Too wide for a phone</div>
<p><span>unclosed</p>
</main></body></html>
"""


def test_a_page_with_mistakes_gets_a_report_naming_each(tmp_path, monkeypatch, axe_path):
    monkeypatch.setenv("SITEGEN_NODE_MODULES", str(NODE_MODULES))
    site = tmp_path / "built"
    site.mkdir()
    (site / "index.html").write_text(BROKEN_PAGE)
    # In a thread of its own, as the command runs it: this worker's browser fixtures already run
    # Playwright's sync API (an asyncio loop) in the main thread, and one thread can hold only one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        findings = thread.submit(run_checks, site, find_tools(tmp_path), "").result()
    by_name = {found.name.split(" ")[0]: found.problems for found in findings}
    assert any("[image-alt]" in line for line in by_name["axe-core"])
    assert any("not a skip link" in line for line in by_name["keyboard"])
    assert any("scrollWidth" in line for line in by_name["reflow"])
    assert any("index.html:" in line and "error" in line for line in by_name["Nu"])
    report = format_report(findings, 1, 1.0)
    assert report.splitlines()[0].startswith("Accessibility audit of 1 pages (1 s): ")
    assert "problems." in report.splitlines()[0]


def test_the_report_says_what_was_checked_and_that_people_must_test_too():
    report = format_report([Findings("axe-core (WCAG 2.2 AA rules)", ["default at 1280px"])], 3, 2.0)
    assert report == (
        "Accessibility audit of 3 pages (2 s): 0 problems.\n\n"
        "axe-core (WCAG 2.2 AA rules): ok\n"
        "    checked: default at 1280px\n\n"
        "Automated checks find only some problems: test the site with a keyboard and a screen reader too.\n"
    )


@pytest.fixture
def no_tools(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_NODE_MODULES", str(tmp_path / "nothing"))
    return tmp_path


def test_missing_tools_are_named_with_how_to_install_them(no_tools):
    from sitegen.errors import SiteError

    with pytest.raises(SiteError) as raised:
        find_tools(no_tools)
    assert "run 'npm ci' in the site's folder" in str(raised.value)
    assert raised.value.hint == "docs/upgrading.md, 'Check your own site', lists them"
