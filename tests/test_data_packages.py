"""Every list is also a Frictionless Data Package and has CSV on the Web (CSVW) metadata, and
the `frictionless` package's validator finds no error in either, on both test sites (issue 23).

The CSVW metadata is checked by reading its columns as a Frictionless Table Schema (the same
types under W3C names) and validating the CSV against that: a column it names wrongly, a type
the values do not have or a required column left empty is an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from other_sites import copy_second_site

pytest.importorskip("frictionless")
import frictionless

from sitegen.pipeline import render_project
from sitegen.read.project_files import read_project

CSVW_TO_TABLE_SCHEMA = {"string": "string", "integer": "integer", "decimal": "number", "date": "date"}


def written(files: dict[str, bytes], folder: Path) -> Path:
    for path, data in files.items():
        if path.startswith("data/"):
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def second_site(tmp_path_factory) -> Path:
    root = copy_second_site(tmp_path_factory.mktemp("packages") / "lindmere-fire")
    return written(render_project(read_project(root), strict=True).files, tmp_path_factory.mktemp("second-out"))


@pytest.fixture(scope="module")
def west_mercia(real_site, tmp_path_factory) -> Path:
    return written(real_site.files, tmp_path_factory.mktemp("west-mercia-out"))


def errors_of(report: frictionless.Report) -> list[str]:
    return [f"{error.type}: {error.note}" for task in report.tasks for error in task.errors] + [
        f"{error.type}: {error.note}" for error in report.errors
    ]


@pytest.mark.parametrize("site", ["second_site", "west_mercia"])
def test_every_data_package_validates_with_frictionless_with_zero_errors(site, request):
    out: Path = request.getfixturevalue(site)
    packages = sorted((out / "data").rglob("*.datapackage.json"))
    csv_files = sorted((out / "data").rglob("*.csv"))
    assert len(packages) == len(csv_files) > 0
    for package in packages:
        report = frictionless.validate(str(package))
        assert errors_of(report) == [], package
        assert report.valid, package


def csvw_as_table_schema(metadata: dict) -> dict:
    fields = []
    for column in metadata["tableSchema"]["columns"]:
        datatype = column["datatype"]
        field = {"name": column["titles"]}
        if isinstance(datatype, dict):  # booleans, written true or false
            assert datatype == {"base": "boolean", "format": "true|false"}
            field.update(type="boolean", trueValues=["true"], falseValues=["false"])
        else:
            field["type"] = CSVW_TO_TABLE_SCHEMA[datatype]
        if column["required"]:
            field["constraints"] = {"required": True}
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


@pytest.mark.parametrize("site", ["second_site", "west_mercia"])
def test_the_csvw_metadata_describes_each_csv_column_for_column_and_the_values_fit_its_types(site, request):
    out: Path = request.getfixturevalue(site)
    for metadata_file in sorted((out / "data").rglob("*.csv-metadata.json")):
        metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
        assert metadata["@context"][0] == "http://www.w3.org/ns/csvw"
        csv_file = metadata_file.parent / metadata["url"]
        header = csv_file.read_bytes().decode("utf-8-sig").split("\r\n", 1)[0].split(",")
        assert [c["titles"] for c in metadata["tableSchema"]["columns"]] == header
        resource = frictionless.Resource(
            path=csv_file.name,
            basepath=str(csv_file.parent),
            schema=frictionless.Schema.from_descriptor(csvw_as_table_schema(metadata)),
        )
        report = frictionless.validate(resource)
        assert errors_of(report) == [], metadata_file


def test_the_spending_package_gives_each_column_its_type_and_the_money_its_currency(second_site):
    package = json.loads((second_site / "data/money/spending.datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert {name: f["type"] for name, f in fields.items()} == {
        "id": "string",
        "date": "string",
        "date_start": "date",
        "date_end": "date",
        "supplier": "string",
        "purpose": "string",
        "amount": "number",
        "category": "string",
        "contract": "boolean",
        "last_reviewed": "date",
    }
    assert fields["amount"]["description"] == "The amount paid in pounds, like 12500 or 1240.50, in pounds (GBP)"
    assert fields["amount"]["constraints"] == {"required": True}
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    csvw = json.loads((second_site / "data/money/spending.csv-metadata.json").read_text(encoding="utf-8"))
    amount = next(c for c in csvw["tableSchema"]["columns"] if c["name"] == "amount")
    assert (amount["datatype"], amount["schema:unitCode"]) == ("decimal", "GBP")


def test_a_row_that_does_not_fit_its_type_is_an_error_for_frictionless(second_site, tmp_path):
    """The validation above can fail: a payment whose amount is words is reported."""
    for name in ("spending.csv", "spending.datapackage.json"):
        (tmp_path / name).write_bytes((second_site / "data/money" / name).read_bytes())
    csv_file = tmp_path / "spending.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8-sig").replace(",2480,", ",lots,"), encoding="utf-8-sig")
    report = frictionless.validate(str(tmp_path / "spending.datapackage.json"))
    assert [e.split(":")[0] for e in errors_of(report)] == ["type-error"]


def test_the_built_in_kinds_columns_are_described_by_the_same_field_declarations(west_mercia):
    """One mechanism: a timeline's, steps' and the glossary's columns take their titles and choices
    from sitegen/model/fields.py's BUILT_IN_FIELDS, as a list's own fields do from its file."""
    steps = json.loads((west_mercia / "data/next-steps.datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in steps["resources"][0]["schema"]["fields"]}
    assert fields["status"]["title"] == "Status"
    assert fields["status"]["constraints"] == {"enum": ["planned", "in progress", "done"]}
    assert fields["text"]["title"] == "Text"
    glossary = json.loads((west_mercia / "data/glossary.datapackage.json").read_text(encoding="utf-8"))
    assert [f.get("title") for f in glossary["resources"][0]["schema"]["fields"]] == [
        "Term",
        "Stands for",
        "Explanation",
    ]
