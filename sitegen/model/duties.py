"""The law as a checklist: a list of the office's publishing duties (`kind: duties`), each
with its legal reference, how often it is due, and where the site publishes it (a page or
list of this site, or a link elsewhere with the date it was last checked).

    kind: duties
    entries:
      - id: spending-over-500
        duty: Each item of spending over £500
        reference: Schedule paragraph 3(g) of the Specified Information Order 2011
        frequency: monthly
        where: https://www.example.gov.uk/spending/
        checked: 2026-11-26

The build warns about a duty with nowhere to go, a link elsewhere never checked, or one
checked longer ago than its frequency allows (on the build date, `build_date.py`); with
`required_duties:` in site_config.yaml, about each duty of that law missing from the
checklist. With `duty_checks: strict` these stop a --strict build; otherwise they are
warnings --strict lets through (`Problem.blocks_strict`), so that a link to check never
stops a correction being published.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

from pydantic import Field, field_validator

from ..errors import Problem
from .duty_catalogues import CATALOGUES
from .fields import FieldDeclaration, declare
from .schema import SiteConfig, Text, _Item, _ListFile, check_link
from .site_content import Collection

# How long a duty may go unchecked: a monthly duty is overdue 31 days after it was last checked.
FREQUENCIES: Mapping[str, int] = MappingProxyType(
    {"monthly": 31, "quarterly": 92, "yearly": 366, "keep current": 183, "within 56 days of each report": 56}
)
Frequency = Literal["monthly", "quarterly", "yearly", "keep current", "within 56 days of each report"]


class Duty(_Item):
    text: str = Field("", title="Notes", description="anything readers should know about it, in Markdown")
    duty: Text = Field(title="Duty", description="what must be published, in plain words")
    reference: Text = Field(title="Legal reference", description="the law that says so, like 'Schedule paragraph 3(g)'")
    frequency: Frequency = Field(title="How often", description=", ".join(FREQUENCIES))
    where: str | None = Field(
        None, title="Where it is published", description="a page of this site like /spending/, or a web address"
    )
    checked: datetime.date | None = Field(
        None, title="Last checked", description="for a web address: the day someone last checked it, like 2026-11-26"
    )

    @field_validator("where")
    @classmethod
    def _where(cls, value: str | None) -> str | None:
        return None if value is None else check_link(value, "where")


class DutiesFile(_ListFile):
    kind: Literal["duties"] = Field(title="Kind of list", description="duties")
    entries: list[Duty] = Field(min_length=1, title="Duties")


# The same declarations as a list's own fields: the page, the open data and the editor use them.
DUTY_FIELDS: tuple[FieldDeclaration, ...] = tuple(
    declare(name, label, type_, required, **({"options": options} if options else {}))
    for name, label, type_, required, options in (
        ("duty", "Duty", "text", True, ()),
        ("reference", "Legal reference", "text", True, ()),
        ("frequency", "How often", "choice", True, tuple(FREQUENCIES)),
        ("where", "Where it is published", "link", False, ()),
        ("checked", "Last checked", "date", False, ()),
    )
)


def duty_problems(
    config: SiteConfig, collections: Iterable[Collection], addresses: frozenset[str], today: datetime.date
) -> list[Problem]:
    """What the checklists leave undone on `today`; `addresses` are the site's pages and lists."""
    found: list[Problem] = []
    given: set[str] = set()
    strict = config.duty_checks == "strict"
    checklists = [c for c in collections if c.kind == "duties"]
    for checklist in checklists:
        for entry in checklist.entries:
            given.add(entry.id)
            values = entry.values
            where, checked = values.get("where"), values.get("checked")
            named = f"the duty '{values['duty']}' ({values['reference']})"
            line = entry.text_line or None

            def warn(message: str, hint: str, file: str = checklist.file, at: int | None = line) -> None:
                found.append(Problem(file, message, at, hint, is_warning=True, blocks_strict=strict))

            if not where:
                warn(f"{named} has nowhere to go", "give 'where': a page or list of this site, or a web address")
            elif where.startswith("/"):
                address = where.split("#")[0].strip("/")
                if address and address not in addresses:
                    close = difflib.get_close_matches(address, sorted(addresses), n=1)
                    warn(
                        f"{named} is published at {where}, a page that does not exist",
                        (f"did you mean /{close[0]}/? " if close else "") + "check the address",
                    )
            elif checked is None:
                warn(f"{named} links elsewhere but says nowhere when it was last checked", "add 'checked: YYYY-MM-DD'")
            else:
                allowed = FREQUENCIES[values["frequency"]]
                last = checked.end or today
                if (today - last).days > allowed:
                    warn(
                        f"{named} is overdue: last checked {last.isoformat()}, {(today - last).days} days before "
                        f"{today.isoformat()}, longer than '{values['frequency']}' allows ({allowed} days)",
                        "check that the address still has the latest, then change 'checked' to today's date",
                    )
    catalogue = CATALOGUES.get(config.required_duties or "", ())
    for duty in catalogue:
        if duty.id not in given:
            where = checklists[0].file if checklists else "site_config.yaml"
            found.append(
                Problem(
                    where,
                    f"the duty '{duty.duty}' ({duty.reference}) is not in the checklist",
                    None,
                    f"add it to a 'kind: duties' list with 'id: {duty.id}', and where the site publishes it",
                    is_warning=True,
                    blocks_strict=strict,
                )
            )
    return found
