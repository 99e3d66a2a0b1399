"""The typed data every stage passes along, defined in one place.

Data flows one way: ingest -> dedup -> extract -> align -> judge -> brief. Each stage
takes and returns these plain dataclasses, so stages never reach into each other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

# --------------------------------------------------------------------------- ingest


class SourceFormat(StrEnum):
    """How an article reached us; decides which parser ran."""

    HTML = "html"
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    FEED = "feed"


@dataclass(frozen=True)
class Article:
    """One report as stored: clean main text plus the metadata we could find."""

    id: str  # stable: derived from the normalised text, so re-ingesting is a no-op
    origin: str  # the path or URL it was read from
    title: str
    text: str  # main text, one paragraph per line
    outlet: str
    url: str | None = None  # canonical URL when the page declares one
    author: str | None = None
    published: datetime | None = None  # timezone-aware, in the outlet's own UTC offset
    language: str | None = None
    format: SourceFormat = SourceFormat.TEXT
    site_name: str | None = None


class IngestStatus(StrEnum):
    STORED = "stored"
    ALREADY_STORED = "already stored"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one input; the CLI prints these as the closing table."""

    input: str
    status: IngestStatus
    article_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not IngestStatus.FAILED


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int  # position in the article, 0-based
    text: str

    @property
    def key(self) -> str:
        return f"{self.article_id}:{self.index}"


@dataclass(frozen=True)
class Mention:
    """A named-entity mention as it appears in one sentence."""

    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC
    article_id: str
    sentence_index: int
    role: str | None = None  # title or apposition beside it: "mayor", "regional governor"


@dataclass(frozen=True)
class EntityForm:
    """One surface form of an entity, with who used it.

    ``suspect`` marks a rare near-spelling of a well-attested form (one outlet's "Peter
    Haller" where most say "Peter Hallier"): merged, but shown as a probable misspelling.
    """

    text: str
    count: int
    article_ids: tuple[str, ...]
    suspect: bool = False


@dataclass
class Entity:
    """A canonical person, organisation or place, with every surface form seen."""

    id: str
    name: str
    label: str  # PERSON, ORG or PLACE
    mentions: list[Mention] = field(default_factory=list)
    suspect_forms: frozenset[str] = frozenset()

    def variants(self) -> dict[str, list[str]]:
        """Surface form -> ids of the articles that use it, most used form first."""
        return {form.text: list(form.article_ids) for form in self.forms()}

    def forms(self) -> list[EntityForm]:
        """Every surface form with its count and sources, most widely used first."""
        counts: Counter[str] = Counter(m.text for m in self.mentions)
        sources: dict[str, set[str]] = {}
        for mention in self.mentions:
            sources.setdefault(mention.text, set()).add(mention.article_id)
        ordered = sorted(sources, key=lambda text: (-len(sources[text]), -counts[text], text))
        return [
            EntityForm(text, counts[text], tuple(sorted(sources[text])), text in self.suspect_forms)
            for text in ordered
        ]

    def roles(self) -> list[str]:
        """Roles given to this entity across articles, most common first."""
        counts = Counter(m.role for m in self.mentions if m.role)
        return [role for role, _ in counts.most_common()]


class QuantityKind(StrEnum):
    """What sort of number it is; only like kinds are ever compared."""

    COUNT = "count"  # 1,200 residents
    MONEY = "money"  # $4.2 million
    PERCENT = "percent"  # 12%
    AGE = "age"  # a 54-year-old man
    DURATION = "duration"  # for six hours
    PRISON_TERM = "prison term"  # sentenced to six years
    MEASURE = "measure"  # 3 metres, 40 km/h


@dataclass(frozen=True)
class Quantity:
    """A number in a sentence, read with its comparator and the thing it counts.

    ``low``/``high`` is the interval the wording allows: "more than 300" is (300, ~345],
    "almost 400" is [~360, 400).
    """

    surface: str
    value: float
    low: float
    high: float
    comparator: str | None
    counted: str  # the counted noun phrase with its predicate, e.g. "homes flooded"
    noun: str  # lemma of the counted noun, e.g. "home"
    sentence_index: int
    kind: QuantityKind = QuantityKind.COUNT
    unit: str | None = None  # "USD", "%", "metre", "year", ...


