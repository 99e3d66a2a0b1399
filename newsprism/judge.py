"""Judge stage: give every claim group a verdict, with the evidence and the signal that
decided it.

Verdicts (:class:`~newsprism.models.Verdict`):

* AGREE – independent sources are consistent ("more than 300" and "almost 400" are).
* VARIANT – they differ only by rounding ("4 million" / "4.2 million") or spelling.
* DISAGREE – a real conflict between independent sources.
* ATTRIBUTED – the values differ because different origins are quoted.
* ALTERED IN COPY – only a copy differs from its original (found by the dedup stage);
  a copy is never a second voice, so this is never a disagreement.
* SINGLE SOURCE – one independent source: nothing to compare.

Each independent source speaks once, through its original. Rules decide first, on the
typed slots extraction found (numbers with comparators, dates, names, negation and
antonyms); a pair judge (the built-in learned model, or a configured NLI model or LLM)
decides what the rules leave open. ``decided_by`` records which one it was.

:func:`check_statement` asks the same of one statement against the sentences it rests on
(a sentence an LLM wrote, or any draft): supported, contradicted, or not in the sources.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from newsprism.models import (
    DAY_OR_FINER,
    Claim,
    ClaimGroup,
    Entity,
    FigureReport,
    NumericConflict,
    PairEvidence,
    PairJudgement,
    Quantity,
    Stance,
    StatementCheck,
    TimeExpression,
    Verdict,
)
from newsprism.nli import PairJudge
from newsprism.nli.features import (
    ANTONYM_PAIRS,
    CONTRASTS,
    EXCLUSIVE_TERMS,
    SLOT_FEATURES,
    STOPWORDS,
    content_words,
    exclusive_parts,
    exclusive_terms,
    slot_features,
)

if TYPE_CHECKING:
    from newsprism.embed import Embedder

ROUNDING_LIMIT = 0.1  # a round figure stands for values at most 10% away
CONTRADICT_CONFIDENCE = 0.8  # the pair judge must be this sure to call a disagreement
UNRELATED_CONFIDENCE = 0.9  # ...and this sure to take a voice out of its claim group
T = TypeVar("T")
RULE_NUMBERS = "rule: numbers"
RULE_DATES = "rule: dates"
RULE_NEGATION = "rule: negation"
RULE_ANTONYM = "rule: antonyms"
RULE_TERMS = "rule: swapped term"
RULE_CONTRAST = "rule: opposite in place"
RULE_SPELLING = "rule: spelling"
RULE_NAMES = "rule: names"
RULE_SINGLE = "rule: one source"
RULE_COPY = "rule: dedup"
LEARNED = "learned judge"

# --------------------------------------------------------------------------- numbers


class Fit(StrEnum):
    """How two figures for the same thing relate."""

    SAME = "same"
    ROUNDING = "rounding"  # one is the other rounded
    COMPATIBLE = "compatible"  # the wordings allow a common value
    CONFLICT = "conflict"


_MORE_THAN = {"more than", "over", "upwards of"}  # the value itself is excluded
_AT_LEAST = {"at least"}
_LESS_THAN = {"fewer than", "less than", "under"}
_AT_MOST = {"up to"}
_JUST_UNDER = {"almost", "nearly", "close to", "just under"}
_ABOUT = {"about", "around", "roughly", "approximately", "some", "an estimated"}


@dataclass(frozen=True)
class Bounds:
    """The values a figure's wording allows; an open end excludes its value."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Bounds) -> bool:
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low < high:
            return True
        if low > high:
            return False
        low_open = (self.low == low and self.low_open) or (other.low == low and other.low_open)
        high_open = (self.high == high and self.high_open) or (
            other.high == high and other.high_open
        )
        return not (low_open or high_open)


def bounds(quantity: Quantity) -> Bounds:
    """The values a figure's wording allows, logically rather than pragmatically.

    "more than 300" allows anything above 300 (so it fits "almost 400"); "almost 400"
    allows [360, 400]; a bare round figure stands for what rounds to it.
    """
    value = quantity.value
    comparator = quantity.comparator or ""
    if comparator in _MORE_THAN:
        return Bounds(value, math.inf, low_open=True)
    if comparator in _AT_LEAST:
        return Bounds(value, math.inf)
    if comparator in _LESS_THAN:
        return Bounds(0.0, value, high_open=True)
    if comparator in _AT_MOST:
        return Bounds(0.0, value)
    if comparator in _JUST_UNDER:
        return Bounds(value * 0.9, value)
    if comparator in _ABOUT:
        return Bounds(value * 0.9, value * 1.1)
    if quantity.low < quantity.high and not comparator:
        return Bounds(quantity.low, quantity.high)  # a range: "300-400"
    half = _rounding_unit(value) / 2
    return Bounds(value - half, value + half, high_open=half > 0)


def _rounding_unit(value: float) -> float:
    """The unit a figure is rounded to: 100 for 1,200, 1e5 for 4.2 million; 0 when exact.

    Small counts (under 10) and figures with fractional parts are exact.
    """
    magnitude = abs(value)
    if magnitude < 10 or magnitude != int(magnitude):
        return 0.0
    digits = str(int(magnitude))
    trailing = len(digits) - len(digits.rstrip("0"))
    return float(10**trailing) if trailing else 0.0


def fit(first: Quantity, second: Quantity) -> Fit:
    """Whether two figures for the same counted thing can both be right."""
    if first.value == second.value and (first.comparator or "") == (second.comparator or ""):
        return Fit.SAME
    if not bounds(first).meets(bounds(second)):
        return Fit.CONFLICT
    if not first.comparator and not second.comparator:
        largest = max(abs(first.value), abs(second.value))
        if largest and abs(first.value - second.value) / largest > ROUNDING_LIMIT:
            return Fit.CONFLICT
        return Fit.ROUNDING
    return Fit.COMPATIBLE


# --------------------------------------------------------------------------- figures


def judge_figures(
    figure_groups: Sequence[list[tuple[Claim, Quantity]]],
    source_of: Mapping[str, str],
    originals: set[str],
) -> tuple[list[ClaimGroup], list[NumericConflict]]:
    """Agreements (>= 2 independent sources, AGREE or VARIANT) and disputed figures.

    A group where only a copy's figure differs keeps its verdict; the copy's claim is
    listed as ``altered_in_copy`` and never counts as support or as a voice.
    """
    agreements: list[ClaimGroup] = []
    conflicts: list[NumericConflict] = []
    for bucket in figure_groups:
        per_source = _one_per_source(bucket, _first, source_of, originals)
        if len(per_source) < 2:
            continue  # one voice neither corroborates nor disputes
        figures = list(per_source.values())
        fits = [
            (a, b, fit(a[1], b[1]))
            for i, a in enumerate(figures)
            for b in figures[i + 1 :]
        ]  # fmt: skip
        clashes = [(a, b) for a, b, f in fits if f is Fit.CONFLICT]
        if clashes:
            conflicts.append(_conflict(bucket, per_source, clashes))
            continue
        kinds = {f for _, _, f in fits}
        verdict = Verdict.VARIANT if Fit.ROUNDING in kinds else Verdict.AGREE
        agreements.append(_agreement(bucket, per_source, originals, verdict, kinds))
    conflicts.sort(key=lambda c: (-len(c.reports), c.counted))
    agreements.sort(key=lambda g: (-g.independent_sources, g.id))
    return agreements, conflicts


