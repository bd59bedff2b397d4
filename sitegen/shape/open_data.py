"""Open data: each collection as CSV (RFC 4180, UTF-8, header row) and JSON, with a JSON Schema,
and a schema.org description of each dataset for the pages (JSON-LD) so that dataset search
engines can find them.

Generated from the same typed content as the pages, so the files match the
pages row for row. Column and key order are fixed here, never taken from a
dict's accident, so two builds give identical bytes.

The CSV files start with a UTF-8 byte order mark: without it Excel reads them in the
computer's legacy code page and shows curly quotes and dashes as "â€™" and "â€“". Python's
"utf-8-sig", pandas, R and LibreOffice all skip the mark.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..markdown.renderer import MarkdownRenderer
from ..model.schema import SiteConfig
from ..model.site_content import Collection, Entry, SiteContent

CSV_BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    json_type: str | list[str]
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    page_path: str
    updated: datetime.date
    columns: tuple[Column, ...]
    rows: tuple[Any, ...]

    @property
    def csv_path(self) -> str:
        return f"data/{self.key}.csv"

    @property
    def json_path(self) -> str:
        return f"data/{self.key}.json"

    @property
    def schema_path(self) -> str:
        return f"data/{self.key}.schema.json"


def _years(entry: Entry) -> list[Any]:
    period = entry.period
    return [period.first_year, period.last_year] if period else [None, None]


def _entry_columns(plain: Callable[[str], str], collection: Collection) -> tuple[Column, ...]:
    """The columns of a list's data: those its kind and its items use."""
    has_periods = collection.kind == "timeline" or any(e.period for e in collection.entries)
    columns = [
        Column("id", "A stable identifier for the item, used in the page address (#id)", "string", lambda e: e.id),
    ]
    if has_periods:
        columns += [
            Column(
                "period",
                "The period exactly as published, like 2023/24",
                ["string", "null"],
                lambda e: e.period.label if e.period else None,
            ),
            Column(
                "first_year",
                "The first year the period covers; empty when it has an open start",
                ["integer", "null"],
                lambda e: _years(e)[0],
            ),
            Column(
                "last_year",
                "The last year the period covers; empty when ongoing or not stated",
                ["integer", "null"],
                lambda e: _years(e)[1],
            ),
            Column(
                "ongoing",
                "true when the work is ongoing",
                ["boolean", "null"],
                lambda e: e.period.is_ongoing if e.period else None,
            ),
        ]
    if collection.themes:
        columns.append(Column("themes", "Themes, separated by semicolons in CSV", "array", lambda e: list(e.themes)))
    if collection.kind == "steps":
        columns += [
            Column(
                "status", "planned, in progress or done, if the list gives it", ["string", "null"], lambda e: e.status
            ),
            Column(
                "target",
                "The date it should be done by (YYYY-MM-DD), if one is set",
                ["string", "null"],
                lambda e: e.target.isoformat() if e.target else None,
            ),
        ]
    columns += [
        Column("text", "The item's text as plain words", "string", lambda e: plain(e.text)),
        Column(
            "last_reviewed",
            "The date the item was last checked (YYYY-MM-DD), if the list gives one",
            ["string", "null"],
            lambda e: e.reviewed.isoformat() if e.reviewed else None,
        ),
    ]
    return tuple(columns)


def _glossary_columns() -> tuple[Column, ...]:
    return (
        Column("term", "The abbreviation or name as written", "string", lambda t: t.term),
        Column(
            "expansion",
            "What the letters stand for, if it is an abbreviation",
            ["string", "null"],
            lambda t: t.expansion,
        ),
        Column("description", "A short explanation", ["string", "null"], lambda t: t.description),
        Column(
            "source", "The public source of the explanation, if one is named", ["string", "null"], lambda t: t.source
        ),
        Column("source_url", "The source's web address", ["string", "null"], lambda t: t.source_url),
    )


def build_datasets(content: SiteContent, markdown: MarkdownRenderer) -> list[Dataset]:
    datasets = [
        Dataset(
            collection.key,
            collection.title,
            collection.description,
            collection.path,
            collection.updated,
            _entry_columns(markdown.plain_text, collection),
            collection.entries,
        )
        for collection in content.collections.values()
    ]
    glossary = content.glossary
    if glossary is not None:
        datasets.append(
            Dataset(
                glossary.key,
                glossary.title,
                glossary.description,
                glossary.path,
                glossary.updated,
                _glossary_columns(),
                glossary.terms,
            )
        )
    return datasets


