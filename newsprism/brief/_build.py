"""Build the Brief from the stages' results: every sentence keeps its citations."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from newsprism.brief._narrative import (
    StoryFacts,
    build_narrative,
    choose_lede,
    one_citation_per_article,
    strip_dateline,
)
from newsprism.brief._timeline import build_timeline
from newsprism.models import (
    Article,
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
    BriefSourceGroup,
    BriefSourceRef,
    BriefSpeaker,
    Claim,
    ClaimGroup,
    Entity,
    NumericConflict,
    Quote,
    SkippedPassage,
    SourceGroup,
    SpeechKind,
    Story,
    TimeExpression,
    Verdict,
)

# A single-source sentence is worth listing when it carries a figure or names someone.
MAX_ENTITIES = 25
MAX_SINGLE_SOURCE = 60
MAX_SPEAKERS = 15
MAX_QUOTES_PER_SPEAKER = 6
# The entities section lists people first, then organisations; places are left out.
_ENTITY_ORDER = {"PERSON": 0, "ORG": 1}


def build_brief(
    story: Story,
    articles: Sequence[Article],
    source_groups: Sequence[SourceGroup],
    claim_groups: Sequence[ClaimGroup],
    conflicts: Sequence[NumericConflict],
    entities: Sequence[Entity],
    other_stories: Sequence[Story] = (),
    *,
    quotes: Sequence[Quote] = (),
    skipped: Mapping[str, Sequence[SkippedPassage]] | None = None,
    date_notes: Mapping[str, str] | None = None,
    judge_notes: Sequence[str] = (),
    sentence_counts: Mapping[str, int] | None = None,
) -> Brief:
    """The brief for ``story``.

    ``quotes`` are the story's quotes with ``speaker_id`` set to the id of an entity in
    ``entities`` (None when the speaker is unnamed or unresolved); they fill "who said what".
    """
    in_story = [a for a in articles if a.id in set(story.article_ids)]
    by_id = {a.id: a for a in in_story}
    group_of = {m: g for g in source_groups for m in g.members if m in by_id}
    story_groups = [g for g in source_groups if any(m in by_id for m in g.members)]
    sources = number_sources(
        in_story,
        {a: g.id for a, g in group_of.items()},
        {g.original_id for g in story_groups},
        skipped=skipped,
        date_notes=date_notes,
    )
    number = {s.article_id: s.number for s in sources}
    in_story.sort(key=lambda a: number[a.id])

    def cite(claim: Claim) -> BriefCitation:
        article = by_id[claim.article_id]
        return BriefCitation(
            number[article.id], article.id, article.outlet, claim.sentence, article.url
        )

    originals_in_story = {g.original_id for g in story_groups if g.original_id in number}
    corroborated: list[BriefFact] = []
    single: list[BriefFact] = []
    # With one independent source everything rests on it, so every full claim is listed.
    sole_source = len(story_groups) == 1
    for group in claim_groups:
        if group.verdict in {Verdict.DISAGREE, Verdict.ATTRIBUTED}:
            continue  # shown among the disputes
        citations = one_citation_per_article(group.claims, cite)
        fact = BriefFact(
            strip_dateline(group.representative.text),
            group.independent_sources,
            citations,
            verdict=str(group.verdict),
            decided_by=group.decided_by,
            reason=group.reason,
            altered_in_copy=[cite(c) for c in group.altered_in_copy],
        )
        if group.independent_sources >= 2:
            corroborated.append(fact)
        elif any(c.article_id in originals_in_story for c in group.claims) and _informative(
            group.representative, named_or_counted=not sole_source
        ):
            # a sentence only a copy has is its rewording of the original, not a new fact
            single.append(fact)

    disputed = [
        BriefDispute(
            counted=conflict.counted,
            kind=str(conflict.kind),
            reason=conflict.reason,
            decided_by=conflict.decided_by,
            figures=[
                BriefFigure(
                    outlet=by_id[r.claim.article_id].outlet,
                    figure=r.quantity.surface if r.quantity else r.claim.text,
                    value=r.quantity.value if r.quantity else None,
                    attributed_to=r.attributed_to,
                    citation=cite(r.claim),
                )
                for r in conflict.reports
            ],
        )
        for conflict in conflicts
    ]

    def ref(article_id: str, group: SourceGroup) -> BriefSourceRef:
        article = by_id[article_id]
        return BriefSourceRef(
            source=number[article_id],
            outlet=article.outlet,
            title=article.title,
            relation=str(group.members[article_id]),
            similarity=group.similarity.get(article_id),
            altered=[
                BriefAlteredFact(
                    str(f.kind), f.original, f.altered, f.original_sentence, f.copy_sentence
                )
                for f in group.altered.get(article_id, ())
            ],
        )

    copy_groups = [
        BriefCopyGroup(
            agency=g.agency,
            original=ref(g.original_id, g),
            members=[
                ref(m, g) for m in sorted(g.members, key=number.__getitem__) if m != g.original_id
            ],
        )
        for g in story_groups
        if len(g.members) > 1 and g.original_id in number
    ]

    originals = {g.original_id for g in story_groups}
    in_story_entities = {
        e.id: local
        for e in entities
        if (local := _in_story(e, number.__contains__, originals)).mentions
    }
    # Each source speaks once, through its original: a copy's (possibly garbled) rendering
    # of the same quote is not another quote.
    from_originals = [
        q
        for q in quotes
        if q.article_id in group_of and group_of[q.article_id].original_id == q.article_id
    ]
    speakers = _who_said_what(
        from_originals, in_story_entities, number, by_id, {a: g.id for a, g in group_of.items()}
    )
    speaker_ids = {s.entity_id for s in speakers if s.entity_id}
    brief_entities = _brief_entities(list(in_story_entities.values()), number, speaker_ids)

    facts = StoryFacts(
        claim_groups=claim_groups,
        conflicts=conflicts,
        originals=originals_in_story,
        sentence_counts=sentence_counts or {},
        cite=cite,
        source_of={a: g.id for a, g in group_of.items()},
        canonical_names=frozenset(e.name for e in entities),
    )
    lede = choose_lede(facts, _whole_sentences(claim_groups), entities, _date_label)
    first_report = min((a.published for a in in_story if a.published), default=None)

    return Brief(
        title=story.title,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        story_id=story.id,
        article_count=len(in_story),
        independent_source_count=len(story_groups),
        corroborated=corroborated,
        disputed=disputed,
        single_source=_most_specific(single, MAX_SINGLE_SOURCE),
        copy_groups=copy_groups,
        entities=brief_entities,
        sources=sources,
        who_said_what=[s.brief() for s in speakers],
        other_stories=[
            f"{s.title} ({len(s.article_ids)} report{'s' if len(s.article_ids) != 1 else ''})"
            for s in other_stories
        ],
        judge_notes=list(judge_notes),
        lede=lede[1] if lede else None,
        narrative=build_narrative(facts, lede),
        timeline=build_timeline(
            claim_groups,
            originals_in_story,
            first_report,
            cite,
            lambda article_id: group_of[article_id].id if article_id in group_of else article_id,
        ),
        source_groups=[_source_group(g, number, by_id) for g in story_groups],
    )


def _source_group(
    group: SourceGroup, number: Mapping[str, int], by_id: Mapping[str, Article]
) -> BriefSourceGroup:
    members = sorted(number[m] for m in group.members if m in number)
    published = [by_id[m].published for m in group.members if m in by_id]
    first = min((p for p in published if p is not None), default=None)
    original = by_id.get(group.original_id)
    return BriefSourceGroup(
        id=group.id,
        label=f"{group.agency} (agency)"
        if group.agency
        else (original.outlet if original else group.id),
        original=number.get(group.original_id, members[0]),
        members=members,
        first_reported=first.isoformat() if first else None,
        agency=group.agency,
    )


def number_sources(
    articles: Sequence[Article],
    group_of: Mapping[str, str],
    originals: Container[str],
    *,
    skipped: Mapping[str, Sequence[SkippedPassage]] | None = None,
    date_notes: Mapping[str, str] | None = None,
) -> list[BriefSource]:
    """The sources list every [n] refers to: numbered in order of publication (undated
    last, then by outlet), each with its independence group (``group_of``: article id ->
    group id) and whether it heads that group."""
    far_future = datetime.max.replace(tzinfo=UTC)
    ordered = sorted(articles, key=lambda a: (a.published or far_future, a.outlet, a.id))
    return [
        BriefSource(
            number=n,
            article_id=a.id,
            outlet=a.outlet,
            title=a.title,
            url=a.url,
            origin=a.origin,
            published=a.published.isoformat() if a.published else None,
            source_group=group_of[a.id],
            independent=a.id in originals,
            not_read=[
                f"paragraph {p.paragraph + 1}, {p.reason}: “{p.text}…”"
                for p in (skipped or {}).get(a.id, ())
            ],
            date_note=(date_notes or {}).get(a.id),
        )
        for n, a in enumerate(ordered, start=1)
    ]


def _whole_sentences(claim_groups: Sequence[ClaimGroup]) -> dict[str, Claim]:
    """Each grouped sentence as one whole-sentence claim carrying all its clauses' times."""
    parts: dict[str, list[Claim]] = {}
    for group in claim_groups:
        for claim in group.claims:
            parts.setdefault(claim.sentence_key, []).append(claim)
    out: dict[str, Claim] = {}
    for key, claims in parts.items():
        whole = next((c for c in claims if c.clause == 0), None)
        base = whole or replace(claims[0], text=claims[0].sentence, clause=0, context=None)
        times = tuple(dict.fromkeys(t for c in claims for t in c.times))
        out[key] = replace(base, times=times)
    return out


