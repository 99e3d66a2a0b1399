"""Render a :class:`~newsprism.models.Brief` as Markdown, a self-contained HTML page or JSON.

The renderers only format: every decision (which facts are corroborated, which sources are
copies) was made upstream and is carried by the ``Brief``. All three functions are pure and
return text ending in exactly one newline, ready to write to a file.

Both text renderers share one "view" of the brief (sorted facts, grouped citations, formatted
dates, copy marks for the sources list), so the Markdown and the HTML always say the same thing.
The HTML's two SVG charts (the timeline and when each outlet published) are laid out here too,
in plain numbers, so the template only prints them.
Article-derived text is untrusted: the HTML template is rendered with autoescaping on, links
are only made from ``http(s)`` URLs, and the Markdown escapes the characters that could turn
article text into markup.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePath
from typing import Any

from newsprism._formats import template_environment
from newsprism.models import (
    Brief,
    BriefCitation,
    BriefDispute,
    BriefEntity,
    BriefEvent,
    BriefFact,
    BriefLede,
    BriefNarrative,
    BriefSentence,
    BriefSource,
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
    counts: tuple[tuple[str, str], ...]  # ("13 corroborated facts", section id)
    corroborated: tuple[_Fact, ...]
    disputes: tuple[_Dispute, ...]
    single_source: tuple[_Fact, ...]
    entities: tuple[_Entity, ...]
    speakers: tuple[_Speaker, ...]
    sources: tuple[_Source, ...]
    other_stories: tuple[str, ...]
    judge_notes: tuple[str, ...] = ()
    lede: _Lede | None = None
    narrative: _Narrative | None = None
    changes: tuple[_Change, ...] = ()
    timeline: tuple[_Event, ...] = ()  # in the story's time, in order
    earlier: tuple[_Event, ...] = ()  # background: long before the story broke
    timeline_chart: _TimelineChart | None = None
    groups: tuple[_Group, ...] = ()
    coverage_chart: _CoverageChart | None = None


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


# --------------------------------------------------------------------------- story views


@dataclass(frozen=True)
class _Lede:
    text: str
    cites: tuple[_Cite, ...]
    where: tuple[str, ...]
    when: str | None  # as the sources write it, else the UTC time
    when_utc: str | None  # "2026-03-10 02:30 UTC", shown beside the written form
    when_iso: str | None


@dataclass(frozen=True)
class _Sentence:
    text: str
    cites: tuple[_Cite, ...]
    kind: str  # "lede", "fact" or "dispute"
    generated: bool
    unsupported: bool  # generated and the judge found no support: kept, but flagged
    check: str


@dataclass(frozen=True)
class _Narrative:
    paragraphs: tuple[tuple[_Sentence, ...], ...]
    method: str
    dropped: tuple[_Sentence, ...]
    notes: tuple[str, ...]

    @property
    def generated(self) -> bool:
        return any(s.generated for p in self.paragraphs for s in p)


@dataclass(frozen=True)
class _Change:
    """One fact a copy changed, with the original's sentence beside the copy's."""

    copy: int
    copy_outlet: str
    original: int | None
    original_outlet: str
    kind: str  # "number", "name", ...; empty when only the changed sentence is known
    before: str
    after: str
    original_sentence: str
    copy_sentence: str


@dataclass(frozen=True)
class _Event:
    when: str  # as written
    date: str  # normalised: "2026-03-10 02:30 UTC", "March 2026", "1968"
    iso: str
    text: str
    cites: tuple[_Cite, ...]
    sources_label: str
    background: bool


@dataclass(frozen=True)
class _Member:
    number: int
    outlet: str
    relation: str  # "original", "copy", "derived"; empty for a report on its own
    similarity: str | None


@dataclass(frozen=True)
class _Group:
    id: str
    label: str
    colour: int  # index into the chart palette (CSS classes g0..g7)
    members: tuple[_Member, ...]
    first_reported: str | None
    first_reported_iso: str | None
    reports_label: str  # "5 reports"


@dataclass(frozen=True)
class _Tick:
    x: float
    label: str
    sub: str = ""  # the date (or year) under the first tick and wherever it changes


@dataclass(frozen=True)
class _Axis:
    x0: float
    x1: float
    y: float
    top: float  # where grid lines start
    ticks: tuple[_Tick, ...]
    width: float


@dataclass(frozen=True)
class _Dot:
    x: float
    y: float
    r: float
    count: int  # independent sources, printed in the dot
    label: str
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor of the label
    tooltip: str
    bar_x1: float | None = None  # end of the event's span ("throughout the morning")


@dataclass(frozen=True)
class _TimelineChart:
    width: float
    height: float
    axis: _Axis
    dots: tuple[_Dot, ...]
    description: str


@dataclass(frozen=True)
class _Row:
    number: int
    label: str  # "[1] Northgate Herald", clipped to the label column
    y: float
    colour: int
    copy: bool  # drawn as a diamond, linked to its group's original
    x: float | None  # None: undated
    points: str  # the diamond's polygon
    time_label: str
    time_x: float
    time_anchor: str
    link: str | None  # SVG path from the group's original down to this copy
    tooltip: str


@dataclass(frozen=True)
class _CoverageChart:
    width: float
    height: float
    axis: _Axis
    rows: tuple[_Row, ...]
    label_width: float
    description: str


def _sentence(sentence: BriefSentence) -> _Sentence:
    generated = bool(sentence.generated)
    return _Sentence(
        text=_one_line(sentence.text),
        cites=_cites(sentence.citations),
        kind=str(sentence.kind),
        generated=generated,
        unsupported=generated and sentence.supported is False,
        check=_one_line(sentence.check),
    )


def _method(method: str) -> str:
    method = _one_line(method)
    if not method or method == "extractive":
        return "Extractive: built from the sources' own sentences, not written by a language model."
    if method.lower().startswith("llm:"):
        return f"Rewritten by a language model: {method[4:].strip()}."
    return f"Method: {method}."


def _narrative(narrative: BriefNarrative, lede: _Lede | None) -> _Narrative | None:
    """The narrative's view; its lede sentence is left out when the lede is shown above it."""

    def shown(sentence: _Sentence) -> bool:
        return bool(sentence.text) and not (
            lede is not None and sentence.kind == "lede" and sentence.text == lede.text
        )

    paragraphs = tuple(
        p
        for p in (
            tuple(s for s in map(_sentence, para) if shown(s)) for para in narrative.paragraphs
        )
        if p
    )
    dropped = tuple(s for s in map(_sentence, narrative.dropped) if s.text)
    notes = tuple(t for t in map(_one_line, narrative.notes) if t)
    if not (paragraphs or dropped or notes):
        return None
    return _Narrative(paragraphs, _method(narrative.method), dropped, notes)


