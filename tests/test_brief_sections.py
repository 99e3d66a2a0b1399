"""Each section of the sample corpus's brief against the gold file: lede, narrative,
timeline, independence groups and first-report times (the other sections are checked in
test_stages_gold and test_brief_people)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from newsprism.brief._narrative import overlap, strip_dateline
from newsprism.models import Brief, BriefCitation


def _texts(analysis: Any) -> dict[str, str]:
    return {a.id: " ".join(a.text.split()) for a in analysis.articles}


def _in_article(citation: BriefCitation, texts: dict[str, str]) -> bool:
    return " ".join(citation.sentence.split()) in texts[citation.article_id]


def _gold_numbers(brief: Brief, doc_ids: dict[str, str], names: list[str]) -> set[int]:
    number = {s.article_id: s.number for s in brief.sources}
    return {number[doc_ids[name]] for name in names}


# --------------------------------------------------------------------------- lede


def test_lede_says_what_where_and_when(analysis, gold) -> None:  # type: ignore[no-untyped-def]
    expected = gold["brief"]["lede"]
    lede = analysis.brief.lede
    assert lede is not None
    assert re.search(expected["pattern"], lede.text, re.I), lede.text
    assert expected["where"] in lede.where
    assert lede.when is not None and lede.when.startswith(expected["date"])
    assert lede.when_text and expected["date"][-2:].lstrip("0") in lede.when_text
    groups = {s.number: s.source_group for s in analysis.brief.sources}
    cited = {groups[c.source] for c in lede.citations}
    assert len(cited) >= expected["min_independent_sources"]


def test_lede_is_a_source_sentence_without_its_dateline(analysis) -> None:  # type: ignore[no-untyped-def]
    lede = analysis.brief.lede
    assert lede is not None
    texts = _texts(analysis)
    assert any(lede.text in texts[c.article_id] for c in lede.citations)
    assert not re.match(r"^[A-Z]{3,}\b", lede.text)  # no "DRAVSK —"
    assert strip_dateline("DRAVSK — About 1,200 people left.") == "About 1,200 people left."


# --------------------------------------------------------------------------- narrative


def test_every_narrative_sentence_is_cited_and_traceable(analysis) -> None:  # type: ignore[no-untyped-def]
    narrative = analysis.brief.narrative
    texts = _texts(analysis)
    sentences = [s for p in narrative.paragraphs for s in p]
    assert narrative.method == "extractive"
    assert len(sentences) >= 8
    assert sentences[0].kind == "lede"
    for sentence in sentences:
        assert sentence.citations, sentence.text
        assert all(_in_article(c, texts) for c in sentence.citations), sentence.text
        assert not sentence.generated and sentence.supported is None
        if sentence.kind != "dispute":
            # extractive: the sentence is what one cited source wrote
            assert any(sentence.text in texts[c.article_id] for c in sentence.citations)
            assert sentence.independent_sources >= 2


def test_narrative_tells_the_best_corroborated_facts(analysis, gold) -> None:  # type: ignore[no-untyped-def]
    told = " ".join(s.text for p in analysis.brief.narrative.paragraphs for s in p)
    for fact in gold["corroborated_facts"]:
        if fact["independent_sources"] >= 4:
            assert re.search(fact["pattern"], told, re.I), fact["id"]


def test_narrative_has_no_redundant_sentences(analysis) -> None:  # type: ignore[no-untyped-def]
    sentences = [s.text for p in analysis.brief.narrative.paragraphs for s in p]
    assert len(set(sentences)) == len(sentences)
    for i, first in enumerate(sentences):
        for second in sentences[i + 1 :]:
            assert overlap(first, second) < 0.6, (first, second)


def test_disputes_are_attributed_not_blended(analysis, gold) -> None:  # type: ignore[no-untyped-def]
    sentences = [s for p in analysis.brief.narrative.paragraphs for s in p]
    disputes = [s for s in sentences if s.kind == "dispute"]
    assert len(disputes) == len(gold["disputed_figures"])
    deaths = next(s for s in disputes if "died" in s.text)
    assert "two" in deaths.text.casefold() and "three" in deaths.text.casefold()
    assert "police" in deaths.text
    homes = next(s for s in disputes if "homes" in s.text)
    assert "depends on who is quoted" in homes.text
    for name in ("Zhabinski", "Wiśniewska", "Sorokina"):
        assert name in homes.text
    # the disputed death toll is never told as a plain fact
    facts = [s.text for s in sentences if s.kind != "dispute"]
    assert not any(re.search(r"\b(two|three|2|3) people (have )?died\b", t, re.I) for t in facts)


def test_narrative_follows_the_reports_order(analysis) -> None:  # type: ignore[no-untyped-def]
    paragraphs = analysis.brief.narrative.paragraphs
    assert [s.kind for s in paragraphs[0]] == ["lede"]
    told = [s.text for p in paragraphs for s in p]
    evacuated = next(i for i, t in enumerate(told) if "evacuated" in t)
    weather = next(i for i, t in enumerate(told) if "weather service" in t)
    assert evacuated < weather  # the event before the outlook, as every report has it


# --------------------------------------------------------------------------- timeline


def test_timeline_has_the_gold_events_at_their_times(analysis, gold, doc_ids) -> None:  # type: ignore[no-untyped-def]
    brief = analysis.brief
    for expected in gold["brief"]["timeline"]:
        pattern = re.compile(expected["pattern"], re.I)
        matching = [e for e in brief.timeline if pattern.search(e.text)]
        assert matching, expected["id"]
        event = next((e for e in matching if e.start == expected["start"]), None)
        assert event is not None, (expected["id"], [e.start for e in matching])
        if "granularity" in expected:
            assert event.granularity == expected["granularity"]
        assert event.background == expected.get("background", False), expected["id"]
        cited = {c.source for c in event.citations}
        assert _gold_numbers(brief, doc_ids, expected["documents"]) <= cited, expected["id"]


def test_timeline_is_in_time_order_and_leaves_out_non_events(analysis, gold) -> None:  # type: ignore[no-untyped-def]
    timeline = analysis.brief.timeline
    starts = [datetime.fromisoformat(e.start) for e in timeline]
    assert starts == sorted(starts)
    for unwanted in gold["brief"]["not_in_timeline"]:
        assert not any(re.search(unwanted, e.text, re.I) for e in timeline), unwanted
    texts = _texts(analysis)
    for event in timeline:
        assert event.when and event.citations
        assert all(_in_article(c, texts) for c in event.citations)
    assert len({e.text for e in timeline}) == len(timeline)


# --------------------------------------------------------------------------- sources


def test_independence_groups_and_first_report_times(analysis, gold, doc_ids) -> None:  # type: ignore[no-untyped-def]
    brief = analysis.brief
    documents = gold["documents"]
    main = {n for n, d in documents.items() if d["story"] == "main"}
    assert len(brief.source_groups) == gold["independent_sources_main_story"]
    number = {s.article_id: s.number for s in brief.sources}
    [wire] = [g for g in brief.source_groups if len(g.members) > 1]
    wire_docs = gold["copy_groups"][0]["members"]
    assert set(wire.members) == {number[doc_ids[n]] for n in wire_docs}
    assert wire.agency == "Continental Press" and "Continental Press" in wire.label
    first = min(datetime.fromisoformat(documents[n]["published"]) for n in wire_docs)
    earliest = next(
        n for n in wire_docs if datetime.fromisoformat(documents[n]["published"]) == first
    )
    assert wire.original == number[doc_ids[earliest]]
    assert wire.first_reported is not None
    assert datetime.fromisoformat(wire.first_reported) == first
    assert sorted(m for g in brief.source_groups for m in g.members) == sorted(number.values())
    for name in main:
        source = next(s for s in brief.sources if s.article_id == doc_ids[name])
        assert source.published is not None
        published = datetime.fromisoformat(documents[name]["published"])
        assert datetime.fromisoformat(source.published) == published
