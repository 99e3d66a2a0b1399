"""verify: a draft about the sample corpus checked claim by claim against its sources.

Real components throughout: the session's analysis of examples/dravsk-flood, the extract
stage reading the draft, the embedder and the built-in learned judge. Each planted error
is one the sources can refute (figures, dates and names from the gold file and the
documents); the faithful sentences restate what the documents say.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsprism.models import ClaimStatus, DraftClaim, Verification
from newsprism.verification import read_draft, verify_draft

SUPPORTED = str(ClaimStatus.SUPPORTED)
CONTRADICTED = str(ClaimStatus.CONTRADICTED)
NOT_FOUND = str(ClaimStatus.NOT_FOUND)

WRONG_NUMBER = "About 2,000 residents were evacuated, officials said."
WRONG_AGE = "Near the flooded market, Siarhei Kulik, 71, watched from a rescue boat."
WRONG_MONTH = "A dam on the Lesna river breached in April, flooding the town of Dravsk."
WRONG_SPEAKER = "Red Cross director Marta Wiśniewska said more than 300 homes were flooded."
INVENTED = "The dam was designed by a Swedish company."
NEGATED = "Schools in Dravsk stayed open."
WRONG_TITLE = "Mayor Marta Wiśniewska of the Velesian Red Cross said almost 400 homes were flooded."
# faithful sentence -> independent sources that report it (gold file, or one for a fact
# only the Continental Press wire group carries)
FAITHFUL = {
    "About 1,200 residents were evacuated from Dravsk.": 4,  # gold: 5
    "Another 17 people were taken to hospital.": 4,  # gold: 4
    "Governor Aliaksandr Kavalenka declared a state of emergency in the Polesk region.": 5,
    "Schools in Dravsk were closed.": 4,  # gold: 4
    "The river rose by about 3 metres.": 3,  # gold: 4
    "About 250 rescuers and 40 boats were deployed.": 1,  # wire only
}
ERRORS = [WRONG_NUMBER, WRONG_AGE, WRONG_MONTH, WRONG_SPEAKER, INVENTED, NEGATED, WRONG_TITLE]


@pytest.fixture(scope="module")
def judge() -> Any:
    from newsprism.nli.learned import LearnedJudge

    return LearnedJudge()


@pytest.fixture(scope="module")
def verify(analysis: Any, embedder: Any, judge: Any) -> Any:
    def run(draft: str) -> Verification:
        return verify_draft(draft, analysis, embedder=embedder, pair_judge=judge)

    return run


@pytest.fixture(scope="module")
def mixed(verify: Any) -> Verification:
    """One draft with every planted error and every faithful sentence, a paragraph each."""
    return verify("\n\n".join([*ERRORS, *FAITHFUL]))


def claim_of(verification: Verification, sentence: str) -> DraftClaim:
    """The draft's (first) claim read from ``sentence``."""
    start = verification.draft.index(sentence)
    end = start + len(sentence)
    for claim in verification.claims:
        if start <= claim.start < end:
            return claim
    raise AssertionError(f"no claim from {sentence!r}: {[c.text for c in verification.claims]}")


def test_a_wrong_number_is_contradicted(mixed: Verification) -> None:
    claim = claim_of(mixed, WRONG_NUMBER)
    assert claim.status == CONTRADICTED and claim.differs == ["number"]
    assert "2,000" in claim.reason and "1,200" in claim.reason
    assert claim.evidence and all(e.stance == "contradicts" for e in claim.evidence)
    assert all("1,200" in e.citation.sentence for e in claim.evidence)


def test_an_age_moved_to_another_person_is_not_supported(mixed: Verification) -> None:
    claim = claim_of(mixed, WRONG_AGE)
    assert claim.status in {CONTRADICTED, NOT_FOUND}
    assert {"number", "person"} & set(claim.differs)
    assert any("Siarhei Kulik, 45" in e.citation.sentence for e in claim.evidence)


def test_a_wrong_month_is_contradicted(mixed: Verification) -> None:
    claim = claim_of(mixed, WRONG_MONTH)
    assert claim.status == CONTRADICTED and claim.differs == ["date"]
    assert "April" in claim.reason