def _lede(lede: BriefLede | None) -> _Lede | None:
    if lede is None or not _one_line(lede.text):
        return None
    utc = _format_when(lede.when)
    written = _one_line(lede.when_text) or None
    return _Lede(
        text=_one_line(lede.text),
        cites=_cites(lede.citations),
        where=tuple(w for w in map(_one_line, lede.where) if w),
        when=written or utc,
        when_utc=utc if written else None,
        when_iso=lede.when or None,
    )


def _changes(brief: Brief) -> tuple[_Change, ...]:
    """The facts copies changed: from the copy groups, then any other copy a corroborated
    fact names as having altered it."""
    outlets = {s.number: _one_line(s.outlet) for s in brief.sources}
    changes: list[_Change] = []
    original_of: dict[int, tuple[int, str]] = {}
    for group in brief.copy_groups:
        o = group.original
        for member in group.members:
            if member.source == o.source:
                continue
            original_of.setdefault(member.source, (o.source, _one_line(o.outlet)))
            for a in member.altered:
                changes.append(
                    _Change(
                        copy=member.source,
                        copy_outlet=_one_line(member.outlet),
                        original=o.source,
                        original_outlet=_one_line(o.outlet),
                        kind=_one_line(a.kind),
                        before=_one_line(a.original),
                        after=_one_line(a.altered),
                        original_sentence=_one_line(a.original_sentence),
                        copy_sentence=_one_line(a.copy_sentence),
                    )
                )
    covered = {c.copy for c in changes}
    for fact in brief.corroborated:
        for cite in _cites(fact.altered_in_copy):
            if cite.number in covered:
                continue
            original, original_outlet = original_of.get(cite.number, (None, ""))
            changes.append(
                _Change(
                    copy=cite.number,
                    copy_outlet=cite.outlet or outlets.get(cite.number, ""),
                    original=original,
                    original_outlet=original_outlet,
                    kind="",
                    before="",
                    after="",
                    original_sentence=_one_line(fact.text),
                    copy_sentence=" / ".join(cite.sentences),
                )
            )
    return tuple(changes)


