"""`python build.py audit`: the accessibility checks of the generator's own tests, on any site.

It builds the site into a temporary folder, serves it on 127.0.0.1 and checks every page in
Chromium (axe-core in every state, keyboard, reflow: `checks`), then runs the Nu Html Checker
on every page (`nu_checker`), and prints a plain report: what was checked, and each problem
with its page. Nothing is written in the site's folder. docs/upgrading.md says how to install
the tools (`tools`).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import yaml

from ..errors import SiteError
from ..pipeline import build
from .browser import CHROMIUM_ARGS, ContextOpener
from .checks import Findings, axe_in_every_state, keyboard, reflow
from .nu_checker import describe, nu_errors, run_nu_checker
from .serving import base_path, one_page_of_each_kind, page_paths, reader_pages, served
from .tools import Tools, find_tools

MAX_LINES = 200


def _configured_base_url(root: Path, given: str | None) -> str:
    if given:
        return given
    try:
        config = yaml.safe_load((root / "site_config.yaml").read_text(encoding="utf-8")) or {}
        return str(config.get("base_url", ""))
    except (OSError, yaml.YAMLError, AttributeError):
        return ""


def _layout_ids(root: Path) -> frozenset[str]:
    """The ids the site's templates (the theme's, and its overrides) give elements."""
    from ..read.project_files import read_project
    from ..shape.layout_ids import learn_layout_ids

    return learn_layout_ids(read_project(root).templates).exact


def run_checks(site_dir: Path, tools: Tools, alias: str, kinds: list[str] | None = None) -> list[Findings]:
    """Every check on the built site in `site_dir`, served under `alias` too (like /soc).
    kinds: the pages checked in every settings state (default: every page)."""
    from playwright.sync_api import sync_playwright

    paths = reader_pages(site_dir)
    if not paths:
        raise SiteError(f"the build in {site_dir} has no HTML pages to check")
    findings = []
    with served(site_dir, alias) as base_url, sync_playwright() as playwright:
        executable = str(tools.chromium) if tools.chromium else None
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        except Exception as error:
            raise SiteError(
                f"could not start the browser ({executable or 'Playwright’s own Chromium'}): {error}",
                "install Chromium (on Debian: apt-get install chromium), or set SITEGEN_CHROMIUM to one",
            ) from None
        opener = ContextOpener(browser, base_url)
        try:
            findings.append(axe_in_every_state(opener, base_url, paths, kinds or paths, tools.axe))
            findings.append(keyboard(opener, base_url, paths))
            findings.append(reflow(opener, base_url, paths))
        finally:
            opener.close()
            browser.close()
    nu = Findings("Nu Html Checker (valid HTML)", ["every page"])
    nu.problems = [
        describe(m, site_dir.resolve()) for m in nu_errors(run_nu_checker(site_dir, tools.vnu_jar, tools.java))
    ]
    findings.append(nu)
    return findings


def format_report(findings: list[Findings], pages: int, seconds: float) -> str:
    total = sum(len(f.problems) for f in findings)
    lines = [f"Accessibility audit of {pages} pages ({seconds:.0f} s): {total} problem{'' if total == 1 else 's'}.", ""]
    for found in findings:
        mark = "ok" if not found.problems else f"{len(found.problems)} problem{'' if len(found.problems) == 1 else 's'}"
        lines.append(f"{found.name}: {mark}")
        lines.append(f"    checked: {'; '.join(found.looked_at)}")
        shown = found.problems[:MAX_LINES]
        lines += [f"    {problem}" for problem in shown]
        if len(found.problems) > MAX_LINES:
            lines.append(f"    ... and {len(found.problems) - MAX_LINES} more")
    if total == 0:
        lines += [
            "",
            "Automated checks find only some problems: test the site with a keyboard and a screen reader too.",
        ]
    return "\n".join(lines) + "\n"


def audit(root: Path, base_url: str | None, report: Path | None, every_state: bool = False) -> bool:
    """Run every check on the site at `root`; print the report (and write it to `report`).
    True when nothing was found. every_state: every page in every settings state, rather than
    one page of each kind (a few times longer)."""
    tools = find_tools(root)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sitegen-audit-") as folder:
        site_dir = Path(folder) / "site"
        build(root, site_dir, False, base_url)
        alias = base_path(_configured_base_url(root, base_url))
        kinds = None if every_state else list(one_page_of_each_kind(site_dir, _layout_ids(root)).values())
        findings = run_checks(site_dir, tools, alias, kinds)
        pages = len(page_paths(site_dir))
    text = format_report(findings, pages, time.perf_counter() - started)
    print(text, end="")
    if report is not None:
        report.write_text(text, encoding="utf-8")
    return all(not found.problems for found in findings)