def dataset_files(dataset: Dataset, licence_name: str, licence_url: str, base_url: str) -> dict[str, bytes]:
    """The CSV, JSON and JSON Schema files of one dataset."""
    records = [{column.name: column.value(row) for column in dataset.columns} for row in dataset.rows]
    return {
        dataset.csv_path: _to_csv(dataset.columns, records),
        dataset.json_path: _to_json(
            {
                "title": dataset.title,
                "description": dataset.description,
                "licence": {"name": licence_name, "url": licence_url},
                "last_updated": dataset.updated.isoformat(),
                "page": base_url + dataset.page_path,
                "schema": base_url + dataset.schema_path,
                "rows": records,
            }
        ),
        dataset.schema_path: _to_json(_schema(dataset, base_url)),
    }


def _to_csv(columns: tuple[Column, ...], records: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for record in records:
        writer.writerow([_csv_cell(record[column.name]) for column in columns])
    return (CSV_BYTE_ORDER_MARK + buffer.getvalue()).encode("utf-8")


# A cell starting with one of these runs as a formula when the file is opened in a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_STARTS):
        return "'" + text  # OWASP's advice against CSV injection; the JSON keeps the text as written.
    return text


def _to_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _schema(dataset: Dataset, base_url: str) -> dict[str, Any]:
    properties = {}
    for column in dataset.columns:
        spec: dict[str, Any] = {"description": column.description, "type": column.json_type}
        if column.json_type == "array":
            spec["items"] = {"type": "string"}
        properties[column.name] = spec
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": base_url + dataset.schema_path,
        "title": f"{dataset.title}: one row",
        "description": "Each item of 'rows' in the JSON file, and each line of the CSV file, has these fields.",
        "type": "object",
        "properties": properties,
        "required": [column.name for column in dataset.columns],
        "additionalProperties": False,
    }


# --- schema.org descriptions (JSON-LD) --------------------------------------------------


def dataset_description(
    dataset: Dataset, config: SiteConfig, years: tuple[int, int] | None = None, keywords: Sequence[str] = ()
) -> dict[str, Any]:
    """A schema.org Dataset: what the data is, who publishes it, its licence and its files."""
    base = config.base_url
    publisher: dict[str, Any] = {"@type": "Organization", "name": config.organisation.name}
    if config.organisation.website:
        publisher["url"] = config.organisation.website
    description: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description,
        "url": base + dataset.page_path,
        "identifier": base + dataset.json_path,
        "inLanguage": config.language,
        "isAccessibleForFree": True,
        "license": config.licence.url,
        "dateModified": dataset.updated.isoformat(),
        "creator": publisher,
        "publisher": publisher,
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": base + dataset.csv_path},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": base + dataset.json_path},
        ],
        "variableMeasured": [
            {"@type": "PropertyValue", "name": column.name, "description": column.description}
            for column in dataset.columns
        ],
    }
    if years is not None:
        description["temporalCoverage"] = f"{years[0]}/{years[1]}" if years[0] != years[1] else str(years[0])
    if keywords:
        description["keywords"] = list(keywords)
    return description


def catalogue_description(
    datasets: Sequence[Dataset], config: SiteConfig, name: str, path: str, descriptions: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """A schema.org DataCatalog of every dataset on the site, for the open data page."""
    catalogue: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "name": name,
        "url": config.base_url + path,
        "inLanguage": config.language,
        "license": config.licence.url,
        "publisher": descriptions[0]["publisher"]
        if descriptions
        else {"@type": "Organization", "name": config.organisation.name},
        "dataset": [{key: value for key, value in item.items() if key != "@context"} for item in descriptions],
    }
    if datasets:
        catalogue["dateModified"] = max(dataset.updated for dataset in datasets).isoformat()
    return catalogue


def as_json_ld(value: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> block: "<", ">" and "&" are escaped as
    \\u003c and so on, so no text (a title with "</script>", say) can end the block early."""
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def dataset_structured_data(
    dataset: Dataset, config: SiteConfig, years: tuple[int, int] | None = None, keywords: Sequence[str] = ()
) -> str:
    return as_json_ld(dataset_description(dataset, config, years, keywords))


def human_size(size: int) -> str:
    """ "2 KB", rounded up so a small file never reads "0 KB"."""
    kilobytes = max(1, -(-size // 1024))
    return f"{kilobytes} KB"
