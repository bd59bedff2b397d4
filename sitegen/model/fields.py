"""A list's own fields: what each item of the list records, declared in the list file.

    fields:
      - name: amount
        label: Amount
        type: money
        required: true

One declaration type describes every list's fields: a list's own (`kind: list` with
`fields:`), and the fields of the built-in kinds (`BUILT_IN_FIELDS`: timeline, steps,
glossary). The loader checks items against them (`declared_entries`), the pages show
them, the open data gives each its type (JSON Schema, Frictionless Table Schema, CSV on
the Web) and the web editor makes its form from them. Pure data: nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FieldType = Literal["text", "markdown", "number", "money", "date", "choice", "link", "document", "yes/no"]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]
# Names an item has whatever the list declares: a declared field may not take them.
ITEM_NAMES = frozenset({"text", "id", "reviewed", "draft", "period", "themes"})
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
CURRENCY = "GBP"

# What each type expects, in the words of messages and the editor's hints.
TYPE_HINTS: Mapping[str, str] = MappingProxyType(
    {
        "text": "a line of text",
        "markdown": "text in Markdown",
        "number": "a number, like 42 or 3.5",
        "money": "an amount in pounds, like 12500 or 12500.50",
        "date": "a day, month, quarter or year, like 31 March 2024, March 2024, Q1 2024 or 2023/24",
        "choice": "one of the choices",
        "link": "a web address starting with https://, or a page of this site starting with /",
        "document": "a file of this site, like /files/report.pdf, or a web address",
        "yes/no": "yes or no",
    }
)


class FieldDeclaration(BaseModel):
    """One field of a list's items."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(
        pattern=NAME_PATTERN,
        title="Name",
        description="the field's name in the file and the open data: lower-case letters, digits and _, like "
        "'amount' or 'supplier_name'",
    )
    label: str = Field(min_length=1, title="Label", description="what readers see, like 'Amount paid'")
    help: str | None = Field(None, title="Help", description="a hint for editors, shown under the field")
    type: FieldType = Field(
        "text", title="Type", description="text, markdown, number, money, date, choice, link, document or yes/no"
    )
    required: bool = Field(False, title="Required", description="true when every item must have it")
    options: tuple[str, ...] = Field(
        default=(), title="Choices", description="for a 'choice' field: the values an item may have"
    )

    @field_validator("name")
    @classmethod
    def _not_an_item_name(cls, value: str) -> str:
        if value in ITEM_NAMES:
            raise ValueError(
                f"a field cannot be called '{value}': every item already has it "
                f"({', '.join(sorted(ITEM_NAMES))}); choose another name"
            )
        return value

    @model_validator(mode="after")
    def _choices_for_a_choice(self) -> FieldDeclaration:
        if self.type == "choice" and not self.options:
            raise ValueError(f"the field '{self.name}' is a choice: give its choices under 'options:'")
        if self.options and self.type != "choice":
            raise ValueError(f"the field '{self.name}' has options, but only a 'choice' field has them")
        return self

    @property
    def hint(self) -> str:
        """What an editor is told about it: the list's own help, else what its type expects."""
        return self.help or TYPE_HINTS[self.type]


class DeclaredFields(BaseModel):
    """The `fields:` of a list file, checked before its items are (they are checked against it)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    fields: tuple[FieldDeclaration, ...] = Field(default=(), title="Fields")

    @field_validator("fields")
    @classmethod
    def _names_once(cls, value: tuple[FieldDeclaration, ...]) -> tuple[FieldDeclaration, ...]:
        seen: set[str] = set()
        for declaration in value:
            if declaration.name in seen:
                raise ValueError(f"the field '{declaration.name}' is declared twice; give each field its own name")
            seen.add(declaration.name)
        return value


def declare(name: str, label: str, type_: str, required: bool = False, **more: Any) -> FieldDeclaration:
    return FieldDeclaration.model_validate({"name": name, "label": label, "type": type_, "required": required, **more})


# The built-in kinds' fields, in the same declarations (the loader checks them with the models
# in schema.py, which say more: patterns, ids): the open data and docs describe them from here.
BUILT_IN_FIELDS: Mapping[str, tuple[FieldDeclaration, ...]] = MappingProxyType(
    {
        "timeline": (
            FieldDeclaration.model_construct(name="period", label="Period", type="date", required=True),
            FieldDeclaration.model_construct(name="text", label="Text", type="markdown", required=True),
        ),
        "list": (
            FieldDeclaration.model_construct(name="period", label="Period", type="date"),
            FieldDeclaration.model_construct(name="text", label="Text", type="markdown", required=True),
        ),
        "steps": (
            FieldDeclaration.model_construct(
                name="status",
                label="Status",
                type="choice",
                options=("planned", "in progress", "done"),
            ),
            FieldDeclaration.model_construct(name="target", label="Target date", type="date"),
            FieldDeclaration.model_construct(name="text", label="Text", type="markdown", required=True),
        ),
        "glossary": (
            FieldDeclaration.model_construct(name="term", label="Term", type="text", required=True),
            FieldDeclaration.model_construct(name="expansion", label="Stands for", type="text"),
            FieldDeclaration.model_construct(name="description", label="Explanation", type="text"),
        ),
    }
)


def money_text(amount: Any) -> str:
    """£12,500 for whole pounds, £12,500.50 with pence; "−£20" for a refund."""
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    whole = amount == int(amount)
    return f"{sign}£{int(amount):,}" if whole else f"{sign}£{amount:,.2f}"