@dataclass(frozen=True)
class TimeExpression:
    """A date or time the text gives for an event, resolved against the publish date.

    ``start``/``end`` is the interval it covers ("in June" is the whole month); both are
    None when the expression cannot be placed ("for years"). The time of publication is
    :attr:`Article.published`, never one of these.
    """

    text: str  # as written: "on Thursday night"
    sentence_index: int
    start: datetime | None
    end: datetime | None
    granularity: str  # "minute", "hour", "part of day", "day", "week", "month", "year"
    relative: bool  # resolved against the publish date rather than stated outright


# The granularities a TimeExpression can have, finest first.
GRANULARITIES = ("minute", "hour", "part of day", "day", "week", "month", "year")
# Precise enough to place an event on a day.
DAY_OR_FINER = frozenset(GRANULARITIES[:4])


class SpeechKind(StrEnum):
    DIRECT = "direct"  # words inside quotation marks
    INDIRECT = "indirect"  # reported speech: "X said that ..."


@dataclass(frozen=True)
class Quote:
    """Who said what: the words (or their report) and the speaker as the article names them.

    ``speaker`` is the article's own naming, already resolved within the article ("he" ->
    "Nadia Sorokina"); ``speaker_id`` is the canonical entity across articles, filled in
    once entities are resolved.
    """

    article_id: str
    sentence_indices: tuple[int, ...]  # more than one when the quote spans sentences
    text: str  # the quoted words, or the reported clause for indirect speech
    kind: SpeechKind
    speaker: str | None
    verb: str | None = None  # "said", "told", "wrote"
    channel: str | None = None  # "Telegram", "X", "a press conference"
    addressee: str | None = None  # "told reporters" -> "reporters"
    speaker_id: str | None = None


