"""Period labels: kept as written, read as years."""

import datetime

import pytest

from sitegen.model.periods import (
    PERIOD_EXAMPLES,
    Period,
    PeriodError,
    financial_year_choices,
    financial_year_label,
    parse_period,
    year_choices,
)


@pytest.mark.parametrize(
    "label, first, last",
    [
        ("2018", 2018, 2018),
        ("2023", 2023, 2023),
        ("2018/23", 2018, 2023),
        ("2019/20", 2019, 2020),
        ("2021/22", 2021, 2022),
        ("2022/23", 2022, 2023),
        ("2019/2020", 2019, 2020),
        ("2019–2021", 2019, 2021),
        ("1999/00", 1999, 2000),
        ("2020 and ongoing", 2020, None),
        ("2020 onwards", 2020, None),
    ],
)
def test_a_label_gives_its_first_and_last_year(label, first, last):
    period = parse_period(label)
    assert (period.first_year, period.last_year) == (first, last)
    assert period.label == label


def test_pre_2018_and_ongoing_has_an_open_start_and_no_end():
    period = parse_period("Pre-2018 and ongoing")
    assert period.first_year is None and period.last_year is None
    assert period.before_year == 2018
    assert period.has_open_start and period.is_ongoing
    assert all(period.covers(year) for year in (1990, 2017, 2018, 2023, 2040))
    assert period.describe() == "before 2018, ongoing"


def test_pre_2018_alone_ends_the_year_before():
    period = parse_period("Pre-2018")
    assert period.covers(2017) and not period.covers(2018)


def test_the_label_is_kept_exactly_as_written():
    assert parse_period("Pre-2018 and ongoing").label == "Pre-2018 and ongoing"
    assert parse_period("2018/23").label == "2018/23"


def test_a_span_covers_every_year_in_it_and_no_other():
    period = parse_period("2019/20")
    assert [y for y in range(2017, 2023) if period.covers(y)] == [2019, 2020]
    period = parse_period("2018/23")
    assert [y for y in range(2016, 2026) if period.covers(y)] == list(range(2018, 2024))


@pytest.mark.parametrize(
    "label", ["2O21", "", "twenty", "2021/", "/21", "21", "2018/23/24", "Pre-", "ongoing", "Smarch 2024", "Q5 2024"]
)
def test_a_label_that_is_not_a_period_is_refused_with_examples(label):
    with pytest.raises(PeriodError) as error:
        parse_period(label)
    assert str(error.value) == f"'period' must look like {PERIOD_EXAMPLES}, got \"{label}\""


@pytest.mark.parametrize("label", ["2021-13-01", "31 February 2024"])
def test_a_day_that_is_not_in_the_calendar_is_refused(label):
    with pytest.raises(PeriodError, match="not a day of the calendar"):
        parse_period(label)


@pytest.mark.parametrize("label", ["2023/19", "2020/20", "2021/2020"])
def test_a_period_that_ends_before_it_starts_is_refused(label):
    with pytest.raises(PeriodError, match=r"ends .* before or when it starts"):
        parse_period(label)


def test_machine_dates_use_the_first_year_or_the_year_an_open_start_runs_to():
    assert parse_period("2019/20").machine_date() == "2019"
    assert parse_period("Pre-2018 and ongoing").machine_date() == "2018"


def test_year_choices_run_from_the_earliest_to_the_latest_stated_year():
    periods = [parse_period(label) for label in ("2018", "2019/20", "2022/23", "Pre-2018 and ongoing")]
    assert year_choices(periods) == [2018, 2019, 2020, 2021, 2022, 2023]


def test_open_ends_do_not_stretch_the_year_choices():
    assert year_choices([parse_period("2020 and ongoing"), parse_period("2021")]) == [2020, 2021]
    assert year_choices([]) == []


def test_periods_are_values():
    assert parse_period("2018/23") == Period(
        "2018/23", 2018, 2023, None, datetime.date(2018, 1, 1), datetime.date(2023, 12, 31), "2018"
    )


# --- dates as people write them (issue 23) ----------------------------------------------

D = datetime.date


@pytest.mark.parametrize(
    "label, start, end, machine, words",
    [
        ("31 March 2024", D(2024, 3, 31), D(2024, 3, 31), "2024-03-31", "31 March 2024"),
        ("2024-03-31", D(2024, 3, 31), D(2024, 3, 31), "2024-03-31", "31 March 2024"),
        ("March 2024", D(2024, 3, 1), D(2024, 3, 31), "2024-03", "March 2024"),
        ("Feb 2024", D(2024, 2, 1), D(2024, 2, 29), "2024-02", "February 2024"),
        ("Q1 2024", D(2024, 1, 1), D(2024, 3, 31), "2024-01", "January to March 2024"),
        ("Q4 2024", D(2024, 10, 1), D(2024, 12, 31), "2024-10", "October to December 2024"),
        (
            "Q1 2024/25",
            D(2024, 4, 1),
            D(2024, 6, 30),
            "2024-04",
            "April to June 2024 (quarter 1 of financial year 2024 to 2025)",
        ),
        ("January to March 2024", D(2024, 1, 1), D(2024, 3, 31), "2024-01", "January 2024 to March 2024"),
        ("March 2024 to May 2025", D(2024, 3, 1), D(2025, 5, 31), "2024-03", "March 2024 to May 2025"),
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "2024", "2024"),
    ],
)
def test_days_months_quarters_and_ranges_are_read_with_their_first_and_last_days(label, start, end, machine, words):
    period = parse_period(label)
    assert (period.start, period.end, period.machine_date(), period.describe()) == (start, end, machine, words)
    assert period.label == label


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="ends before it starts"):
        parse_period("May 2024 to March 2024")


def test_2023_24_is_two_calendar_years_unless_the_list_says_financial_years():
    calendar_reading = parse_period("2023/24")
    assert (calendar_reading.start, calendar_reading.end) == (D(2023, 1, 1), D(2024, 12, 31))
    assert calendar_reading.describe() == "2023 to 2024"
    financial = parse_period("2023/24", financial_years=True)
    assert (financial.start, financial.end) == (D(2023, 4, 1), D(2024, 3, 31))
    assert financial.describe() == "financial year 2023 to 2024"
    assert financial.machine_date() == "2023-04"


def test_a_financial_year_falls_in_its_own_financial_year_only():
    financial = parse_period("2023/24", financial_years=True)
    assert [y for y in range(2021, 2026) if financial.covers_financial_year(y)] == [2023]
    # A calendar month is in the financial year it falls in; a calendar year touches two.
    assert [y for y in range(2021, 2026) if parse_period("March 2024").covers_financial_year(y)] == [2023]
    assert [y for y in range(2021, 2026) if parse_period("April 2024").covers_financial_year(y)] == [2024]
    assert [y for y in range(2021, 2026) if parse_period("2024").covers_financial_year(y)] == [2023, 2024]


def test_a_span_of_financial_years_is_read_aloud_as_one():
    assert parse_period("2018/23", financial_years=True).describe() == (
        "financial years 2018 to 2019 through 2022 to 2023"
    )


def test_financial_year_choices_run_from_the_earliest_to_the_latest():
    periods = [parse_period("2021/22", financial_years=True), parse_period("31 May 2024")]
    assert financial_year_choices(periods) == [2021, 2022, 2023, 2024]
    assert [financial_year_label(y) for y in (2023, 1999)] == ["2023/24", "1999/00"]
