"""What the law says an office must publish, duty by duty: the catalogues a site can require
with `required_duties:` in site_config.yaml (see duties.py).

The Specified Information Order: the Elected Local Policing Bodies (Specified Information)
Order 2011 (SI 2011/3050), as amended by SI 2012/2479, SI 2013/1816 and SI 2021/547; the
references are to paragraphs of Part 1 of its Schedule. Wording from legislation.gov.uk
(SI 2011/3050 Schedule paragraph 5 as made; SI 2012/2479 and SI 2021/547 as made) and, where
that was not at hand, from the Schedule as quoted by PCCs' own pages. Each duty's id is the
name a site's checklist gives it (`id:`), so that the build can tell which are missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class RequiredDuty:
    id: str
    duty: str
    reference: str


_ORDER = "the Specified Information Order 2011 (SI 2011/3050)"

SPECIFIED_INFORMATION_ORDER: tuple[RequiredDuty, ...] = tuple(
    RequiredDuty(id_, duty, f"Schedule paragraph {paragraph} of {_ORDER}")
    for id_, duty, paragraph in (
        ("office-holders", "The name, address, salary and allowances of each office holder", "1(a) to 1(d)"),
        ("register-of-interests", "A register of interests of the office holders", "1(e)"),
        ("staff", "The number of staff, their make-up and an organisational chart", "2(a) to 2(c)"),
        ("senior-employees", "The job title, responsibilities and salary of each senior employee", "2(d)"),
        ("gifts-and-hospitality", "A register of each offer of a gift or hospitality", "2(e)"),
        ("budget", "The total budget, the precept, sources of revenue and proposed spending", "3(a) to 3(d)"),
        ("crime-and-disorder-grants", "Each crime and disorder reduction grant", "3(f)"),
        ("spending-over-500", "Each item of spending over £500, with its recipient, purpose and reasons", "3(g)"),
        ("contracts", "Contracts over £10,000, and a list of smaller ones", "4"),
        ("decisions", "A record of each decision of significant public interest", "5(d)"),
        ("meetings", "The date, agenda and minutes of each public meeting", "5(a) to 5(c)"),
        (
            "national-policing-priorities",
            "A statement on the force's contribution to the national priorities for policing",
            "7A (added by SI 2021/547)",
        ),
        ("hmicfrs-reports", "The most recent HMICFRS PEEL report and summary assessment", "7B (added by SI 2021/547)"),
        (
            "complaints",
            "The most recent complaints data and a report on complaint handling",
            "7C (added by SI 2021/547)",
        ),
        ("custody-visiting", "Information on the independent custody visiting scheme", "8"),
    )
)

CATALOGUES: Mapping[str, tuple[RequiredDuty, ...]] = MappingProxyType(
    {"specified-information-order": SPECIFIED_INFORMATION_ORDER}
)
