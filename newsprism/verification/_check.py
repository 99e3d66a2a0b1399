"""Check a draft against the sources of an analysed story, claim by claim.

The draft is read like a source article (the extract stage: sentences, then clauses, so a
sentence that states several facts becomes several claims), keeping each claim's
character span in the draft. Each claim is checked with
:func:`newsprism.judge.check_statement` against the source sentences most like it: the
sentences and clauses of every article of the story, originals and copies, ranked by
embedding cosine plus the names and figures they share with the claim. The check is the
judge stage's own: rules on figures, dates, negation, antonyms, names and attribution,
then the pair judge.

A supported claim lists the source sentences that support it on their own, and counts
the independent sources behind them (copies of one wire story count once). A
contradicted claim lists the sentences it conflicts with and what differs (number, date,
person, negation, antonym, attribution). Odd input (an empty draft, paragraphs in another
language, a draft far longer than its sources, a draft copied from one source) is
checked as far as it can be and explained in the notes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsprism.brief import number_sources
from newsprism.dedup import shingles
from newsprism.extract import extract_article
from newsprism.extract._names import name_tokens, skeleton
from newsprism.judge import (
    LEARNED,
    RULE_ANTONYM,
    RULE_ATTRIBUTION,
    RULE_CONTRAST,
    RULE_DATES,
    RULE_NAMES,
    RULE_NEGATION,
    RULE_NUMBERS,
    RULE_TERMS,
    check_statement,
    name_forms,
)
from newsprism.models import (
    Article,
    BriefCitation,
    BriefSource,
    Claim,
    ClaimStatus,
    DraftClaim,
    DraftEvidence,
    Entity,
    ExtractedArticle,
    SourceGroup,
    Stance,
    StatementCheck,
    Verification,
)
from newsprism.nli.features import EXCLUSIVE_TERMS, STOPWORDS

if TYPE_CHECKING:
    from newsprism.embed import Embedder
    from newsprism.nli import PairJudge
    from newsprism.pipeline import Analysis

# Evidence sentences each claim is checked against at once. The check may merge them (a
# draft sentence often joins two source sentences); more than this and an unrelated
# sentence's date or figure starts to excuse a wrong one.
TOP_K = 6
# Which sources support a supported claim: the candidates among the first SUPPORT_POOL
# (and at least SUPPORT_MIN_COSINE like it), asked source by source.
SUPPORT_POOL = 40
SUPPORT_MIN_COSINE = 0.35
PER_SOURCE = 3  # each source's sentences most like the claim, asked together
# Retrieval: cosine, plus this much for sharing every name and for sharing a figure.
NAME_BONUS = 0.15
FIGURE_BONUS = 0.1
MIN_CLAIM_WORDS = 3  # shorter pieces (a heading such as "Update") are not checked
LONG_DRAFT_RATIO = 3.0  # draft words over the longest source's that earn a note
COPY_CONTAINMENT = 0.8  # share of the draft's word 3-shingles found in one source
MIN_COPY_SHINGLES = 20

_TOKEN = re.compile(r"[\w'’-]+")
_NUMBER = re.compile(r"\d[\d,.]*")
_WORDS = re.compile(r"\w+")
_DIFFERS_BY_RULE = {
    RULE_NUMBERS: "number",
    RULE_DATES: "date",
    RULE_NEGATION: "negation",
    RULE_ANTONYM: "antonym",
    RULE_CONTRAST: "antonym",
    RULE_ATTRIBUTION: "attribution",
}
# The built-in judge's reasons for a contradiction (newsprism.nli.learned), as differs.
_DIFFERS_BY_REASON = {
    "the figures differ": "number",
    "one side negates it": "negation",
    "opposite words": "antonym",
    "different names": "person",
    "different dates": "date",
    "one side calls it false": "negation",
}


# --------------------------------------------------------------------------- reading


def read_draft(text_or_path: str | Path) -> str:
    """A draft as plain text, one paragraph per block, blocks separated by a blank line.

    Accepts a path (``.html``/``.htm``, ``.md``/``.markdown``, anything else is plain
    text) or the draft itself. HTML is read to the text of its body's blocks (paragraphs,
    headings, list items, quotes); Markdown loses its markup (headings, emphasis, links
    become their text, list bullets go); plain text keeps its paragraphs, with lines
    wrapped inside a paragraph joined.
    """
    text, kind = _load(text_or_path)
    if kind == "html":
        blocks = _html_blocks(text)
    elif kind == "markdown":
        from markdown_it import MarkdownIt

        blocks = _html_blocks(MarkdownIt().render(text))
    else:
        blocks = _text_blocks(text)
    return "\n\n".join(blocks)


def _load(text_or_path: str | Path) -> tuple[str, str]:
    path: Path | None = None
    if isinstance(text_or_path, Path):
        path = text_or_path
    elif "\n" not in text_or_path and len(text_or_path) < 1024:
        candidate = Path(text_or_path.strip()).expanduser()
        try:
            path = candidate if candidate.is_file() else None
        except OSError:
            path = None
    if path is not None:
        from newsprism.errors import EmptyInputError
        from newsprism.ingest._decode import decode_bytes

        try:
            text = decode_bytes(path.read_bytes(), source=str(path))
        except EmptyInputError:
            return "", "text"
        suffix = path.suffix.casefold()
        if suffix in {".html", ".htm", ".xhtml"}:
            return text, "html"
        if suffix in {".md", ".markdown", ".mdown"}:
            return text, "markdown"
        return text, _sniff(text)
    return str(text_or_path), _sniff(str(text_or_path))


_HTML_SNIFF = re.compile(r"<(?:!doctype|html|body|p|div|h[1-6]|ul|ol|li|article)\b", re.I)
_MARKDOWN_SNIFF = re.compile(
    r"^(?:#{1,6}\s|\s*[-*+]\s+\S|\s*\d+[.)]\s+\S|>\s)|\*\*\S|__\S|\[[^\]]+\]\([^)]+\)", re.M
)


def _sniff(text: str) -> str:
    if _HTML_SNIFF.search(text[:2000]):
        return "html"
    if _MARKDOWN_SNIFF.search(text):
        return "markdown"
    return "text"


_BLOCKS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote pre td th dd dt figcaption caption".split())
# Containers whose own loose text (not inside a block) is a paragraph too.
_CONTAINERS = frozenset("body div section article main".split())
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")


def _html_blocks(html: str) -> list[str]:
    """The text of each block of an HTML page's body, in reading order, each once."""
    from lxml import etree
    from lxml import html as lxml_html

    if not html.strip():
        return []
    try:
        root = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return _text_blocks(re.sub(r"<[^>]+>", " ", html))
    for element in list(root.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    body = root.find(".//body")
    root = body if body is not None else root
    blocks = []
    for element in root.iter():
        if element.tag in _BLOCKS or element.tag in _CONTAINERS or element is root:
            text = " ".join(_own_text(element).split())
            if text:
                blocks.append(text)
    return blocks


def _own_text(element: Any) -> str:
    """An element's text without the blocks nested in it (they are read on their own)."""
    parts = [element.text or ""] if isinstance(element.tag, str) else []
    for child in element:
        if isinstance(child.tag, str) and child.tag == "br":
            parts.append(" ")
        elif isinstance(child.tag, str) and child.tag not in _BLOCKS | _CONTAINERS:
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _text_blocks(text: str) -> list[str]:
    """Paragraphs of plain text: blocks between blank lines, wrapped lines joined; text
    with no blank line at all has one paragraph per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blank = re.compile(r"\n[ \t]*\n")
    chunks = blank.split(text) if blank.search(text) else text.split("\n")
    return [joined for chunk in chunks if (joined := " ".join(chunk.split()))]


# --------------------------------------------------------------------------- sources


@dataclass
class SourceSet:
    """The source sentences a draft is checked against, read and embedded once.

    ``claims`` holds one claim per distinct text (wire copies print the same sentence
    many times), an original's when one carries it; ``carriers[i]`` every claim in the
    sources with the text of ``claims[i]``. Build it with :func:`prepare_sources` or
    :func:`sources_of_analysis`; it can check any number of drafts.
    """

    claims: list[Claim]
    carriers: list[list[Claim]]
    vectors: np.ndarray
    source_of: dict[str, str]  # article id -> independence group id
    sources: list[BriefSource]
    articles: dict[str, Article]
    extracted: dict[str, ExtractedArticle]
    name_forms: dict[str, list[str]]
    title: str
    anchor: datetime | None  # what the draft's relative dates are read against
    names: list[frozenset[str]] = field(default_factory=list)  # per claim, for retrieval
    figures: list[frozenset[str]] = field(default_factory=list)

    @property
    def independent_source_count(self) -> int:
        return len({s.source_group for s in self.sources})

    def number_of(self, article_id: str) -> int:
        return next(s.number for s in self.sources if s.article_id == article_id)


def sources_of_analysis(analysis: Analysis, embedder: Embedder | None = None) -> SourceSet:
    """The sentences of every article in the analysed story, numbered as its brief is."""
    in_story = set(analysis.story.article_ids)
    return prepare_sources(
        [e for e in analysis.extracted if e.article.id in in_story],
        [g for g in analysis.source_groups if in_story & set(g.members)],
        sources=analysis.brief.sources,
        entities=analysis.entities,
        title=analysis.brief.title,
        embedder=embedder,
    )


def prepare_sources(
    extracted: Sequence[ExtractedArticle],
    source_groups: Sequence[SourceGroup] = (),
    *,
    sources: Sequence[BriefSource] | None = None,
    entities: Sequence[Entity] = (),
    title: str = "",
    embedder: Embedder | None = None,
) -> SourceSet:
    """Read and embed the source sentences (whole sentences and clauses) once.

    ``source_groups`` say which articles are copies of one another (an article in no
    group is its own source); ``sources`` number them as a brief does (by default by
    publication, earliest first); ``entities`` give the other spellings of each name.
    """
    if embedder is None:
        from newsprism.embed import default_embedder

        embedder = default_embedder()
    articles = {e.article.id: e.article for e in extracted}
    source_of = {m: g.id for g in source_groups for m in g.members if m in articles}
    originals = {g.original_id for g in source_groups}
    for article_id in articles:
        source_of.setdefault(article_id, f"own-{article_id}")
        if article_id not in {m for g in source_groups for m in g.members}:
            originals.add(article_id)
    numbered = (
        list(sources)
        if sources is not None
        else number_sources(list(articles.values()), source_of, originals)
    )
    number = {s.article_id: s.number for s in numbered}
    by_text: dict[str, list[Claim]] = {}
    for item in extracted:
        for claim in [*item.claims, *item.clauses]:
            if _WORDS.search(claim.text):
                by_text.setdefault(_normal(claim.text), []).append(claim)
    carriers = list(by_text.values())

    def rank(claim: Claim) -> tuple[bool, int, int]:
        return (claim.article_id not in originals, number.get(claim.article_id, 10**6), 0)

    claims = [min(group, key=rank) for group in carriers]
    vectors = (
        embedder.encode([c.text for c in claims])
        if claims
        else np.zeros((0, 384), dtype=np.float32)
    )
    dates = [a.published for a in articles.values() if a.published is not None]
    return SourceSet(
        claims=claims,
        carriers=carriers,
        vectors=np.asarray(vectors, dtype=np.float32),
        source_of=source_of,
        sources=numbered,
        articles=articles,
        extracted={e.article.id: e for e in extracted},
        name_forms=name_forms(entities),
        title=title,
        anchor=min(dates, default=None),
        names=[_name_words(c.text) for c in claims],
        figures=[_figure_words(c) for c in claims],
    )


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _name_words(text: str) -> frozenset[str]:
    """Capitalised words (names, mostly) as sound skeletons, so "Kavalenka" and
    "Kovalenko" count as one shared name: what retrieval rewards sharing."""
    return frozenset(
        skeleton(token)
        for w in _TOKEN.findall(text)
        if w[:1].isupper() and w.casefold() not in STOPWORDS
        for token in name_tokens(w)
    )


def _figure_words(claim: Claim) -> frozenset[str]:
    values = {f"{q.value:g}" for q in claim.quantities}
    values.update(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(claim.text))
    return frozenset(values)


# --------------------------------------------------------------------------- verifying


def verify_draft(
    draft: str,
    analysis: Analysis,
    *,
    embedder: Embedder | None = None,
    pair_judge: PairJudge | None = None,
) -> Verification:
    """Check every claim of ``draft`` (plain text, see :func:`read_draft`) against the
    sources of ``analysis`` (the :class:`newsprism.pipeline.Analysis` of the sources).

    ``pair_judge`` decides what the rules leave open (default:
    :func:`newsprism.nli.load_judge`, the built-in learned judge unless the environment
    configures another). Never raises on odd input: an empty draft, paragraphs in another
    language, a draft far longer than its sources or copied from one are explained in
    ``notes``.
    """
    if embedder is None:
        from newsprism.embed import default_embedder

        embedder = default_embedder()
    return check_draft(
        draft, sources_of_analysis(analysis, embedder), embedder=embedder, pair_judge=pair_judge
    )


def check_draft(
    draft: str,
    sources: SourceSet,
    *,
    embedder: Embedder | None = None,
    pair_judge: PairJudge | None = None,
    top_k: int = TOP_K,
) -> Verification:
    """:func:`verify_draft` against prepared sources (see :func:`prepare_sources`)."""
    if embedder is None:
        from newsprism.embed import default_embedder

        embedder = default_embedder()
    if pair_judge is None:
        from newsprism.nli import load_judge

        pair_judge = load_judge()
    draft = draft.replace("\r\n", "\n").replace("\r", "\n")
    notes: list[str] = []
    claims: list[DraftClaim] = []
    if not _WORDS.search(draft):
        notes.append("the draft is empty")
    else:
        extracted = extract_article(
            Article(
                id="draft", origin="draft", title="", text=draft, outlet="draft",
                published=sources.anchor,
            )
        )  # fmt: skip
        notes.extend(_skipped_notes(extracted))
        units = _units(extracted, draft)
        if not units:
            notes.append("nothing in the draft could be checked: it states no claim in English")
        notes.extend(_size_notes(draft, sources))
        if units and sources.claims:
            checker = _Checker(sources, embedder, pair_judge, top_k)
            claims = checker.check([unit for unit, _, _ in units], units)
        elif units:
            notes.append("there are no source sentences to check the draft against")
            claims = [
                DraftClaim(
                    unit.text, unit.sentence_index, start, end, str(ClaimStatus.NOT_FOUND),
                    1.0, "no source sentence to check it against", "rule: no evidence",
                )
                for unit, start, end in units
            ]  # fmt: skip
    supported = sum(c.status == str(ClaimStatus.SUPPORTED) for c in claims)
    return Verification(
        title=sources.title or "Draft",
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        draft=draft,
        claims=claims,
        score=round(supported / len(claims), 4) if claims else 0.0,
        source_count=len(sources.sources),
        independent_source_count=sources.independent_source_count,
        sources=list(sources.sources),
        notes=notes,
    )


def _skipped_notes(extracted: ExtractedArticle) -> list[str]:
    return [
        f"paragraph {p.paragraph + 1} was not checked ({p.reason}): “{p.text}…”"
        for p in extracted.skipped
    ]


def _size_notes(draft: str, sources: SourceSet) -> list[str]:
    notes = []
    words = len(_WORDS.findall(draft))
    longest = max((len(_WORDS.findall(a.text)) for a in sources.articles.values()), default=0)
    if longest and words > LONG_DRAFT_RATIO * longest:
        notes.append(
            f"the draft ({words} words) is far longer than its longest source ({longest} "
            "words): whatever the sources do not cover is reported as not found"
        )
    copied = _copied_source(draft, sources)
    if copied is not None:
        source, share = copied
        notes.append(
            f"the draft is a copy of [{source.number}] {source.outlet} "
            f"({round(100 * share)}% of its wording is that report's): its claims are "
            "supported by the report it copies, which is not a further independent source"
        )
    return notes


def _copied_source(draft: str, sources: SourceSet) -> tuple[BriefSource, float] | None:
    mine = shingles(draft)
    if len(mine) < MIN_COPY_SHINGLES:
        return None
    best: tuple[float, int, BriefSource] | None = None
    for source in sources.sources:
        article = sources.articles.get(source.article_id)
        if article is None:
            continue
        share = len(mine & shingles(f"{article.title}\n{article.text}")) / len(mine)
        if best is None or (share, -source.number) > (best[0], -best[1]):
            best = (share, source.number, source)
    if best is None or best[0] < COPY_CONTAINMENT:
        return None
    return best[2], best[0]


def _units(extracted: ExtractedArticle, draft: str) -> list[tuple[Claim, int, int]]:
    """The draft's atomic claims with their character spans in ``draft``."""
    spans = _sentence_spans(extracted, draft)
    out = []
    for unit in extracted.units():
        if len(_WORDS.findall(unit.text)) < MIN_CLAIM_WORDS:
            continue
        start, end = spans.get(unit.sentence_index, (0, 0))
        if unit.clause and end > start:
            start, end = _clause_span(unit.text, draft, start, end)
        out.append((unit, start, end))
    return out


def _sentence_spans(extracted: ExtractedArticle, draft: str) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    cursor = 0
    for sentence in extracted.sentences:
        words = sentence.text.split()
        if not words:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        found = pattern.search(draft, cursor) or pattern.search(draft)
        if found:
            spans[sentence.index] = (found.start(), found.end())
            cursor = found.end()
    return spans


def _clause_span(clause: str, draft: str, start: int, end: int) -> tuple[int, int]:
    """Where a clause sits in its sentence: the longest run of its words the sentence
    has in order (a clause may borrow its subject from elsewhere in the sentence); the
    whole sentence when the run is too short to stand for it."""
    sentence = draft[start:end]
    exact = sentence.find(clause.rstrip("."))
    if exact >= 0:
        return start + exact, start + exact + len(clause.rstrip("."))
    tokens = [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(sentence)]
    mine = [t.casefold() for t in _TOKEN.findall(clause)]
    if not tokens or not mine:
        return start, end
    matcher = difflib.SequenceMatcher(None, [t[2] for t in tokens], mine, autojunk=False)
    block = matcher.find_longest_match(0, len(tokens), 0, len(mine))
    if block.size < max(2, len(mine) // 2):
        return start, end
    first, last = tokens[block.a], tokens[block.a + block.size - 1]
    return start + first[0], start + last[1]


@dataclass
class _Checker:
    sources: SourceSet
    embedder: Embedder
    pair_judge: PairJudge
    top_k: int

    def check(
        self, statements: Sequence[Claim], units: Sequence[tuple[Claim, int, int]]
    ) -> list[DraftClaim]:
        vectors = np.asarray(self.embedder.encode([s.text for s in statements]), np.float32)
        cosines = vectors @ self.sources.vectors.T
        return [
            self._one(statement, start, end, cosines[row])
            for row, (statement, start, end) in enumerate(units)
        ]

    def _ranked(self, statement: Claim, cosines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        names = _name_words(statement.text)
        figures = _figure_words(statement)
        scores = cosines.copy()
        if names or figures:
            for i in np.argsort(-cosines)[: max(60, 4 * SUPPORT_POOL)]:
                if names:
                    scores[i] += NAME_BONUS * len(names & self.sources.names[i]) / len(names)
                if figures and figures & self.sources.figures[i]:
                    scores[i] += FIGURE_BONUS
        order = np.argsort(-scores, kind="stable")
        return order, scores

    def _one(self, statement: Claim, start: int, end: int, cosines: np.ndarray) -> DraftClaim:
        order, _ = self._ranked(statement, cosines)
        chosen = [int(i) for i in order[: self.top_k]]
        evidence = [self.sources.claims[i] for i in chosen]
        result = check_statement(
            statement,
            evidence,
            self.pair_judge,
            embedder=self.embedder,
            name_forms=self.sources.name_forms,
        )
        claim = DraftClaim(
            text=statement.text,
            sentence_index=statement.sentence_index,
            start=start,
            end=end,
            status=_status(result),
            confidence=round(float(result.confidence), 4),
            reason=result.reason,
            decided_by=result.decided_by,
            differs=_differs(result, statement),
        )
        if result.supported:
            supporting = self._supporting(statement, order, cosines, result, chosen)
            claim.evidence = self._cite(supporting, "supports")
            claim.independent_sources = len({e.source_group for e in claim.evidence})
        elif result.evidence:
            index = {self.sources.claims[i].key: i for i in chosen}
            against = [index[key] for key in result.evidence if key in index]
            claim.evidence = self._cite(against, "contradicts")
        return claim

    def _supporting(
        self,
        statement: Claim,
        order: np.ndarray,
        cosines: np.ndarray,
        result: StatementCheck,
        chosen: Sequence[int],
    ) -> list[int]:
        """The sentences through which each independent source supports the statement:
        each source is asked on its own, with its sentences most like the statement (a
        report may name the town in one sentence and give the figure in the next). When
        no source supports it alone, the sentences the merged check named."""
        by_group: dict[str, list[int]] = {}
        for i in (int(i) for i in order[:SUPPORT_POOL]):
            if cosines[i] < SUPPORT_MIN_COSINE:
                break
            for group in dict.fromkeys(
                self.sources.source_of[c.article_id] for c in self.sources.carriers[i]
            ):
                if len(by_group.setdefault(group, [])) < PER_SOURCE:
                    by_group[group].append(i)
        found: list[int] = []
        for indices in by_group.values():
            alone = check_statement(
                statement,
                [self.sources.claims[i] for i in indices],
                self.pair_judge,
                embedder=self.embedder,
                name_forms=self.sources.name_forms,
            )
            if alone.supported:
                keys = set(alone.evidence)
                named = [i for i in indices if self.sources.claims[i].key in keys]
                found.extend(named[:1] if len(named) == len(indices) > 1 else named)
        if found:
            return found
        index = {self.sources.claims[i].key: i for i in chosen}
        return [index[key] for key in result.evidence if key in index]

    def _cite(self, indices: Iterable[int], stance: str) -> list[DraftEvidence]:
        out: dict[str, DraftEvidence] = {}
        for i in indices:
            claim = self.sources.claims[i]
            if claim.sentence_key in out:
                continue
            article = self.sources.articles[claim.article_id]
            citation = BriefCitation(
                self.sources.number_of(article.id), article.id, article.outlet,
                claim.sentence, article.url,
            )  # fmt: skip
            out[claim.sentence_key] = DraftEvidence(
                citation, stance, self.sources.source_of[article.id]
            )
        return sorted(out.values(), key=lambda e: (e.citation.source, e.citation.sentence))


def _status(result: StatementCheck) -> str:
    if result.supported:
        return str(ClaimStatus.SUPPORTED)
    if result.stance is Stance.CONTRADICT:
        return str(ClaimStatus.CONTRADICTED)
    return str(ClaimStatus.NOT_FOUND)


def _differs(result: StatementCheck, statement: Claim) -> list[str]:
    """What the deciding rule (or the judge's reason) says differs; nothing when the
    claim is supported or simply not in the sources."""
    if result.supported:
        return []
    if result.decided_by in _DIFFERS_BY_RULE:
        return [_DIFFERS_BY_RULE[result.decided_by]]
    if result.decided_by == RULE_TERMS:
        return [kind for kind in EXCLUSIVE_TERMS if f"(another {kind})" in result.reason][:1]
    if result.decided_by == RULE_NAMES:
        missing = [m for m in statement.mentions if f"“{m.text}”" in result.reason]
        return ["person" if any(m.label == "PERSON" for m in missing) or not missing else "name"]
    if result.stance is Stance.CONTRADICT and result.decided_by == LEARNED:
        found = [word for reason, word in _DIFFERS_BY_REASON.items() if reason in result.reason]
        return list(dict.fromkeys(found))
    return []
