"""Run the stages in order over the stored articles: the one place that wires them together.

ingest -> extract (sentences, entities, quantities) -> embed -> dedup -> stories ->
align -> judge -> brief. Each arrow passes the plain data of :mod:`newsprism.models`.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsprism import factdiff
from newsprism.align import group_claims, group_figures
from newsprism.brief import build_brief, rewrite_narrative
from newsprism.brief._rewrite import Check, Unsupported
from newsprism.dedup import find_source_groups, signatures_for
from newsprism.embed import Embedder, default_embedder
from newsprism.errors import NewsprismError
from newsprism.extract import (
    EXTRACTOR_VERSION,
    extract_article,
    extract_articles,
    link_speakers,
    resolve_entities,
)
from newsprism.ingest import ingest
from newsprism.judge import (
    ClaimContext,
    check_statement,
    judge_figures,
    judge_groups,
    name_forms,
)
from newsprism.llm import ChatModel
from newsprism.models import (
    AlteredFact,
    Article,
    Brief,
    BriefCitation,
    Claim,
    ClaimGroup,
    Entity,
    ExtractedArticle,
    FactChange,
    IngestOutcome,
    NumericConflict,
    Quote,
    SourceGroup,
    StatementCheck,
    Story,
    Verification,
)
from newsprism.nli import PairJudge
from newsprism.store import ArticleStore, open_store
from newsprism.stories import update_story_index

# progress(stage description, done, total)
Progress = Callable[[str, int, int], None]


class StoryNotFoundError(NewsprismError):
    """The requested story id is not among the stories in the store."""


@dataclass
class Analysis:
    """Everything the stages produced for one collection, with the brief of one story."""

    articles: list[Article]
    extracted: list[ExtractedArticle]
    source_groups: list[SourceGroup]
    stories: list[Story]
    story: Story
    claim_groups: list[ClaimGroup]
    conflicts: list[NumericConflict]
    entities: list[Entity]
    quotes: list[Quote]  # the story's quotes, speakers linked to ``entities``
    brief: Brief

    def source_of(self, article_id: str) -> SourceGroup:
        return next(g for g in self.source_groups if article_id in g.members)


def analyze_store(
    store: ArticleStore,
    *,
    story_id: str | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    pair_judge: PairJudge | None = None,
    writer: ChatModel | None = None,
    unsupported: Unsupported = "drop",
) -> Analysis:
    """Analyse every stored article and brief one story (the largest by default).

    ``pair_judge`` decides what the rules leave open; default: :func:`newsprism.nli.load_judge`
    (the built-in learned judge, or the NLI model / LLM the environment configures).
    ``writer`` (off by default: the narrative stays extractive) rewrites the narrative;
    every sentence it writes is checked against the sources it cites, and an unsupported
    one is dropped or, with ``unsupported="flag"``, kept and marked.
    """
    articles = store.articles()
    if not articles:
        raise NewsprismError("the store holds no articles; ingest some reports first")
    report = progress or (lambda _stage, _done, _total: None)
    embedder = embedder or default_embedder()

    extracted = extract_articles(
        articles,
        on_article=_counter(report, "Reading sentences and entities", len(articles)),
        cache=store,
    )
    report("Embedding sentences", 0, 1)
    all_vectors = _claim_vectors(store, extracted, embedder)
    vector_of = {
        c.key: all_vectors[e.article.id][i] for e in extracted for i, c in enumerate(_embedded(e))
    }
    # dedup and stories compare whole sentences: the first rows, one per sentence
    sentence_vectors = {e.article.id: all_vectors[e.article.id][: len(e.claims)] for e in extracted}
    report("Embedding sentences", 1, 1)

    report("Finding copies and stories", 0, 1)
    story_index = update_story_index(store, articles, sentence_vectors)
    stories = story_index.stories()
    signatures = store.load_signatures(a.id for a in articles)
    missing = signatures_for(a for a in articles if a.id not in signatures)
    if missing:
        store.save_signatures(missing)
        signatures.update(missing)
    source_groups = find_source_groups(articles, sentence_vectors, stories, signatures=signatures)
    _find_altered_facts(store, source_groups, extracted, sentence_vectors)
    report("Finding copies and stories", 1, 1)
    story = _choose_story(stories, story_id)

    report("Aligning and judging claims", 0, 1)
    if pair_judge is None:
        from newsprism.nli import load_judge

        pair_judge = load_judge()
    in_story = set(story.article_ids)
    source_of = {m: g.id for g in source_groups for m in g.members}
    originals = {g.original_id for g in source_groups}
    story_claims = [c for e in extracted if e.article.id in in_story for c in e.units()]
    entities = resolve_entities(
        m for e in extracted if e.article.id in in_story for m in e.mentions
    )
    forms_of: dict[str, dict[str, str]] = {}
    for entity in entities:
        for mention in entity.mentions:
            key = f"{mention.article_id}:{mention.sentence_index}"
            forms_of.setdefault(key, {})[mention.text] = entity.id
    for claim in story_claims:
        if claim.clause and claim.sentence_key in forms_of:
            forms_of[claim.key] = {
                form: entity
                for form, entity in forms_of[claim.sentence_key].items()
                if form.casefold() in claim.text.casefold()
            }
    altered = {
        f"{member}:{change.copy_index}"
        for g in source_groups
        for member, changes in g.altered.items()
        for change in changes
    }
    context = ClaimContext(
        source_of, originals, vector_of, forms_of, altered, {e.id: e.name for e in entities}
    )
    agreements, conflicts = judge_figures(
        group_figures(story_claims, embedder), source_of, originals
    )
    # A sentence whose figure was already judged is represented by that judgement.
    judged = {c.key for g in agreements for c in g.claims}
    judged |= {r.claim.key for c in conflicts for r in c.reports}
    sentence_groups = [
        g
        for g in group_claims(
            story_claims,
            vector_of,
            source_of,
            originals,
            {key: set(forms.values()) for key, forms in forms_of.items()},
        )
        if not any(c.key in judged for c in g.claims)
    ]
    sentence_groups, statement_conflicts = judge_groups(sentence_groups, context, pair_judge)
    conflicts = conflicts + statement_conflicts
    claim_groups = sorted(
        agreements + sentence_groups, key=lambda g: (-g.independent_sources, -len(g.claims))
    )
    quotes = link_speakers(
        (q for e in extracted if e.article.id in in_story for q in e.quotes), entities
    )
    report("Aligning and judging claims", 1, 1)

    brief = build_brief(
        story,
        articles,
        source_groups,
        claim_groups,
        conflicts,
        entities,
        other_stories=[s for s in stories if s.id != story.id],
        quotes=quotes,
        skipped={e.article.id: e.skipped for e in extracted if e.skipped},
        date_notes=story_index.flags(),
        sentence_counts={e.article.id: len(e.sentences) for e in extracted},
        judge_notes=[
            f"{problem}; the built-in judge decided instead"
            for problem in getattr(pair_judge, "errors", [])
        ],
    )
    if writer is not None:
        _rewrite(brief, writer, unsupported, extracted, entities, embedder, pair_judge)
    return Analysis(
        articles,
        extracted,
        source_groups,
        stories,
        story,
        claim_groups,
        conflicts,
        entities,
        quotes,
        brief,
    )


def analyze(
    paths: Sequence[str | Path],
    *,
    db: str | Path | None = None,
    story_id: str | None = None,
    embedder: Embedder | None = None,
    writer: ChatModel | None = None,
    unsupported: Unsupported = "drop",
) -> Brief:
    """Ingest ``paths`` (files, folders, globs, feeds, URLs) and return the brief.

    With ``db=None`` a throwaway SQLite file is used; pass a path to keep the articles.
    Inputs that fail are skipped; see :func:`analyze_inputs` for their outcomes.
    ``writer`` rewrites the narrative, checked by the judge (see :func:`analyze_store`).
    """
    return analyze_inputs(
        paths,
        db=db,
        story_id=story_id,
        embedder=embedder,
        writer=writer,
        unsupported=unsupported,
    )[0].brief


def analyze_inputs(
    paths: Sequence[str | Path],
    *,
    db: str | Path | None = None,
    story_id: str | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    pair_judge: PairJudge | None = None,
    writer: ChatModel | None = None,
    unsupported: Unsupported = "drop",
) -> tuple[Analysis, list[IngestOutcome]]:
    with _ingested(paths, db) as (store, outcomes):
        analysis = analyze_store(
            store,
            story_id=story_id,
            embedder=embedder,
            progress=progress,
            pair_judge=pair_judge,
            writer=writer,
            unsupported=unsupported,
        )
    return analysis, outcomes


@contextmanager
def _ingested(
    paths: Sequence[str | Path], db: str | Path | None
) -> Iterator[tuple[ArticleStore, list[IngestOutcome]]]:
    """A store holding ``paths`` (``db``, or a throwaway one), closed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="newsprism-") as tmp:
        store = open_store(db if db is not None else Path(tmp) / "newsprism.db")
        try:
            yield store, ingest([str(p) for p in paths], store)
        finally:
            store.close()


