"""Tests for the brief renderers: Markdown, self-contained HTML and JSON."""

from __future__ import annotations

import copy
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
    BriefFact,
    BriefFigure,
    BriefQuote,
    BriefSource,
    BriefSourceRef,
    BriefSpeaker,
)

SECTIONS = [
    "Corroborated facts",
    "Disputed figures",
    "Single-source claims",
    "Copies of the same story",
    "People and organisations",
    "Who said what",
    "Sources",
]

COLLAPSE = "The eastern span of the Ardent River bridge collapsed shortly after 7 a.m. on Tuesday."
RESCUE = "Rescue crews pulled survivors from the water throughout the morning."
INSPECTION = "The bridge had failed a safety inspection in 2019, according to county records."
REBUILD = "We will rebuild the bridge before winter."
NOBODY = "Nobody should have died here."
INSPECTED = "the bridge had been inspected in 2019"
GAVE_WAY = "the eastern span had given way without warning"

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ATTR = '" onmouseover="x'


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


@pytest.fixture
def brief() -> Brief:
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
    )


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

    copies = _section(md, "Copies of the same story")
    assert "### Harbour Wire (agency), 3 reports" in copies
    assert "- Likely original: [1] Harbour Wire — Bridge collapses over Ardent River" in copies
    assert "[2] Daily Courier — Bridge collapses over Ardent River: copy, 97% similar" in copies
    assert "[3] Morning Ledger — Ardent bridge falls, many hurt: derived, 71% similar" in copies
    assert copies.count("[1] Harbour Wire") == 1  # the original is not listed twice

    people = _section(md, "People and organisations")
    assert (
        "- **Maria Kovács**, mayor of Ardent (person, 7 mentions): Maria Kovács [1] [2] [4]; "
        "Mayor Kovacs [5]; Maria Kovac [3] — probable misspelling\n"
    ) in people
    assert "**Ardent County Fire Service** (organisation, 5 mentions)" in people

    sources = _section(md, "Sources")
    lines = [line for line in sources.splitlines() if line.startswith("- ")]
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
    sources = _section(render_markdown(brief), "Sources")
    assert "— *same source group as [1]*" in sources
    assert sources.count("same source group as [1]") == 2
    assert "None found." in _section(render_markdown(brief), "Copies of the same story")


def test_markdown_empty_sections(empty_brief: Brief) -> None:
    md = render_markdown(empty_brief)
    assert "0 reports from 0 independent sources" in md
    for heading in ["Corroborated facts", "Disputed figures", "Single-source claims"]:
        assert _section(md, heading).strip() == "None found."
    assert _section(md, "Copies of the same story").strip() == "None found."
    assert _section(md, "Sources").strip() == "None found."
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

    # every in-page reference lands on a source entry
    ids = set(tree.xpath("//ol[@class='sources']/li/@id"))
    assert ids == {f"src-{n}" for n in range(1, 6)}
    targets = {h[1:] for h in tree.xpath("//a/@href") if h.startswith("#")}
    assert targets <= ids


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
    group = tree.xpath("//section[@id='copies']/article")[0].text_content()
    assert "Harbour Wire" in group
    assert "likely original" in group
    assert "97% similar" in group and "71% similar" in group
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
    # the people and who-said-what sections are only shown when they have content
    assert headings == [
        s for s in SECTIONS if s not in {"People and organisations", "Who said what"}
    ]
    for section in tree.xpath("//section"):
        assert section.xpath("./p[@class='none']")[0].text_content() == "None found."
    assert tree.xpath("//aside") == []


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
    assert "altered in copy (number): “17 people” became “27 <b>people</b>”" not in markdown
    assert "altered in copy (number): “17 people” became" in markdown
    html = render_html(brief)
    assert "altered in copy" in html
    assert "<del>17 people</del>" in html and "<ins>27 &lt;b&gt;people&lt;/b&gt;</ins>" in html
    data = json.loads(render_json(brief))
    derived = data["copy_groups"][0]["members"][-1]
    assert derived["altered"][0]["altered"] == "27 <b>people</b>"
