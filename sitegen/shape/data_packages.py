"""Each dataset described for open data tools: a Frictionless Data Package and CSV on the Web
(CSVW) metadata, next to its CSV file.

The UK's guidance for publishing tabular data points to both: they say each column's name,
meaning and type (integer, number, boolean, date, string), which columns every row must
fill, and the licence, so that data.gov.uk and tools such as `frictionless validate` can
check and read the CSV without guessing. Both are made from the same `Column`s as the CSV,
JSON and JSON Schema, so they always describe the file next to them.

    data/money/spending.csv
    data/money/spending.datapackage.json    (Frictionless Data Package, v1 profile)
    data/money/spending.csv-metadata.json   (CSVW: the name a CSVW processor looks for first)
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any

from ..model.schema import SiteConfig
from .data_columns import Column

# Table Schema type -> CSVW datatype.
_CSVW_TYPES = MappingProxyType(
    {"string": "string", "integer": "integer", "number": "decimal", "boolean": "boolean", "date": "date"}
)


def package_name(key: str) -> str:
    """A package or resource name as Frictionless allows: lower-case letters, digits, -, _ and ."""
    return re.sub(r"[^a-z0-9._-]+", "-", key.lower()).strip("-") or "data"


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.table_type, "description": column.description}
    if column.title:
        field["title"] = column.title
    if column.table_type == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.options:
        constraints["enum"] = list(column.options)
    if constraints:
        field["constraints"] = constraints
    if column.unit:
        field["bareNumber"] = True
    return field


def data_package(dataset: Any, config: SiteConfig) -> dict[str, Any]:
    """The dataset as a Tabular Data Package with one resource, its CSV file."""
    name = package_name(dataset.key)
    schema: dict[str, Any] = {"fields": [_field(column) for column in dataset.columns], "missingValues": [""]}
    if dataset.columns and dataset.columns[0].name == "id":
        schema["primaryKey"] = ["id"]
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": dataset.title,
        "description": dataset.description,
        "homepage": config.base_url + dataset.page_path,
        "licenses": [{"name": "OGL-UK-3.0", "path": config.licence.url, "title": config.licence.name}]
        if "open-government-licence" in config.licence.url
        else [{"path": config.licence.url, "title": config.licence.name}],
        "contributors": [{"title": config.organisation.name, "role": "publisher"}],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": name.rsplit("/", 1)[-1] or name,
                "path": dataset.csv_path.rsplit("/", 1)[-1],
                "title": dataset.title,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": schema,
            }
        ],
    }
    if dataset.keywords:
        package["keywords"] = list(dataset.keywords)
    if dataset.coverage:
        package["temporal"] = dataset.coverage
    if config.area:
        package["spatial"] = config.area
    package["updated"] = dataset.updated.isoformat()
    return package


def _csvw_column(column: Column) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": column.name,
        "titles": column.name,  # The CSV's header row: a CSVW validator matches them.
        "dc:description": column.description,
        "datatype": {"base": "boolean", "format": "true|false"}
        if column.table_type == "boolean"
        else _CSVW_TYPES[column.table_type],
        "required": column.required,
    }
    if column.title:
        described["dc:title"] = column.title
    if column.unit:
        described["schema:unitCode"] = column.unit
    return described


def csvw_metadata(dataset: Any, config: SiteConfig) -> dict[str, Any]:
    """CSV on the Web metadata for the dataset's CSV file (W3C, 2015)."""
    table_schema: dict[str, Any] = {"columns": [_csvw_column(column) for column in dataset.columns]}
    if dataset.columns and dataset.columns[0].name == "id":
        table_schema["primaryKey"] = "id"
        table_schema["aboutUrl"] = config.base_url + dataset.page_path + "#{id}"
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": config.language}],
        "url": dataset.csv_path.rsplit("/", 1)[-1],
        "dc:title": dataset.title,
        "dc:description": dataset.description,
        "dc:publisher": {"schema:name": config.organisation.name, "schema:url": {"@id": config.base_url}},
        "dc:license": {"@id": config.licence.url},
        "dc:modified": {"@value": dataset.updated.isoformat(), "@type": "xsd:date"},
        "dialect": {"header": True, "encoding": "utf-8", "lineTerminator": "\r\n"},
        "tableSchema": table_schema,
    }