def _parse_time(iso: str | None) -> datetime | None:
    """An ISO 8601 string as an aware UTC datetime (naive ones are taken as UTC); None for
    nonsense, and for years so far off that padding a chart's axis would overflow."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso.strip())
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        when = when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return when if 1000 <= when.year <= 9000 else None


def _event_date(start: str, end: str | None, granularity: str) -> str:
    """The event's time as precisely as the sources give it, no more."""
    s = _parse_time(start)
    if s is None:
        return _one_line(start)
    e = _parse_time(end)
    if granularity == "year":
        return f"{s.year}–{e.year}" if e and e.year - 1 > s.year else str(s.year)
    if granularity == "month":
        return s.strftime("%B %Y")
    if granularity == "week":
        return f"week of {s:%Y-%m-%d}"
    if granularity == "day":
        return s.strftime("%Y-%m-%d")
    if granularity == "part of day" and e and e > s and e - s <= timedelta(days=1):
        return f"{s:%Y-%m-%d %H:%M}–{e:%H:%M} UTC"
    return s.strftime("%Y-%m-%d %H:%M UTC")


def _event(event: BriefEvent) -> _Event:
    return _Event(
        when=_one_line(event.when),
        date=_event_date(event.start, event.end, str(event.granularity)),
        iso=event.start,
        text=_one_line(event.text),
        cites=_cites(event.citations),
        sources_label=_plural(event.independent_sources, "independent source"),
        background=bool(event.background),
    )


def _sorted_events(events: Iterable[BriefEvent]) -> list[BriefEvent]:
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(events, key=lambda e: _parse_time(e.start) or far)


def _groups(brief: Brief) -> tuple[_Group, ...]:
    """The independence groups, earliest first: from ``source_groups`` or, in briefs that
    predate them, from each source's group id."""
    by_number = {s.number: s for s in brief.sources}
    relation: dict[int, tuple[str, str | None]] = {}
    agency_of: dict[int, str] = {}
    for group in brief.copy_groups:
        relation[group.original.source] = ("original", None)
        if group.agency:
            agency_of[group.original.source] = _one_line(group.agency)
        for m in group.members:
            if m.source != group.original.source:
                label = _RELATION_LABELS.get(str(m.relation), str(m.relation))
                relation[m.source] = (label, _percent(m.similarity))

    raw: list[tuple[str, str, int, list[int], str | None]] = []
    if brief.source_groups:
        for g in brief.source_groups:
            raw.append((g.id, _one_line(g.label), g.original, list(g.members), g.first_reported))
    else:
        members_of: dict[str, list[int]] = {}
        for s in sorted(brief.sources, key=lambda s: s.number):
            members_of.setdefault(s.source_group, []).append(s.number)
        for gid, numbers in members_of.items():
            original = next((n for n in numbers if by_number[n].independent), numbers[0])
            dates = [by_number[n].published for n in numbers]
            times = [(t, iso) for iso in dates if iso and (t := _parse_time(iso)) is not None]
            first = min(times)[1] if times else None
            label = agency_of.get(original) or _one_line(by_number[original].outlet)
            raw.append((gid, label, original, numbers, first))

    far = datetime.max.replace(tzinfo=UTC)
    raw.sort(key=lambda g: (_parse_time(g[4]) or far, g[2]))
    groups = []
    for index, (gid, label, original, numbers, first) in enumerate(raw):
        members = []
        for n in sorted(set(numbers)):
            source = by_number.get(n)
            outlet = _one_line(source.outlet) if source else ""
            if len(numbers) == 1:
                rel, similar = "", None
            else:
                rel, similar = relation.get(n, ("original" if n == original else "copy", None))
            members.append(_Member(n, outlet, rel, similar))
        groups.append(
            _Group(
                id=gid,
                label=label or f"Group {index + 1}",
                colour=index % _PALETTE,
                members=tuple(members),
                first_reported=_format_when(first),
                first_reported_iso=first,
                reports_label=_plural(len(members), "report"),
            )
        )
    return tuple(groups)


# --------------------------------------------------------------------------- charts

