"""The storage interface every backend implements."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

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

    def close(self) -> None: ...
