"""Incremental story clustering: which articles report the same event, one at a time.

Features (cheap: regular expressions and dictionaries, no parser, no embeddings). Each
article gets TF-IDF weights in three groups, each scaled to unit length on its own:

* words: lower-cased stems, after a stop list;
* names: capitalised words that are not merely sentence-initial ("N:nichols") and pairs
  of adjacent ones ("B:brian nichols");
* numbers and dates written in the text: "#37", years "Y:2008", month-days "D:12-15",
  month-years "M:2008-12".

IDF comes from a document-frequency table that grows with the stream; an article's
weights are fixed when it is added.

Similarity is average linkage: the mean similarity of an article to a story's members,
per group, averaged over the groups both sides have (a report without numbers is not
held to disagree on numbers). Each group counts in proportion to how distinctive its
terms are (summed IDF): a lone "Reuters" does not make two reports' names agree. A story
keeps the length-weighted sum of its members' vectors and their total weight per group,
so this mean costs one pass over the article's terms. Two stories compare on the same
rule.

Decisions per added article:

1. Candidates come from an inverted index from terms to the stories they occur in: only
   the article's ``query_terms`` best-weighted terms are looked up, posting lists keep the
   ``posting_cap`` most recently used stories, and at most ``candidates`` stories are
   scored. The work per article is bounded, however large the index grows
   (:attr:`StoryIndex.last_examined`, :attr:`StoryIndex.max_scanned`).
2. The article joins the best candidate if it reaches ``join`` (``join_short`` for a
   short article), else it opens a story whose id derives from its own id.
3. Publication time: a story remembers the span of its members' trustworthy dates. More
   than ``max_gap_days`` from that span, an article joins only on an overwhelming match
   (``far``, reached by the whole and by the words that are not names: the same people
   and places are expected in an earlier incident or a later follow-up, which therefore
   open their own stories). Between 2 and 7 days a small penalty applies. Untrustworthy
   dates (missing, in the future, 1970-style, or one exact timestamp
   shared by many articles of different stories) are ignored and the article is flagged
   as placed by content only.
4. A long article that joined one story and was also close to others merges those
   stories when they are, as wholes, at least ``merge`` alike.
5. Each time a story has grown by half, it is checked for two events inside it (two
   groups of members, found by 2-means, less alike than ``split``) and split. This undoes
   the typical mistake of greedy clustering: the first report of a similar event joining
   the story of its look-alike.

Very short articles (a headline and a line) may join a story, but their weight in it
grows with their length (so they hardly move it), they need a closer match, they never
trigger a merge, and they do not count towards a split.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from newsprism.models import Article, Story

FLAG_UNDATED = "no publication date"
FLAG_FUTURE = "publication date in the future"
FLAG_TEMPLATE = "date looks like a page-template date"

STATE_VERSION = 1
_DAY = 86400.0
_EARLIEST_PLAUSIBLE = datetime(1995, 1, 1, tzinfo=UTC)  # before this: epoch or template
_FUTURE_TOLERANCE = timedelta(days=1)
_GROUPS = 3  # words; names; numbers and dates


@dataclass(frozen=True)
class StoryParams:
    """Thresholds and sizes. The similarity thresholds were tuned on the ECB+ dev topics
    only (bench/stories.py); the date rules are set by hand."""

    join: float = 0.18  # average-link similarity of an article to a story, to join it
    join_short: float = 0.20  # the same for a short article
    far: float = 0.60  # needed, in words alone too, across a gap of more than max_gap_days
    merge: float = 0.25  # average-link similarity of two stories, to merge them
    merge_probe: float = 0.10  # stories the article is this close to are checked for a merge
    split: float = 0.25  # a story splits when two groups inside it are less alike than this
    split_min_members: int = 2  # long articles each group needs for a split
    split_max_members: int = 120  # larger stories are not checked again
    split_rounds: int = 3  # 2-means iterations
    split_growth: float = 1.5  # a story is checked again once it has grown by this factor
    split_sketch: tuple[int, int, int] = (64, 24, 16)  # terms per group used by 2-means
    max_gap_days: float = 7.0
    gap_grace_days: float = 2.0  # no penalty for a gap up to this
    gap_penalty: float = 0.02  # per day of gap past the grace, up to max_gap_days
    evidence: float = 3.0  # summed IDF of a group's terms for full trust in that group
    # Pseudo-articles in which no term occurs: without them the first articles of a small
    # collection have every term "in every article" and so no evidence at all.
    background_docs: float = 10.0
    names_weight: float = 1.0  # weight of the names similarity beside the words one (1)
    numbers_weight: float = 1.0  # weight of the numbers-and-dates similarity
    name_boost: float = 1.5  # how names rank against words when choosing index terms
    number_boost: float = 1.2
    date_boost: float = 1.5
    title_extra: float = 1.0  # a title word counts 1 + this many times
    full_length: int = 80  # content words at which an article weighs fully in a story
    short_length: int = 40  # fewer content words: a short article
    query_terms: int = 12  # posting lists read per article
    index_terms: int = 32  # terms under which an article's story is indexed
    posting_cap: int = 32  # most recently used stories kept per term
    candidates: int = 8  # stories scored in full per article
    vector_terms: int = 300  # terms of an article kept in its story
    story_terms: int = 2000  # per group; a story vector is pruned back to this past 1.5x
    template_shared: int = 4  # articles with one exact timestamp, in 2+ stories: template
    template_shared_midnight: int = 12  # the same for date-only (midnight) timestamps


# --------------------------------------------------------------------------- features

_STOP = frozenset(
    """a about above across after afterwards again against all almost alone along already
    also although always am among amongst an and another any anyhow anyone anything anyway
    anywhere are around as at back be became because become becomes becoming been before
    beforehand behind being below beside besides between beyond both but by can cannot could
    did do does doing done down due during each eg either else elsewhere enough etc even
    ever every everyone everything everywhere except few for former formerly from further
    get gets got had has have having he hence her here hereafter hereby herein hers herself
    him himself his how however i ie if in indeed into is it its itself just last latter
    least less made make many may me meanwhile might mine more moreover most mostly much
    must my myself namely neither never nevertheless next no nobody none noone nor not
    nothing now nowhere of off often on once one only onto or other others otherwise our
    ours ourselves out over own per perhaps please put rather re same see seem seemed
    seeming seems several she should since so some somehow someone something sometime
    sometimes somewhere still such than that the their theirs them themselves then thence
    there thereafter thereby therefore therein thereupon these they this those though
    through throughout thru thus to together too toward towards under until up upon us
    very via was we well were what whatever when whence whenever where whereafter whereas
    whereby wherein whereupon wherever whether which while whither who whoever whole whom
    whose why will with within without would yet you your yours yourself yourselves
    said says say saying told tell according reported reports report including
    mr mrs ms dr st th nd rd new news year years day days week weeks time times today yesterday
    tomorrow monday tuesday wednesday thursday friday saturday sunday people percent
    like going way two three four five six seven eight nine ten first second third""".split()
)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*")
# A run of capitalised words separated by single spaces: a name, or a sentence opening.
_NAME_RUN = re.compile(r"[A-Z][^\W\d_]*(?:['’][^\W\d_]+)*(?: [A-Z][^\W\d_]*(?:['’][^\W\d_]+)*)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Month names, written so that the engine rejects most positions on the first letter.
_MONTH_WORD = re.compile(
    r"(J(?:an(?:uary)?|une?|uly?)|Feb(?:ruary)?|Ma(?:r(?:ch)?|y)|A(?:pr(?:il)?|ug(?:ust)?)"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_AFTER_MONTH = re.compile(r"\s*(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*((?:19|20)\d\d)\b)?")
_YEAR_AFTER_MONTH = re.compile(r"\s*,?\s*((?:19|20)\d\d)\b")
_DAY_BEFORE_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$")
_SENTENCE_END = frozenset(".!?:;\n")
_OPENERS = frozenset(" \t\"'“‘`([-–—")

_KEY_CACHE: dict[str, str] = {}  # token as written -> feature key ("" for none)
_KEY_CACHE_LIMIT = 200_000


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _clean(word: str) -> str:
    """Lower-case; drop a possessive or contraction ending; fold an inner apostrophe."""
    word = word.lower()
    for mark in ("'", "’"):
        if mark in word:
            head, _, tail = word.partition(mark)
            word = head if len(tail) <= 2 else head + tail
    return word


def _token_key(token: str) -> str:
    """The feature key of one token: a word stem, "#number", "Y:year", or "" for none."""
    key = _KEY_CACHE.get(token)
    if key is not None:
        return key
    if token[0].isdigit():
        number = token.replace(",", "").rstrip(".:")
        if _YEAR.fullmatch(number):
            key = "Y:" + number
        elif len(number) >= 2:
            key = "#" + number
        else:
            key = ""
    else:
        word = _clean(token)
        key = "" if len(word) < 2 or word in _STOP else _stem(word)
    if len(_KEY_CACHE) >= _KEY_CACHE_LIMIT:
        _KEY_CACHE.clear()
    _KEY_CACHE[token] = key
    return key


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _text_features(
    text: str, counts: Counter[str], repeat: int, names_allowed: set[str] | None
) -> tuple[int, set[str]]:
    """Add the features of ``text`` (each counted ``repeat`` times) to ``counts``.

    Returns the number of content words and the names seen.
    """
    tokens = _TOKEN.findall(text)
    keys = [k for k in map(_token_key, tokens) if k]
    length = len(keys) - sum(1 for k in keys if k[0] in "#Y")  # words, not numbers
    written: set[str] | None = None
    names: set[str] = set()
    for match in _NAME_RUN.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "'’"):
            continue  # inside a word
        words = match.group().split(" ")
        if _sentence_initial(text, start):
            if written is None:
                written = set(tokens)
            lower = words[0].lower()
            if lower in written or _clean(lower) in _STOP:
                words = words[1:]  # an ordinary word opening the sentence
        run: list[str] = []
        for word in words:
            name = _clean(word)
            if len(name) < 2 or name in _STOP or name in _MONTHS:
                run = []
                continue
            if names_allowed is not None and name not in names_allowed:
                run = []
                continue
            names.add(name)
            keys.append("N:" + name)
            if run:
                keys.append("B:" + run[-1] + " " + name)
            run.append(name)
    _text_dates(text, keys)
    if repeat == 1:
        counts.update(keys)
    else:
        for key in keys:
            counts[key] += repeat
    return length, names


def _text_dates(text: str, keys: list[str]) -> None:
    """Month-day ("D:12-15") and month-year ("M:2008-12") keys for dates in the text."""
    for match in _MONTH_WORD.finditer(text):
        start = match.start()
        if start and text[start - 1].isalnum():
            continue
        month = _MONTHS[match.group(1).lower()]
        after = _AFTER_MONTH.match(text, match.end())
        if after is not None:  # December 15, 2008
            _dates(keys, month, int(after.group(1)), after.group(2))
            continue
        before = _DAY_BEFORE_MONTH.search(text, max(0, start - 12), start)
        year = _YEAR_AFTER_MONTH.match(text, match.end())
        if before is not None:  # 15 December 2008
            _dates(keys, month, int(before.group(1)), year.group(1) if year else None)
        elif year is not None:  # December 2008
            keys.append(f"M:{year.group(1)}-{month:02d}")


def _dates(keys: list[str], month: int, day: int, year: str | None) -> None:
    if 1 <= day <= 31:
        keys.append(f"D:{month:02d}-{day:02d}")
    if year:
        keys.append(f"M:{year}-{month:02d}")


def _is_title_case(title: str) -> bool:
    words = [w for w in _TOKEN.findall(title) if w[0].isalpha() and w.lower() not in _STOP]
    if len(words) < 3:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.6 * len(words)


def article_features(title: str, text: str, title_extra: float = 1.0) -> tuple[Counter[str], int]:
    """Term counts of an article (title terms counted 1 + ``title_extra`` times) and its
    number of content words. In a Title-Case Headline only words that are names in the
    body count as names."""
    counts: Counter[str] = Counter()
    body_length, body_names = _text_features(text, counts, 1, None)
    allowed = body_names if _is_title_case(title) else None
    repeat = max(1, round(1 + title_extra))
    title_length, _ = _text_features(title, counts, repeat, allowed)
    return counts, body_length + title_length


def _group(term: str) -> int:
    """0 for words, 1 for names, 2 for numbers and dates."""
    head = term[0]
    if head == "#":
        return 2
    if len(term) > 2 and term[1] == ":":
        return 1 if head in "NB" else 2
    return 0


# --------------------------------------------------------------------------- records

Groups = list[dict[str, float]]  # one sparse vector per feature group


def _empty() -> Groups:
    return [{} for _ in range(_GROUPS)]


@dataclass
class _Member:
    story: str
    seq: int
    weight: float
    title: str
    vector: Groups  # top terms, each group unit length
    trust: list[float]  # how much each group says: 0 (nothing distinctive) to 1
    keys: list[str]  # its best-ranked terms: what its story is indexed under
    date: float | None  # trustworthy publication time (epoch seconds)
    stamp: str | None  # exact publication instant (UTC ISO), when there was one
    short: bool
    spans: bool = True  # its date widens its story's span (not if it joined across a gap)


@dataclass
class _Story:
    id: str
    seq: int
    members: list[str]
    centroid: Groups = field(default_factory=_empty)  # weighted sum of member vectors
    mass: list[float] = field(default_factory=lambda: [0.0] * _GROUPS)  # weights per group
    trust: list[float] = field(default_factory=lambda: [0.0] * _GROUPS)  # weighted trust sums
    first: float | None = None  # span of trustworthy member dates
    last: float | None = None
    keys: set[str] = field(default_factory=set)  # terms it is indexed under
    check_at: int = 4  # size at which to look for two events inside it again

    @property
    def weight(self) -> float:
        return self.mass[0]


@dataclass
class _Scored:
    story: _Story
    similarity: float  # average-link similarity of the article to the story
    score: float  # similarity less any date penalty
    needed: float  # what score must reach to join


def _story_id(article_id: str, attempt: int) -> str:
    seed = article_id if attempt == 0 else f"{article_id}#{attempt}"
    return "s-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _by_weight(item: tuple[str, float, int]) -> tuple[float, str]:
    return (-item[1], item[0])


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else vector


def _dots(small: Groups, large: Groups) -> list[float]:
    """Per-group dot products; ``small`` should be the sparser side."""
    out = [0.0] * _GROUPS
    for group in range(_GROUPS):
        a, b = small[group], large[group]
        if a and b:
            out[group] = sum([a[t] * b[t] for t in a.keys() & b.keys()])
    return out


class StoryIndex:
    """Stories built one article at a time."""

    def __init__(
        self,
        params: StoryParams | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.params = params or StoryParams()
        self.clock = clock
        self._df: dict[str, int] = {}
        self._n = 0
        self._seq = 0
        self._members: dict[str, _Member] = {}
        self._stories: dict[str, _Story] = {}
        self._postings: dict[str, dict[str, None]] = {}
        self._flags: dict[str, str] = {}
        self._stamps: dict[str, list[str]] = {}  # exact instant -> articles carrying it
        self._template_stamps: set[str] = set()
        self._apart: set[tuple[str, str]] = set()  # split by an editor: never auto-merged
        self.last_examined = 0  # stories scored in full for the latest add
        self.last_scanned = 0  # posting entries read for the latest add
        self.max_examined = 0
        self.max_scanned = 0

    # ----------------------------------------------------------------- public API

    def add(self, article: Article) -> str:
        """Place ``article``; return the id of the story it joined or opened."""
        known = self._members.get(article.id)
        if known is not None:
            return known.story
        p = self.params
        date, stamp, flag = self._date_of(article)
        if flag:
            self._flags[article.id] = flag

        counts, length = article_features(article.title, article.text, p.title_extra)
        self._n += 1
        ranked, trust = self._rank(counts)
        short = length < p.short_length
        query = self._split_groups(ranked)

        scored = self._score(query, trust, ranked, date, short)
        best = scored[0] if scored and scored[0].score >= scored[0].needed else None
        story = self._open(article.id) if best is None else best.story
        member = _Member(
            story=story.id,
            seq=self._seq,
            weight=min(1.0, max(length, 1) / p.full_length),
            title=article.title,
            vector=query
            if len(ranked) <= p.vector_terms
            else self._split_groups(ranked[: p.vector_terms]),
            trust=trust,
            keys=[term for term, _, _ in ranked[: p.index_terms]],
            date=date,
            stamp=stamp,
            short=short,
            spans=best is None or self._gap_days(best.story, date) <= p.max_gap_days,
        )
        self._seq += 1
        self._members[article.id] = member
        self._join(story, article.id, member)
        if stamp is not None:
            self._note_stamp(stamp, article.id, article.published)
        if best is not None and not short:
            story = self._auto_merge(story, scored[1:])
        if len(story.members) >= story.check_at:
            self._maybe_split(story)
        return member.story

    def stories(self) -> list[Story]:
        """Stories, largest first; a story's title is the headline of its earliest report."""
        out: list[tuple[int, int, Story]] = []
        for story in self._stories.values():
            members = [self._members[a] for a in story.members]
            dated = [m for m in members if m.date is not None]
            first = min(dated, key=lambda m: (m.date, m.seq)) if dated else members[0]
            entry = Story(story.id, list(story.members), first.title)
            out.append((-len(members), story.seq, entry))
        out.sort(key=lambda item: (item[0], item[1]))
        return [s for _, _, s in out]

    def story_of(self, article_id: str) -> str:
        return self._members[article_id].story

    def flags(self) -> dict[str, str]:
        """Article id -> why its date was not used, so it was placed by content only."""
        return dict(self._flags)

    def merge(self, first: str, second: str) -> str:
        """Merge two stories; the older one survives and its id is returned."""
        a, b = self._stories[first], self._stories[second]
        if a is b:
            return a.id
        keep, gone = (a, b) if a.seq <= b.seq else (b, a)
        self._merge_into(keep, gone)
        return keep.id

    def split(self, story_id: str, article_ids: Sequence[str]) -> str:
        """Move ``article_ids`` out of a story into a new one; return the new story's id.

        The two stories are remembered as kept apart: no later article merges them again.
        """
        story = self._stories[story_id]
        moving = set(article_ids)
        if not moving:
            raise ValueError("split needs at least one article")
        missing = moving.difference(story.members)
        if missing:
            raise ValueError(f"not in story {story_id}: {sorted(missing)}")
        moved = [a for a in story.members if a in moving]
        kept = [a for a in story.members if a not in moving]
        new = self._divide(story, kept, moved)
        if kept:
            self._apart.add(_pair(story.id, new.id))
        return new.id

    # ----------------------------------------------------------------- state

    def kept_apart(self, first: str, second: str) -> bool:
        """Whether an editor split these two stories, so nothing may merge them again."""
        return _pair(first, second) in self._apart

    def to_state(self) -> dict[str, Any]:
        """Everything needed to go on adding articles later, as plain JSON data."""
        return {
            "version": STATE_VERSION,
            "params": asdict(self.params),
            "n": self._n,
            "seq": self._seq,
            "df": dict(self._df),
            "articles": {
                article_id: {
                    "story": m.story,
                    "seq": m.seq,
                    "weight": m.weight,
                    "title": m.title,
                    "vector": [list(g.items()) for g in m.vector],
                    "trust": list(m.trust),
                    "keys": list(m.keys),
                    "date": m.date,
                    "stamp": m.stamp,
                    "short": m.short,
                    "spans": m.spans,
                }
                for article_id, m in self._members.items()
            },
            "stories": [
                {
                    "id": s.id,
                    "seq": s.seq,
                    "members": list(s.members),
                    "centroid": [list(g.items()) for g in s.centroid],
                    "mass": list(s.mass),
                    "trust": list(s.trust),
                    "first": s.first,
                    "last": s.last,
                    "keys": sorted(s.keys),
                    "check_at": s.check_at,
                }
                for s in self._stories.values()
            ],
            "postings": {term: list(p) for term, p in self._postings.items()},
            "flags": dict(self._flags),
            "stamps": {stamp: list(ids) for stamp, ids in self._stamps.items()},
            "template_stamps": sorted(self._template_stamps),
            "apart": sorted([a, b] for a, b in self._apart),
        }

    @classmethod
    def from_state(
        cls, state: dict[str, Any], *, clock: Callable[[], datetime] = _utc_now
    ) -> StoryIndex:
        """Rebuild an index from :meth:`to_state`; further adds behave exactly the same."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported story index state version: {state.get('version')}")
        known = {f.name for f in fields(StoryParams)}
        given = {k: v for k, v in state["params"].items() if k in known}
        if "split_sketch" in given:
            given["split_sketch"] = tuple(given["split_sketch"])
        params = StoryParams(**given)
        index = cls(params, clock=clock)
        index._n = int(state["n"])
        index._seq = int(state["seq"])
        index._df = {str(k): int(v) for k, v in state["df"].items()}
        for article_id, m in state["articles"].items():
            index._members[article_id] = _Member(
                story=m["story"],
                seq=int(m["seq"]),
                weight=float(m["weight"]),
                title=m["title"],
                vector=[{str(t): float(v) for t, v in g} for g in m["vector"]],
                trust=[float(v) for v in m["trust"]],
                keys=list(m["keys"]),
                date=None if m["date"] is None else float(m["date"]),
                stamp=m["stamp"],
                short=bool(m["short"]),
                spans=bool(m["spans"]),
            )
        for s in state["stories"]:
            index._stories[s["id"]] = _Story(
                id=s["id"],
                seq=int(s["seq"]),
                members=list(s["members"]),
                centroid=[{str(t): float(v) for t, v in g} for g in s["centroid"]],
                mass=[float(v) for v in s["mass"]],
                trust=[float(v) for v in s["trust"]],
                first=None if s["first"] is None else float(s["first"]),
                last=None if s["last"] is None else float(s["last"]),
                keys=set(s["keys"]),
                check_at=int(s["check_at"]),
            )
        index._postings = {t: dict.fromkeys(ids) for t, ids in state["postings"].items()}
        index._flags = dict(state["flags"])
        index._stamps = {k: list(v) for k, v in state["stamps"].items()}
        index._template_stamps = set(state["template_stamps"])
        index._apart = {_pair(a, b) for a, b in state["apart"]}
        return index

    # ----------------------------------------------------------------- dates

    def _date_of(self, article: Article) -> tuple[float | None, str | None, str | None]:
        """(trustworthy time, exact instant, flag) for an article's publication date."""
        published = article.published
        if published is None:
            return None, None, FLAG_UNDATED
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        stamp = published.astimezone(UTC).isoformat()
        if published < _EARLIEST_PLAUSIBLE or stamp in self._template_stamps:
            return None, stamp, FLAG_TEMPLATE
        if published > self.clock() + _FUTURE_TOLERANCE:
            return None, stamp, FLAG_FUTURE
        return published.timestamp(), stamp, None

    def _note_stamp(self, stamp: str, article_id: str, published: datetime | None) -> None:
        """Count exact timestamps. One shared by many articles of different stories is a
        page-template date: it stops counting for all of them, and they are flagged."""
        carriers = self._stamps.setdefault(stamp, [])
        carriers.append(article_id)
        if stamp in self._template_stamps or published is None:
            return
        midnight = (published.hour, published.minute, published.second) == (0, 0, 0)
        p = self.params
        if len(carriers) < (p.template_shared_midnight if midnight else p.template_shared):
            return
        if len({self._members[a].story for a in carriers}) < 2:
            return  # copies of one report: a real shared time
        self._template_stamps.add(stamp)
        touched: set[str] = set()
        for carrier in carriers:
            member = self._members[carrier]
            if member.date is not None:
                member.date = None
                self._flags.setdefault(carrier, FLAG_TEMPLATE)
                touched.add(member.story)
        for story_id in touched:
            self._respan(self._stories[story_id])

    @staticmethod
    def _gap_days(story: _Story, date: float | None) -> float:
        """Days between ``date`` and the story's span of dates (0 inside it, or undated)."""
        if date is None or story.first is None or story.last is None:
            return 0.0
        return max(0.0, story.first - date, date - story.last) / _DAY

    @staticmethod
    def _span_gap(a: _Story, b: _Story) -> float:
        if a.first is None or b.first is None or a.last is None or b.last is None:
            return 0.0
        return max(0.0, a.first - b.last, b.first - a.last) / _DAY

    # ----------------------------------------------------------------- scoring

    def _rank(self, counts: Counter[str]) -> tuple[list[tuple[str, float, int]], list[float]]:
        """(term, boosted TF-IDF, group) over the stream so far (this article included),
        best first; and the trust in each group.

        A group is trusted in proportion to its terms' summed IDF (less the IDF of a term
        every article has), up to ``evidence``: a report whose only name is "Reuters" says
        little by its names, even though that one name makes its names vector identical to
        every other such report.
        """
        p = self.params
        df = self._df
        log = math.log
        n1 = self._n + 1.0 + p.background_docs
        boosts = (1.0, p.name_boost, p.date_boost)
        weighted: list[tuple[str, float, int]] = []
        evidence = [0.0] * _GROUPS
        for key, tf in counts.items():
            seen = df.get(key, 0) + 1
            df[key] = seen
            group = _group(key)
            boost = p.number_boost if key[0] == "#" else boosts[group]
            idf = log(n1 / (seen + 1.0)) + 1.0
            evidence[group] += idf - 1.0  # zero for a term that every article has
            weighted.append((key, (1.0 + log(tf)) * idf * boost, group))
        weighted.sort(key=_by_weight)  # ties: term order, so the ranking is deterministic
        trust = [1.0 if evidence[0] else 0.0]
        trust += [min(1.0, e / p.evidence) for e in evidence[1:]]
        return weighted, trust

    @staticmethod
    def _split_groups(ranked: Iterable[tuple[str, float, int]]) -> Groups:
        groups = _empty()
        for term, weight, group in ranked:
            groups[group][term] = weight
        return [_unit(g) for g in groups]

    def _candidates(self, ranked: list[tuple[str, float, int]]) -> list[_Story]:
        """Stories sharing the article's best-ranked terms, through the inverted index.

        At most ``query_terms`` posting lists of at most ``posting_cap`` entries are read
        and at most ``candidates`` stories come back, however large the index is.
        """
        p = self.params
        votes: dict[str, float] = {}
        looked = 0
        scanned = 0
        for term, weight, _ in ranked:
            posting = self._postings.get(term)
            if not posting:
                continue
            for story_id in islice(reversed(posting), p.posting_cap):
                votes[story_id] = votes.get(story_id, 0.0) + weight
                scanned += 1
            looked += 1
            if looked >= p.query_terms:
                break
        chosen = sorted(votes, key=lambda s: (-votes[s], self._stories[s].seq))[: p.candidates]
        self.last_examined = len(chosen)
        self.last_scanned = scanned
        self.max_examined = max(self.max_examined, len(chosen))
        self.max_scanned = max(self.max_scanned, scanned)
        return [self._stories[s] for s in chosen]

    def _score(
        self,
        query: Groups,
        trust: list[float],
        ranked: list[tuple[str, float, int]],
        date: float | None,
        short: bool,
    ) -> list[_Scored]:
        p = self.params
        own = [1.0 if g else 0.0 for g in query]
        scored: list[_Scored] = []
        for story in self._candidates(ranked):
            dots = _dots(query, story.centroid)
            similarity = self._combine(dots, own, story.mass, trust, _mean_trust(story))
            needed = p.join_short if short or story.weight < 0.5 else p.join
            score = similarity
            gap = self._gap_days(story, date)
            if gap > p.max_gap_days:
                # Another time: the same people and places are expected (an earlier
                # incident, a follow-up), so only near-identical wording of the event
                # itself counts as the same story.
                wording = _wording(query, story)
                if wording < p.far:
                    score = min(score, wording)
                needed = max(needed, p.far)
            elif gap > p.gap_grace_days:
                score -= p.gap_penalty * (gap - p.gap_grace_days)
            scored.append(_Scored(story, similarity, score, needed))
        # The closest story that is close enough wins; then the others, closest first.
        scored.sort(key=lambda s: (s.score < s.needed, -s.score, s.story.seq))
        return scored

    def _combine(
        self,
        dots: list[float],
        mass_a: list[float],
        mass_b: list[float],
        trust_a: list[float],
        trust_b: list[float],
    ) -> float:
        """Weighted mean over feature groups of the average-link similarity.

        ``dots`` are per-group dot products of two weighted sums of unit vectors whose
        weights add up to ``mass_a`` and ``mass_b``. Each group counts with its weight
        times the smaller trust of the two sides; a group that one side lacks counts as no
        evidence either way rather than as a mismatch (most short reports carry no number
        at all).
        """
        p = self.params
        weights = (1.0, p.names_weight, p.numbers_weight)
        total = 0.0
        mass = 0.0
        for group in range(_GROUPS):
            if mass_a[group] > 0.0 and mass_b[group] > 0.0:
                weight = weights[group] * min(trust_a[group], trust_b[group])
                total += weight * dots[group] / (mass_a[group] * mass_b[group])
                mass += weight
        return total / mass if mass else 0.0

    def _story_similarity(self, a: _Story, b: _Story) -> float:
        small, large = (a, b) if len(a.centroid[0]) <= len(b.centroid[0]) else (b, a)
        dots = _dots(small.centroid, large.centroid)
        return self._combine(dots, a.mass, b.mass, _mean_trust(a), _mean_trust(b))

    # ----------------------------------------------------------------- stories

    def _open(self, article_id: str) -> _Story:
        attempt = 0
        while _story_id(article_id, attempt) in self._stories:
            attempt += 1
        story = _Story(id=_story_id(article_id, attempt), seq=self._seq, members=[])
        self._stories[story.id] = story
        return story

    def _join(self, story: _Story, article_id: str, member: _Member) -> None:
        story.members.append(article_id)
        _accumulate(story, member)
        self._index(story, member.keys)
        if member.date is not None and member.spans:
            _widen(story, member.date, member.date)
        self._prune(story)

    def _prune(self, story: _Story) -> None:
        """Keep each group of a large story's vector to its ``story_terms`` strongest terms."""
        limit = self.params.story_terms
        for group, vector in enumerate(story.centroid):
            if len(vector) > limit * 1.5:
                kept = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
                story.centroid[group] = dict(kept)

    def _index(self, story: _Story, terms: Iterable[str]) -> None:
        cap = self.params.posting_cap
        for term in terms:
            posting = self._postings.setdefault(term, {})
            posting.pop(story.id, None)
            posting[story.id] = None  # most recently used last
            if len(posting) > cap:
                del posting[next(iter(posting))]
            story.keys.add(term)

    def _unindex(self, story: _Story) -> None:
        for term in story.keys:
            posting = self._postings.get(term)
            if posting is not None:
                posting.pop(story.id, None)
                if not posting:
                    del self._postings[term]
        story.keys = set()

    def _respan(self, story: _Story) -> None:
        members = [self._members[a] for a in story.members]
        dates = [m.date for m in members if m.date is not None and m.spans]
        story.first = min(dates) if dates else None
        story.last = max(dates) if dates else None

    def _rebuild(self, story: _Story) -> None:
        """Recompute a story's vector, span and index entries from its members."""
        story.centroid = _empty()
        story.mass = [0.0] * _GROUPS
        story.trust = [0.0] * _GROUPS
        for article_id in story.members:
            member = self._members[article_id]
            _accumulate(story, member)
            self._index(story, member.keys)
        self._respan(story)
        self._prune(story)

    def _divide(self, story: _Story, kept: list[str], moved: list[str]) -> _Story:
        """Move ``moved`` out of ``story`` into a new story (id from its first article)."""
        new = self._open(moved[0])
        self._unindex(story)
        story.members = kept
        new.members = moved
        for article_id in moved:
            self._members[article_id].story = new.id
        self._rebuild(new)
        if kept:
            self._rebuild(story)
        else:
            del self._stories[story.id]
            self._apart = {pair for pair in self._apart if story.id not in pair}
        return new

    def _auto_merge(self, story: _Story, others: list[_Scored]) -> _Story:
        """Fold in other stories the (long) article was also close to, when the two
        stories as wholes are at least ``merge`` alike."""
        p = self.params
        for other in others:
            if other.similarity < p.merge_probe or other.story.id not in self._stories:
                continue
            if other.story is story or _pair(story.id, other.story.id) in self._apart:
                continue
            if self._span_gap(story, other.story) > p.max_gap_days:
                continue
            if self._story_similarity(story, other.story) < p.merge:
                continue
            older = story.seq <= other.story.seq
            keep, gone = (story, other.story) if older else (other.story, story)
            self._merge_into(keep, gone)
            story = keep
        return story

    def _merge_into(self, keep: _Story, gone: _Story) -> None:
        for article_id in gone.members:
            self._members[article_id].story = keep.id
        keep.members.extend(gone.members)
        for group in range(_GROUPS):
            target = keep.centroid[group]
            for term, value in gone.centroid[group].items():
                target[term] = target.get(term, 0.0) + value
        keep.mass = [a + b for a, b in zip(keep.mass, gone.mass, strict=True)]
        keep.trust = [a + b for a, b in zip(keep.trust, gone.trust, strict=True)]
        _widen(keep, gone.first, gone.last)
        keys = sorted(gone.keys)
        self._unindex(gone)
        self._index(keep, keys)
        del self._stories[gone.id]
        renamed: set[tuple[str, str]] = set()
        for a, b in self._apart:
            pair = _pair(keep.id if a == gone.id else a, keep.id if b == gone.id else b)
            if pair[0] != pair[1]:
                renamed.add(pair)
        self._apart = renamed
        self._prune(keep)

    def _maybe_split(self, story: _Story) -> None:
        """Split a story whose members fall into two groups less alike than ``split``.

        Checked when the story reaches 4, 6, 9, 14, ... members (each time it has grown
        by half) and only up to ``split_max_members``, so the cost per added article stays
        bounded. Short articles go with the side they are closer to but do not count
        towards the minimum size of a side. The side holding the story's first article
        keeps the story's id.
        """
        p = self.params
        story.check_at = max(story.check_at + 1, math.ceil(len(story.members) * p.split_growth))
        if len(story.members) > p.split_max_members:
            return
        members = [self._members[a] for a in story.members]
        if sum(1 for m in members if not m.short) < 2 * p.split_min_members:
            return
        sides = self._two_means(members)
        if sides is None:
            return
        long_counts = [0, 0]
        parts = [_Story(id="", seq=0, members=[]), _Story(id="", seq=0, members=[])]
        for member, side in zip(members, sides, strict=True):
            _accumulate(parts[side], member)
            long_counts[side] += not member.short
        if min(long_counts) < p.split_min_members:
            return
        if self._story_similarity(parts[0], parts[1]) >= p.split:
            return
        first_side = sides[0]
        kept = [a for a, s in zip(story.members, sides, strict=True) if s == first_side]
        moved = [a for a, s in zip(story.members, sides, strict=True) if s != first_side]
        new = self._divide(story, kept, moved)
        story.check_at = max(4, math.ceil(len(kept) * p.split_growth))
        new.check_at = max(4, math.ceil(len(moved) * p.split_growth))

    def _two_means(self, members: list[_Member]) -> list[int] | None:
        """Two groups of members by average-link similarity (spherical 2-means, seeded by
        the member least like the whole and the member least like that one), computed on
        each member's best-ranked terms only."""
        sizes = self.params.split_sketch
        sketches = [
            replace(
                m, vector=[dict(islice(g.items(), k)) for g, k in zip(m.vector, sizes, strict=True)]
            )
            for m in members
        ]
        owns = [[1.0 if g else 0.0 for g in m.vector] for m in sketches]

        def part_of(indices: Iterable[int]) -> _Story:
            part = _Story(id="", seq=0, members=[])
            for i in indices:
                _accumulate(part, sketches[i])
            return part

        def closeness(part: _Story) -> list[float]:
            trust = _mean_trust(part)
            combine = self._combine
            return [
                combine(_dots(m.vector, part.centroid), own, part.mass, m.trust, trust)
                for m, own in zip(sketches, owns, strict=True)
            ]

        everyone = range(len(sketches))
        to_whole = closeness(part_of(everyone))
        seed_a = min(everyone, key=lambda i: (to_whole[i], i))
        to_a = closeness(part_of([seed_a]))
        seed_b = min((i for i in everyone if i != seed_a), key=lambda i: (to_a[i], i))
        near = [to_a, closeness(part_of([seed_b]))]
        sides: list[int] = []
        for _ in range(self.params.split_rounds):
            new_sides = [0 if a >= b else 1 for a, b in zip(near[0], near[1], strict=True)]
            if new_sides == sides or len(set(new_sides)) < 2:
                sides = new_sides
                break
            sides = new_sides
            near = [closeness(part_of(i for i in everyone if sides[i] == k)) for k in (0, 1)]
        if len(set(sides)) < 2:
            return None
        return sides