def _agreement(
    bucket: list[tuple[Claim, Quantity]],
    per_source: Mapping[str, tuple[Claim, Quantity]],
    originals: set[str],
    verdict: Verdict,
    kinds: set[Fit],
) -> ClaimGroup:
    voices = list(per_source.values())
    # A claim supports the group when its figure fits every independent voice; a copy
    # whose figure does not was altered in copying.
    claims = [c for c, q in bucket if all(fit(q, v) is not Fit.CONFLICT for _, v in voices)]
    altered = [c for c, q in bucket if c not in claims]
    supporting = [c for c, _ in voices]
    representative = min(
        supporting, key=lambda c: (c.article_id not in originals, len(c.quantities), len(c.text))
    )
    surfaces = sorted({q.surface for _, q in voices})
    if verdict is Verdict.VARIANT:
        reason = f"figures differ only by rounding: {', '.join(surfaces)}"
    elif Fit.COMPATIBLE in kinds:
        reason = f"the figures' wordings are compatible: {', '.join(surfaces)}"
    else:
        reason = f"every independent source gives {surfaces[0]}"
    return ClaimGroup(
        id=_group_id(claims),
        claims=list({c.key: c for c in claims}.values()),
        representative=representative,
        source_group_ids=sorted(per_source),
        verdict=verdict,
        decided_by=RULE_NUMBERS,
        reason=reason,
        altered_in_copy=list({c.key: c for c in altered}.values()),
    )


def _one_per_source(
    items: Iterable[T],
    claim_of: Callable[[T], Claim],
    source_of: Mapping[str, str],
    originals: set[str],
) -> dict[str, T]:
    """Each independent source speaks once, through its original when it has one."""
    per_source: dict[str, T] = {}
    for item in items:
        claim = claim_of(item)
        source = source_of[claim.article_id]
        current = per_source.get(source)
        if current is None or (
            claim.article_id in originals and claim_of(current).article_id not in originals
        ):
            per_source[source] = item
    return per_source


def _first(pair: tuple[Claim, Quantity]) -> Claim:
    return pair[0]


def _itself(claim: Claim) -> Claim:
    return claim


def same_origin(first: str | None, second: str | None) -> bool:
    """Both unattributed, or attributed to the same origin ("police" / "regional police")."""
    if not first or not second:
        return True
    a, b = first.casefold(), second.casefold()
    return a in b or b in a


def explained_by_attribution(clashes: Iterable[tuple[Claim, Claim]]) -> bool:
    """A clash is explained by attribution only when every clashing pair quotes two
    different origins; otherwise it is a real disagreement."""
    return all(
        bool(a.attribution and b.attribution) and not same_origin(a.attribution, b.attribution)
        for a, b in clashes
    )


def _conflict(
    bucket: list[tuple[Claim, Quantity]],
    per_source: Mapping[str, tuple[Claim, Quantity]],
    clashes: Sequence[tuple[tuple[Claim, Quantity], tuple[Claim, Quantity]]],
) -> NumericConflict:
    reports = [
        FigureReport(claim, quantity, source, claim.attribution)
        for source, (claim, quantity) in per_source.items()
    ]
    reports.sort(key=lambda r: (r.quantity.value if r.quantity else 0.0, r.claim.key))
    attributed = explained_by_attribution((a[0], b[0]) for a, b in clashes)
    kind = Verdict.ATTRIBUTED if attributed else Verdict.DISAGREE
    by_value: dict[str, list[FigureReport]] = {}
    for report in reports:
        assert report.quantity is not None
        by_value.setdefault(report.quantity.surface.casefold(), []).append(report)
    listing = "; ".join(
        f"{group[0].quantity.surface if group[0].quantity else ''} from {len(group)} "
        f"source{'s' if len(group) != 1 else ''}"
        + (f" ({', '.join(sorted({r.attributed_to for r in group if r.attributed_to}))})"
           if any(r.attributed_to for r in group) else "")
        for group in by_value.values()
    )  # fmt: skip
    if kind is Verdict.ATTRIBUTED:
        reason = f"each clashing figure comes from a different quoted origin: {listing}"
    else:
        reason = f"independent sources give {len(by_value)} different figures: {listing}"
    counted = max(
        (q.counted for _, q in bucket), key=lambda c: sum(q.counted == c for _, q in bucket)
    )
    return NumericConflict(
        id=_group_id(r.claim for r in reports),
        counted=counted,
        reports=reports,
        kind=kind,
        reason=reason,
        decided_by=RULE_NUMBERS,
    )


def _group_id(claims: Iterable[Claim]) -> str:
    keys = sorted(c.key for c in claims)
    return hashlib.sha1(",".join(keys).encode()).hexdigest()[:10]


# --------------------------------------------------------------------------- sentences

# Stricter than the learned judge's NEGATIONS on purpose: this rule decides on its own,
# so privative "without" ("left without power") and refuting "denied" do not count.
_NEGATION = re.compile(
    r"\b(?:not|no|never|nobody|none|nothing|neither|nor|denied|denies|deny)\b|n't\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class ClaimContext:
    """What the judge needs to know about a story's claims beyond their text."""

    source_of: Mapping[str, str]  # article id -> source group id
    originals: set[str]  # article ids that head their source group
    vectors: Mapping[str, np.ndarray]  # claim key -> sentence vector
    entity_of: Mapping[str, Mapping[str, str]]  # claim key -> {surface form: entity id}
    altered: set[str] = field(default_factory=set)  # keys of copy sentences dedup saw altered
    names: Mapping[str, str] = field(default_factory=dict)  # entity id -> canonical name

    def canonical_text(self, claim: Claim) -> str:
        """The claim with every name in its canonical spelling, so a judge never reads
        "Kovalenko" against "Kavalenka" as two different people."""
        return self.with_names(claim, lambda entity, form: self.names.get(entity, form))

    def with_names(self, claim: Claim, name: Callable[[str, str], str]) -> str:
        """The claim's text with each name form replaced by ``name(entity id, form)``,
        longest form first so "Aliaksandr Kavalenka" goes before "Kavalenka"."""
        text = claim.text
        forms = self.entity_of.get(claim.key, {})
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, name(forms[form], form))
        return text


def compare_by_rules(first: Claim, second: Claim, context: ClaimContext) -> PairJudgement | None:
    """A rule's call on two claims of one group, or None when no rule applies."""
    dates = _date_clash(first, second)
    if dates:
        return PairJudgement(Stance.CONTRADICT, 0.9, RULE_DATES, reason=dates)
    first_words, second_words = _words(first.text), _words(second.text)
    overlap = len(first_words & second_words) / max(1, min(len(first_words), len(second_words)))
    if overlap >= 0.6:
        if bool(_NEGATION.search(first.text)) != bool(_NEGATION.search(second.text)):
            _, negated = (first, second) if not _NEGATION.search(first.text) else (second, first)
            return PairJudgement(
                Stance.CONTRADICT, 0.85, RULE_NEGATION,
                reason=f"one source negates what the other states: “{negated.text}”",
            )  # fmt: skip
        for one, other in ANTONYM_PAIRS:
            for side_a, side_b in ((one, other), (other, one)):
                mine, theirs = first_words & side_a, second_words & side_b
                if mine and theirs and not first_words & side_b and not second_words & side_a:
                    return PairJudgement(
                        Stance.CONTRADICT, 0.85, RULE_ANTONYM,
                        reason=f"“{min(mine)}” in one source, “{min(theirs)}” in the other",
                    )  # fmt: skip
        swapped = _swapped_term(_term_words(first.text), _term_words(second.text))
        if swapped:
            return PairJudgement(Stance.CONTRADICT, 0.85, RULE_TERMS, reason=swapped)
        contrast = _contrast_in_place(first.text, second.text)
        if contrast:
            return PairJudgement(
                Stance.CONTRADICT, 0.8, RULE_CONTRAST,
                reason=f"“{contrast[0]}” in one source, “{contrast[1]}” in the other",
            )  # fmt: skip
    spelling = _spelling_only(first, second, context)
    if spelling:
        return PairJudgement(Stance.AGREE, 0.95, RULE_SPELLING, reason=spelling)
    names = _name_swap(first, second, context)
    if names:
        return PairJudgement(Stance.CONTRADICT, 0.85, RULE_NAMES, reason=names)
    return None


