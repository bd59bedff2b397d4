"""The settings of site_config.yaml about the office as a public body: the area it serves
(the place its open data is about) and the law that says what it must publish.

A part of `schema.SiteConfig`, kept here so that the settings of the site and those of the
office each stay short.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class OfficeSettings(BaseModel):
    area: str | None = Field(None, title="Area served", description="the place the office serves, like 'Lindmere'")
    # What the law requires the office to publish: see sitegen/model/duties.py.
    required_duties: Literal["specified-information-order"] | None = Field(
        None, title="Duties by law", description="'specified-information-order': the checklist must have each duty"
    )
    duty_checks: Literal["warn", "strict"] = Field(
        "warn", title="Duty checks", description="'strict': --strict refuses a duty overdue or with nowhere to go"
    )
