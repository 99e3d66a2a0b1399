"""Odd stories still get a sensible brief: one article, nothing but copies, claims with no
names or figures, and a configured judge that is down."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.models import Verdict
from newsprism.nli import load_judge
from newsprism.pipeline import analyze_inputs

_BODY = [
    "Heavy rain flooded the lower streets of Ardent on Monday night, forcing families to leave.",
    "The river rose quickly after midnight and water reached the ground floors of many homes.",
    "Volunteers handed out blankets and hot drinks at the community centre until morning.",
    "Forecasters expect the weather to stay wet and windy for the rest of the week.",
    "Council workers cleared fallen branches from the bridge road before the school run.",
    "Several shops near the old market kept their shutters down while owners pumped out water.",
    "The bus company moved its stops to higher ground until the water goes down.",
]
_FILLER = [
    "Council workers cleared fallen branches from the bridge road before the school run.",
    "Several shops near the old market kept their shutters down while owners pumped out water.",
    "The bus company moved its stops to higher ground until the water goes down.",
]


def _report(folder: Path, name: str, outlet: str, paragraphs: list[str], hour: int) -> None:
    front = (
        f"---\ntitle: Floods in Ardent\noutlet: {outlet}\n"
        f"published: 2026-02-03T{hour:02d}:00:00+00:00\n---\n"
    )
    body = "\n\n".join([*paragraphs, *(p for p in _FILLER if p not in paragraphs)])
    (folder / f"{name}.md").write_text(front + body + "\n", encoding="utf-8")


def test_a_story_of_one_article_has_only_single_source_claims(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    _report(tmp_path, "only", "Ardent Courier", _BODY, 8)
    analysis, _ = analyze_inputs([tmp_path], embedder=embedder)
    brief = analysis.brief
    assert brief.independent_source_count == 1 and brief.article_count == 1
    assert brief.corroborated == [] and brief.disputed == []
    assert brief.single_source and all(f.independent_sources == 1 for f in brief.single_source)
    assert all(g.verdict is Verdict.SINGLE_SOURCE for g in analysis.claim_groups)
    # the narrative retells the one report, in its order, and says it rests on one source
    told = [s for p in brief.narrative.paragraphs for s in p]
    assert 2 <= len(told) <= 6
    assert all(s.independent_sources == 1 and s.citations for s in told)
    assert all(s.text in _BODY for s in told)
    assert [_BODY.index(s.text) for s in told[1:]] == sorted(_BODY.index(s.text) for s in told[1:])
    assert brief.narrative.notes and "one" in brief.narrative.notes[0]
    assert brief.lede is not None and brief.lede.text in _BODY
    assert len(brief.source_groups) == 1 and brief.source_groups[0].members == [1]


def test_copies_of_one_original_never_corroborate_each_other(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    for n, outlet in enumerate(["Ardent Courier", "Valley Post", "River Times", "Daily Wire"]):
        _report(tmp_path, f"copy{n}", outlet, _BODY, 8 + n)
    analysis, _ = analyze_inputs([tmp_path], embedder=embedder)
    brief = analysis.brief
    assert brief.article_count == 4 and brief.independent_source_count == 1
    assert brief.corroborated == [] and brief.disputed == []
    assert max(g.independent_sources for g in analysis.claim_groups) == 1


def test_claims_without_names_or_figures_are_aligned_and_judged(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    _report(tmp_path, "one", "Ardent Courier", _BODY, 8)
    other = [
        "Families left their homes in the lower streets after heavy rain flooded them overnight.",
        "Water reached the ground floors of many homes as the river rose quickly after midnight.",
        "A local choir cancelled its spring concert because the hall needs new heating.",
        "Shops on the high street stayed closed while owners cleaned up the mud.",
    ]
    _report(tmp_path, "two", "Valley Post", other, 9)
    analysis, _ = analyze_inputs([tmp_path], embedder=embedder)
    brief = analysis.brief
    assert brief.independent_source_count == 2
    [river] = [f for f in brief.corroborated if "river rose" in f.text.casefold()]
    assert river.independent_sources == 2 and river.verdict == "agree" and river.decided_by
    # the unrelated sentences stay single-source
    assert not any("choir" in c.sentence for f in brief.corroborated for c in f.citations)


def test_an_unreachable_llm_falls_back_to_the_built_in_judge(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    _report(tmp_path, "one", "Ardent Courier", _BODY, 8)
    other = [
        "Families left their homes in the lower streets after heavy rain flooded them overnight.",
        "Water reached the ground floors of many homes as the river rose quickly after midnight.",
    ]
    _report(tmp_path, "two", "Valley Post", other, 9)
    env = {"NEWSPRISM_LLM_URL": "http://127.0.0.1:9/v1", "NEWSPRISM_LLM_MODEL": "tiny"}
    with pytest.warns(RuntimeWarning):
        judge = load_judge(env=env)
        analysis, _ = analyze_inputs([tmp_path], embedder=embedder, pair_judge=judge)
    [note] = analysis.brief.judge_notes
    assert "127.0.0.1:9" in note and "built-in judge decided instead" in note
    decided = {f.decided_by for f in analysis.brief.corroborated}
    assert decided and not any("llm" in d for d in decided)