def _swapped_term(first_words: set[str], second_words: set[str]) -> str | None:
    """One value of a closed class (a colour, a title, a charge...) in one sentence where
    the other has another and neither has both: "white" paint for "blue"."""
    swap = _swap(first_words, second_words)
    if swap is None:
        return None
    kind, only_first, only_second = swap
    a = _term_word(first_words, kind, min(only_first))
    b = _term_word(second_words, kind, min(only_second))
    return f"“{a}” in one source, “{b}” in the other (another {kind})"


_CONTRAST_SIDE: dict[str, set[tuple[int, int]]] = {}
for _row, (_one, _other) in enumerate((*ANTONYM_PAIRS, *CONTRASTS)):
    for _side, _forms in enumerate((_one, _other)):
        for _form in _forms:
            _CONTRAST_SIDE.setdefault(_form, set()).add((_row, _side))


def _contrast_in_place(first: str, second: str) -> tuple[str, str] | None:
    """An opposite (:data:`ANTONYM_PAIRS`, :data:`CONTRASTS`) standing where the other
    sentence has its counterpart: the same content word just before or after it ("the
    financially struggling company" / "the financially thriving company"). In place, the
    swap is a changed fact even where the sentences use both words elsewhere."""
    a = [t.casefold() for t in _TOKEN.findall(first)]
    b = [t.casefold() for t in _TOKEN.findall(second)]
    present = set(b)
    for i, word in enumerate(a):
        if word in present:
            continue  # the other sentence says it too: no swap
        counterparts = {(row, 1 - side) for row, side in _CONTRAST_SIDE.get(word, ())}
        for j, other in enumerate(b):
            if counterparts & _CONTRAST_SIDE.get(other, set()) and _same_neighbour(a, i, b, j):
                return word, other
    return None


def _same_neighbour(a: list[str], i: int, b: list[str], j: int) -> bool:
    before = i > 0 and j > 0 and a[i - 1] == b[j - 1] and a[i - 1] not in STOPWORDS
    after = i + 1 < len(a) and j + 1 < len(b) and a[i + 1] == b[j + 1] and a[i + 1] not in STOPWORDS
    return before or after


def _term_words(text: str) -> set[str]:
    """The words :data:`EXCLUSIVE_TERMS` may read: not those of a name ("Red Cross",
    "Black Sea"), but titles even when capitalised before one ("Mayor Sorokina")."""
    tokens = _TOKEN.findall(text)
    words = set()
    for i, token in enumerate(tokens):
        word = token.casefold().replace("’", "'")
        in_name = token[:1].isupper() and (
            i > 0 or (i + 1 < len(tokens) and tokens[i + 1][:1].isupper())
        )
        if not in_name or word in _TITLE_WORDS:
            words.add(word)
    return words


_TITLE_WORDS = frozenset(w for row in EXCLUSIVE_TERMS["title"] for w in row)


def _swap(first_words: set[str], second_words: set[str]) -> tuple[str, set[int], set[int]] | None:
    """The class, and each side's rows of it the other lacks, of the first swapped term."""
    mine, theirs = exclusive_terms(first_words), exclusive_terms(second_words)
    for kind in sorted(mine.keys() & theirs.keys()):
        only_mine, only_theirs = mine[kind] - theirs[kind], theirs[kind] - mine[kind]
        if only_mine and only_theirs:
            return kind, only_mine, only_theirs
    return None


def _term_word(words: set[str], kind: str, row: int) -> str:
    forms = EXCLUSIVE_TERMS[kind][row]
    return min(w for w in words if forms & exclusive_parts(w))


def _name_swap(first: Claim, second: Claim, context: ClaimContext) -> str | None:
    """The same statement about a different person, place or organisation: "Mayor Ivanova
    resigned" against "Mayor Petrov resigned" (respellings are one entity, never a swap)."""
    forms_a = context.entity_of.get(first.key, {})
    forms_b = context.entity_of.get(second.key, {})
    only_a = set(forms_a.values()) - set(forms_b.values())
    only_b = set(forms_b.values()) - set(forms_a.values())
    if len(only_a) != 1 or len(only_b) != 1:
        return None

    def placeholder(_entity: str, _form: str) -> str:
        return "<name>"

    if _words(context.with_names(first, placeholder)) != _words(
        context.with_names(second, placeholder)
    ):
        return None
    [x] = [f for f, e in forms_a.items() if e in only_a][:1]
    [y] = [f for f, e in forms_b.items() if e in only_b][:1]
    return f"“{x}” in one source, “{y}” in the other"


def _words(text: str) -> set[str]:
    return {w.casefold().replace("’", "'") for w in _TOKEN.findall(text)}


def _date_clash(first: Claim, second: Claim) -> str | None:
    """Both claims date the event to the day (or finer) and the dates cannot overlap.

    Compared at the coarser of the two granularities, because "early on Tuesday morning"
    and "at 4:30 a.m." agree although the parts of a day have no agreed edges; two clock
    times are allowed an hour apart ("around 4:30" / "about 5 a.m.").
    """
    a = [t for t in first.times if t.start and t.end and t.granularity in DAY_OR_FINER]
    b = [t for t in second.times if t.start and t.end and t.granularity in DAY_OR_FINER]
    if len(a) != 1 or len(b) != 1:
        return None
    x, y = a[0], b[0]
    assert x.start and x.end and y.start and y.end
    clock = {"minute", "hour"}
    if x.granularity in clock and y.granularity in clock:
        slack = timedelta(hours=1)
        apart = x.end + slack <= y.start or y.end + slack <= x.start
    else:
        # a day (or part of one) against anything: compare local calendar days
        days_x = {x.start.date(), (x.end - timedelta(microseconds=1)).date()}
        days_y = {y.start.date(), (y.end - timedelta(microseconds=1)).date()}
        apart = not _days_overlap(days_x, days_y)
    if apart:
        return f"“{x.text}” in one source, “{y.text}” in the other"
    return None


def _days_overlap(first: set[date], second: set[date]) -> bool:
    return min(second) <= max(first) and min(first) <= max(second)


def _spelling_only(first: Claim, second: Claim, context: ClaimContext) -> str | None:
    """The two sentences are the same once each name is replaced by its entity."""
    if first.text == second.text:
        return None
    forms_a = context.entity_of.get(first.key, {})
    forms_b = context.entity_of.get(second.key, {})
    if not forms_a or not forms_b:
        return None

    def entity_mark(entity: str, _form: str) -> str:
        return f"<{entity}>"

    if _words(context.with_names(first, entity_mark)) == _words(
        context.with_names(second, entity_mark)
    ):
        differing = sorted(
            {f"{fa} / {fb}" for fa, ea in forms_a.items() for fb, eb in forms_b.items()
             if ea == eb and fa != fb}
        )  # fmt: skip
        return "spelling only: " + "; ".join(differing) if differing else None
    return None


