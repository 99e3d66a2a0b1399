"""Times: when the reported events happened, as intervals resolved against the publish date.

spaCy finds the DATE/TIME entities; ``dateparser`` reads the expressions ("3 June",
"March 12, 2026", "last month", "yesterday", "two weeks ago"), and its ``period`` says how
wide the interval is. Small rules of our own cover what dateparser gets wrong or cannot
read, and what depends on the article rather than on the words:

- a bare weekday is the most recent one on or before the publish date; dateparser skips
  the publish day itself ("Thursday" in a Thursday paper would be a week earlier);
- "on"/"in"/"at"/"since"/"late"/"early"/"mid-" in front of an expression make it fail;
- parts of day ("Monday night", "the early hours of Tuesday") and clock times ("at 4:30
  a.m."): dateparser reads a clock time against today, not against the date the sentence
  or the article gives;
- "the day before", "the next day", "two days later": relative to the previous date the
  article resolved (the anchor), which dateparser cannot know;
- "earlier this month", "the weekend", "last June", "March last year", "the 12th",
  "2020 to 2022", "Christmas Eve";
- rejecting what cannot be placed: durations ("six hours", "three days", "the past 20
  months"), which dateparser reads as "six hours ago", ages, "for years", decades ("the
  1990s", which it reads as now).

Numeric dates are read day first ("12.03.2026" is 12 March). Intervals are [start, end)
in UTC. Days, months and years are calendar labels (Tuesday is Tuesday 00:00 to Wednesday
00:00 UTC); clock times and parts of day are local wall-clock times, turned into UTC with
the offset the publish timestamp carries ("4:30 a.m." in a paper stamped +02:00 is 02:30
UTC) unless the text gives GMT/UTC itself. A dateline's date ("BELOZAR, Nov 10 (CEW) -")
is when the story was filed, not an event, and is skipped.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta

from newsprism.extract.quantities import parse_number
from newsprism.models import DAY_OR_FINER, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Span

# Local start and end hour of each part of day; night runs into the next morning.
_PARTS: dict[str, tuple[int, int]] = {
    "early hours": (0, 6), "small hours": (0, 6), "wee hours": (0, 6),
    "dawn": (4, 8), "daybreak": (4, 8), "morning": (6, 12), "lunchtime": (12, 14),
    "afternoon": (12, 18), "dusk": (17, 21), "nightfall": (17, 21), "evening": (18, 24),
    "night": (18, 30), "overnight": (18, 30),
}  # fmt: skip
_PART_WORDS = "|".join(sorted((re.escape(p) for p in _PARTS), key=len, reverse=True))
_PART_END = re.compile(rf"^(?P<rest>.*?)\s*\b(?P<part>{_PART_WORDS})$")
_PART_START = re.compile(
    rf"^(?:the\s+)?(?:early\s+|late\s+)?(?P<part>{_PART_WORDS})\s+(?:of|on)\s+(?P<rest>.+)$"
)
_PART_ONLY = re.compile(rf"^(?:the\s+)?(?:early\s+|late\s+)?(?:{_PART_WORDS})$")
_OVERNIGHT = re.compile(r"^overnight\s+(?:on\s+)?(?P<rest>.+)$|^(?P<rest2>.+?)\s+overnight$")
_PART_BEFORE = re.compile(rf"^the\s+(?P<part>{_PART_WORDS})\s+(?P<dir>before|after)$")
_ALL_PART = re.compile(rf"^all\s+(?P<part>{_PART_WORDS}|day)$")  # "waited all morning"

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")
_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]  # fmt: skip
_MONTH_RE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b"
)
_YEAR_RE = re.compile(r"\b(?:1[89]\d\d|2[01]\d\d)\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_SHORT_YEAR_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
_RELATIVE_WORDS = re.compile(
    r"\b(?:last|this|next|past|ago|yesterday|today|tomorrow|tonight|overnight|earlier|later|"
    r"previous|following|coming|same|that|weekend)\b"
)
_DATEISH = re.compile(
    r"\b(?:yesterday|today|tomorrow|ago|last|this|next|week|month|year|fortnight)\b"
)
_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "boxing day": (12, 26), "new year's eve": (12, 31), "new year's day": (1, 1),
    "new year": (1, 1),
}  # fmt: skip

# Leading words that only make dateparser fail: "on Thursday", "late on Monday", "mid-June".
_PREFIX = re.compile(
    r"^(?:(?:on|in|at|during|over|around|about|approximately|roughly|some\s?time|late|early|"
    r"mid|since|by|until|till|as of|(?:shortly|just|soon|right|immediately)\s+(?:after|before)|"
    r"the\s+(?:end|start|beginning|middle|first half|second half)\s+of)(?:\s+|$)|mid-)"
)
_AGE = re.compile(r"\d+[- ]years?[- ]old|\byears?[- ]old\b|\baged?\b")
_DECADE = re.compile(r"\d0s\b|\b(?:decade|century|centuries|millennium)\b")
_HABITUAL = re.compile(r"\b(?:every|each|per|annual|annually|daily|weekly|monthly|yearly)\b")
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year)"
_PLURAL_UNIT = re.compile(
    r"(?:^|\s)(?:(?P<count>[\w-]+)\s+)?(?:seconds|minutes|hours|days|nights|weeks|months|years)\b"
)
_DURATION = re.compile(
    rf"^(?:(?:for|over|nearly|almost|more than|less than|up to|at least|some|just|the|a full)\s+)?"
    rf"(?:(?P<count>[\w]+)[- ])?{_UNIT}s?(?:[- ]?long)?$"
)
# "the past 20 months", "the last week", "past 24 hours": a stretch of time, not a date.
_ROLLING = re.compile(
    rf"^(?P<the>the\s+)?(?P<which>past|last|previous|next|coming)\s+(?:(?P<n>[\w-]+)\s+)?"
    rf"{_UNIT}s?$"
)
_PERIOD_EDGE = re.compile(r"^(?P<side>earlier|later)\s+this\s+(?P<unit>week|month|year)$")
_WEEKEND = re.compile(r"^(?:(?P<which>the|this|last|next|past)\s+)?weekend$")
_DAY_OF_MONTH = re.compile(r"^(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)$")
_MONTH_WITH = re.compile(r"^(?P<which>last|this|next)\s+(?P<month>[a-z]+)$")
_OF_YEAR = re.compile(r"^(?P<rest>.+?),?\s+(?:of\s+)?(?P<which>last|this|next)\s+year$")
_WEEKDAY_ONLY = re.compile(r"^(?:(?P<which>this|last|next|past)\s+)?(?P<day>[a-z]+day)$")
_RANGE = re.compile(
    r"^(?:from\s+)?(?P<a>.+?)\s*(?:\bto\b|\buntil\b|\bthrough\b|[-–—])\s*(?P<b>.+)$"
    r"|^between\s+(?P<a2>.+?)\s+and\s+(?P<b2>.+)$"
)

# Relative to the anchor: the last date the article resolved.
_ANCHOR_OFFSETS = {
    "the day before": -1, "the previous day": -1, "the day earlier": -1, "a day earlier": -1,
    "one day earlier": -1, "a day before": -1, "the preceding day": -1,
    "the next day": 1, "the following day": 1, "the day after": 1, "a day later": 1,
    "one day later": 1, "that day": 0, "the same day": 0, "that same day": 0,
    "later that day": 0, "earlier that day": 0, "later in the day": 0,
}  # fmt: skip
_ANCHOR_WEEKS = {
    "the week before": -1, "the previous week": -1, "the week after": 1,
    "the following week": 1, "the next week": 1, "that week": 0, "the same week": 0,
}  # fmt: skip
_ANCHOR_COUNT = re.compile(
    r"^(?P<n>[\w-]+)\s+(?P<unit>day|week)s?\s+(?P<dir>earlier|later|before|after|on)$"
)
_ANCHOR_PART_REST = {
    "the next": 1, "the following": 1, "the previous": -1, "the preceding": -1, "that": 0,
    "the same": 0, "that same": 0, "later that": 0, "earlier that": 0,
}  # fmt: skip

# Clock times: "4:30 a.m.", "4pm", "4.30 pm", "06:15", "0230 GMT", "noon".
_ZONES = r"gmt|utc|bst|wet|cet|cest|eet|eest|msk|est|edt|cst|cdt|pst|pdt|ist|jst"
_CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?"
    r"|\b(?P<h24>[01]?\d|2[0-3])[:h](?P<m24>[0-5]\d)\b(?![:.]\d)"
    r"|\b(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d)\s*(?=gmt|utc|hrs\b|local time)"
    r"|\b(?P<word>noon|midday|midnight)\b",
    re.I,
)
_UTC_AFTER = re.compile(r"^\s*(?:gmt|utc|z\b)", re.I)
_CLOCK_JUNK = rf"(?:[\s,()]|\b(?:at|on|of|in|about|around|local time|hrs|{_ZONES})\b)"
_CLOCK_TRIM = re.compile(rf"^{_CLOCK_JUNK}+|{_CLOCK_JUNK}+$")

_DATE_LABELS = {"DATE", "TIME"}
_WALL_CLOCK = {"minute", "hour", "part of day"}  # local times, shifted to UTC on output
_MAX_CHARS = 80
_EARLIEST, _LATEST = 1800, 2200
_NO_PUBLISH_BASE = datetime(2000, 1, 1)  # for reading an absolute date when none is given

Resolved = tuple[datetime | None, datetime | None, str, bool]


class _Res(NamedTuple):
    """An interval in local wall-clock time (naive), before it is turned into UTC."""

    start: datetime | None
    end: datetime | None
    granularity: str
    relative: bool
    needs: str = ""  # "clock" or "anchor": the sentence or the article must supply the day
    utc: bool = False  # the text gave the time in GMT/UTC


# --------------------------------------------------------------------------- public API


def resolve_time(
    text: str, published: datetime | None, anchor: datetime | None = None
) -> Resolved | None:
    """(start, end, granularity, relative) for one expression; None if it is not a date/time
    at all."""
    pub, offset = _local(published)
    res = _resolve_safe(text, pub, _local_anchor(anchor, offset))
    if res is None:
        return None
    start, end = _output(res, offset)
    return start, end, res.granularity, res.relative


_MAYBE_TIME = re.compile(
    r"\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|may|jun|jul|aug"
    r"|sep|oct|nov|dec)[a-z]*\b|yesterday|today|tonight|tomorrow|\bago\b|week|month|year"
    r"|\bday|morning|afternoon|evening|night|noon|midnight|earlier|later|before|after"
    r"|previous|following|christmas|easter|eve\b|hour|dawn|dusk|overnight|decade|century",
    re.IGNORECASE,
)


def find_times(
    span: Span, sentence_index: int, published: datetime | None, anchor: datetime | None = None
) -> list[TimeExpression]:
    """Every event date/time expression in a parsed sentence (spaCy DATE/TIME entities, plus
    clock times spaCy misses)."""
    if not _MAYBE_TIME.search(span.text) and not any(
        e.label_ in {"DATE", "TIME"} for e in span.ents
    ):
        return []  # nothing that could be a date: skip the candidate search
    pub, offset = _local(published)
    incoming = _local_anchor(anchor, offset)
    found: list[tuple[str, _Res]] = []
    doc_text = span.doc.text
    for candidate in _candidates(span):
        found.extend(_read(candidate, doc_text, pub))

    # A clock time or "the day before" takes its day from the sentence, else the article.
    days = [r.start if not r.needs and r.granularity in DAY_OR_FINER else None for _, r in found]
    out: list[TimeExpression] = []
    previous: datetime | None = None
    for i, (text, res) in enumerate(found):
        if res.needs:
            following = next((d for d in days[i + 1 :] if d is not None), None)
            if res.needs == "clock":
                context = previous or following or incoming
            else:
                context = previous or incoming or following
            res = _resolve_safe(text, pub, context) or res
        if res.start is not None and res.granularity in DAY_OR_FINER:
            previous = res.start
        res = _forward_if_future(text, res, span.text, pub)
        start, end = _output(res, offset)
        out.append(TimeExpression(text, sentence_index, start, end, res.granularity, res.relative))
    return out


# A forecast or plan speaks of days to come: "more rain on Wednesday" in a Tuesday paper.
_FUTURE = re.compile(
    r"\b(?:will|forecast(?:s|ing)?|predict(?:s|ed|ing)?|expect(?:s|ed)?|due to|scheduled"
    r"|planned|plans? to"
    r"|warn\w* of|is to|are to|tomorrow)\b",
    re.I,
)
_WEEKDAY_WHICH = re.compile(r"\b(?:last|past|this|next|previous|following)\b", re.I)


def _forward_if_future(text: str, res: _Res, sentence: str, pub: datetime | None) -> _Res:
    """A bare weekday before the publish day moves to the coming one when the sentence
    looks ahead; looking back is the default because news mostly reports the past."""
    if (
        pub is None
        or res.start is None
        or res.end is None
        or res.granularity not in {"day", "part of day"}
        or not _WEEKDAY_RE_CI.search(text)
        or _WEEKDAY_WHICH.search(text)
        or not _FUTURE.search(sentence)
        or res.start >= _day(pub)
    ):
        return res
    week = timedelta(days=7)
    return res._replace(start=res.start + week, end=res.end + week)


# --------------------------------------------------------------------------- candidates


class _Candidate(NamedTuple):
    start: int  # character offsets in the doc
    end: int
    parts: tuple[_Candidate, ...] = ()  # what to read instead if the whole does not resolve


_ANCHOR_PHRASE = re.compile(
    "|".join(sorted((re.escape(p) for p in [*_ANCHOR_OFFSETS, *_ANCHOR_WEEKS]), key=len,
                    reverse=True))
    + r"|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:day|week)s?\s+"
    r"(?:earlier|later)\b"
    + rf"|\b(?:the next|the following|the previous|that) (?:{_PART_WORDS})\b"
    + rf"|\bthe (?:{_PART_WORDS}) (?:before|after)\b",
    re.I,
)  # fmt: skip
# In running text (outside spaCy's entities) a bare "06:15" counts only near a clock word.
_SENTENCE_CLOCK = re.compile(
    r"(?:(?:\b(?:at|by|around|about|from|until|before|after)\s+)?\d{1,2}(?:[:.][0-5]\d)?\s*"
    r"[ap]\.?\s?m\b\.?"
    r"|\b(?:at|by|around|about|from|until|before|after)\s+"
    r"(?:noon|midnight|midday|(?:[01]?\d|2[0-3]):[0-5]\d\b(?![:.]\d))"
    r"|\b(?:[01]?\d|2[0-3]):?[0-5]\d(?=\s*(?:gmt|utc|local time)\b))"
    r"(?:\s*(?:gmt|utc|local time))?(?:\s*\(\s*\d{1,2}:?\d{2}\s*(?:gmt|utc)\s*\))?",
    re.I,
)
_LEADING_PREPOSITION = re.compile(r"^(?:at|by|around|about|from|until|before|after)\s+", re.I)
_WEEKDAY_RE_CI = re.compile(_WEEKDAY_RE.pattern, re.I)
_NIGHT_WORDS = re.compile(rf"\b(?:last night|tonight|overnight|all (?:{_PART_WORDS}|day))\b", re.I)
_YEAR_SPAN = re.compile(
    r"\b(?:1[89]|2[01])\d\d\s*(?:to|until|through|[-\u2013\u2014])\s*(?:1[89]|2[01])\d\d\b"
)
# "12.03.2026", "2026-03-12": spaCy tags these as numbers
_NUMERIC_DAY = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b(?![./]\d)|\b\d{4}-\d{2}-\d{2}\b"
)
_GAP = re.compile(r"^\s*\)?\s*(?:on|at|of)?\s*$", re.I)
_RANGE_GAP = re.compile(r"^\s*(?:to|until|through|[-\u2013\u2014])\s*$", re.I)
_COMMA_GAP = re.compile(r"^\s*\)?\s*,\s*(?:on|at)?\s*$", re.I)
_DAY_NUMBER = re.compile(r"\b(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?:\s+of)?\s+$", re.I)
_TRAILING_WORD = re.compile(r"\s+(?:of|on|at|in|and|the)$", re.I)
_KEEP_STOP = re.compile(
    r"(?:\b[ap]\.m|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec))\.$", re.I
)
# "BELOZAR, Nov 10 (CEW) -": the filing date of an agency story, not an event.
_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Z .'\u2019-]+,(?:[^,()]{1,40},)?\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]{1,60}\)\s*)?[-\u2013\u2014]")


def _read(candidate: _Candidate, text: str, pub: datetime | None) -> list[tuple[str, _Res]]:
    surface = text[candidate.start : candidate.end]
    res = _resolve_safe(surface, pub, None)
    if res is not None:
        return [(surface, res)]
    # spaCy sometimes swallows words around a time ("about 4:30am, hours"), and a joined
    # pair may not read as one: fall back to the pieces.
    return [item for part in candidate.parts for item in _read(part, text, pub)]


def _candidates(span: Span) -> list[_Candidate]:
    """Spans to read: spaCy's DATE/TIME entities and our own finds, overlaps merged and
    neighbours that are one expression joined."""
    doc = span.doc
    text = doc.text  # Doc.text and Span.text rebuild the string on every access
    span_text = span.text
    ents = [(e.start_char, e.end_char) for e in span.ents if e.label_ in _DATE_LABELS]
    ours: list[tuple[int, int]] = []
    patterns = (
        _SENTENCE_CLOCK,
        _WEEKDAY_RE_CI,
        _ANCHOR_PHRASE,
        _NIGHT_WORDS,
        _NUMERIC_DAY,
        _YEAR_SPAN,
    )
    for pattern in patterns:
        for m in pattern.finditer(span_text):
            start = m.start()
            if pattern is _SENTENCE_CLOCK and (lead := _LEADING_PREPOSITION.match(m.group())):
                start += lead.end()
            ours.append((span.start_char + start, span.start_char + m.end()))
    ours = [_trim(text, p) for p in ours if not _governs_object(span, p)]
    ents = [_day_before_month(text, span.start_char, *_trim(text, p)) for p in ents]

    merged: list[_Candidate] = []
    for start, end in sorted(set(ents + ours)):
        if start >= end or _in_dateline(text, span.start_char, start, end):
            continue
        own = (start, end) in ours
        if merged and start < merged[-1].end:  # overlapping: one candidate covering both
            last = merged[-1]
            parts = last.parts + ((_Candidate(start, end),) if own else ())
            merged[-1] = _Candidate(last.start, max(last.end, end), parts)
        else:
            merged.append(_Candidate(start, end, ((_Candidate(start, end),) if own else ())))
    merged = [
        c._replace(parts=tuple(p for p in c.parts if (p.start, p.end) != (c.start, c.end)))
        for c in merged
    ]

    # Neighbours that are one expression: "Thursday" + "night", "4:30 a.m." on "Tuesday".
    joined: list[_Candidate] = []
    for candidate in merged:
        if joined:
            left = joined[-1]
            gap = text[left.end : candidate.start]
            right = text[candidate.start : candidate.end]
            if _joinable(gap, text[left.start : left.end], right):
                joined[-1] = _Candidate(left.start, candidate.end, (left, candidate))
                continue
        joined.append(candidate)
    return joined


def _trim(text: str, piece: tuple[int, int]) -> tuple[int, int]:
    """Without surrounding spaces and punctuation; a full stop stays after "a.m." or "Dec."."""
    start, end = piece
    while start < end and (text[start].isspace() or text[start] in ",;:(\"'"):
        start += 1
    while start < end and (text[end - 1].isspace() or text[end - 1] in ",;:\"'!?."):
        if text[end - 1] == "." and _KEEP_STOP.search(text[start:end]):
            break
        end -= 1
    if text[start:end].count(")") > text[start:end].count("("):  # a stray closing bracket
        end = text.rindex(")", start, end)
        return _trim(text, (start, end))
    if m := _TRAILING_WORD.search(text, start, end):  # "the early hours of" + "Tuesday"
        return _trim(text, (start, m.start()))
    return start, end


def _day_before_month(text: str, floor: int, start: int, end: int) -> tuple[int, int]:
    """ "the 3 May 2026": spaCy sometimes leaves the day number out of the entity."""
    if _MONTH_RE.match(text[start:end].lower()) and (
        m := _DAY_NUMBER.search(text, max(floor, start - 12), start)
    ):
        return m.start(), end
    return start, end


def _in_dateline(text: str, sentence_start: int, start: int, end: int) -> bool:
    before = text[sentence_start:start]
    return bool(_DATELINE_BEFORE.match(before) and _DATELINE_AFTER.match(text[end : end + 80]))


def _joinable(gap: str, left: str, right: str) -> bool:
    """Whether two neighbouring expressions are one: a day with its part of day or clock."""
    kinds = {_kind(left), _kind(right)}
    if _RANGE_GAP.match(gap):  # "2020 to 2022", "Monday to Wednesday"
        return kinds <= {"weekday", "date"}
    if len(kinds) < 2 or not kinds & {"weekday", "date"} or "none" in kinds:
        return False
    if _GAP.match(gap):
        return True
    return bool(_COMMA_GAP.match(gap)) and "part" not in kinds


def _kind(text: str) -> str:
    low = _normalise(text)
    if _PART_ONLY.match(low):
        return "part"
    if _resolve_safe(text, _NO_PUBLISH_BASE, None) is None:
        return "none"  # "three days" in "for three days on Monday" is not part of the date
    if _CLOCK.search(low) and not _CLOCK_TRIM.sub("", _CLOCK.sub(" ", low)).strip():
        return "clock"
    if (m := _WEEKDAY_ONLY.match(low)) and m["day"] in _WEEKDAYS:
        return "weekday"
    return "date"


def _governs_object(span: Span, piece: tuple[int, int]) -> bool:
    """ "the day before the vote" is relative to the vote, not to a date: leave it out."""
    for token in span:
        if token.idx + len(token) == piece[1] and token.lower_ in {"before", "after"}:
            return any(child.dep_ in {"pobj", "pcomp"} for child in token.children)
    return False


# --------------------------------------------------------------------------- resolution


def _resolve_safe(text: str, pub: datetime | None, anchor: datetime | None) -> _Res | None:
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_CHARS:
        return None
    try:
        res = _resolve(_normalise(text), pub, anchor)
    except (ValueError, OverflowError):  # dates out of range from odd input
        return None
    if res is None or res.start is None:
        return res
    if not (_EARLIEST <= res.start.year <= _LATEST):
        return None
    return res


def _normalise(text: str) -> str:
    low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    low = re.sub(r"(?<!new year)'s\b", "", low)
    low = re.sub(r"\s+", " ", low).strip(" \t,;:()[]\"'!?")
    low = low.removesuffix(".") if not re.search(r"\b[ap]\.m\.$", low) else low
    while (m := _PREFIX.match(low)) and m.end() < len(low):
        low = low[m.end() :].strip()
    return low


def _resolve(text: str, pub: datetime | None, anchor: datetime | None) -> _Res | None:
    if not text or _AGE.search(text) or _DECADE.search(text) or _HABITUAL.search(text):
        return None
    if _vague_count(text):
        return None
    if clock := _pick_clock(text):
        return _with_clock(text, clock, pub, anchor)
    if part := _resolve_part_of_day(text, pub, anchor):
        return part if part.granularity else None
    if text in _ANCHOR_OFFSETS:
        return _from_anchor(anchor, days=_ANCHOR_OFFSETS[text])
    if text in _ANCHOR_WEEKS:
        return _anchor_week(anchor, _ANCHOR_WEEKS[text])
    if m := _ANCHOR_COUNT.match(text):
        n = _count(m["n"])
        if n is None:
            return None
        sign = -1 if m["dir"] in {"earlier", "before"} else 1
        return _from_anchor(anchor, days=sign * n * (7 if m["unit"] == "week" else 1))
    if (m := _ROLLING.match(text)) and (m["n"] or m["the"] or m["which"] == "past"):
        return None  # "the past 20 months": a duration, counted with the quantities
    if m := _PERIOD_EDGE.match(text):
        return _period_edge(m["side"], m["unit"], pub)
    if m := _WEEKEND.match(text):
        return _weekend(m["which"], pub)
    if m := _DAY_OF_MONTH.match(text):
        return _day_of_month(int(m["day"]), pub)
    if (m := _MONTH_WITH.match(text)) and (month := _month_number(m["month"])):
        return _month_with(m["which"], month, pub)
    if (m := _WEEKDAY_ONLY.match(text)) and m["day"] in _WEEKDAYS:
        return _weekday(m["which"], _WEEKDAYS.index(m["day"]), pub)
    if text in _HOLIDAYS:
        return _holiday(*_HOLIDAYS[text], pub)
    if m := _OF_YEAR.match(text):
        return _of_year(m["rest"], m["which"], pub)
    if (
        (m := _RANGE.match(text))
        and not _NUMERIC_DATE.fullmatch(text)
        and (span := _range(m["a"] or m["a2"], m["b"] or m["b2"], pub, anchor))
    ):
        return span
    if (m := _DURATION.match(text)) and (m["count"] is None or _count(m["count"]) is not None):
        return None  # "three days", "a day", "six-hour": a length of time, not a date
    return _with_dateparser(text, pub)


def _vague_count(text: str) -> bool:
    """ "for years", "in recent weeks", "a few days": a plural unit with no count to place it."""
    for m in _PLURAL_UNIT.finditer(re.sub(r"\b(?:early|small|wee) hours\b", "", text)):
        count = m["count"]
        if count is None or _count(count) is None:
            return True
    return False


def _count(word: str) -> int | None:
    if word in {"a", "an", "one"}:
        return 1
    value = parse_number([word])
    if value is None or value != int(value) or not 1 <= value <= 10_000:
        return None
    return int(value)


# ----------------------------------------------------------------- clock and part of day


def _pick_clock(text: str) -> re.Match[str] | None:
    """The clock time to read; of "4:30 a.m. local time (0230 GMT)" the GMT one."""
    clocks = list(_CLOCK.finditer(text))
    for clock in clocks:
        if _UTC_AFTER.match(text[clock.end() :]):
            return clock
    return clocks[0] if clocks else None


def _with_clock(
    text: str, clock: re.Match[str], pub: datetime | None, anchor: datetime | None
) -> _Res | None:
    parsed = _clock_value(clock)
    if parsed is None:
        return None
    offset, granularity = parsed
    utc = bool(_UTC_AFTER.match(text[clock.end() :]))
    step = timedelta(minutes=1) if granularity == "minute" else timedelta(hours=1)
    rest = re.sub(r"\s+", " ", _CLOCK_TRIM.sub("", _CLOCK.sub(" ", text))).strip()
    if not rest:
        if anchor is not None:
            start = _day(anchor) + offset
        elif pub is not None:
            start = _day(pub) + offset
            if pub != _day(pub) and start > pub:  # "at 11 p.m." in a morning paper
                start -= timedelta(days=1)
        else:
            return _Res(None, None, granularity, True, "clock", utc)
        return _Res(start, start + step, granularity, True, "clock", utc)
    day = _resolve(_normalise(rest), pub, anchor)
    if day is None or day.granularity not in {"day", "part of day"}:
        return day
    if day.start is None:
        return _Res(None, None, granularity, day.relative, day.needs, utc)
    start = _day(day.start) + offset
    return _Res(start, start + step, granularity, day.relative, day.needs, utc)


def _clock_value(m: re.Match[str]) -> tuple[timedelta, str] | None:
    if m["word"]:
        hour = 0 if m["word"].lower() == "midnight" else 12
        return timedelta(hours=hour), "minute"
    if m["h"] is not None:
        hour, minute = int(m["h"]), m["m"]
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"].lower() == "p" else 0)
    elif m["h24"] is not None:
        hour, minute = int(m["h24"]), m["m24"]
    else:
        hour, minute = int(m["h4"]), m["m4"]
    granularity = "minute" if minute is not None else "hour"
    return timedelta(hours=hour, minutes=int(minute or 0)), granularity


def _resolve_part_of_day(text: str, pub: datetime | None, anchor: datetime | None) -> _Res | None:
    """ "Monday night", "the early hours of Tuesday", "last night", "the next morning".

    Returns None when the text has no part of day, and a result with an empty granularity
    when it has one that cannot be placed ("at night", "in the morning").
    """
    if m := _ALL_PART.match(text):  # "all morning": the day the sentence or article gives
        if anchor is None:
            return _Res(None, None, "part of day", True, "clock")
        lo, hi = _PARTS.get(m["part"], (0, 24))
        granularity = "day" if m["part"] == "day" else "part of day"
        return _Res(
            _day(anchor) + timedelta(hours=lo),
            _day(anchor) + timedelta(hours=hi),
            granularity,
            True,
            "clock",
        )
    if text == "tonight":
        part, rest = "night", "this"
    elif text == "overnight":  # the night of the date in context, else the one before publication
        if anchor is not None:
            start = _day(anchor) + timedelta(hours=_PARTS["night"][0])
            return _Res(start, start + timedelta(hours=12), "part of day", True, "clock")
        part, rest = "night", "last"
    elif m := _OVERNIGHT.match(text):  # "overnight Sunday", "Sunday overnight"
        part, rest = "night", m["rest"] or m["rest2"]
    elif m := _PART_BEFORE.match(text):  # "the night before", "the morning after"
        part, rest = m["part"], ("the previous" if m["dir"] == "before" else "the next")
    elif m := _PART_START.match(text):
        part, rest = m["part"], m["rest"]
    elif m := _PART_END.match(text):
        part, rest = m["part"], m["rest"].strip()
    else:
        return None
    lo, hi = _PARTS[part]
    rest = re.sub(r"^(?:late|early|on|in|at)\s+|\s+(?:late|early)$", "", rest).strip()
    needs = ""
    day: datetime | None
    if rest in {"this", "last"}:
        if pub is None:
            return _Res(None, None, "part of day", True)
        day = _day(pub) - timedelta(days=1 if rest == "last" else 0)
        relative = True
    elif rest in _ANCHOR_PART_REST:
        needs = "anchor"
        relative = True
        day = None if anchor is None else _day(anchor) + timedelta(days=_ANCHOR_PART_REST[rest])
    elif rest in {"", "the", "a", "one"}:
        return _Res(None, None, "", False)
    else:
        base = _resolve(_normalise(rest), pub, anchor)
        if base is None or base.granularity != "day":
            return _Res(None, None, "", False)
        day, relative, needs = base.start, base.relative, base.needs
    if day is None:
        return _Res(None, None, "part of day", relative, needs)
    start = _day(day) + timedelta(hours=lo)
    return _Res(start, _day(day) + timedelta(hours=hi), "part of day", relative, needs)


# ----------------------------------------------------------------- article-relative rules


def _from_anchor(anchor: datetime | None, days: int) -> _Res:
    if anchor is None:
        return _Res(None, None, "day", True, "anchor")
    start = _day(anchor) + timedelta(days=days)
    return _Res(start, start + timedelta(days=1), "day", True, "anchor")


def _anchor_week(anchor: datetime | None, weeks: int) -> _Res:
    if anchor is None:
        return _Res(None, None, "week", True, "anchor")
    start = _monday(anchor) + timedelta(weeks=weeks)
    return _Res(start, start + timedelta(weeks=1), "week", True, "anchor")


def _period_edge(side: str, unit: str, pub: datetime | None) -> _Res:
    """ "earlier this month": from the 1st to the publish date; "later this week" after it."""
    if pub is None:
        return _Res(None, None, unit, True)
    today = _day(pub)
    first, after = _period(today, unit)
    if side == "earlier":
        end = today if today > first else max(pub, first + timedelta(days=1))
        return _Res(first, end, unit, True)
    start = today + timedelta(days=1)
    return _Res(start, after, unit, True) if start < after else _Res(first, after, unit, True)


def _period(day: datetime, unit: str) -> tuple[datetime, datetime]:
    if unit == "week":
        first = _monday(day)
        return first, first + timedelta(weeks=1)
    if unit == "month":
        first = day.replace(day=1)
        return first, first + relativedelta(months=1)
    first = day.replace(month=1, day=1)
    return first, first + relativedelta(years=1)


def _weekend(which: str | None, pub: datetime | None) -> _Res:
    if pub is None:
        return _Res(None, None, "day", True)
    today = _day(pub)
    saturday = today - timedelta(days=(today.weekday() - 5) % 7)  # on or before today
    if which == "last" and today.weekday() >= 5:
        saturday -= timedelta(weeks=1)
    elif which in {"this", "next"}:
        saturday = _monday(today) + timedelta(days=5 + (7 if which == "next" else 0))
    return _Res(saturday, saturday + timedelta(days=2), "day", True)


def _day_of_month(day: int, pub: datetime | None) -> _Res | None:
    """ "on the 12th": this month's if that is not after publication, else last month's."""
    if not 1 <= day <= 31:
        return None
    if pub is None:
        return _Res(None, None, "day", True)
    month = _day(pub).replace(day=1)
    for _ in range(4):  # a 31st may need to skip short months
        if day <= 28 or (month + relativedelta(day=day)).day == day:
            candidate = month.replace(day=day)
            if candidate <= _day(pub):
                return _Res(candidate, candidate + timedelta(days=1), "day", True)
        month -= relativedelta(months=1)
    return None


def _month_with(which: str, month: int, pub: datetime | None) -> _Res:
    """ "last June" (the most recent June before this month), "this June", "next June"."""
    if pub is None:
        return _Res(None, None, "month", True)
    year = pub.year
    if which == "last" and month >= pub.month:
        year -= 1
    elif which == "next" and month <= pub.month:
        year += 1
    start = datetime(year, month, 1)
    return _Res(start, start + relativedelta(months=1), "month", True)


def _of_year(rest: str, which: str, pub: datetime | None) -> _Res | None:
    """ "March last year": the rest read with the year spelt out."""
    if _YEAR_RE.search(rest) or not _MONTH_RE.search(rest):
        return None
    if pub is None:
        res = _with_dateparser(f"{rest} 2000", None)
        return None if res is None else _Res(None, None, res.granularity, True)
    year = pub.year + {"last": -1, "this": 0, "next": 1}[which]
    res = _with_dateparser(f"{rest} {year}", pub)
    return None if res is None else res._replace(relative=True)


def _holiday(month: int, day: int, pub: datetime | None) -> _Res:
    """ "Christmas Eve": the one nearest the publish date (reports look back and ahead)."""
    if pub is None:
        return _Res(None, None, "day", False)
    options = [datetime(pub.year + delta, month, day) for delta in (-1, 0, 1)]
    start = min(options, key=lambda option: abs(option - _day(pub)))
    return _Res(start, start + timedelta(days=1), "day", False)


def _range(a: str, b: str, pub: datetime | None, anchor: datetime | None) -> _Res | None:
    """ "2020 to 2022", "from Monday to Wednesday": first start to last end."""
    if (year := _YEAR_RE.search(b)) and not _YEAR_RE.search(a) and _MONTH_RE.search(a):
        a = f"{a} {year.group()}"  # "June to August 2025"
    left, right = _resolve(_normalise(a), pub, anchor), _resolve(_normalise(b), pub, anchor)
    if left is None or right is None or left.granularity != right.granularity:
        return None
    relative = left.relative or right.relative
    if left.start is None or right.end is None or right.end <= left.start:
        return _Res(None, None, left.granularity, relative) if pub is None else None
    return _Res(left.start, right.end, left.granularity, relative, left.needs or right.needs)


def _weekday(which: str | None, weekday: int, pub: datetime | None) -> _Res:
    """A bare weekday is the most recent on or before publication (that day included)."""
    if pub is None:
        return _Res(None, None, "day", True)
    today = _day(pub)
    back = (today.weekday() - weekday) % 7
    if which in {"last", "past"}:
        back = back or 7
    if which == "next":
        day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    elif which == "this":
        day = _monday(today) + timedelta(days=weekday)
    else:
        day = today - timedelta(days=back)
    return _Res(day, day + timedelta(days=1), "day", True)


# ----------------------------------------------------------------- dateparser


def _with_dateparser(text: str, pub: datetime | None) -> _Res | None:
    if not (
        _MONTH_RE.search(text)
        or _YEAR_RE.search(text)
        or _NUMERIC_DATE.search(text)
        or _DATEISH.search(text)
    ):
        return None  # a bare number such as "12" is not a date
    if _MONTH_RE.search(text) or _NUMERIC_DATE.search(text):
        text = _WEEKDAY_RE.sub("", text).strip(" ,")  # the date itself says which day
    relative = _is_relative(text)
    has_year = bool(_YEAR_RE.search(text) or _SHORT_YEAR_DATE.search(text))
    parsed = _dateparse(text, pub if pub is not None else _NO_PUBLISH_BASE)
    if parsed is None:
        return None
    date, period = parsed
    interval: tuple[datetime, datetime]
    if period == "time":
        if not re.search(r"\b(?:hours?|minutes?)\s+ago$", text):
            return None  # "six hours", "the 1990s": dateparser guessed a time of today
        granularity = "hour" if "hour" in text else "minute"
        start = date.replace(second=0, microsecond=0)
        if granularity == "hour":
            start = start.replace(minute=0)
        step = timedelta(hours=1) if granularity == "hour" else timedelta(minutes=1)
        interval = (start, start + step)
    elif period in {"day", "week", "month", "year"}:
        granularity = period
        if period == "day":
            interval = (_day(date), _day(date) + timedelta(days=1))
        else:
            interval = _period(_day(date), period)
    else:
        return None
    if pub is None and (relative or not has_year):
        return _Res(None, None, granularity, relative)
    return _Res(interval[0], interval[1], granularity, relative)


def _is_relative(text: str) -> bool:
    stated = _MONTH_RE.search(text) or _YEAR_RE.search(text) or _NUMERIC_DATE.search(text)
    return not stated or bool(_RELATIVE_WORDS.search(text))


@lru_cache(maxsize=4096)
def _dateparse(text: str, base: datetime) -> tuple[datetime, str] | None:
    try:
        data = _parser(base).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; never fail a sentence
        return None
    if data.date_obj is None:
        return None
    date = data.date_obj
    if date.tzinfo is not None:
        date = date.astimezone(UTC).replace(tzinfo=None)
    return date, str(data.period)


@lru_cache(maxsize=64)
def _parser(base: datetime) -> DateDataParser:
    """One parser per publish time: dateparser binds RELATIVE_BASE when it is built."""
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
            "DATE_ORDER": "DMY",
            "RETURN_TIME_AS_PERIOD": True,
            # no "timestamp"/"no-spaces-time": they read counts such as "1200" as dates
            "PARSERS": ["relative-time", "absolute-time"],
        },
    )


# ----------------------------------------------------------------- helpers


def _month_number(word: str) -> int | None:
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    for number, name in enumerate(_MONTHS, start=1):
        if name.startswith(word) or (word == "sept" and name == "september"):
            return number
    return None


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _monday(moment: datetime) -> datetime:
    return _day(moment) - timedelta(days=moment.weekday())


def _local(published: datetime | None) -> tuple[datetime | None, timedelta]:
    """The publish time as a local wall-clock time, and its offset from UTC (naive is UTC)."""
    if not isinstance(published, datetime):
        return None, timedelta(0)
    offset = published.utcoffset() or timedelta(0)
    return published.replace(tzinfo=None), offset


def _local_anchor(anchor: datetime | None, offset: timedelta) -> datetime | None:
    """An anchor from an earlier expression, back in local time.

    Midnight UTC is a day label (a day interval starts there), not a moment to shift.
    """
    if not isinstance(anchor, datetime):
        return None
    if anchor.tzinfo is None:
        return anchor
    try:
        in_utc = anchor.astimezone(UTC).replace(tzinfo=None)
        return in_utc if in_utc == _day(in_utc) else in_utc + offset
    except OverflowError:  # an anchor at the very end of the calendar
        return None


def _output(res: _Res, offset: timedelta) -> tuple[datetime | None, datetime | None]:
    """Aware UTC ends: wall-clock times shifted by the publish offset, days as labelled."""
    shift = offset if res.granularity in _WALL_CLOCK and not res.utc else timedelta(0)
    start = None if res.start is None else (res.start - shift).replace(tzinfo=UTC)
    end = None if res.end is None else (res.end - shift).replace(tzinfo=UTC)
    return start, end