def _date_label(time: TimeExpression) -> str:
    """ "around 4:30 a.m. (10 March 2026)": as written, with the date it resolved to."""
    if time.start is None:
        return time.text
    return f"{time.text} ({time.start.day} {time.start:%B %Y})"


def _informative(claim: Claim, *, named_or_counted: bool = True) -> bool:
    """Worth listing: a full sentence (not a headline or fragment), with a figure or a
    name unless ``named_or_counted`` is off."""
    text = claim.text.rstrip()
    if _quote_fragment(text):
        return False  # the tail or head of a longer quote: "who said what" shows it whole
    if claim.clause and _SUBORDINATE.match(text):
        return False  # "When most of the town was asleep.": a clause, not a statement
    full_sentence = text[:1].isupper() or text[:1] in "\"“‘'"
    full_sentence = full_sentence and text.endswith((".", "!", "?", '"', "”", "’"))
    specific = bool(claim.quantities or claim.mentions) or not named_or_counted
    return full_sentence and specific and len(text.split()) >= 8


_SUBORDINATE = re.compile(
    r"(?:when|while|after|before|as|because|since|if|although|though|which|who|where)\b", re.I
)


def _quote_fragment(text: str) -> bool:
    """Quotation marks that do not pair up: spaCy cut a multi-sentence quote."""
    curly_open, curly_close = text.count("“"), text.count("”")
    return curly_open != curly_close or text.count('"') % 2 == 1