def judge_groups(
    groups: Sequence[ClaimGroup],
    context: ClaimContext,
    pair_judge: PairJudge | None = None,
) -> tuple[list[ClaimGroup], list[NumericConflict]]:
    """Verdicts for sentence-level claim groups; conflicts come back as disputes.

    Each group's independent sources are compared with its representative: rules first,
    then the pair judge. A source the judge finds *unrelated* is split off into its own
    group (it was grouped by wording, not by what it claims), so it never inflates the
    support count.
    """
    voices_of = {g.id: _one_claim_per_source(g.claims, context) for g in groups}
    # the group's representative speaks for its source when that source has a voice
    speaker_of = {
        g.id: voices_of[g.id].get(context.source_of[g.representative.article_id], g.representative)
        for g in groups
    }
    pending: list[tuple[ClaimGroup, Claim, Claim]] = []
    decided: dict[tuple[str, str], PairJudgement] = {}
    for group in groups:
        representative = speaker_of[group.id]
        for voice in voices_of[group.id].values():
            if voice.key == representative.key:
                continue
            rule = compare_by_rules(representative, voice, context)
            if rule is not None:
                decided[(group.id, voice.key)] = rule
            else:
                pending.append((group, representative, voice))
    if pending and pair_judge is not None:
        pairs = [
            (context.canonical_text(rep), context.canonical_text(voice))
            for _, rep, voice in pending
        ]
        vectors = None
        if all(rep.key in context.vectors and v.key in context.vectors for _, rep, v in pending):
            vectors = [(context.vectors[rep.key], context.vectors[v.key]) for _, rep, v in pending]
        for (group, _, voice), call in zip(pending, pair_judge.judge(pairs, vectors), strict=True):
            decided[(group.id, voice.key)] = call
    judged: list[ClaimGroup] = []
    conflicts: list[NumericConflict] = []
    for group in groups:
        representative = speaker_of[group.id]
        evidence = [
            PairEvidence(representative.key, voice.key, decided[(group.id, voice.key)])
            for voice in voices_of[group.id].values()
            if (group.id, voice.key) in decided
        ]
        claim_of = {c.key: c for c in group.claims}
        unrelated = {
            e.second
            for e in evidence
            if (
                e.judgement.stance is Stance.UNRELATED
                and e.judgement.confidence >= UNRELATED_CONFIDENCE
                and not e.judgement.decided_by.startswith("rule")
            )
            or _unexplained_contradiction(e, claim_of, context)
        }
        kept, split = _split_unrelated(group, unrelated, context)
        kept_evidence = [e for e in evidence if e.second not in unrelated]
        verdict_group, conflict = _verdict(kept, kept_evidence, context)
        judged.append(verdict_group)
        if conflict is not None:
            conflicts.append(conflict)
        judged.extend(_single(g, context) for g in split)
    judged.sort(key=lambda g: (-g.independent_sources, -len(g.claims), g.id))
    return judged, conflicts


_CONFLICT_SLOTS = [
    SLOT_FEATURES.index(name)
    # names are left out: extra names ("the Red Cross and the parish") are not a swap,
    # and respellings are already folded by canonical_text
    for name in ("figure_conflict", "negation_mismatch", "antonym_flip", "date_conflict",
                 "refuting_mismatch")
]  # fmt: skip


def _unexplained_contradiction(
    evidence: PairEvidence, claim_of: Mapping[str, Claim], context: ClaimContext
) -> bool:
    """The built-in judge calls a contradiction but no slot (figure, date, name, negation,
    antonym, "false") differs: too weak to report a dispute, too doubtful to count as
    support, so the voice is set apart."""
    call = evidence.judgement
    if call.stance is not Stance.CONTRADICT or call.decided_by != LEARNED:
        return False
    first = context.canonical_text(claim_of[evidence.first])
    second = context.canonical_text(claim_of[evidence.second])
    return not any(slot_features(first, second)[_CONFLICT_SLOTS] > 0)


def _one_claim_per_source(claims: Sequence[Claim], context: ClaimContext) -> dict[str, Claim]:
    return _one_per_source(claims, _itself, context.source_of, context.originals)


def _split_unrelated(
    group: ClaimGroup, unrelated: set[str], context: ClaimContext
) -> tuple[ClaimGroup, list[ClaimGroup]]:
    if not unrelated:
        return group, []
    gone_sources = {context.source_of[c.article_id] for c in group.claims if c.key in unrelated}
    kept = [c for c in group.claims if context.source_of[c.article_id] not in gone_sources]
    split: list[ClaimGroup] = []
    for source in sorted(gone_sources):
        members = [c for c in group.claims if context.source_of[c.article_id] == source]
        split.append(_regroup(members, [source], context))
    sources = sorted({context.source_of[c.article_id] for c in kept})
    return replace(group, claims=kept, source_group_ids=sources, id=_group_id(kept)), split


def _regroup(members: list[Claim], sources: list[str], context: ClaimContext) -> ClaimGroup:
    representative = min(members, key=lambda c: (c.article_id not in context.originals, c.key))
    return ClaimGroup(_group_id(members), members, representative, sources)


def _single(group: ClaimGroup, context: ClaimContext) -> ClaimGroup:
    changed = [c for c in group.claims if c.sentence_key in context.altered]
    if changed:
        return replace(
            group,
            verdict=Verdict.ALTERED_IN_COPY,
            decided_by=RULE_COPY,
            reason="a copy changed a fact of its original",
            altered_in_copy=changed,
        )
    reason = "one independent source"
    if len({c.text for c in group.claims}) > 1:
        reason = "one independent source; its copies reword it"
    return replace(group, verdict=Verdict.SINGLE_SOURCE, decided_by=RULE_SINGLE, reason=reason)


def _verdict(
    group: ClaimGroup, evidence: Sequence[PairEvidence], context: ClaimContext
) -> tuple[ClaimGroup, NumericConflict | None]:
    if group.independent_sources < 2:
        return _single(group, context), None
    claim_of = {c.key: c for c in group.claims}
    clashes = [
        e
        for e in evidence
        if e.judgement.stance is Stance.CONTRADICT
        and (
            e.judgement.decided_by.startswith("rule")
            or e.judgement.confidence >= CONTRADICT_CONFIDENCE
        )
    ]
    if clashes:
        attributed = explained_by_attribution(
            (claim_of[e.first], claim_of[e.second]) for e in clashes
        )
        kind = Verdict.ATTRIBUTED if attributed else Verdict.DISAGREE
        deciding = clashes[0].judgement
        reason = deciding.reason or f"the {deciding.decided_by} finds the sources contradict"
        voices = _one_claim_per_source(group.claims, context)
        reports = [
            FigureReport(claim, None, source, claim.attribution)
            for source, claim in sorted(voices.items())
        ]
        conflict = NumericConflict(
            id=group.id,
            counted=_topic(group.representative.text),
            reports=reports,
            kind=kind,
            reason=reason,
            decided_by=deciding.decided_by,
        )
        verdict_group = replace(
            group,
            verdict=kind,
            decided_by=deciding.decided_by,
            reason=reason,
            evidence=list(evidence),
        )
        return verdict_group, conflict
    variants = [e for e in evidence if e.judgement.decided_by == RULE_SPELLING]
    agreeing = [e for e in evidence if e.judgement.stance is Stance.AGREE]
    if variants and len(variants) == len(evidence):
        return replace(
            group,
            verdict=Verdict.VARIANT,
            decided_by=RULE_SPELLING,
            reason=variants[0].judgement.reason,
            evidence=list(evidence),
        ), None
    deciders = sorted({e.judgement.decided_by for e in evidence}) or ["embedding similarity"]
    reason = (
        f"{len(agreeing)} of {len(evidence)} independent comparisons judged consistent"
        if evidence
        else "sources say the same thing in near-identical words"
    )
    return replace(
        group,
        verdict=Verdict.AGREE,
        decided_by=", ".join(deciders),
        reason=reason,
        evidence=list(evidence),
    ), None


