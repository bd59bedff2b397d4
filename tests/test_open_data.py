"""Data that can be found and opened (issue 13): CSV files that Excel reads as UTF-8, a
schema.org description of every dataset in its page, and licence links marked as such."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from htmltools import elements
from tooling import REPO_ROOT

from sitegen.pipeline import render_project
from sitegen.read.project_files import read_project

BOM = "\ufeff".encode("utf-8")


def json_ld(html: str) -> list[dict]:
    blocks = html.split('<script type="application/ld+json">')[1:]
    return [json.loads(block.split("</script>", 1)[0]) for block in blocks]


# --- CSV ---------------------------------------------------------------------------------------


def test_every_csv_file_starts_with_a_byte_order_mark_so_excel_reads_it_as_utf8(real_site):
    csv_files = {path: data for path, data in real_site.files.items() if path.endswith(".csv")}
    assert len(csv_files) == len(real_site.content.collections) + 1  # and the glossary
    for path, data in csv_files.items():
        assert data.startswith(BOM), path
        assert not data[len(BOM) :].startswith(BOM), f"{path} has two byte order marks"


def test_curly_quotes_and_dashes_survive_the_round_trip(real_site):
    rows = list(csv.DictReader(io.StringIO(real_site.files["data/timeline.csv"].decode("utf-8-sig"))))
    texts = " ".join(row["text"] for row in rows)
    assert "PCC’s policy team" in texts  # U+2019, which Excel shows as "â€™" without the mark
    assert next(iter(rows[0])) == "id"


# --- schema.org descriptions -------------------------------------------------------------------


def test_each_list_page_describes_its_dataset_for_search_engines(real_site, real_pages):
    config = real_site.content.config
    base = config.base_url
    for key, collection in real_site.content.collections.items():
        (dataset,) = json_ld(real_pages[collection.path + "index.html"])
        assert dataset["@context"] == "https://schema.org" and dataset["@type"] == "Dataset"
        assert dataset["name"] == collection.title
        assert dataset["description"] == collection.description
        assert dataset["url"] == base + collection.path
        assert dataset["license"] == config.licence.url
        assert dataset["dateModified"] == collection.updated.isoformat()
        assert dataset["publisher"] == {
            "@type": "Organization",
            "name": config.organisation.name,
            "url": config.organisation.website,
        }
        assert dataset["inLanguage"] == "en-GB" and dataset["isAccessibleForFree"] is True
        assert [(d["encodingFormat"], d["contentUrl"]) for d in dataset["distribution"]] == [
            ("text/csv", f"{base}data/{key}.csv"),
            ("application/json", f"{base}data/{key}.json"),
        ]
        columns = [v["name"] for v in dataset["variableMeasured"]]
        assert columns == list(
            csv.DictReader(io.StringIO(real_site.files[f"data/{key}.csv"].decode("utf-8-sig"))).fieldnames
        )
    timeline = json_ld(real_pages["timeline/index.html"])[0]
    assert timeline["temporalCoverage"] == "2018/2023"
    assert "Drugs" in timeline["keywords"]


def test_the_glossary_and_the_open_data_page_describe_their_data_too(real_site, real_pages):
    (glossary,) = json_ld(real_pages["glossary/index.html"])
    assert glossary["@type"] == "Dataset" and glossary["name"] == "Glossary"
    (catalogue,) = json_ld(real_pages["data/index.html"])
    assert catalogue["@type"] == "DataCatalog"
    assert catalogue["url"] == real_site.content.config.base_url + "data/"
    names = [dataset["name"] for dataset in catalogue["dataset"]]
    assert names == [c.title for c in real_site.content.collections.values()] + ["Glossary"]
    assert all(dataset["@type"] == "Dataset" and "@context" not in dataset for dataset in catalogue["dataset"])


def test_filtered_views_leave_the_description_to_the_whole_list(real_pages):
    assert json_ld(real_pages["timeline/2021/index.html"]) == []
    assert json_ld(real_pages["plan/index.html"]) == []


def test_text_in_a_description_cannot_end_its_script_block():
    project = read_project(REPO_ROOT)
    files = dict(project.files)
    title = "Work </script><script>alert(1)</script> & <!-- more"
    timeline = files["content/timeline.yaml"].decode("utf-8")
    files["content/timeline.yaml"] = timeline.replace('title: "In West Mercia (2018/23)"', f"title: '{title}'").encode(
        "utf-8"
    )
    html = render_project(dataclasses.replace(project, files=files)).files["timeline/index.html"].decode("utf-8")
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["name"] == title


# --- licence links -----------------------------------------------------------------------------


def test_every_link_to_the_licence_says_it_is_the_licence(real_site, real_pages):
    licence = real_site.content.config.licence.url
    found = 0
    for path, html in real_pages.items():
        for link in elements(html, "a", href=licence):
            assert link.attrs.get("rel") == "license", f"{path}: {link.text!r}"
            found += 1
    assert found > len(real_pages)  # the footer of every page, and each download box


@pytest.mark.parametrize("path", ["timeline/index.html", "data/index.html", "glossary/index.html"])
def test_download_boxes_and_the_data_page_mark_the_licence(real_pages, path):
    licence_links = [a for a in elements(real_pages[path], "a") if a.attrs.get("rel") == "license"]
    assert len(licence_links) >= 2
