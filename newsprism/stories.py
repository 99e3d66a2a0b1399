"""Stories stage: which articles report the same event, kept up to date as articles arrive.

The work is done by :class:`~newsprism.storyindex.StoryIndex` (cheap lexical features,
names, figures and dates, an inverted index, so each new article costs the same however
large the store). This module keeps the index in the store between runs, so a new article
joins an existing story or opens a new one, and story ids stay stable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from newsprism.models import Article, Story
from newsprism.store import ArticleStore
from newsprism.storyindex import StoryIndex

STATE_NAME = "story-index"
# Two stories whose reports mean the same (centroid cosine of sentence embeddings) and
# whose dates are within a week are one event told from different angles.
MERGE_COSINE = 0.62
MAX_DATE_GAP = timedelta(days=7)


def _in_order(articles: Sequence[Article]) -> list[Article]:
    far_future = datetime.max.replace(tzinfo=UTC)
    return sorted(articles, key=lambda a: (a.published or far_future, a.id))


def group_stories(articles: Sequence[Article]) -> list[Story]:
    """Stories of a collection, largest first (a fresh index, nothing persisted)."""
    index = StoryIndex()
    for article in _in_order(articles):
        index.add(article)
    return index.stories()


def update_story_index(
    store: ArticleStore,
    articles: Sequence[Article],
    vectors: Mapping[str, np.ndarray] | None = None,
) -> StoryIndex:
    """The stored story index with every article in it; new articles are added and saved.

    With sentence ``vectors`` stories that mean the same are merged too
    (:func:`merge_by_meaning`) before the index is saved, once. An index whose saved
    state is missing, unreadable or names articles no longer stored is rebuilt.
    """
    state = store.load_state(STATE_NAME)
    index: StoryIndex | None = None
    if state is not None:
        try:
            index = StoryIndex.from_state(state)
        except (KeyError, TypeError, ValueError):
            index = None
    known = {a.id for a in articles}
    if index is not None and not _covers_only(index, known):
        index = None
    if index is None:
        index = StoryIndex()
    fresh = [a for a in _in_order(articles) if not _has(index, a.id)]
    for article in fresh:
        index.add(article)
    merged = vectors is not None and merge_by_meaning(index, articles, vectors)
    if fresh or merged or state is None:
        store.save_state(STATE_NAME, index.to_state())
    return index


def _has(index: StoryIndex, article_id: str) -> bool:
    try:
        index.story_of(article_id)
    except KeyError:
        return False
    return True


def _covers_only(index: StoryIndex, known: set[str]) -> bool:
    return all(article_id in known for story in index.stories() for article_id in story.article_ids)


def merge_by_meaning(
    index: StoryIndex, articles: Sequence[Article], vectors: Mapping[str, np.ndarray]
) -> bool:
    """Merge stories the lexical index kept apart but whose reports say the same thing.

    The index sees words; independent reports of one event often share few of them
    ("dam breach floods town" / "minister promises inquiry"). Sentence embeddings see the
    meaning. Dates still veto a merge, so an earlier incident with the same people stays
    apart, and so does an editor's split. Returns whether anything was merged.
    """
    by_id = {a.id: a for a in articles}
    stories = [s for s in index.stories() if any(i in vectors for i in s.article_ids)]
    if len(stories) < 2:
        return False
    centroids = np.stack(
        [_centroid([vectors[i] for i in s.article_ids if i in vectors]) for s in stories]
    )
    spans = [_span([by_id[i] for i in s.article_ids if i in by_id]) for s in stories]
    similarity = centroids @ centroids.T
    merged = False
    survivor = {s.id: s.id for s in stories}

    def find(story_id: str) -> str:
        while survivor[story_id] != story_id:
            story_id = survivor[story_id]
        return story_id

    pairs = [
        (float(similarity[i, j]), i, j)
        for i in range(len(stories))
        for j in range(i + 1, len(stories))
        if similarity[i, j] >= MERGE_COSINE and _near(spans[i], spans[j])
    ]
    for _score, i, j in sorted(pairs, reverse=True):
        first, second = find(stories[i].id), find(stories[j].id)
        if first == second or index.kept_apart(first, second):
            continue
        keep = index.merge(first, second)
        gone = second if keep == first else first
        survivor[gone] = keep
        survivor.setdefault(keep, keep)
        merged = True
    return merged


def _centroid(rows: Sequence[np.ndarray]) -> np.ndarray:
    means = [r.mean(axis=0) for r in rows if len(r)]
    if not means:
        return np.zeros(384, dtype=np.float32)
    centroid = np.mean(means, axis=0)
    norm = float(np.linalg.norm(centroid))
    return centroid / norm if norm else centroid


def _span(articles: Sequence[Article]) -> tuple[datetime, datetime] | None:
    dates = sorted(a.published for a in articles if a.published)
    return (dates[0], dates[-1]) if dates else None


def _near(a: tuple[datetime, datetime] | None, b: tuple[datetime, datetime] | None) -> bool:
    if a is None or b is None:
        return True
    gap = max(a[0], b[0]) - min(a[1], b[1])
    return gap <= MAX_DATE_GAP