def _topic(text: str, words: int = 8) -> str:
    tokens = text.split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")


# --------------------------------------------------------------------------- statements
# Is one statement (a sentence an LLM wrote, or any draft sentence) supported by source
# sentences? Used by the narrative writer's check, and general enough for checking any
# draft sentence by sentence: it needs the statement and evidence as extracted Claims,
# a pair judge, and optionally an embedder, nothing of the brief.

# The pair judge must find support more likely than not. Not higher, because the rules
# below already carry precision on the slots where a rewrite goes wrong (figures, names,
# dates, negation, attribution), and a faithful statement that keeps only part of a long
# source sentence scores 0.6-0.7 with the built-in judge; statements on something the
# sources do not report score under 0.2. The built-in judge is topical, not an entailment
# model: an invented detail about a reported fact can still pass (a configured NLI model
# or LLM judge is the remedy).
SUPPORT_CONFIDENCE = 0.5
RULE_ATTRIBUTION = "rule: attribution"
RULE_EVIDENCE = "rule: no evidence"
_COARSE_TIMES = frozenset({"month", "year"})
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
# Words for "the authorities" that reports use interchangeably as a source.
_OFFICIALDOM = frozenset({"official", "authority", "administration", "government"})
# Negation the strict rule leaves out, but which a paraphrase may turn into "no"/"not":
# "left without power" -> "left with no power".
_PRIVATIVE = re.compile(r"\b(?:without|lack|lacks|lacked|lacking|cannot|unable)\b", re.IGNORECASE)
# Slots the built-in judge's contradiction rests on, by the rule that re-reads them here.
_SLOT_FIGURES, _SLOT_NAMES, _SLOT_DATES, _SLOT_NEGATION = (
    "figure_conflict", "name_swap", "date_conflict", "negation_mismatch",
)  # fmt: skip
_STATEMENT_CONFLICT_SLOTS = (
    _SLOT_FIGURES, _SLOT_NAMES, _SLOT_DATES, _SLOT_NEGATION, "antonym_flip", "refuting_mismatch",
)  # fmt: skip


def name_forms(entities: Iterable[Entity]) -> dict[str, list[str]]:
    """Every spelling of each entity, keyed by each of its spellings casefolded: what
    :func:`check_statement` accepts as the same name."""
    forms_of: dict[str, list[str]] = {}
    for entity in entities:
        forms = sorted({m.text for m in entity.mentions})
        for form in forms:
            forms_of[form.casefold()] = forms
    return forms_of


def check_statement(
    statement: Claim,
    evidence: Sequence[Claim],
    pair_judge: PairJudge | None = None,
    *,
    embedder: Embedder | None = None,
    name_forms: Mapping[str, Iterable[str]] | None = None,
    threshold: float = SUPPORT_CONFIDENCE,
) -> StatementCheck:
    """Whether ``evidence`` (source sentences, as extracted claims) supports ``statement``.

    Rules first, on what extraction read: every figure must fit one the evidence gives
    for the same thing (a clash is a contradiction; a figure the evidence lacks is
    unsupported), every date must meet one of the evidence's (a month or year must hold
    one of its dates; a span such as "35 years ago" must keep its count), a negation or
    antonym must not flip what the evidence states, every name (and every word
    capitalised mid-sentence) must be named in the evidence (in any spelling;
    ``name_forms`` maps a casefolded form to the other forms of its entity), any other
    number ("fourth quarter") must occur in it, and a stated source ("police said") must
    be the evidence's: a figure the evidence gives to someone else, while the stated
    source gives another, is a contradiction. Then ``pair_judge``
    (default: :func:`newsprism.nli.load_judge`) compares the statement with each evidence
    sentence and, as a rewrite may merge several, with all of them together: support
    needs one comparison at ``threshold`` or above. ``embedder`` gives the vectors the
    built-in judge reads; without it the judge embeds the texts itself.
    """
    if not evidence:
        reason = "no source sentence to check it against"
        return StatementCheck(Stance.UNRELATED, False, 1.0, (), RULE_EVIDENCE, reason)
    if not _words(statement.text):
        return StatementCheck(Stance.UNRELATED, False, 1.0, (), RULE_EVIDENCE, "no words to check")
    merged = _merged_evidence(evidence)
    figures = _check_figures(statement, evidence)
    if isinstance(figures, StatementCheck):
        return figures
    dates = _check_dates(statement, evidence) or _check_spans(statement, evidence)
    if dates is not None and dates.stance is Stance.CONTRADICT:
        return dates
    flipped = _check_wording(statement, evidence, merged)
    if flipped is not None:
        return flipped
    if dates is not None:
        return dates
    names = _check_names(statement, evidence, name_forms or {}) or _check_numerals(
        statement, evidence
    )
    if names is not None:
        return names
    attribution = _check_figure_source(statement, evidence) or _check_attribution(
        statement, figures or evidence
    )
    if attribution is not None:
        return attribution
    cleared = {_SLOT_FIGURES, _SLOT_NAMES, _SLOT_DATES}
    if not _NEGATION.search(statement.text):
        cleared.add(_SLOT_NEGATION)  # unless the evidence's negated words are restated below
    return _ask_judge(statement, evidence, merged, pair_judge, embedder, cleared, threshold)


def _merged_evidence(evidence: Sequence[Claim]) -> Claim:
    """All evidence as one claim, for a statement a rewrite merged from several sentences."""
    if len(evidence) == 1:
        return evidence[0]
    return Claim(
        article_id="evidence",
        sentence_index=0,
        text=" ".join(c.text for c in evidence),
        quantities=tuple(q for c in evidence for q in c.quantities),
        mentions=tuple(m for c in evidence for m in c.mentions),
        times=tuple(t for c in evidence for t in c.times),
    )


def _check_figures(statement: Claim, evidence: Sequence[Claim]) -> StatementCheck | list[Claim]:
    """A contradiction or a missing figure, else the evidence claims that hold the figures.

    A figure is compared with the evidence's figures of the same kind and unit for the
    same counted noun, narrowed to those whose counted phrase shares the most words with
    it ("17 people in hospital", not "three people died"); with no figure for that noun,
    any figure of the kind that fits will do (a rewrite may say "people" for "residents").
    """
    holders: dict[str, Claim] = {}
    for quantity in statement.quantities:
        same_kind = [
            (claim, other)
            for claim in evidence
            for other in claim.quantities
            if other.kind is quantity.kind and (other.unit or None) == (quantity.unit or None)
        ]
        same_noun = [(c, q) for c, q in same_kind if quantity.noun and q.noun == quantity.noun]
        same_noun = _closest_counted(quantity, same_noun) if same_noun else []
        candidates = same_noun or same_kind
        fitting = [(c, q) for c, q in candidates if fit(q, quantity) is not Fit.CONFLICT]
        if fitting:
            holders.update((c.key, c) for c, _ in fitting)
            continue
        if same_noun:
            said = ", ".join(dict.fromkeys(f"“{q.surface}”" for _, q in candidates))
            return StatementCheck(
                Stance.CONTRADICT, False, 0.9, tuple(dict.fromkeys(c.key for c, _ in candidates)),
                RULE_NUMBERS, f"“{quantity.surface}” where the sources say {said}",
            )  # fmt: skip
        return StatementCheck(
            Stance.UNRELATED, False, 0.8, (), RULE_NUMBERS,
            f"figure not in the sources: “{quantity.surface}”",
        )  # fmt: skip
    return list(holders.values())