_PALETTE = 8  # colours, as CSS classes g0..g7 in the template
_CHAR_W = 6.2  # average width of an 11px sans-serif character, for label layout
_MINUTE = 60
_SUBDAY_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720]  # minutes
_DAY_STEPS = [1, 2, 7, 14]
_MONTH_STEPS = [1, 3, 6]
_YEAR_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _short_date(when: datetime) -> str:
    return f"{when.day} {when:%b}"


def _ticks(lo: datetime, hi: datetime, max_ticks: int) -> list[tuple[datetime, str, str]]:
    """Round-numbered tick times in [lo, hi], with their labels: the fewest that read well."""
    span = (hi - lo).total_seconds()
    max_ticks = max(max_ticks, 2)
    out: list[tuple[datetime, str, str]] = []
    for minutes in _SUBDAY_STEPS if span <= 36 * 3600 else ():  # longer: whole days read best
        step = minutes * _MINUTE
        if span / step <= max_ticks:
            t = math.ceil(lo.timestamp() / step) * step
            last_day = None
            while t <= hi.timestamp():
                when = datetime.fromtimestamp(t, UTC)
                sub = _short_date(when) if when.date() != last_day else ""
                out.append((when, when.strftime("%H:%M"), sub))
                last_day = when.date()
                t += step
            return out
    day = 86400
    monday = 4 * day  # 1970-01-05 was a Monday: weeks start on Mondays
    for days in _DAY_STEPS:
        step = days * day
        if span / step <= max_ticks:
            offset = monday if days >= 7 else 0
            t = math.ceil((lo.timestamp() - offset) / step) * step + offset
            last_year = None
            while t <= hi.timestamp():
                when = datetime.fromtimestamp(t, UTC)
                out.append(
                    (when, _short_date(when), str(when.year) if when.year != last_year else "")
                )
                last_year = when.year
                t += step
            return out
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    for step_months in _MONTH_STEPS:
        if months / step_months <= max_ticks:
            index = lo.year * 12 + lo.month - 1
            index += -index % step_months
            last_year = None
            while True:
                when = datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)
                if when > hi:
                    return out
                if when >= lo:
                    sub = str(when.year) if when.year != last_year else ""
                    out.append((when, when.strftime("%b"), sub))
                    last_year = when.year
                index += step_months
    for years in _YEAR_STEPS:
        if (hi.year - lo.year + 1) / years <= max_ticks or years == _YEAR_STEPS[-1]:
            year = lo.year + (-lo.year % years)
            while year <= hi.year:
                when = datetime(year, 1, 1, tzinfo=UTC)
                if when >= lo:
                    out.append((when, str(year), ""))
                year += years
            return out
    return out


