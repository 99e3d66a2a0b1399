"""Sentences: spaCy's dependency-based segmentation, one paragraph at a time.

Parsing paragraph by paragraph keeps a sentence from spanning a paragraph break (headline
fragments, photo captions) and bounds the work on pathological input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from newsprism.models import Article, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

# A "paragraph" longer than this (a flattened table, a wall of text) is cut before parsing.
MAX_PARAGRAPH_CHARS = 5_000


def paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        while len(line) > MAX_PARAGRAPH_CHARS:
            cut = line.rfind(" ", 0, MAX_PARAGRAPH_CHARS)
            cut = cut if cut > 0 else MAX_PARAGRAPH_CHARS
            out.append(line[:cut])
            line = line[cut:].strip()
        if line:
            out.append(line)
    return out


def parse_paragraphs(nlp: Language, texts: Sequence[str]) -> list[Doc]:
    """Parse paragraphs; an all-caps paragraph is parsed in sentence case.

    The tagger reads "MORE THAN 300 HOMES FLOODED" as a string of proper nouns; in
    sentence case its numbers and verbs parse normally. Words the rest of the article
    capitalises mid-sentence (names: "Dravsk", "Red Cross") keep their capital. The
    original text is kept on the doc so sentences still quote what the article printed.
    """
    shouting = [_shouting(t) for t in texts]
    known = _known_capitals(t for t, loud in zip(texts, shouting, strict=True) if not loud)
    prepared = [
        _sentence_case(t, known) if loud else t for t, loud in zip(texts, shouting, strict=True)
    ]
    docs = list(nlp.pipe(prepared, batch_size=64))
    for doc, original in zip(docs, texts, strict=True):
        if doc.text != original:
            doc.user_data["original"] = original
    return docs


def _shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 12 and sum(ch.isupper() for ch in letters) / len(letters) > 0.8


def _known_capitals(texts: Iterable[str]) -> dict[str, str]:
    """Lower-case word -> how the article writes it, for words capitalised mid-sentence."""
    known: dict[str, str] = {}
    for text in texts:
        for match in re.finditer(r"(?<=[^.!?\s] )([A-Z][\w’'-]+)", text):
            word = match.group(1)
            if not word.isupper():
                known.setdefault(word.lower(), word)
    return known


def _sentence_case(text: str, known: dict[str, str] | None = None) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): leave it
        return text
    if known:
        lowered = re.sub(
            r"[\w’'-]+",
            lambda m: (
                w if len(w := known.get(m.group(), m.group())) == len(m.group()) else m.group()
            ),
            lowered,
        )
    return re.sub(r"(^|[.!?]\s+)(\w)", lambda m: m.group(1) + m.group(2).upper(), lowered)


def iter_sentence_spans(article: Article, docs: list[Doc]) -> Iterator[tuple[Sentence, Span]]:
    """Number the sentences of an article's parsed paragraphs in reading order."""
    index = 0
    for doc in docs:
        spans = _merge_fragments(list(doc.sents))
        original = doc.user_data.get("original")
        for span in spans:
            text = (original[span.start_char : span.end_char] if original else span.text).strip()
            if not text or not any(ch.isalnum() for ch in text):
                continue
            yield Sentence(article.id, index, text), span
            index += 1


def _merge_fragments(spans: list[Span]) -> list[Span]:
    """Rejoin a split after an abbreviation: "at 4:30 a.m." + "local time (0230 GMT), ..."."""
    merged: list[Span] = []
    for span in spans:
        first = span.text.lstrip()[:1]
        if merged and first.islower():
            previous = merged.pop()
            merged.append(span.doc[previous.start : span.end])
        else:
            merged.append(span)
    return merged