def test_a_figure_given_to_the_wrong_speaker_is_not_supported(mixed: Verification) -> None:
    claim = claim_of(mixed, WRONG_SPEAKER)
    assert claim.status in {CONTRADICTED, NOT_FOUND}
    assert set(claim.differs) & {"attribution", "person"}
    # the minister's sentence and the Red Cross's own figure are the evidence
    sentences = " ".join(e.citation.sentence for e in claim.evidence)
    assert "Zhabinski" in sentences and "almost 400" in sentences


def test_an_invented_fact_is_not_found(mixed: Verification) -> None:
    claim = claim_of(mixed, INVENTED)
    assert claim.status == NOT_FOUND
    assert claim.independent_sources == 0


def test_a_negation_is_contradicted(mixed: Verification) -> None:
    claim = claim_of(mixed, NEGATED)
    assert claim.status == CONTRADICTED
    assert set(claim.differs) & {"negation", "antonym"}
    assert any("closed" in e.citation.sentence for e in claim.evidence)


def test_a_title_given_to_the_wrong_person_is_contradicted(mixed: Verification) -> None:
    claim = claim_of(mixed, WRONG_TITLE)
    assert claim.status == CONTRADICTED and claim.differs == ["title"]
    assert "“mayor” here, “director” in the sources" in claim.reason
    assert any("director of the Velesian Red Cross" in e.citation.sentence for e in claim.evidence)


def test_faithful_sentences_are_supported_by_independent_sources(
    mixed: Verification, analysis: Any
) -> None:
    groups = {s.source_group for s in analysis.brief.sources}
    for sentence, independent in FAITHFUL.items():
        claim = claim_of(mixed, sentence)
        assert claim.status == SUPPORTED, (sentence, claim.reason)
        assert claim.independent_sources >= independent, (sentence, claim.independent_sources)
        assert claim.evidence and all(e.stance == "supports" for e in claim.evidence)
        assert {e.source_group for e in claim.evidence} <= groups
        assert claim.differs == [] and 0.5 <= claim.confidence <= 1.0
    wire_only = claim_of(mixed, "About 250 rescuers and 40 boats were deployed.")
    assert wire_only.independent_sources == 1  # five copies of one wire story count once


def test_the_score_is_the_supported_share(mixed: Verification) -> None:
    supported = [c for c in mixed.claims if c.status == SUPPORTED]
    assert len(mixed.claims) == len(ERRORS) + len(FAITHFUL)
    assert len(supported) == len(FAITHFUL)
    assert mixed.score == pytest.approx(len(FAITHFUL) / len(mixed.claims), abs=1e-3)
    assert mixed.source_count == 10 and mixed.independent_source_count == 6
    assert [s.number for s in mixed.sources] == list(range(1, 11))
    assert mixed.notes == []


def test_claims_keep_their_place_in_the_draft(mixed: Verification) -> None:
    for claim in mixed.claims:
        assert 0 <= claim.start < claim.end <= len(mixed.draft)
        span = mixed.draft[claim.start : claim.end]
        assert span.rstrip(".") in claim.text or claim.text.rstrip(".") in span


def test_a_sentence_with_two_facts_is_two_claims(verify: Any) -> None:
    draft = (
        "Governor Aliaksandr Kavalenka declared a state of emergency and ordered all "
        "schools in Dravsk closed until further notice."
    )
    result = verify(draft)
    assert len(result.claims) == 2
    assert all(c.status == SUPPORTED for c in result.claims), [c.reason for c in result.claims]
    first, second = result.claims
    assert result.draft[first.start : first.end].endswith("state of emergency")
    assert result.draft[second.start : second.end].startswith("ordered all schools")
    assert second.evidence[0].citation.outlet == "Velesian Public Radio"


MARKDOWN = """# Dravsk flood

About **1,200 residents** were evacuated from [Dravsk](https://example.org/dravsk).

- Two people died, police said.
- *Schools* in Dravsk were closed.
"""
HTML = """<!doctype html><html><head><title>x</title><style>p {}</style></head><body>
<nav>Home | News</nav>
<h1>Dravsk flood</h1>
<p>About <b>1,200 residents</b> were evacuated
from <a href="https://example.org/dravsk">Dravsk</a>.</p>
<ul><li>Two people died, police said.</li><li><em>Schools</em> in Dravsk were closed.</li></ul>
</body></html>"""
PLAIN = (
    "Dravsk flood\n\nAbout 1,200 residents were evacuated from Dravsk.\n\n"
    "Two people died, police said.\n\nSchools in Dravsk were closed."
)


