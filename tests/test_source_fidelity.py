"""Nothing stated that the source did not state (issue 21).

The West Mercia site is made from one source page (tests/fixtures/seed-page.txt). These tests
read the built pages made from it, as a reader sees them, and find every status word, date
and figure: each must be in the source, or in the allow-list below, where each carries the
public source that backs it (the same source is named in a comment beside it in the content).
What the build itself counts or measures (how many items a filter shows, a download's size,
when a page was last changed) is left out: it is true by construction, not a claim about
the work.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from tooling import REPO_ROOT

SEED = (REPO_ROOT / "tests" / "fixtures" / "seed-page.txt").read_text(encoding="utf-8")

# A figure the seed does not contain, and the public source for it.
SOURCED_FIGURES = {
    # The seed's periods "2019/20", "2021/22" and "2022/23" span these years: the timeline's
    # year filter offers each year a period covers.
    "2019": "the seed's period 2019/20",
    "2020": "the seed's period 2019/20",
    "2021": "the seed's period 2021/22",
    "2022": "the seed's period 2021/22",
    # The footer's links (site_config.yaml, each with its source in a comment beside it).
    "2024": "HMICFRS, An inspection of the West Midlands regional response to serious and organised crime, "
    "'Published on: 14 May 2024' (https://hmicfrs.justiceinspectorates.gov.uk/publication-html/"
    "inspection-of-the-west-midlands-regional-response-to-serious-and-organised-crime/)",
    "2023–25": "HMICFRS, PEEL 2023–2025 West Mercia Police (https://hmicfrs.justiceinspectorates.gov.uk/"
    "peel-reports/west-mercia-2023-25)",
    "3.0": "the licence's own name, Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)",
    # The plan page's note on which Safer West Mercia Plan (content/plan.md, sourced beside it).
    "2016": "the PCC's key information page lists the 'Safer West Mercia Plan 2016-2021' "
    "(https://www.westmercia-pcc.gov.uk/key-information/)",
    "2025": "the PCC's publications page: 'published his 2021-2025 Safer West Mercia Plan in December 2021' "
    "(https://www.westmercia-pcc.gov.uk/key-information/publications-2/)",
    # "the last 5 years" in the seed, written in words in the home page's summary.
    "five": "the seed's 'over the last 5 years'",
}

STATUS_WORDS = re.compile(
    r"\b(planned|in progress|done|completed?|overdue|on track|delayed|not started|ongoing|"
    r"last reviewed|reviewed on|target date|achieved)\b",
    re.IGNORECASE,
)
FIGURES = re.compile(
    r"\b\d{4}[–-]\d{2}\b|(?<![\d.])\d+(?:\.\d+)?(?![\d.])|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b"
)
MONTH_DATES = re.compile(
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)

# Parts of a page the build writes from what it counts or measures, not from the content.
# (print-only: the page's own address, printed.)
BY_CONSTRUCTION = {
    "download",
    "last-updated",
    "results-summary",
    "visually-hidden",
    "site-nav",
    "settings-panel",
    "print-only",
}


class _ClaimsText(HTMLParser):
    """The text of <main> and the footer, without the parts made by construction."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth_in_scope = 0
        self.skipping: list[str] = []
        self.open: list[tuple[str, bool, bool]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            return
        values = {name: value or "" for name, value in attrs}
        scope = tag in ("main", "footer")
        skip = bool(BY_CONSTRUCTION & set(values.get("class", "").split())) or tag in ("script", "style")
        skip = skip or values.get("id") in ("list-count", "results-heading")
        self.open.append((tag, scope, skip))
        self.depth_in_scope += scope
        self.skipping.append(tag) if skip else None

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, scope, skip = self.open.pop()
            self.depth_in_scope -= scope
            if skip:
                self.skipping.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.depth_in_scope and not self.skipping:
            self.text.append(data)


def claims_text(html: str) -> str:
    parser = _ClaimsText()
    parser.feed(html)
    return " ".join(" ".join(parser.text).split())  # a space between elements: "Next steps Last…"


def _pages_from_the_seed(real_pages: dict[str, str]) -> dict[str, str]:
    """The home page and every page and view made from the seed's sections."""
    sections = ("index.html", "strategy/", "plan/", "timeline/", "regional-work/", "funded-services/", "next-steps/")
    return {path: html for path, html in real_pages.items() if path.startswith(sections)}


def test_the_seed_pages_are_all_read(real_pages):
    pages = _pages_from_the_seed(real_pages)
    assert {"index.html", "timeline/2021/index.html", "next-steps/index.html", "plan/index.html"} <= set(pages)
    assert "A report by HMICFRS" in claims_text(pages["index.html"])
    assert "Download" not in claims_text(pages["next-steps/index.html"])  # made by the build, left out


def _seed_figures() -> set[str]:
    found = {figure.lower() for figure in FIGURES.findall(SEED)}
    for first, last in re.findall(r"(\d{4})/(\d{2})", SEED):  # "2018/23" is also written "2018–23"
        found |= {first, last, f"{first}–{last}", f"{first}-{last}"}
    return found


SEED_FIGURES = _seed_figures()


def unsourced_claims(text: str) -> list[str]:
    """Each status word, date and figure in `text` that is neither in the seed nor sourced."""
    words = [w for w in STATUS_WORDS.findall(text) if not re.search(rf"\b{re.escape(w)}\b", SEED, re.IGNORECASE)]
    figures = [f for f in FIGURES.findall(text) if f.lower() not in SEED_FIGURES and f.lower() not in SOURCED_FIGURES]
    return words + MONTH_DATES.findall(text) + figures


def test_no_status_date_or_figure_that_is_not_in_the_seed_or_sourced(real_pages):
    unsourced = {
        f"{path}: {claim}"
        for path, html in _pages_from_the_seed(real_pages).items()
        for claim in unsourced_claims(claims_text(html))
    }
    assert unsourced == set()


@pytest.mark.parametrize(
    ("invented", "found"),
    [
        ('<p class="progress-summary">0 of 9 done, 0 in progress, 9 planned.</p>', ["done", "in progress", "planned"]),
        ("<p>Last reviewed <time>26 November 2026</time>.</p>", ["Last reviewed", "26 November 2026", "26"]),
        ("<p>Funded since 2015, with three partners.</p>", ["2015", "three"]),
    ],
)
def test_the_check_finds_an_invented_status_date_or_figure(invented, found):
    claims = unsourced_claims(claims_text(f"<main><h1>Next steps</h1>{invented}</main>"))
    assert set(found) <= set(claims)


def test_pages_that_describe_a_document_link_it_or_say_plainly_that_they_do_not(real_pages):
    plan = real_pages["plan/index.html"]
    # The only public address found for it (research notes, 2e): the PCC's page about the plan.
    assert 'href="https://www.westmercia-pcc.gov.uk/your-pcc/safer-west-mercia-plan/"' in plan
    assert "no public copy of it is linked from this site" in claims_text(plan)
    strategy = claims_text(real_pages["strategy/index.html"])
    assert "No public copy of the SOC Strategy is linked from this site" in strategy