def _closest_counted(
    quantity: Quantity, candidates: list[tuple[Claim, Quantity]]
) -> list[tuple[Claim, Quantity]]:
    """The candidates whose counted phrase shares the most content words with the
    figure's; none when no phrase shares any (then it is not the same fact)."""
    mine = content_words(quantity.counted)
    overlap = [len(mine & content_words(q.counted)) for _, q in candidates]
    best = max(overlap)
    return [pair for pair, score in zip(candidates, overlap, strict=True) if score == best > 0]


def _check_dates(statement: Claim, evidence: Sequence[Claim]) -> StatementCheck | None:
    """A date (day or finer) that meets none of the evidence's: a clash when the evidence
    dates the event otherwise, unsupported when it gives no date at all."""
    theirs = [
        (claim, time)
        for claim in evidence
        for time in claim.times
        if time.start and time.end and time.granularity in DAY_OR_FINER
    ]
    for time in statement.times:
        if not (time.start and time.end and time.granularity in DAY_OR_FINER):
            continue
        clashes = []
        for claim, other in theirs:
            if time.text.casefold() == other.text.casefold() or not _apart(time, other):
                break
            clashes.append(claim)
        else:
            if clashes:
                when = ", ".join(dict.fromkeys(f"“{t.text}”" for _, t in theirs))
                return StatementCheck(
                    Stance.CONTRADICT, False, 0.9, tuple(c.key for c in clashes), RULE_DATES,
                    f"“{time.text}” here, {when} in the sources",
                )  # fmt: skip
            return StatementCheck(
                Stance.UNRELATED, False, 0.8, (), RULE_DATES,
                f"date not in the sources: “{time.text}”",
            )  # fmt: skip
    return _check_months(statement, evidence)


def _check_months(statement: Claim, evidence: Sequence[Claim]) -> StatementCheck | None:
    """A month or year that none of the evidence's dates falls in ("in April" where the
    sources date the event to 10 March). Only a clash counts: a month the evidence does
    not date at all is left to the judge, as reports often leave background undated."""
    theirs = [
        (claim, time)
        for claim in evidence
        for time in claim.times
        if time.start and time.end and time.granularity in DAY_OR_FINER | _COARSE_TIMES
    ]
    for time in statement.times:
        if not (time.start and time.end and time.granularity in _COARSE_TIMES) or not theirs:
            continue
        if any(
            time.text.casefold() == other.text.casefold() or _days_meet(time, other)
            for _, other in theirs
        ):
            continue
        when = ", ".join(dict.fromkeys(f"“{t.text}”" for _, t in theirs))
        return StatementCheck(
            Stance.CONTRADICT, False, 0.85, tuple(dict.fromkeys(c.key for c, _ in theirs)),
            RULE_DATES, f"“{time.text}” here, {when} in the sources",
        )  # fmt: skip
    return None


_SPAN = re.compile(
    r"\b(?P<count>\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|a dozen|dozens of|hundreds of|[a-z]+ty(?:-[a-z]+)?)\s+(?P<unit>second|minute|hour|"
    r"day|week|month|year|decade|century)s?\b",
    re.IGNORECASE,
)


def _check_spans(statement: Claim, evidence: Sequence[Claim]) -> StatementCheck | None:
    """A span of time with another count than the evidence's spans in the same unit:
    "32 years ago" where the sources say "35 years ago" (spans that cannot be placed on
    the calendar carry their figure only in their words)."""
    from newsprism.extract import parse_number

    theirs: dict[str, list[tuple[Claim, float | None, str]]] = {}
    for claim in evidence:
        for time in claim.times:
            for m in _SPAN.finditer(time.text):
                value = parse_number(m.group("count").split())
                theirs.setdefault(m.group("unit").casefold(), []).append((claim, value, time.text))
    for time in statement.times:
        for m in _SPAN.finditer(time.text):
            value = parse_number(m.group("count").split())
            others = theirs.get(m.group("unit").casefold(), [])
            if value is None or not others or any(v == value for _, v, _ in others):
                continue
            said = ", ".join(dict.fromkeys(f"“{text}”" for _, _, text in others))
            return StatementCheck(
                Stance.CONTRADICT, False, 0.85, tuple(dict.fromkeys(c.key for c, _, _ in others)),
                RULE_NUMBERS, f"“{time.text}” where the sources say {said}",
            )  # fmt: skip
    return None


def _days_meet(first: TimeExpression, second: TimeExpression) -> bool:
    """The calendar days two dated expressions cover overlap."""
    assert first.start and first.end and second.start and second.end
    last = timedelta(microseconds=1)
    return (
        first.start.date() <= (second.end - last).date()
        and second.start.date() <= (first.end - last).date()
    )


def _apart(first: TimeExpression, second: TimeExpression) -> bool:
    """Two times that cannot be the same moment. As :func:`_date_clash` does, except
    that parts of days are compared as intervals, with three hours' slack for their
    vague edges: a night runs into the next day, so calendar days cannot tell "Tuesday
    night" from "Wednesday night"."""
    parts = {"minute", "hour", "part of day"}
    if {first.granularity, second.granularity} <= parts and "part of day" in {
        first.granularity,
        second.granularity,
    }:
        assert first.start and first.end and second.start and second.end
        slack = timedelta(hours=3)
        return first.end + slack <= second.start or second.end + slack <= first.start
    mine = Claim("", 0, first.text, times=(first,))
    theirs = Claim("", 0, second.text, times=(second,))
    return _date_clash(mine, theirs) is not None


_NO_CONTEXT = ClaimContext(source_of={}, originals=set(), vectors={}, entity_of={})
_WORDING_RULES = frozenset({RULE_NEGATION, RULE_ANTONYM, RULE_TERMS, RULE_CONTRAST})


def _check_wording(
    statement: Claim, evidence: Sequence[Claim], merged: Claim
) -> StatementCheck | None:
    """The statement negates, words as its opposite, or swaps a term of what the evidence
    states.

    The negation, antonym, swapped-term and opposite-in-place rules of
    :func:`compare_by_rules`, with one difference: a statement that lacks the evidence's
    negation is left to the judge, because a rewrite may drop the negated part or say it
    positively ("not to return" / "to stay away"). A flip is no contradiction when another
    evidence sentence states the same thing with the statement's own polarity ("after the
    dam breached" against one source's "before dawn" and another's "after the dam
    breached"); a swapped term (a colour, a title) or an opposite in place only when that
    sentence uses the statement's own word ("the protest came on the anniversary" says
    nothing of the paint's colour).
    """
    calls = [
        (claim, compare_by_rules(statement, claim, _NO_CONTEXT))
        for claim in ([*evidence, merged] if len(evidence) > 1 else evidence)
    ]
    mine = _words(statement.text)
    agreeing = [
        words
        for claim, call in calls
        if claim is not merged
        and (call is None or call.decided_by not in _WORDING_RULES)
        and len(mine & (words := _words(claim.text))) / max(1, min(len(mine), len(words))) >= 0.6
    ]
    for claim, call in calls:
        if call is None or call.decided_by not in _WORDING_RULES:
            continue
        if call.decided_by in {RULE_NEGATION, RULE_ANTONYM} and agreeing:
            return None
        if _said_its_way(statement, claim, call.decided_by, agreeing):
            continue
        if call.decided_by == RULE_NEGATION and (
            not _NEGATION.search(statement.text) or _PRIVATIVE.search(claim.text)
        ):
            continue
        keys = tuple(c.key for c in evidence) if claim is merged else (claim.key,)
        reason = (
            "it negates what the sources state"
            if call.decided_by == RULE_NEGATION
            else _as_statement(call.reason)
        )
        return StatementCheck(
            Stance.CONTRADICT, False, call.confidence, keys, call.decided_by, reason
        )
    return None


