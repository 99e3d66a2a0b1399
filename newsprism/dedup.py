"""Dedup stage: which articles are copies of one another, so copies count as one source.

Three signals:

* **near-verbatim copies** (the same wire story on several sites, scraped mirrors):
  MinHash over word 3-shingles in datasketch's LSH index (:class:`CopyIndex`). Each new
  article is one query and one insert, so the cost per article stays flat as the store
  grows; signatures are kept in the store and never recomputed.
* **derived copies** (spun rewrites, machine translations, garbled scrapes): most of
  their sentences have a close paraphrase in the other article. Sentence embeddings catch
  the synonym swaps that defeat shingles. Only articles of the same story are compared,
  so the work is bounded by story size, not by the store.
* **syndication**: articles of one story that carry the same wire agency in a dateline
  ("DRAVSK, March 10 (Continental Press) —", "CITY (AP) —"), byline or credit line are
  one source even where their texts have drifted apart.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from newsprism.models import Article, CopyKind, SourceGroup, Story

SHINGLE_SIZE = 3
NUM_PERM = 128
COPY_JACCARD = 0.5  # shingle overlap above which two texts are the same story, copied
PARAPHRASE_COSINE = 0.8  # a sentence "has a paraphrase" in the other article above this
DERIVED_COVERAGE = 0.6  # share of sentences with a paraphrase, both ways, for a derived copy
MIN_SENTENCES = 4  # shorter articles never count as derived copies (too little evidence)
_SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures are only valid with it

_WORD = re.compile(r"\w+")
_AGENCIES = (
    r"Associated Press|AP|Reuters|Agence France-Presse|AFP|dpa|DPA|PA Media|PA|Bloomberg|"
    r"UPI|ANSA|EFE|Kyodo|Xinhua|TASS|Interfax|Ukrinform|BelTA|PAP|Continental Press|"
    r"[A-Z][A-Za-z]+ (?:Press|News Agency|Wire)"
)
# "DRAVSK, March 10 (Continental Press) —", "KYIV (AP) -", "LONDON, Nov 3 (Reuters) -"
_DATELINE_AGENCY = re.compile(
    r"^\s*[A-Z][A-Za-z .,'’-]{1,50}?(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*"
    rf"\((?P<agency>{_AGENCIES})\)\s*[—–-]",
    re.M,
)
# "By Jane Doe, Associated Press", "By Reuters staff"
_BYLINE_AGENCY = re.compile(rf"^\s*By\s+(?:[A-Z][\w.'’ -]{{1,60}},\s+)?(?P<agency>{_AGENCIES})\b")
_CREDIT_AGENCY = re.compile(
    r"(?:^|\n)\s*(?:©\s*\d{4}\s*|copyright\s*\d{4}\s*|—\s*|-\s*|\(\s*)(?P<agency>"
    r"Associated Press|Reuters|Agence France-Presse|AFP|dpa|Continental Press|PA Media)\b",
    re.I,
)


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch draws its hash permutations on every MinHash(); draw them once."""
    return MinHash(num_perm=NUM_PERM).permutations


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text (what the store keeps per article)."""
    minhash = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme=_SCHEME)
    minhash.update_batch([s.encode() for s in shingles(text)])
    return minhash.hashvalues.copy()


def _lean(hashvalues: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=hashvalues, scheme=_SCHEME)


class CopyIndex:
    """Near-duplicate index over everything stored, built one article at a time."""

    def __init__(self, threshold: float = COPY_JACCARD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, LeanMinHash] = {}

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: str, hashvalues: np.ndarray) -> list[tuple[str, float]]:
        """Index one article; returns the indexed articles it copies (or that copy it),
        with their estimated shingle Jaccard, best first."""
        if article_id in self._signatures:
            return []
        lean = _lean(hashvalues)
        matches = []
        for other in self._lsh.query(lean):
            estimate = lean.jaccard(self._signatures[other])
            if estimate >= self.threshold:
                matches.append((other, float(estimate)))
        self._lsh.insert(article_id, lean)
        self._signatures[article_id] = lean
        return sorted(matches, key=lambda m: (-m[1], m[0]))


def wire_agency(text: str) -> str | None:
    """The agency named in a dateline, a byline or a credit line, if any."""
    head = text[:400]
    for pattern in (_DATELINE_AGENCY, _BYLINE_AGENCY):
        if m := pattern.search(head):
            return _agency_name(m.group("agency"))
    if m := _CREDIT_AGENCY.search(text):
        return _agency_name(m.group("agency"))
    return None


def _agency_name(raw: str) -> str:
    name = raw.strip()
    return {"AP": "Associated Press", "AFP": "Agence France-Presse", "DPA": "dpa"}.get(name, name)


def find_source_groups(
    articles: Sequence[Article],
    sentence_vectors: Mapping[str, np.ndarray],
    stories: Sequence[Story] = (),
    *,
    signatures: Mapping[str, np.ndarray] | None = None,
) -> list[SourceGroup]:
    """Partition articles into independence groups; singletons are their own group.

    ``stories`` bound the derived-copy and syndication passes (articles of different
    stories are never compared); without them the whole collection is one story.
    ``signatures`` are stored MinHash signatures, computed here when missing.
    """
    by_id = {a.id: a for a in articles}
    parent = {a.id: a.id for a in articles}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    pair_scores: dict[tuple[str, str], float] = {}
    index = CopyIndex()
    for article in articles:
        hashvalues = (signatures or {}).get(article.id)
        if hashvalues is None:
            hashvalues = signature(article.text)
        for other, _estimate in index.add(article.id, hashvalues):
            union(article.id, other)

    story_sets = [s.article_ids for s in stories] or [[a.id for a in articles]]
    for story_ids in story_sets:
        members = [i for i in story_ids if i in by_id]
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                if root(first) == root(second):
                    continue
                coverage = paraphrase_coverage(
                    sentence_vectors.get(first), sentence_vectors.get(second)
                )
                if coverage >= DERIVED_COVERAGE:
                    pair_scores[_pair(first, second)] = coverage
                    union(first, second)
        # One wire agency is one source, however much its stories were edited.
        by_agency: dict[str, str] = {}
        for article_id in members:
            agency = wire_agency(by_id[article_id].text)
            if agency is None:
                continue
            if agency in by_agency:
                union(article_id, by_agency[agency])
            else:
                by_agency[agency] = article_id

    grouped: dict[str, list[str]] = {}
    for article in articles:
        grouped.setdefault(root(article.id), []).append(article.id)
    groups = [_make_group([by_id[m] for m in ids], pair_scores) for ids in grouped.values()]
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
    articles: list[Article], pair_scores: Mapping[tuple[str, str], float]
) -> SourceGroup:
    # The likely original: the earliest published; among equals, the most complete.
    far_future = datetime.max.replace(tzinfo=UTC)
    original = min(articles, key=lambda a: (a.published or far_future, -len(a.text), a.id))
    agencies = [agency for a in articles if (agency := wire_agency(a.text))]
    kinds: dict[str, CopyKind] = {original.id: CopyKind.ORIGINAL}
    similarity: dict[str, float] = {original.id: 1.0}
    original_shingles = shingles(original.text) if len(articles) > 1 else set()
    for article in articles:
        if article.id == original.id:
            continue
        jaccard = _jaccard(shingles(article.text), original_shingles)
        if jaccard >= COPY_JACCARD:
            kinds[article.id] = CopyKind.COPY
            similarity[article.id] = round(jaccard, 3)
        else:
            kinds[article.id] = CopyKind.DERIVED
            links = [v for pair, v in pair_scores.items() if article.id in pair]
            similarity[article.id] = round(max(links, default=jaccard), 3)
    group_id = hashlib.sha1(",".join(sorted(kinds)).encode()).hexdigest()[:10]
    agency = max(sorted(set(agencies)), key=agencies.count) if agencies else None
    return SourceGroup(
        id=group_id, original_id=original.id, members=kinds, agency=agency, similarity=similarity
    )


def signatures_for(articles: Iterable[Article]) -> dict[str, np.ndarray]:
    """MinHash signatures of articles, for the store to keep."""
    return {a.id: signature(a.text) for a in articles}


def _jaccard(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
