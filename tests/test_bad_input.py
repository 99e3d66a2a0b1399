"""Every kind of bad input gets a clear per-input error; the rest is still stored."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.ingest import ingest
from newsprism.models import IngestStatus
from newsprism.store import open_store

GOOD_TEXT = (
    "Rescuers in the fictional port of Kelvara pulled four fishermen from the sea on Sunday "
    "after their trawler capsized in a storm, the coastguard said. "
) * 8

INDEX_PAGE = (
    "<html><head><title>World news | The Kelvara Gazette</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
    "<h1>World</h1><ul>"
    + "".join(
        f"<li><a href='/world/story-{i}'>Headline number {i} about events abroad</a></li>"
        for i in range(40)
    )
    + "</ul><footer>© 2026 The Kelvara Gazette</footer></body></html>"
)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> dict[str, str]:
    files = {
        "empty": tmp_path / "empty.html",
        "binary": tmp_path / "photo.html",
        "encoding": tmp_path / "mystery.txt",
        "broken": tmp_path / "broken.html",
        "index": tmp_path / "index.html",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    # Invalid UTF-8 that no encoding decodes into readable text.
    import random

    rng = random.Random(7)
    files["encoding"].write_bytes(bytes(rng.randrange(1, 256) for _ in range(3000)))
    # Only stray closing tags: lxml cannot build any document from it.
    files["broken"].write_bytes(b"</div></span></td></tr></table>\n</div></div></body></html>\n")
    files["index"].write_text(INDEX_PAGE, encoding="utf-8")
    inputs = {kind: str(path) for kind, path in files.items()}
    inputs["missing"] = str(tmp_path / "no-such-report.html")
    inputs["unreachable"] = f"http://127.0.0.1:{_closed_port()}/story.html"
    return inputs


EXPECTED = {
    "empty": "is empty",
    "binary": "is binary data",
    "encoding": "unknown text encoding",
    "broken": "broken HTML",
    "index": "not an article",
    "missing": "no such file",
    "unreachable": "could not be fetched",
}


def test_each_bad_input_gets_its_own_clear_error(
    tmp_path: Path, bad_inputs: dict[str, str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Trawler capsizes off Kelvara\n\n" + GOOD_TEXT, encoding="utf-8")
    store = open_store(tmp_path / "store.db")
    ordered = [bad_inputs[k] for k in EXPECTED] + [str(good)]
    outcomes = ingest(ordered, store)
    by_input = {o.input: o for o in outcomes}
    for kind, phrase in EXPECTED.items():
        outcome = by_input[bad_inputs[kind]]
        assert outcome.status is IngestStatus.FAILED, (kind, outcome)
        assert phrase in (outcome.message or ""), (kind, outcome.message)
        assert bad_inputs[kind] in (outcome.message or ""), "the error must name the input"
    assert by_input[str(good)].status is IngestStatus.STORED
    assert store.count() == 1
    store.close()


def test_bad_input_leaves_stored_articles_intact(
    tmp_path: Path, bad_inputs: dict[str, str]
) -> None:
    db = tmp_path / "store.db"
    good = tmp_path / "good.txt"
    good.write_text("Trawler capsizes off Kelvara\n\n" + GOOD_TEXT, encoding="utf-8")
    store = open_store(db)
    ingest([str(good)], store)
    before = store.articles()
    ingest(list(bad_inputs.values()), store)
    after = store.articles()
    store.close()
    assert after == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cli_prints_summary_table_and_exits_nonzero(
    tmp_path: Path, bad_inputs: dict[str, str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Trawler capsizes off Kelvara\n\n" + GOOD_TEXT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "ingest",
            bad_inputs["empty"],
            bad_inputs["missing"],
            str(good),
            "--db",
            str(tmp_path / "c.db"),
        ],
    )
    assert result.exit_code == 1
    assert "Ingest summary" in result.output
    assert "is empty" in result.output and "no such file" in result.output
    assert "1 stored" in result.output and "2 failed" in result.output


def test_http_error_is_reported_with_status(http_server: tuple[str, Path], tmp_path: Path) -> None:
    base, _root = http_server
    store = open_store(tmp_path / "s.db")
    [outcome] = ingest([f"{base}/gone.html"], store)
    store.close()
    assert outcome.status is IngestStatus.FAILED
    assert "HTTP 404" in (outcome.message or "")
