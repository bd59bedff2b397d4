"""Lists that declare their own fields (issue 23): checked with located messages, shown on the
page, exported with their types, summed, and edited in the web editor with a control per type.
Dates as people write them, financial years included: filtered, read aloud and exported.

The second test site's spending list (date, supplier, purpose, amount) and quarterly figures
list are the examples; small lists written here test each mistake."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from editor_client import Client
from htmltools import elements, visible_text
from other_sites import copy_second_site

from sitegen.model.list_loading import load_data_file
from sitegen.pipeline import render_project
from sitegen.read.project_files import read_project
from sitegen.shape.search_index import documents_in

SPENDING = "money/spending/"
FIGURES = "money/quarterly-figures/"
TOP = """kind: list
title: Payments
description: Payments made by the office, each with its date, supplier and amount paid.
item_name: payment
updated: 2025-01-01
reviewed: 2025-01-01
"""
FIELDS = """fields:
  - name: paid
    label: Date paid
    type: date
    required: true
  - name: amount
    label: Amount
    type: money
    required: true
  - name: kind_of_spending
    label: Kind
    type: choice
    options: [equipment, training]
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_second_site(tmp_path_factory.mktemp("declared") / "lindmere-fire")


@pytest.fixture(scope="module")
def files(project) -> dict[str, bytes]:
    return render_project(read_project(project), strict=True).files


def page(files: dict[str, bytes], path: str) -> str:
    return files[path + "index.html"].decode("utf-8")


def load(text: str):
    return load_data_file("content/payments.yaml", text.encode("utf-8"), "payments/")


def item_html(html_text: str, item_id: str) -> str:
    return re.search(rf'<li class="item[^"]*" id="{item_id}".*?</li>', html_text, re.DOTALL).group(0)


def item_ids(html_text: str) -> list[str]:
    return re.findall(r'<li class="item[^"]*" id="([^"]+)"', html_text)


def texts_of(tag: str, html_text: str) -> list[str]:
    return [visible_text(inner) for inner in re.findall(rf"<{tag}>(.*?)</{tag}>", html_text, re.DOTALL)]


def messages(text: str) -> list[str]:
    _, problems = load(text)
    return [f"{p.file}:{p.line}: {p.message} ({p.hint})" for p in problems]


# --- declared and checked ----------------------------------------------------------------


def test_a_list_with_declared_fields_loads_each_value_with_its_type():
    collection, problems = load(TOP + FIELDS + "entries:\n  - paid: March 2024\n    amount: £12,500.50\n")
    assert problems == ()
    entry = collection.entries[0]
    assert str(entry.values["amount"]) == "12500.50"
    assert entry.values["paid"].label == "March 2024"
    assert entry.period.start.isoformat() == "2024-03-01"  # The first date field places it in the years.
    assert entry.values["kind_of_spending"] is None


def test_an_unknown_field_in_an_item_is_named_at_its_line_with_did_you_mean():
    found = messages(TOP + FIELDS + "entries:\n  - paid: March 2024\n    amuont: 12\n")
    assert found == [
        "content/payments.yaml:22: unknown field 'amuont' (did you mean 'amount'? the fields allowed here are: "
        "text, id, reviewed, draft, period, themes, paid, amount, kind_of_spending)"
    ]


def test_a_value_of_the_wrong_type_is_named_at_its_line_with_what_the_field_expects():
    found = messages(TOP + FIELDS + "entries:\n  - paid: Smarch 2024\n    amount: lots\n    kind_of_spending: cake\n")
    assert found[0].startswith(
        "content/payments.yaml:21: 'paid' must be a day, month, quarter or year, like 31 March 2024, March 2024, "
        'Q1 2024 or 2023/24, got "Smarch 2024"'
    )
    assert found[1].startswith(
        "content/payments.yaml:22: 'amount' must be an amount in pounds, like 12500 or £12,500.50, got \"lots\""
    )
    assert found[2].startswith("content/payments.yaml:23: 'kind_of_spending' must be one of 'equipment' or 'training'")


def test_a_required_field_left_out_is_named():
    found = messages(TOP + FIELDS + "entries:\n  - paid: 2024\n")
    assert found[0].startswith("content/payments.yaml:21: 'amount' is missing")


def test_pence_beyond_two_figures_are_refused():
    assert (
        "more than two figures of pence" in messages(TOP + FIELDS + "entries:\n  - paid: 2024\n    amount: 1.505\n")[0]
    )


@pytest.mark.parametrize(
    "declaration, expected",
    [
        (
            "  - name: amount\n    label: Amount\n    type: monney\n",
            "content/payments.yaml:10: 'type' must be one of 'text', 'markdown', 'number', 'money', 'date', 'choice', "
            "'link', 'document' or 'yes/no', got \"monney\"",
        ),
        ("  - name: text\n    label: Text\n", "content/payments.yaml:8: a field cannot be called 'text'"),
        (
            "  - name: kind\n    label: Kind\n    type: choice\n",
            "content/payments.yaml:8: the field 'kind' is a choice",
        ),
        (
            "  - name: amount\n    lable: Amount\n",
            "content/payments.yaml:9: unknown field 'lable' (did you mean 'label'?",
        ),
    ],
)
def test_a_mistake_in_the_declarations_is_named_at_its_line(declaration, expected):
    found = messages(TOP + "fields:\n" + declaration + "entries:\n  - text: One.\n")
    assert found and found[0].startswith(expected), found


