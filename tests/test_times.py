"""Dates and times of events, resolved against the publish date (real spaCy, real dateparser)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest

from newsprism.extract._nlp import load_spacy
from newsprism.extract.times import find_times, resolve_time
from newsprism.models import TimeExpression

if TYPE_CHECKING:
    from spacy.language import Language

THURSDAY = datetime(2026, 6, 4, 8, 0, tzinfo=UTC)  # publish time used unless a test says otherwise


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def days(year: int, month: int, day: int, count: int = 1) -> tuple[datetime, datetime]:
    start = at(year, month, day)
    return start, start + timedelta(days=count)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_spacy()


def times_in(
    nlp: Language, text: str, published: datetime | None = THURSDAY, anchor: datetime | None = None
) -> list[TimeExpression]:
    return find_times(nlp(text)[:], 0, published, anchor)


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday", days(2026, 6, 4)),  # the publish day's own weekday is that day
        ("on Thursday", days(2026, 6, 4)),
        ("ON THURSDAY", days(2026, 6, 4)),
        ("Wednesday", days(2026, 6, 3)),
        ("on Friday", days(2026, 5, 29)),  # the previous week's Friday, not tomorrow
        ("Monday's", days(2026, 6, 1)),
    ],
)
def test_weekday_is_the_most_recent_on_or_before_publication(
    text: str, expected: tuple[datetime, datetime]
) -> None:
    assert resolve_time(text, THURSDAY) == (*expected, "day", True)


def test_weekday_with_part_of_day_is_that_part_of_that_day() -> None:
    assert resolve_time("on Monday night", THURSDAY) == (
        at(2026, 6, 1, 18),
        at(2026, 6, 2, 6),
        "part of day",
        True,
    )
    assert resolve_time("Friday evening", THURSDAY) == (
        at(2026, 5, 29, 18),
        at(2026, 5, 30),
        "part of day",
        True,
    )
    assert resolve_time("the early hours of Tuesday", THURSDAY) == (
        at(2026, 6, 2),
        at(2026, 6, 2, 6),
        "part of day",
        True,
    )


def test_find_times_joins_a_day_and_its_part_of_day(nlp: Language) -> None:
    (found,) = times_in(nlp, "The river burst its banks on Thursday night, flooding 300 homes.")
    assert found.text == "Thursday night"
    assert (found.start, found.end) == (at(2026, 6, 4, 18), at(2026, 6, 5, 6))
    assert found.granularity == "part of day"
    assert found.sentence_index == 0


# --------------------------------------------------------------------------- months, weeks, years


def test_in_june_is_the_whole_month_of_the_publish_year() -> None:
    assert resolve_time("in June", THURSDAY) == (at(2026, 6, 1), at(2026, 7, 1), "month", False)


def test_in_june_is_last_years_june_when_june_is_after_the_publish_month() -> None:
    published = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert resolve_time("in June", published) == (at(2025, 6, 1), at(2025, 7, 1), "month", False)


def test_last_month_crosses_the_year_boundary() -> None:
    published = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    assert resolve_time("last month", published) == (
        at(2025, 12, 1),
        at(2026, 1, 1),
        "month",
        True,
    )


def test_last_week_is_the_previous_monday_to_sunday_week() -> None:
    assert resolve_time("last week", THURSDAY) == (at(2026, 5, 25), at(2026, 6, 1), "week", True)
    monday = datetime(2026, 6, 8, 10, 0, tzinfo=UTC)
    assert resolve_time("last week", monday) == (at(2026, 6, 1), at(2026, 6, 8), "week", True)


def test_earlier_this_month_runs_from_the_first_to_the_publish_date() -> None:
    assert resolve_time("earlier this month", THURSDAY) == (
        at(2026, 6, 1),
        at(2026, 6, 4),
        "month",
        True,
    )


def test_this_year_and_month_of_last_year_and_a_span_of_years() -> None:
    assert resolve_time("this year", THURSDAY) == (at(2026, 1, 1), at(2027, 1, 1), "year", True)
    assert resolve_time("March last year", THURSDAY) == (
        at(2025, 3, 1),
        at(2025, 4, 1),
        "month",
        True,
    )
    assert resolve_time("from 2020 to 2022", THURSDAY) == (
        at(2020, 1, 1),
        at(2023, 1, 1),
        "year",
        False,
    )


# --------------------------------------------------------------------------- days relative to now


def test_yesterday_is_the_day_before_publication() -> None:
    assert resolve_time("yesterday", THURSDAY) == (*days(2026, 6, 3), "day", True)
    new_year = datetime(2026, 1, 1, 7, 0, tzinfo=UTC)
    assert resolve_time("yesterday", new_year) == (*days(2025, 12, 31), "day", True)


def test_the_day_before_counts_back_from_the_anchor() -> None:
    anchor = at(2026, 6, 1)
    assert resolve_time("the day before", THURSDAY, anchor) == (*days(2026, 5, 31), "day", True)
    assert resolve_time("the next day", THURSDAY, anchor) == (*days(2026, 6, 2), "day", True)
    assert resolve_time("two days later", THURSDAY, anchor) == (*days(2026, 6, 3), "day", True)
    # no earlier date in the article: a date expression, but not one that can be placed
    assert resolve_time("the day before", THURSDAY) == (None, None, "day", True)


def test_the_day_before_takes_the_date_earlier_in_the_sentence(nlp: Language) -> None:
    monday = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
    found = times_in(
        nlp,
        "The storm hit on Saturday, and the day before, forecasters had issued only a warning.",
        monday,
    )
    assert [(t.text, t.start, t.end) for t in found] == [
        ("Saturday", *days(2026, 12, 12)),
        ("the day before", *days(2026, 12, 11)),
    ]


def test_the_day_before_takes_the_anchor_from_an_earlier_sentence(nlp: Language) -> None:
    (found,) = times_in(nlp, "The day before, forecasters issued a warning.", anchor=at(2026, 6, 2))
    assert (found.start, found.end, found.relative) == (*days(2026, 6, 1), True)


def test_the_day_before_a_named_event_is_not_a_date(nlp: Language) -> None:
    found = times_in(nlp, "He resigned the day before the vote and left on Tuesday.")
    assert [(t.text, t.start) for t in found] == [("Tuesday", at(2026, 6, 2))]


# --------------------------------------------------------------------------- clock times


def test_clock_time_on_a_weekday() -> None:
    assert resolve_time("at 4:30 a.m. on Tuesday", THURSDAY) == (
        at(2026, 6, 2, 4, 30),
        at(2026, 6, 2, 4, 31),
        "minute",
        True,
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Forecasters warned of more rain on Wednesday.", days(2026, 6, 10)),
        ("The minister will visit the town on Monday.", days(2026, 6, 8)),
        ("The minister visited the town on Monday.", days(2026, 6, 1)),  # the past: as before
        ("More rain is forecast for Thursday.", days(2026, 6, 4)),  # the publish day itself
    ],
)
def test_a_weekday_in_a_forecast_or_plan_is_the_coming_one(
    nlp: Language, sentence: str, expected: tuple[datetime, datetime]
) -> None:
    (found,) = times_in(nlp, sentence)
    assert (found.start, found.end) == expected


def test_find_times_reads_clock_and_day_as_one_expression(nlp: Language) -> None:
    (found,) = times_in(nlp, "Police said the fire started at 4:30 a.m. on Tuesday.")
    assert found.text == "4:30 a.m. on Tuesday"
    assert (found.start, found.end, found.granularity) == (
        at(2026, 6, 2, 4, 30),
        at(2026, 6, 2, 4, 31),
        "minute",
    )


def test_clock_time_takes_its_day_from_the_sentence(nlp: Language) -> None:
    found = times_in(nlp, "Yesterday, rescue teams arrived at 11pm and left at 06:15 the next day.")
    assert [(t.text, t.start, t.granularity) for t in found] == [
        ("Yesterday", at(2026, 6, 3), "day"),
        ("11pm", at(2026, 6, 3, 23), "hour"),
        ("06:15 the next day", at(2026, 6, 4, 6, 15), "minute"),
    ]


def test_clock_time_alone_falls_back_to_the_anchor_then_the_publish_date() -> None:
    assert resolve_time("at 6 a.m.", THURSDAY) == (
        at(2026, 6, 4, 6),
        at(2026, 6, 4, 7),
        "hour",
        True,
    )
    # 11 p.m. had not come yet when the 8 a.m. paper went out: the night before
    assert resolve_time("at 11 p.m.", THURSDAY) == (
        at(2026, 6, 3, 23),
        at(2026, 6, 4),
        "hour",
        True,
    )
    assert resolve_time("at 11 p.m.", THURSDAY, at(2026, 6, 1)) == (
        at(2026, 6, 1, 23),
        at(2026, 6, 2),
        "hour",
        True,
    )


def test_clock_times_are_local_to_the_publish_offset_unless_given_in_gmt(nlp: Language) -> None:
    local_paper = datetime(2026, 3, 5, 13, 0, tzinfo=timezone(timedelta(hours=2)))
    (found,) = times_in(
        nlp, "An explosion tore through the plant at 4:30 a.m. on Thursday.", local_paper
    )
    assert (found.start, found.end) == (at(2026, 3, 5, 2, 30), at(2026, 3, 5, 2, 31))
    # days stay calendar days
    assert resolve_time("Thursday", local_paper) == (*days(2026, 3, 5), "day", True)

    wire = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    (found,) = times_in(
        nlp, "The blast happened at 4:30 a.m. local time (0230 GMT) on Thursday.", wire
    )
    assert "0230 GMT" in found.text
    assert found.start == at(2026, 3, 5, 2, 30)


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("3 June", THURSDAY, days(2026, 6, 3)),
        ("3 June", datetime(2026, 5, 1, tzinfo=UTC), days(2025, 6, 3)),  # else after publication
        ("March 12, 2026", THURSDAY, days(2026, 3, 12)),
        ("12.03.2026", THURSDAY, days(2026, 3, 12)),  # day first
        ("June 2027", THURSDAY, (at(2027, 6, 1), at(2027, 7, 1))),  # a stated year is kept
    ],
)
def test_absolute_dates_are_not_relative(
    text: str, published: datetime, expected: tuple[datetime, datetime]
) -> None:
    start, end, _granularity, relative = resolve_time(text, published) or (None, None, "", True)
    assert (start, end, relative) == (*expected, False)


def test_find_times_reads_numeric_dates_spacy_calls_numbers(nlp: Language) -> None:
    found = times_in(nlp, "The dam was inspected on 3 June and again on 12.03.2026.")
    assert [(t.text, t.start, t.relative) for t in found] == [
        ("3 June", at(2026, 6, 3), False),
        ("12.03.2026", at(2026, 3, 12), False),
    ]


def test_dateline_filing_date_is_not_an_event(nlp: Language) -> None:
    wire = datetime(2026, 11, 11, 7, 30, tzinfo=UTC)
    found = times_in(
        nlp, "BELOZAR, Nov 10 (CEW) - The former minister was jailed on Tuesday.", wire
    )
    assert [(t.text, t.start) for t in found] == [("Tuesday", at(2026, 11, 10))]


# --------------------------------------------------------------------------- what is not a time


@pytest.mark.parametrize(
    "text",
    [
        "six hours",
        "three days",
        "for years",
        "recently",
        "decades",
        "54-year-old",
        "a six-hour",
        "the past 20 months",
        "the 1990s",
        "in recent weeks",
    ],
)
def test_durations_ages_and_vague_spans_are_not_times(text: str) -> None:
    assert resolve_time(text, THURSDAY) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "A 54-year-old man was held for six hours after a standoff.",
        "Residents have complained for years, and the road was closed for three days.",
        "Recently, the ministry has said little about it.",
    ],
)
def test_find_times_skips_durations_and_ages(nlp: Language, sentence: str) -> None:
    assert times_in(nlp, sentence) == []


# --------------------------------------------------------------------------- without a publish date


def test_without_a_publish_date_relative_expressions_are_unplaced() -> None:
    assert resolve_time("Thursday", None) == (None, None, "day", True)
    assert resolve_time("last month", None) == (None, None, "month", True)
    assert resolve_time("at 4:30 a.m.", None) == (None, None, "minute", True)


def test_without_a_publish_date_absolute_dates_still_resolve_when_they_give_a_year() -> None:
    assert resolve_time("March 12, 2026", None) == (*days(2026, 3, 12), "day", False)
    assert resolve_time("3 June", None) == (None, None, "day", False)  # which year?
    assert resolve_time("the day before", None, at(2026, 3, 12)) == (
        *days(2026, 3, 11),
        "day",
        True,
    )


def test_find_times_without_a_publish_date(nlp: Language) -> None:
    found = times_in(nlp, "The dam burst on Tuesday, months after the 3 May 2026 inspection.", None)
    assert [(t.text, t.start, t.relative) for t in found] == [
        ("Tuesday", None, True),
        ("3 May 2026", at(2026, 5, 3), False),
    ]


# --------------------------------------------------------------------------- odd input


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 5000, "June " * 1000, "the 99th of Foo", "February 30", "13 p.m.", "\x00"],
)
def test_odd_input_is_not_a_time_and_does_not_raise(text: str) -> None:
    assert resolve_time(text, THURSDAY) is None
    assert resolve_time(text, None, at(2026, 1, 1)) is None


def test_extreme_publish_dates_do_not_raise() -> None:
    assert resolve_time("yesterday", datetime.max.replace(tzinfo=UTC)) is None
    assert resolve_time("the day before", THURSDAY, datetime.min.replace(tzinfo=UTC)) is None


def test_find_times_on_shouting_and_garbage(nlp: Language) -> None:
    (found,) = times_in(nlp, "ON THURSDAY THE MAYOR SAID THE BRIDGE WOULD REOPEN.")
    assert (found.text, found.start) == ("THURSDAY", at(2026, 6, 4))
    garbage = " ".join(["the 99th of Foo", "—", "13 p.m.", "((", "4:99", "year"] * 200)
    assert times_in(nlp, garbage) == []
