"""Render a :class:`~newsprism.models.Brief` as Markdown, a self-contained HTML page or JSON.

The renderers only format: every decision (which facts are corroborated, which sources are
copies) was made upstream and is carried by the ``Brief``. All three functions are pure and
return text ending in exactly one newline, ready to write to a file.

Both text renderers share one "view" of the brief (sorted facts, grouped citations, formatted
dates, copy marks for the sources list), so the Markdown and the HTML always say the same thing.
Article-derived text is untrusted: the HTML template is rendered with autoescaping on, links
are only made from ``http(s)`` URLs, and the Markdown escapes the characters that could turn
article text into markup.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any

import jinja2

from newsprism.models import (
    Brief,
    BriefCitation,
    BriefCopyGroup,
    BriefDispute,
    BriefEntity,
    BriefFact,
    BriefSource,
    BriefSourceRef,
    BriefSpeaker,
)

__all__ = ["render_html", "render_json", "render_markdown"]

NONE_FOUND = "None found."
TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "brief.html.j2"

_KIND_LABELS = {
    "disagree": "Sources disagree",
    "attributed": "Different origins quoted",
}
_VERDICT_LABELS = {
    "agree": "consistent",
    "variant": "rounding or spelling only",
    "single source": "single source",
    "altered in copy": "altered in copy",
}
_RELATION_LABELS = {
    "original": "original",
    "copy": "copy",
    "derived": "derived",
}
_ENTITY_LABELS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "FAC": "facility",
}


# --------------------------------------------------------------------------- view


@dataclass(frozen=True)
class _Cite:
    """All citations of one source within one fact, shown as a single ``[n]``."""

    number: int
    outlet: str
    sentences: tuple[str, ...]

    @property
    def hover(self) -> str:
        """Text for the HTML ``title`` attribute: "Outlet: source sentence"."""
        said = " / ".join(s for s in self.sentences if s)
        return f"{self.outlet}: {said}" if said else self.outlet


@dataclass(frozen=True)
class _Fact:
    text: str
    independent_sources: int
    sources_label: str  # "3 independent sources"
    cites: tuple[_Cite, ...]
    verdict_label: str = ""  # "agree", "rounding only", ...
    decided_by: str = ""  # "rule: numbers", "learned judge"
    altered: tuple[_Cite, ...] = ()  # copies that changed this fact


@dataclass(frozen=True)
class _Figure:
    outlet: str
    figure: str
    attributed_to: str | None
    cite: _Cite


@dataclass(frozen=True)
class _Dispute:
    heading: str
    kind: str
    kind_label: str
    reason: str
    figures: tuple[_Figure, ...]
    decided_by: str = ""


@dataclass(frozen=True)
class _Ref:
    number: int
    outlet: str
    title: str
    relation: str
    similarity: str | None  # "97%"
    altered: tuple[_Altered, ...] = ()


@dataclass(frozen=True)
class _Altered:
    kind: str
    original: str
    altered: str
    original_sentence: str
    copy_sentence: str


@dataclass(frozen=True)
class _CopyGroup:
    heading: str
    agency: str | None
    original: _Ref
    members: tuple[_Ref, ...]


@dataclass(frozen=True)
class _Variant:
    form: str
    sources: tuple[int, ...]
    suspect: bool = False  # a probable misspelling of the name


@dataclass(frozen=True)
class _Entity:
    name: str
    label: str
    role: str | None  # the most common role: "mayor of Polesk"
    mentions: int
    mentions_label: str
    variants: tuple[_Variant, ...]  # probable misspellings last


@dataclass(frozen=True)
class _Said:
    """One quote: the words (direct) or the reported clause (indirect), with its source."""

    text: str
    direct: bool
    channel: str | None
    cite: _Cite


@dataclass(frozen=True)
class _Speaker:
    name: str
    role: str | None
    quotes: tuple[_Said, ...]


@dataclass(frozen=True)
class _Mark:
    """How a source relates to another one in the list: "copy of [k]"."""

    text: str  # "copy of", "derived from", "same source group as"
    target: int


@dataclass(frozen=True)
class _Source:
    number: int
    outlet: str
    title: str
    url: str | None
    href: str | None  # only set for http(s) URLs, so hostile schemes never become links
    origin: str
    published: str | None  # for display
    published_iso: str | None
    independent: bool
    mark: _Mark | None
    not_read: tuple[str, ...] = ()
    date_note: str | None = None


@dataclass(frozen=True)
class _View:
    title: str
    summary: str
    generated: str
    generated_iso: str
    counts: tuple[str, ...]
    corroborated: tuple[_Fact, ...]
    disputes: tuple[_Dispute, ...]
    single_source: tuple[_Fact, ...]
    copy_groups: tuple[_CopyGroup, ...]
    entities: tuple[_Entity, ...]
    speakers: tuple[_Speaker, ...]
    sources: tuple[_Source, ...]
    other_stories: tuple[str, ...]
    judge_notes: tuple[str, ...] = ()


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _format_when(iso: str | None) -> str | None:
    """ "2024-03-12 09:10 UTC" for an ISO 8601 string; date only at midnight; raw if unparsable."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is None:
        if (when.hour, when.minute, when.second) == (0, 0, 0):
            return when.strftime("%Y-%m-%d")
        return when.strftime("%Y-%m-%d %H:%M")
    when = when.astimezone(UTC)
    if (when.hour, when.minute, when.second) == (0, 0, 0):
        return when.strftime("%Y-%m-%d")
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _percent(similarity: float | None) -> str | None:
    if similarity is None or not math.isfinite(similarity):
        return None
    if similarity > 1:  # already a percentage
        similarity /= 100
    return f"{max(0.0, min(similarity, 1.0)):.0%}"


