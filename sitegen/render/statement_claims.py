"""Claims about the site that the site contradicts are errors, at the claim's line.

The accessibility statement and the privacy notice are the office's own words, and the
footer of every page says what the site does not do. A claim there that the built site
contradicts ("the site has no forms" on a site with a search box on every page; printed
links "show their addresses" while some print without them; "partially compliant" and, in
the same statement, no content known to fail) stops the build: a reader, or a regulator,
must be able to trust what the office says about its own site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import Problem
from ..model.site_content import Page
from .site_facts import SiteFacts


@dataclass(frozen=True)
class Claim:
    pattern: re.Pattern[str]
    what: str  # what the claim says, for the message


NO_FORMS = Claim(re.compile(r"\b(?:has|have|with|uses?) no forms\b|\bno forms\b", re.I), "the site has no forms")
NO_COOKIES = Claim(
    re.compile(r"\b(?:sets?|uses?) no cookies\b|\bno cookies\b|\bdoes not (?:set|use) (?:any )?cookies\b", re.I),
    "the site sets no cookies",
)
NOTHING_FROM_OTHER_SITES = Claim(
    re.compile(r"\bloads? nothing from other (?:websites|sites)\b|\bno third[- ]party (?:requests|content)\b", re.I),
    "the site loads nothing from other websites",
)
PRINTED_ADDRESSES = Claim(
    re.compile(r"\bprint\w*\b.*\baddress(?:es)? of (?:the )?links\b|\blinks?\b.*\bprint\w*\b.*\baddress", re.I),
    "printed links show their addresses",
)
PARTIALLY_COMPLIANT = re.compile(r"\bpartially compliant\b", re.I)
FULLY_COMPLIANT = re.compile(r"\bfully compliant\b", re.I)
NOTHING_FAILS = re.compile(
    r"\bknow of no (?:content|problems?|failures?)\b[^.]*\bfail|\bno content\b[^.]*\bknown to fail|\bno known failures\b",
    re.I,
)


@dataclass(frozen=True)
class SiteTruth:
    """What the site does, as built."""

    facts: SiteFacts
    unaddressed_links: tuple[tuple[str, str], ...]  # (page, link text) printed without an address
    known_issues: int  # content problems the checks found (warnings), which a statement must not deny


def contradictions(pages: Iterable[Page], templates: Mapping[str, str], truth: SiteTruth) -> list[Problem]:
    """Every claim in the statement, the privacy notice and the templates that the site contradicts."""
    found: list[Problem] = []
    for page in pages:
        if page.kind not in ("accessibility-statement", "privacy-notice"):
            continue
        lines = page.body.split("\n")
        found.extend(_facts_contradicted(page.file, page.body_first_line, lines, truth))
        if page.kind == "accessibility-statement":
            found.extend(_status_contradicted(page.file, page.body_first_line, lines, truth))
    for name, text in sorted(templates.items()):
        # The layout's own words (the footer's "sets no cookies"); not about print: its markup
        # is full of "link" and "print".
        found.extend(_facts_contradicted(f"templates/{name}", 1, text.split("\n"), truth, about_print=False))
    return found


def _facts_contradicted(
    file: str, first_line: int, lines: list[str], truth: SiteTruth, about_print: bool = True
) -> Iterable[Problem]:
    facts = truth.facts
    checks: list[tuple[Claim, str, str]] = []
    if facts.forms:
        where = (
            "every page has a search form" if facts.search_form_on_every_page else "forms in " + ", ".join(facts.forms)
        )
        checks.append((NO_FORMS, where, "say what the forms are and what happens to what readers type in them"))
    if facts.cookies:
        checks.append((NO_COOKIES, "cookies are used in " + ", ".join(facts.cookies), "say which cookies and why"))
    if facts.third_party:
        checks.append(
            (
                NOTHING_FROM_OTHER_SITES,
                "files from other websites are loaded by " + ", ".join(facts.third_party),
                "say which websites, or load those files from this site",
            )
        )
    if truth.unaddressed_links and about_print:
        examples = "; ".join(f'"{text}" on /{page}' for page, text in truth.unaddressed_links[:3])
        checks.append(
            (
                PRINTED_ADDRESSES,
                f"some links print without their address ({examples})",
                "give those links a printed address (data-print-href) in the template, or change the claim",
            )
        )
    for index, line in enumerate(lines):
        for claim, fact, fix in checks:
            if claim.pattern.search(line):
                yield Problem(
                    file,
                    f"this says {claim.what}, but {fact}",
                    first_line + index,
                    f"make what it says true of the site: {fix}",
                    line,
                )


def _status_contradicted(file: str, first_line: int, lines: list[str], truth: SiteTruth) -> Iterable[Problem]:
    text = "\n".join(lines)
    if PARTIALLY_COMPLIANT.search(text):
        for index, line in enumerate(lines):
            if NOTHING_FAILS.search(line):
                yield Problem(
                    file,
                    "the statement says the site is partially compliant, and also that no content is known to fail",
                    first_line + index,
                    "a partially compliant site lists what does not comply (or what has not been checked, and why "
                    "the site is not yet described as fully compliant) under 'Non-accessible content'",
                    line,
                )
    if FULLY_COMPLIANT.search(text) and truth.known_issues:
        index = next(i for i, line in enumerate(lines) if FULLY_COMPLIANT.search(line))
        yield Problem(
            file,
            f"the statement says the site is fully compliant, but the site's checks found {truth.known_issues} "
            "problem(s) in its content",
            first_line + index,
            "fix those problems first, or describe the site as partially compliant and list them",
            lines[index],
        )
