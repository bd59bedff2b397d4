"""Period labels: kept as written, read as years."""

import pytest

from sitegen.model.periods import Period, PeriodError, parse_period, year_choices


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
    "label", ["2O21", "", "twenty", "2021/", "/21", "21", "2018/23/24", "Pre-", "2021-13-01", "ongoing"]
)
def test_a_label_that_is_not_a_period_is_refused_with_examples(label):
    with pytest.raises(PeriodError) as error:
        parse_period(label)
    assert str(error.value) == f'\'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "{label}"'


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
    assert parse_period("2018/23") == Period("2018/23", 2018, 2023)
