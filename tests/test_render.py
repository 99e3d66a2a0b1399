"""Tests for the brief renderers: Markdown, self-contained HTML and JSON."""

from __future__ import annotations

import copy
import itertools
import json
import math
import re

import lxml.html
import pytest

from newsprism.brief._render import render_html, render_json, render_markdown
from newsprism.models import (
    Brief,
    BriefAlteredFact,
    BriefCitation,
    BriefCopyGroup,
    BriefDispute,
    BriefEntity,
    BriefEvent,
    BriefFact,
    BriefFigure,
    BriefLede,
    BriefNarrative,
    BriefQuote,
    BriefSentence,
    BriefSource,
    BriefSourceGroup,
    BriefSourceRef,
    BriefSpeaker,
)

SECTIONS = [
    "The story so far",
    "Corroborated facts",
    "Disputed figures",
    "Single-source claims",
    "Altered in copies",
    "Who said what",
    "Timeline",
    "People and organisations",
    "Sources",
]

COLLAPSE = "The eastern span of the Ardent River bridge collapsed shortly after 7 a.m. on Tuesday."
RESCUE = "Rescue crews pulled survivors from the water throughout the morning."
INSPECTION = "The bridge had failed a safety inspection in 2019, according to county records."
REBUILD = "We will rebuild the bridge before winter."
NOBODY = "Nobody should have died here."
INSPECTED = "the bridge had been inspected in 2019"
GAVE_WAY = "the eastern span had given way without warning"
INJURED = "Between 12 and 31 people were injured, depending on the source."
REWRITTEN = "Crews worked all morning to reach people in the water."
UNSUPPORTED = "The bridge had been closed to lorries for a year."
DROPPED = "The mayor resigned on Tuesday evening."
CLOSED = "Police closed the roads leading to the bridge."

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ATTR = '" onmouseover="x'
SVG_BREAK = "</text></svg><script>alert(1)</script>"


# --------------------------------------------------------------------------- fixtures


def _cite(n: int, outlet: str, sentence: str) -> BriefCitation:
    return BriefCitation(
        source=n,
        article_id=f"art-{n}",
        outlet=outlet,
        sentence=sentence,
        url=f"https://example.org/{n}",
    )


OUTLETS = {
    1: "Harbour Wire",
    2: "Daily Courier",
    3: "Morning Ledger",
    4: "Ardent Valley Gazette",
    5: "City Radio News",
}


def make_brief() -> Brief:
    """The hand-made brief every renderer test starts from (also screenshotted)."""
    o = OUTLETS
    return Brief(
        title="Ardent River bridge collapse",
        generated_at="2024-03-12T15:30:00+00:00",
        story_id="story-7f3a",
        article_count=5,
        independent_source_count=3,
        corroborated=[
            # deliberately out of order: the renderer puts most-corroborated first
            BriefFact(
                text=RESCUE,
                independent_sources=2,
                citations=[
                    _cite(5, o[5], "Crews pulled survivors from the river all morning."),
                    _cite(4, o[4], RESCUE),
                ],
            ),
            BriefFact(
                text=COLLAPSE,
                independent_sources=3,
                citations=[
                    _cite(1, o[1], COLLAPSE),
                    _cite(2, o[2], COLLAPSE),
                    _cite(4, o[4], "The eastern span gave way just after 7 a.m."),
                    _cite(5, o[5], "The bridge's eastern section fell into the river on Tuesday."),
                ],
            ),
        ],
        disputed=[
            BriefDispute(
                counted="people injured",
                kind="disagree",
                reason="Independent sources give incompatible counts, from 12 to 31.",
                figures=[
                    BriefFigure(
                        outlet=o[1],
                        figure="12",
                        value=12.0,
                        attributed_to="the fire service",
                        citation=_cite(
                            1, o[1], "Twelve people were injured, the fire service said."
                        ),
                    ),
                    BriefFigure(
                        outlet=o[4],
                        figure="at least 25",
                        value=25.0,
                        attributed_to=None,
                        citation=_cite(4, o[4], "At least 25 people were hurt."),
                    ),
                    BriefFigure(
                        outlet=o[5],
                        figure="31",
                        value=31.0,
                        attributed_to="hospital officials",
                        citation=_cite(5, o[5], "Hospital officials said 31 were treated."),
                    ),
                ],
            )
        ],
        single_source=[
            BriefFact(
                text=INSPECTION, independent_sources=1, citations=[_cite(4, o[4], INSPECTION)]
            )
        ],
        copy_groups=[
            BriefCopyGroup(
                agency="Harbour Wire",
                original=BriefSourceRef(1, o[1], "Bridge collapses over Ardent River", "original"),
                members=[
                    BriefSourceRef(1, o[1], "Bridge collapses over Ardent River", "original"),
                    BriefSourceRef(2, o[2], "Bridge collapses over Ardent River", "copy", 0.973),
                    BriefSourceRef(
                        3,
                        o[3],
                        "Ardent bridge falls, many hurt",
                        "derived",
                        0.71,
                        [
                            BriefAlteredFact(
                                "number",
                                "17 people",
                                "27 <b>people</b>",
                                "17 people were hurt.",
                                "27 <b>people</b> were hurt.",
                            )
                        ],
                    ),
                ],
            )
        ],
        entities=[
            BriefEntity(
                name="Maria Kovács",
                label="PERSON",
                # the probable misspelling comes second here; it is rendered last
                variants={"Maria Kovács": [1, 2, 4], "Maria Kovac": [3], "Mayor Kovacs": [5]},
                mentions=7,
                roles=["mayor of Ardent", "mayor"],
                suspect_variants=["Maria Kovac"],
            ),
            BriefEntity(
                name="Ardent County Fire Service",
                label="ORG",
                variants={"Ardent County Fire Service": [1, 2, 3], "the county fire service": [4]},
                mentions=5,
            ),
        ],
        sources=[
            BriefSource(
                number=n,
                article_id=f"art-{n}",
                outlet=o[n],
                title=title,
                url=None if n == 5 else f"https://example.org/{n}",
                origin=f"/data/bridge/{n}.html",
                published=published,
                source_group=group,
                independent=independent,
            )
            for n, title, published, group, independent in [
                (1, "Bridge collapses over Ardent River", "2024-03-12T07:40:00+00:00", "g1", True),
                (2, "Bridge collapses over Ardent River", "2024-03-12T08:05:00+00:00", "g1", False),
                (3, "Ardent bridge falls, many hurt", "2024-03-12T09:15:00+00:00", "g1", False),
                (4, "Eastern span gives way", "2024-03-12T08:30:00+00:00", "g2", True),
                (5, "Bridge collapse: what we know", None, "g3", True),
            ]
        ],
        other_stories=["Council approves harbour budget"],
        who_said_what=[
            BriefSpeaker(
                name="Maria Kovács",
                role="mayor of Ardent",
                quotes=[
                    BriefQuote(REBUILD, "direct", _cite(1, o[1], REBUILD)),
                    BriefQuote(NOBODY, "direct", _cite(4, o[4], NOBODY), "a press conference"),
                    BriefQuote(
                        INSPECTED,
                        "indirect",
                        _cite(5, o[5], f"Mayor Kovacs said {INSPECTED}."),
                    ),
                ],
            ),
            BriefSpeaker(
                name="police",
                role=None,
                quotes=[
                    BriefQuote(GAVE_WAY, "indirect", _cite(4, o[4], f"Police said {GAVE_WAY}."))
                ],
            ),
        ],
        lede=BriefLede(
            text=COLLAPSE,
            citations=[
                _cite(1, o[1], COLLAPSE),
                _cite(2, o[2], COLLAPSE),
                _cite(4, o[4], COLLAPSE),
            ],
            where=["Ardent River", "Ardent"],
            when="2024-03-12T07:05:00+00:00",
            when_text="shortly after 7 a.m. (12 March 2024)",
        ),
        narrative=BriefNarrative(
            paragraphs=[
                [BriefSentence(COLLAPSE, [_cite(1, o[1], COLLAPSE)], "lede", 3)],
                [
                    BriefSentence(RESCUE, [_cite(4, o[4], RESCUE)], "fact", 2),
                    BriefSentence(
                        INJURED,
                        [
                            _cite(1, o[1], "Twelve people were injured, the fire service said."),
                            _cite(5, o[5], "Hospital officials said 31 were treated."),
                        ],
                        "dispute",
                        2,
                    ),
                ],
                [
                    BriefSentence(
                        REWRITTEN,
                        [_cite(5, o[5], "Crews pulled survivors from the river all morning.")],
                        "fact",
                        2,
                        generated=True,
                        supported=True,
                        check="entailed by [5]",
                    ),
                    BriefSentence(
                        UNSUPPORTED,
                        [_cite(4, o[4], INSPECTION)],
                        "fact",
                        1,
                        generated=True,
                        supported=False,
                        check="no source says so",
                    ),
                ],
            ],
            method="llm: test-model, checked by the judge",
            dropped=[
                BriefSentence(
                    DROPPED,
                    [_cite(1, o[1], REBUILD)],
                    generated=True,
                    supported=False,
                    check="contradicted by [1]",
                )
            ],
            notes=["the writer timed out once and was asked again"],
        ),
        timeline=[
            # deliberately out of order: the renderer sorts by time
            BriefEvent(
                "2024-03-12T14:00:00+00:00",
                "2024-03-12T15:00:00+00:00",
                "hour",
                "at 2 p.m.",
                "The mayor spoke to reporters at the riverbank.",
                [_cite(1, o[1], REBUILD)],
                1,
            ),
            BriefEvent(
                "2024-03-12T07:05:00+00:00",
                None,
                "minute",
                "shortly after 7 a.m.",
                "The eastern span collapsed.",
                [_cite(1, o[1], COLLAPSE), _cite(4, o[4], COLLAPSE)],
                3,
            ),
            BriefEvent(
                "2019-01-01T00:00:00+00:00",
                "2020-01-01T00:00:00+00:00",
                "year",
                "in 2019",
                "The bridge failed a safety inspection.",
                [_cite(4, o[4], INSPECTION)],
                1,
                background=True,
            ),
            BriefEvent(
                "2024-03-12T07:05:00+00:00",
                None,
                "minute",
                "at the same time",
                CLOSED,
                [_cite(4, o[4], CLOSED)],
                1,
            ),
            BriefEvent(
                "2024-03-12T06:00:00+00:00",
                "2024-03-12T12:00:00+00:00",
                "part of day",
                "throughout the morning",
                RESCUE,
                [_cite(4, o[4], RESCUE), _cite(5, o[5], RESCUE)],
                2,
            ),
        ],
        source_groups=[
            BriefSourceGroup(
                "g1",
                "Harbour Wire (agency)",
                1,
                [1, 2, 3],
                "2024-03-12T07:40:00+00:00",
                "Harbour Wire",
            ),
            BriefSourceGroup("g2", o[4], 4, [4], "2024-03-12T08:30:00+00:00"),
            BriefSourceGroup("g3", o[5], 5, [5], None),
        ],
    )


