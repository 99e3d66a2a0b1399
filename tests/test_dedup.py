"""Dedup: the incremental copy index, wire agencies, syndication, stored signatures."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from newsprism.dedup import CopyIndex, find_source_groups, signature, wire_agency
from newsprism.models import Article, CopyKind, Story
from newsprism.store import open_store

WIRE = (
    "Rescue teams in the river town of Orvane pulled 14 people from flooded homes on Monday "
    "after the Nerva burst its banks, regional officials said. The water rose two metres in "
    "six hours and cut the only road to the hospital. Mayor Ilse Brandauer said schools "
    "would stay closed until Thursday and asked residents to boil drinking water. "
    "Forecasters expect more rain overnight."
)


def article(article_id: str, text: str, hour: int = 9) -> Article:
    return Article(
        id=article_id,
        origin=f"test/{article_id}",
        title=text[:40],
        text=text,
        outlet=f"Outlet {article_id}",
        published=datetime(2026, 4, 6, hour, tzinfo=UTC),
    )


def test_copy_index_finds_near_copies_and_only_them() -> None:
    index = CopyIndex()
    assert index.add("a", signature(WIRE)) == []
    mirrored = WIRE.replace("Monday", "Monday morning") + " Share this article."
    (match,) = index.add("b", signature(mirrored))
    assert match[0] == "a" and match[1] > 0.7
    other = "The central bank left interest rates unchanged at 4.5 per cent on Thursday."
    assert index.add("c", signature(other)) == []
    assert index.add("a", signature(WIRE)) == []  # indexing twice is a no-op
    assert len(index) == 3 and "b" in index


def test_copy_index_cost_does_not_grow_with_unrelated_articles() -> None:
    index = CopyIndex()
    rng = np.random.default_rng(3)
    words = [f"w{n}" for n in range(5000)]
    for n in range(1500):
        text = " ".join(rng.choice(words, size=120))
        assert index.add(f"noise{n}", signature(text)) == []
    assert index.add("a", signature(WIRE)) == []
    (match,) = index.add("b", signature(WIRE + " Updated."))
    assert match[0] == "a"


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("KYIV (AP) — Officials said on Monday that the dam held.", "Associated Press"),
        ("LONDON, Nov 3 (Reuters) - The pound rose against the dollar.", "Reuters"),
        ("DRAVSK, March 10 (Continental Press) — A dam breached.", "Continental Press"),
        ("By Jane Doe, Associated Press\nThe storm moved north.", "Associated Press"),
        ("The storm moved north.\n© 2026 Reuters", "Reuters"),
        ("ORVANE (Orvane Courier) — Our own reporter in the town.", None),
        ("The AP style guide was updated (AP) in passing.", None),
    ],
)
def test_wire_agency_from_datelines_bylines_and_credits(text: str, agency: str | None) -> None:
    assert wire_agency(text) == agency


def test_one_agency_is_one_source_within_a_story_only() -> None:
    first = article("a", "ORVANE (AP) — " + WIRE)
    second = article(
        "b",
        "ORVANE (AP) — The death toll from flooding in Orvane rose to three on Tuesday as "
        "crews reached cut-off villages, and the regional governor asked for army help.",
        hour=20,
    )
    independent = article("c", "Our reporter in Orvane saw water in the main square. " * 3)
    elsewhere = article("d", "GENEVA (AP) — Diplomats met on Tuesday to discuss tariffs.")
    stories = [Story("s1", ["a", "b", "c"], "Orvane floods"), Story("s2", ["d"], "Tariffs")]
    groups = find_source_groups([first, second, independent, elsewhere], {}, stories)
    members = sorted(sorted(g.members) for g in groups)
    assert members == [["a", "b"], ["c"], ["d"]]
    (wire,) = [g for g in groups if len(g.members) == 2]
    assert wire.agency == "Associated Press" and wire.original_id == "a"
    assert wire.members["b"] is CopyKind.DERIVED


def test_verbatim_copies_group_with_the_earliest_as_original() -> None:
    groups = find_source_groups(
        [article("late", WIRE + " Read more.", hour=11), article("early", WIRE, hour=8)], {}
    )
    (group,) = groups
    assert group.original_id == "early"
    assert group.members == {"early": CopyKind.ORIGINAL, "late": CopyKind.COPY}


def test_signatures_and_index_state_persist_in_the_store(tmp_path: Path) -> None:
    db = tmp_path / "dedup.db"
    store = open_store(db)
    store.add(article("a", WIRE))
    saved = signature(WIRE)
    store.save_signatures({"a": saved})
    store.save_state("stories", {"version": 1, "assignments": {"a": "s1"}})
    store.close()
    store = open_store(db)
    assert np.array_equal(store.load_signatures(["a", "missing"])["a"], saved)
    assert store.load_state("stories") == {"version": 1, "assignments": {"a": "s1"}}
    assert store.load_state("absent") is None
    store.close()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE state SET payload = '{oops' WHERE name = 'stories'")
    store = open_store(db)
    assert store.load_state("stories") is None  # unreadable state is rebuilt, not trusted
    assert store.count() == 1
    store.close()
