"""The judge's verdicts on hand-made claims: numbers, dates, negation, antonyms, spelling,
copies, attribution, and how the pair judge's calls are used."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from newsprism.judge import ClaimContext, Fit, fit, judge_figures, judge_groups
from newsprism.models import (
    Claim,
    ClaimGroup,
    ConflictKind,
    PairJudgement,
    Quantity,
    Stance,
    TimeExpression,
    Verdict,
)


def _figure(article: str, value: float, who: str | None = None) -> tuple[Claim, Quantity]:
    quantity = Quantity(str(value), value, value, value, None, "homes flooded", "home", 0)
    claim = Claim(article, 0, f"{value} homes were flooded.", (quantity,), (), who)
    return claim, quantity


def test_rounding_is_not_a_dispute() -> None:
    assert fit(_q(4_000_000), _q(4_200_000 * 0.96)) is Fit.ROUNDING
    assert fit(_q(300), _q(400)) is Fit.CONFLICT


def test_copies_speak_once_through_their_original() -> None:
    # a and b are one source (b is a copy that altered the figure); c is independent
    source_of = {"a": "wire", "b": "wire", "c": "local"}
    bucket = [_figure("a", 17), _figure("b", 27), _figure("c", 17)]
    agreements, conflicts = judge_figures([bucket], source_of, originals={"a", "c"})
    assert conflicts == []
    [agreement] = agreements
    assert agreement.independent_sources == 2
    assert {c.article_id for c in agreement.claims} == {"a", "c"}


def test_different_quoted_origins_are_attributed_not_disagreement() -> None:
    source_of = {"a": "1", "b": "2", "c": "3"}
    bucket = [_figure("a", 300, "the ministry"), _figure("b", 400, "the Red Cross"),
              _figure("c", 450, "the mayor")]  # fmt: skip
    _, [conflict] = judge_figures([bucket], source_of, originals={"a", "b", "c"})
    assert conflict.kind is ConflictKind.ATTRIBUTED
    assert [r.quantity.value for r in conflict.reports] == [300, 400, 450]


def test_same_origin_different_figures_is_a_disagreement() -> None:
    source_of = {"a": "1", "b": "2"}
    bucket = [_figure("a", 2, "police"), _figure("b", 3, "police")]
    _, [conflict] = judge_figures([bucket], source_of, originals={"a", "b"})
    assert conflict.kind is ConflictKind.DISAGREE
    assert "2 different figures" in conflict.reason


def test_a_single_source_neither_agrees_nor_disputes() -> None:
    agreements, conflicts = judge_figures([[_figure("a", 5)]], {"a": "1"}, originals={"a"})
    assert agreements == [] and conflicts == []


# ------------------------------------------------------------ comparators and rounding


def _q(value: float, comparator: str | None = None) -> Quantity:
    return Quantity(str(value), value, value, value, comparator, "homes flooded", "home", 0)


def test_comparators_and_ranges_are_respected() -> None:
    assert fit(_q(300, "more than"), _q(400, "almost")) is Fit.COMPATIBLE
    assert fit(_q(400, "almost"), _q(450, "nearly")) is Fit.CONFLICT
    assert fit(_q(4_000_000), _q(4_200_000)) is Fit.ROUNDING
    assert fit(_q(3), _q(3, "about")) is Fit.COMPATIBLE
    assert fit(_q(2), _q(3)) is Fit.CONFLICT
    assert fit(_q(17), _q(27)) is Fit.CONFLICT
    assert fit(_q(300, "more than"), _q(250, "up to")) is Fit.CONFLICT
    assert fit(_q(300, "fewer than"), _q(300, "at least")) is Fit.CONFLICT
    assert fit(_q(1200), _q(1200)) is Fit.SAME


def test_rounded_figures_are_a_variant_not_a_dispute() -> None:
    def million(article: str, value: float) -> tuple[Claim, Quantity]:
        q = Quantity(str(value), value, value, value, None, "damage", "euro", 0)
        return Claim(article, 0, f"Damage reached {value} euros.", (q,)), q

    [group], conflicts = judge_figures(
        [[million("a", 4_000_000), million("b", 4_200_000)]], {"a": "1", "b": "2"}, {"a", "b"}
    )
    assert conflicts == [] and group.verdict is Verdict.VARIANT and "rounding" in group.reason


def test_compatible_comparators_corroborate() -> None:
    bucket = [_figure("a", 300), _figure("b", 400)]
    bucket[0] = (bucket[0][0], _q(300, "more than"))
    bucket[1] = (bucket[1][0], _q(400, "almost"))
    [group], conflicts = judge_figures([bucket], {"a": "1", "b": "2"}, {"a", "b"})
    assert conflicts == [] and group.verdict is Verdict.AGREE and group.independent_sources == 2


# ------------------------------------------------------------ sentence groups


class _ScriptedJudge:
    """Stands in for the model: the verdict logic, not the model, is under test here."""

    name = "scripted"

    def __init__(self, stance: Stance, confidence: float = 0.95) -> None:
        self.stance, self.confidence, self.seen = stance, confidence, 0

    def judge(self, pairs, vectors=None):  # type: ignore[no-untyped-def]
        self.seen += len(pairs)
        return [PairJudgement(self.stance, self.confidence, "learned judge") for _ in pairs]


def _context(sources: dict[str, str], forms=None, altered=None) -> ClaimContext:  # type: ignore[no-untyped-def]
    return ClaimContext(sources, set(sources), {}, forms or {}, altered or set())


def _group(*claims: Claim, sources: dict[str, str]) -> ClaimGroup:
    return ClaimGroup("g", list(claims), claims[0], sorted({sources[c.article_id] for c in claims}))


def test_negation_is_a_disagreement_found_by_rule() -> None:
    sources = {"a": "1", "b": "2"}
    a = Claim("a", 0, "The company said the dam had been inspected last year.")
    b = Claim("b", 0, "The company said the dam had not been inspected last year.")
    judge = _ScriptedJudge(Stance.AGREE)
    [group], [conflict] = judge_groups([_group(a, b, sources=sources)], _context(sources), judge)
    assert group.verdict is Verdict.DISAGREE and group.decided_by == "rule: negation"
    assert conflict.kind is Verdict.DISAGREE and judge.seen == 0


def test_antonyms_quoted_from_different_origins_are_attributed() -> None:
    sources = {"a": "1", "b": "2"}
    a = Claim("a", 0, "The council banned the march on Saturday.", attribution="the mayor")
    b = Claim("b", 0, "The council allowed the march on Saturday.", attribution="organisers")
    [group], [conflict] = judge_groups([_group(a, b, sources=sources)], _context(sources))
    assert group.verdict is Verdict.ATTRIBUTED and group.decided_by == "rule: antonyms"
    assert conflict.reports[0].quantity is None


def test_a_swapped_colour_title_or_charge_is_a_disagreement() -> None:
    sources = {"a": "1", "b": "2"}
    pairs = [
        ("Activists poured yellow and blue paint outside the embassy.",
         "Activists poured yellow and white paint outside the embassy.", "colour"),
        ("The founder of the start-up was arrested on fraud charges.",
         "The chief executive of the start-up was arrested on fraud charges.", "title"),
        ("A man pleaded guilty to manslaughter over the death of a tourist.",
         "A man pleaded guilty to murder over the death of a tourist.", "charge"),
        ("Protesters marked the one-year anniversary of the invasion.",
         "Protesters marked the one-month anniversary of the invasion.", "unit of time"),
    ]  # fmt: skip
    for first, second, kind in pairs:
        a, b = Claim("a", 0, first), Claim("b", 0, second)
        judge = _ScriptedJudge(Stance.AGREE)
        [group], _ = judge_groups([_group(a, b, sources=sources)], _context(sources), judge)
        assert group.verdict is Verdict.DISAGREE, (kind, group.reason)
        assert group.decided_by == "rule: swapped term" and f"(another {kind})" in group.reason


def test_an_opposite_in_the_same_place_is_a_disagreement_even_beside_its_counterpart() -> None:
    sources = {"a": "1", "b": "2"}
    # "troubled" (one side) is in both, so only the word in place of "struggling" tells
    a = Claim("a", 0, "The troubled start-up was sold to prop up the financially struggling firm.")
    b = Claim("b", 0, "The troubled start-up was sold to prop up the financially thriving firm.")
    judge = _ScriptedJudge(Stance.AGREE)
    [group], _ = judge_groups([_group(a, b, sources=sources)], _context(sources), judge)
    assert group.verdict is Verdict.DISAGREE and group.decided_by == "rule: opposite in place"
    assert "“struggling”" in group.reason and "“thriving”" in group.reason

    # opposites in different places are not a swap: no content word beside both
    c = Claim("c", 0, "The first boats reached the town at noon.")
    d = Claim("d", 0, "Rescuers reached the town at noon and were the last to leave.")
    apart = {"c": "1", "d": "2"}
    [group], _ = judge_groups(
        [_group(c, d, sources=apart)], _context(apart), _ScriptedJudge(Stance.AGREE)
    )
    assert group.decided_by != "rule: opposite in place", group.reason


def test_names_and_compound_titles_are_not_swapped_terms() -> None:
    sources = {"a": "1", "b": "2"}
    pairs = [
        # "Red" names the Red Cross, not a colour; "co-founder" is not "founder" swapped
        ("Red Cross volunteers handed out green blankets on Tuesday.",
         "Volunteers from the Red Cross handed out green blankets on Tuesday."),
        ("Carlos Watson, the co-founder of the start-up, was arrested on Tuesday.",
         "Carlos Watson, co-founder and chief executive of the start-up, was arrested."),
        # both colours in both: the same fact in another order
        ("The flag is blue and yellow, the activists said.",
         "The activists said the flag is yellow and blue."),
    ]  # fmt: skip
    for first, second in pairs:
        a, b = Claim("a", 0, first), Claim("b", 0, second)
        judge = _ScriptedJudge(Stance.AGREE)
        [group], _ = judge_groups([_group(a, b, sources=sources)], _context(sources), judge)
        assert group.decided_by != "rule: swapped term", (first, group.reason)


def test_different_dates_disagree() -> None:
    sources = {"a": "1", "b": "2"}

    def day(n: int) -> TimeExpression:
        start = datetime(2026, 3, n, tzinfo=UTC)
        return TimeExpression(f"on {n} March", 0, start, start.replace(day=n + 1), "day", False)

    a = Claim("a", 0, "The dam gave way on 10 March.", times=(day(10),))
    b = Claim("b", 0, "The dam gave way on 11 March.", times=(day(11),))
    [group], _ = judge_groups([_group(a, b, sources=sources)], _context(sources))
    assert group.verdict is Verdict.DISAGREE and group.decided_by == "rule: dates"


def test_spelling_only_difference_is_a_variant() -> None:
    sources = {"a": "1", "b": "2"}
    a = Claim("a", 0, "Governor Aliaksandr Kavalenka declared an emergency.")
    b = Claim("b", 0, "Governor Aleksandr Kavalenko declared an emergency.")
    forms = {a.key: {"Aliaksandr Kavalenka": "e1"}, b.key: {"Aleksandr Kavalenko": "e1"}}
    [group], conflicts = judge_groups([_group(a, b, sources=sources)], _context(sources, forms))
    assert conflicts == [] and group.verdict is Verdict.VARIANT
    assert "Aliaksandr Kavalenka / Aleksandr Kavalenko" in group.reason


def test_model_decides_what_rules_leave_open_and_unrelated_voices_split_off() -> None:
    sources = {"a": "1", "b": "2", "c": "3"}
    a = Claim("a", 0, "Rescue crews worked through the night in the flooded town.")
    b = Claim("b", 0, "Crews kept rescuing people overnight in the town under water.")
    c = Claim("c", 0, "Rescue teams from the capital arrived in the town on Wednesday.")
    judge = _ScriptedJudge(Stance.UNRELATED)
    groups, conflicts = judge_groups([_group(a, b, c, sources=sources)], _context(sources), judge)
    assert judge.seen == 2 and conflicts == []
    assert sorted(g.independent_sources for g in groups) == [1, 1, 1]
    assert all(g.verdict is Verdict.SINGLE_SOURCE for g in groups)

    agreeing = _ScriptedJudge(Stance.AGREE)
    [group], _ = judge_groups([_group(a, b, c, sources=sources)], _context(sources), agreeing)
    assert group.verdict is Verdict.AGREE and group.independent_sources == 3
    assert group.decided_by == "learned judge" and len(group.evidence) == 2


def test_a_contradiction_the_judge_cannot_explain_is_neither_dispute_nor_support() -> None:
    sources = {"a": "1", "b": "2"}
    a = Claim("a", 0, "Rescue crews worked through the night in the flooded town.")
    b = Claim("b", 0, "Crews kept rescuing people overnight in the town under water.")
    for confidence in (0.55, 0.97):  # hesitant, or sure but with no slot that differs
        doubtful = _ScriptedJudge(Stance.CONTRADICT, confidence=confidence)
        groups, conflicts = judge_groups(
            [_group(a, b, sources=sources)], _context(sources), doubtful
        )
        assert conflicts == [] and [g.independent_sources for g in groups] == [1, 1]


def test_a_confident_contradiction_with_a_differing_slot_is_a_disagreement() -> None:
    sources = {"a": "1", "b": "2"}
    a = Claim("a", 0, "Officials said the bridge would reopen to traffic on Friday.")
    b = Claim("b", 0, "Officials said the bridge was declared a fake and would reopen on Friday.")
    sure = _ScriptedJudge(Stance.CONTRADICT, confidence=0.97)
    [group], [conflict] = judge_groups([_group(a, b, sources=sources)], _context(sources), sure)
    assert group.verdict is Verdict.DISAGREE and conflict.decided_by == "learned judge"


def test_copies_of_one_original_never_count_as_agreement() -> None:
    sources = {"a": "wire", "b": "wire", "c": "wire"}
    a = Claim("a", 3, "About 250 rescuers and 40 boats were deployed on Tuesday.")
    b = Claim("b", 3, "About 350 rescuers and 40 boats were deployed on Tuesday.")
    c = Claim("c", 3, "About 250 rescuers and 40 boats were deployed on Tuesday.")
    context = ClaimContext(sources, {"a"}, {}, {}, {b.key})
    judge = _ScriptedJudge(Stance.AGREE)
    [group], conflicts = judge_groups([_group(a, b, c, sources=sources)], context, judge)
    assert conflicts == [] and judge.seen == 0
    assert group.independent_sources == 1 and group.verdict is Verdict.ALTERED_IN_COPY
    assert [c.key for c in group.altered_in_copy] == [b.key]


def test_vectors_are_passed_to_the_judge_when_known() -> None:
    sources = {"a": "1", "b": "2"}
    a = Claim("a", 0, "Rescue crews worked through the night in the flooded town.")
    b = Claim("b", 0, "Crews kept rescuing people overnight in the town under water.")
    seen = []

    class Recording(_ScriptedJudge):
        def judge(self, pairs, vectors=None):  # type: ignore[no-untyped-def]
            seen.append(vectors)
            return super().judge(pairs, vectors)

    vectors = {a.key: np.ones(3, np.float32), b.key: np.zeros(3, np.float32)}
    context = ClaimContext(sources, set(sources), vectors, {})
    judge_groups([_group(a, b, sources=sources)], context, Recording(Stance.AGREE))
    assert seen and seen[0] is not None and seen[0][0][0].sum() == 3


def test_the_same_statement_about_a_different_person_is_a_disagreement() -> None:
    sources = {"a": "1", "b": "2"}
    a = Claim("a", 0, "Mayor Nadia Sorokina resigned on Tuesday evening.")
    b = Claim("b", 0, "Mayor Vera Tsikhun resigned on Tuesday evening.")
    forms = {a.key: {"Nadia Sorokina": "e1"}, b.key: {"Vera Tsikhun": "e2"}}
    [group], [conflict] = judge_groups([_group(a, b, sources=sources)], _context(sources, forms))
    assert group.verdict is Verdict.DISAGREE and group.decided_by == "rule: names"
    assert "Nadia Sorokina" in conflict.reason and "Vera Tsikhun" in conflict.reason
