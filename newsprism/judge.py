"""Judge stage (first version): numeric conflicts between independent sources.

Figures are compared when they count the same thing: the counted phrases ("homes
flooded", "people died") are embedded and clustered. Each independent source contributes
one figure (its original's, so an error introduced in a copy is not counted as a second
voice). Figures that differ beyond rounding are a dispute; when every figure is
attributed to a different origin the dispute is ATTRIBUTED, otherwise DISAGREE. Issue 5
adds comparator-aware compatibility, dates, names, negation and a learned judge.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from newsprism.embed import Embedder
from newsprism.models import Claim, ConflictKind, FigureReport, NumericConflict, Quantity

COUNTED_DISTANCE = 0.42  # counted phrases closer than this (average linkage) count the same thing
ROUNDING = 0.05  # values within 5% of each other are rounding, not a dispute


def differ(first: float, second: float) -> bool:
    """True when two values differ by more than rounding."""
    largest = max(abs(first), abs(second))
    return largest > 0 and abs(first - second) / largest > ROUNDING


def find_numeric_conflicts(
    claims: Sequence[Claim],
    source_of: Mapping[str, str],
    originals: set[str],
    embedder: Embedder,
) -> list[NumericConflict]:
    figures = [(claim, q) for claim in claims for q in claim.quantities]
    if len(figures) < 2:
        return []
    phrases = sorted({q.counted for _, q in figures})
    vectors = embedder.encode(phrases)
    if len(phrases) == 1:
        labels = {phrases[0]: 0}
    else:
        clustering = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=COUNTED_DISTANCE
        ).fit_predict(vectors)
        labels = {p: int(label) for p, label in zip(phrases, clustering, strict=True)}
    buckets: dict[tuple[int, str], list[tuple[Claim, Quantity]]] = {}
    for claim, quantity in figures:
        buckets.setdefault((labels[quantity.counted], _unit_kind(quantity)), []).append(
            (claim, quantity)
        )
    conflicts = []
    for bucket in buckets.values():
        conflict = _conflict(bucket, source_of, originals)
        if conflict:
            conflicts.append(conflict)
    conflicts.sort(key=lambda c: (-len(c.reports), c.counted))
    return conflicts


def _unit_kind(quantity: Quantity) -> str:
    return quantity.noun


def _conflict(
    bucket: list[tuple[Claim, Quantity]], source_of: Mapping[str, str], originals: set[str]
) -> NumericConflict | None:
    per_source: dict[str, tuple[Claim, Quantity]] = {}
    for claim, quantity in bucket:
        source = source_of[claim.article_id]
        current = per_source.get(source)
        if current is None or (
            claim.article_id in originals and current[0].article_id not in originals
        ):
            per_source[source] = (claim, quantity)
    if len(per_source) < 2:
        return None
    values = [q.value for _, q in per_source.values()]
    if not any(differ(a, b) for a in values for b in values):
        return None
    reports = [
        FigureReport(claim, quantity, source, claim.attribution)
        for source, (claim, quantity) in per_source.items()
    ]
    reports.sort(key=lambda r: (r.quantity.value, r.claim.key))
    origins = [r.attributed_to.casefold() for r in reports if r.attributed_to]
    distinct_values = {round(r.quantity.value, 6) for r in reports}
    attributed = len(origins) == len(reports) and len(set(origins)) == len(origins)
    kind = ConflictKind.ATTRIBUTED if attributed else ConflictKind.DISAGREE
    listing = "; ".join(
        f"{r.quantity.surface}" + (f" ({r.attributed_to})" if r.attributed_to else "")
        for r in reports
    )
    if kind is ConflictKind.ATTRIBUTED:
        reason = f"{len(distinct_values)} different figures, each from a different quoted origin: {listing}"
    else:
        reason = f"independent sources give {len(distinct_values)} different figures: {listing}"
    counted = max((q.counted for _, q in bucket), key=lambda c: sum(q.counted == c for _, q in bucket))
    conflict_id = hashlib.sha1(",".join(r.claim.key for r in reports).encode()).hexdigest()[:10]
    return NumericConflict(id=conflict_id, counted=counted, reports=reports, kind=kind, reason=reason)
