"""Which paragraphs are not English, so extraction skips them instead of mis-parsing them.

py3langid (a maintained fork of langid.py, model bundled in the wheel) scores each
paragraph. Short lines, names and tables fool any language identifier, so a paragraph is
only called foreign when it is long enough, the identifier is confident, and it has
almost no English function words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

MIN_WORDS = 5
MIN_CONFIDENCE = 0.9
_ENGLISH_WORDS = set(
    """the a an and or of to in on at for with by from is are was were be been has have had
    it its this that these those he she they we you his her their our not but as said will
    would after before over than more about who which what when""".split()
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def foreign_language(paragraph: str) -> str | None:
    """ISO 639-1 code of a paragraph that is clearly not English; None otherwise."""
    words = _WORD.findall(paragraph)
    if len(words) < MIN_WORDS:
        return None
    english = sum(1 for w in words if w.lower() in _ENGLISH_WORDS) / len(words)
    if english >= 0.12:
        return None
    letters = sum(1 for ch in paragraph if ch.isalpha())
    if letters and len(_CYRILLIC.findall(paragraph)) / letters > 0.5:
        language, _ = _identifier().classify(paragraph)
        return str(language) if language != "en" else "ru"
    language, confidence = _identifier().classify(paragraph)
    if language == "en" or confidence < MIN_CONFIDENCE:
        return None
    return str(language)
