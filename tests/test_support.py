"""check_statement: is a generated sentence supported by real sample-corpus sentences?

Evidence claims come from the analysed sample corpus; statements are read by the real
extractor (dates resolved against the evidence's publication date) and judged by the
built-in learned judge, so rules and judge are exercised together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from newsprism.extract import extract_article
from newsprism.judge import check_statement
from newsprism.models import Article, Claim, PairJudgement, Stance, StatementCheck

DEATHS = "Three people died in the flooding, police said, and 17 people were in hospital."
MIDDAY = "About 1,200 residents had been evacuated by midday, according to the regional"
MAYOR = "The mayor of Dravsk, Nadia Sorokina, said on Tuesday night that nearly 450 homes"
RED_CROSS = "Marta Wiśniewska, director of the Velesian Red Cross in the Polesk region, said"
VOLUNTEERS = "Volunteers from the Velesian Red Cross handed out blankets, food and dry clothing"
SPORTS_HALL = "About 1,200 residents were evacuated during the day, most of them to the sports"
URGED = "Mayor Nadia Sorokina urged residents not to return to flooded houses."


def source(analysis: Any, opening: str) -> Claim:
    """The sample-corpus sentence that starts with ``opening`` (first article that has it)."""
    for extracted in analysis.extracted:
        for claim in extracted.claims:
            if claim.text.startswith(opening):
                return claim
    raise AssertionError(f"no sentence starts with {opening!r}")


def statement(text: str, analysis: Any, evidence: Sequence[Claim]) -> Claim:
    """``text`` read as the pipeline reads a generated sentence: alone, dated like its
    evidence."""
    published = next(a.published for a in analysis.articles if a.id == evidence[0].article_id)
    article = Article("generated", "generated", "", text, "", published=published)
    [claim] = extract_article(article).claims
    return claim


@pytest.fixture(scope="module")
def judge() -> Any:
    from newsprism.nli.learned import LearnedJudge

    return LearnedJudge()


@pytest.fixture()
def check(analysis: Any, embedder: Any, judge: Any) -> Any:
    def run(text: str, *openings: str) -> StatementCheck:
        evidence = [source(analysis, opening) for opening in openings]
        claim = statement(text, analysis, evidence)
        return check_statement(claim, evidence, judge, embedder=embedder)

    return run


def test_a_faithful_paraphrase_is_supported(check: Any, analysis: Any) -> None:
    result = check("Police said three people died in the flooding and 17 were in hospital.", DEATHS)
    assert result.supported and result.stance is Stance.AGREE
    assert result.decided_by == "learned judge"
    assert result.evidence == (source(analysis, DEATHS).key,)

    # reworded, reordered, and with the mayor's title capitalised
    assert check(
        "Three people were killed by the flood and 17 others were hospitalised, "
        "according to police.",
        DEATHS,
    ).supported
    assert check(
        "Mayor Nadia Sorokina said nearly 450 homes were flooded, and much of the town was "
        "left without power, heat or drinking water.",
        MAYOR,
    ).supported
    # part of a long sentence: the negated clause it leaves out is not a contradiction
    assert check(
        "Dravsk's mayor Nadia Sorokina said on Tuesday night that nearly 450 homes had been "
        "flooded.",
        MAYOR,
    ).supported


def test_a_wrong_number_is_contradicted_naming_the_number(check: Any) -> None:
    result = check("27 people were in hospital.", DEATHS)
    assert not result.supported and result.stance is Stance.CONTRADICT
    assert result.decided_by == "rule: numbers"
    assert "27" in result.reason and "17" in result.reason
    # 1,500 is not "about 1,200"
    wrong = check("1,500 residents were evacuated during the day.", SPORTS_HALL)
    assert wrong.stance is Stance.CONTRADICT and "1,500" in wrong.reason


def test_a_rounded_figure_is_supported(check: Any) -> None:
    assert check("1,200 residents were evacuated during the day.", SPORTS_HALL).supported
    assert check("Around 1,200 residents were evacuated by midday.", MIDDAY).supported


def test_a_name_or_source_the_evidence_lacks_is_not_supported(check: Any) -> None:
    result = check("The Red Cross said nearly 450 homes had been flooded.", MAYOR)
    assert not result.supported and result.stance is Stance.UNRELATED
    assert result.decided_by == "rule: names" and "Red Cross" in result.reason

    # The Red Cross is in the evidence, but the figure is the mayor's.
    misattributed = check(
        "The Red Cross said nearly 450 homes had been flooded.", MAYOR, VOLUNTEERS
    )
    assert not misattributed.supported
    assert misattributed.decided_by == "rule: attribution"
    assert "Red Cross" in misattributed.reason and "Nadia Sorokina" in misattributed.reason

    # ...while the same figure said by its source, in another spelling, is supported.
    assert check(
        "Marta Wisniewska of the Velesian Red Cross said almost 400 homes had been flooded.",
        RED_CROSS,
    ).supported
    # a place the evidence never names
    swapped = check(
        "Volunteers from the Velesian Red Cross handed out blankets in Rusava.", VOLUNTEERS
    )
    assert not swapped.supported and "Rusava" in swapped.reason


def test_an_invented_fact_is_not_supported(check: Any) -> None:
    result = check("Schools across the region will stay closed until next month.", VOLUNTEERS)
    assert not result.supported and result.stance is Stance.UNRELATED
    assert result.evidence == ()
    figure = check("The government set aside $5 million for the victims.", DEATHS)
    assert not figure.supported and "figure not in the sources" in figure.reason


def test_a_negated_statement_is_contradicted(check: Any) -> None:
    result = check("Nobody died in the flooding, police said.", DEATHS)
    assert not result.supported and result.stance is Stance.CONTRADICT
    assert result.decided_by == "rule: negation"
    # dropping the "not" of the source is caught by the judge, not waved through
    flipped = check("Mayor Nadia Sorokina urged residents to return to flooded houses.", URGED)
    assert not flipped.supported and flipped.stance is Stance.CONTRADICT
    assert check(
        "Mayor Nadia Sorokina urged residents not to go back to flooded houses.", URGED
    ).supported


def test_a_wrong_date_is_contradicted(check: Any) -> None:
    result = check(
        "Mayor Nadia Sorokina said on Wednesday night that nearly 450 homes had been flooded.",
        MAYOR,
    )
    assert result.stance is Stance.CONTRADICT and result.decided_by == "rule: dates"
    assert "Wednesday" in result.reason


def test_a_sentence_merged_from_two_sources_needs_both(check: Any, analysis: Any) -> None:
    merged = "Three people died and about 1,200 residents were evacuated by midday."
    both = check(merged, DEATHS, MIDDAY)
    assert both.supported
    assert set(both.evidence) <= {source(analysis, DEATHS).key, source(analysis, MIDDAY).key}
    one = check(merged, DEATHS)
    assert not one.supported and "1,200" in one.reason


class Agreeable:
    """A pair judge that agrees with everything, to show the rules decide first."""

    name = "yes-man"

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def judge(self, pairs: Sequence[tuple[str, str]], vectors: Any = None) -> list[PairJudgement]:
        self.pairs.extend(pairs)
        return [
            PairJudgement(Stance.AGREE, 0.9, self.name, {"agree": 0.9, "unrelated": 0.1})
            for _ in pairs
        ]


def test_any_pair_judge_can_decide_but_rules_come_first(analysis: Any) -> None:
    evidence = [source(analysis, DEATHS), source(analysis, MIDDAY)]
    judge = Agreeable()
    ok = check_statement(statement("Police said 17 people were in hospital.", analysis, evidence),
                         evidence, judge)  # fmt: skip
    assert ok.supported and ok.decided_by == "yes-man"
    # each sentence, then both together (a rewrite may merge them)
    assert [p for p, _ in judge.pairs] == [c.text for c in evidence] + [
        " ".join(c.text for c in evidence)
    ]
    wrong = statement("Police said 27 people were in hospital.", analysis, evidence)
    assert check_statement(wrong, evidence, judge).decided_by == "rule: numbers"
    empty = check_statement(wrong, [], judge)
    assert not empty.supported and "no source sentence" in empty.reason


def test_a_name_moved_onto_a_fact_is_told_from_an_invented_one(
    analysis: Any, embedder: Any, judge: Any
) -> None:
    from newsprism.judge import name_forms

    evidence = [source(analysis, VOLUNTEERS)]
    forms = name_forms(analysis.entities)
    assert "rusava" in {w for form in forms for w in form.split()}  # named in the corpus

    moved = statement(
        "Volunteers from the Velesian Red Cross handed out blankets in Rusava.",
        analysis,
        evidence,
    )
    # Without the story's names the rule can only say the name is not in the evidence.
    alone = check_statement(moved, evidence, judge, embedder=embedder)
    assert alone.decided_by == "rule: names" and "name not in the sources" in alone.reason
    # With them it says what went wrong: a real name, moved onto a fact it is not part of.
    told = check_statement(moved, evidence, judge, embedder=embedder, name_forms=forms)
    assert not told.supported and told.decided_by == "rule: names"
    assert told.reason == "the sources name “Rusava”, but not where they say this"

    invented = statement(
        "Volunteers from the Velesian Red Cross handed out blankets in Tarnovka.",
        analysis,
        evidence,
    )
    result = check_statement(invented, evidence, judge, embedder=embedder, name_forms=forms)
    assert not result.supported and result.decided_by == "rule: names"
    assert result.reason == "name not in the sources: “Tarnovka”"
