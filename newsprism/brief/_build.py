"""Build the Brief from the stages' results: every sentence keeps its citations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from newsprism.models import (
    Article,
    Brief,
    BriefCitation,
    BriefCopyGroup,
    BriefDispute,
    BriefEntity,
    BriefFact,
    BriefFigure,
    BriefSource,
    BriefSourceRef,
    Claim,
    ClaimGroup,
    Entity,
    NumericConflict,
    SourceGroup,
    Story,
)

# A single-source sentence is worth listing when it carries a figure or names someone.
MAX_ENTITIES = 25


def build_brief(
    story: Story,
    articles: Sequence[Article],
    source_groups: Sequence[SourceGroup],
    claim_groups: Sequence[ClaimGroup],
    conflicts: Sequence[NumericConflict],
    entities: Sequence[Entity],
    other_stories: Sequence[Story] = (),
) -> Brief:
    far_future = datetime.max.replace(tzinfo=UTC)
    in_story = [a for a in articles if a.id in set(story.article_ids)]
    in_story.sort(key=lambda a: (a.published or far_future, a.outlet, a.id))
    number = {a.id: n for n, a in enumerate(in_story, start=1)}
    by_id = {a.id: a for a in in_story}
    group_of = {m: g for g in source_groups for m in g.members if m in number}
    story_groups = [g for g in source_groups if any(m in number for m in g.members)]

    def cite(claim: Claim) -> BriefCitation:
        article = by_id[claim.article_id]
        return BriefCitation(
            number[article.id], article.id, article.outlet, claim.text, article.url
        )

    corroborated: list[BriefFact] = []
    single: list[BriefFact] = []
    for group in claim_groups:
        citations = _one_citation_per_article(group.claims, cite)
        fact = BriefFact(group.representative.text, group.independent_sources, citations)
        if group.independent_sources >= 2:
            corroborated.append(fact)
        elif _informative(group.representative):
            single.append(fact)

    disputed = [
        BriefDispute(
            counted=conflict.counted,
            kind=str(conflict.kind),
            reason=conflict.reason,
            figures=[
                BriefFigure(
                    outlet=by_id[r.claim.article_id].outlet,
                    figure=r.quantity.surface,
                    value=r.quantity.value,
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

    sources = [
        BriefSource(
            number=number[a.id],
            article_id=a.id,
            outlet=a.outlet,
            title=a.title,
            url=a.url,
            origin=a.origin,
            published=a.published.isoformat() if a.published else None,
            source_group=group_of[a.id].id,
            independent=group_of[a.id].original_id == a.id,
        )
        for a in in_story
    ]

    brief_entities = [
        BriefEntity(
            name=e.name,
            label=e.label,
            variants={
                form: sorted(number[i] for i in ids if i in number)
                for form, ids in e.variants().items()
                if any(i in number for i in ids)
            },
            mentions=sum(1 for m in e.mentions if m.article_id in number),
        )
        for e in entities
        if e.label in {"PERSON", "ORG"} and any(m.article_id in number for m in e.mentions)
    ]
    brief_entities = [e for e in brief_entities if e.mentions >= 2][:MAX_ENTITIES]

    return Brief(
        title=story.title,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        story_id=story.id,
        article_count=len(in_story),
        independent_source_count=len(story_groups),
        corroborated=corroborated,
        disputed=disputed,
        single_source=single,
        copy_groups=copy_groups,
        entities=brief_entities,
        sources=sources,
        other_stories=[
            f"{s.title} ({len(s.article_ids)} report{'s' if len(s.article_ids) != 1 else ''})"
            for s in other_stories
        ],
    )


def _one_citation_per_article(
    claims: Sequence[Claim], cite: Callable[[Claim], BriefCitation]
) -> list[BriefCitation]:
    seen: dict[str, BriefCitation] = {}
    for claim in claims:
        if claim.article_id not in seen:
            seen[claim.article_id] = cite(claim)
    return sorted(seen.values(), key=lambda c: c.source)


def _informative(claim: Claim) -> bool:
    """Worth listing: a full sentence (not a headline or fragment) with a figure or a name."""
    text = claim.text.rstrip()
    full_sentence = text[:1].isupper() or text[:1] in "\"“‘'"
    full_sentence = full_sentence and text.endswith((".", "!", "?", '"', "”", "’"))
    return full_sentence and bool(claim.quantities or claim.mentions) and len(text.split()) >= 8
