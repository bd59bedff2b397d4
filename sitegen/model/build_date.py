"""The date a build counts as "today": what makes a next step overdue.

A build on another day may mark other steps overdue, so the date can be fixed for tests
and reproducible builds: SITEGEN_TODAY=2027-04-01 (the date itself), else the
reproducible-builds standard SOURCE_DATE_EPOCH (seconds since 1970, read in UTC), else
the day of the build. The published pages also say which date their statuses are on, and
a small script updates them in the reader's browser (static/js/step-dates.js).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping

from ..errors import SiteError


class BuildDateError(SiteError):
    """SITEGEN_TODAY or SOURCE_DATE_EPOCH cannot be read as a date."""


def build_date(environ: Mapping[str, str] | None = None) -> datetime.date:
    environ = os.environ if environ is None else environ
    given = environ.get("SITEGEN_TODAY", "").strip()
    if given:
        try:
            return datetime.date.fromisoformat(given)
        except ValueError:
            raise BuildDateError(f'SITEGEN_TODAY must be a date like 2027-04-01, got "{given}"') from None
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise BuildDateError(
                f'SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got "{epoch}"'
            ) from None
    return datetime.date.today()
