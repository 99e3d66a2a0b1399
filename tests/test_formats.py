"""Markdown and JSON inputs: front matter, lists of records, and bad records reported alone."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

from newsprism.ingest import ingest
from newsprism.models import IngestStatus, SourceFormat
from newsprism.store import open_store

BODY = (
    "Firefighters in the invented hill town of Orvane contained a forest fire on Monday "
    "after it burned for three days, the regional fire service said. "
) * 6


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "fire.md"
    path.write_text(
        "---\ntitle: Orvane fire contained\noutlet: Hill Courier\n"
        "published: 2026-06-01T10:00:00+02:00\nurl: https://hillcourier.example/fire\n---\n"
        f"# Ignored heading\n\n{BODY}\n\n- a list item that is part of the story text\n",
        encoding="utf-8",
    )
    store = open_store(tmp_path / "s.db")
    [outcome] = ingest([str(path)], store)
    article = store.get(outcome.article_id or "")
    store.close()
    assert article is not None
    assert (article.title, article.outlet, article.format) == (
        "Orvane fire contained", "Hill Courier", SourceFormat.MARKDOWN,
    )  # fmt: skip
    assert article.published is not None and article.published.astimezone(UTC).hour == 8
    assert "#" not in article.text and "contained a forest fire" in article.text


def test_json_list_with_one_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    records = [
        {"title": "Orvane fire contained", "text": BODY, "source": "Hill Courier"},
        {"title": "No body here"},
        {"headline": "Second outlet", "articleBody": BODY + " Extra.", "publisher": "Valley Post"},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    store = open_store(tmp_path / "s.db")
    outcomes = ingest([str(path)], store)
    store.close()
    assert [o.status for o in outcomes] == [
        IngestStatus.STORED, IngestStatus.FAILED, IngestStatus.STORED,
    ]  # fmt: skip
    assert outcomes[1].input == f"{path}[1]" and "no text field" in (outcomes[1].message or "")
    assert {o.outlet for o in outcomes if o.ok} == {"Hill Courier", "Valley Post"}
