"""Ingest stage: files, folders, globs, feeds and URLs in; clean, stored articles out.

Every input gets an :class:`~newsprism.models.IngestOutcome`; a bad input never stops the
others, and each article is written in its own transaction.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import httpx

from newsprism.errors import (
    InputError,
    MissingInputError,
    NotAnArticleError,
    UnsupportedInputError,
)
from newsprism.ingest._decode import decode_bytes
from newsprism.ingest._feeds import entry_published, entry_text, looks_like_feed, parse_feed
from newsprism.ingest._fetch import fetch, make_client
from newsprism.ingest._formats import (
    Draft,
    parse_html,
    parse_json_records,
    parse_markdown,
    parse_text,
)
from newsprism.ingest._meta import article_id, outlet_from_url
from newsprism.models import Article, IngestOutcome, IngestStatus, SourceFormat
from newsprism.store import ArticleStore

__all__ = ["SUPPORTED_SUFFIXES", "expand_inputs", "ingest", "read_input"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
SUPPORTED_SUFFIXES = (
    HTML_SUFFIXES | TEXT_SUFFIXES | MARKDOWN_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES
)

ProgressCallback = Callable[[IngestOutcome], None]


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def expand_inputs(inputs: Sequence[str]) -> list[str | InputError]:
    """Paths, folders, globs and URLs -> individual files and URLs, feeds last.

    Feeds go last so that an entry whose article was also given as a file is recognised
    as already stored instead of being fetched again.
    """
    items: list[str | InputError] = []
    for raw in inputs:
        if is_url(raw):
            items.append(raw)
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            if not found:
                items.append(MissingInputError(raw, "folder holds no supported files"))
            items.extend(str(p) for p in found)
        elif path.is_file():
            items.append(str(path))
        elif glob.has_magic(raw):
            matches = sorted(
                m
                for m in glob.glob(str(path), recursive=True)
                if Path(m).is_file() and Path(m).suffix.lower() in SUPPORTED_SUFFIXES
            )
            items.extend(matches or [MissingInputError(raw, "glob matches no supported files")])
        else:
            items.append(MissingInputError(raw))
    seen: set[str] = set()
    unique: list[str | InputError] = []
    for item in items:
        if isinstance(item, str):
            if item in seen:
                continue
            seen.add(item)
        unique.append(item)
    feeds = [i for i in unique if isinstance(i, str) and Path(i).suffix.lower() in FEED_SUFFIXES]
    return [i for i in unique if i not in feeds] + feeds


def ingest(
    inputs: Sequence[str],
    store: ArticleStore,
    *,
    client: httpx.Client | None = None,
    on_progress: ProgressCallback | None = None,
) -> list[IngestOutcome]:
    """Ingest every input into ``store``; return one outcome per article or failed input."""
    own_client = client is None
    http = client or make_client()
    outcomes: list[IngestOutcome] = []
    try:
        for item in expand_inputs(inputs):
            results: Iterator[tuple[str, Article | InputError | IngestOutcome]]
            if isinstance(item, InputError):
                results = iter([(item.input, item)])
            else:
                results = read_input(item, store, http)
            for label, result in _guarded(item if isinstance(item, str) else item.input, results):
                outcome = _store(label, result, store)
                outcomes.append(outcome)
                if on_progress:
                    on_progress(outcome)
    finally:
        if own_client:
            http.close()
    return outcomes


def _guarded(
    source: str, results: Iterator[tuple[str, Article | InputError | IngestOutcome]]
) -> Iterator[tuple[str, Article | InputError | IngestOutcome]]:
    """Turn an unexpected parser crash into an error row for that input, not an abort."""
    try:
        yield from results
    except InputError as exc:
        yield exc.input, exc
    except Exception as exc:  # a bug or a library failure on odd input
        yield source, InputError(source, f"unexpected {type(exc).__name__}: {exc}")


def _store(
    label: str, result: Article | InputError | IngestOutcome, store: ArticleStore
) -> IngestOutcome:
    if isinstance(result, IngestOutcome):
        return result
    if isinstance(result, InputError):
        return IngestOutcome(label, IngestStatus.FAILED, message=str(result))
    added = store.add(result)
    return IngestOutcome(
        label,
        IngestStatus.STORED if added else IngestStatus.ALREADY_STORED,
        article_id=result.id,
        title=result.title,
        outlet=result.outlet,
        message=None if added else "same content already in the store",
    )


def read_input(
    item: str, store: ArticleStore, client: httpx.Client
) -> Iterator[tuple[str, Article | InputError | IngestOutcome]]:
    """Read one file or URL into articles (several for feeds and JSON lists)."""
    if is_url(item):
        yield from _read_url(item, store, client)
        return
    path = Path(item)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedInputError(item, f"unknown file type {suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MissingInputError(item, exc.strerror) from exc
    text = decode_bytes(data, source=item)
    if suffix in FEED_SUFFIXES or (suffix not in HTML_SUFFIXES and looks_like_feed(text)):
        yield from _read_feed(text, item, store, client)
    elif suffix in HTML_SUFFIXES:
        yield item, _article(parse_html(text, source=item), item)
    elif suffix in MARKDOWN_SUFFIXES:
        yield item, _article(parse_markdown(text, source=item), item)
    elif suffix in JSON_SUFFIXES:
        lines = suffix in {".jsonl", ".ndjson"}
        for label, draft in parse_json_records(text, source=item, lines=lines):
            yield label, draft if isinstance(draft, InputError) else _article(draft, item)
    else:
        yield item, _article(parse_text(text, source=item), item)


def _read_url(
    url: str, store: ArticleStore, client: httpx.Client
) -> Iterator[tuple[str, Article | InputError | IngestOutcome]]:
    page = fetch(url, client)
    text = decode_bytes(page.content, source=url, declared=page.charset)
    if page.content_type in {"application/rss+xml", "application/atom+xml"} or (
        "html" not in page.content_type and looks_like_feed(text)
    ):
        yield from _read_feed(text, url, store, client)
    elif "html" in page.content_type or text.lstrip()[:1] == "<":
        yield url, _article(parse_html(text, source=url, url=page.url), url)
    else:
        yield url, _article(parse_text(text, source=url), url)


def _read_feed(
    text: str, source: str, store: ArticleStore, client: httpx.Client
) -> Iterator[tuple[str, Article | InputError | IngestOutcome]]:
    feed = parse_feed(text, source=source)
    feed_outlet = feed.title or outlet_from_url(feed.link)
    for number, entry in enumerate(feed.entries, start=1):
        label = entry.link or f"{source}#{number}"
        if entry.link and (known := store.find_by_url(entry.link)):
            yield (
                label,
                IngestOutcome(
                    label,
                    IngestStatus.ALREADY_STORED,
                    article_id=known.id,
                    title=known.title,
                    outlet=known.outlet,
                    message=f"feed entry already stored from {_origin_name(known.origin)}",
                ),
            )
        elif entry.content_html:
            draft = Draft(
                title=entry.title,
                text=entry_text(entry),
                format=SourceFormat.FEED,
                outlet=feed_outlet,
                url=entry.link,
                author=entry.author,
                published=entry_published(entry),
            )
            yield label, _article(draft, source)
        elif entry.link and is_url(entry.link):
            try:
                yield from _read_url(entry.link, store, client)
            except InputError as exc:
                yield label, exc
        else:
            yield label, NotAnArticleError(label, "feed entry has neither full text nor a link")


def _origin_name(origin: str) -> str:
    return origin if is_url(origin) else Path(origin).name


def _article(draft: Draft, origin: str) -> Article:
    outlet = draft.outlet or f"Unknown outlet ({Path(origin).name or origin})"
    return Article(
        id=article_id(outlet, draft.text),
        origin=origin,
        title=draft.title or "(untitled)",
        text=draft.text,
        outlet=outlet,
        url=draft.url,
        author=draft.author,
        published=draft.published,
        language=draft.language,
        format=draft.format,
        site_name=draft.site_name,
    )
