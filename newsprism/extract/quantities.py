"""Quantities: the number, its comparator, and what it counts.

spaCy tags the number and parses the sentence; we read the value (digits, "1.2 million",
written-out numbers), the comparator in front of it, and the counted noun with its
predicate from the dependency tree ("homes" + "flooded"). No PyPI library does the
"what is counted" part, which is why this module exists.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsprism.models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "a": 1,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Comparator phrase -> (low factor, high factor) of the interval it allows around the value.
COMPARATORS: dict[str, tuple[float, float]] = {
    "more than": (1.0, 1.3),
    "over": (1.0, 1.3),
    "upwards of": (1.0, 1.3),
    "at least": (1.0, 1.3),
    "almost": (0.9, 1.0),
    "nearly": (0.9, 1.0),
    "close to": (0.9, 1.0),
    "just under": (0.95, 1.0),
    "fewer than": (0.7, 1.0),
    "less than": (0.7, 1.0),
    "under": (0.7, 1.0),
    "up to": (0.7, 1.0),
    "about": (0.9, 1.1),
    "around": (0.9, 1.1),
    "roughly": (0.9, 1.1),
    "approximately": (0.9, 1.1),
    "some": (0.9, 1.1),
    "an estimated": (0.9, 1.1),
}
_COMPARATOR_RE = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(map(re.escape, COMPARATORS), key=len, reverse=True)) + r")\s*$",
    re.I,
)

_NUMERIC = re.compile(r"^\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_NOT_COUNTS = {"gmt", "utc", "a.m.", "p.m.", "am", "pm", "bst", "cet", "eet"}
_NOT_PREDICATE = {"according", "because", "despite", "after", "before", "as", "since", "while"}
_SKIP_LABELS = {"DATE", "TIME", "ORDINAL"}
_COUNT_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}


def parse_number(words: list[str]) -> float | None:
    """Value of "1,200", "4.2 million", "two", "twenty-five"; None if not a number."""
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        word = raw.lower().strip(",")
        if _NUMERIC.match(word):
            current += float(re.sub(r"[,\u00a0 ]", "", word))
            seen = True
        elif "-" in word and all(part in _UNITS for part in word.split("-")):
            current += sum(_UNITS[p] for p in word.split("-"))
            seen = True
        elif word in _UNITS and (word != "a" or len(words) > 1):
            current += _UNITS[word]
            seen = True
        elif word in _SCALES and seen:
            scale = _SCALES[word]
            if scale == 100:
                current *= scale
            else:
                total += (current or 1) * scale
                current = 0.0
        elif word == "and" and seen:
            continue
        else:
            return None
    return total + current if seen else None


def find_quantities(span: Span, sentence_index: int) -> list[Quantity]:
    """Every counted quantity in a parsed sentence."""
    found: list[Quantity] = []
    used: set[int] = set()
    date_tokens = {t.i for ent in span.ents if ent.label_ in _SKIP_LABELS for t in ent}
    for ent in span.ents:
        if ent.label_ not in _COUNT_LABELS:
            continue
        number_tokens = [t for t in ent if t.like_num or t.lower_ in _SCALES or t.lower_ in _UNITS]
        if not number_tokens or any(t.i in used for t in number_tokens):
            continue
        start = number_tokens[0]
        words = [t.text for t in ent if t.i >= start.i and (t.like_num or t.lower_ in _SCALES
                 or t.lower_ in _UNITS or t.lower_ == "and")]  # fmt: skip
        value = parse_number(words)
        if value is None:
            continue
        used.update(t.i for t in ent)
        quantity = _build(span, ent.start, ent.end, value, sentence_index)
        if quantity:
            found.append(quantity)
    for token in span:
        if token.i in used or token.i in date_tokens or not token.like_num:
            continue
        if token.dep_ != "nummod" or not token.text[0].isdigit():
            continue
        value = parse_number([token.text])
        if value is None:
            continue
        quantity = _build(span, token.i, token.i + 1, value, sentence_index)
        if quantity:
            found.append(quantity)
    return found


def _build(span: Span, start: int, end: int, value: float, sentence_index: int) -> Quantity | None:
    doc = span.doc
    tokens = doc[start:end]
    comparator = None
    prefix = doc[max(span.start, start - 3) : start].text
    inner = tokens.text
    if m := _COMPARATOR_RE.search(prefix):
        comparator = m.group(1).lower()
    else:
        # spaCy often puts "more than" / "about" inside the entity itself.
        for phrase in sorted(COMPARATORS, key=len, reverse=True):
            if inner.lower().startswith(phrase + " "):
                comparator = phrase
                break
    noun = _counted_noun(tokens)
    if noun is None or noun.lower_ in _NOT_COUNTS:
        return None
    if re.fullmatch(r"0\d{3}", tokens.text):  # a 24-hour clock time such as 0230
        return None
    low_f, high_f = COMPARATORS.get(comparator or "", (1.0, 1.0))
    surface = f"{comparator} {_number_text(tokens)}" if comparator else _number_text(tokens)
    return Quantity(
        surface=surface,
        value=value,
        low=value * low_f,
        high=value * high_f,
        comparator=comparator,
        counted=_counted_phrase(noun),
        noun=_noun_class(noun.lemma_.lower()),
        sentence_index=sentence_index,
    )


_PERSON_NOUNS = {
    "people", "person", "resident", "individual", "inhabitant", "civilian", "villager",
    "citizen", "local", "evacuee", "man", "woman", "child",
}  # fmt: skip


def _noun_class(lemma: str) -> str:
    """Fold nouns for people together: "1,200 residents" and "1,200 people" count the same."""
    return "person" if lemma in _PERSON_NOUNS else lemma


def _number_text(tokens: Span) -> str:
    """The number as written, without a comparator spaCy may have put inside the entity."""
    text = tokens.text
    for phrase in sorted(COMPARATORS, key=len, reverse=True):
        if text.lower().startswith(phrase + " "):
            return text[len(phrase) + 1 :]
    return text


def _counted_noun(tokens: Span) -> Token | None:
    """The noun a number counts: its syntactic head when that is a noun."""
    for token in reversed(tokens):
        head = token.head
        outside = head.i >= tokens.end or head.i < tokens.start
        counts_head = token.dep_ in {"nummod", "quantmod", "compound"}
        if counts_head and head.pos_ in {"NOUN", "PROPN"} and outside:
            return head
        if token.pos_ == "NOUN" and token.i == tokens.end - 1 and tokens.root.pos_ == "NOUN":
            return token
    root = tokens.root
    if root.head.pos_ == "NOUN" and root.dep_ in {"nummod", "quantmod"}:
        return root.head
    # "the death toll rose to two", "Two died": the number stands for its own noun.
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.pos_ == "VERB":
        return root
    return None


def _counted_phrase(noun: Token) -> str:
    """Noun plus predicate: "homes flooded", "people taken to hospital"."""
    words = [noun.text.lower()]
    head = noun.head
    # climb through prepositions and conjunctions ("of homes", "and 17 injured")
    hops = 0
    while head.pos_ not in {"VERB", "AUX"} and head.dep_ != "ROOT" and hops < 3:
        if head.pos_ == "NOUN" and head.i != noun.i and noun.dep_ == "pobj":
            words.insert(0, head.text.lower())
        head = head.head
        hops += 1
    verb = head if head.pos_ in {"VERB", "AUX"} else None
    if noun.dep_ == "amod" or (noun.head.pos_ == "VERB" and noun.head.dep_ == "amod"):
        verb = noun.head
    for child in noun.children:
        if child.dep_ == "acl" and child.pos_ == "VERB":  # "homes flooded by the water"
            verb = child
    if verb is not None:
        # "forcing 1,200 residents to be evacuated": the counted predicate is the complement
        complements = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
        if complements and noun.dep_ in {"dobj", "nsubj"}:
            verb = complements[0]
    if verb is not None and verb.i != noun.i:
        words.append(verb.text.lower())
        for child in verb.children:
            if child.lower_ in _NOT_PREDICATE:
                continue
            if (
                child.dep_ in {"prep", "prt", "dobj", "acomp"}
                and child.i > verb.i
                and child.i != noun.i
            ):
                words.append(child.text.lower())
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        words.append(grandchild.text.lower())
                break
    return " ".join(words)
