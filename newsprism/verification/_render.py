"""Verification reports: Markdown for the terminal, JSON (docs/verify-schema.json) for
tools, and one self-contained HTML page where the draft is shown with every checked claim
highlighted and its evidence on hover."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprism._formats import template_environment
from newsprism.models import ClaimStatus, DraftClaim, Verification

TEMPLATE_DIR = Path(__file__).parent / "templates"
MARK = {
    str(ClaimStatus.SUPPORTED): "✅",
    str(ClaimStatus.CONTRADICTED): "❌",
    str(ClaimStatus.NOT_FOUND): "❓",
}
LABEL = {
    str(ClaimStatus.SUPPORTED): "supported",
    str(ClaimStatus.CONTRADICTED): "contradicted",
    str(ClaimStatus.NOT_FOUND): "not found",
}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def summary_line(verification: Verification) -> str:
    """ "Score 67 %: 8 of 12 claims supported, 2 contradicted, 2 not found."""
    claims = verification.claims
    counts = {s: sum(c.status == s for c in claims) for s in LABEL}
    if not claims:
        return "No claims to check."
    return (
        f"Score {round(100 * verification.score)} %: "
        f"{counts[str(ClaimStatus.SUPPORTED)]} of {_plural(len(claims), 'claim')} supported, "
        f"{counts[str(ClaimStatus.CONTRADICTED)]} contradicted, "
        f"{counts[str(ClaimStatus.NOT_FOUND)]} not found."
    )


def _against(verification: Verification) -> str:
    return (
        f"Checked against {_plural(verification.source_count, 'report')} from "
        f"{_plural(verification.independent_source_count, 'independent source')}."
    )


def _evidence_words(claim: DraftClaim) -> str:
    """What the evidence says, for a hover or a list line."""
    if not claim.evidence:
        return "No source says this." if claim.status == str(ClaimStatus.NOT_FOUND) else ""
    lines = [
        f"[{e.citation.source}] {e.citation.outlet} ({e.stance}): {_one_line(e.citation.sentence)}"
        for e in claim.evidence
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- markdown


def _md(text: str) -> str:
    """Markdown-inert text: a source sentence must not turn into a link or a heading."""
    out = _one_line(text)
    for char in "\\`*_[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def render_markdown(verification: Verification) -> str:
    """The report for the terminal and for pasting: every claim with its verdict and why."""
    out = [f"# Verification: {_md(verification.title)}", ""]
    out += [f"**{summary_line(verification)}** {_against(verification)}", ""]
    out += [f"> Note: {_md(note)}" for note in verification.notes]
    if verification.notes:
        out.append("")
    out += ["## Claims", ""]
    if not verification.claims:
        out += ["*Nothing in the draft could be checked.*", ""]
    for claim in verification.claims:
        status = claim.status
        head = f"- {MARK.get(status, '•')} **{LABEL.get(status, status)}**"
        if claim.differs:
            head += f" ({', '.join(claim.differs)})"
        head += f" — “{_md(claim.text)}” — confidence {claim.confidence:.2f}"
        if status == str(ClaimStatus.SUPPORTED):
            head += f", {_plural(claim.independent_sources, 'independent source')}"
        out.append(head)
        if claim.reason:
            out.append(f"  - why: {_md(claim.reason)} *({_md(claim.decided_by)})*")
        for evidence in claim.evidence:
            c = evidence.citation
            out.append(f"  - [{c.source}] {_md(c.outlet)} {evidence.stance}: “{_md(c.sentence)}”")
    out += ["", "## Sources", ""]
    for source in verification.sources:
        when = f" ({source.published})" if source.published else ""
        copy = "" if source.independent else " — *copy*"
        out.append(f"- [{source.number}] {_md(source.outlet)} — {_md(source.title)}{when}{copy}")
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- json


def render_json(verification: Verification) -> str:
    """The verification as JSON: ``verification.to_dict()``, the documented schema."""
    return json.dumps(verification.to_dict(), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- html


@dataclass(frozen=True)
class _Span:
    text: str
    claim: int | None  # index into the claims list, or None for unchecked text
    status: str
    hover: str


def draft_spans(draft: str, claims: Sequence[DraftClaim]) -> list[_Span]:
    """The draft cut into runs of text, each marked with the narrowest claim covering it
    (a clause inside its sentence wins over the sentence)."""
    cuts = {0, len(draft)}
    for claim in claims:
        if 0 <= claim.start < claim.end <= len(draft):
            cuts.update((claim.start, claim.end))
    points = sorted(cuts)
    spans: list[_Span] = []
    for left, right in itertools.pairwise(points):
        covering = [
            (c.end - c.start, i)
            for i, c in enumerate(claims)
            if 0 <= c.start <= left and right <= c.end <= len(draft)
        ]
        text = draft[left:right]
        if not covering:
            spans.append(_Span(text, None, "", ""))
            continue
        index = min(covering)[1]
        claim = claims[index]
        hover = f"{LABEL.get(claim.status, claim.status)}: {claim.reason}"
        words = _evidence_words(claim)
        spans.append(_Span(text, index, claim.status, f"{hover}\n{words}".strip()))
    return spans


def render_html(verification: Verification) -> str:
    """One self-contained page: the draft with highlighted claims (evidence on hover), the
    claims with their evidence, and the sources. Inline CSS, no scripts."""
    paragraphs: list[list[_Span]] = [[]]
    for span in draft_spans(verification.draft, verification.claims):
        pieces = span.text.split("\n\n")
        for n, piece in enumerate(pieces):
            if n:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(_Span(piece, span.claim, span.status, span.hover))
    template = template_environment(TEMPLATE_DIR).get_template("verify.html.j2")
    html = template.render(
        v=verification,
        summary=summary_line(verification),
        against=_against(verification),
        paragraphs=[p for p in paragraphs if p],
        label=LABEL,
        mark=MARK,
    )
    return html.rstrip() + "\n"