def _axis(
    times: list[datetime], x0: float, x1: float, y: float, top: float
) -> tuple[_Axis, Callable[[datetime], float]]:
    """A time axis over ``times`` and the function placing a time on it.

    The domain is padded so the first and last marks sit inside the frame; a single time (or
    several at the same moment) gets an hour-wide window around it."""
    first, last = min(times), max(times)
    span = max((last - first).total_seconds(), 3600.0)
    pad = span * 0.06 + (span - (last - first).total_seconds()) / 2
    lo, hi = first - timedelta(seconds=pad), last + timedelta(seconds=pad)
    total = (hi - lo).total_seconds()

    def place(when: datetime) -> float:
        return round(x0 + (when - lo).total_seconds() / total * (x1 - x0), 1)

    ticks = tuple(
        _Tick(place(when), label, sub) for when, label, sub in _ticks(lo, hi, int((x1 - x0) // 80))
    )
    return _Axis(x0, x1, y, top, ticks, x1 - x0), place


_SPANNED = {"hour", "part of day"}  # granularities whose span is drawn as a bar


def _first_free_row(
    row_ends: list[float], left: float, right: float, *, gap: float, most: int
) -> int:
    """The lowest row whose last item ends ``gap`` before ``left`` (a new row while there
    are fewer than ``most``, else the row that ends soonest); the row then ends at ``right``."""
    row = next((r for r, end in enumerate(row_ends) if left > end + gap), None)
    if row is None and len(row_ends) < most:
        row_ends.append(right)
        row = len(row_ends) - 1
    elif row is None:
        row = min(range(len(row_ends)), key=row_ends.__getitem__)
    row_ends[row] = max(row_ends[row], right)
    return row


def _timeline_chart(events: list[_Event], raw: list[BriefEvent]) -> _TimelineChart | None:
    """Dots on a time axis, one per dated event, with labels in rows so none overlap."""
    dated = []
    for event, source in zip(events, raw, strict=True):
        when = _parse_time(source.start)
        if event.background or when is None:
            continue
        until = _parse_time(source.end) if str(source.granularity) in _SPANNED else None
        dated.append((when, until if until and until > when else None, event, source))
    if not dated:
        return None
    width, x0, x1 = 760.0, 24.0, 712.0
    row_h, top = 16.0, 8.0
    limit = 44 if len(dated) <= 4 else 34 if len(dated) <= 8 else 30
    times = [w for w, _, _, _ in dated] + [u for _, u, _, _ in dated if u]
    _, place = _axis(times, x0, x1, 0, 0)
    xs = [place(w) for w, _, _, _ in dated]
    ends = [place(u) if u else None for _, u, _, _ in dated]
    radii = [5.0 + 1.5 * min(max(s.independent_sources, 1), 6) for _, _, _, s in dated]

    # dots (and their bars) that would overlap go up a lane: x always stays the true time
    lanes_end: list[float] = []
    lane_of: list[int] = []
    for x, end, r in zip(xs, ends, radii, strict=True):
        left, right = x - r, max(x + r, end or x)
        lane_of.append(_first_free_row(lanes_end, left, right, gap=2, most=8))

    # labels: row 0 sits just above the dots; a label goes in the lowest row it fits
    rows_end: list[float] = []
    placed: list[tuple[int, str, str]] = []  # row, anchor, label
    for x, (_, _, event, _) in zip(xs, dated, strict=True):
        label = _clip(event.text, limit)
        w = len(label) * _CHAR_W
        start = x + w < width - 4
        left, right = (x - 2, x - 2 + w) if start else (x - w + 2, x + 2)
        row = _first_free_row(rows_end, left, right, gap=12, most=12)
        placed.append((row, "start" if start else "end", label))

    rmax, rows = max(radii), len(rows_end)
    lane_h = 2 * rmax + 4
    base = top + rows * row_h + 8 + rmax + (len(lanes_end) - 1) * lane_h
    axis_y = base + rmax + 10
    axis, _ = _axis(times, x0, x1, axis_y, top)
    dots = []
    for (row, anchor, label), x, r, lane, end, (_, _, event, source) in zip(
        placed, xs, radii, lane_of, ends, dated, strict=True
    ):
        written = f" ({event.when})" if event.when else ""
        dots.append(
            _Dot(
                x=x,
                y=round(base - lane * lane_h, 1),
                r=r,
                count=source.independent_sources,
                label=label,
                label_x=x - 2 if anchor == "start" else x + 2,
                label_y=round(top + (rows - 1 - row) * row_h + 11, 1),
                anchor=anchor,
                tooltip=f"{event.date}{written}: {event.text} — {event.sources_label}",
                bar_x1=end,
            )
        )
    description = (
        f"Timeline chart: {_plural(len(dots), 'dated event')} on a UTC time axis; "
        "each dot's number is its count of independent sources."
    )
    return _TimelineChart(width, round(axis_y + 40, 1), axis, tuple(dots), description)


def _coverage_chart(
    sources: tuple[_Source, ...], groups: tuple[_Group, ...]
) -> _CoverageChart | None:
    """One row per source with a mark at its publication time, coloured by its group."""
    times = {s.number: t for s in sources if (t := _parse_time(s.published_iso)) is not None}
    if not times:
        return None
    width, label_w, x0, x1 = 760.0, 200.0, 214.0, 712.0
    row_h, top = 24.0, 6.0
    axis_y = top + len(sources) * row_h + 6
    axis, place = _axis(list(times.values()), x0, x1, axis_y, top)
    group_of = {m.number: g for g in groups for m in g.members}
    one_day = len({t.date() for t in times.values()}) == 1
    row_y = {s.number: top + i * row_h + row_h / 2 for i, s in enumerate(sources)}
    rows = []
    for s in sources:
        y = round(row_y[s.number], 1)
        group = group_of.get(s.number)
        copy = not s.independent
        when = times.get(s.number)
        x = place(when) if when else None
        time_label, time_x, anchor = "undated", x0, "start"
        if when is not None and x is not None:
            time_label = when.strftime("%H:%M") if one_day else f"{_short_date(when)} {when:%H:%M}"
            right = x + 10 + len(time_label) * _CHAR_W < width
            time_x, anchor = (x + 10, "start") if right else (x - 10, "end")
        link = None
        if copy and x is not None and group is not None:
            original = next((m.number for m in group.members if m.relation == "original"), None)
            if original is None:
                original = next((m.number for m in group.members if m.number != s.number), None)
            if original is not None and original in times and original in row_y:
                # an elbow: down from the original's mark, then across to the copy's
                ox, oy = place(times[original]), round(row_y[original], 1)
                down = 6.5 if y > oy else -6.5
                across = -7.5 if x > ox else 7.5
                if abs(x - ox) < 8:
                    link = f"M{ox:g},{oy + down:g} V{y - down:g}"
                else:
                    link = f"M{ox:g},{oy + down:g} V{y:g} H{x + across:g}"
        r = 6.5
        points = " ".join(
            f"{px:g},{py:g}"
            for px, py in ((x or 0, y - r), ((x or 0) + r, y), (x or 0, y + r), ((x or 0) - r, y))
        )
        where = f"published {s.published}" if s.published else "publication date unknown"
        tooltip = f"[{s.number}] {s.outlet}: {where}"
        if group is not None and len(group.members) > 1:
            tooltip += f"; group: {group.label}"
        if s.mark:
            tooltip += f"; {s.mark.text} [{s.mark.target}]"
        rows.append(
            _Row(
                number=s.number,
                label=_clip(f"[{s.number}] {s.outlet}", 30),
                y=y,
                colour=group.colour if group else 0,
                copy=copy,
                x=x,
                points=points,
                time_label=time_label,
                time_x=round(time_x, 1),
                time_anchor=anchor,
                link=link,
                tooltip=tooltip,
            )
        )
    description = (
        f"Coverage chart: when each of {_plural(len(sources), 'source')} published, on a UTC "
        "time axis; colour shows the independence group, diamonds are copies."
    )
    return _CoverageChart(width, round(axis_y + 40, 1), axis, tuple(rows), label_w, description)


def _view(brief: Brief) -> _View:
    marks = _marks(brief)
    lede = _lede(brief.lede)
    corroborated = sorted(brief.corroborated, key=lambda f: -f.independent_sources)
    counts = (
        (_plural(len(brief.corroborated), "corroborated fact"), "corroborated"),
        (_plural(len(brief.disputed), "disputed figure"), "disputed"),
        (_plural(len(brief.single_source), "single-source claim"), "single-source"),
        (_plural(len(brief.sources), "source"), "sources"),
    )
    generated = _format_when(brief.generated_at) or "at an unknown time"
    summary = (
        f"{_plural(brief.article_count, 'report')} from "
        f"{_plural(brief.independent_source_count, 'independent source')}, "
        f"generated {generated}"
    )
    sources = tuple(
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
    )
    raw_events = [e for e in _sorted_events(brief.timeline) if _one_line(e.text)]
    events = [_event(e) for e in raw_events]
    groups = _groups(brief)
    return _View(
        title=_one_line(brief.title) or "Untitled story",
        summary=summary,
        generated=generated,
        generated_iso=brief.generated_at or "",
        counts=counts,
        corroborated=tuple(_fact(f) for f in corroborated),
        disputes=tuple(_dispute(d) for d in brief.disputed),
        single_source=tuple(_fact(f) for f in brief.single_source),
        entities=tuple(_entity(e) for e in brief.entities),
        speakers=tuple(s for s in map(_speaker, brief.who_said_what) if s.name and s.quotes),
        sources=sources,
        other_stories=tuple(t for t in (_one_line(s) for s in brief.other_stories) if t),
        judge_notes=tuple(t for t in map(_one_line, brief.judge_notes) if t),
        lede=lede,
        narrative=_narrative(brief.narrative, lede),
        changes=_changes(brief),
        timeline=tuple(e for e in events if not e.background),
        earlier=tuple(e for e in events if e.background),
        timeline_chart=_timeline_chart(events, raw_events),
        groups=groups,
        coverage_chart=_coverage_chart(sources, groups),
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


def _md_sentence(sentence: _Sentence) -> str:
    """One narrative sentence with its citations and, when it needs one, its warning."""
    text = _md(sentence.text)
    if sentence.kind == "dispute":
        text = f"**{text}** *(sources disagree)*"
    cites = _md_cites(sentence.cites)
    line = f"{text} {cites}" if cites else text
    if sentence.unsupported:
        check = f": {_md(sentence.check)}" if sentence.check else ""
        line += f" ⚠ unsupported by sources{check}"
    return line


def _md_change(change: _Change) -> list[str]:
    copy = f"[{change.copy}] {_md(change.copy_outlet)}"
    if change.before or change.after:
        kind = f" ({_md(change.kind)})" if change.kind else ""
        head = f"- {copy} changed “{_md(change.before)}” to “{_md(change.after)}”{kind}"
    else:
        head = f"- {copy} changed a corroborated fact"
    original = (
        f"[{change.original}] {_md(change.original_outlet)}".rstrip()
        if change.original is not None
        else "corroborated fact"
    )
    lines = [head]
    if change.original_sentence:
        lines.append(f"  - original, {original}: {_md(change.original_sentence)}")
    if change.copy_sentence:
        lines.append(f"  - copy, {copy}: {_md(change.copy_sentence)}")
    return lines


def _md_event(event: _Event) -> str:
    written = f"“{_md(event.when)}”; " if event.when else ""
    cites = _md_cites(event.cites)
    line = f"- **{_md(event.date)}** — {_md(event.text)} *({written}{event.sources_label})*"
    return f"{line} {cites}" if cites else line


def _md_group(group: _Group) -> str:
    members = ", ".join(
        f"[{m.number}] {_md(m.outlet)}"
        + (
            f" ({m.relation}{', ' + m.similarity + ' similar' if m.similarity else ''})"
            if m.relation
            else ""
        )
        for m in group.members
    )
    first = f" — first reported {group.first_reported}" if group.first_reported else ""
    if len(group.members) > 1:
        return f"- **{_md(group.label)}**, {group.reports_label}: {members}{first}"
    return f"- [{group.members[0].number}] **{_md(group.label)}**{first}" if group.members else ""


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown, for the terminal and for pasting into notes or tickets."""
    view = _view(brief)
    out: list[str] = [f"# {_md(view.title)}", "", f"{_md(view.summary)}."]

    def section(heading: str, lines: list[str]) -> None:
        out.extend(["", f"## {heading}", ""])
        out.extend(lines or [NONE_FOUND])

    if view.lede:
        lede = view.lede
        out += ["", f"**{_md(lede.text)}** {_md_cites(lede.cites)}".rstrip()]
        facts = []
        if lede.where:
            facts.append(f"*Where:* {', '.join(map(_md, lede.where))}")
        if lede.when:
            utc = f" — {lede.when_utc}" if lede.when_utc else ""
            facts.append(f"*When:* {_md(lede.when)}{utc}")
        if facts:
            out += ["", " · ".join(facts)]

    if view.narrative:
        story = [" ".join(map(_md_sentence, para)) for para in view.narrative.paragraphs]
        story = [line for para in story for line in (para, "")]
        if view.narrative.dropped:
            story.append(
                "*Left out: written by the language model, but not supported by the sources:*"
            )
            story.append("")
            for left_out in view.narrative.dropped:
                check = f" — {_md(left_out.check)}" if left_out.check else ""
                story.append(f"- {_md(left_out.text)}{check}")
            story.append("")
        story.append(f"*{_md(view.narrative.method)}*")
        story += [line for note in view.narrative.notes for line in ("", f"*Note: {_md(note)}*")]
        section("The story so far", story)

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

    section("Altered in copies", [line for c in view.changes for line in _md_change(c)])

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

    timeline = [_md_event(e) for e in view.timeline]
    if view.earlier:
        timeline += ["", "### Earlier", ""] if timeline else ["### Earlier", ""]
        timeline += [_md_event(e) for e in view.earlier]
    section("Timeline", timeline)

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

    sources = []
    if view.groups:
        sources += [
            "### Independence groups",
            "",
            "*Copies of one report count as one independent source.*",
            "",
        ]
        sources += [_md_group(g) for g in view.groups]
        sources += ["", "### Reports", ""]
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


def render_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page: inline CSS, no scripts, no external files."""
    template = template_environment(TEMPLATE_DIR).get_template(TEMPLATE_NAME)
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
