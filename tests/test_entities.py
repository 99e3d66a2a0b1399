"""Canonical entities: spellings merged, different people kept apart, roles and slips read."""

from __future__ import annotations

import pytest

from newsprism.extract import resolve_entities
from newsprism.extract._names import (
    clean_name,
    probable_misspelling,
    same_name_word,
    skeleton,
    surname_gender,
)
from newsprism.extract._nlp import load_spacy
from newsprism.extract.entities import sentence_mentions
from newsprism.models import Mention


def people(*mentions: tuple[str, str, int]) -> dict[str, set[str]]:
    """Resolve (text, article, sentence) PERSON mentions; canonical name -> forms."""
    resolved = resolve_entities(Mention(t, "PERSON", a, s) for t, a, s in mentions)
    return {e.name: set(e.variants()) for e in resolved}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("oleksandr", "aleksandr"),
        ("alexander", "aliaksandr"),
        ("aleksander", "oleksandr"),
        ("hryhoriy", "grigory"),
        ("grzegorz", "hryhoriy"),
        ("zhabinski", "zhabinsky"),
        ("zhabinskiy", "zhabinskyi"),
        ("khmelnytsky", "chmielnicki"),
        ("zhukov", "zukow"),
        ("joukov", "zhukov"),
        ("shevchenko", "szewczenko"),
        ("schewtschenko", "shevchenko"),
        ("kavalenka", "kovalenko"),
    ],
)
def test_transliterations_are_one_name(a: str, b: str) -> None:
    assert same_name_word(a, b)


@pytest.mark.parametrize(("a", "b"), [("kovalenko", "kovalchuk"), ("petrenko", "pavlenko")])
def test_different_names_stay_different(a: str, b: str) -> None:
    assert not same_name_word(a, b)


def test_skeleton_folds_vowels_and_romanisations() -> None:
    assert skeleton("kavalenka") == skeleton("kovalenko") == "kvlnk"


def test_gender_from_surname_endings() -> None:
    assert surname_gender("Wiśniewska") == "f"
    assert surname_gender("Wiśniewski") == "m"
    assert surname_gender("Volkova") == "f"
    assert surname_gender("Volkov") == "m"
    assert surname_gender("Zhabinskaya") == "f"
    assert surname_gender("Kovalenko") is None


def test_clean_name_splits_title_and_possessive() -> None:
    assert clean_name("Governor Aleksandr Kavalenka's") == ("Aleksandr Kavalenka", "Governor")
    assert clean_name("the Red Cross") == ("Red Cross", None)
    assert clean_name("Dr. Olena Marchuk") == ("Olena Marchuk", "Dr.")


def test_transliteration_variants_and_cyrillic_merge_into_one_person() -> None:
    resolved = people(
        ("Aliaksandr Kavalenka", "a", 0),
        ("Aliaksandr Kavalenka", "b", 0),
        ("Alexander Kovalenko", "c", 0),
        ("Oleksandr Kovalenko", "d", 0),
        ("Олександр Коваленко", "e", 0),
        ("Aleksander Kowalenko", "f", 0),
    )
    assert len(resolved) == 1
    (name, forms) = next(iter(resolved.items()))
    assert name == "Aliaksandr Kavalenka"
    assert "Олександр Коваленко" in forms and "Aleksander Kowalenko" in forms


def test_husband_and_wife_stay_apart_even_by_surname_only() -> None:
    resolved = people(
        ("Marta Wiśniewska", "a", 0),
        ("Tomasz Wiśniewski", "a", 1),
        ("Wiśniewska", "a", 2),
        ("Wiśniewski", "a", 3),
        ("Marta Wisniewska", "b", 0),
        ("Irina Volkova", "c", 0),
        ("Pavel Volkov", "c", 1),
        ("Volkova", "c", 2),
    )
    assert resolved["Marta Wiśniewska"] == {"Marta Wiśniewska", "Marta Wisniewska", "Wiśniewska"}
    assert resolved["Tomasz Wiśniewski"] == {"Tomasz Wiśniewski", "Wiśniewski"}
    assert resolved["Irina Volkova"] == {"Irina Volkova", "Volkova"}
    assert resolved["Pavel Volkov"] == {"Pavel Volkov"}