@pytest.fixture
def brief() -> Brief:
    return make_brief()


@pytest.fixture
def empty_brief() -> Brief:
    return Brief(
        title="A quiet day",
        generated_at="2024-03-12T15:30:00+00:00",
        story_id="story-0",
        article_count=0,
        independent_source_count=0,
        corroborated=[],
        disputed=[],
        single_source=[],
        copy_groups=[],
        entities=[],
        sources=[],
    )


@pytest.fixture
def hostile_brief(brief: Brief) -> Brief:
    b = copy.deepcopy(brief)
    b.title = f"Bridge {SCRIPT} collapse"
    b.corroborated[1].citations[0].sentence = f"It fell {IMG} at dawn."
    b.corroborated[1].citations[0].outlet = f"Harbour{ATTR}"
    b.single_source[0].text = f"Claim {IMG} here"
    b.disputed[0].figures[0].attributed_to = SCRIPT
    b.sources[0].title = f"Title {IMG}"
    b.sources[1].url = "javascript:alert(1)"
    b.entities[0].variants[SCRIPT] = [3]
    b.entities[0].roles = [f"mayor {IMG}"]
    b.entities[0].suspect_variants.append(f"Kov{ATTR}")
    b.entities[0].variants[f"Kov{ATTR}"] = [2]
    b.other_stories = [f"Other {SCRIPT}"]
    maria = b.who_said_what[0]
    maria.name = f"Maria {SCRIPT}"
    maria.role = f"mayor {IMG}"
    maria.quotes[0].text = f"We will {SCRIPT} rebuild"
    maria.quotes[0].citation.sentence = f"We will {SCRIPT} rebuild"
    maria.quotes[1].channel = f"Telegram {IMG}"
    maria.quotes[2].text = f"the bridge {IMG} was fine"
    maria.quotes[2].citation.sentence = f"She said {ATTR} it was fine."
    assert b.lede is not None
    b.lede.text = f"Lede {SCRIPT} text"
    b.lede.where = [f"Ardent {IMG}"]
    b.lede.when_text = f"at dawn {SVG_BREAK}"
    b.lede.citations[0].sentence = f"Lede source {ATTR} sentence"
    b.narrative.paragraphs[1][1].text = f"Injured {SVG_BREAK} people"
    b.narrative.paragraphs[2][1].check = f"judge {IMG}"
    b.narrative.dropped[0].text = f"Dropped {SCRIPT}"
    b.narrative.notes = [f"note {IMG}"]
    b.timeline[1].text = f"Span {SVG_BREAK} fell"
    b.timeline[1].when = f"at 7 {IMG}"
    b.sources[3].outlet = f"Gazette {SVG_BREAK}"
    b.source_groups[0].label = f"Wire {SCRIPT}"
    b.sources[2].outlet = f"Ledger {IMG}"
    return b


