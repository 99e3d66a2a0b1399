"""Shared fixtures: the bundled sample corpus, its gold file, and one analysis of it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "dravsk-flood"
GOLD = ROOT / "examples" / "dravsk-flood.gold.json"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from newsprism.embed import default_embedder

    return default_embedder()


@pytest.fixture(scope="session")
def analysis(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    """The whole pipeline over the sample corpus, run once for the session."""
    from newsprism.pipeline import analyze_inputs

    db = tmp_path_factory.mktemp("analysis") / "corpus.db"
    result, outcomes = analyze_inputs([CORPUS], db=db, embedder=embedder)
    assert all(o.ok for o in outcomes), [o.message for o in outcomes if not o.ok]
    return result


@pytest.fixture(scope="session")
def doc_ids(analysis, gold) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Gold file name -> stored article id."""
    ids = {}
    for article in analysis.articles:
        name = Path(article.origin.split(":")[0]).name
        ids[name] = article.id
    assert set(gold["documents"]) <= set(ids), set(gold["documents"]) - set(ids)
    return ids


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def http_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real HTTP server on loopback serving files from a temporary folder."""
    handler = partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    finally:
        server.shutdown()
        server.server_close()
