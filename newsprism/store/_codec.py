"""JSON for cached extraction results.

pydantic's TypeAdapter validates our plain dataclasses (nested, with enums, tuples and
datetimes) both ways, so the data model stays plain dataclasses with no hand-written
(de)serialiser to keep in step with it.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import TypeAdapter

from newsprism.models import ExtractedArticle


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter[ExtractedArticle]:
    return TypeAdapter(ExtractedArticle)


def dump_extraction(extracted: ExtractedArticle) -> str:
    return _adapter().dump_json(extracted).decode()


def load_extraction(payload: str) -> ExtractedArticle:
    return _adapter().validate_json(payload)