def _said_its_way(
    statement: Claim, claim: Claim, decided_by: str, agreeing: Sequence[set[str]]
) -> bool:
    """Another evidence sentence (``agreeing``: the words of each) uses the statement's own
    word where ``claim`` has a swapped term or an opposite in place."""
    if decided_by == RULE_CONTRAST:
        contrast = _contrast_in_place(statement.text, claim.text)
        if contrast is not None:
            return any(contrast[0] in words for words in agreeing)
    if decided_by == RULE_TERMS:
        swap = _swap(_term_words(statement.text), _term_words(claim.text))
        if swap is not None:
            kind, own_rows, _ = swap
            return any(own_rows <= exclusive_terms(words).get(kind, set()) for words in agreeing)
    return False


_ORDINALS = {
    word: float(n)
    for n, word in enumerate(
        """first second third fourth fifth sixth seventh eighth ninth tenth eleventh
        twelfth""".split(),
        start=1,
    )
}
_CARDINALS = {
    word: float(n)
    for n, word in enumerate(
        "two three four five six seven eight nine ten eleven twelve".split(), start=2
    )
}
_NUMERAL = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)*|\b(?:" + "|".join([*_ORDINALS, *_CARDINALS]) + r")\b",
    re.IGNORECASE,
)


def _numerals(text: str) -> list[tuple[int, int, float]]:
    out = []
    for m in _NUMERAL.finditer(text):
        word = m.group().casefold()
        if word in _ORDINALS or word in _CARDINALS:
            value = _ORDINALS.get(word, _CARDINALS.get(word, 0.0))
        else:
            try:
                value = float(word.replace(",", ""))
            except ValueError:
                continue
        out.append((m.start(), m.end(), value))
    return out


def _check_numerals(statement: Claim, evidence: Sequence[Claim]) -> StatementCheck | None:
    """A number outside the figures and dates the other rules read (an ordinal, a model
    or variant number: "third quarter", "SARS-CoV-4") that no evidence sentence has."""
    covered = [
        (start, start + len(piece))
        for piece in [
            *(q.surface for q in statement.quantities),
            *(t.text for t in statement.times),
        ]
        if (start := statement.text.casefold().find(piece.casefold())) >= 0
    ]
    known = {value for claim in evidence for _, _, value in _numerals(claim.text)}
    known |= {q.value for claim in evidence for q in claim.quantities}
    for start, end, value in _numerals(statement.text):
        if value in known or any(a <= start and end <= b for a, b in covered):
            continue
        return StatementCheck(
            Stance.UNRELATED, False, 0.8, (), RULE_NUMBERS,
            f"figure not in the sources: “{statement.text[start:end]}”",
        )  # fmt: skip
    return None


def _as_statement(reason: str) -> str:
    """A pair rule's reason ("“x” in one source, “y” in the other"), for statement first."""
    return reason.replace("in one source", "here").replace("in the other", "in the sources")


def _check_names(
    statement: Claim, evidence: Sequence[Claim], name_forms: Mapping[str, Iterable[str]]
) -> StatementCheck | None:
    """A person, organisation or place the evidence never names, in any spelling: each
    named mention, and each word capitalised mid-sentence (NER misses some names).

    The reason tells an invented name from one the sources give elsewhere: that is a
    real name of the story moved onto a fact its sentences do not tie it to ("blankets
    handed out in Rusava"), the error of a summary that merges two events.
    """
    known = _name_words(evidence)
    names = [m.text for m in statement.mentions if m.label in _NAMED_LABELS]
    for name in dict.fromkeys([*names, *_capitalised(statement.text)]):
        forms = [name, *name_forms.get(name.casefold(), ())]
        if any(_named(form, known) for form in forms):
            continue
        reason = f"name not in the sources: “{name}”"
        if _named(name, _source_name_words(name_forms)):
            reason = f"the sources name “{name}”, but not where they say this"
        return StatementCheck(Stance.UNRELATED, False, 0.8, (), RULE_NAMES, reason)
    return None


def _source_name_words(name_forms: Mapping[str, Iterable[str]]) -> set[str]:
    from newsprism.extract._names import name_tokens

    return {token for form in name_forms for token in name_tokens(_unabbreviated(form))}


