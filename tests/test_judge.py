"""The judge's rules on hand-made figures: rounding, copies, attribution."""

from __future__ import annotations

from newsprism.judge import differ, judge_figures
from newsprism.models import Claim, ConflictKind, Quantity


def _figure(article: str, value: float, who: str | None = None) -> tuple[Claim, Quantity]:
    quantity = Quantity(str(value), value, value, value, None, "homes flooded", "home", 0)
    claim = Claim(article, 0, f"{value} homes were flooded.", (quantity,), (), who)
    return claim, quantity


def test_rounding_is_not_a_dispute() -> None:
    assert not differ(4_000_000, 4_200_000 * 0.96)
    assert differ(300, 400)


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