_FACT_DIFFS = "fact-diffs"  # state name: cached fact diffs, "original|copy" -> facts
_FACT_DIFF_VERSION = hashlib.sha1(
    (EXTRACTOR_VERSION + Path(factdiff.__file__).read_text(encoding="utf-8")).encode()
).hexdigest()[:16]


def _find_altered_facts(
    store: ArticleStore,
    source_groups: Sequence[SourceGroup],
    extracted: Sequence[ExtractedArticle],
    sentence_vectors: Mapping[str, np.ndarray],
) -> None:
    """Fill each source group's ``altered`` facts, diffing only copy pairs not seen before
    (the diff parses sentences, so a warm brief reuses the stored results)."""
    state = store.load_state(_FACT_DIFFS) or {}
    known: dict[str, list[dict[str, Any]]] = (
        state.get("pairs", {}) if state.get("version") == _FACT_DIFF_VERSION else {}
    )
    fresh = 0
    used: set[str] = set()
    by_article = {e.article.id: e for e in extracted}
    for group in source_groups:
        original = by_article[group.original_id]
        for member in group.members:
            if member == group.original_id or not (copy := by_article[member]).sentences:
                continue
            key = f"{group.original_id}|{member}"
            used.add(key)
            if key not in known:
                found = factdiff.fact_diff(
                    original, copy, sentence_vectors[original.article.id], sentence_vectors[member]
                )
                known[key] = [{**asdict(f), "kind": str(f.kind)} for f in found]
                fresh += 1
            changes = [AlteredFact(**{**f, "kind": FactChange(f["kind"])}) for f in known[key]]
            if changes:
                group.altered[member] = changes
    if fresh or used != set(known):
        kept = {key: known[key] for key in used}
        store.save_state(_FACT_DIFFS, {"version": _FACT_DIFF_VERSION, "pairs": kept})