def test_a_total_must_name_a_money_or_number_field():
    found = messages(TOP + "total: kind_of_spending\n" + FIELDS + "entries:\n  - paid: 2024\n    amount: 3\n")
    assert found == [
        "content/payments.yaml:7: 'total' names the field 'kind_of_spending', which is not a money or number field "
        "of this list (write one of: amount)"
    ]


# --- shown, summed and filtered ----------------------------------------------------------


def test_each_payment_shows_its_fields_as_a_description_list_with_money_in_pounds(files):
    html_text = page(files, SPENDING)
    item = item_html(html_text, "payment-2")
    assert texts_of("dt", item) == [
        "Date paid",
        "Supplier",
        "What it was for",
        "Amount",
        "Kind of spending",
        "Under a contract",
    ]
    assert texts_of("dd", item) == [
        "2 May 2024",
        "Wendle Print Works",
        "Leaflets for the cold water shock campaign",
        "£1,240.50",
        "services",
        "No",
    ]
    assert '<time datetime="2024-05-02">2 May 2024</time>' in item
    assert "£12,500" in visible_text(html_text)
    assert "Amount of all 4 payments: £22,520.50 in total." in visible_text(html_text)


def test_search_finds_a_payment_by_its_supplier_and_its_amount_as_readers_see_it(files):
    (payment,) = [d for d in documents_in(files) if d["url"] == SPENDING + "#payment-2"]
    assert payment == {
        "title": "2 May 2024 Wendle Print Works Leaflets for the cold …",
        "url": SPENDING + "#payment-2",
        "what": "Spending over £500, 2 May 2024",
        "text": "2 May 2024 Wendle Print Works Leaflets for the cold water shock campaign £1,240.50 services",
    }


def test_a_financial_years_list_is_filtered_by_financial_year(files):
    html_text = page(files, SPENDING)
    choices = [(a.attrs["href"], a.text) for a in elements(html_text, "a") if "data-year" in a.attrs]
    assert choices == [
        ("../../money/spending/", "All years"),
        ("../../money/spending/2023-24/", "2023/24"),
        ("../../money/spending/2024-25/", "2024/25"),
    ]
    # 14 March 2024 is in 2023/24; May 2024 to January 2025 in 2024/25.
    first = page(files, SPENDING + "2023-24/")
    assert item_ids(first) == ["payment-1"]
    second = page(files, SPENDING + "2024-25/")
    assert item_ids(second) == ["payment-2", "payment-3", "payment-4"]
    assert elements(second, "h1")[0].text == "Spending: 2024/25"  # led by its menu name (nav_title)
    assert elements(html_text, "li", id="payment-1")[0].attrs["data-years"] == "2023-24"
    assert elements(html_text, "h3", id="filter-year-label")[0].text == "Financial year"


def test_a_financial_years_quarter_is_read_aloud_with_its_months(files):
    html_text = page(files, FIGURES)
    dd = item_html(html_text, "quarter-1")
    assert '<time datetime="2024-10">Q3 2024/25</time>' in dd
    assert "(October to December 2024 (quarter 3 of financial year 2024 to 2025))" in html.unescape(dd)
    assert FIGURES + "2025-26/index.html" in files


def test_a_financial_year_is_read_aloud_as_one_and_a_calendar_span_as_two_years(tmp_path):
    root = copy_second_site(tmp_path / "site")
    rescues = root / "content/water-safety/rescues.yaml"
    text = rescues.read_text(encoding="utf-8")
    calendar = render_project(read_project(root), strict=True).files
    assert "(2021 to 2022)" in page(calendar, "water-safety/rescues/")
    rescues.write_text(text.replace("item_name: rescue\n", "item_name: rescue\nperiods: financial years\n"), "utf-8")
    financial = render_project(read_project(root), strict=True).files
    rescues_page = page(financial, "water-safety/rescues/")
    assert "(financial year 2021 to 2022)" in rescues_page
    assert '<time datetime="2021-04">2021/22</time>' in rescues_page
    # Calendar years 2019, 2020, 2023 and 2025 each touch two financial years.
    choices = [a.text for a in elements(rescues_page, "a") if a.attrs.get("data-year") not in (None, "all")]
    assert choices == ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]
    only = page(financial, "water-safety/rescues/2021-22/")
    assert "Two winters of flooding" in visible_text(only)
    # The open data gives the financial year's first and last days.
    rows = list(csv.DictReader(io.StringIO(financial["data/water-safety/rescues.csv"].decode("utf-8-sig"))))
    assert (rows[2]["period"], rows[2]["period_start"], rows[2]["period_end"]) == (
        "2021/22",
        "2021-04-01",
        "2022-03-31",
    )
    calendar_rows = list(csv.DictReader(io.StringIO(calendar["data/water-safety/rescues.csv"].decode("utf-8-sig"))))
    assert (calendar_rows[2]["period_start"], calendar_rows[2]["period_end"]) == ("2021-01-01", "2022-12-31")


