"""The timeline: dated events from the story's claims, one per event, in time order.

The dates come from the extract stage (times resolved against each report's publish date).
Only what a report states as an event counts: a date inside a quotation is the speaker's
("today I am thinking about rescue"), a recurring time is a schedule ("every morning at
7am"), and a year or month that contains the publication itself dates nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from newsprism.brief._narrative import (
    GRANULARITY_RANK,
    full_sentence,
    one_citation_per_article,
    overlap,
    strip_dateline,
)
from newsprism.models import (
    DAY_OR_FINER,
    GRANULARITIES,
    BriefCitation,
    BriefEvent,
    Claim,
    ClaimGroup,
    TimeExpression,
)

MAX_EVENTS = 20
# Events this long before the first report are background: listed, not charted.
BACKGROUND_BEFORE = timedelta(days=30)
# Two events at the same time whose sentences share this much of their words are one.
SAME_EVENT_OVERLAP = 0.4
_COARSE = frozenset(GRANULARITIES) - DAY_OR_FINER  # week, month, year
_HABITUAL = re.compile(r"\b(?:every|each|daily|weekly|weekday|weekdays)\b", re.I)
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|[\"“][^\"“”]*$|^[^\"“”]*[\"”]")


def build_timeline(
    claim_groups: Sequence[ClaimGroup],
    originals: set[str],
    first_report: datetime | None,
    cite: Callable[[Claim], BriefCitation],
    source_of: Callable[[str], str],
) -> list[BriefEvent]:
    """One event per dated claim group, with the time most of its sources give; two groups
    telling the same thing at the same time (alignment missed a paraphrase) are merged."""
    events: dict[str, tuple[BriefEvent, set[str]]] = {}
    for group in claim_groups:
        dated = [
            (claim, time)
            for claim in group.claims
            if claim.article_id in originals
            for time in claim.times
            if _is_event_time(claim, time, first_report)
        ]
        if not dated:
            continue
        # The time most sources give; among equals, the most precise.
        votes: Counter[tuple[int, datetime]] = Counter()
        for start in {t.start for _, t in dated if t.start is not None}:
            at = [(c, t) for c, t in dated if t.start == start]
            votes[(min(GRANULARITY_RANK.get(t.granularity, 9) for _, t in at), start)] = len(
                {source_of(c.article_id) for c, _ in at}
            )
        rank, chosen_start = max(votes, key=lambda k: (votes[k], -k[0], -k[1].timestamp()))
        claim, time = next(
            (c, t)
            for c, t in dated
            if t.start == chosen_start and GRANULARITY_RANK.get(t.granularity, 9) == rank
        )
        text = strip_dateline(claim.sentence)
        if not full_sentence(text):
            text = strip_dateline(claim.text)
        if not full_sentence(text) or claim.sentence_key in events:
            continue
        assert time.start is not None
        citations = one_citation_per_article(group.claims, cite)
        background = first_report is not None and time.start < first_report - BACKGROUND_BEFORE
        event = BriefEvent(
            start=time.start.isoformat(),
            end=time.end.isoformat() if time.end else None,
            granularity=time.granularity,
            when=time.text,
            text=text,
            citations=citations,
            independent_sources=group.independent_sources,
            background=background,
        )
        events[claim.sentence_key] = (event, {source_of(c.article_id) for c in citations})
    merged: list[tuple[BriefEvent, set[str]]] = []
    for event, sources in sorted(
        events.values(), key=lambda item: (-item[0].independent_sources, item[0].start)
    ):
        same = next(
            (
                kept
                for kept in merged
                if kept[0].start == event.start
                and overlap(kept[0].text, event.text) >= SAME_EVENT_OVERLAP
            ),
            None,
        )
        if same is None:
            merged.append((event, set(sources)))
            continue
        same[1].update(sources)
        cited = {c.article_id: c for c in [*same[0].citations, *event.citations]}
        same[0].citations = sorted(cited.values(), key=lambda c: c.source)
        same[0].independent_sources = len(same[1])
    chosen = [e for e, _ in merged][:MAX_EVENTS]
    return sorted(chosen, key=lambda e: (e.start, GRANULARITY_RANK.get(e.granularity, 9), e.text))


def _is_event_time(claim: Claim, time: TimeExpression, first_report: datetime | None) -> bool:
    if time.start is None:
        return False
    sentence = claim.sentence
    if _HABITUAL.search(sentence) or _in_quotation(sentence, time.text):
        return False
    # "2026" in a 2026 report, "this month": no date for an event
    return not (
        time.granularity in _COARSE
        and time.end is not None
        and first_report is not None
        and time.start <= first_report < time.end
    )


def _in_quotation(sentence: str, fragment: str) -> bool:
    at = sentence.find(fragment)
    if at < 0:
        return False
    return any(m.start() <= at < m.end() for m in _QUOTED.finditer(sentence))
