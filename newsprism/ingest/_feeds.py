"""RSS and Atom feeds: each entry becomes an article from its full content or its link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import feedparser
from lxml import html as lxml_html

from newsprism.errors import NotAnArticleError, UnsupportedInputError
from newsprism.ingest._meta import normalise_date, word_count

# An entry carrying at least this much text is ingested from the feed itself;
# a shorter one (a teaser) is fetched from its link.
FULL_CONTENT_WORDS = 150


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str | None
    published: str | None
    author: str | None
    content_html: str | None  # full text, when the feed carries it


@dataclass(frozen=True)
class Feed:
    title: str | None
    link: str | None
    entries: list[FeedEntry]


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return "<rss" in head or ("<feed" in head and "atom" in head) or "<rdf:rdf" in head


def parse_feed(text: str, *, source: str) -> Feed:
    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        raise UnsupportedInputError(source, f"unreadable feed: {parsed.bozo_exception}")
    if not parsed.entries:
        raise NotAnArticleError(source, "feed has no entries")
    entries = []
    for item in parsed.entries:
        content = None
        for block in item.get("content", []):
            value = block.get("value", "")
            if word_count(_html_text(value)) >= FULL_CONTENT_WORDS:
                content = value
                break
        entries.append(
            FeedEntry(
                title=item.get("title", ""),
                link=item.get("link"),
                published=item.get("published") or item.get("updated"),
                author=item.get("author"),
                content_html=content,
            )
        )
    return Feed(parsed.feed.get("title"), parsed.feed.get("link"), entries)


def _html_text(fragment: str) -> str:
    if not fragment.strip():
        return ""
    return str(lxml_html.fromstring(f"<div>{fragment}</div>").text_content())


def entry_text(entry: FeedEntry) -> str:
    """The entry's full text, one paragraph per line."""
    root = lxml_html.fromstring(f"<div>{entry.content_html or ''}</div>")
    paragraphs = [p.text_content().strip() for p in root.iter("p")]
    text = "\n".join(p for p in paragraphs if p) or root.text_content().strip()
    return text


def entry_published(entry: FeedEntry) -> datetime | None:
    return normalise_date(entry.published)