def _accumulate(story: _Story, member: _Member) -> None:
    w = member.weight
    for group in range(_GROUPS):
        vector = member.vector[group]
        if not vector:
            continue
        target = story.centroid[group]
        for term, value in vector.items():
            target[term] = target.get(term, 0.0) + w * value
        story.mass[group] += w
        story.trust[group] += w * member.trust[group]


def _wording(query: Groups, story: _Story) -> float:
    """Average-link similarity of the article's words that are not names (what happened,
    rather than to whom) to the story's words."""
    words, names = query[0], query[1]
    plain = {
        t: v for t, v in words.items() if "N:" + t not in names and "N:" + t + "s" not in names
    }
    norm = math.sqrt(sum(v * v for v in plain.values()))
    if not norm or not story.mass[0]:
        return 0.0
    centroid = story.centroid[0]
    dot = sum(v * centroid.get(t, 0.0) for t, v in plain.items())
    return dot / (norm * story.mass[0])


def _mean_trust(story: _Story) -> list[float]:
    return [t / m if m > 0 else 0.0 for t, m in zip(story.trust, story.mass, strict=True)]


def _widen(story: _Story, first: float | None, last: float | None) -> None:
    if first is not None:
        story.first = first if story.first is None else min(story.first, first)
    if last is not None:
        story.last = last if story.last is None else max(story.last, last)


def group_stories(articles: Sequence[Article], params: StoryParams | None = None) -> list[Story]:
    """Batch helper: add articles in publication order (undated last); stories largest first."""
    index = StoryIndex(params)
    ordered = sorted(
        articles,
        key=lambda a: (a.published is None, a.published.timestamp() if a.published else 0.0),
    )
    for article in ordered:
        index.add(article)
    return index.stories()
