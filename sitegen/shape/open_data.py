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
import decimal
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..markdown.renderer import MarkdownRenderer
from ..model.fields import CURRENCY
from ..model.schema import SiteConfig
from ..model.site_content import Collection, SiteContent
from .data_columns import Column, entry_columns, glossary_columns, money_number, temporal_coverage
from .data_packages import csvw_metadata, data_package

CSV_BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    page_path: str
    updated: datetime.date
    columns: tuple[Column, ...]
    rows: tuple[Any, ...]
    coverage: str | None = None  # the dates its rows cover, an ISO 8601 interval: 2018-01-01/2023-12-31
    keywords: tuple[str, ...] = ()  # its themes
    total: dict[str, Any] | None = None  # the sum a list asks for: field, value and currency

    @property
    def csv_path(self) -> str:
        return f"data/{self.key}.csv"

    @property
    def json_path(self) -> str:
        return f"data/{self.key}.json"

    @property
    def schema_path(self) -> str:
        return f"data/{self.key}.schema.json"

    @property
    def package_path(self) -> str:
        return f"data/{self.key}.datapackage.json"

    @property
    def csvw_path(self) -> str:
        return f"data/{self.key}.csv-metadata.json"


def build_datasets(content: SiteContent, markdown: MarkdownRenderer) -> list[Dataset]:
    datasets = [
        Dataset(
            collection.key,
            collection.title,
            collection.description,
            collection.path,
            collection.updated,
            entry_columns(markdown.plain_text, collection),
            collection.entries,
            temporal_coverage([e.period for e in collection.entries if e.period is not None]),
            tuple(collection.themes.values()),
            _total(collection),
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
                glossary_columns(),
                glossary.terms,
            )
        )
    return datasets


def dataset_files(dataset: Dataset, config: SiteConfig) -> dict[str, bytes]:
    """The CSV, JSON and JSON Schema files of one dataset, its data package and CSVW metadata."""
    licence_name, licence_url, base_url = config.licence.name, config.licence.url, config.base_url
    rows = [{column.name: column.value(row) for column in dataset.columns} for row in dataset.rows]
    records = [{name: _plain_value(value) for name, value in row.items()} for row in rows]
    return {
        dataset.csv_path: _to_csv(dataset.columns, rows),
        dataset.json_path: _to_json(
            {
                "title": dataset.title,
                "description": dataset.description,
                "licence": {"name": licence_name, "url": licence_url},
                "last_updated": dataset.updated.isoformat(),
                "page": base_url + dataset.page_path,
                "schema": base_url + dataset.schema_path,
                **({"total": dataset.total} if dataset.total else {}),
                "rows": records,
            }
        ),
        dataset.schema_path: _to_json(_schema(dataset, base_url)),
        dataset.package_path: _to_json(data_package(dataset, config)),
        dataset.csvw_path: _to_json(csvw_metadata(dataset, config)),
    }


def _total(collection: Collection) -> dict[str, Any] | None:
    total = collection.total_of()
    if total is None:
        return None
    money = any(f.name == collection.total and f.type == "money" for f in collection.fields)
    found: dict[str, Any] = {"field": collection.total, "value": _plain_value(total)}
    return {**found, "currency": CURRENCY} if money else found


def _plain_value(value: Any) -> Any:
    return money_number(value) if isinstance(value, decimal.Decimal) else value


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
    if isinstance(value, decimal.Decimal):  # Pounds: 12500, or 1240.50 with its pence.
        value = str(int(value)) if value == int(value) else f"{value:.2f}"
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
        if column.title:
            spec["title"] = column.title
        if column.json_type == "array":
            spec["items"] = {"type": "string"}
        if column.table_type == "date":
            spec["format"] = "date"
        if column.unit:
            spec["x-currency"] = column.unit
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


def dataset_description(dataset: Dataset, config: SiteConfig) -> dict[str, Any]:
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
    if dataset.coverage is not None:
        description["temporalCoverage"] = dataset.coverage
    if config.area:
        description["spatialCoverage"] = {"@type": "Place", "name": config.area}
    if dataset.keywords:
        description["keywords"] = list(dataset.keywords)
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


def dataset_structured_data(dataset: Dataset, config: SiteConfig) -> str:
    return as_json_ld(dataset_description(dataset, config))


def download_facts(dataset: Dataset, sizes: Mapping[str, int]) -> dict[str, Any]:
    """What a page says of a list's open data. Plain values only, so that pages showing
    them can be reused by the next build. sizes: each file's size in bytes, by address."""
    return {
        "key": dataset.key,
        "title": dataset.title,
        "description": dataset.description,
        "page_path": dataset.page_path,
        "updated": dataset.updated,
        "rows": len(dataset.rows),
        "csv_path": dataset.csv_path,
        "json_path": dataset.json_path,
        "schema_path": dataset.schema_path,
        "package_path": dataset.package_path,
        "csvw_path": dataset.csvw_path,
        "csv_size": human_size(sizes[dataset.csv_path]),
        "json_size": human_size(sizes[dataset.json_path]),
    }


def human_size(size: int) -> str:
    """ "2 KB", rounded up so a small file never reads "0 KB"."""
    kilobytes = max(1, -(-size // 1024))
    return f"{kilobytes} KB"
