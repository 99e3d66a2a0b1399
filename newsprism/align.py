"""Align stage: group claims from different articles that say the same thing.

A claim group is one thing being claimed, with every sentence that claims it. Grouping
never compares all pairs: claims are first *blocked* by what they share (an entity, a
counted thing, a date, a rare content word, or a random-hyperplane hash band of their
embedding), candidate pairs are scored by cosine only inside those blocks, and groups
form by average linkage over the scored pairs. A block that holds a large share of the
story ("Dravsk" in a story about Dravsk) says nothing and is dropped, which bounds the
work per claim however many articles a story has.

Support is counted in independent sources (source groups), never in articles; the judge
stage decides whether a group's sources actually agree.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from newsprism.embed import Embedder, cluster_by_cosine
from newsprism.models import DAY_OR_FINER, Claim, ClaimGroup, Quantity

CLAIM_DISTANCE = 0.35  # cosine distance within a claim group (average linkage)
COUNTED_DISTANCE = 0.42  # counted phrases ("homes flooded") this close count the same thing
MIN_CLAIM_WORDS = 6  # shorter sentences ("Menu", "He said.") carry no claim of their own
MAX_BLOCK_SHARE = 0.2  # a key shared by more than this share of claims is not a block
MIN_BLOCK_CAP = 40  # ...but small stories always keep blocks of up to this many claims
MAX_BLOCK_CAP = 250  # ...and no block is ever larger: the work per claim stays bounded
HASH_BANDS = 20  # random-hyperplane LSH: bands x bits; similar vectors share a band
HASH_BITS = 10

_WORD = re.compile(r"[^\W\d_]{4,}")
_STOPWORDS = frozenset(
    "about after again against also among because been before being between both could "
    "does doing down during each from further have having here into just more most much "
    "must only other over said says same should some such than that their them then there "
    "these they this those through told under until very were what when where which while "
    "will with would your according since still year years".split()
)


def is_claim(claim: Claim) -> bool:
    return len(claim.text.split()) >= MIN_CLAIM_WORDS


def blocking_keys(claim: Claim, entity_ids: Iterable[str] = ()) -> set[str]:
    """What a claim can be blocked on: its entities, counted things, dates and rarer words."""
    keys = {f"e:{e}" for e in entity_ids}
    keys |= {f"q:{q.noun}:{q.kind}" for q in claim.quantities}
    keys |= {
        f"t:{t.start.date().isoformat()}"
        for t in claim.times
        if t.start is not None and t.granularity in DAY_OR_FINER
    }
    keys |= {f"w:{w[:6]}" for w in _WORD.findall(claim.text.casefold()) if w not in _STOPWORDS}
    return keys


def candidate_pairs(
    keys: Sequence[set[str]], matrix: np.ndarray, *, seed: int = 13
) -> set[tuple[int, int]]:
    """Pairs of claim positions worth scoring: they share two blocking keys, or an
    embedding hash band. Oversized blocks are skipped, so this is not all pairs."""
    count = len(keys)
    cap = min(MAX_BLOCK_CAP, max(MIN_BLOCK_CAP, int(MAX_BLOCK_SHARE * count)))
    blocks: dict[str, list[int]] = defaultdict(list)
    for position, claim_keys in enumerate(keys):
        for key in claim_keys:
            blocks[key].append(position)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in blocks.values():
        if 1 < len(members) <= cap:
            for i, first in enumerate(members):
                for second in members[i + 1 :]:
                    shared[(first, second)] += 1
    pairs = {pair for pair, n in shared.items() if n >= 2}
    if count > 1 and matrix.size:
        planes = np.random.default_rng(seed).standard_normal(
            (matrix.shape[1], HASH_BANDS * HASH_BITS)
        )
        bits = (matrix @ planes > 0).reshape(count, HASH_BANDS, HASH_BITS)
        codes = bits.astype(np.int64) @ (1 << np.arange(HASH_BITS, dtype=np.int64))
        for band in range(HASH_BANDS):
            buckets: dict[int, list[int]] = defaultdict(list)
            for position, code in enumerate(codes[:, band]):
                buckets[int(code)].append(position)
            for members in buckets.values():
                if 1 < len(members) <= cap:
                    for i, first in enumerate(members):
                        pairs.update((first, second) for second in members[i + 1 :])
    return pairs


def group_claims(
    claims: Sequence[Claim],
    vectors: Mapping[str, np.ndarray],
    source_of: Mapping[str, str],
    originals: set[str] | None = None,
    entity_of: Mapping[str, set[str]] | None = None,
) -> list[ClaimGroup]:
    """Claim groups, most independent sources first.

    ``source_of`` maps article id -> source group id; ``originals`` are the article ids
    that head their source group (preferred as a group's representative wording);
    ``entity_of`` maps a claim key to the canonical entity ids it mentions.
    """
    usable = [c for c in claims if is_claim(c) and c.key in vectors]
    if not usable:
        return []
    # Copies repeat sentences word for word: each distinct wording is aligned once.
    by_text: dict[str, list[Claim]] = defaultdict(list)
    for claim in usable:
        by_text[claim.text].append(claim)
    wordings = list(by_text.values())
    matrix = np.stack([vectors[same[0].key] for same in wordings]).astype(np.float32)
    keys = [
        set().union(*(blocking_keys(c, (entity_of or {}).get(c.key, ())) for c in same))
        for same in wordings
    ]
    clusters = average_linkage(matrix, candidate_pairs(keys, matrix), 1 - CLAIM_DISTANCE)
    groups = [
        _group([c for i in members for c in wordings[i]], vectors, source_of, originals or set())
        for members in clusters
    ]
    groups.sort(key=lambda g: (-g.independent_sources, -len(g.claims), g.id))
    return groups


def average_linkage(
    matrix: np.ndarray, pairs: Iterable[tuple[int, int]], min_similarity: float
) -> list[list[int]]:
    """Clusters whose mean pairwise cosine stays >= ``min_similarity``, merged along the
    scored pairs from the most similar down.

    Hand-written because scikit-learn's agglomerative clustering needs the full distance
    matrix; with unit vectors the mean cross-cluster cosine is the dot product of the two
    clusters' vector sums over their sizes, so each merge check is O(dimensions).
    """
    candidates = sorted(pairs)
    if candidates:
        index = np.array(candidates)
        scores = np.einsum("ij,ij->i", matrix[index[:, 0]], matrix[index[:, 1]])
        order = np.argsort(-scores, kind="stable")
    else:
        scores = np.zeros(0)
        order = np.zeros(0, dtype=np.int64)
    parent = list(range(len(matrix)))
    sums = {i: matrix[i].astype(np.float64) for i in range(len(matrix))}
    sizes = dict.fromkeys(range(len(matrix)), 1)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for position in order:
        if scores[position] < min_similarity:
            break
        first, second = (root(i) for i in candidates[position])
        if first == second:
            continue
        mean = float(sums[first] @ sums[second]) / (sizes[first] * sizes[second])
        if mean >= min_similarity:
            parent[second] = first
            sums[first] += sums.pop(second)
            sizes[first] += sizes.pop(second)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(matrix)):
        clusters[root(i)].append(i)
    return sorted(clusters.values(), key=lambda members: members[0])


def _group(
    members: list[Claim],
    vectors: Mapping[str, np.ndarray],
    source_of: Mapping[str, str],
    originals: set[str],
) -> ClaimGroup:
    matrix = np.stack([vectors[c.key] for c in members])
    centrality = matrix @ matrix.sum(axis=0)
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
    figures rather than whole sentences. Distinct counted phrases are few (they repeat
    across copies), so clustering them directly stays cheap.
    """
    figures = [(claim, q) for claim in claims for q in claim.quantities]
    if not figures:
        return []
    # Only like is compared with like: euros never against dollars, ages never against
    # counts; within one such block, counted phrases are clustered by meaning.
    blocks: dict[tuple[str, str, str | None], FigureGroup] = defaultdict(list)
    for claim, quantity in figures:
        blocks[(quantity.noun, str(quantity.kind), quantity.unit)].append((claim, quantity))
    phrases = sorted({q.counted for _, q in figures})
    vector_of = dict(zip(phrases, embedder.encode(phrases), strict=True))
    groups: list[FigureGroup] = []
    for block in blocks.values():
        distinct = sorted({q.counted for _, q in block})
        matrix = np.stack([vector_of[p] for p in distinct])
        for cluster in cluster_by_cosine(distinct, matrix, COUNTED_DISTANCE):
            members = set(cluster)
            groups.append([(c, q) for c, q in block if q.counted in members])
    return groups
