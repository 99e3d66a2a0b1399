"""The storage interface every backend implements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import numpy as np

from newsprism.models import Article, ExtractedArticle


class ArticleStore(Protocol):
    def add(self, article: Article) -> bool:
        """Store one article in its own transaction; False if its id is already stored."""
        ...

    def get(self, article_id: str) -> Article | None: ...

    def find_by_url(self, url: str) -> Article | None: ...

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """All stored articles (or those with the given ids), oldest first."""
        ...

    def count(self) -> int: ...

    def load_extractions(self, ids: Iterable[str], version: str) -> dict[str, ExtractedArticle]:
        """Cached extraction results of this extractor version, by article id."""
        ...

    def save_extractions(self, extracted: Iterable[ExtractedArticle], version: str) -> None: ...

    def load_signatures(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        """Stored MinHash signatures (the copy index's memory), by article id."""
        ...

    def save_signatures(self, signatures: Mapping[str, np.ndarray]) -> None: ...

    def load_vectors(self, ids: Iterable[str], version: str) -> dict[str, np.ndarray]:
        """Cached sentence vectors (one row per extracted claim), by article id."""
        ...

    def save_vectors(self, vectors: Mapping[str, np.ndarray], version: str) -> None: ...

    def load_state(self, name: str) -> dict[str, Any] | None:
        """The saved state of an incremental index; None if absent or unreadable."""
        ...

    def save_state(self, name: str, state: Mapping[str, Any]) -> None: ...

    def close(self) -> None: ...
