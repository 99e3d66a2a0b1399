"""Where articles live between runs.

The pipeline only talks to the :class:`ArticleStore` protocol, so backends can be swapped
(the way httpx swaps transports). The default backend is a SQLite file through SQLAlchemy 2.
"""

from __future__ import annotations

from newsprism.store._base import ArticleStore
from newsprism.store._sqlalchemy import SqlAlchemyStore, open_store

__all__ = ["ArticleStore", "SqlAlchemyStore", "open_store"]