def _embedded(extracted: ExtractedArticle) -> list[Claim]:
    """The claims an article's vector rows stand for, in row order: one per sentence (what
    dedup and stories compare), then one per clause."""
    return [*extracted.claims, *extracted.clauses]


def _claim_vectors(
    store: ArticleStore, extracted: Sequence[ExtractedArticle], embedder: Embedder
) -> dict[str, np.ndarray]:
    """Per article, one row per sentence claim then one per clause claim, embedding only
    what the store lacks."""
    version = f"{embedder.name}|{EXTRACTOR_VERSION}"
    cached = store.load_vectors((e.article.id for e in extracted), version)
    vectors = {
        e.article.id: cached[e.article.id]
        for e in extracted
        if e.article.id in cached and len(cached[e.article.id]) == len(_embedded(e))
    }
    todo = [e for e in extracted if e.article.id not in vectors]
    texts = [c.text for e in todo for c in _embedded(e)]
    encoded = embedder.encode(texts)
    dim = encoded.shape[1] if encoded.ndim == 2 and encoded.size else 384
    fresh: dict[str, np.ndarray] = {}
    start = 0
    for item in todo:
        end = start + len(_embedded(item))
        fresh[item.article.id] = (
            encoded[start:end] if end > start else np.zeros((0, dim), np.float32)
        )
        start = end
    if fresh:
        store.save_vectors(fresh, version)
    vectors.update(fresh)
    return vectors


def _choose_story(stories: list[Story], story_id: str | None) -> Story:
    if story_id is None:
        return stories[0]
    for story in stories:
        if story.id == story_id or story.id.startswith(story_id):
            return story
    known = ", ".join(s.id for s in stories)
    raise StoryNotFoundError(f"no story with id {story_id!r}; stories in the store: {known}")


def _counter(report: Progress, stage: str, total: int) -> Callable[[Article], None]:
    done = 0

    def tick(_article: Article) -> None:
        nonlocal done
        done += 1
        report(stage, done, total)

    return tick


# --------------------------------------------------------------------------- rewriting


def _rewrite(
    brief: Brief,
    writer: ChatModel,
    unsupported: Unsupported,
    extracted: Sequence[ExtractedArticle],
    entities: Sequence[Entity],
    embedder: Embedder,
    pair_judge: PairJudge,
) -> None:
    """Replace the brief's narrative with the writer's, as checked by the judge; a judge
    backend that fails during the check is named like one that failed before."""
    errors: list[str] = getattr(pair_judge, "errors", [])
    seen = len(errors)
    check = _statement_checker(extracted, entities, embedder, pair_judge)
    brief.narrative = rewrite_narrative(brief.narrative, writer, check, unsupported=unsupported)
    brief.judge_notes.extend(
        f"{problem}; the built-in judge decided instead" for problem in errors[seen:]
    )


