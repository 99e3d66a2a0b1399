"""Story grouping (first version): which articles report the same event.

Articles are clustered on their mean sentence embedding (average linkage), then a
cluster is split wherever publication dates leave a gap of more than a week, so an
earlier incident with the same people stays apart. Issue 4 makes this incremental and
entity-aware.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import timedelta

import numpy as np

from newsprism.embed import cluster_by_cosine
from newsprism.models import Article, Story

STORY_DISTANCE = 0.45  # cosine distance between article centroids within one story
MAX_DATE_GAP = timedelta(days=7)


def article_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    if len(sentence_vectors) == 0:
        return np.zeros(384, dtype=np.float32)
    centroid = sentence_vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    return centroid / norm if norm else centroid


def group_stories(
    articles: Sequence[Article], sentence_vectors: Mapping[str, np.ndarray]
) -> list[Story]:
    """Stories, largest first."""
    if not articles:
        return []
    matrix = np.stack([article_vector(sentence_vectors[a.id]) for a in articles])
    clusters = cluster_by_cosine(list(articles), matrix, STORY_DISTANCE)
    stories = [_story(part) for cluster in clusters for part in _split_by_date(cluster)]
    stories.sort(key=lambda s: (-len(s.article_ids), s.title))
    return stories


def _split_by_date(articles: list[Article]) -> list[list[Article]]:
    dated = sorted((a for a in articles if a.published), key=lambda a: a.published)  # type: ignore[arg-type, return-value]
    undated = [a for a in articles if not a.published]
    parts: list[list[Article]] = []
    for article in dated:
        previous = parts[-1][-1].published if parts else None
        if previous is None or article.published - previous > MAX_DATE_GAP:  # type: ignore[operator]
            parts.append([article])
        else:
            parts[-1].append(article)
    if not parts:
        return [undated]
    # Undated articles join the largest dated part: their content already placed them here.
    max(parts, key=len).extend(undated)
    return parts


def _story(articles: list[Article]) -> Story:
    ids = sorted(a.id for a in articles)
    story_id = hashlib.sha1(",".join(ids).encode()).hexdigest()[:8]
    # Title: the headline of the earliest report, which is usually the most neutral one.
    dated = [a for a in articles if a.published]
    first = min(dated, key=lambda a: a.published) if dated else articles[0]  # type: ignore[arg-type, return-value]
    return Story(id=story_id, article_ids=[a.id for a in articles], title=first.title)