def _section(md: str, heading: str) -> str:
    """The body of one ``## heading`` section of the Markdown."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |^---$|\Z)", md, re.S | re.M)
    assert match, f"section {heading!r} missing"
    return match.group(1)


def _tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


# --------------------------------------------------------------------------- markdown


def test_markdown_sections_in_order(brief: Brief) -> None:
    md = render_markdown(brief)
    assert md.startswith("# Ardent River bridge collapse\n")
    assert "5 reports from 3 independent sources, generated 2024-03-12 15:30 UTC" in md
    positions = [md.index(f"\n## {s}\n") for s in SECTIONS]
    assert positions == sorted(positions)
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_facts_most_corroborated_first_with_counts_and_citations(brief: Brief) -> None:
    body = _section(render_markdown(brief), "Corroborated facts")
    bullets = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(bullets) == 2
    assert "eastern span" in bullets[0]
    assert bullets[0].endswith("**3 independent sources** · consistent [1] [2] [4] [5]")
    assert "Rescue crews" in bullets[1]
    assert bullets[1].endswith("**2 independent sources** · consistent [4] [5]")


def test_markdown_disputed_figures(brief: Brief) -> None:
    body = _section(render_markdown(brief), "Disputed figures")
    assert "### People injured" in body
    assert "*Sources disagree* — Independent sources give incompatible counts" in body
    assert "- **Harbour Wire**: 12, according to the fire service [1]" in body
    assert "- **Ardent Valley Gazette**: at least 25 [4]" in body
    assert "- **City Radio News**: 31, according to hospital officials [5]" in body


def test_markdown_single_source_copies_entities_sources(brief: Brief) -> None:
    md = render_markdown(brief)
    assert f"- {INSPECTION} [4]" in _section(md, "Single-source claims")

    sources = _section(md, "Sources")
    groups = sources.split("### Independence groups\n", 1)[1].split("### Reports\n", 1)[0]
    assert (
        "- **Harbour Wire (agency)**, 3 reports: [1] Harbour Wire (original), "
        "[2] Daily Courier (copy, 97% similar), [3] Morning Ledger (derived, 71% similar) "
        "— first reported 2024-03-12 07:40 UTC"
    ) in groups
    assert "- [4] **Ardent Valley Gazette** — first reported 2024-03-12 08:30 UTC" in groups
    assert "- [5] **City Radio News**\n" in groups  # undated: no first-report time

    people = _section(md, "People and organisations")
    assert (
        "- **Maria Kovács**, mayor of Ardent (person, 7 mentions): Maria Kovács [1] [2] [4]; "
        "Mayor Kovacs [5]; Maria Kovac [3] — probable misspelling\n"
    ) in people
    assert "**Ardent County Fire Service** (organisation, 5 mentions)" in people

    reports = sources.split("### Reports\n", 1)[1]
    lines = [line for line in reports.splitlines() if line.startswith("- ")]
    assert [line.split("]")[0] for line in lines] == ["- [1", "- [2", "- [3", "- [4", "- [5"]
    assert lines[0] == (
        "- [1] Harbour Wire — Bridge collapses over Ardent River "
        "(published 2024-03-12 07:40 UTC) — https://example.org/1"
    )
    assert lines[1].endswith("— *copy of [1]*")
    assert lines[2].endswith("— *derived from [1]*")
    assert "copy of" not in lines[3] and "copy of" not in lines[4]
    # no URL: the origin is shown instead, verbatim
    assert lines[4] == (
        "- [5] City Radio News — Bridge collapse: what we know "
        "(publication date unknown) — `/data/bridge/5.html`"
    )

    tail = md.split("\n## Sources\n", 1)[1]
    assert "Also in this collection (not covered by this brief)" in tail
    assert "- Council approves harbour budget" in tail


def test_markdown_same_group_mark_without_copy_groups(brief: Brief) -> None:
    brief.copy_groups = []
    brief.corroborated[1].altered_in_copy = []
    sources = _section(render_markdown(brief), "Sources")
    assert "— *same source group as [1]*" in sources
    assert sources.count("same source group as [1]") == 2
    assert _section(render_markdown(brief), "Altered in copies").strip() == "None found."


def test_markdown_groups_come_from_source_ids_in_older_briefs(brief: Brief) -> None:
    brief.source_groups = []  # a 1.2 brief: groups rebuilt from each source's group id
    sources = _section(render_markdown(brief), "Sources")
    assert (
        "- **Harbour Wire**, 3 reports: [1] Harbour Wire (original), "
        "[2] Daily Courier (copy, 97% similar)"
    ) in sources
    assert "- [4] **Ardent Valley Gazette** — first reported 2024-03-12 08:30 UTC" in sources


def test_markdown_empty_sections(empty_brief: Brief) -> None:
    md = render_markdown(empty_brief)
    assert "0 reports from 0 independent sources" in md
    for heading in ["Corroborated facts", "Disputed figures", "Single-source claims"]:
        assert _section(md, heading).strip() == "None found."
    assert _section(md, "Altered in copies").strip() == "None found."
    assert _section(md, "Timeline").strip() == "None found."
    assert _section(md, "Sources").strip() == "None found."
    assert "The story so far" not in md  # no narrative, no section
    assert "*Where:*" not in md
    assert "People and organisations" not in md  # only shown when there are entities
    assert "Who said what" not in md  # only shown when there are quotes
    assert "Also in this collection" not in md


def test_markdown_singular_wording(brief: Brief) -> None:
    brief.corroborated = [BriefFact("One thing.", 1, [_cite(4, OUTLETS[4], "One thing.")])]
    brief.article_count = 1
    brief.independent_source_count = 1
    md = render_markdown(brief)
    assert "1 report from 1 independent source," in md
    assert "**1 independent source** · consistent [4]" in md


def test_markdown_escapes_article_markup(hostile_brief: Brief) -> None:
    md = render_markdown(hostile_brief)
    assert SCRIPT not in md
    assert "<img" not in md.replace("\\<img", "")
    assert r"\<script\>alert(1)\</script\>" in md
    assert "javascript:alert(1)" in md  # shown as text...
    assert "](javascript:" not in md  # ...never as a link
    assert "`javascript:alert(1)`" in md


def test_markdown_people_roles_and_misspellings(brief: Brief) -> None:
    people = _section(render_markdown(brief), "People and organisations")
    lines = [line for line in people.splitlines() if line.startswith("- ")]
    assert len(lines) == 2
    # the probable misspelling is marked and listed after the well-attested forms
    assert lines[0].endswith("Maria Kovac [3] — probable misspelling")
    assert lines[0].count("probable misspelling") == 1
    assert ", mayor of Ardent (" in lines[0] and "mayor (" not in lines[0]  # most common only
    # no role, no misspelling: the line is as before
    assert lines[1] == (
        "- **Ardent County Fire Service** (organisation, 5 mentions): "
        "Ardent County Fire Service [1] [2] [3]; the county fire service [4]"
    )


def test_markdown_who_said_what(brief: Brief) -> None:
    body = _section(render_markdown(brief), "Who said what")
    assert body.strip().splitlines() == [
        "**Maria Kovács**, mayor of Ardent",
        "",
        f"- “{REBUILD}” — Harbour Wire [1]",
        f"- “{NOBODY}” — Ardent Valley Gazette [4], via a press conference",
        f"- said that {INSPECTED} — City Radio News [5]",
        "",
        "**police**",
        "",
        f"- said that {GAVE_WAY} — Ardent Valley Gazette [4]",
    ]


def test_markdown_quote_marks_and_that_are_not_doubled(brief: Brief) -> None:
    brief.who_said_what[0].quotes[0].text = f"“{REBUILD[:-1]},”"
    brief.who_said_what[0].quotes[2].text = f"that {INSPECTED}"
    body = _section(render_markdown(brief), "Who said what")
    assert f"- “{REBUILD[:-1]}” — Harbour Wire [1]" in body
    assert f"- said that {INSPECTED} — City Radio News [5]" in body
    assert "that that" not in body


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("“We will rebuild,”", "“We will rebuild”"),
        ('"We will rebuild."', "“We will rebuild.”"),
        ("‘We will rebuild,’", "“We will rebuild”"),
        ("We will pay the workers'", "“We will pay the workers'”"),  # a lone apostrophe stays
    ],
)
def test_markdown_direct_quote_marks(brief: Brief, written: str, shown: str) -> None:
    brief.who_said_what[1].quotes[0].text = written
    brief.who_said_what[1].quotes[0].kind = "direct"
    body = _section(render_markdown(brief), "Who said what")
    assert f"- {shown} — Ardent Valley Gazette [4]" in body


def test_markdown_escapes_hostile_quotes_and_people(hostile_brief: Brief) -> None:
    md = render_markdown(hostile_brief)
    said = _section(md, "Who said what")
    assert r'**Maria \<script\>alert(1)\</script\>**, mayor "\>\<img' in said
    assert r"- “We will \<script\>alert(1)\</script\> rebuild” — Harbour" in said
    assert r'via Telegram "\>\<img src=x onerror=alert(1)\>' in said
    assert r'said that the bridge "\>\<img' in said
    people = _section(md, "People and organisations")
    assert r'Kov" onmouseover="x [2] — probable misspelling' in people
    assert SCRIPT not in md and "<img" not in md.replace("\\<img", "")


def test_markdown_lede_with_where_and_when(brief: Brief) -> None:
    md = render_markdown(brief)
    head = md.split("\n## ", 1)[0]
    assert f"**{COLLAPSE}** [1] [2] [4]" in head
    assert (
        "*Where:* Ardent River, Ardent · *When:* shortly after 7 a.m. (12 March 2024) "
        "— 2024-03-12 07:05 UTC"
    ) in head


def test_markdown_narrative_marks_disputes_and_unsupported_sentences(brief: Brief) -> None:
    story = _section(render_markdown(brief), "The story so far")
    paragraphs = [p for p in story.strip().split("\n\n")]
    # the lede sentence is shown above the narrative, so it is not told twice
    assert COLLAPSE not in story
    assert paragraphs[0] == f"{RESCUE} [4] **{INJURED}** *(sources disagree)* [1] [5]"
    assert paragraphs[1] == (
        f"{REWRITTEN} [5] {UNSUPPORTED} [4] ⚠ unsupported by sources: no source says so"
    )
    assert "*Left out: written by the language model, but not supported by the sources:*" in story
    assert rf"- {DROPPED} — contradicted by \[1\]" in story
    assert "*Rewritten by a language model: test-model, checked by the judge.*" in story
    assert "*Note: the writer timed out once and was asked again*" in story
    assert "⚠" not in paragraphs[0]
    brief.lede = None  # without a lede above it, the narrative opens with its lede sentence
    story = _section(render_markdown(brief), "The story so far")
    assert story.strip().startswith(f"{COLLAPSE} [1]")


def test_markdown_extractive_narrative(brief: Brief) -> None:
    brief.narrative = BriefNarrative(paragraphs=brief.narrative.paragraphs[:2])
    story = _section(render_markdown(brief), "The story so far")
    assert (
        "*Extractive: built from the sources' own sentences, not written by a language model.*"
        in story
    )
    assert "Left out" not in story and "Note:" not in story and "⚠" not in story


def test_markdown_timeline_in_order_with_earlier_events_apart(brief: Brief) -> None:
    body = _section(render_markdown(brief), "Timeline")
    story, earlier = body.split("### Earlier\n", 1)
    assert [line for line in story.splitlines() if line.startswith("- ")] == [
        f"- **2024-03-12 06:00–12:00 UTC** — {RESCUE} "
        "*(“throughout the morning”; 2 independent sources)* [4] [5]",
        "- **2024-03-12 07:05 UTC** — The eastern span collapsed. "
        "*(“shortly after 7 a.m.”; 3 independent sources)* [1] [4]",
        f"- **2024-03-12 07:05 UTC** — {CLOSED} *(“at the same time”; 1 independent source)* [4]",
        "- **2024-03-12 14:00 UTC** — The mayor spoke to reporters at the riverbank. "
        "*(“at 2 p.m.”; 1 independent source)* [1]",
    ]
    assert earlier.strip() == (
        "- **2019** — The bridge failed a safety inspection. "
        "*(“in 2019”; 1 independent source)* [4]"
    )


@pytest.mark.parametrize(
    ("granularity", "start", "end", "shown"),
    [
        ("minute", "2024-03-12T07:05:00+02:00", None, "2024-03-12 05:05 UTC"),
        ("hour", "2024-03-12T14:00:00", "2024-03-12T15:00:00", "2024-03-12 14:00 UTC"),
        ("day", "2024-03-12T00:00:00+00:00", "2024-03-13T00:00:00+00:00", "2024-03-12"),
        ("week", "2024-03-11T00:00:00+00:00", None, "week of 2024-03-11"),
        ("month", "2024-03-01T00:00:00+00:00", None, "March 2024"),
        ("year", "1968-01-01T00:00:00+00:00", "1969-01-01T00:00:00+00:00", "1968"),
        ("year", "1960-01-01T00:00:00+00:00", "1970-01-01T00:00:00+00:00", "1960–1970"),
        ("day", "not a date", None, "not a date"),
    ],
)
def test_markdown_event_dates_as_precise_as_the_sources(
    brief: Brief, granularity: str, start: str, end: str | None, shown: str
) -> None:
    brief.timeline = [BriefEvent(start, end, granularity, "then", "It happened.", [], 1)]
    body = _section(render_markdown(brief), "Timeline")
    assert body.strip() == f"- **{shown}** — It happened. *(“then”; 1 independent source)*"


def test_markdown_altered_facts_named_only_by_a_corroborated_fact(brief: Brief) -> None:
    brief.copy_groups[0].members[2].altered = []
    brief.corroborated[1].altered_in_copy = [_cite(2, OUTLETS[2], "The span fell at 9 a.m.")]
    body = _section(render_markdown(brief), "Altered in copies")
    assert body.strip().splitlines() == [
        "- [2] Daily Courier changed a corroborated fact",
        f"  - original, [1] Harbour Wire: {COLLAPSE}",
        "  - copy, [2] Daily Courier: The span fell at 9 a.m.",
    ]


def test_markdown_escapes_hostile_story_text(hostile_brief: Brief) -> None:
    md = render_markdown(hostile_brief)
    assert SCRIPT not in md and "<img" not in md.replace("\\<img", "")
    assert "</svg>" not in md
    assert r"**Lede \<script\>alert(1)\</script\> text**" in md
    assert r"Injured \</text\>\</svg\>\<script\>" in md
    assert r"**Wire \<script\>alert(1)\</script\>**, 3 reports" in md


# --------------------------------------------------------------------------- html


def test_html_is_self_contained(brief: Brief) -> None:
    html = render_html(brief)
    tree = _tree(html)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert tree.xpath("//script") == []
    assert tree.xpath("//link") == []
    assert tree.xpath("//*[@src]") == []
    assert tree.xpath("//iframe | //img | //object | //embed") == []
    assert "src=" not in html
    style = "".join(tree.xpath("//style/text()"))
    assert "max-width: 50rem" in style
    assert "@media print" in style
    assert "url(" not in style and "@import" not in style
    assert [a for a in tree.xpath("//*[@*[starts-with(name(), 'on')]]")] == []
    # the only outbound links are the articles' own URLs
    external = [h for h in tree.xpath("//a/@href") if not h.startswith("#")]
    assert sorted(external) == [f"https://example.org/{n}" for n in (1, 2, 3, 4)]


def test_html_sections_in_order(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    headings = [h.text_content().strip() for h in tree.xpath("//h2")]
    assert headings == SECTIONS
    assert tree.xpath("//h1")[0].text_content() == "Ardent River bridge collapse"
    assert tree.xpath("//title")[0].text_content().startswith("Ardent River bridge collapse")
    summary = tree.xpath("//p[@class='summary']")[0].text_content()
    assert summary == "5 reports from 3 independent sources, generated 2024-03-12 15:30 UTC"
    others = tree.xpath("//aside[@class='others']")[0].text_content()
    assert "Also in this collection (not covered by this brief)" in others
    assert "Council approves harbour budget" in others


def test_html_facts_and_citations(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    facts = tree.xpath("//section[@id='corroborated']//li[@class='fact']")
    assert len(facts) == 2
    first, second = facts
    assert COLLAPSE in first.text_content()
    assert "3 independent sources" in first.text_content()
    assert RESCUE in second.text_content()
    assert "2 independent sources" in second.text_content()

    cites = first.xpath(".//sup[@class='cite']/a")
    assert [a.text for a in cites] == ["[1]", "[2]", "[4]", "[5]"]
    assert [a.get("href") for a in cites] == ["#src-1", "#src-2", "#src-4", "#src-5"]
    assert cites[0].get("title") == f"Harbour Wire: {COLLAPSE}"
    assert (
        cites[2].get("title")
        == "Ardent Valley Gazette: The eastern span gave way just after 7 a.m."
    )

    # every in-page reference lands on a source entry or (the counts) a section
    ids = set(tree.xpath("//ol[@class='sources']/li/@id"))
    assert ids == {f"src-{n}" for n in range(1, 6)}
    targets = {h[1:] for h in tree.xpath("//a/@href") if h.startswith("#")}
    assert targets <= ids | set(tree.xpath("//section/@id"))
    assert {"corroborated", "disputed", "single-source", "sources"} <= targets


def test_html_disputes(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    disputes = tree.xpath("//section[@id='disputed']/article")
    assert len(disputes) == 1
    dispute = disputes[0]
    assert "dispute" in dispute.get("class").split()
    assert dispute.xpath("./h3")[0].text_content() == "People injured"
    assert "Sources disagree" in dispute.text_content()
    figures = dispute.xpath(".//li[@class='figure']")
    expected = [
        ("12", "Harbour Wire, according to the fire service", "#src-1"),
        ("at least 25", "Ardent Valley Gazette", "#src-4"),
        ("31", "City Radio News, according to hospital officials", "#src-5"),
    ]
    assert len(figures) == 3
    for li, (figure, source, href) in zip(figures, expected, strict=True):
        assert li.xpath(".//*[@class='figure-value']")[0].text_content() == figure
        text = li.xpath(".//*[@class='figure-source']")[0].text_content()
        assert text.startswith(source)
        assert li.xpath(".//sup/a/@href") == [href]
    assert "according to" not in figures[1].text_content()
    assert "Hospital officials said 31 were treated." in figures[2].text_content()
    assert "border-left" in "".join(tree.xpath("//style/text()")).split(".dispute {")[1][:200]


def test_html_copies_entities_sources(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    groups = tree.xpath("//section[@id='sources']//li[contains(@class, 'group')]")
    assert len(groups) == 3
    group = " ".join(groups[0].text_content().split())
    assert group.startswith("Harbour Wire (agency) · 3 reports, one independent source")
    assert "first reported 2024-03-12 07:40 UTC" in group
    assert "[1] Harbour Wire (original)" in group
    assert "[2] Daily Courier (copy, 97% similar)" in group
    assert "[3] Morning Ledger (derived, 71% similar)" in group
    assert " ".join(groups[1].text_content().split()) == (
        "[4] Ardent Valley Gazette · first reported 2024-03-12 08:30 UTC"
    )
    # one colour per group, in order of first report
    assert [g.get("class") for g in groups] == ["group g0", "group g1", "group g2"]
    rows = tree.xpath("//section[@id='entities']//tbody/tr")
    assert len(rows) == 2
    assert "Mayor Kovacs" in rows[0].text_content()
    assert rows[0].xpath(".//a/@href") == ["#src-1", "#src-2", "#src-4", "#src-5", "#src-3"]

    src2 = tree.xpath("//li[@id='src-2']")[0].text_content()
    assert "Daily Courier" in src2 and "copy of [1]" in src2
    assert "derived from [1]" in tree.xpath("//li[@id='src-3']")[0].text_content()
    src5 = tree.xpath("//li[@id='src-5']")[0]
    assert "publication date unknown" in src5.text_content()
    assert src5.xpath(".//code")[0].text == "/data/bridge/5.html"
    assert tree.xpath("//li[@id='src-1']//time/@datetime") == ["2024-03-12T07:40:00+00:00"]


def test_html_people_roles_and_misspellings(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    maria, service = tree.xpath("//section[@id='entities']//tbody/tr")
    assert maria.xpath("./td[1]//span[@class='role']")[0].text_content() == "mayor of Ardent"
    assert service.xpath(".//*[@class='role']") == []
    variants = maria.xpath(".//span[contains(@class, 'variant')]")
    assert [v.get("class") for v in variants] == ["variant"] * 2 + ["variant variant-suspect"]
    suspect = variants[-1]
    assert "“Maria Kovac”" in suspect.text_content()
    assert suspect.xpath(".//a/@href") == ["#src-3"]
    assert suspect.xpath(".//span[contains(@class, 'badge')]")[0].text == "probable misspelling"
    assert "probable misspelling" not in service.text_content()


def test_html_who_said_what(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    speakers = tree.xpath("//section[@id='who-said-what']/article[@class='speaker']")
    assert [s.xpath("./h3")[0].text_content() for s in speakers] == [
        "Maria Kovács, mayor of Ardent",
        "police",
    ]
    maria = speakers[0].xpath(".//ul[@class='said']/li")
    assert [li.get("class") for li in maria] == ["said-direct", "said-direct", "said-indirect"]
    assert maria[0].xpath("./q")[0].text == REBUILD
    assert maria[0].xpath(".//sup[@class='cite']/a/@href") == ["#src-1"]
    assert maria[0].xpath(".//sup/a")[0].get("title") == f"Harbour Wire: {REBUILD}"
    assert "Ardent Valley Gazette" in maria[1].text_content()
    assert maria[1].text_content().rstrip().endswith("[4], via a press conference")
    assert maria[2].xpath("./q") == []
    assert " ".join(maria[2].text_content().split()).startswith(f"said that {INSPECTED} —")
    hover = maria[2].xpath(".//sup/a")[0].get("title")
    assert hover == f"City Radio News: Mayor Kovacs said {INSPECTED}."
    police = speakers[1].xpath(".//li")
    assert len(police) == 1 and GAVE_WAY in police[0].text_content()
    assert police[0].xpath(".//sup/a/@href") == ["#src-4"]


def test_html_empty_sections(empty_brief: Brief) -> None:
    tree = _tree(render_html(empty_brief))
    headings = [h.text_content() for h in tree.xpath("//h2")]
    # the narrative, people and who-said-what sections are only shown when they have content
    optional = {"The story so far", "People and organisations", "Who said what"}
    assert headings == [s for s in SECTIONS if s not in optional]
    for section in tree.xpath("//section"):
        assert section.xpath("./p[@class='none']")[0].text_content() == "None found."
    assert tree.xpath("//aside") == []
    assert tree.xpath("//svg") == []  # nothing to chart
    assert tree.xpath("//*[@class='lede']") == []


def test_html_lede_says_what_where_and_when(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    lede = tree.xpath("//header/div[@class='lede']")[0]
    assert lede.xpath("./p[@class='lede-text']")[0].text_content().startswith(COLLAPSE)
    cites = lede.xpath(".//sup[@class='cite']/a")
    assert [a.text for a in cites] == ["[1]", "[2]", "[4]"]
    assert cites[0].get("title") == f"Harbour Wire: {COLLAPSE}"
    facts = {
        dt.text_content(): " ".join(dt.getnext().text_content().split())
        for dt in lede.xpath(".//dt")
    }
    assert facts == {
        "Where": "Ardent River, Ardent",
        "When": "shortly after 7 a.m. (12 March 2024) — 2024-03-12 07:05 UTC",
    }
    assert lede.xpath(".//time/@datetime") == ["2024-03-12T07:05:00+00:00"]


def test_html_narrative(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    story = tree.xpath("//section[@id='story']")[0]
    paragraphs = story.xpath("./p[not(contains(@class, 'small-print'))]")
    assert len(paragraphs) == 2  # the lede sentence is in the lede box, not repeated
    assert COLLAPSE not in story.text_content()
    assert paragraphs[0].xpath(".//span[@class='s']")[0].text == RESCUE
    assert paragraphs[0].xpath(".//sup/a")[0].get("title") == f"{OUTLETS[4]}: {RESCUE}"
    # a disputed sentence is highlighted, and cited
    (mark,) = paragraphs[0].xpath(".//mark")
    assert mark.text == INJURED and "s-dispute" in mark.get("class")
    assert [a.text for a in mark.xpath("following-sibling::sup/a")] == ["[1]", "[5]"]
    # a generated sentence the judge could not support is kept, but flagged with the check
    (flagged,) = paragraphs[1].xpath(".//span[contains(@class, 's-unsupported')]")
    assert flagged.text == UNSUPPORTED
    flag = paragraphs[1].xpath(".//span[contains(@class, 'flag')]")[0]
    assert flag.text_content() == "⚠ unsupported by sources"
    assert paragraphs[1].xpath(".//span[@class='check']")[0].text == "judge: no source says so"
    (rewritten,) = paragraphs[1].xpath(".//span[contains(@class, 's-generated')]")
    assert rewritten.get("title").endswith("entailed by [5]")
    # in print, the sources behind rewritten sentences are spelt out
    printed = story.xpath(".//ul[contains(@class, 'print-only')]")
    assert len(printed) == 1
    assert "Crews pulled survivors from the river all morning." in printed[0].text_content()
    dropped = story.xpath(".//div[@class='dropped']")[0].text_content()
    assert DROPPED in dropped and "contradicted by [1]" in dropped
    small = [p.text_content() for p in story.xpath("./p[contains(@class, 'small-print')]")]
    assert small[0].startswith("Rewritten by a language model: test-model, checked by the judge.")
    assert small[1] == "Note: the writer timed out once and was asked again"


def test_html_extractive_narrative_has_no_flags(brief: Brief) -> None:
    brief.narrative = BriefNarrative(paragraphs=brief.narrative.paragraphs[:2])
    story = _tree(render_html(brief)).xpath("//section[@id='story']")[0]
    assert story.xpath(".//*[contains(@class, 'flag')] | .//*[@class='dropped']") == []
    assert story.xpath(".//ul") == []
    method = story.xpath("./p[contains(@class, 'method')]")[0].text_content()
    assert method.startswith("Extractive: built from the sources' own sentences")
    assert "dotted" not in method


def test_html_altered_in_copies(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    (change,) = tree.xpath("//section[@id='altered']//li[@class='change']")
    what = " ".join(change.xpath("./p")[0].text_content().split())
    assert what == "[3] Morning Ledger changed “17 people” to “27 <b>people</b>” number"
    assert change.xpath(".//del")[0].text == "17 people"
    original, copy = change.xpath(".//div[@class='change-pair']/div")
    label = original.xpath("./span[@class='pair-label']")[0].text_content()
    assert " ".join(label.split()) == "Original [1] Harbour Wire"
    assert original.xpath(".//q")[0].text == "17 people were hurt."
    assert copy.xpath(".//q")[0].text == "27 <b>people</b> were hurt."
    assert copy.xpath(".//a/@href") == ["#src-3"]


def test_html_timeline_list(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    section = tree.xpath("//section[@id='timeline']")[0]
    events = section.xpath("./ol[@class='events']/li")
    assert [e.xpath(".//time/@datetime")[0] for e in events] == [
        "2024-03-12T06:00:00+00:00",
        "2024-03-12T07:05:00+00:00",
        "2024-03-12T07:05:00+00:00",
        "2024-03-12T14:00:00+00:00",
    ]
    first = events[0]
    assert first.xpath(".//time")[0].text == "2024-03-12 06:00–12:00 UTC"
    assert first.xpath(".//*[@class='written']")[0].text == "“throughout the morning”"
    assert RESCUE in first.text_content() and "2 independent sources" in first.text_content()
    hovers = first.xpath(".//sup/a/@title")
    assert hovers == [f"Ardent Valley Gazette: {RESCUE}", f"City Radio News: {RESCUE}"]
    assert section.xpath("./h3")[0].text == "Earlier"
    (earlier,) = section.xpath("./ol[contains(@class, 'events-earlier')]/li")
    assert "The bridge failed a safety inspection." in earlier.text_content()
    assert earlier.xpath(".//time")[0].text == "2019"


def _label_box(text: lxml.html.HtmlElement) -> tuple[float, float]:
    """Left and right of an SVG label, estimated as the renderer does."""
    x, width = float(text.get("x")), len(text.xpath("string(text())")) * 6.2
    return (x, x + width) if text.get("text-anchor") == "start" else (x - width, x)


def test_html_timeline_chart(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    (svg,) = tree.xpath("//section[@id='timeline']//svg")
    assert svg.get("role") == "img" and "4 dated events" in svg.get("aria-label")
    dots = svg.xpath(".//g[@class='event-dot']")
    assert len(dots) == 4  # the background event is listed, not charted
    xs = [float(d.xpath("./circle/@cx")[0]) for d in dots]
    ys = [float(d.xpath("./circle/@cy")[0]) for d in dots]
    assert xs == sorted(xs) and xs[1] == xs[2]  # the true time, even for the same moment...
    assert ys[1] != ys[2]  # ...with the second dot a lane up, not on top of the first
    assert [d.xpath("./text")[0].text for d in dots] == ["2", "3", "1", "1"]
    radii = [float(d.xpath("./circle/@r")[0]) for d in dots]
    assert radii[1] > radii[0] > radii[2]  # sized by independent sources
    tips = [d.xpath("./title")[0].text for d in dots]
    assert tips[1] == (
        "2024-03-12 07:05 UTC (shortly after 7 a.m.): The eastern span collapsed. "
        "— 3 independent sources"
    )
    # ranged events get a bar; labels never overlap within a row
    assert len(svg.xpath(".//rect[@class='span']")) == 2
    labels = svg.xpath(".//text[@class='event-label']")
    assert len(labels) == 4
    by_row: dict[str, list[tuple[float, float]]] = {}
    for label in labels:
        by_row.setdefault(label.get("y"), []).append(_label_box(label))
    for boxes in by_row.values():
        boxes.sort()
        assert all(a[1] < b[0] for a, b in itertools.pairwise(boxes))
    ticks = svg.xpath(".//text[@class='tick-label']/text()")
    assert ticks == ["06:00", "08:00", "10:00", "12:00", "14:00"]
    assert svg.xpath(".//text[@class='tick-sub']/text()") == ["12 Mar"]
    assert svg.xpath(".//text[@class='axis-unit']/text()") == ["UTC"]


def test_html_timeline_chart_with_one_event_or_none(brief: Brief) -> None:
    brief.timeline = brief.timeline[1:2]
    svg = _tree(render_html(brief)).xpath("//section[@id='timeline']//svg")[0]
    (dot,) = svg.xpath(".//g[@class='event-dot']")
    x = float(dot.xpath("./circle/@cx")[0])
    assert 300 < x < 460  # centred in its hour-wide window
    assert svg.xpath(".//text[@class='tick-label']/text()")  # still a readable axis
    brief.timeline = [e for e in make_brief().timeline if e.background]
    tree = _tree(render_html(brief))
    assert tree.xpath("//section[@id='timeline']//svg") == []
    assert len(tree.xpath("//section[@id='timeline']//li[@class='event']")) == 1


def test_html_timeline_chart_spans_days_and_years(brief: Brief) -> None:
    for start, ticks in [
        ("2024-03-15T09:00:00+00:00", ["13 Mar", "14 Mar", "15 Mar"]),
        ("2024-09-01T00:00:00+00:00", ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]),
        ("2031-01-01T00:00:00+00:00", ["2024", "2026", "2028", "2030"]),
    ]:
        brief.timeline = [
            BriefEvent("2024-03-12T07:05:00+00:00", None, "minute", "then", "Start.", [], 1),
            BriefEvent(start, None, "day", "later", "End.", [], 1),
        ]
        svg = _tree(render_html(brief)).xpath("//section[@id='timeline']//svg")[0]
        assert svg.xpath(".//text[@class='tick-label']/text()") == ticks


def test_html_coverage_chart(brief: Brief) -> None:
    tree = _tree(render_html(brief))
    (svg,) = tree.xpath("//section[@id='sources']//svg")
    labels = svg.xpath(".//a/text[@class='row-label']/text()")
    assert labels == [f"[{n}] {OUTLETS[n]}" for n in range(1, 6)]
    assert svg.xpath(".//a/@href") == [f"#src-{n}" for n in range(1, 6)]
    marks = svg.xpath(".//g[contains(@class, 'mark')]")
    colours = [m.get("class").split()[1] for m in marks]
    assert colours == ["g0", "g0", "g0", "g1", "g2"]  # copies share their original's colour
    assert [bool(m.xpath("./polygon")) for m in marks] == [False, True, True, False, False]
    assert [m.xpath("string(./text)") for m in marks] == [
        "07:40",
        "08:05",
        "09:15",
        "08:30",
        "undated",
    ]
    assert marks[4].xpath("./circle | ./polygon") == []
    assert marks[1].xpath("./title")[0].text == (
        "[2] Daily Courier: published 2024-03-12 08:05 UTC; group: Harbour Wire (agency); "
        "copy of [1]"
    )
    links = svg.xpath(".//path[contains(@class, 'link')]")
    assert [link.get("class") for link in links] == ["link g0", "link g0"]
    circle = marks[0].xpath("./circle")[0]
    assert all(link.get("d").startswith(f"M{circle.get('cx')},") for link in links)
    assert svg.xpath(".//text[@class='axis-unit']/text()") == ["UTC"]


def test_html_coverage_chart_needs_a_dated_source(brief: Brief) -> None:
    for source in brief.sources:
        source.published = None
    tree = _tree(render_html(brief))
    assert tree.xpath("//section[@id='sources']//svg") == []
    assert len(tree.xpath("//section[@id='sources']//li[contains(@class, 'group')]")) == 3


def test_html_print_css(brief: Brief) -> None:
    style = "".join(_tree(render_html(brief)).xpath("//style/text()"))
    css = style.split("@media print {", 1)[1]
    assert "box-shadow: none" in css and "background: none" in css
    assert "break-inside: avoid" in css
    for item in (".event", ".change", ".chart", ".fact", ".dispute", ".sources li"):
        assert item in css.split("break-inside: avoid")[0]
    assert "details::details-content" in css  # "what each source says" printed open
    assert "ul.print-only { display: block; }" in css
    assert ".chart svg { max-width: 100%; }" in css
    assert ".print-only { display: none; }" in style.split("@media print {", 1)[0]


def test_html_escapes_hostile_text(hostile_brief: Brief) -> None:
    html = render_html(hostile_brief)
    tree = _tree(html)
    assert tree.xpath("//script") == []
    assert tree.xpath("//img") == []
    assert tree.xpath("//*[@src]") == []
    assert tree.xpath("//*[@onmouseover] | //*[@onerror]") == []
    assert SCRIPT not in html and "<img" not in html

    # the hostile strings are visible as literal text
    assert tree.xpath("//h1")[0].text_content() == f"Bridge {SCRIPT} collapse"
    assert f"Bridge {SCRIPT} collapse" in tree.xpath("//title")[0].text_content()
    body = tree.xpath("//body")[0].text_content()
    assert f"Claim {IMG} here" in body
    assert f"Title {IMG}" in body
    assert f"according to {SCRIPT}" in body
    assert f"Other {SCRIPT}" in body
    assert f"“{SCRIPT}”" in body

    # ...and intact inside the hover title attribute, not breaking out of it
    cite = tree.xpath("//section[@id='corroborated']//sup/a[@href='#src-1']")[0]
    assert cite.get("title") == f"Harbour{ATTR}: It fell {IMG} at dawn."
    assert set(cite.attrib) == {"href", "title"}

    # quotes, speakers, roles and variants: literal text, never markup
    speaker = tree.xpath("//section[@id='who-said-what']/article")[0]
    assert speaker.xpath("./h3")[0].text_content() == f"Maria {SCRIPT}, mayor {IMG}"
    said = speaker.xpath(".//li")
    assert said[0].xpath("./q")[0].text == f"We will {SCRIPT} rebuild"
    assert f"via Telegram {IMG}" in said[1].text_content()
    assert f"said that the bridge {IMG} was fine" in " ".join(said[2].text_content().split())
    hover = said[2].xpath(".//sup/a")[0]
    assert hover.get("title") == f"City Radio News: She said {ATTR} it was fine."
    assert set(hover.attrib) == {"href", "title"}
    people = tree.xpath("//section[@id='entities']//tr")[1].text_content()
    assert f"mayor {IMG}" in people and f"“Kov{ATTR}”" in people

    # a javascript: URL is shown as text, never linked
    assert not any(h.lower().startswith("javascript") for h in tree.xpath("//@href"))
    assert tree.xpath("//li[@id='src-2']//code")[0].text == "javascript:alert(1)"


def test_html_escapes_hostile_story_text(hostile_brief: Brief) -> None:
    html = render_html(hostile_brief)
    tree = _tree(html)
    assert tree.xpath("//script | //img | //*[@src] | //*[@onerror] | //*[@onmouseover]") == []
    assert SCRIPT not in html and "<img" not in html and SVG_BREAK not in html
    assert len(tree.xpath("//svg")) == 2  # neither chart was closed early
    lede = tree.xpath("//div[@class='lede']")[0]
    assert lede.xpath("./p")[0].text_content().startswith(f"Lede {SCRIPT} text")
    assert f"Ardent {IMG}" in lede.text_content() and f"at dawn {SVG_BREAK}" in lede.text_content()
    assert lede.xpath(".//sup/a/@title")[0] == f"Harbour Wire: Lede source {ATTR} sentence"
    story = tree.xpath("//section[@id='story']")[0]
    assert story.xpath(".//mark")[0].text == f"Injured {SVG_BREAK} people"
    assert story.xpath(".//span[@class='check']")[0].text == f"judge: judge {IMG}"
    assert f"Dropped {SCRIPT}" in story.text_content() and f"note {IMG}" in story.text_content()
    timeline = tree.xpath("//section[@id='timeline']")[0]
    assert f"Span {SVG_BREAK} fell" in timeline.xpath(".//li[@class='event']")[1].text_content()
    tips = timeline.xpath(".//svg//g[@class='event-dot']/title/text()")
    assert any(f"(at 7 {IMG}): Span {SVG_BREAK} fell" in tip for tip in tips)
    coverage = tree.xpath("//section[@id='sources']//svg")[0]
    assert coverage.xpath(".//a/text/text()")[3] == f"[4] Gazette {SVG_BREAK}"[:29] + "…"
    assert any(f"group: Wire {SCRIPT}" in t for t in coverage.xpath(".//title/text()"))
    group = tree.xpath("//li[contains(@class, 'group')]")[0].text_content()
    assert f"Wire {SCRIPT}" in group and f"Ledger {IMG}" in group


# --------------------------------------------------------------------------- json


def test_json_round_trips(brief: Brief) -> None:
    text = render_json(brief)
    data = json.loads(text)
    assert data == brief.to_dict()
    for key in ("title", "story_id", "corroborated", "disputed", "sources", "schema_version"):
        assert data[key] == brief.to_dict()[key]
    assert data["disputed"][0]["figures"][1]["attributed_to"] is None
    assert "Maria Kovács" in text  # not \u-escaped
    assert text.startswith('{\n  "title"')


def test_json_carries_people_and_quotes(brief: Brief) -> None:
    data = json.loads(render_json(brief))
    assert data["schema_version"] == "1.3"
    maria = data["entities"][0]
    assert maria["roles"] == ["mayor of Ardent", "mayor"]
    assert maria["suspect_variants"] == ["Maria Kovac"]
    assert data["entities"][1]["roles"] == [] and data["entities"][1]["suspect_variants"] == []
    speakers = data["who_said_what"]
    assert [(s["name"], s["role"]) for s in speakers] == [
        ("Maria Kovács", "mayor of Ardent"),
        ("police", None),
    ]
    first, second, third = speakers[0]["quotes"]
    assert first == {
        "text": REBUILD,
        "kind": "direct",
        "channel": None,
        "citation": {
            "source": 1,
            "article_id": "art-1",
            "outlet": "Harbour Wire",
            "sentence": REBUILD,
            "url": "https://example.org/1",
        },
    }
    assert second["channel"] == "a press conference"
    assert third["kind"] == "indirect" and third["citation"]["source"] == 5


def test_json_carries_lede_narrative_timeline_and_groups(brief: Brief) -> None:
    data = json.loads(render_json(brief))
    assert data["lede"]["where"] == ["Ardent River", "Ardent"]
    assert data["lede"]["when_text"] == "shortly after 7 a.m. (12 March 2024)"
    narrative = data["narrative"]
    assert narrative["method"] == "llm: test-model, checked by the judge"
    flagged = narrative["paragraphs"][2][1]
    assert (flagged["generated"], flagged["supported"], flagged["check"]) == (
        True,
        False,
        "no source says so",
    )
    assert narrative["paragraphs"][0][0]["supported"] is None
    assert narrative["dropped"][0]["text"] == DROPPED
    assert [e["background"] for e in data["timeline"]] == [False, False, True, False, False]
    assert data["source_groups"][0] == {
        "id": "g1",
        "label": "Harbour Wire (agency)",
        "original": 1,
        "members": [1, 2, 3],
        "first_reported": "2024-03-12T07:40:00+00:00",
        "agency": "Harbour Wire",
    }


def test_json_handles_non_json_values(brief: Brief) -> None:
    brief.copy_groups[0].members[1].similarity = math.nan
    data = json.loads(render_json(brief))
    assert data["copy_groups"][0]["members"][1]["similarity"] is None
    assert "NaN" not in render_json(brief)


def test_renderers_are_pure(brief: Brief) -> None:
    before = copy.deepcopy(brief.to_dict())
    outputs = [(render_markdown(brief), render_html(brief), render_json(brief)) for _ in range(2)]
    assert outputs[0] == outputs[1]
    assert brief.to_dict() == before


def test_altered_facts_of_copies_are_shown_and_escaped(brief: Brief) -> None:
    markdown = render_markdown(brief)
    assert "“27 <b>people</b>”" not in markdown
    assert _section(markdown, "Altered in copies").strip().splitlines() == [
        r"- [3] Morning Ledger changed “17 people” to “27 \<b\>people\</b\>” (number)",
        "  - original, [1] Harbour Wire: 17 people were hurt.",
        r"  - copy, [3] Morning Ledger: 27 \<b\>people\</b\> were hurt.",
    ]
    html = render_html(brief)
    assert "<del>17 people</del>" in html and "<ins>27 &lt;b&gt;people&lt;/b&gt;</ins>" in html
    data = json.loads(render_json(brief))
    derived = data["copy_groups"][0]["members"][-1]
    assert derived["altered"][0]["altered"] == "27 <b>people</b>"


def test_html_survives_dates_no_chart_can_place(brief: Brief) -> None:
    brief.timeline = [BriefEvent("0001-01-01T00:00:00+00:00", None, "day", "once", "Odd.", [], 1)]
    brief.sources[0].published = "9999-12-31T23:59:59+00:00"
    tree = _tree(render_html(brief))
    assert tree.xpath("//section[@id='timeline']//svg") == []
    assert "0001-01-01T00:00:00+00:00" in tree.xpath("//li[@class='event']//time")[0].text
    marks = tree.xpath("//section[@id='sources']//svg//g[contains(@class, 'mark')]")
    assert marks[0].xpath("string(./text)") == "undated"
