"""The extract stage end to end: odd input, tables, time anchors, speakers, the cache."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

import newsprism.extract as extract
from newsprism.extract import (
    EXTRACTOR_VERSION,
    extract_article,
    extract_articles,
    link_speakers,
    resolve_entities,
)
from newsprism.models import Article, QuantityKind, SpeechKind
from newsprism.store import open_store

PUBLISHED = datetime(2026, 6, 5, 9, 0, tzinfo=timezone(timedelta(hours=2)))  # a Friday


def article(text: str, article_id: str = "a1", outlet: str = "Velesia Today") -> Article:
    return Article(
        id=article_id,
        origin=f"test/{article_id}",
        title="Test",
        text=text,
        outlet=outlet,
        published=PUBLISHED,
    )


def test_non_english_paragraph_is_skipped_and_marked() -> None:
    result = extract_article(
        article(
            "The mayor said 300 homes were flooded on Thursday.\n"
            "Burmistrz powiedział, że sytuacja jest pod kontrolą i mieszkańcy mogą wrócić.\n"
            "Rescue teams worked through the night."
        )
    )
    assert [s.text for s in result.sentences] == [
        "The mayor said 300 homes were flooded on Thursday.",
        "Rescue teams worked through the night.",
    ]
    (skipped,) = result.skipped
    assert skipped.language == "pl" and skipped.paragraph == 1
    assert skipped.reason == "not English (pl)"
    assert skipped.text.startswith("Burmistrz powiedział")


def test_all_caps_paragraph_keeps_its_text_and_its_figures() -> None:
    shouted = "MORE THAN 300 HOMES FLOODED AS THE DAM GAVE WAY ON THURSDAY."
    result = extract_article(article(shouted))
    (claim,) = result.claims
    assert claim.text == "MORE THAN 300 HOMES FLOODED AS THE DAM GAVE WAY ON THURSDAY."
    (quantity,) = claim.quantities
    assert (quantity.value, quantity.comparator, quantity.noun) == (300, "more than", "home")
    (when,) = claim.times
    assert when.start == datetime(2026, 6, 4, tzinfo=UTC)


def test_names_in_a_shouted_line_are_recognised_from_the_rest_of_the_article() -> None:
    result = extract_article(
        article(
            "The Warm Homes Foundation opened a shelter run by Irina Volkova in Dravsk.\n"
            "STILL NO HEAT IN DRAVSK, SAYS THE WARM HOMES FOUNDATION."
        )
    )
    shouted = [m.text for m in result.mentions if m.sentence_index == 1]
    assert "Warm Homes Foundation" in shouted and "Dravsk" in shouted
    assert result.sentences[1].text == "STILL NO HEAT IN DRAVSK, SAYS THE WARM HOMES FOUNDATION."


def test_very_long_sentence_is_read_without_error() -> None:
    wall = " ".join(["residents waited for buses near the bridge"] * 700)  # ~5,000 words
    result = extract_article(article(f"Officials said 40 buses came. {wall}"))
    assert result.claims[0].quantities[0].value == 40
    assert sum(len(s.text) for s in result.sentences) > 5_000


def test_numbers_in_european_formats() -> None:
    result = extract_article(
        article("Some 1.200 residents were evacuated, and 1 300 people were moved to schools.")
    )
    values = sorted(q.value for c in result.claims for q in c.quantities)
    assert values == [1200, 1300]


def test_table_rows_count_their_column_heading() -> None:
    result = extract_article(
        article(
            "Homes flooded by district, according to the regional office:\n"
            "District | Residents | Evacuated\n"
            "Lisky | 740 | 510\n"
            "Zorynets | 1,100 | 820"
        )
    )
    rows = {c.text: c.quantities for c in result.claims}
    lisky = rows["Lisky | 740 | 510"]
    assert [(q.value, q.noun, q.kind) for q in lisky] == [
        (740, "person", QuantityKind.COUNT),
        (510, "person", QuantityKind.COUNT),
    ]
    assert "evacuated" in lisky[1].counted and "Lisky" in lisky[1].counted
    assert [q.value for q in rows["Zorynets | 1,100 | 820"]] == [1100, 820]


def test_the_day_before_counts_back_from_the_last_date_placed() -> None:
    result = extract_article(
        article(
            "The dam broke on Wednesday. Engineers had warned of cracks the day before, "
            "officials said."
        )
    )
    times = [t for c in result.claims for t in c.times]
    wednesday, day_before = times
    assert wednesday.start == datetime(2026, 6, 3, tzinfo=UTC)
    assert day_before.start == datetime(2026, 6, 2, tzinfo=UTC) and day_before.relative


def test_local_clock_time_is_placed_in_utc_with_the_outlets_offset() -> None:
    result = extract_article(article("The dam broke at 4:30 a.m. on Thursday, police said."))
    (when,) = result.claims[0].times
    assert when.start == datetime(2026, 6, 4, 2, 30, tzinfo=UTC)
    assert when.granularity == "minute"


def test_publication_time_is_never_an_event_time() -> None:
    result = extract_article(article("Rescue teams were still searching."))
    assert result.claims[0].times == ()
    assert result.article.published == PUBLISHED


def test_quotes_are_linked_to_the_canonical_person_across_articles() -> None:
    first = extract_article(
        article(
            'Governor Aliaksandr Kavalenka said: "We will rebuild every home."',
            "a1",
            "Velesia Today",
        )
    )
    second = extract_article(
        article(
            "Alexander Kovalenko visited the shelter on Friday. "
            '"Nobody will be left behind," Kovalenko told reporters.',
            "a2",
            "Eastern Monitor",
        )
    )
    entities = resolve_entities([*first.mentions, *second.mentions])
    quotes = link_speakers([*first.quotes, *second.quotes], entities)
    (person,) = [e for e in entities if e.label == "PERSON"]
    assert {"Aliaksandr Kavalenka", "Alexander Kovalenko", "Kovalenko"} == set(person.variants())
    assert "governor" in person.roles()
    assert [q.speaker_id for q in quotes] == [person.id, person.id]
    assert quotes[1].addressee == "reporters" and quotes[1].kind is SpeechKind.DIRECT


def articles_for_cache() -> list[Article]:
    return [
        article(f"Report {n}: police said {n + 2} people were hurt on Thursday.", f"c{n}")
        for n in range(3)
    ]


def test_extraction_is_cached_in_the_store(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "cache.db")
    items = articles_for_cache()
    for item in items:
        store.add(item)
    first = extract_articles(items, cache=store)

    def must_not_run(_article: Article) -> None:
        raise AssertionError("extraction ran again although the results are cached")

    monkeypatch.setattr(extract, "extract_article", must_not_run)
    again = extract_articles(items, cache=store)
    assert again == first
    assert again[1].claims[0].quantities[0].value == 3
    store.close()


def test_cache_of_another_extractor_version_is_ignored(tmp_path: Path) -> None:
    store = open_store(tmp_path / "cache.db")
    items = articles_for_cache()
    for item in items:
        store.add(item)
    stale = [replace(extract_article(a), sentences=[]) for a in items]
    store.save_extractions(stale, "0.0-old")
    assert store.load_extractions([a.id for a in items], EXTRACTOR_VERSION) == {}
    fresh = extract_articles(items, cache=store)
    assert all(result.sentences for result in fresh)
    store.close()


def test_unreadable_cache_row_is_extracted_again(tmp_path: Path) -> None:
    db = tmp_path / "cache.db"
    store = open_store(db)
    items = articles_for_cache()
    for item in items:
        store.add(item)
    extract_articles(items, cache=store)
    store.close()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE extractions SET payload = '{broken' WHERE article_id = 'c1'")
    store = open_store(db)
    cached = store.load_extractions([a.id for a in items], EXTRACTOR_VERSION)
    assert set(cached) == {"c0", "c2"}
    results = extract_articles(items, cache=store)
    assert results[1].claims[0].quantities[0].value == 3
    assert store.count() == 3  # the articles themselves are untouched
    store.close()


def test_worker_processes_give_the_same_result(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(extract, "PARALLEL_THRESHOLD", 2)
    quote = article('"We are safe," Mayor Nadia Sorokina said on Friday.', "p1")
    items = [*articles_for_cache(), quote]
    assert extract_articles(items, workers=2) == extract_articles(items, workers=1)


def test_store_keeps_the_outlets_utc_offset(tmp_path: Path) -> None:
    store = open_store(tmp_path / "offset.db")
    store.add(article("Some text about the flood that is long enough.", "o1"))
    stored = store.get("o1")
    assert stored is not None and stored.published == PUBLISHED
    assert stored.published.utcoffset() == timedelta(hours=2)
    store.close()


def test_store_written_by_an_older_version_is_upgraded_in_place(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as connection:
        connection.execute(
            "CREATE TABLE articles (id VARCHAR(32) PRIMARY KEY, origin TEXT, title TEXT, "
            "text TEXT, outlet VARCHAR(200), url TEXT, author TEXT, published DATETIME, "
            "language VARCHAR(16), format VARCHAR(16), site_name TEXT, ingested_at DATETIME)"
        )
        connection.execute(
            "INSERT INTO articles VALUES ('old1', 'x.txt', 'Old', 'Old text.', 'Old Outlet', "
            "NULL, NULL, '2026-03-10 07:14:00.000000', NULL, 'text', NULL, "
            "'2026-03-10 08:00:00.000000')"
        )
    store = open_store(db)
    old = store.get("old1")
    assert old is not None and old.title == "Old"
    assert old.published == datetime(2026, 3, 10, 7, 14, tzinfo=UTC)
    assert store.add(article("A new report stored after the upgrade.", "new1"))
    assert store.count() == 2
    store.close()


@pytest.mark.parametrize("text", ["", "   \n \n", "|||", "12345", "“unbalanced quote"])
def test_degenerate_text_does_not_crash(text: str) -> None:
    result = extract_article(article(text))
    assert len(result.claims) == len(result.sentences)
