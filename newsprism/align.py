"""Align stage: group sentences from different articles that make the same claim.

First version: average-linkage clustering of sentence embeddings within one story, and
a group's support counted in independent sources (source groups), never in articles.
Issue 5 adds blocking by entities and quantities so it scales past a few hundred articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from newsprism.embed import Embedder, cluster_by_cosine
from newsprism.models import Claim, ClaimGroup, Quantity

CLAIM_DISTANCE = 0.3  # cosine distance within a claim group (average linkage)
COUNTED_DISTANCE = 0.42  # counted phrases ("homes flooded") this close count the same thing
MIN_CLAIM_WORDS = 6  # shorter sentences ("Menu", "He said.") carry no claim of their own


def is_claim(claim: Claim) -> bool:
    return len(claim.text.split()) >= MIN_CLAIM_WORDS


def group_claims(
    claims: Sequence[Claim],
    vectors: Mapping[str, np.ndarray],
    source_of: Mapping[str, str],
    originals: set[str] | None = None,
) -> list[ClaimGroup]:
    """Claim groups, most independent sources first.

    ``source_of`` maps article id -> source group id; ``originals`` are the article ids
    that head their source group (preferred as a group's representative wording).
    """
    usable = [c for c in claims if is_claim(c) and c.key in vectors]
    if not usable:
        return []
    matrix = np.stack([vectors[c.key] for c in usable])
    groups = [
        _group(members, vectors, source_of, originals or set())
        for members in cluster_by_cosine(usable, matrix, CLAIM_DISTANCE)
    ]
    groups.sort(key=lambda g: (-g.independent_sources, -len(g.claims), g.id))
    return groups


def _group(
    members: list[Claim],
    vectors: Mapping[str, np.ndarray],
    source_of: Mapping[str, str],
    originals: set[str],
) -> ClaimGroup:
    matrix = np.stack([vectors[c.key] for c in members])
    centrality = (matrix @ matrix.T).mean(axis=1)
    ranked = sorted(
        range(len(members)),
        key=lambda i: (members[i].article_id not in originals, -float(centrality[i])),
    )
    representative = members[ranked[0]]
    sources = sorted({source_of[c.article_id] for c in members})
    group_id = hashlib.sha1(",".join(sorted(c.key for c in members)).encode()).hexdigest()[:10]
    return ClaimGroup(
        id=group_id, claims=members, representative=representative, source_group_ids=sources
    )


FigureGroup = list[tuple[Claim, Quantity]]


def group_figures(claims: Sequence[Claim], embedder: Embedder) -> list[FigureGroup]:
    """Figures that count the same thing: same noun, kind and unit, similar counted phrase.

    "homes flooded" and "houses under water" land together; "people died" and "people
    taken to hospital" do not. A sentence holds several figures, so this works on
    figures rather than whole sentences.
    """
    figures = [(claim, q) for claim in claims for q in claim.quantities]
    if not figures:
        return []
    phrases = sorted({q.counted for _, q in figures})
    clusters = cluster_by_cosine(phrases, embedder.encode(phrases), COUNTED_DISTANCE)
    labels = {phrase: n for n, cluster in enumerate(clusters) for phrase in cluster}
    # Only like is compared with like: euros never against dollars, ages never against counts.
    buckets: dict[tuple[int, str, str, str | None], FigureGroup] = {}
    for claim, quantity in figures:
        key = (labels[quantity.counted], quantity.noun, str(quantity.kind), quantity.unit)
        buckets.setdefault(key, []).append((claim, quantity))
    return list(buckets.values())