def _statement_checker(
    extracted: Sequence[ExtractedArticle],
    entities: Sequence[Entity],
    embedder: Embedder,
    pair_judge: PairJudge,
) -> Check:
    """The check a generated sentence must pass: read it like a source sentence, find the
    claims its citations quote, and ask :func:`newsprism.judge.check_statement`."""
    by_article = {e.article.id: e for e in extracted}
    forms = name_forms(entities)

    def check(text: str, citations: Sequence[BriefCitation]) -> StatementCheck:
        dates = [
            published
            for c in citations
            if c.article_id in by_article
            and (published := by_article[c.article_id].article.published) is not None
        ]
        statement = _read_alone(text, "generated", min(dates, default=None))
        evidence = _cited_claims(citations, by_article)
        return check_statement(statement, evidence, pair_judge, embedder=embedder, name_forms=forms)

    return check


def _cited_claims(
    citations: Sequence[BriefCitation], by_article: Mapping[str, ExtractedArticle]
) -> list[Claim]:
    """The extracted claim each citation quotes; a sentence not found (an article not in
    the collection, a sentence the brief reworded) is read on its own."""
    claims: dict[str, Claim] = {}
    for number, citation in enumerate(citations):
        wanted = " ".join(citation.sentence.split())
        source = by_article.get(citation.article_id)
        found = None
        if source is not None:
            found = next((c for c in source.claims if " ".join(c.sentence.split()) == wanted), None)
            found = found or next(
                (c for c in source.claims if len(c.text) > 20 and c.text in wanted), None
            )
        if found is None:
            published = source.article.published if source is not None else None
            found = _read_alone(citation.sentence, f"cited-{number}", published)
        claims.setdefault(found.key, found)
    return list(claims.values())


def _read_alone(text: str, article_id: str, published: datetime | None) -> Claim:
    """One piece of text read as a one-paragraph article, as a single claim (dates
    resolved against ``published``)."""
    article = Article(
        id=article_id, origin=article_id, title="", text=" ".join(text.split()), outlet="",
        published=published,
    )  # fmt: skip
    claims = extract_article(article).claims
    if len(claims) == 1:
        return claims[0]
    return Claim(
        article_id=article_id,
        sentence_index=0,
        text=article.text,
        quantities=tuple(q for c in claims for q in c.quantities),
        mentions=tuple(m for c in claims for m in c.mentions),
        attribution=next((c.attribution for c in claims if c.attribution), None),
        times=tuple(t for c in claims for t in c.times),
    )


# --------------------------------------------------------------------------- verifying


def verify_store(
    draft: str | Path,
    store: ArticleStore,
    *,
    story_id: str | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    pair_judge: PairJudge | None = None,
) -> Verification:
    """Check ``draft`` (its text, or a .txt/.md/.html file) claim by claim against the
    stored articles of one story (the largest by default); see
    :func:`newsprism.verification.verify_draft`."""
    from newsprism.verification import read_draft, verify_draft

    embedder = embedder or default_embedder()
    if pair_judge is None:
        from newsprism.nli import load_judge

        pair_judge = load_judge()
    text = read_draft(draft)
    analysis = analyze_store(
        store, story_id=story_id, embedder=embedder, progress=progress, pair_judge=pair_judge
    )
    return verify_draft(text, analysis, embedder=embedder, pair_judge=pair_judge)


def verify_inputs(
    draft: str | Path,
    sources: Sequence[str | Path],
    *,
    db: str | Path | None = None,
    story_id: str | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    pair_judge: PairJudge | None = None,
) -> tuple[Verification, list[IngestOutcome]]:
    """Ingest ``sources`` (files, folders, globs, feeds, URLs) and check ``draft`` against
    them; also returns what happened to each input. ``db=None`` uses a throwaway store."""
    with _ingested(sources, db) as (store, outcomes):
        verification = verify_store(
            draft,
            store,
            story_id=story_id,
            embedder=embedder,
            progress=progress,
            pair_judge=pair_judge,
        )
    return verification, outcomes


def verify(
    draft: str | Path,
    sources: Sequence[str | Path],
    *,
    db: str | Path | None = None,
    story_id: str | None = None,
    embedder: Embedder | None = None,
) -> Verification:
    """Check ``draft`` (text or a .txt/.md/.html file) against the reports in ``sources``.

    Every atomic claim of the draft comes back supported, contradicted or not found, with
    the source sentences behind the call; inputs that fail are skipped (see
    :func:`verify_inputs` for their outcomes).
    """
    return verify_inputs(draft, sources, db=db, story_id=story_id, embedder=embedder)[0]
