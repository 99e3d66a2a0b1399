"""Turn one decoded document (HTML, plain text, Markdown, JSON) into article drafts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from lxml import html as lxml_html
from markdown_it import MarkdownIt

from newsprism.errors import InputError, NotAnArticleError, UnsupportedInputError
from newsprism.ingest._boilerplate import strip_boilerplate
from newsprism.ingest._html import extract_html
from newsprism.ingest._meta import normalise_date, outlet_from_url, word_count
from newsprism.models import SourceFormat

# Plain text shorter than this is a note or a snippet, not a report.
MIN_TEXT_WORDS = 60


@dataclass(frozen=True)
class Draft:
    """An article before it has an id: what a parser could read from one document."""

    title: str
    text: str
    format: SourceFormat
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    site_name: str | None = None


def parse_html(html: str, *, source: str, url: str | None = None) -> Draft:
    doc = extract_html(html, source=source, url=url)
    canonical = doc.canonical_url or url
    return Draft(
        title=doc.title or _first_line(doc.text),
        text=doc.text,
        format=SourceFormat.HTML,
        outlet=doc.site_name or outlet_from_url(canonical),
        url=canonical,
        author=doc.author,
        published=normalise_date(doc.published),
        language=doc.language,
        site_name=doc.site_name,
    )


_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<owner>[^.|,]+)", re.I)
_BYLINE = re.compile(r"^\s*by\s+(?P<name>[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3})\s*$")
_DATE_LINE = re.compile(
    r"^\s*(?:published|updated|posted|last modified)?[:\s]*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
    r"(?P<date>\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?P<rest>(?:,?\s+[\d:.]+(?:\s*[ap]\.?m\.?)?)?(?:\s+[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2})?)\s*$",
    re.I,
)
_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")


def parse_text(text: str, *, source: str) -> Draft:
    """Plain text, e.g. a page pasted from a browser: read metadata lines, drop boilerplate."""
    outlet = author = url = None
    published = None
    for line in text.splitlines():
        if outlet is None and (m := _COPYRIGHT.match(line)):
            outlet = m.group("owner").strip()
        elif author is None and (m := _BYLINE.match(line)):
            author = m.group("name")
        elif published is None and (m := _DATE_LINE.match(line)):
            published = normalise_date(m.group("date") + " " + m.group("rest"))
        elif url is None and (m := _URL_LINE.match(line)):
            url = m.group(1)
    lines = [
        line.strip()
        for line in strip_boilerplate(text).splitlines()
        if line.strip()
        and not (_BYLINE.match(line) or _DATE_LINE.match(line) or _URL_LINE.match(line))
    ]
    title, body_lines = _headline_and_body(lines)
    body = "\n".join(body_lines)
    _require_article_length(body, source)
    return Draft(
        title=title,
        text=body,
        format=SourceFormat.TEXT,
        outlet=outlet or outlet_from_url(url),
        url=url,
        author=author,
        published=published,
    )


_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.S)


def parse_markdown(text: str, *, source: str) -> Draft:
    """Markdown: optional front matter (title, outlet, url, published, author) plus a body."""
    meta: dict[str, str] = {}
    if m := _FRONT_MATTER.match(text):
        for line in m.group("body").splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("'\"")
        text = text[m.end() :]
    rendered = MarkdownIt().render(text)
    root = lxml_html.fromstring(f"<div>{rendered}</div>")
    heading = root.find(".//h1")
    title = meta.get("title") or (heading.text_content().strip() if heading is not None else "")
    if heading is not None:
        heading.getparent().remove(heading)
    blocks = [el.text_content().strip() for el in root.iter("p", "li", "h2", "h3", "blockquote")]
    body = strip_boilerplate("\n".join(b for b in blocks if b))
    _require_article_length(body, source)
    url = meta.get("url")
    return Draft(
        title=title or _first_line(body),
        text=body,
        format=SourceFormat.MARKDOWN,
        outlet=meta.get("outlet") or meta.get("source") or outlet_from_url(url),
        url=url,
        author=meta.get("author"),
        published=normalise_date(meta.get("published") or meta.get("date")),
    )


_TEXT_KEYS = ("text", "body", "content", "articleBody", "article", "maintext")
_OUTLET_KEYS = ("outlet", "source", "site_name", "sitename", "publisher", "source_domain")
_DATE_KEYS = ("published", "date", "datePublished", "published_at", "pubDate", "date_publish")


def parse_json_records(
    text: str, *, source: str, lines: bool
) -> list[tuple[str, Draft | InputError]]:
    """A JSON object, a list of objects, or JSON Lines; one draft (or error) per record."""
    records: list[tuple[str, object]] = []
    if lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                records.append((f"{source}:{number}", _loads(line, f"{source}:{number}")))
    else:
        data = _loads(text, source)
        if isinstance(data, list):
            records = [(f"{source}[{i}]", item) for i, item in enumerate(data)]
        else:
            records = [(source, data)]
    results: list[tuple[str, Draft | InputError]] = []
    for label, record in records:
        try:
            results.append((label, _draft_from_record(record, label)))
        except InputError as exc:
            results.append((label, exc))
    return results


def _loads(text: str, label: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnsupportedInputError(label, f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc


def _draft_from_record(record: object, label: str) -> Draft:
    if isinstance(record, InputError):
        raise record
    if not isinstance(record, dict):
        raise NotAnArticleError(label, "JSON record is not an object")
    url = _first_str(record, ("url", "link", "canonical_url"))
    if not any(isinstance(record.get(k), str) for k in _TEXT_KEYS) and isinstance(
        record.get("html"), str
    ):
        draft = parse_html(record["html"], source=label, url=url)
    else:
        body = _first_str(record, _TEXT_KEYS)
        if not body:
            raise NotAnArticleError(
                label, f"JSON record has no text field ({', '.join(_TEXT_KEYS)})"
            )
        body = strip_boilerplate(body)
        _require_article_length(body, label)
        draft = Draft(title="", text=body, format=SourceFormat.JSON, url=url)
    return Draft(
        title=_first_str(record, ("title", "headline")) or draft.title or _first_line(draft.text),
        text=draft.text,
        format=SourceFormat.JSON,
        outlet=_first_str(record, _OUTLET_KEYS) or draft.outlet or outlet_from_url(url),
        url=url or draft.url,
        author=_first_str(record, ("author", "byline")) or draft.author,
        published=normalise_date(_first_str(record, _DATE_KEYS)) or draft.published,
        language=_first_str(record, ("language", "lang")) or draft.language,
        site_name=draft.site_name,
    )


def _first_str(record: dict[str, object], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return ", ".join(str(v) for v in value)
    return None


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            words = line.strip().split()
            return " ".join(words[:20]) + (" …" if len(words) > 20 else "")
    return ""


def _is_prose(line: str) -> bool:
    return word_count(line) >= 8 and line.rstrip().endswith((".", "!", "?", '"', "”", "’", ":"))


def _headline_and_body(lines: list[str]) -> tuple[str, list[str]]:
    """Pasted pages wrap the article in menus and link lists: keep the run of prose.

    The body runs from the first to the last prose line (short lines inside it, such as
    "Enter your email address", are dropped); the headline is the first headline-like
    line above it.
    """
    prose = [i for i, line in enumerate(lines) if _is_prose(line)]
    if not prose:
        return _first_line("\n".join(lines)), lines[1:]
    start, end = prose[0], prose[-1]
    above = [line for line in lines[:start] if _looks_like_headline(line) and word_count(line) >= 5]
    title = above[0] if above else _first_line(lines[start])
    body = [line for line in lines[start : end + 1] if word_count(line) >= 6]
    return title, body


def _looks_like_headline(line: str) -> bool:
    return word_count(line) <= 25 and not line.rstrip().endswith((".", "”", '"'))


def _require_article_length(body: str, source: str) -> None:
    words = word_count(body)
    if words < MIN_TEXT_WORDS:
        raise NotAnArticleError(source, f"only {words} words of text")
