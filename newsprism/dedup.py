"""Dedup stage: which articles are copies of one another, so copies count as one source.

Two signals, both needed in practice:

* **near-verbatim copies** (the same wire story on several sites): MinHash over word
  3-shingles with datasketch's LSH index, so candidates come from the index, not from
  comparing every pair;
* **derived copies** (spun rewrites, machine-garbled copies): most of their sentences
  have a close paraphrase in the other article. Sentence embeddings catch the synonym
  swaps that defeat shingles. This pass compares pairs within the collection; issue 4
  replaces it with an indexed, incremental version.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsprism.models import Article, CopyKind, SourceGroup

SHINGLE_SIZE = 3
NUM_PERM = 128
COPY_JACCARD = 0.5  # shingle overlap above which two texts are the same story, copied
PARAPHRASE_COSINE = 0.8  # a sentence "has a paraphrase" in the other article above this
DERIVED_COVERAGE = 0.6  # share of sentences with a paraphrase, both ways, for a derived copy
MIN_SENTENCES = 4  # shorter articles never count as derived copies (too little evidence)

_WORD = re.compile(r"\w+")
_DATELINE_AGENCY = re.compile(
    r"^[A-Z][A-Za-z .,'-]{1,60}?\((?P<agency>[A-Z][A-Za-z&.' ]{1,40})\)\s*[—–-]", re.M
)
_CREDIT_AGENCY = re.compile(
    r"(?:^|\n)\s*(?:©\s*\d{4}\s*|copyright\s*\d{4}\s*|—\s*|-\s*)(?P<agency>"
    r"Associated Press|Reuters|Agence France-Presse|AFP|dpa|Continental Press|PA Media)\b",
    re.I,
)


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash(text: str) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM)
    for shingle in shingles(text):
        signature.update(shingle.encode())
    return signature


def wire_agency(text: str) -> str | None:
    """The agency named in a dateline ("DRAVSK, March 10 (Continental Press) —") or credit."""
    head = text[:400]
    if m := _DATELINE_AGENCY.search(head):
        return m.group("agency").strip()
    if m := _CREDIT_AGENCY.search(text):
        return m.group("agency").strip()
    return None


def find_source_groups(
    articles: Sequence[Article], sentence_vectors: Mapping[str, np.ndarray]
) -> list[SourceGroup]:
    """Partition articles into independence groups; singletons are their own group."""
    by_id = {a.id: a for a in articles}
    parent = {a.id: a.id for a in articles}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    shingle_sets = {a.id: shingles(a.text) for a in articles}
    lsh = MinHashLSH(threshold=COPY_JACCARD, num_perm=NUM_PERM)
    # Similarity of every linked pair: shingle Jaccard for copies, coverage for derived ones.
    pair_scores: dict[tuple[str, str], float] = {}
    for article in articles:
        signature = minhash(article.text)
        for other in lsh.query(signature):
            score = _jaccard(shingle_sets[article.id], shingle_sets[other])
            if score >= COPY_JACCARD:
                pair_scores[_pair(article.id, other)] = score
                union(article.id, other)
        lsh.insert(article.id, signature)

    ids = [a.id for a in articles]
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            if root(first) == root(second):
                continue
            coverage = paraphrase_coverage(
                sentence_vectors.get(first), sentence_vectors.get(second)
            )
            if coverage >= DERIVED_COVERAGE:
                pair_scores[_pair(first, second)] = coverage
                union(first, second)

    members: dict[str, list[str]] = {}
    for article_id in ids:
        members.setdefault(root(article_id), []).append(article_id)
    groups = [
        _make_group([by_id[m] for m in group], shingle_sets, pair_scores)
        for group in members.values()
    ]
    groups.sort(key=lambda g: (-len(g.members), g.id))
    return groups


def paraphrase_coverage(first: np.ndarray | None, second: np.ndarray | None) -> float:
    """The smaller of the two shares of sentences that have a paraphrase in the other text."""
    if first is None or second is None or len(first) < MIN_SENTENCES or len(second) < MIN_SENTENCES:
        return 0.0
    similarity = first @ second.T
    forward = float((similarity.max(axis=1) >= PARAPHRASE_COSINE).mean())
    backward = float((similarity.max(axis=0) >= PARAPHRASE_COSINE).mean())
    return min(forward, backward)


def _make_group(
    articles: list[Article],
    shingle_sets: Mapping[str, set[str]],
    pair_scores: Mapping[tuple[str, str], float],
) -> SourceGroup:
    # The likely original: the earliest published; among equals, the most complete.
    far_future = datetime.max.replace(tzinfo=UTC)
    original = min(articles, key=lambda a: (a.published or far_future, -len(a.text), a.id))
    agencies = [agency for a in articles if (agency := wire_agency(a.text))]
    kinds: dict[str, CopyKind] = {original.id: CopyKind.ORIGINAL}
    similarity: dict[str, float] = {original.id: 1.0}
    for article in articles:
        if article.id == original.id:
            continue
        jaccard = _jaccard(shingle_sets[article.id], shingle_sets[original.id])
        if jaccard >= COPY_JACCARD:
            kinds[article.id] = CopyKind.COPY
            similarity[article.id] = round(jaccard, 3)
        else:
            kinds[article.id] = CopyKind.DERIVED
            links = [v for pair, v in pair_scores.items() if article.id in pair]
            similarity[article.id] = round(max(links, default=jaccard), 3)
    group_id = hashlib.sha1(",".join(sorted(kinds)).encode()).hexdigest()[:10]
    agency = max(set(agencies), key=agencies.count) if agencies else None
    return SourceGroup(
        id=group_id, original_id=original.id, members=kinds, agency=agency, similarity=similarity
    )


def _jaccard(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
