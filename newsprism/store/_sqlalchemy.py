"""SQLAlchemy 2 backend: a SQLite file by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from pydantic import ValidationError
from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from newsprism.errors import StoreError
from newsprism.models import Article, ExtractedArticle, SourceFormat
from newsprism.store._codec import dump_extraction, load_extraction


class _Base(DeclarativeBase):
    pass


class _ArticleRow(_Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    origin: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str] = mapped_column(String(200), index=True)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # UTC
    # SQLite keeps no zone: the outlet's offset is stored beside the UTC time.
    published_offset_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    language: Mapped[str | None] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    site_name: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    def to_article(self) -> Article:
        published = self.published
        if published is not None:
            if published.tzinfo is None:
                published = published.replace(tzinfo=UTC)  # SQLite drops the zone; we store UTC
            offset = timedelta(minutes=self.published_offset_minutes or 0)
            published = published.astimezone(timezone(offset))
        return Article(
            id=self.id,
            origin=self.origin,
            title=self.title,
            text=self.text,
            outlet=self.outlet,
            url=self.url,
            author=self.author,
            published=published,
            language=self.language,
            format=SourceFormat(self.format),
            site_name=self.site_name,
        )


class _ExtractionRow(_Base):
    """One article's cached extraction; a new extractor version simply overwrites it."""

    __tablename__ = "extractions"

    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _SignatureRow(_Base):
    """An article's MinHash signature, so the copy index never re-reads old texts."""

    __tablename__ = "signatures"

    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    hashvalues: Mapped[bytes] = mapped_column(LargeBinary)


class _VectorRow(_Base):
    """An article's sentence vectors, so a warm brief never re-embeds old articles.

    ``version`` names the embedding model and the extractor that split the sentences;
    either changing makes the row stale.
    """

    __tablename__ = "vectors"

    article_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[str] = mapped_column(String(96))
    rows: Mapped[int] = mapped_column()
    dim: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary)


class _StateRow(_Base):
    """Named JSON state of an incremental index (e.g. the story index)."""

    __tablename__ = "state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


_PerArticleRow = TypeVar("_PerArticleRow", "_ExtractionRow", "_SignatureRow", "_VectorRow")


def _rows_for(
    session: Session, model: type[_PerArticleRow], ids: Iterable[str], *where: Any
) -> Iterator[_PerArticleRow]:
    """Rows of a per-article table for these article ids, asked in batches of 500 ids to
    stay under SQLite's limit on query parameters."""
    wanted = list(ids)
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        yield from session.scalars(select(model).where(model.article_id.in_(batch), *where))


def _offset_minutes(when: datetime | None) -> int | None:
    offset = when.utcoffset() if when else None
    return int(offset.total_seconds() // 60) if offset is not None else None


def _database_url(db: str | Path) -> str:
    text = str(db)
    if "://" in text:
        return text
    if text == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(text).expanduser().resolve()}"