def _safe_href(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    if re.match(r"(?i)https?://[^\s]+$", url):
        return url
    return None


def _cites(citations: Iterable[BriefCitation]) -> tuple[_Cite, ...]:
    """Group citations by source number (one ``[n]`` per source), in number order."""
    by_number: dict[int, tuple[str, list[str]]] = {}
    for citation in citations:
        _, sentences = by_number.setdefault(citation.source, (_one_line(citation.outlet), []))
        sentence = _one_line(citation.sentence)
        if sentence and sentence not in sentences:
            sentences.append(sentence)
    return tuple(
        _Cite(number, outlet, tuple(sentences))
        for number, (outlet, sentences) in sorted(by_number.items())
    )


def _fact(fact: BriefFact) -> _Fact:
    return _Fact(
        text=_one_line(fact.text),
        independent_sources=fact.independent_sources,
        sources_label=_plural(fact.independent_sources, "independent source"),
        cites=_cites(fact.citations),
        verdict_label=_VERDICT_LABELS.get(str(fact.verdict), str(fact.verdict)),
        decided_by=_one_line(fact.decided_by),
        altered=_cites(fact.altered_in_copy),
    )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _dispute(dispute: BriefDispute) -> _Dispute:
    kind = str(dispute.kind)
    return _Dispute(
        heading=_capitalise(_one_line(dispute.counted)) or "Disputed figure",
        kind=kind,
        kind_label=_KIND_LABELS.get(kind, _capitalise(kind)),
        reason=_one_line(dispute.reason),
        decided_by=_one_line(dispute.decided_by),
        figures=tuple(
            _Figure(
                outlet=_one_line(figure.outlet),
                figure=_one_line(figure.figure),
                attributed_to=_one_line(figure.attributed_to) or None,
                cite=_cites([figure.citation])[0],
            )
            for figure in dispute.figures
        ),
    )


def _copy_group(group: BriefCopyGroup) -> _CopyGroup:
    def ref(r: BriefSourceRef) -> _Ref:
        relation = str(r.relation)
        return _Ref(
            number=r.source,
            outlet=_one_line(r.outlet),
            title=_one_line(r.title),
            relation=_RELATION_LABELS.get(relation, relation),
            similarity=_percent(r.similarity),
            altered=tuple(
                _Altered(
                    _one_line(a.kind),
                    _one_line(a.original),
                    _one_line(a.altered),
                    _one_line(a.original_sentence),
                    _one_line(a.copy_sentence),
                )
                for a in r.altered
            ),
        )

    original = ref(group.original)
    members = tuple(ref(m) for m in group.members if m.source != group.original.source)
    agency = _one_line(group.agency) or None
    carried = _plural(1 + len({m.number for m in members}), "report")
    heading = f"{agency} (agency), {carried}" if agency else f"Same story, {carried}"
    return _CopyGroup(heading=heading, agency=agency, original=original, members=members)


def _entity(entity: BriefEntity) -> _Entity:
    suspect = {_one_line(form) for form in entity.suspect_variants}
    variants = [
        _Variant(_one_line(form), tuple(sorted(set(numbers))), _one_line(form) in suspect)
        for form, numbers in entity.variants.items()
    ]
    roles = [r for r in (_one_line(role) for role in entity.roles) if r]
    return _Entity(
        name=_one_line(entity.name),
        label=_ENTITY_LABELS.get(entity.label, entity.label),
        role=roles[0] if roles else None,
        mentions=entity.mentions,
        mentions_label=_plural(entity.mentions, "mention"),
        variants=tuple(sorted(variants, key=lambda v: v.suspect)),  # stable: order kept
    )


_DOUBLE_QUOTES = '"“”«»„‟‹›'
_SINGLE_OPEN, _SINGLE_CLOSE = "'‘", "'’"


def _bare_words(text: str) -> str:
    """Direct speech without its own quotation marks or a trailing comma: we add ours.

    Single quotes are only taken off in pairs, so a closing apostrophe ("the workers'")
    survives.
    """
    text = text.strip(_DOUBLE_QUOTES).rstrip(",;:").strip().strip(_DOUBLE_QUOTES)
    if len(text) > 1 and text[0] in _SINGLE_OPEN and text[-1] in _SINGLE_CLOSE:
        text = text[1:-1].rstrip(",;:").strip()
    return text


# Sentence-initial words that read wrongly capitalised after "said that": "Two people died".
_COMMON_OPENERS = set(
    """the a an two three four five six seven eight nine ten some many most more about
    nearly almost hundreds thousands dozens there it its this that these those they he she
    we our his her their all several no one none""".split()
)


def _reported(text: str) -> str:
    """The reported clause as it reads after "said that"."""
    text = re.sub(r"(?i)^that\s+", "", text)
    first = text.split(" ", 1)[0]
    if first.lower() in _COMMON_OPENERS and first[:1].isupper():
        text = first.lower() + text[len(first) :]
    return text


def _speaker(speaker: BriefSpeaker) -> _Speaker:
    said: list[_Said] = []
    for quote in speaker.quotes:
        direct = str(quote.kind) == "direct"
        text = _one_line(quote.text)
        # direct speech gets our own quotation marks; indirect is rendered as "said that ..."
        text = _bare_words(text) if direct else _reported(text)
        if text:
            channel = _one_line(quote.channel) or None
            said.append(_Said(text, direct, channel, _cites([quote.citation])[0]))
    return _Speaker(_one_line(speaker.name), _one_line(speaker.role) or None, tuple(said))


def _marks(brief: Brief) -> dict[int, _Mark]:
    """Source number -> how it relates to an earlier source, for the sources list."""
    marks: dict[int, _Mark] = {}
    for group in brief.copy_groups:
        original = group.original.source
        for member in group.members:
            if member.source == original or member.source in marks:
                continue
            relation = str(member.relation)
            text = "derived from" if relation == "derived" else "copy of"
            marks[member.source] = _Mark(text, original)
    by_group: dict[str, list[BriefSource]] = {}
    for source in brief.sources:
        by_group.setdefault(source.source_group, []).append(source)
    for source in brief.sources:
        if source.independent or source.number in marks:
            continue
        others = [s for s in by_group.get(source.source_group, []) if s.number != source.number]
        if others:
            target = min(others, key=lambda s: (not s.independent, s.number))
            marks[source.number] = _Mark("same source group as", target.number)
    return marks


def _view(brief: Brief) -> _View:
    marks = _marks(brief)
    corroborated = sorted(brief.corroborated, key=lambda f: -f.independent_sources)
    counts = (
        _plural(len(brief.corroborated), "corroborated fact"),
        _plural(len(brief.disputed), "disputed figure"),
        _plural(len(brief.single_source), "single-source claim"),
        _plural(len(brief.sources), "source"),
    )
    generated = _format_when(brief.generated_at) or "at an unknown time"
    summary = (
        f"{_plural(brief.article_count, 'report')} from "
        f"{_plural(brief.independent_source_count, 'independent source')}, "
        f"generated {generated}"
    )
    return _View(
        title=_one_line(brief.title) or "Untitled story",
        summary=summary,
        generated=generated,
        generated_iso=brief.generated_at or "",
        counts=counts,
        corroborated=tuple(_fact(f) for f in corroborated),
        disputes=tuple(_dispute(d) for d in brief.disputed),
        single_source=tuple(_fact(f) for f in brief.single_source),
        copy_groups=tuple(_copy_group(g) for g in brief.copy_groups),
        entities=tuple(_entity(e) for e in brief.entities),
        speakers=tuple(s for s in map(_speaker, brief.who_said_what) if s.name and s.quotes),
        sources=tuple(
            _Source(
                number=s.number,
                outlet=_one_line(s.outlet) or "Unknown outlet",
                title=_one_line(s.title) or "Untitled",
                url=_one_line(s.url) or None,
                href=_safe_href(s.url),
                origin=_one_line(s.origin),
                published=_format_when(s.published),
                published_iso=s.published,
                independent=s.independent,
                mark=marks.get(s.number),
                not_read=tuple(t for t in map(_one_line, s.not_read) if t),
                date_note=_one_line(s.date_note) or None,
            )
            for s in sorted(brief.sources, key=lambda s: s.number)
        ),
        other_stories=tuple(t for t in (_one_line(s) for s in brief.other_stories) if t),
        judge_notes=tuple(t for t in map(_one_line, brief.judge_notes) if t),
    )


# --------------------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_<>\[\]])")
_MD_BLOCK_START = re.compile(r"^([#>+=-]|\d+[.)])")


def _md(text: str) -> str:
    """Escape article text so it stays plain text inside our Markdown structure."""
    text = _MD_SPECIAL.sub(r"\\\1", _one_line(text))
    return _MD_BLOCK_START.sub(r"\\\1", text)


def _md_code(text: str) -> str:
    """A code span, for paths and odd URLs: shown verbatim and never turned into markup."""
    text = _one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_cites(cites: Iterable[_Cite]) -> str:
    return " ".join(f"[{c.number}]" for c in cites)


def _md_refs(numbers: Iterable[int]) -> str:
    return " ".join(f"[{n}]" for n in numbers)


def _md_verdict(fact: _Fact) -> str:
    """ " · consistent (rule: numbers); copy [7] altered it" after a corroborated fact."""
    if not fact.verdict_label:
        return ""
    decided = f" ({_md(fact.decided_by)})" if fact.decided_by else ""
    altered = f"; altered in copy {_md_cites(fact.altered)}" if fact.altered else ""
    return f" · {_md(fact.verdict_label)}{decided}{altered}"


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown, for the terminal and for pasting into notes or tickets."""
    view = _view(brief)
    out: list[str] = [f"# {_md(view.title)}", "", f"{_md(view.summary)}."]

    def section(heading: str, lines: list[str]) -> None:
        out.extend(["", f"## {heading}", ""])
        out.extend(lines or [NONE_FOUND])

    section(
        "Corroborated facts",
        [
            f"- {_md(f.text)} — **{f.sources_label}**{_md_verdict(f)} {_md_cites(f.cites)}"
            for f in view.corroborated
        ],
    )

    disputes: list[str] = []
    for dispute in view.disputes:
        if disputes:
            disputes.append("")
        disputes += [f"### {_md(dispute.heading)}", ""]
        reason = f" — {_md(dispute.reason)}" if dispute.reason else ""
        decided = f" (decided by {_md(dispute.decided_by)})" if dispute.decided_by else ""
        disputes += [f"*{_md(dispute.kind_label)}*{reason}{decided}", ""]
        for figure in dispute.figures:
            said = f", according to {_md(figure.attributed_to)}" if figure.attributed_to else ""
            disputes.append(
                f"- **{_md(figure.outlet)}**: {_md(figure.figure)}{said} [{figure.cite.number}]"
            )
        if not dispute.figures:
            disputes.append("- No figures recorded.")
    section("Disputed figures", disputes)

    section(
        "Single-source claims",
        [f"- {_md(f.text)} {_md_cites(f.cites)}".rstrip() for f in view.single_source],
    )

    copies: list[str] = []
    for group in view.copy_groups:
        if copies:
            copies.append("")
        copies += [f"### {_md(group.heading)}", ""]
        o = group.original
        copies.append(f"- Likely original: [{o.number}] {_md(o.outlet)} — {_md(o.title)}")
        for m in group.members:
            similar = f", {m.similarity} similar" if m.similarity else ""
            copies.append(f"- [{m.number}] {_md(m.outlet)} — {_md(m.title)}: {m.relation}{similar}")
            for a in m.altered:
                copies.append(
                    f"  - altered in copy ({_md(a.kind)}): “{_md(a.original)}” became "
                    f"“{_md(a.altered)}” — original: {_md(a.original_sentence)} / "
                    f"copy: {_md(a.copy_sentence)}"
                )
    section("Copies of the same story", copies)

    if view.entities:
        entities = []
        for e in view.entities:
            variants = "; ".join(
                f"{_md(v.form)} {_md_refs(v.sources)}".rstrip()
                + (" — probable misspelling" if v.suspect else "")
                for v in e.variants
            )
            role = f", {_md(e.role)}" if e.role else ""
            line = f"- **{_md(e.name)}**{role} ({_md(e.label)}, {e.mentions_label})"
            entities.append(f"{line}: {variants}" if variants else line)
        section("People and organisations", entities)

    if view.speakers:
        lines: list[str] = []
        for speaker in view.speakers:
            if lines:
                lines.append("")
            role = f", {_md(speaker.role)}" if speaker.role else ""
            lines += [f"**{_md(speaker.name)}**{role}", ""]
            for q in speaker.quotes:
                words = f"“{_md(q.text)}”" if q.direct else f"said that {_md(q.text)}"
                via = f", via {_md(q.channel)}" if q.channel else ""
                lines.append(f"- {words} — {_md(q.cite.outlet)} [{q.cite.number}]{via}")
        section("Who said what", lines)

    sources = []
    for s in view.sources:
        when = f"published {s.published}" if s.published else "publication date unknown"
        line = f"- [{s.number}] {_md(s.outlet)} — {_md(s.title)} ({when})"
        if s.href:
            line += f" — {s.href}"
        elif s.url or s.origin:
            line += f" — {_md_code(s.url or s.origin)}"
        if s.mark:
            line += f" — *{s.mark.text} [{s.mark.target}]*"
        sources.append(line)
        sources += [f"  - not read: {_md(note)}" for note in s.not_read]
        if s.date_note:
            sources.append(f"  - placed in this story by content: {_md(s.date_note)}")
    section("Sources", sources)

    if view.other_stories:
        out.extend(["", "---", "", "*Also in this collection (not covered by this brief):*", ""])
        out.extend(f"- {_md(title)}" for title in view.other_stories)
    if view.judge_notes:
        out.extend(["", "*Judge:*", ""])
        out.extend(f"- {_md(note)}" for note in view.judge_notes)

    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- html


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page: inline CSS, no scripts, no external files."""
    template = _environment().get_template(TEMPLATE_NAME)
    html = template.render(view=_view(brief), none_found=NONE_FOUND)
    return html.rstrip() + "\n"


# --------------------------------------------------------------------------- json


def _jsonable(value: Any) -> Any:
    """Turn what ``json`` cannot write into what it can (and NaN/inf into null)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if isinstance(value, dict):
        return {str(_jsonable(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_jsonable(v) for v in value), key=repr)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    return str(value)


def render_json(brief: Brief) -> str:
    """The brief as JSON: exactly ``brief.to_dict()``, made JSON-safe, pretty-printed."""
    data = _jsonable(brief.to_dict())
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
