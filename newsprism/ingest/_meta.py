"""Metadata normalisation shared by every input format: ids, outlets and dates."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timezone
from urllib.parse import urlsplit

from dateutil import parser as dateutil_parser

_WORD = re.compile(r"\w+")

# Zone abbreviations newsrooms print after times; dateutil needs to be told their offsets.
_TZ_OFFSETS = {
    "UTC": 0, "GMT": 0, "WET": 0, "BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200,
    "EEST": 10800, "MSK": 10800, "EST": -18000, "EDT": -14400, "CST": -21600,
    "CDT": -18000, "PST": -28800, "PDT": -25200, "IST": 19800, "JST": 32400,
}  # fmt: skip

# Hosting prefixes that say nothing about the outlet.
_HOST_PREFIXES = ("www.", "m.", "amp.", "edition.", "news.", "mobile.")


def article_id(outlet: str, text: str) -> str:
    """A stable id from the content, so re-ingesting the same report is a no-op.

    The outlet is part of the key: the same wire text on two sites is two articles
    (the dedup stage then counts them as one source).
    """
    normalised = " ".join(_WORD.findall(text.casefold()))
    digest = hashlib.sha256(f"{outlet.casefold()}\x1f{normalised}".encode()).hexdigest()
    return digest[:16]


def outlet_from_url(url: str | None) -> str | None:
    """A readable outlet name from a host: "www.dravsk-courier.example" -> "Dravsk Courier"."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if not host or host in {"localhost"} or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    labels = host.split(".")
    name = labels[-2] if len(labels) >= 2 else labels[0]
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "gov", "ac"}:
        name = labels[-3]
    return " ".join(part.capitalize() for part in re.split(r"[-_]", name) if part)


def normalise_date(value: str | datetime | None) -> datetime | None:
    """Any date string we meet (ISO 8601, RFC 822, "10 March 2026") as an aware datetime.

    The outlet's own UTC offset is kept: "4:30 a.m." in a paper stamped +02:00 means
    02:30 UTC. A date without a zone is taken as UTC.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = value.strip()
        if not text:
            return None
        text = re.sub(r"\b(\d{1,2})\.(\d{2})\b(?!\.\d)", r"\1:\2", text)  # "07.30" -> "07:30"
        try:
            parsed = dateutil_parser.parse(text, tzinfos=_TZ_OFFSETS)
        except (ValueError, OverflowError):
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    offset = parsed.utcoffset()
    return parsed.astimezone(timezone(offset)) if offset is not None else parsed


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