def _most_specific(facts: Sequence[BriefFact], limit: int) -> list[BriefFact]:
    """Single-source claims with figures first, then those naming someone, each in source
    order, so a long list is cut where it matters least."""
    figure = re.compile(r"\d|\b(?:hundred|thousand|million|billion)s?\b", re.I)
    name = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")
    ranked = sorted(
        facts,
        key=lambda f: (
            not figure.search(f.text),
            not name.search(f.text),
            min(c.source for c in f.citations),
        ),
    )
    return ranked[:limit]


# --------------------------------------------------------------------------- people


def _in_story(entity: Entity, in_story: Callable[[str], bool], originals: set[str]) -> Entity:
    """The entity as seen in this story's articles only (forms, roles and counts).

    Roles come from original reports only: a garbled copy's "company of state" must not
    stand for the original's "state company".
    """
    mentions = [m for m in entity.mentions if in_story(m.article_id)]
    # a copy's role adds nothing its original does not say, and a garbled one misleads
    mentions = [m if m.article_id in originals else replace(m, role=None) for m in mentions]
    return Entity(entity.id, entity.name, entity.label, mentions, entity.suspect_forms)


def _brief_entities(
    entities: Sequence[Entity], number: dict[str, int], speaker_ids: set[str]
) -> list[BriefEntity]:
    """People, then organisations, mentioned at least twice or quoted; quoted ones always kept.

    ``entities`` are already limited to the story's mentions (see :func:`_in_story`).
    """
    listed = sorted(
        (e for e in entities if e.label in _ENTITY_ORDER), key=lambda e: _ENTITY_ORDER[e.label]
    )
    listed = [e for e in listed if len(e.mentions) >= 2 or e.id in speaker_ids]
    room = MAX_ENTITIES - sum(1 for e in listed if e.id in speaker_ids)
    chosen: list[Entity] = []
    for entity in listed:
        if entity.id in speaker_ids:
            chosen.append(entity)
        elif room > 0:
            chosen.append(entity)
            room -= 1
    out: list[BriefEntity] = []
    for entity in chosen:
        forms = entity.forms()
        out.append(
            BriefEntity(
                name=entity.name,
                label=entity.label,
                variants={f.text: sorted(number[i] for i in f.article_ids) for f in forms},
                mentions=len(entity.mentions),
                roles=entity.roles(),
                suspect_variants=[f.text for f in forms if f.suspect],
            )
        )
    return out


