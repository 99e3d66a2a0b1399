"""The stories stage: the story index kept in the store, merging by meaning, and the CLI."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.models import Article
from newsprism.store import open_store
from newsprism.stories import STATE_NAME, merge_by_meaning, update_story_index
from newsprism.storyindex import StoryIndex

FLOOD = (
    "Floodwater from the Nerva river swept through Orvane on Monday, and rescuers moved "
    "{n} residents from the lower town, Mayor Ilse Brandauer said. The Orvane bridge was "
    "closed and schools will stay shut until Thursday."
)
TRIAL = (
    "A court in Velgrad jailed former forestry chief Marek Zielinski for eight years on "
    "Friday for taking bribes worth 1.2 million euros in exchange for logging permits."
)


def article(article_id: str, text: str, day: int = 6, title: str | None = None) -> Article:
    return Article(
        id=article_id,
        origin=f"test/{article_id}",
        title=title or text.split(",")[0][:60],
        text=text,
        outlet=f"Outlet {article_id}",
        published=datetime(2026, 4, day, 9, tzinfo=UTC),
    )


def test_a_new_article_joins_the_stored_story_and_ids_stay_stable(tmp_path: Path) -> None:
    store = open_store(tmp_path / "stories.db")
    first = [article("a", FLOOD.format(n=300)), article("t", TRIAL)]
    for item in first:
        store.add(item)
    index = update_story_index(store, store.articles())
    flood_story = index.story_of("a")
    assert store.load_state(STATE_NAME) is not None
    later = article("b", FLOOD.format(n=320) + " More rain is forecast.", day=7)
    store.add(later)
    index = update_story_index(store, store.articles())
    assert index.story_of("b") == flood_story  # joined, same id as before
    assert index.story_of("t") != flood_story
    store.close()


def test_unreadable_story_state_is_rebuilt_from_the_articles(tmp_path: Path) -> None:
    db = tmp_path / "stories.db"
    store = open_store(db)
    store.add(article("a", FLOOD.format(n=300)))
    update_story_index(store, store.articles())
    store.close()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE state SET payload = '[1, 2' WHERE name = ?", (STATE_NAME,))
    store = open_store(db)
    index = update_story_index(store, store.articles())
    assert [s.article_ids for s in index.stories()] == [["a"]]
    store.close()


def _vectors(*rows: list[float]) -> np.ndarray:
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_stories_that_mean_the_same_merge_unless_their_dates_are_far_apart() -> None:
    near = [
        article("a", FLOOD.format(n=300), title="Orvane flooded"),
        article(
            "b", "A minister promised an inquiry and help for families.", day=7, title="Inquiry"
        ),
        article("c", "An old weir was repaired in a ceremony.", day=28, title="Repairs"),
    ]
    index = StoryIndex()
    for item in near:
        index.add(item)
    assert len(index.stories()) == 3  # few shared words: the lexical index keeps them apart
    same = [1.0, 0.1, 0.0]
    vectors = {"a": _vectors(same), "b": _vectors(same), "c": _vectors(same)}
    assert merge_by_meaning(index, near, vectors)
    assert index.story_of("a") == index.story_of("b")
    assert index.story_of("c") != index.story_of("a")  # three weeks later: another event
    different = {"a": _vectors([1.0, 0, 0]), "b": _vectors([0, 1.0, 0])}
    fresh = StoryIndex()
    for item in near[:2]:
        fresh.add(item)
    assert not merge_by_meaning(fresh, near[:2], different)


def test_stories_command_lists_stories_with_reports_and_dates(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    store = open_store(db)
    for item in [
        article("a", FLOOD.format(n=300)),
        article("b", FLOOD.format(n=300) + " Share this story.", day=6),
        article("t", TRIAL, day=3),
    ]:
        store.add(item)
    store.close()
    result = CliRunner().invoke(app, ["stories", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2026-04-06" in result.output and "2026-04-03" in result.output
    lines = [line for line in result.output.splitlines() if "│ s-" in line]
    assert len(lines) == 2
    flood_line = next(line for line in lines if "Floodwater" in line)
    assert "│       2 │" in flood_line


def test_stories_command_on_an_empty_store_explains_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["stories", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 2
    assert "holds no articles" in result.output and "newsprism ingest" in result.output


def test_undated_report_is_placed_by_content_and_noted_in_the_brief(tmp_path: Path) -> None:
    from newsprism.brief import render_markdown
    from newsprism.pipeline import analyze_store

    store = open_store(tmp_path / "brief.db")
    long_flood = " ".join([FLOOD.format(n=300)] * 3)
    store.add(article("a", long_flood))
    undated = Article(
        id="u",
        origin="test/u",
        title="Orvane",
        text=long_flood.replace("300", "310"),
        outlet="Undated Outlet",
        published=None,
    )
    store.add(undated)
    analysis = analyze_store(store)
    store.close()
    assert set(analysis.story.article_ids) == {"a", "u"}
    (source,) = [s for s in analysis.brief.sources if s.article_id == "u"]
    assert source.date_note and "date" in source.date_note
    assert "placed in this story by content" in render_markdown(analysis.brief)


def test_an_editors_split_is_never_undone_by_meaning() -> None:
    reports = [
        article("a", FLOOD.format(n=300), title="Orvane flooded"),
        article("b", FLOOD.format(n=300) + " Share this.", title="Orvane flooded again"),
    ]
    index = StoryIndex()
    for item in reports:
        index.add(item)
    together = index.story_of("a")
    assert index.story_of("b") == together
    apart = index.split(together, ["b"])
    same = {"a": _vectors([1.0, 0.0, 0.0]), "b": _vectors([1.0, 0.0, 0.0])}
    assert not merge_by_meaning(index, reports, same)
    assert index.story_of("b") == apart != index.story_of("a")
