"""The lede and the extractive narrative: the story told in source sentences, each cited.

Written here rather than taken from a summariser library because every sentence must stay
traceable: a narrative sentence is a sentence some independent source wrote, and its
citations are the sentences of every article that says the same (from the judge's claim
groups). Disputes are never blended: they become one attributed sentence each.

Order follows the sources' own: news reports put the most important facts first (the
inverted pyramid), so a fact's place in the narrative is its median relative position
across the independent reports that carry it. Redundancy is removed by claim group (a
sentence covers every group that has a clause of it) and by word overlap.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from newsprism.judge import same_origin
from newsprism.models import (
    GRANULARITIES,
    BriefCitation,
    BriefLede,
    BriefNarrative,
    BriefSentence,
    Claim,
    ClaimGroup,
    Entity,
    NumericConflict,
    TimeExpression,
    Verdict,
)

MAX_SENTENCES = 24
MAX_PER_PARAGRAPH = 4
# With nothing corroborated, the narrative retells this much of the sole source.
SOLE_SOURCE_SENTENCES = 6
# Relative positions (0 = top of the report) where a new paragraph starts.
PARAGRAPH_BREAKS = (0.25, 0.5, 0.75)
# A sentence sharing this much of its words with one already told adds nothing.
REDUNDANT_OVERLAP = 0.6
# The lede is looked for among each independent report's first sentences.
LEDE_WINDOW = 3
GRANULARITY_RANK = {granularity: rank for rank, granularity in enumerate(GRANULARITIES)}

Cite = Callable[[Claim], BriefCitation]

# "DRAVSK —", "DRAVSK, Velesia, March 10 (Continental Press) —": a dateline, not news.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,[^—–]{0,60}?)?\s*(?:\([^)]{1,40}\))?\s*[—–-]+\s*")
_WORD = re.compile(r"[\w'’]+")
_STOP = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been has have "
    "had it its that this which who said says after before into than".split()
)


@dataclass
class _Unit:
    """One thing the narrative can tell: a corroborated claim group or a dispute."""

    key: str
    position: float
    weight: int  # independent sources behind it
    claims: list[Claim]
    dispute: NumericConflict | None = None
    covered: bool = False
    keys: set[str] = field(default_factory=set)  # sentence keys of its claims


def strip_dateline(text: str) -> str:
    stripped = _DATELINE.sub("", text, count=1).strip()
    return stripped[:1].upper() + stripped[1:] if stripped else text.strip()


def full_sentence(text: str) -> bool:
    """Starts like a sentence and ends like one: not a headline, caption stub or fragment."""
    text = text.strip()
    starts = text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'"
    return starts and text.endswith((".", "!", "?", '"', "”", "’")) and len(text.split()) >= 6


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)} - _STOP


def overlap(first: str, second: str) -> float:
    a, b = _content_words(first), _content_words(second)
    return len(a & b) / max(1, min(len(a), len(b)))


def _position(claims: Sequence[Claim], counts: Mapping[str, int], originals: set[str]) -> float:
    places = [
        c.sentence_index / max(1, counts.get(c.article_id, c.sentence_index + 1))
        for c in claims
        if c.article_id in originals
    ] or [c.sentence_index / max(1, counts.get(c.article_id, 1)) for c in claims]
    return statistics.median(places) if places else 1.0


def one_citation_per_article(claims: Sequence[Claim], cite: Cite) -> list[BriefCitation]:
    """The first of ``claims`` from each article, cited, in source order."""
    seen: dict[str, BriefCitation] = {}
    for claim in claims:
        seen.setdefault(claim.article_id, cite(claim))
    return sorted(seen.values(), key=lambda c: c.source)


@dataclass
class StoryFacts:
    """What the lede and narrative draw on, computed once per brief."""

    claim_groups: Sequence[ClaimGroup]
    conflicts: Sequence[NumericConflict]
    originals: set[str]  # article ids that head their independence group
    sentence_counts: Mapping[str, int]
    cite: Cite
    source_of: Mapping[str, str]  # article id -> independence group id
    canonical_names: frozenset[str] = frozenset()  # entities' canonical names

    def respelled(self, claim: Claim) -> int:
        """Names in the claim written other than the canonical way ("Kovalenko" for
        "Kavalenka"): the narrative prefers one spelling throughout."""
        return sum(
            1
            for m in claim.mentions
            if m.label in {"PERSON", "ORG"}
            and not any(m.text in name for name in self.canonical_names)
        )

    def disputed_keys(self) -> set[str]:
        return {r.claim.sentence_key for c in self.conflicts for r in c.reports}


def build_narrative(facts: StoryFacts, lede: tuple[Claim, BriefLede] | None) -> BriefNarrative:
    """Lede first, then corroborated facts and disputes in the sources' order."""
    units = _units(facts)
    by_sentence: dict[str, list[_Unit]] = {}
    for unit in units:
        for key in unit.keys:
            by_sentence.setdefault(key, []).append(unit)
    disputed = facts.disputed_keys()
    told: list[str] = []
    placed: list[tuple[float, BriefSentence]] = []

    def tell(claim: Claim, text: str, position: float, kind: str) -> None:
        covered = by_sentence.get(claim.sentence_key, [])
        claims = [c for u in covered for c in u.claims] or [claim]
        for unit in covered:
            unit.covered = True
        sources = {facts.source_of.get(c.article_id, c.article_id) for c in claims}
        citations = one_citation_per_article([claim, *claims], facts.cite)
        placed.append(
            (position, BriefSentence(text, citations, kind, independent_sources=len(sources)))
        )
        told.append(text)

    if lede is not None:
        claim, brief_lede = lede
        tell(claim, brief_lede.text, -1.0, "lede")

    for unit in sorted(units, key=lambda u: (-u.weight, u.position, u.key)):
        if len(placed) >= MAX_SENTENCES:
            break
        if unit.covered:
            continue
        if unit.dispute is not None:
            unit.covered = True
            text, citations = _dispute_sentence(unit.dispute, facts)
            sources = {r.source_group_id for r in unit.dispute.reports}
            placed.append((unit.position, BriefSentence(text, citations, "dispute", len(sources))))
            told.append(text)
            continue
        chosen = _display(unit, facts, disputed, by_sentence)
        if chosen is None:
            continue
        claim, text = chosen
        if any(overlap(text, other) >= REDUNDANT_OVERLAP for other in told):
            unit.covered = True
            continue
        tell(claim, text, unit.position, "fact")

    notes: list[str] = []
    if not units:
        # Nothing is corroborated: tell the sole source's own account, and say so.
        for claim in _sole_account(facts):
            if len(placed) >= SOLE_SOURCE_SENTENCES:
                break
            text = strip_dateline(claim.sentence)
            if not any(overlap(text, other) >= REDUNDANT_OVERLAP for other in told):
                tell(
                    claim, text, _position([claim], facts.sentence_counts, facts.originals), "fact"
                )
        if placed:
            notes.append(
                "No other independent source reports this story: every sentence rests on one."
            )
    placed.sort(key=lambda item: item[0])
    return BriefNarrative(paragraphs=_paragraphs(placed), notes=notes)


