"""Fact diff: what a derived copy states differently from the original it was taken from.

A spun rewrite, a machine translation or a garbled scrape of a report is one source, not
two; where it states a fact differently, the difference is an *altered fact*, shown as
"altered in copy" rather than counted as independent disagreement. This module finds them:

1. :func:`align_sentences` pairs each copy sentence with the original sentence it renders
   (sentence embeddings, one-to-one, best pairs first, cosine >= :data:`ALIGN_COSINE`,
   or down to :data:`ALIGN_COSINE_FLOOR` for short sentences with most words in common);
2. :func:`fact_diff` compares every aligned pair on four kinds of fact
   (:class:`~newsprism.models.FactChange`):

   * NUMBER: a figure for the same counted thing (same kind, unit and counted noun) whose
     value changed ("17" -> "27", "4.2 million" -> "42 million"). The same value written
     differently ("1,200" / "1 200" / "twelve hundred"), rounding within
     :data:`ROUNDING`, and a figure the other's comparator allows ("about 1,200" /
     "some 1,200" / "1,180") are not changes.
   * NAME: a person, organisation or place replaced by a different one of the same sort.
     A person is known by the surname, an organisation or place by its non-generic words;
     respellings and transliterations (Kavalenka / Kovalenko, via
     :mod:`newsprism.extract._names`), title changes and reordering are not changes.
   * DATE: a time expression resolving to an interval disjoint from the original's
     ("Tuesday" -> "Wednesday"); a more or less precise rendering ("on Tuesday" / "on
     Tuesday night" / "in March") overlaps and is not a change. The copy's relative words
     are also read against the original's publication date, so "on Wednesday" copied into
     a report published a day later is not a change.
   * NEGATION: a negation added or removed on a predicate both sentences share ("found"
     -> "did not find", "no evidence" -> "evidence"), or a swap between the two sides of
     a curated antonym pair (:data:`ANTONYMS`: "banned" -> "allowed"). An antonym that
     is itself negated ("banned" -> "did not allow") is the same fact, not a change.

Precision comes first: when a pairing is ambiguous (several unmatched figures of one
kind, a negation that may have moved to another word), nothing is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from newsprism.extract._names import ascii_fold, name_tokens, same_name_word
from newsprism.extract.times import resolve_time
from newsprism.models import (
    AlteredFact,
    Claim,
    ExtractedArticle,
    FactChange,
    Mention,
    Quantity,
    QuantityKind,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "ALIGN_COSINE",
    "ALIGN_COSINE_FLOOR",
    "ANTONYMS",
    "ROUNDING",
    "SHARED_WORDS",
    "align_sentences",
    "fact_diff",
]

# A copy sentence renders an original sentence at or above this cosine (all-MiniLM-L6-v2).
# Measured on invented reports: renderings that keep every fact score 0.74-1.0 (garbled
# machine translation and heavy spinning at the low end), renderings of sentences of 15+
# words that alter one fact (a number, a weekday, a name, an added "not", an antonym)
# 0.78-0.99, while other sentences of the same story mostly score under 0.5 and at most
# ~0.69 ("The council banned fishing ..." / "The council will meet ... to review the
# fishing ban"). dedup's PARAPHRASE_COSINE (0.8) is for faithful paraphrase; an altered
# fact costs up to ~0.2 of cosine, so 0.7 keeps altered renderings and stays above the
# same-story overlap.
ALIGN_COSINE = 0.7
# A short sentence loses more cosine to one changed word ("The minister confirmed the
# report." / "... denied the report." is 0.66), where cosine alone no longer separates a
# rendering from a same-story neighbour. Down to this floor, a pair also needs most of
# its words in common (stem Jaccard >= SHARED_WORDS); the neighbours above share ~0.25.
ALIGN_COSINE_FLOOR = 0.6
SHARED_WORDS = 0.5
# Two figures within this share of the larger one are the same figure, rounded.
ROUNDING = 0.02

_NAME_CLASS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
# Words that do not tell one organisation or place from another ("Ministry of Health").
_GENERIC_NAME_WORDS = frozenset(
    """ministry department council committee agency office service services university
    bank party court police city state national regional international united new north
    south east west northern southern eastern western central river lake mount county
    district province oblast region republic group company corp inc ltd plc association
    union federation institute hospital school airport station street road and for of the
    general federal city town village""".split()
)

# Each row: two sets of lemmas with opposite meanings. A copy that uses one side where
# its original used the other (and neither text uses both) has flipped the fact.
ANTONYMS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in [
        ("ban prohibit forbid outlaw", "allow permit legalise legalize authorise authorize"),
        ("confirm admit", "deny"),
        ("rise increase grow climb raise", "fall decrease decline drop shrink lower reduce"),
        ("approve accept agree adopt", "reject refuse decline veto"),
        ("open reopen", "close shut"),
        ("win", "lose"),
        ("victory", "defeat"),
        ("guilty", "innocent"),
        ("convict", "acquit"),
        ("lift", "impose"),
        ("arrest detain", "release free"),
        ("start begin", "end finish"),
        ("resume continue", "suspend halt stop"),
        ("support favour favor", "oppose"),
        ("include", "exclude"),
        ("survive", "die perish"),
        ("alive", "dead"),
        ("legal lawful", "illegal unlawful"),
        ("succeed", "fail"),
        ("success", "failure"),
        ("true correct accurate", "false incorrect inaccurate"),
        ("safe", "unsafe dangerous"),
        ("possible", "impossible"),
        ("likely", "unlikely"),
        ("deploy", "withdraw"),
        ("appoint", "dismiss sack"),
        ("strengthen", "weaken"),
        ("high", "low"),
    ]
)

_NEGATORS = frozenset({"not", "n't", "never", "no"})
# "not only", "not least": the "not" negates nothing.
_NOT_NEGATING_NEXT = frozenset({"only", "just", "least", "merely", "simply"})
# Verbs and adjectives that negate their complement: "failed to find", "unable to confirm".
_NEGATING_HEADS = frozenset({"fail", "refuse", "decline", "unable"})
# Negative words with no predicate to anchor to; they only balance negations elsewhere.
_FREE_NEGATIONS = frozenset(
    {"none", "nothing", "nobody", "neither", "nor", "without", "lack", "deny", "absence"}
)
# Not a predicate a negation flips: a bare "be" ("was not enough" / "was little") and the
# comparatives of "no more than", "no longer".
_NOT_ANCHORS = frozenset({"be", "more", "less", "few", "many", "much", "long", "one", "body"})
_WORD = re.compile(r"[\w'’-]+")
_STOPWORDS = frozenset(
    """a an the of in on at to for by with from and or but as that this it its is are was
    were be been has have had will would s""".split()
)


@dataclass(frozen=True)
class _Finding:
    kind: FactChange
    original: str
    altered: str
    position: int  # character offset in the original sentence, for ordering


# --------------------------------------------------------------------------- alignment


def align_sentences(
    original: ExtractedArticle,
    copy: ExtractedArticle,
    original_vectors: np.ndarray,
    copy_vectors: np.ndarray,
) -> list[tuple[int, int, float]]:
    """(original index, copy index, cosine) for copy sentences that render an original
    sentence: one-to-one, greedily best first, each with cosine >= :data:`ALIGN_COSINE`
    (or >= :data:`ALIGN_COSINE_FLOOR` with :data:`SHARED_WORDS` of its words in common).

    ``*_vectors`` hold one L2-normalised row per sentence, in sentence order.
    """
    _check_vectors(original, original_vectors)
    _check_vectors(copy, copy_vectors)
    if not len(original_vectors) or not len(copy_vectors):
        return []
    similarity = (
        np.asarray(original_vectors, dtype=np.float64)
        @ np.asarray(copy_vectors, dtype=np.float64).T
    )
    rows, cols = np.nonzero(similarity >= ALIGN_COSINE_FLOOR)
    candidates = sorted(
        (
            (float(similarity[i, j]), int(i), int(j))
            for i, j in zip(rows, cols, strict=True)
            if similarity[i, j] >= ALIGN_COSINE
            or _shared_words(original.sentences[i].text, copy.sentences[j].text) >= SHARED_WORDS
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_original: set[int] = set()
    used_copy: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for cosine, i, j in candidates:
        if i in used_original or j in used_copy:
            continue
        used_original.add(i)
        used_copy.add(j)
        pairs.append((original.sentences[i].index, copy.sentences[j].index, cosine))
    return pairs


def _shared_words(first: str, second: str) -> float:
    """Jaccard overlap of the two sentences' word stems (first five letters)."""
    a, b = _stems(first), _stems(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", ascii_fold(text))
    return {w[:5] for w in words if w not in _STOPWORDS}


def _check_vectors(extracted: ExtractedArticle, vectors: np.ndarray) -> None:
    if vectors.ndim != 2 or len(vectors) != len(extracted.sentences):
        raise ValueError(
            f"{extracted.article.id}: expected one vector row per sentence "
            f"({len(extracted.sentences)}), got shape {vectors.shape}"
        )


# --------------------------------------------------------------------------- the diff


def fact_diff(
    original: ExtractedArticle,
    copy: ExtractedArticle,
    original_vectors: np.ndarray,
    copy_vectors: np.ndarray,
) -> list[AlteredFact]:
    """Every fact the copy states differently from the original, in aligned sentences,
    each reported once, in the order of the original's sentences (and words within one)."""
    pairs = align_sentences(original, copy, original_vectors, copy_vectors)
    if not pairs:
        return []
    original_claims = _claims_by_index(original)
    copy_claims = _claims_by_index(copy)
    # A sentence copied word for word cannot have altered a fact: only rewordings are parsed.
    pairs = [
        (i, j, c)
        for i, j, c in pairs
        if i in original_claims
        and j in copy_claims
        and original_claims[i].text != copy_claims[j].text
    ]
    docs = _parse([t for i, j, _ in pairs for t in (original_claims[i].text, copy_claims[j].text)])
    facts: list[tuple[int, int, int, AlteredFact]] = []
    seen: set[tuple[FactChange, str, str, int, int]] = set()
    for n, (i, j, _) in enumerate(pairs):
        first, second = original_claims[i], copy_claims[j]
        found = _diff_pair(first, second, docs[2 * n], docs[2 * n + 1], original.article.published)
        for finding in found:
            key = (finding.kind, finding.original, finding.altered, i, j)
            if key in seen:
                continue
            seen.add(key)
            fact = AlteredFact(
                kind=finding.kind,
                original=finding.original,
                altered=finding.altered,
                original_sentence=first.text,
                copy_sentence=second.text,
                original_index=i,
                copy_index=j,
            )
            facts.append((i, finding.position, j, fact))
    facts.sort(key=lambda f: f[:3])
    return [fact for *_, fact in facts]


def _claims_by_index(extracted: ExtractedArticle) -> dict[int, Claim]:
    return {claim.sentence_index: claim for claim in extracted.claims}


def _parse(texts: Sequence[str]) -> list[Doc]:
    from newsprism.extract._nlp import load_spacy

    return list(load_spacy().pipe(texts))


def _diff_pair(
    first: Claim, second: Claim, first_doc: Doc, second_doc: Doc, published: datetime | None
) -> list[_Finding]:
    return [
        *_number_changes(first, second),
        *_name_changes(first, second),
        *_date_changes(first, second, published),
        *_polarity_changes(first_doc, second_doc),
    ]


# --------------------------------------------------------------------------- numbers


def _number_changes(first: Claim, second: Claim) -> Iterable[_Finding]:
    left, right = list(first.quantities), list(second.quantities)
    # The same figure, however written or rounded, whatever the extractor took it to count.
    for quantity in list(left):
        match = next((r for r in right if _like(quantity, r) and _same_figure(quantity, r)), None)
        if match is not None:
            left.remove(quantity)
            right.remove(match)
    pairs: list[tuple[Quantity, Quantity]] = []
    # What is left pairs up by the thing counted, in order, when the counts agree.
    for key in dict.fromkeys((q.kind, q.unit, q.noun) for q in left):
        mine = [q for q in left if (q.kind, q.unit, q.noun) == key]
        theirs = [r for r in right if (r.kind, r.unit, r.noun) == key]
        if len(mine) == len(theirs):
            pairs.extend(zip(mine, theirs, strict=True))
    taken = {id(q) for pair in pairs for q in pair}
    left = [q for q in left if id(q) not in taken]
    right = [r for r in right if id(r) not in taken]
    # Money, percentages and measures name their counted noun less reliably ("damage" /
    # "repairs"): one left of that kind and unit on each side is the same figure.
    for kind_unit in dict.fromkeys(
        (q.kind, q.unit) for q in left if q.kind is not QuantityKind.COUNT
    ):
        mine = [q for q in left if (q.kind, q.unit) == kind_unit]
        theirs = [r for r in right if (r.kind, r.unit) == kind_unit]
        if len(mine) == len(theirs) == 1:
            pairs.append((mine[0], theirs[0]))
    for quantity, other in pairs:
        if not _same_figure(quantity, other):
            words, position = _quantity_words(quantity, first.text)
            yield _Finding(
                FactChange.NUMBER, words, _quantity_words(other, second.text)[0], position
            )


def _like(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind and a.unit == b.unit


def _same_figure(a: Quantity, b: Quantity) -> bool:
    """One figure: equal within rounding, or inside the range the other's wording allows
    ("about 1,200" allows 1,180; "at least 17" allows 17)."""
    if abs(a.value - b.value) <= ROUNDING * max(abs(a.value), abs(b.value)):
        return True
    return a.low <= b.value <= a.high or b.low <= a.value <= b.high


def _quantity_words(quantity: Quantity, text: str) -> tuple[str, int]:
    """The figure as the sentence writes it, with the counted noun right after it:
    "Seventeen people", "4.2 million euros"."""
    start = text.lower().find(quantity.surface.lower())
    if start < 0:
        return quantity.surface, len(text)
    end = start + len(quantity.surface)
    head = quantity.counted.split()[0].lower() if quantity.counted.split() else ""
    rest = text[end:]
    for n, match in enumerate(_WORD.finditer(rest)):
        if n >= 3 or re.search(r"[^\w\s'’-]", rest[: match.start()]):
            break
        if head and match.group().lower() == head:
            end += match.end()
            break
    return text[start:end], start


# --------------------------------------------------------------------------- names


def _name_changes(first: Claim, second: Claim) -> Iterable[_Finding]:
    left = [m for m in first.mentions if m.label in _NAME_CLASS and _key_words(m)]
    right = [m for m in second.mentions if m.label in _NAME_CLASS and _key_words(m)]
    # A name the other sentence has in any spelling, tagged or not, is not replaced.
    left = [m for m in left if not _named_in(m, second)]
    right = [m for m in right if not _named_in(m, first)]
    for cls in dict.fromkeys(_NAME_CLASS[m.label] for m in left):
        mine = [m for m in left if _NAME_CLASS[m.label] == cls]
        theirs = [m for m in right if _NAME_CLASS[m.label] == cls]
        if len(mine) != len(theirs):
            continue  # a name dropped or added, not clearly one replaced by another
        for old, new in zip(mine, theirs, strict=True):
            yield _Finding(FactChange.NAME, old.text, new.text, _find(first.text, old.text))


def _key_words(mention: Mention) -> list[str]:
    """The words that tell this name from others: a person's surname; an organisation's
    or place's non-generic words ("Lesna" of "Lesna Hydro")."""
    if mention.label == "PERSON":
        return name_tokens(mention.text)[-1:]
    # not name_tokens: its title words ("Emergency Situations") name organisations here
    words = re.findall(r"[a-z]+", ascii_fold(re.sub(r"['’]s\b", "", mention.text)))
    return [w for w in words if w not in _GENERIC_NAME_WORDS]


def _named_in(mention: Mention, claim: Claim) -> bool:
    """The sentence has the name's distinctive word, in any spelling, as a name or not."""
    words = set(re.findall(r"[a-z]+", ascii_fold(claim.text)))
    return any(same_name_word(key, word) for key in _key_words(mention) for word in words)


def _find(text: str, part: str) -> int:
    position = text.find(part)
    return position if position >= 0 else len(text)


# --------------------------------------------------------------------------- dates


_Interval = tuple[datetime, datetime]


def _date_changes(first: Claim, second: Claim, published: datetime | None) -> Iterable[_Finding]:
    """``published``: the original's publication time, against which the copy's relative
    wording is read too ("on Wednesday" copied word for word into a report published a
    day later means the original's Wednesday)."""
    left = [(t, _readings(t, None)) for t in first.times]
    right = [(t, _readings(t, published)) for t in second.times]
    left = [(t, r) for t, r in left if r]
    right = [(t, r) for t, r in right if r]
    # A time overlapping one on the other side is the same time, more or less precise.
    mine = [t for t, r in left if not any(_overlap(r, o) for _, o in right)]
    theirs = [t for t, r in right if not any(_overlap(r, o) for _, o in left)]
    if len(mine) != len(theirs):
        return
    for old, new in zip(mine, theirs, strict=True):
        if _normalised(old.text) != _normalised(new.text):  # same words: not altered
            yield _Finding(FactChange.DATE, old.text, new.text, _find(first.text, old.text))


def _readings(time: TimeExpression, published: datetime | None) -> list[_Interval]:
    readings: list[_Interval] = []
    if time.start is not None and time.end is not None:
        readings.append((time.start, time.end))
    if time.relative and published is not None:
        resolved = resolve_time(time.text, published)
        if resolved is not None and resolved[0] is not None and resolved[1] is not None:
            readings.append((resolved[0], resolved[1]))
    return readings


def _overlap(first: list[_Interval], second: list[_Interval]) -> bool:
    for a_start, a_end in first:
        for b_start, b_end in second:
            if a_start == a_end or b_start == b_end:  # an instant
                if a_start <= b_end and b_start <= a_end:
                    return True
            elif a_start < b_end and b_start < a_end:
                return True
    return False


def _normalised(text: str) -> str:
    """ "on Wednesday" and "Wednesday" are the same words."""
    words = re.findall(r"\w+", text.lower())
    return " ".join(w for w in words if w not in {"on", "at", "in", "by", "during", "the"})


# --------------------------------------------------------------------------- polarity


@dataclass(frozen=True)
class _Negation:
    anchor: Token | None  # the predicate negated; None for "nothing", "neither", ...
    marker: Token


def _polarity_changes(first: Doc, second: Doc) -> list[_Finding]:
    swaps = list(_antonym_swaps(first, second))
    # "agreed to sell" / "refused to sell" is one swap, not also a negated "sell"
    swapped = ({old for _, old, _ in swaps}, {new for *_, new in swaps})
    return [*_negation_flips(first, second, swapped), *(finding for finding, *_ in swaps)]


def _negations(doc: Doc) -> list[_Negation]:
    found: list[_Negation] = []
    for token in doc:
        lower = token.lower_
        if token.dep_ == "neg" and lower in _NEGATORS:
            following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
            if following in _NOT_NEGATING_NEXT:
                continue
            found.append(_Negation(_predicate_of(token.head), token))
        elif lower == "yet" and doc[token.i + 1 : token.i + 2].text.lower() == "to":
            # "have yet to say" is "have not yet said"
            verb = doc[token.i + 2] if token.i + 2 < len(doc) else None
            found.append(_Negation(_usable_anchor(verb), token))
        elif lower == "no" and token.dep_ == "det":
            found.append(_Negation(_usable_anchor(token.head), token))
        elif token.lemma_.lower() in _NEGATING_HEADS:
            complement = next((c for c in token.children if c.dep_ == "xcomp"), None)
            found.append(_Negation(_usable_anchor(complement), token))
        elif token.lemma_.lower() in _FREE_NEGATIONS or lower in _FREE_NEGATIONS:
            found.append(_Negation(None, token))
    return found


def _predicate_of(token: Token) -> Token | None:
    """The word a "not" negates: the verb, or the adjective or noun after a copula."""
    if token.pos_ == "AUX" and token.lemma_ == "be":
        complement = next((c for c in token.children if c.dep_ in {"acomp", "attr", "oprd"}), None)
        if complement is not None:
            return _usable_anchor(complement)
    return _usable_anchor(token)


def _usable_anchor(token: Token | None) -> Token | None:
    """A content word a negation can be anchored to; not a bare copula or auxiliary ("was
    not enough" / "was little" would otherwise flip on "was")."""
    if token is None or token.pos_ not in {"VERB", "ADJ", "NOUN"}:
        return None
    if token.lemma_.lower() in _NOT_ANCHORS:
        return None
    return token


def _negation_flips(
    first: Doc, second: Doc, swapped: tuple[set[int], set[int]]
) -> Iterable[_Finding]:
    mine, theirs = _negations(first), _negations(second)
    # Negations of the same word on both sides agree ...
    for negation in list(mine):
        if negation.anchor is None:
            continue
        match = next(
            (n for n in theirs if n.anchor is not None and _same_word(negation.anchor, n.anchor)),
            None,
        )
        if match is not None:
            mine.remove(negation)
            theirs.remove(match)
    # ... and so, as far as we can tell, do negations moved to another word ("did not find
    # evidence" / "found no evidence"): only a negation with no counterpart is a flip.
    balance = min(len(mine), len(theirs))
    mine, theirs = mine[balance:], theirs[balance:]
    for negation in mine:
        other = _plain_occurrence(negation, second)
        if other is not None and negation.marker.i not in swapped[0]:
            yield _Finding(
                FactChange.NEGATION,
                _negated_words(negation),
                _predicate_words(other, second),
                negation.marker.idx,
            )
    for negation in theirs:
        other = _plain_occurrence(negation, first)
        if other is not None and negation.marker.i not in swapped[1]:
            yield _Finding(
                FactChange.NEGATION,
                _predicate_words(other, first),
                _negated_words(negation),
                other.idx,
            )


def _plain_occurrence(negation: _Negation, doc: Doc) -> Token | None:
    """The negated word, un-negated, in the other sentence."""
    if negation.anchor is None:
        return None
    negated_ids = {n.anchor.i for n in _negations(doc) if n.anchor is not None}
    for token in doc:
        if token.i not in negated_ids and _same_word(negation.anchor, token):
            return token
    return None


def _same_word(a: Token, b: Token) -> bool:
    return _same_class(a, b) and bool(_lemmas(a) & _lemmas(b))


def _same_class(a: Token, b: Token) -> bool:
    return bool(_word_classes(a) & _word_classes(b))


def _word_classes(token: Token) -> set[str]:
    """Verb, adjective or noun; a participle ("was closed") is both verb and adjective, so
    "closed" matches "open" but the adjective "lower" ("the lower town") is not the verb."""
    if token.pos_ == "NOUN":
        return {"noun"}
    if token.pos_ == "ADJ":
        return {"adj", "verb"} if token.lower_.endswith("ed") else {"adj"}
    if token.pos_ == "VERB":
        return {"verb", "adj"} if token.tag_ == "VBN" else {"verb"}
    return {"verb"} if token.pos_ == "AUX" else set()


def _lemmas(token: Token) -> frozenset[str]:
    """The token's lemma and, for a participle the tagger left as is ("closed"), the verb."""
    lower, lemma = token.lower_, token.lemma_.lower()
    forms = {lower, lemma}
    for word in (lower, lemma):
        if word.endswith("ied"):
            forms.add(word[:-3] + "y")
        elif word.endswith("ed") and len(word) > 4:
            forms.update({word[:-1], word[:-2]})
            if word[-3] == word[-4]:
                forms.add(word[:-3])
    return frozenset(forms)


def _negated_words(negation: _Negation) -> str:
    marker, anchor = negation.marker, negation.anchor
    assert anchor is not None
    doc = marker.doc
    if marker.i > anchor.i:  # "nowhere near" and other odd orders: the two words alone
        return f"{anchor.text} {marker.text}"
    start = marker.i
    if marker.head.i == anchor.i or marker.head.pos_ == "AUX":
        # "did not find", "has not been banned": the auxiliaries before the negation
        auxiliaries = [c.i for c in marker.head.children if c.dep_ in {"aux", "auxpass"}]
        start = min([start, *(i for i in auxiliaries if i < marker.i)])
    return doc[start : anchor.i + 1].text


def _predicate_words(token: Token, doc: Doc) -> str:
    """The word as written, with an emphatic "do" in front of it ("did find")."""
    emphatic = [
        c.i for c in token.children if c.dep_ == "aux" and c.lemma_ == "do" and c.i < token.i
    ]
    return doc[min([token.i, *emphatic]) : token.i + 1].text


def _antonym_swaps(first: Doc, second: Doc) -> Iterable[tuple[_Finding, int, int]]:
    """Swaps to the other side of an antonym pair, with the two tokens' indices."""
    negated_first = {n.anchor.i for n in _negations(first) if n.anchor is not None}
    negated_second = {n.anchor.i for n in _negations(second) if n.anchor is not None}
    for side_a, side_b in ANTONYMS:
        for mine_side, their_side in ((side_a, side_b), (side_b, side_a)):
            mine = _tokens_in(first, mine_side)
            theirs = _tokens_in(second, their_side)
            if not mine or not theirs:
                continue
            if _tokens_in(first, their_side) or _tokens_in(second, mine_side):
                continue  # both sides of the pair in one text: no clear swap
            old, new = mine[0], theirs[0]
            if not _same_class(old, new):
                continue  # "lifted the ban" (a noun) is not the opposite of "allowed"
            if (old.i in negated_first) != (new.i in negated_second):
                continue  # "banned" / "did not allow": the same fact
            finding = _Finding(
                FactChange.NEGATION,
                _antonym_words(old, negated_first, first),
                _antonym_words(new, negated_second, second),
                old.idx,
            )
            yield finding, old.i, new.i


def _tokens_in(doc: Doc, lemmas: frozenset[str]) -> list[Token]:
    return [
        t
        for t in doc
        if t.pos_ in {"VERB", "ADJ", "NOUN"} and not t.ent_type_ and _lemmas(t) & lemmas
    ]


def _antonym_words(token: Token, negated: set[int], doc: Doc) -> str:
    if token.i in negated:
        negation = next(
            n for n in _negations(doc) if n.anchor is not None and n.anchor.i == token.i
        )
        return _negated_words(negation)
    return token.text
