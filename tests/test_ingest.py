"""Ingest against the sample corpus gold: metadata, text, JSONL, feeds, URLs, no-op re-ingest."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from newsprism.ingest import expand_inputs, ingest
from newsprism.ingest._meta import article_id, normalise_date, outlet_from_url
from newsprism.models import IngestStatus
from newsprism.store import open_store


def _by_file(store) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {Path(a.origin.split(":")[0]).name: a for a in store.articles()}


def test_corpus_metadata_matches_gold(tmp_path: Path, corpus_dir: Path, gold: dict) -> None:
    store = open_store(tmp_path / "n.db")
    outcomes = ingest([str(corpus_dir)], store)
    assert all(o.ok for o in outcomes)
    stored = _by_file(store)
    assert set(gold["documents"]) <= set(stored)
    for name, doc in gold["documents"].items():
        article = stored[name]
        assert article.outlet == doc["outlet"], name
        if doc.get("canonical_url"):
            assert article.url == doc["canonical_url"], name
        if doc.get("published"):
            expected = normalise_date(doc["published"])
            assert article.published == expected, name
        assert len(article.text.split()) >= 150, name
    store.close()


def test_reingesting_is_a_noop(tmp_path: Path, corpus_dir: Path) -> None:
    store = open_store(tmp_path / "n.db")
    first = ingest([str(corpus_dir)], store)
    count = store.count()
    before = store.articles()
    second = ingest([str(corpus_dir)], store)
    assert store.count() == count == sum(o.status is IngestStatus.STORED for o in first)
    assert all(o.status is IngestStatus.ALREADY_STORED for o in second)
    assert store.articles() == before
    store.close()


def test_pasted_text_loses_browser_boilerplate(
    tmp_path: Path, corpus_dir: Path, gold: dict
) -> None:
    [name] = [n for n, d in gold["documents"].items() if d["format"] == "txt"]
    store = open_store(tmp_path / "n.db")
    [outcome] = ingest([str(corpus_dir / name)], store)
    article = store.get(outcome.article_id or "")
    store.close()
    assert article is not None
    assert article.outlet == gold["documents"][name]["outlet"]
    for junk in ("Skip to main content", "Sign up", "cookies", "Share on", "Advertisement"):
        assert junk.lower() not in article.text.lower(), junk
    assert "Sorokina" in article.text


def test_feed_entries_already_ingested_are_recognised(
    tmp_path: Path, corpus_dir: Path, gold: dict
) -> None:
    store = open_store(tmp_path / "n.db")
    outcomes = ingest([str(corpus_dir)], store)
    feed_rows = {o.input: o for o in outcomes if o.input.startswith("http")}
    stored = _by_file(store)
    for item in gold["feed"]["items"]:
        row = feed_rows[item["link"]]
        assert row.status is IngestStatus.ALREADY_STORED
        assert row.article_id == stored[item["document"]].id
    store.close()


def test_feeds_are_processed_after_other_files(corpus_dir: Path) -> None:
    items = expand_inputs([str(corpus_dir)])
    names = [Path(i).name for i in items if isinstance(i, str)]
    assert names[-1] == "feed.xml"


def test_urls_and_feed_over_loopback_http(
    http_server: tuple[str, Path], tmp_path: Path, corpus_dir: Path, gold: dict
) -> None:
    base, root = http_server
    pages = [n for n, d in gold["documents"].items() if d["format"] == "html"][:3]
    for name in pages:
        shutil.copy(corpus_dir / name, root / name)
    items = "".join(
        f"<item><title>{name}</title><link>{base}/{name}</link>"
        f"<pubDate>Tue, 10 Mar 2026 10:00:00 GMT</pubDate><description>teaser</description></item>"
        for name in pages
    )
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback wire</title>'
        f"<link>{base}/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    store = open_store(tmp_path / "n.db")
    direct = ingest([f"{base}/{pages[0]}"], store)
    assert direct[0].status is IngestStatus.STORED
    assert direct[0].outlet == gold["documents"][pages[0]]["outlet"]
    via_feed = ingest([f"{base}/feed.xml"], store)
    statuses = [o.status for o in via_feed]
    # the first page came in directly; its canonical URL differs from the loopback link,
    # so the feed fetches it and finds identical content already stored
    assert statuses.count(IngestStatus.STORED) == 2
    assert store.count() == 3
    outlets = {a.outlet for a in store.articles()}
    assert outlets == {gold["documents"][n]["outlet"] for n in pages}
    store.close()


def test_article_id_is_stable_and_outlet_sensitive() -> None:
    text = "The same wire story, word for word."
    assert article_id("Northgate Herald", text) == article_id("Northgate Herald", text + "  ")
    assert article_id("Northgate Herald", text) != article_id("Meridian Post", text)


def test_outlet_and_date_normalisation() -> None:
    assert outlet_from_url("https://www.dravsk-courier.example/news/1") == "Dravsk Courier"
    assert outlet_from_url("http://127.0.0.1:8000/x") is None
    parsed = normalise_date("Tue, 10 Mar 2026 09:14:00 +0200")
    assert parsed == datetime.fromisoformat("2026-03-10T07:14:00+00:00")
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=2)  # outlet's zone kept
    assert normalise_date("not a date") is None