def _sole_account(facts: StoryFacts) -> list[Claim]:
    """The original reports' whole sentences, in their order, when nothing is corroborated."""
    seen: dict[str, Claim] = {}
    for group in facts.claim_groups:
        for claim in group.claims:
            if claim.article_id in facts.originals and full_sentence(claim.sentence):
                seen.setdefault(claim.sentence_key, claim)
    return sorted(seen.values(), key=lambda c: (c.article_id, c.sentence_index))


def _units(facts: StoryFacts) -> list[_Unit]:
    units: list[_Unit] = []
    for group in facts.claim_groups:
        if group.independent_sources < 2 or group.verdict in {Verdict.DISAGREE, Verdict.ATTRIBUTED}:
            continue
        units.append(
            _Unit(
                key=group.id,
                position=_position(group.claims, facts.sentence_counts, facts.originals),
                weight=group.independent_sources,
                claims=list(group.claims),
                keys={c.sentence_key for c in group.claims},
            )
        )
    for conflict in facts.conflicts:
        claims = [r.claim for r in conflict.reports]
        units.append(
            _Unit(
                key=conflict.id,
                position=_position(claims, facts.sentence_counts, facts.originals),
                weight=len({r.source_group_id for r in conflict.reports}),
                claims=claims,
                dispute=conflict,
            )
        )
    return units


def _display(
    unit: _Unit, facts: StoryFacts, disputed: set[str], by_sentence: Mapping[str, list[_Unit]]
) -> tuple[Claim, str] | None:
    """The source sentence that tells this unit best: from an original report, a whole
    sentence, never one carrying a disputed figure, covering the most other facts."""
    best: tuple[tuple[int, ...], Claim, str] | None = None
    for claim in unit.claims:
        if claim.article_id not in facts.originals:
            continue
        if claim.sentence_key in disputed:
            text = strip_dateline(claim.text) if claim.clause else ""
        else:
            text = strip_dateline(claim.sentence)
        if not full_sentence(text):
            continue
        words = len(text.split())
        others = by_sentence.get(claim.sentence_key, [])
        score = (
            -sum(u.covered for u in others if u is not unit),  # would tell a fact twice
            -facts.respelled(claim),
            len(others),
            -abs(words - 24) // 6,  # prefer ordinary sentence lengths
            -claim.sentence_index,
        )
        if best is None or score > best[0]:
            best = (score, claim, text)
    return (best[1], best[2]) if best else None


