"""Checking a list's items against the fields the list declares (`fields:` in the file).

Each declaration becomes a field of a pydantic model made for that list, so an item's
unknown field gets "did you mean", a missing required one is named, and a value of the
wrong type is reported at its line with what the field expects, by the same
`explain_validation_error` as every other file. The models are made once per set of
declarations.
"""

from __future__ import annotations

import decimal
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StrictBool, create_model

from .fields import TYPE_HINTS, FieldDeclaration
from .periods import PeriodError, parse_period
from .schema import ListEntry, PlainListFile, check_link


class DeclaredListEntry(ListEntry):
    """An item of a list that declares its fields: its text is one field among others, optional."""

    text: str = Field("", title="Text", description="the item's text, in Markdown")


_MONEY = re.compile(r"^(-)?£?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?$")


def _money(value: Any) -> decimal.Decimal:
    """12500, 12500.5, "£12,500.50": pounds, with at most two figures of pence."""
    if isinstance(value, bool):
        raise ValueError("must be an amount in pounds, like 12500 or 12500.50, got yes or no")
    if isinstance(value, (int, float)):
        amount = decimal.Decimal(str(value))
    elif isinstance(value, str) and (match := _MONEY.match(value.strip())):
        amount = decimal.Decimal((match[1] or "") + match[2].replace(",", "") + (match[3] or ""))
    else:
        raise ValueError(f'must be an amount in pounds, like 12500 or £12,500.50, got "{value}"')
    if amount != amount.quantize(decimal.Decimal("0.01")):
        raise ValueError(f"has more than two figures of pence: {value}")
    return amount


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f'must be a number, like 42 or 3.5, got "{value}" (write the figure without words)')
    return value


def _as_text(value: Any) -> Any:
    """YAML reads `when: 2024` as a number: a date or text field keeps it as text."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _named(check: Any, name: str) -> Any:
    def named(value: Any) -> Any:
        try:
            return check(value)
        except ValueError as error:
            raise ValueError(f"'{name}' {error}") from None

    return named


def _date_check(financial: bool) -> Any:
    def check(value: str) -> str:
        try:
            parse_period(value, financial)
        except PeriodError as error:
            if str(error).startswith("'period' must look like"):
                raise ValueError(f'must be {TYPE_HINTS["date"]}, got "{value}"') from None
            raise ValueError(f"is not a date that can be read: {error}") from None
        return value

    return check


def _annotation(declaration: FieldDeclaration, financial: bool) -> Any:
    name = declaration.name
    match declaration.type:
        case "money":
            return Annotated[decimal.Decimal, BeforeValidator(_named(_money, name))]
        case "number":
            return Annotated[int | float, BeforeValidator(_named(_number, name))]
        case "yes/no":
            return StrictBool
        case "choice":
            return Literal[declaration.options]
        case "date":
            return Annotated[str, BeforeValidator(_as_text), AfterValidator(_named(_date_check(financial), name))]
        case "link" | "document":
            return Annotated[str, Field(min_length=1), AfterValidator(lambda value: check_link(value, name))]
        case _:
            return Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]


def declared_list_model(declarations: tuple[FieldDeclaration, ...], financial: bool) -> type[BaseModel]:
    """The model of a list file whose items have these declared fields (made for each load: a list
    is loaded again only when its file changes, and making it costs about a millisecond)."""
    fields: dict[str, Any] = {}
    for declaration in declarations:
        annotation = _annotation(declaration, financial)
        info = Field(title=declaration.label, description=declaration.hint)
        if declaration.required:
            fields[declaration.name] = (annotation, info)
        else:
            fields[declaration.name] = (
                annotation | None,
                Field(None, title=declaration.label, description=declaration.hint),
            )
    entry = create_model("DeclaredItem", __base__=DeclaredListEntry, **fields)
    return create_model(
        "DeclaredListFile",
        __base__=PlainListFile,
        entries=(list[entry], Field(min_length=1, title="Items")),
    )