# --- exported with their types -----------------------------------------------------------


def test_the_csv_gives_each_date_as_written_with_its_iso_start_and_end_and_money_as_a_number(files):
    rows = list(csv.DictReader(io.StringIO(files["data/money/spending.csv"].decode("utf-8-sig"))))
    assert list(rows[1]) == [
        "id",
        "date",
        "date_start",
        "date_end",
        "supplier",
        "purpose",
        "amount",
        "category",
        "contract",
        "last_reviewed",
    ]
    assert (rows[1]["date"], rows[1]["date_start"], rows[1]["date_end"]) == ("2 May 2024", "2024-05-02", "2024-05-02")
    assert [row["amount"] for row in rows] == ["2480", "1240.50", "12500", "6300"]
    quarters = list(csv.DictReader(io.StringIO(files["data/money/quarterly-figures.csv"].decode("utf-8-sig"))))
    assert (quarters[0]["quarter_start"], quarters[0]["quarter_end"]) == ("2024-10-01", "2024-12-31")


def test_the_json_gives_money_as_numbers_in_pounds_and_the_schema_says_each_type(files):
    data = json.loads(files["data/money/spending.json"])
    assert [row["amount"] for row in data["rows"]] == [2480, 1240.5, 12500, 6300]
    assert data["rows"][2]["contract"] is True
    assert data["total"] == {"field": "amount", "value": 22520.5, "currency": "GBP"}
    schema = json.loads(files["data/money/spending.schema.json"])["properties"]
    assert schema["amount"]["type"] == "number" and schema["amount"]["x-currency"] == "GBP"
    assert schema["contract"]["type"] == ["boolean", "null"]
    assert schema["date_start"]["format"] == "date"
    assert schema["supplier"]["title"] == "Supplier"


# --- edited in the web editor ------------------------------------------------------------


def test_the_editor_makes_its_form_from_the_declared_fields_and_writes_money_as_a_number(tmp_path):
    root = copy_second_site(tmp_path / "site")
    client = Client(root)
    name = "content/money/spending.yaml"
    url = f"/edit/item?file={name}&index=1"
    form_page = client.get(url).text
    assert re.search(
        r'<span class="input-prefix" aria-hidden="true">£</span><input class="input input-short" id="f-amount" '
        r'name="amount" type="text" inputmode="decimal"',
        form_page,
    )
    # Its three options, and "None given" first: the field is optional (as a step's status, issue 21).
    assert form_page.count('type="radio" id="f-category-') == 4
    assert '<label for="f-category-0">None given</label>' in form_page
    assert 'type="checkbox" id="f-contract" name="contract"' in form_page
    assert 'id="f-date" name="date" type="text" value="2 May 2024"' in form_page
    assert "<legend>Kind of spending (optional)</legend>" in form_page
    fields = client.form(url)
    fields.update(amount="£1,300.25", category=["training"])
    assert client.post(url, fields).status == 303
    text = (root / name).read_text(encoding="utf-8")
    assert "    amount: 1300.25\n    category: training\n" in text
    fields = client.form(url)
    fields.update(amount="a lot")
    refused = client.post(url, fields)
    assert refused.status == 200
    assert "&#39;amount&#39; must be an amount in pounds" in refused.text
    assert (root / name).read_text(encoding="utf-8") == text


# --- found by dataset search -------------------------------------------------------------


def json_ld(html_text: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html_text, re.DOTALL).group(1))


def test_each_list_is_a_dataset_with_its_dates_its_area_its_themes_and_when_it_changed(files):
    spending = json_ld(page(files, SPENDING))
    assert spending["temporalCoverage"] == "2024-03-14/2025-01-21"
    assert spending["spatialCoverage"] == {"@type": "Place", "name": "Lindmere"}
    assert spending["dateModified"] == "2025-10-14"
    assert 50 <= len(spending["description"]) <= 5000
    campaigns = json_ld(page(files, "water-safety/campaigns/"))
    assert campaigns["keywords"] == ["Cold water shock", "Open water swimming", "Schools"]
    assert campaigns["temporalCoverage"] == "2021/.."  # "2024 and ongoing": an open end, as Google allows


def test_a_list_whose_description_is_too_short_for_dataset_search_gets_a_located_warning():
    collection, problems = load(
        TOP.replace("Payments made by the office, each with its date, supplier and amount paid.", "Payments.")
        + "entries:\n  - text: One.\n"
    )
    assert collection is not None  # A warning: the list still builds (--strict refuses it).
    assert [(p.line, p.is_warning, p.message) for p in problems] == [
        (
            3,
            True,
            "the 'description' is too short for dataset search: 9 characters, where Google's Dataset rules ask "
            "for 50 to 5,000",
        )
    ]