class SqlAlchemyStore:
    """Articles in a relational database; every write is its own transaction."""

    def __init__(self, db: str | Path = "newsprism.db") -> None:
        self.url = _database_url(db)
        try:
            self._engine: Engine = create_engine(self.url)
            if self.url.startswith("sqlite"):
                event.listen(self._engine, "connect", _sqlite_pragmas)
            _Base.metadata.create_all(self._engine)
            _add_missing_columns(self._engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open article store {db}: {exc}") from exc

    def add(self, article: Article) -> bool:
        row = _ArticleRow(
            id=article.id,
            origin=article.origin,
            title=article.title,
            text=article.text,
            outlet=article.outlet,
            url=article.url,
            author=article.author,
            published=article.published.astimezone(UTC) if article.published else None,
            published_offset_minutes=_offset_minutes(article.published),
            language=article.language,
            format=str(article.format),
            site_name=article.site_name,
            ingested_at=datetime.now(UTC),
        )
        try:
            with Session(self._engine) as session, session.begin():
                if session.get(_ArticleRow, article.id) is not None:
                    return False
                session.add(row)
        except IntegrityError:
            return False  # a concurrent writer stored the same content first
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot store article {article.id} ({article.origin}): {exc}"
            ) from exc
        return True

    def get(self, article_id: str) -> Article | None:
        with Session(self._engine) as session:
            row = session.get(_ArticleRow, article_id)
            return row.to_article() if row else None

    def find_by_url(self, url: str) -> Article | None:
        with Session(self._engine) as session:
            row = session.scalars(select(_ArticleRow).where(_ArticleRow.url == url)).first()
            return row.to_article() if row else None

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        query = select(_ArticleRow).order_by(_ArticleRow.ingested_at, _ArticleRow.id)
        if ids is not None:
            query = query.where(_ArticleRow.id.in_(list(ids)))
        with Session(self._engine) as session:
            return [row.to_article() for row in session.scalars(query)]

    def count(self) -> int:
        with Session(self._engine) as session:
            return int(session.scalar(select(func.count()).select_from(_ArticleRow)) or 0)

    def load_extractions(self, ids: Iterable[str], version: str) -> dict[str, ExtractedArticle]:
        """Cached extractions of this extractor version; stale or unreadable ones are skipped."""
        found: dict[str, ExtractedArticle] = {}
        with Session(self._engine) as session:
            rows = _rows_for(session, _ExtractionRow, ids, _ExtractionRow.version == version)
            for row in rows:
                try:
                    found[row.article_id] = load_extraction(row.payload)
                except ValidationError:
                    continue  # written by an incompatible build: extract again
        return found

    def save_extractions(self, extracted: Iterable[ExtractedArticle], version: str) -> None:
        """Cache extraction results, all in one transaction."""
        now = datetime.now(UTC)
        try:
            with Session(self._engine) as session, session.begin():
                for item in extracted:
                    session.merge(
                        _ExtractionRow(
                            article_id=item.article.id,
                            version=version,
                            payload=dump_extraction(item),
                            created_at=now,
                        )
                    )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot cache extraction results: {exc}") from exc

    def load_signatures(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        with Session(self._engine) as session:
            return {
                row.article_id: np.frombuffer(row.hashvalues, dtype=np.uint64).copy()
                for row in _rows_for(session, _SignatureRow, ids)
            }

    def save_signatures(self, signatures: Mapping[str, np.ndarray]) -> None:
        try:
            with Session(self._engine) as session, session.begin():
                for article_id, hashvalues in signatures.items():
                    session.merge(
                        _SignatureRow(
                            article_id=article_id,
                            hashvalues=np.asarray(hashvalues, dtype=np.uint64).tobytes(),
                        )
                    )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot save copy signatures: {exc}") from exc

    def load_vectors(self, ids: Iterable[str], version: str) -> dict[str, np.ndarray]:
        """Cached sentence vectors of this embedding version; damaged rows are skipped."""
        found: dict[str, np.ndarray] = {}
        with Session(self._engine) as session:
            for row in _rows_for(session, _VectorRow, ids, _VectorRow.version == version):
                matrix = np.frombuffer(row.data, dtype=np.float32)
                if matrix.size == row.rows * row.dim:
                    found[row.article_id] = matrix.reshape(row.rows, row.dim).copy()
        return found

    def save_vectors(self, vectors: Mapping[str, np.ndarray], version: str) -> None:
        try:
            with Session(self._engine) as session, session.begin():
                for article_id, matrix in vectors.items():
                    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
                    rows, dim = matrix.shape if matrix.ndim == 2 else (0, 0)
                    session.merge(
                        _VectorRow(
                            article_id=article_id,
                            version=version,
                            rows=rows,
                            dim=dim,
                            data=matrix.tobytes(),
                        )
                    )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot cache sentence vectors: {exc}") from exc

    def load_state(self, name: str) -> dict[str, Any] | None:
        with Session(self._engine) as session:
            row = session.get(_StateRow, name)
            if row is None:
                return None
            try:
                state = json.loads(row.payload)
            except json.JSONDecodeError:
                return None  # unreadable: the index is rebuilt from the articles
            return state if isinstance(state, dict) else None

    def save_state(self, name: str, state: Mapping[str, Any]) -> None:
        try:
            with Session(self._engine) as session, session.begin():
                session.merge(
                    _StateRow(name=name, payload=json.dumps(state), updated_at=datetime.now(UTC))
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot save {name} state: {exc}") from exc

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> SqlAlchemyStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _add_missing_columns(engine: Engine) -> None:
    """Bring a store written by an older version up to date without touching its rows."""
    present = {c["name"] for c in inspect(engine).get_columns("articles")}
    if "published_offset_minutes" not in present:
        with engine.begin() as connection:
            connection.execute(
                text("ALTER TABLE articles ADD COLUMN published_offset_minutes INTEGER")
            )


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL keeps readers working while a writer commits; a crash mid-write leaves the file intact.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def open_store(db: str | Path = "newsprism.db") -> SqlAlchemyStore:
    """Open (creating if needed) the article store at a path or SQLAlchemy URL."""
    return SqlAlchemyStore(db)