# --------------------------------------------------------------------------- who said what


@dataclass
class _Speaker:
    key: str
    entity_id: str | None
    role: str | None
    names: Counter[str] = field(default_factory=Counter)
    quotes: list[tuple[Quote, BriefQuote]] = field(default_factory=list)

    @property
    def name(self) -> str:
        # the most used naming; ties go to the one seen first (lowest source number)
        return self.names.most_common(1)[0][0]

    def brief(self) -> BriefSpeaker:
        ordered = sorted(
            self.quotes,
            key=lambda pair: (
                pair[0].kind is not SpeechKind.DIRECT,
                pair[1].citation.source,
                pair[0].sentence_indices,
            ),
        )
        return BriefSpeaker(
            name=self.name,
            role=self.role,
            quotes=[q for _, q in ordered[:MAX_QUOTES_PER_SPEAKER]],
        )


def _who_said_what(
    quotes: Sequence[Quote],
    entities: dict[str, Entity],
    number: dict[str, int],
    articles: dict[str, Article],
    group_of: dict[str, str],
) -> list[_Speaker]:
    """Quotes grouped by speaker: resolved speakers by entity, unnamed ones by their naming.

    Copies of one source repeat its quotes word for word; such exact duplicates (same
    speaker, same normalised words, same source group) are kept once, from the lowest-
    numbered source. The busiest speakers come first.
    """
    speakers: dict[str, _Speaker] = {}
    seen: set[tuple[str, str, str]] = set()
    in_order = sorted(
        (q for q in quotes if q.article_id in number and q.speaker is not None),
        key=lambda q: (number[q.article_id], q.sentence_indices, q.text),
    )
    for quote in in_order:
        text = _one_line(quote.text)
        said = _one_line(quote.speaker)
        if not text or not (said or quote.speaker_id in entities):
            continue
        entity = entities.get(quote.speaker_id) if quote.speaker_id else None
        if entity is not None:
            key = f"entity:{entity.id}"
            roles = entity.roles()
            speaker = speakers.setdefault(
                key, _Speaker(key, entity.id, roles[0] if roles else None)
            )
            name = entity.name
        else:
            key = f"named:{_speaker_key(said)}"
            speaker = speakers.setdefault(key, _Speaker(key, None, None))
            name = said
        duplicate = (key, group_of.get(quote.article_id, quote.article_id), _normalise(text))
        if duplicate in seen:
            continue
        seen.add(duplicate)
        speaker.names[name] += 1
        article = articles[quote.article_id]
        direct = quote.kind is SpeechKind.DIRECT
        sentence = text if direct else (_sentence_containing(article.text, text) or text)
        citation = BriefCitation(
            number[article.id], article.id, article.outlet, sentence, article.url
        )
        brief_quote = BriefQuote(
            text=text,
            kind=str(quote.kind),
            citation=citation,
            channel=_one_line(quote.channel) or None,
        )
        speaker.quotes.append((quote, brief_quote))
    ranked = sorted(speakers.values(), key=lambda s: (-len(s.quotes), s.name.casefold(), s.name))
    return ranked[:MAX_SPEAKERS]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


_ARTICLES = re.compile(r"^(?:the|a|an)\s+")


def _speaker_key(speaker: str) -> str:
    """ "The police", "police" and "Police" are one unnamed speaker."""
    return _ARTICLES.sub("", _one_line(speaker).casefold())


def _normalise(text: str) -> str:
    """Quote text for duplicate detection: Unicode forms, case, punctuation and spacing."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


# A sentence ends at . ! ? or … (perhaps inside closing quotes or brackets) before the next
# sentence's capital or digit.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Jr|Sr|No|vs|Inc|Ltd|Co)"
    r"|\b[A-Z])\.$"
)


def _sentences(paragraph: str) -> list[tuple[int, str]]:
    """(start offset, sentence) for each sentence of one paragraph, by punctuation."""
    out: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        head = paragraph[start : match.start() + len(match.group().rstrip())]
        if _ABBREVIATION.search(head):  # "Mr. Hallier", "J. Smith": not a sentence end
            continue
        out.append((start, head))
        start = match.end()
    out.append((start, paragraph[start:]))
    return out


def _sentence_containing(text: str, fragment: str) -> str | None:
    """The sentence of ``text`` in which ``fragment`` begins, or None if it is not there."""
    for line in text.splitlines():
        paragraph = _one_line(line)
        at = paragraph.find(fragment)
        if at < 0:
            continue
        found = [s for start, s in _sentences(paragraph) if start <= at]
        return found[-1].strip() if found else None
    return None