def _dispute_sentence(
    conflict: NumericConflict, facts: StoryFacts
) -> tuple[str, list[BriefCitation]]:
    """One attributed sentence per dispute: each version, who it comes from, how many
    independent sources give it."""
    shown: dict[str, str] = {}  # casefolded version -> as first written
    origins: dict[str, set[str]] = {}
    sources: dict[str, set[str]] = {}
    for report in conflict.reports:
        said = report.quantity.surface if report.quantity else report.claim.text
        label = " ".join(said.split()).strip().rstrip(".")
        if report.quantity is not None and label.split()[0].isalpha():
            label = label[0].lower() + label[1:]  # "Three" opened its sentence
        key = label.casefold()
        shown.setdefault(key, label)
        origins.setdefault(key, set())
        if report.attributed_to:
            origins[key].add(report.attributed_to)
        sources.setdefault(key, set()).add(report.source_group_id)
    parts = []
    for key, label in shown.items():
        count = len(sources[key])
        who = ", ".join(_distinct_origins(origins[key]))
        detail = f"{count} source{'s' if count != 1 else ''}" + (f", citing {who}" if who else "")
        parts.append(f"“{label}” ({detail})")
    numeric = any(r.quantity is not None for r in conflict.reports)
    if not numeric:
        opening = "Sources contradict each other"
    elif conflict.kind is Verdict.ATTRIBUTED:
        opening = f"How many {conflict.counted} depends on who is quoted"
    else:
        opening = f"Sources disagree on how many {conflict.counted}"
    citations = one_citation_per_article([r.claim for r in conflict.reports], facts.cite)
    return f"{opening}: {'; '.join(parts)}.", citations


def _distinct_origins(origins: set[str]) -> list[str]:
    """One name per origin: "police" and "Regional police" are one (the longer is kept)."""
    kept: list[str] = []
    for origin in sorted(origins, key=lambda o: (-len(o), o.casefold())):
        if not any(same_origin(origin, other) for other in kept):
            kept.append(origin)
    return sorted(kept, key=str.casefold)


def _paragraphs(placed: Sequence[tuple[float, BriefSentence]]) -> list[list[BriefSentence]]:
    """The lede alone, then the rest cut at fixed points of the reports' length."""
    paragraphs: list[list[BriefSentence]] = []
    bucket: int | None = None
    for position, sentence in placed:
        here = -1 if sentence.kind == "lede" else sum(position >= b for b in PARAGRAPH_BREAKS)
        if here != bucket or len(paragraphs[-1]) >= MAX_PER_PARAGRAPH:
            paragraphs.append([])
            bucket = here
        paragraphs[-1].append(sentence)
    return paragraphs


# --------------------------------------------------------------------------- lede


def choose_lede(
    facts: StoryFacts,
    claims_by_key: Mapping[str, Claim],
    entities: Sequence[Entity],
    date_label: Callable[[TimeExpression], str],
) -> tuple[Claim, BriefLede] | None:
    """The opening sentence of an independent report that tells the most corroborated
    facts, preferring one that names a place and a time (what, where, when)."""
    # A sentence's weight is its best-corroborated fact: a long sentence stringing
    # together many minor facts is not the lede.
    weight: dict[str, int] = {}
    told: dict[str, int] = {}
    for group in facts.claim_groups:
        if group.verdict in {Verdict.DISAGREE, Verdict.ATTRIBUTED}:
            continue
        for key in {c.sentence_key for c in group.claims}:
            weight[key] = max(weight.get(key, 0), group.independent_sources)
            told[key] = told.get(key, 0) + 1
    disputed = facts.disputed_keys()
    places_in: dict[str, list[str]] = {}
    place_count: dict[str, int] = {}
    for entity in entities:
        if entity.label != "PLACE":
            continue
        place_count[entity.name] = len(entity.mentions)
        for mention in entity.mentions:
            key = f"{mention.article_id}:{mention.sentence_index}"
            places_in.setdefault(key, []).append(entity.name)

    best: tuple[tuple[float, ...], Claim] | None = None
    for key, claim in claims_by_key.items():
        if claim.article_id not in facts.originals or claim.clause:
            continue
        if claim.sentence_index >= LEDE_WINDOW or key in disputed:
            continue
        text = strip_dateline(claim.text)
        if not full_sentence(text) or weight.get(key, 0) == 0:
            continue
        has_time = any(t.start is not None for t in claim.times)
        score = (
            weight.get(key, 0) + bool(places_in.get(key)) + has_time,
            told.get(key, 0),
            -claim.sentence_index,
        )
        if best is None or score > best[0]:
            best = (score, claim)
    if best is None:
        return None
    claim = best[1]
    citations = [facts.cite(claim)]
    for group in facts.claim_groups:
        if any(c.sentence_key == claim.sentence_key for c in group.claims):
            citations.extend(facts.cite(c) for c in group.claims)
    unique = {c.article_id: c for c in citations}
    where = sorted(
        set(places_in.get(claim.sentence_key, [])), key=lambda p: (-place_count.get(p, 0), p)
    )
    dated = sorted(
        (t for t in claim.times if t.start is not None),
        key=lambda t: GRANULARITY_RANK.get(t.granularity, 9),
    )
    when = dated[0] if dated else None
    return claim, BriefLede(
        text=strip_dateline(claim.text),
        citations=sorted(unique.values(), key=lambda c: c.source),
        where=where,
        when=when.start.isoformat() if when and when.start else None,
        when_text=date_label(when) if when else None,
    )