_ABBREVIATION = re.compile(r"\b[A-Za-z](?:\.[A-Za-z])+\b\.?")
# Words capitalised for grammar, not as names: dates are the date rule's business.
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december""".split()
)
# Common short forms of a few countries and unions and the names reports use for them
# instead ("U.K. activists" for "activists in London").
_NAME_ALIASES: dict[str, frozenset[str]] = {
    key: frozenset(words.split())
    for keys, words in (
        ("uk britain", "uk britain british briton britons england english scotland scottish "
                       "wales welsh london kingdom"),
        ("us usa america", "us usa america american americans washington states"),
        ("eu", "eu europe european union brussels"),
        ("un", "un nations"),
    )
    for key in keys.split()
}  # fmt: skip


def _unabbreviated(text: str) -> str:
    """ "U.K." -> "UK", so an abbreviation reads as one name word."""
    return _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), text)


def _capitalised(text: str) -> list[str]:
    """Words capitalised in mid-sentence (after the first word, not after a quote mark or
    a colon): names, mostly, whether or not NER saw them."""
    from newsprism.extract._names import name_tokens

    text = _unabbreviated(text)
    words = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        before = text[: match.start()].rstrip()
        if not word[:1].isupper() or not before or before[-1] in ".!?:;\"“‘'(—–-":
            continue
        if word.casefold() in _CALENDAR or word.casefold() in STOPWORDS or not name_tokens(word):
            continue
        words.append(word)
    return list(dict.fromkeys(words))


def _name_words(evidence: Sequence[Claim]) -> set[str]:
    """The name words of the evidence: its mentions, and every capitalised word (NER misses
    some names, and "the Velesian Red Cross" should count however it was labelled)."""
    from newsprism.extract._names import name_tokens

    words: set[str] = set()
    for claim in evidence:
        for mention in claim.mentions:
            words.update(name_tokens(_unabbreviated(mention.text)))
        for word in _TOKEN.findall(_unabbreviated(claim.text)):
            if word[:1].isupper():
                words.update(name_tokens(word))
    return words


def _named(form: str, known: set[str]) -> bool:
    from newsprism.extract._names import name_tokens, same_name_word

    tokens = name_tokens(_unabbreviated(form))
    return bool(tokens) and all(
        token in known
        or any(same_name_word(token, word) for word in known)
        or bool(_NAME_ALIASES.get(token, frozenset()) & known)
        for token in tokens
    )


def _check_attribution(statement: Claim, holders: Sequence[Claim]) -> StatementCheck | None:
    """A stated source ("the Red Cross said") the evidence does not give for this fact:
    a figure must come from a sentence that names the same source."""
    said_by = statement.attribution
    if not said_by or _generic_source(said_by):
        return None
    if any(_names_source(said_by, claim) for claim in holders):
        return None
    given = sorted({c.attribution for c in holders if c.attribution})
    reason = f"attributed to “{said_by}”, which the sources do not say"
    if given:
        reason = f"attributed to “{said_by}”; the sources attribute it to " + ", ".join(
            f"“{g}”" for g in given
        )
    return StatementCheck(Stance.UNRELATED, False, 0.8, (), RULE_ATTRIBUTION, reason)


def _names_source(said_by: str, claim: Claim) -> bool:
    """The claim names the stated source: a word of it ("the Red Cross said"), any word
    for the authorities when both speak for them, or the speaker's surname in any
    spelling ("Kavalenka" / "Kovalenko")."""
    from newsprism.extract._names import name_tokens, same_name_word

    mine, theirs = _source_words(said_by), _source_words(claim.text)
    if mine & theirs or (mine & _OFFICIALDOM and theirs & _OFFICIALDOM):
        return True
    surname = name_tokens(said_by)[-1:] if said_by[:1].isupper() else []
    if not surname or len(surname[0]) < 3:
        return False
    words = {
        w for word in _TOKEN.findall(claim.text) if word[:1].isupper() for w in name_tokens(word)
    }
    return any(same_name_word(surname[0], word) for word in words)


def _check_figure_source(statement: Claim, evidence: Sequence[Claim]) -> StatementCheck | None:
    """A figure given to the wrong source: the evidence has exactly this figure from
    someone else, and the stated source gives another ("the Red Cross said more than 300
    homes" where the minister said more than 300 and the Red Cross almost 400)."""
    said_by = statement.attribution
    if not said_by or not statement.quantities or _generic_source(said_by):
        return None
    for quantity in statement.quantities:
        same = [
            (claim, other)
            for claim in evidence
            for other in claim.quantities
            if other.kind is quantity.kind
            and (other.unit or None) == (quantity.unit or None)
            and quantity.noun
            and other.noun == quantity.noun
        ]
        exact = [c for c, q in same if fit(q, quantity) is Fit.SAME]
        if not exact or any(_names_source(said_by, c) for c in exact):
            continue
        theirs = [(c, q) for c, q in same if _names_source(said_by, c)]
        if not theirs:
            continue  # the stated source gives no figure for it: see _check_attribution
        others = sorted({c.attribution for c in exact if c.attribution})
        given = ", ".join(dict.fromkeys(f"“{q.surface}”" for _, q in theirs))
        whose = f" ({', '.join(others)})" if others else ""
        return StatementCheck(
            Stance.CONTRADICT, False, 0.85,
            tuple(dict.fromkeys(c.key for c in [*exact, *(c for c, _ in theirs)])),
            RULE_ATTRIBUTION,
            f"“{quantity.surface}” is another source's figure{whose}; “{said_by}” gives {given}",
        )  # fmt: skip
    return None


# Sources a statement names only by what they are ("the company said"): they refer back
# to a name the statement leaves out, so they cannot clash with the evidence's source.
_GENERIC_SOURCES = frozenset(
    """company firm group organisation organization business agency statement report
    spokesman spokeswoman spokesperson it he she they""".split()
)


def _generic_source(said_by: str) -> bool:
    words = _source_words(said_by)
    return not words or words <= _GENERIC_SOURCES


def _source_words(text: str) -> frozenset[str]:
    from newsprism.extract._names import ascii_fold

    return content_words(ascii_fold(text))


def _ask_judge(
    statement: Claim,
    evidence: Sequence[Claim],
    merged: Claim,
    pair_judge: PairJudge | None,
    embedder: Embedder | None,
    cleared: set[str],
    threshold: float,
) -> StatementCheck:
    """The pair judge's call on (evidence, statement), once the rules found nothing wrong.

    The built-in judge's contradiction rests on slot differences (figures, names, dates,
    negation); where the rules above have already read those slots on the extracted data
    and found them consistent, its contradiction mass says "about the same thing" and
    counts towards support. Other judges read the text and are taken at their word.
    """
    if pair_judge is None:
        from newsprism.nli import load_judge

        pair_judge = load_judge()
    premises = [*evidence, merged] if len(evidence) > 1 else list(evidence)
    pairs = [(claim.text, statement.text) for claim in premises]
    vectors = None
    if embedder is not None:
        texts = list(dict.fromkeys(t for pair in pairs for t in pair))
        encoded = embedder.encode(texts)
        row = {text: i for i, text in enumerate(texts)}
        vectors = [(encoded[row[a]], encoded[row[b]]) for a, b in pairs]
    calls = pair_judge.judge(pairs, vectors)
    scores = []
    for claim, call in zip(premises, calls, strict=True):
        agree = call.probabilities.get(
            Stance.AGREE.value, call.confidence if call.stance is Stance.AGREE else 0.0
        )
        if call.decided_by == LEARNED and _rests_on(claim.text, statement.text, cleared):
            agree += call.probabilities.get(Stance.CONTRADICT.value, 0.0)
        scores.append(min(1.0, agree))
    best = max(range(len(premises)), key=lambda i: (scores[i], -len(premises[i].text)))
    call = calls[best]
    if scores[best] >= threshold:
        keys = tuple(c.key for c in evidence) if premises[best] is merged else (premises[best].key,)
        reason = call.reason or f"the {call.decided_by} finds the sources say it"
        if call.decided_by == LEARNED:
            reason = reason.split(";")[0]  # any differences it saw, the rules have cleared
        return StatementCheck(Stance.AGREE, True, scores[best], keys, call.decided_by, reason)
    against = [
        (claim, c)
        for claim, c in zip(premises, calls, strict=True)
        if c.stance is Stance.CONTRADICT and c.confidence >= CONTRADICT_CONFIDENCE
    ]
    if against:
        claim, c = max(against, key=lambda pair: pair[1].confidence)
        keys = tuple(e.key for e in evidence) if claim is merged else (claim.key,)
        reason = c.reason or f"the {c.decided_by} finds the sources contradict it"
        return StatementCheck(Stance.CONTRADICT, False, c.confidence, keys, c.decided_by, reason)
    reason = "no source sentence says it"
    if call.reason:
        reason += f" (best match: {call.reason})"
    return StatementCheck(Stance.UNRELATED, False, 1.0 - scores[best], (), call.decided_by, reason)


def _rests_on(premise: str, hypothesis: str, cleared: set[str]) -> bool:
    """The built-in judge's conflict slots that fire here are all ones the rules cleared.

    A negation in the premise stays cleared only when the statement does not restate
    the negated words: a rewrite may drop "leaving the town without power" but must not
    turn "urged residents not to return" into "urged residents to return".
    """
    values = slot_features(premise, hypothesis)
    fired = {name for name in _STATEMENT_CONFLICT_SLOTS if values[SLOT_FEATURES.index(name)] > 0}
    if not fired:
        return False  # a contradiction no slot explains is too doubtful to count as support
    if _SLOT_NEGATION in fired and _negated_words(premise) & _words(hypothesis):
        return False
    return fired <= cleared


def _negated_words(text: str) -> set[str]:
    """The content words right after each negation: what the sentence denies."""
    tokens = _TOKEN.findall(text)
    words: set[str] = set()
    for i, token in enumerate(tokens):
        if _NEGATION.search(token) or _PRIVATIVE.fullmatch(token):
            following = [t.casefold() for t in tokens[i + 1 : i + 5]]
            words.update(t for t in following if t not in STOPWORDS)
    return words