def test_markdown_html_and_text_drafts_read_to_the_same_text(tmp_path: Path) -> None:
    (tmp_path / "draft.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "draft.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(PLAIN.replace("evacuated from", "evacuated\nfrom"))
    assert read_draft(tmp_path / "draft.md") == PLAIN
    assert read_draft(str(tmp_path / "draft.html")) == PLAIN
    assert read_draft(tmp_path / "draft.txt") == PLAIN  # a wrapped line is joined
    assert read_draft(MARKDOWN) == read_draft(HTML) == read_draft(PLAIN) == PLAIN
    (tmp_path / "empty.md").write_text("")
    assert read_draft(tmp_path / "empty.md") == ""


def test_an_empty_draft_has_no_claims(verify: Any) -> None:
    for draft in ("", "   \n\n  "):
        result = verify(draft)
        assert result.claims == [] and result.score == 0.0
        assert result.notes == ["the draft is empty"]


def test_paragraphs_in_another_language_are_not_checked(verify: Any) -> None:
    german = (
        "Die Talsperre am Fluss Lesna ist am Dienstag gebrochen, und die Stadt Dravsk "
        "wurde überflutet, teilten die Behörden am Abend mit."
    )
    result = verify(f"{german}\n\nTwo people died, police said.")
    assert [c.text for c in result.claims] == ["Two people died, police said."]
    assert result.claims[0].status == SUPPORTED
    assert any("not checked" in n and "not English (de)" in n for n in result.notes)

    only_german = verify(german)
    assert only_german.claims == [] and only_german.score == 0.0
    assert any("nothing in the draft could be checked" in n for n in only_german.notes)


def test_a_draft_far_longer_than_its_sources_still_works(verify: Any, analysis: Any) -> None:
    longest = max(len(a.text.split()) for a in analysis.articles)
    sentence = (
        "About 1,200 residents were evacuated after the dam on the Lesna river breached "
        "at around 4:30 a.m., sending water through the low-lying eastern half of the town."
    )
    copies = 3 * longest // len(sentence.split()) + 2
    result = verify("\n\n".join([sentence] * copies))
    assert len(result.claims) >= copies
    assert any("far longer than its longest source" in n for n in result.notes)
    assert result.score > 0.9


def test_a_draft_copied_from_a_source_is_noted(verify: Any, analysis: Any) -> None:
    source = next(s for s in analysis.brief.sources if s.outlet == "Velesia Today")
    article = next(a for a in analysis.articles if a.id == source.article_id)
    result = verify(article.text)
    assert any(
        n.startswith(f"the draft is a copy of [{source.number}] Velesia Today")
        for n in result.notes
    ), result.notes
    supported = [c for c in result.claims if c.status == SUPPORTED]
    assert len(supported) >= 0.8 * len(result.claims)
    # supported by the copied report: its group is always among the evidence
    assert all(source.source_group in {e.source_group for e in c.evidence} for c in supported)


def test_verify_inputs_ingests_the_sources_first(corpus_dir: Path) -> None:
    import newsprism
    from newsprism.pipeline import verify_inputs

    sources = [
        corpus_dir / "independent-velesian-public-radio.jsonl",
        corpus_dir / "pasted-polesk-daily.txt",
    ]
    result, outcomes = verify_inputs(
        "About 1,200 residents were evacuated.\n\nThe dam was designed by a Swedish company.",
        sources,
    )
    assert all(o.ok for o in outcomes)
    assert result.source_count == 2 and result.independent_source_count == 2
    assert [c.status for c in result.claims] == [SUPPORTED, NOT_FOUND]
    assert result.claims[0].independent_sources == 2
    import newsprism.verification  # the stage package does not shadow the convenience

    assert newsprism.verify.__module__ == "newsprism.pipeline"
