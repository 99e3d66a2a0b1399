"""Judge stage (first version): do independent sources agree on a figure, or conflict?

Figures arrive grouped by what they count (the align stage's figure groups). Each
independent source contributes one figure (its original's, so an error introduced in a
copy is not counted as a second voice). Figures that differ beyond rounding are a
dispute; when every figure is attributed to a different origin the dispute is
ATTRIBUTED, otherwise DISAGREE. Issue 5 adds comparator-aware compatibility, dates,
names, negation and a learned judge.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from newsprism.models import (
    Claim,
    ClaimGroup,
    ConflictKind,
    FigureReport,
    NumericConflict,
    Quantity,
)

ROUNDING = 0.05  # values within 5% of each other are rounding, not a dispute


def differ(first: float, second: float) -> bool:
    """True when two values differ by more than rounding."""
    largest = max(abs(first), abs(second))
    return largest > 0 and abs(first - second) / largest > ROUNDING


def judge_figures(
    figure_groups: Sequence[list[tuple[Claim, Quantity]]],
    source_of: Mapping[str, str],
    originals: set[str],
) -> tuple[list[ClaimGroup], list[NumericConflict]]:
    """Split figure groups into agreements (>= 2 independent sources) and conflicts."""
    agreements: list[ClaimGroup] = []
    conflicts: list[NumericConflict] = []
    for bucket in figure_groups:
        per_source = _one_figure_per_source(bucket, source_of, originals)
        if len(per_source) < 2:
            continue  # one voice neither corroborates nor disputes
        values = [q.value for _, q in per_source.values()]
        if any(differ(a, b) for a in values for b in values):
            conflicts.append(_conflict(bucket, per_source))
        else:
            agreements.append(_agreement(bucket, per_source, originals))
    conflicts.sort(key=lambda c: (-len(c.reports), c.counted))
    agreements.sort(key=lambda g: (-g.independent_sources, g.id))
    return agreements, conflicts


def _agreement(
    bucket: list[tuple[Claim, Quantity]],
    per_source: Mapping[str, tuple[Claim, Quantity]],
    originals: set[str],
) -> ClaimGroup:
    reference = next(iter(per_source.values()))[1].value
    # Claims in copies that changed the figure are not support (the copy altered it).
    claims = [c for c, q in bucket if not differ(q.value, reference)]
    supporting = [c for c, _ in per_source.values()]
    representative = min(
        supporting, key=lambda c: (c.article_id not in originals, len(c.quantities), len(c.text))
    )
    group_id = hashlib.sha1(",".join(sorted(c.key for c in claims)).encode()).hexdigest()[:10]
    unique = list({c.key: c for c in claims}.values())
    return ClaimGroup(
        id=group_id,
        claims=unique,
        representative=representative,
        source_group_ids=sorted(per_source),
    )


def _one_figure_per_source(
    bucket: list[tuple[Claim, Quantity]], source_of: Mapping[str, str], originals: set[str]
) -> dict[str, tuple[Claim, Quantity]]:
    """Each independent source speaks once, through its original when it has one."""
    per_source: dict[str, tuple[Claim, Quantity]] = {}
    for claim, quantity in bucket:
        source = source_of[claim.article_id]
        current = per_source.get(source)
        if current is None or (
            claim.article_id in originals and current[0].article_id not in originals
        ):
            per_source[source] = (claim, quantity)
    return per_source


def _conflict(
    bucket: list[tuple[Claim, Quantity]], per_source: Mapping[str, tuple[Claim, Quantity]]
) -> NumericConflict:
    reports = [
        FigureReport(claim, quantity, source, claim.attribution)
        for source, (claim, quantity) in per_source.items()
    ]
    reports.sort(key=lambda r: (r.quantity.value, r.claim.key))
    origins = [r.attributed_to.casefold() for r in reports if r.attributed_to]
    distinct_values = {round(r.quantity.value, 6) for r in reports}
    attributed = len(origins) == len(reports) and len(set(origins)) == len(origins)
    kind = ConflictKind.ATTRIBUTED if attributed else ConflictKind.DISAGREE
    by_value: dict[float, list[FigureReport]] = {}
    for report in reports:
        by_value.setdefault(report.quantity.value, []).append(report)
    listing = "; ".join(
        f"{group[0].quantity.surface} from {len(group)} source{'s' if len(group) != 1 else ''}"
        + (f" ({', '.join(sorted({r.attributed_to for r in group if r.attributed_to}))})"
           if any(r.attributed_to for r in group) else "")
        for group in by_value.values()
    )  # fmt: skip
    if kind is ConflictKind.ATTRIBUTED:
        reason = f"each figure comes from a different quoted origin: {listing}"
    else:
        reason = f"independent sources give {len(distinct_values)} different figures: {listing}"
    counted = max(
        (q.counted for _, q in bucket), key=lambda c: sum(q.counted == c for _, q in bucket)
    )
    conflict_id = hashlib.sha1(",".join(r.claim.key for r in reports).encode()).hexdigest()[:10]
    return NumericConflict(
        id=conflict_id, counted=counted, reports=reports, kind=kind, reason=reason
    )