def test_same_surname_different_first_names_are_different_people() -> None:
    resolved = people(
        ("Jan Kowalski", "a", 0),
        ("Piotr Kowalski", "a", 3),
        ("Kowalski", "a", 4),  # nearest before: Piotr
        ("Kowalski", "a", 1),  # nearest before: Jan
    )
    assert resolved["Jan Kowalski"] == {"Jan Kowalski", "Kowalski"}
    assert resolved["Piotr Kowalski"] == {"Piotr Kowalski", "Kowalski"}
    entities = resolve_entities(
        Mention(t, "PERSON", "a", s)
        for t, s in [("Jan Kowalski", 0), ("Piotr Kowalski", 3), ("Kowalski", 4), ("Kowalski", 1)]
    )
    by_name = {e.name: sorted(m.sentence_index for m in e.mentions) for e in entities}
    assert by_name == {"Jan Kowalski": [0, 1], "Piotr Kowalski": [3, 4]}


def test_surname_only_in_another_article_joins_the_only_person_of_that_name() -> None:
    resolved = people(("Nadia Sorokina", "a", 0), ("Sorokina", "b", 2))
    assert resolved == {"Nadia Sorokina": {"Nadia Sorokina", "Sorokina"}}


def test_rare_one_letter_slip_is_kept_as_a_suspect_variant() -> None:
    mentions = [Mention("Peter Hallier", "PERSON", f"a{i}", 0) for i in range(5)]
    mentions.append(Mention("Peter Haller", "PERSON", "b", 0))
    (entity,) = resolve_entities(mentions)
    assert entity.name == "Peter Hallier"
    assert entity.suspect_forms == frozenset({"Peter Haller"})
    forms = {f.text: f for f in entity.forms()}
    assert forms["Peter Haller"].suspect and forms["Peter Haller"].article_ids == ("b",)
    assert not forms["Peter Hallier"].suspect and forms["Peter Hallier"].count == 5


def test_romanisation_differences_are_not_slips() -> None:
    assert probable_misspelling("Peter Haller", "Peter Hallier")
    assert probable_misspelling("Nadia Sorkina", "Nadia Sorokina")
    assert not probable_misspelling("Zhabinsky", "Zhabinski")
    assert not probable_misspelling("Marta Wisniewska", "Marta Wiśniewska")
    assert not probable_misspelling("Fiodorov", "Fedorov")


def test_organisation_word_order_variants_merge() -> None:
    entities = resolve_entities(
        [
            Mention("Emergency Situations Ministry", "ORG", "a", 0),
            Mention("Ministry of Emergency Situations", "ORG", "b", 0),
            Mention("Ministry of Health", "ORG", "b", 1),
        ]
    )
    forms = sorted(sorted(e.variants()) for e in entities)
    assert forms == [
        ["Emergency Situations Ministry", "Ministry of Emergency Situations"],
        ["Ministry of Health"],
    ]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_spacy()


def mentions_in(nlp, text: str) -> dict[str, tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {m.text: (m.label, m.role) for m in sentence_mentions(doc[:], "a", 0)}


def test_role_from_title_in_front(nlp) -> None:  # type: ignore[no-untyped-def]
    found = mentions_in(nlp, "Regional Governor Aleksandr Kavalenka visited the dam on Monday.")
    assert found["Aleksandr Kavalenka"] == ("PERSON", "regional governor")


def test_role_from_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    found = mentions_in(
        nlp, "Nadia Sorokina, the mayor of Polesk, said the water was still rising."
    )
    assert found["Nadia Sorokina"][1] == "mayor of Polesk"


def test_cyrillic_name_inside_english_text_is_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    found = mentions_in(nlp, "The governor, Олександр Коваленко, ordered an evacuation.")
    assert found["Олександр Коваленко"][0] == "PERSON"


def test_company_name_is_an_organisation_whatever_the_tagger_says(nlp) -> None:  # type: ignore[no-untyped-def]
    found = mentions_in(nlp, "The dam is operated by Lesna Hydro, a state company.")
    assert found["Lesna Hydro"][0] == "ORG"
