"""Quantities read from real sentences with the real spaCy model: value, range, comparator,
kind, unit and what is counted; the numbers that are not quantities; odd input."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from newsprism.extract._nlp import load_spacy
from newsprism.extract.quantities import COMPARATORS, find_quantities, parse_number
from newsprism.models import Quantity, QuantityKind

COUNT, MONEY, PERCENT = QuantityKind.COUNT, QuantityKind.MONEY, QuantityKind.PERCENT
AGE, DURATION, PRISON = QuantityKind.AGE, QuantityKind.DURATION, QuantityKind.PRISON_TERM
MEASURE = QuantityKind.MEASURE


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_spacy()


def read(nlp, text: str, sentence_index: int = 0) -> list[Quantity]:  # type: ignore[no-untyped-def]
    return find_quantities(nlp(text)[:], sentence_index)


def one(nlp, text: str, value: float) -> Quantity:  # type: ignore[no-untyped-def]
    found = [q for q in read(nlp, text) if math.isclose(q.value, value)]
    assert len(found) == 1, (text, [(q.surface, q.value) for q in read(nlp, text)])
    return found[0]


# sentence, value, expected fields (low/high default to the value, comparator to None)
POSITIVE: list[tuple[str, float, dict[str, Any]]] = [
    # comparators
    ("More than 300 homes were flooded, officials said.", 300,
     {"comparator": "more than", "high": 390, "kind": COUNT, "noun": "home",
      "counted": "homes flooded", "surface": "more than 300"}),
    ("Over 300 homes were flooded.", 300, {"comparator": "over", "noun": "home"}),
    ("Almost 400 homes had been flooded.", 400,
     {"comparator": "almost", "low": 360, "noun": "home"}),
    ("Officials said nearly 450 homes were flooded and about 1,200 residents fled.", 450,
     {"comparator": "nearly", "low": 405, "noun": "home"}),
    ("Officials said nearly 450 homes were flooded and about 1,200 residents fled.", 1200,
     {"comparator": "about", "low": 1080, "high": 1320, "noun": "person"}),
    ("Around 40 boats were deployed.", 40,
     {"comparator": "around", "low": 36, "high": 44, "noun": "boat"}),
    ("At least 17 people were injured.", 17,
     {"comparator": "at least", "high": 17 * 1.3, "noun": "person",
      "counted": "people injured"}),
    ("Up to 5,000 people could be affected.", 5000,
     {"comparator": "up to", "low": 3500, "noun": "person"}),
    ("Fewer than 10 households remain without power.", 10,
     {"comparator": "fewer than", "low": 7, "noun": "household",
      "counted": "households remain without power"}),
    ("Under 300 people attended the meeting.", 300,
     {"comparator": "under", "low": 210, "noun": "person"}),
    ("Roughly 250 rescuers were sent.", 250, {"comparator": "roughly", "noun": "rescuer"}),
    ("Some 300 residents fled.", 300, {"comparator": "some", "low": 270, "high": 330}),
    ("An estimated 180,000 households lost power.", 180_000,
     {"comparator": "an estimated", "noun": "household", "counted": "households lost power"}),
    ("The fire destroyed 450+ homes.", 450,
     {"comparator": "at least", "high": 585, "noun": "home", "surface": "450+"}),
    ("The storm snapped 300 or more poles.", 300, {"comparator": "at least", "noun": "pole"}),
    ("No fewer than 40 schools closed.", 40, {"comparator": "at least", "noun": "school"}),
    # ranges: the value is the midpoint, low/high the ends
    ("Between 300 and 400 people were evacuated.", 350,
     {"low": 300, "high": 400, "noun": "person", "counted": "people evacuated",
      "surface": "between 300 and 400"}),
    ("Some 300-400 residents fled.", 350,
     {"comparator": "some", "low": 270, "high": 440, "noun": "person"}),
    ("Two or three villages were cut off.", 2.5, {"low": 2, "high": 3, "noun": "village"}),
    ("Damage is estimated at between $3 and $4 billion.", 3.5e9,
     {"low": 3e9, "high": 4e9, "kind": MONEY, "unit": "USD", "noun": "damage"}),
    # scales, written-out numbers and number formats
    ("Half a million people live in the region.", 500_000, {"noun": "person"}),
    ("Twenty-five people died.", 25, {"noun": "person", "counted": "people died"}),
    ("A dozen were hurt.", 12, {"noun": "person", "counted": "people hurt"}),
    ("The loss came to 1.2m euros.", 1.2e6,
     {"kind": MONEY, "unit": "EUR", "noun": "loss", "surface": "1.2m euros"}),
    ("Power cuts hit 1.2m people.", 1.2e6, {"kind": COUNT, "noun": "person"}),
    ("Police said 1.200 residents were evacuated.", 1200,
     {"noun": "person", "counted": "residents evacuated"}),
    ("1 200 people were taken to hospital.", 1200,
     {"noun": "person", "counted": "people taken to hospital"}),
    ("The foundation handed out 3 500 blankets.", 3500, {"noun": "blanket"}),
    ("Judge Babicz read the 1.500-page verdict aloud.", 1500, {"noun": "page"}),
    ("The river rose by about 3.5 metres.", 3.5,
     {"comparator": "about", "kind": MEASURE, "unit": "metre", "noun": "metre",
      "counted": "river rose"}),
    # money
    ("The government pledged $4.2 million in aid.", 4.2e6,
     {"kind": MONEY, "unit": "USD", "noun": "aid", "surface": "$4.2 million"}),
    ("Damage was estimated at €4bn.", 4e9, {"kind": MONEY, "unit": "EUR", "noun": "damage"}),
    ("The bill could reach £2.5bn, officials said.", 2.5e9, {"kind": MONEY, "unit": "GBP"}),
    ("The fine was 500,000 roubles.", 500_000, {"kind": MONEY, "unit": "RUB", "noun": "fine"}),
    ("The ministry paid 20,000 hryvnias to each family.", 20_000,
     {"kind": MONEY, "unit": "UAH", "noun": "payment"}),
    ("The group spent 450 000 dollars on generators.", 450_000,
     {"kind": MONEY, "unit": "USD", "noun": "generator"}),
    ("The court also fined him $1.5 million.", 1.5e6,
     {"kind": MONEY, "unit": "USD", "noun": "fine"}),
    ("Only €3 million of the money had been recovered.", 3e6,
     {"kind": MONEY, "unit": "EUR", "noun": "money"}),
    ("The works will cost 38 million talars.", 38e6, {"kind": MONEY, "unit": "talar"}),
    # percentages
    ("Prices rose 12% last month.", 12,
     {"kind": PERCENT, "unit": "%", "noun": "price", "surface": "12%"}),
    ("Turnout was 45 per cent.", 45, {"kind": PERCENT, "unit": "%", "noun": "turnout"}),
    ("He said only about 20 percent of cases end in prison terms.", 20,
     {"kind": PERCENT, "unit": "%", "comparator": "about", "noun": "case"}),
    ("Less than 5% of the town has power.", 5,
     {"kind": PERCENT, "unit": "%", "comparator": "less than", "low": 3.5}),
    # ages
    ("A 54-year-old engineer was killed.", 54,
     {"kind": AGE, "unit": "year", "noun": "engineer", "surface": "54-year-old"}),
    ("A man aged 61 died.", 61, {"kind": AGE, "unit": "year", "noun": "person"}),
    ("Kowalski, 47, was arrested.", 47,
     {"kind": AGE, "unit": "year", "noun": "person", "counted": "age of kowalski"}),
    ("Hanna Tkach, a 70-year-old pensioner, stayed at home.", 70,
     {"kind": AGE, "unit": "year", "noun": "pensioner", "counted": "age of hanna tkach"}),
    ("Residents aged over 65 were moved first.", 65,
     {"kind": AGE, "unit": "year", "comparator": "over", "noun": "person"}),
    # durations
    ("Power was cut for six hours.", 6,
     {"kind": DURATION, "unit": "hour", "noun": "hour", "counted": "power cut"}),
    ("Three days of rain flooded the town.", 3, {"kind": DURATION, "unit": "day"}),
    ("Nurses worked a 12-hour shift.", 12, {"kind": DURATION, "unit": "hour"}),
    ("The storm lasted for over six hours.", 6,
     {"kind": DURATION, "unit": "hour", "comparator": "over"}),
    # prison terms
    ("He was sentenced to six years in prison.", 6, {"kind": PRISON, "unit": "year"}),
    ("He was jailed for eight years.", 8, {"kind": PRISON, "unit": "year", "noun": "year"}),
    ("He received a six-year sentence.", 6, {"kind": PRISON, "unit": "year"}),
    ("Kowalski was sentenced to 18 months in jail.", 18,
     {"kind": PRISON, "unit": "month", "counted": "prison term of kowalski"}),
    ("His wife received a suspended three-year term.", 3, {"kind": PRISON, "unit": "year"}),
    # measures
    ("Winds reached 120 km/h on the coast.", 120,
     {"kind": MEASURE, "unit": "kilometre per hour", "noun": "kilometre"}),
    ("The park covers 1,200 square kilometres.", 1200,
     {"kind": MEASURE, "unit": "square kilometre"}),
    ("The reservoir holds about 40 million cubic metres of water.", 40e6,
     {"kind": MEASURE, "unit": "cubic metre", "comparator": "about"}),
    ("Temperatures fell to minus 15 degrees Celsius.", -15,
     {"kind": MEASURE, "unit": "degree Celsius", "noun": "degree"}),
    ("The plant produced 450,000 tonnes of fertiliser.", 450_000,
     {"kind": MEASURE, "unit": "tonne", "noun": "tonne"}),
    ("The fire has burned more than 4,500 hectares.", 4500,
     {"kind": MEASURE, "unit": "hectare", "comparator": "more than"}),
    ("Sensors recorded ammonia at almost 90 milligrams per cubic metre.", 90,
     {"kind": MEASURE, "unit": "milligram per cubic metre", "noun": "milligram",
      "comparator": "almost"}),
    ("The water was 3m deep.", 3, {"kind": MEASURE, "unit": "metre"}),
    ("The temperature hit 40C on 3 August.", 40,
     {"kind": MEASURE, "unit": "degree Celsius", "noun": "degree"}),
    ("Officials said the number of dead had risen to 14.", 14,
     {"noun": "person", "counted": "people dead"}),
    # what is counted
    ("The death toll rose to 12.", 12, {"noun": "death", "counted": "death toll"}),
    ("A crowd of 3,400 watched the match.", 3400, {"noun": "crowd"}),
    ("Twelve of the victims were children.", 12, {"noun": "victim"}),
    ("A dam breached, forcing about 1,200 residents to be evacuated.", 1200,
     {"comparator": "about", "noun": "person", "counted": "residents evacuated"}),
    ("MORE THAN 300 HOMES FLOODED", 300,
     {"comparator": "more than", "noun": "home", "counted": "homes flooded"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "expected"), POSITIVE)
def test_reads_value_comparator_kind_unit_and_noun(
    nlp,  # type: ignore[no-untyped-def]
    text: str,
    value: float,
    expected: dict[str, Any],
) -> None:
    quantity = one(nlp, text, value)
    low_factor, high_factor = COMPARATORS.get(expected.get("comparator") or "", (1.0, 1.0))
    assert quantity.low == pytest.approx(expected.get("low", value * low_factor))
    assert quantity.high == pytest.approx(expected.get("high", value * high_factor))
    assert quantity.low <= quantity.value <= quantity.high
    assert quantity.comparator == expected.get("comparator")
    assert quantity.kind is expected.get("kind", COUNT)
    assert quantity.unit == expected.get("unit")
    for field in ("noun", "counted", "surface"):
        if field in expected:
            assert getattr(quantity, field) == expected[field], field


def test_comparators_are_those_of_the_annotation_guide(nlp) -> None:  # type: ignore[no-untyped-def]
    allowed = {
        "more than", "over", "at least", "almost", "nearly", "about", "around", "up to",
        "fewer than", "less than", "under", "roughly", "some", "an estimated",
    }  # fmt: skip
    text = (
        "Approximately 40 boats, close to 300 rescuers, upwards of 50 trucks and "
        "just under 90 volunteers were sent."
    )
    found = {q.value: q.comparator for q in read(nlp, text)}
    assert found == {40: "about", 300: "nearly", 50: "more than", 90: "almost"}
    assert set(found.values()) <= allowed <= set(COMPARATORS)


def test_each_number_in_a_sentence_is_read_once(nlp) -> None:  # type: ignore[no-untyped-def]
    quantities = read(nlp, "The storm killed two people and injured 17, while 12 were missing.", 4)
    assert [(q.value, q.noun, q.counted) for q in quantities] == [
        (2, "person", "people killed"),
        (17, "person", "people injured"),
        (12, "person", "people missing"),
    ]
    assert {q.sentence_index for q in quantities} == {4}


NOT_QUANTITIES = [
    "The dam broke in 2019.",
    "A 2019 inspection report warned of cracks.",
    "The dam was completed in the 1960s.",
    "The dam gave way at 4:30 a.m. on Tuesday.",
    "The dam gave way at about 4.30am local time (0230 GMT).",
    "At 7 a.m. the governor declared an emergency.",
    "The next meeting is on 3 June.",
    "The next meeting is on June 3, 2026.",
    "It was the third flood this year and the 12th since records began.",
    "Route 7 and flight PS-112 were closed.",
    "Flight 112 was cancelled.",
    "Call +48 22 555 0143 for help.",
    "Call 0800 123 456 or (022) 555-0143 for information.",
    "Apollo 11 landed and Channel 4 reported it.",
    "She lives at No. 7 Green Street.",
    "Covid-19 spread to the G7 countries in March 2020.",
    "Dozens of homes and hundreds of houses were damaged.",
    "Trains run every 15 minutes.",
    "The team won 2-1 on Sunday.",
    "Two days later, the water receded.",
    "One of the largest floods in memory hit the town.",
    "Dravsk | 120 | 45",
    "Two of the eleven had forecast a cut.",
    "The law took effect on 12.03.2024 and patrols now run 24/7.",
    "The talks resumed at 12 noon.",
    "Figure 3 shows the M4 motorway and Euro 2024 in the 2020s.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_years_times_dates_ordinals_and_labels_are_not_quantities(
    nlp,  # type: ignore[no-untyped-def]
    text: str,
) -> None:
    assert read(nlp, text) == []


def test_only_the_quantity_is_read_beside_dates_and_times(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "On 3 June 2019, at 4:30 a.m., about 1,200 residents of Route 7 were evacuated."
    assert [(q.value, q.comparator, q.noun) for q in read(nlp, text)] == [(1200, "about", "person")]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["two"], 2),
        (["Twenty", "-", "five"], 25),
        (["twenty-five"], 25),
        (["one", "hundred", "and", "twenty"], 120),
        (["two", "thousand", "five", "hundred"], 2500),
        (["a", "dozen"], 12),
        (["two", "dozen"], 24),
        (["half", "a", "million"], 500_000),
        (["one", "and", "a", "half", "million"], 1_500_000),
        (["1,200"], 1200),
        (["1,200,000"], 1_200_000),
        (["1", "200"], 1200),
        (["1", "200", "000"], 1_200_000),
        (["1.200.000"], 1_200_000),
        (["1.200"], 1.2),  # a count reads it as 1,200; parse_number alone keeps English
        (["3.5"], 3.5),
        (["4.2", "million"], 4_200_000),
        (["1.2", "m"], 1_200_000),
        (["4bn"], 4e9),
        (["€4bn"], 4e9),
        (["10k"], 10_000),
        (["2,5", "million"], 2_500_000),
        (["zero"], 0),
    ],
)
def test_parse_number(words: list[str], value: float) -> None:
    assert parse_number(words) == pytest.approx(value)


@pytest.mark.parametrize(
    "words",
    [["Tuesday"], ["dozens"], ["hundreds"], ["a"], ["million"], [], ["2019", "300"],
     ["two", "three"], ["five", "twenty"], ["third"], ["1,2,3"], ["4:30"], ["3rd"]],
)  # fmt: skip
def test_parse_number_rejects_what_is_not_a_number(words: list[str]) -> None:
    assert parse_number(words) is None


def test_empty_and_blank_input(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("", " ", "\n\n", "|", "— – -", "$", "%"):
        assert read(nlp, text) == [], repr(text)


def test_garbage_numbers_are_not_quantities(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "12345678901234567890 people were counted.",
        "1,2,3,4 people",
        "9/11 24/7 50/50",
        "2,000,000,000,000,000,000 people",
    ):
        assert read(nlp, text) == [], text


def test_all_caps_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "THE DAM BROKE AT 4:30 A.M. ON 3 JUNE, FORCING 1,200 RESIDENTS TO FLEE."
    assert [(q.value, q.noun) for q in read(nlp, text)] == [(1200, "person")]


def test_table_row_flattened_to_text(nlp) -> None:  # type: ignore[no-untyped-def]
    # Without the header row nothing says what the bare numbers count; a percentage still
    # reads as one.
    quantities = read(nlp, "Zelenodar | 96,000 | 31,000 | 12.5%")
    assert [(q.value, q.kind, q.unit) for q in quantities] == [(12.5, PERCENT, "%")]
    assert read(nlp, " | ".join(str(n) for n in range(400))) == []


def test_five_thousand_character_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    part = "about 1,200 residents were evacuated and nearly 450 homes were flooded"
    text = ", while ".join([part] * 70)[:5000]
    assert len(text) == 5000
    quantities = read(nlp, text)
    assert {(q.value, q.comparator, q.noun) for q in quantities} == {
        (1200, "about", "person"),
        (450, "nearly", "home"),
    }
    assert len(quantities) >= 100


def test_random_token_soup_never_crashes(nlp) -> None:  # type: ignore[no-untyped-def]
    words = (
        "300 1,200 1.200 1 200 - – to or and between more than about $ € £ m bn million a "
        "dozen half one two twenty five year old years aged , . % per cent metres km / h + "
        "plus homes people were flooded died | 4:30 a.m. June 3 2019 Route 7 sentenced prison "
        "for hours ( ) +48 0143 555 Kowalski MORE THAN HOMES 100 000 ° C square cubic of the "
        "in at some an estimated up no fewer 450+ 3m 4bn 10k 300–400 12-15% ١٢ ½"
    )
    vocab = [*words.split(), "\u00a0", "\u202f"]
    rng = random.Random(20)
    seen = 0
    for _ in range(300):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 25)))
        doc = nlp(text)
        for span in [doc[:], *doc.sents]:
            for quantity in find_quantities(span, 0):
                seen += 1
                assert math.isfinite(quantity.value)
                assert quantity.low <= quantity.value <= quantity.high
                assert isinstance(quantity.kind, QuantityKind)
                assert quantity.noun and quantity.counted and quantity.surface
    assert seen > 0