@dataclass(frozen=True)
class Claim:
    """One atomic claim: a whole sentence, or one clause of a sentence that states several
    facts (``clause`` >= 1, with the whole sentence kept in ``context`` for citing)."""

    article_id: str
    sentence_index: int
    text: str
    quantities: tuple[Quantity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    attribution: str | None = None  # who the sentence says it comes from
    times: tuple[TimeExpression, ...] = ()
    clause: int = 0  # 0: the whole sentence; n: its n-th clause
    context: str | None = None  # the whole sentence, when this claim is one clause of it

    @property
    def key(self) -> str:
        suffix = f".{self.clause}" if self.clause else ""
        return f"{self.article_id}:{self.sentence_index}{suffix}"

    @property
    def sentence_key(self) -> str:
        return f"{self.article_id}:{self.sentence_index}"

    @property
    def sentence(self) -> str:
        """The sentence as written, for citations."""
        return self.context or self.text


@dataclass(frozen=True)
class SkippedPassage:
    """A paragraph extraction did not read, and why (e.g. it is not in English)."""

    paragraph: int
    text: str  # its opening words
    reason: str
    language: str | None = None


@dataclass
class ExtractedArticle:
    """``claims`` has one whole-sentence claim per sentence; ``clauses`` holds the atomic
    claims of sentences that state several facts (see :meth:`units`)."""

    article: Article
    sentences: list[Sentence]
    claims: list[Claim]
    mentions: list[Mention]
    quotes: list[Quote] = field(default_factory=list)
    skipped: list[SkippedPassage] = field(default_factory=list)
    clauses: list[Claim] = field(default_factory=list)

    def units(self) -> list[Claim]:
        """The atomic claims to align: each sentence's clauses, or the sentence itself."""
        split = {c.sentence_index for c in self.clauses}
        whole = [c for c in self.claims if c.sentence_index not in split]
        return sorted(whole + self.clauses, key=lambda c: (c.sentence_index, c.clause))


# --------------------------------------------------------------------------- dedup


class CopyKind(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"  # near-verbatim: the same text on another site
    DERIVED = "derived"  # a rewrite, spun or machine-garbled version


class FactChange(StrEnum):
    """What a copy changed in a fact it took from its original."""

    NUMBER = "number"  # "4.2 million" became "42 million"
    NAME = "name"  # a different person, place or organisation, not a respelling
    DATE = "date"  # "Tuesday" became "Wednesday"
    NEGATION = "negation"  # "banned" became "allowed", "did" became "did not"


@dataclass(frozen=True)
class AlteredFact:
    """One fact a derived copy states differently from its original: *altered in copy*,
    never counted as an independent disagreement."""

    kind: FactChange
    original: str  # the words in the original: "17"
    altered: str  # the words in the copy: "27"
    original_sentence: str
    copy_sentence: str
    original_index: int  # sentence index in the original
    copy_index: int  # sentence index in the copy


@dataclass
class SourceGroup:
    """Articles that are copies of one another; together they count as ONE source."""

    id: str
    original_id: str
    members: dict[str, CopyKind]  # article id -> how it relates to the original
    agency: str | None = None  # wire agency named in a dateline or credit line
    similarity: dict[str, float] = field(default_factory=dict)  # member -> similarity
    altered: dict[str, list[AlteredFact]] = field(default_factory=dict)  # member -> changes

    @property
    def article_ids(self) -> list[str]:
        return list(self.members)


@dataclass
class Story:
    """Articles about one event."""

    id: str
    article_ids: list[str]
    title: str


# --------------------------------------------------------------------------- align / judge


class Stance(StrEnum):
    """How one statement relates to another, as a pair judge sees it."""

    AGREE = "agree"  # the second is consistent with (supports) the first
    CONTRADICT = "contradict"  # both cannot be true
    UNRELATED = "unrelated"  # they are about different things


@dataclass(frozen=True)
class PairJudgement:
    """One judge's call on a (premise, hypothesis) pair, and which signal made it.

    ``decided_by`` names the signal so the brief can show it: "rule: numbers",
    "learned judge", "nli model: <dir>", "llm: <model>".
    """

    stance: Stance
    confidence: float  # probability of ``stance``, 0..1
    decided_by: str
    probabilities: dict[str, float] = field(default_factory=dict)  # Stance value -> p
    reason: str = ""


class Verdict(StrEnum):
    """What a claim group amounts to once its independent sources are compared."""

    AGREE = "agree"  # independent sources consistent
    DISAGREE = "disagree"  # a real conflict between independent sources
    ATTRIBUTED = "attributed"  # values differ because different origins are quoted
    ALTERED_IN_COPY = "altered in copy"  # a copy changed its original (from dedup)
    VARIANT = "variant"  # spelling or rounding only
    SINGLE_SOURCE = "single source"  # one independent source: nothing to compare


# Disputes are the DISAGREE and ATTRIBUTED verdicts; the old name stays for readers.
ConflictKind = Verdict


@dataclass(frozen=True)
class StatementCheck:
    """Whether the sources support one statement, which signal decided, and why.

    ``stance``: AGREE when supported, CONTRADICT when a source says otherwise, UNRELATED
    when the sources do not say it (an invented fact, a figure or name they lack).
    ``evidence``: keys of the evidence claims behind the call (the supporting sentences,
    or those the statement contradicts); empty when nothing in the sources bears on it.
    """

    stance: Stance
    supported: bool
    confidence: float
    evidence: tuple[str, ...]
    decided_by: str
    reason: str


@dataclass(frozen=True)
class PairEvidence:
    """One comparison behind a verdict: two claims (by key) and the call made on them."""

    first: str  # claim key of the group's representative voice
    second: str  # claim key of another independent source's voice
    judgement: PairJudgement


@dataclass
class ClaimGroup:
    """Sentences from different articles that say the same thing, and the verdict on them."""

    id: str
    claims: list[Claim]
    representative: Claim
    source_group_ids: list[str]  # distinct independent sources behind the claims
    verdict: Verdict = Verdict.AGREE
    decided_by: str = ""  # the signal that settled the verdict: "rule: numbers", ...
    reason: str = ""
    evidence: list[PairEvidence] = field(default_factory=list)
    altered_in_copy: list[Claim] = field(default_factory=list)  # copies that changed it

    @property
    def independent_sources(self) -> int:
        return len(self.source_group_ids)


@dataclass(frozen=True)
class FigureReport:
    """One source's figure (or, for a dispute without numbers, its statement)."""

    claim: Claim
    quantity: Quantity | None
    source_group_id: str
    attributed_to: str | None


@dataclass
class NumericConflict:
    """A dispute between independent sources: over a figure, or (quantity None) over a
    statement that one source negates, dates differently or words as its opposite."""

    id: str
    counted: str  # what is disputed: "people died", or the opening words of the claim
    reports: list[FigureReport]
    kind: ConflictKind
    reason: str
    decided_by: str = ""


# --------------------------------------------------------------------------- brief
# The brief is plain, JSON-ready data: renderers (Markdown, HTML, JSON) only format it.


@dataclass
class BriefCitation:
    source: int  # number in the brief's sources list
    article_id: str
    outlet: str
    sentence: str
    url: str | None = None


@dataclass
class BriefFact:
    text: str
    independent_sources: int
    citations: list[BriefCitation]
    verdict: str = "agree"  # Verdict value
    decided_by: str = ""  # which signal settled the verdict: "rule: numbers", "learned judge"
    reason: str = ""
    altered_in_copy: list[BriefCitation] = field(default_factory=list)  # copies that changed it


@dataclass
class BriefFigure:
    outlet: str
    figure: str  # as written: "more than 300"; the statement itself in a non-numeric dispute
    value: float | None
    attributed_to: str | None
    citation: BriefCitation


@dataclass
class BriefDispute:
    counted: str
    kind: str  # ConflictKind value
    reason: str
    figures: list[BriefFigure]
    decided_by: str = ""  # which signal found the dispute


@dataclass
class BriefCopyGroup:
    agency: str | None
    original: BriefSourceRef
    members: list[BriefSourceRef]


@dataclass
class BriefAlteredFact:
    """A fact a copy changed: shown as "altered in copy", never as a disagreement."""

    kind: str  # FactChange value
    original: str
    altered: str
    original_sentence: str
    copy_sentence: str


@dataclass
class BriefSourceRef:
    source: int
    outlet: str
    title: str
    relation: str  # CopyKind value
    similarity: float | None = None
    altered: list[BriefAlteredFact] = field(default_factory=list)  # vs the original


@dataclass
class BriefSource:
    number: int
    article_id: str
    outlet: str
    title: str
    url: str | None
    origin: str
    published: str | None  # ISO 8601
    source_group: str  # id of its independence group
    independent: bool  # False when it is a copy of another source in the brief
    not_read: list[str] = field(default_factory=list)  # passages skipped, and why
    date_note: str | None = None  # why its story was found by content alone ("no date")


@dataclass
class BriefEntity:
    name: str
    label: str  # PERSON, ORG or PLACE
    variants: dict[str, list[int]]  # surface form -> source numbers
    mentions: int
    roles: list[str] = field(default_factory=list)  # "mayor of Polesk", most common first
    suspect_variants: list[str] = field(default_factory=list)  # probable misspellings


@dataclass
class BriefQuote:
    text: str  # quoted words (direct) or the reported clause (indirect)
    kind: str  # SpeechKind value
    citation: BriefCitation
    channel: str | None = None  # "Telegram", "a press conference"


@dataclass
class BriefSpeaker:
    """One person or body and everything the sources quote them as saying."""

    name: str
    role: str | None
    quotes: list[BriefQuote]


@dataclass
class BriefLede:
    """What happened, where and when: one source sentence that says it, with the places and
    the time the sources give for the event."""

    text: str
    citations: list[BriefCitation]
    where: list[str] = field(default_factory=list)  # places, the most reported first
    when: str | None = None  # ISO 8601 (UTC) start of the event, when the sources date it
    when_text: str | None = None  # as written, with its date: "around 4:30 a.m. (10 March 2026)"


@dataclass
class BriefSentence:
    """One sentence of the narrative and the source sentences behind it."""

    text: str
    citations: list[BriefCitation]
    kind: str = "fact"  # "lede", "fact" (corroborated) or "dispute"
    independent_sources: int = 0
    generated: bool = False  # written by an LLM rather than taken from a source
    supported: bool | None = None  # generated sentences only: did the judge find support?
    check: str = ""  # generated sentences only: what the judge found, in a few words


@dataclass
class BriefNarrative:
    """The story told in order, every sentence cited. Extractive unless a writer was asked
    to rewrite it, in which case every generated sentence is checked against the sources."""

    paragraphs: list[list[BriefSentence]] = field(default_factory=list)
    method: str = "extractive"  # or "llm: <model>, checked by the judge"
    dropped: list[BriefSentence] = field(default_factory=list)  # generated, unsupported
    notes: list[str] = field(default_factory=list)  # e.g. the writer failed: extractive kept


@dataclass
class BriefEvent:
    """A dated event on the timeline."""

    start: str  # ISO 8601 (UTC)
    end: str | None
    granularity: str  # TimeExpression granularity: "minute", "part of day", "day", "year", ...
    when: str  # as the sources write it: "around 4:30 a.m. local time"
    text: str
    citations: list[BriefCitation]
    independent_sources: int
    background: bool = False  # long before the story broke: listed, not charted


@dataclass
class BriefSourceGroup:
    """One independent source: an original report and the copies of it."""

    id: str
    label: str  # "Continental Press (agency)" or the original's outlet
    original: int  # source number of the likely original
    members: list[int]  # source numbers, the original included
    first_reported: str | None  # ISO 8601: the earliest publication in the group
    agency: str | None = None


@dataclass
class Brief:
    title: str
    generated_at: str  # ISO 8601
    story_id: str
    article_count: int
    independent_source_count: int
    corroborated: list[BriefFact]
    disputed: list[BriefDispute]
    single_source: list[BriefFact]
    copy_groups: list[BriefCopyGroup]
    entities: list[BriefEntity]
    sources: list[BriefSource]
    other_stories: list[str] = field(default_factory=list)
    who_said_what: list[BriefSpeaker] = field(default_factory=list)
    judge_notes: list[str] = field(default_factory=list)  # a configured judge that failed
    lede: BriefLede | None = None
    narrative: BriefNarrative = field(default_factory=BriefNarrative)
    timeline: list[BriefEvent] = field(default_factory=list)
    source_groups: list[BriefSourceGroup] = field(default_factory=list)  # independence groups
    schema_version: str = "1.3"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- verify
# A draft (an AI summary, a reporter's copy) checked claim by claim against the sources.


class ClaimStatus(StrEnum):
    SUPPORTED = "supported"  # independent sources say it
    CONTRADICTED = "contradicted"  # a source says otherwise: see ``differs``
    NOT_FOUND = "not found"  # no source says it


@dataclass
class DraftEvidence:
    """One source sentence behind a draft claim's verdict."""

    citation: BriefCitation
    stance: str  # "supports" or "contradicts"
    source_group: str  # id of the source's independence group


@dataclass
class DraftClaim:
    """One atomic claim of the draft, its verdict and the evidence for it."""

    text: str  # the claim as the draft words it
    sentence_index: int  # which draft sentence it comes from
    start: int  # character offsets of the claim in ``Verification.draft``
    end: int
    status: str  # ClaimStatus value
    confidence: float
    reason: str
    decided_by: str  # "rule: numbers", "learned judge", ...
    differs: list[str] = field(default_factory=list)  # "number", "date", "person", "negation"
    evidence: list[DraftEvidence] = field(default_factory=list)
    independent_sources: int = 0  # independent sources among the supporting evidence


@dataclass
class Verification:
    """A verified draft: every claim with its verdict, and an overall score."""

    title: str
    generated_at: str  # ISO 8601
    draft: str  # the draft as plain text (Markdown and HTML read to text)
    claims: list[DraftClaim]
    score: float  # supported share of the checked claims, 0..1
    source_count: int
    independent_source_count: int
    sources: list[BriefSource] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # odd input explained: empty, language, copy
    schema_version: str = "1.0"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
