"""Clause claims: a sentence stating several facts becomes several atomic claims."""

from __future__ import annotations

import pytest

from newsprism.extract import clause_claims, extract_article
from newsprism.extract._nlp import load_spacy
from newsprism.extract.clauses import split_clauses
from newsprism.models import Article


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_spacy()


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        (
            "The governor, Aleksandr Kovalenko, declared a state of emergency and ordered all "
            "schools in Dravsk closed until further notice.",
            [
                "The governor, Aleksandr Kovalenko, declared a state of emergency.",
                "The governor ordered all schools in Dravsk closed until further notice.",
            ],
        ),
        (
            "Governor Aliaksandr Kavalenka, who declared a state of emergency at 7 a.m., said "
            "the priority was shelter and heating.",
            [
                "Governor Aliaksandr Kavalenka said the priority was shelter and heating.",
                "Governor Aliaksandr Kavalenka declared a state of emergency at 7 a.m.",
            ],
        ),
        (
            "About 1,200 people have been evacuated from Dravsk after the Stavets dam breached "
            "early on Tuesday morning, regional authorities said.",
            [
                "About 1,200 people have been evacuated from Dravsk, regional authorities said.",
                "The Stavets dam breached early on Tuesday morning.",
            ],
        ),
    ],
)
def test_sentences_split_into_readable_clauses(nlp, sentence: str, clauses: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert split_clauses(nlp(sentence)[:]) == clauses


@pytest.mark.parametrize(
    "sentence",
    [
        "Two people died, police said.",
        "Another 17 people were taken to hospital, most of them suffering from hypothermia.",
        '"I opened the door and the water was at my knees," she said.',
        "Lesna Hydro said it had opened the sluice gates to reduce pressure on the dam.",
        # the parser reads "after [midnight and water] reached": a guess, so no split
        "The river rose quickly after midnight and water reached the ground floors of homes.",
    ],
)
def test_single_facts_quotes_and_purposes_stay_whole(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert split_clauses(nlp(sentence)[:]) == []


def test_clause_claims_keep_their_own_figures_and_cite_the_sentence() -> None:
    text = (
        "Flood hits Dravsk\n"
        "Schools in Dravsk were closed on Tuesday, and the sports hall was turned into a "
        "shelter with about 600 camp beds."
    )
    article = Article("a1", "test", "Flood hits Dravsk", text, "Test Post")
    extracted = extract_article(article)
    [first, second] = extracted.clauses
    assert first.text == "Schools in Dravsk were closed on Tuesday."
    assert first.quantities == () and [t.text for t in first.times] == ["Tuesday"]
    assert [q.value for q in second.quantities] == [600]
    assert first.context == second.context == extracted.claims[first.sentence_index].text
    assert first.key.endswith(".1") and second.key.endswith(".2")
    units = extracted.units()
    assert first in units and extracted.claims[first.sentence_index] not in units
    assert clause_claims(extracted.claims[0], []) == []
