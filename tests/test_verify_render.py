"""Verification reports: Markdown, JSON against docs/verify-schema.json, and the HTML page
with the draft's claims highlighted and their evidence on hover (escaped, no scripts)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import lxml.html
import pytest

from newsprism.models import (
    BriefCitation,
    BriefSource,
    DraftClaim,
    DraftEvidence,
    Verification,
)
from newsprism.verification._render import draft_spans, render_html, render_json, render_markdown
from newsprism.verification.schema import verify_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "verify-schema.json"
FIRST = "About 1,200 people were evacuated from Dravsk."
SECOND = "Officials said 2,000 homes were flooded and schools stayed open."
HOSTILE = "<script>document.title='pwned'</script>"
DRAFT = f"{FIRST} {SECOND}\n\nA Swedish firm built the dam. {HOSTILE}"


def _cite(n: int, outlet: str, sentence: str) -> BriefCitation:
    return BriefCitation(n, f"art-{n}", outlet, sentence, f"https://example.org/{n}")


def make_verification() -> Verification:
    second_at = DRAFT.index(SECOND)
    homes = DRAFT.index("2,000 homes")
    invented = DRAFT.index("A Swedish firm")
    return Verification(
        title="Dravsk flood summary",
        generated_at="2026-03-11T09:00:00+00:00",
        draft=DRAFT,
        claims=[
            DraftClaim(
                FIRST, 0, 0, len(FIRST), "supported", 0.93, "agrees with 3 sources",
                "rule: numbers", [], [
                    DraftEvidence(_cite(1, "Northgate Herald", FIRST), "supports", "g1"),
                    DraftEvidence(_cite(4, "Velesian Public Radio", FIRST), "supports", "g2"),
                ], 2,
            ),
            DraftClaim(
                "Officials said 2,000 homes were flooded", 1, second_at,
                homes + len("2,000 homes were flooded"), "contradicted", 0.9,
                "“2,000” against “nearly 450”", "rule: numbers", ["number"],
                [DraftEvidence(_cite(10, "Polesk Daily", 'Nearly 450 homes "flooded" <b>'),
                               "contradicts", "g3")],
            ),
            DraftClaim(
                "A Swedish firm built the dam.", 2, invented,
                invented + len("A Swedish firm built the dam."), "not found", 0.8,
                "no source says so", "learned judge",
            ),
        ],
        score=1 / 3,
        source_count=10,
        independent_source_count=6,
        sources=[
            BriefSource(1, "art-1", "Northgate Herald", "Dam breach", None, "a.html",
                        "2026-03-10T07:14:00+00:00", "g1", True),
            BriefSource(2, "art-2", HOSTILE, "Copy", None, "b.html", None, "g1", False),
        ],
        notes=["Two paragraphs are not in English and were not checked."],
    )  # fmt: skip


@pytest.fixture
def verification() -> Verification:
    return make_verification()


def test_markdown_lists_each_claim_with_its_verdict_and_evidence(verification) -> None:  # type: ignore[no-untyped-def]
    md = render_markdown(verification)
    assert md.startswith("# Verification: Dravsk flood summary\n")
    assert "**Score 33 %: 1 of 3 claims supported, 1 contradicted, 1 not found.**" in md
    assert "Checked against 10 reports from 6 independent sources." in md
    assert "> Note: Two paragraphs are not in English" in md
    lines = md.splitlines()
    supported = next(line for line in lines if line.startswith("- ✅"))
    assert "2 independent sources" in supported and "confidence 0.93" in supported
    contradicted = next(line for line in lines if line.startswith("- ❌"))
    assert "(number)" in contradicted
    assert any("[10] Polesk Daily contradicts" in line and "Nearly 450" in line for line in lines)
    assert any(line.startswith("- ❓ **not found**") for line in lines)
    assert r"\<script\>" in md and "<script>" not in md


def test_json_validates_against_the_committed_schema(verification) -> None:  # type: ignore[no-untyped-def]
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == verify_schema(), "run: python -m newsprism.verification.schema > docs/..."
    data = json.loads(render_json(verification))
    validator = jsonschema.Draft202012Validator(committed)
    validator.validate(data)
    assert data["claims"][1]["differs"] == ["number"]
    assert data["claims"][0]["evidence"][0]["citation"]["outlet"] == "Northgate Herald"
    data["claims"][0]["confidence"] = "high"
    assert not validator.is_valid(data)


def test_spans_mark_the_narrowest_claim_and_keep_every_character(verification) -> None:  # type: ignore[no-untyped-def]
    spans = draft_spans(verification.draft, verification.claims)
    assert "".join(s.text for s in spans) == DRAFT
    marked = {s.text: s.claim for s in spans if s.claim is not None}
    assert marked[FIRST] == 0
    assert marked["Officials said 2,000 homes were flooded"] == 1
    assert " and schools stayed open.\n\n" in [s.text for s in spans if s.claim is None]
    # a claim nested inside another is marked with the inner one
    nested = [*verification.claims]
    nested.append(
        DraftClaim(SECOND, 1, DRAFT.index(SECOND), DRAFT.index(SECOND) + len(SECOND),
                   "supported", 0.6, "", "learned judge")
    )  # fmt: skip
    spans = draft_spans(DRAFT, nested)
    by_text = {s.text: s.claim for s in spans}
    assert by_text["Officials said 2,000 homes were flooded"] == 1
    assert by_text[" and schools stayed open."] == 3  # the nested claim ends at the full stop


def test_html_highlights_claims_with_evidence_on_hover(verification) -> None:  # type: ignore[no-untyped-def]
    html = render_html(verification)
    page = lxml.html.fromstring(html)
    assert page.xpath("//script") == []
    assert HOSTILE in page.text_content()  # shown as text, inert
    marks = page.xpath("//div[@class='draft']//span[contains(@class, 'c ')]")
    assert [m.get("class") for m in marks] == [
        "c c-supported",
        "c c-contradicted",
        "c c-not-found",
    ]
    hover = marks[1].get("title")
    assert hover.startswith("contradicted: “2,000” against “nearly 450”")
    assert "[10] Polesk Daily (contradicts): Nearly 450 homes" in hover
    assert "No source says this." in marks[2].get("title")
    assert len(page.xpath("//div[@class='draft']/p")) == 2  # the draft's paragraphs kept
    rows = page.xpath("//table//tr")
    assert len(rows) == 3 and "number" in rows[1].text_content()
    assert "Score 33 %" in page.xpath("//span[@class='score']")[0].text


def test_an_empty_verification_renders_a_clear_message() -> None:
    empty = Verification("Empty", "2026-03-11T09:00:00+00:00", "", [], 0.0, 3, 2,
                         notes=["The draft is empty: there is nothing to check."])  # fmt: skip
    md = render_markdown(empty)
    assert "No claims to check." in md and "The draft is empty" in md
    assert (
        "Nothing in the draft could be checked."
        in lxml.html.fromstring(render_html(empty)).text_content()
    )
