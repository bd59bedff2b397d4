"""Who readers contact about the site (`contact:` in site_config.yaml), kept apart from
schema.py to keep each module small."""

from __future__ import annotations

from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, field_validator

Text = Annotated[str, Field(min_length=1)]


class Contact(BaseModel):
    """`contact:` in site_config.yaml: who readers contact about the site and its accessibility."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Text = Field(title="Name", description="who readers contact, like 'the information team'")
    email: Text = Field(title="Email", description="an email address readers can write to")
    phone: str | None = Field(None, title="Telephone", description="a telephone number, if readers may call")
    hours: str | None = Field(None, title="Opening hours", description="when the phone is answered")
    response_time: str | None = Field(
        None, title="Response time", description="how soon readers get an answer, like 'within 10 working days'"
    )

    @field_validator("email")
    @classmethod
    def _email_is_an_address(cls, value: str) -> str:
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError as error:
            raise ValueError(
                f"'email' must be an email address like team@example.gov.uk, got \"{value}\" ({error})"
            ) from None
        return value
