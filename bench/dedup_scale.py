"""Dedup and story assignment at scale: articles/s, peak memory, and whether it stays flat.

    python bench/dedup_scale.py [--articles N] [--events E]

Builds N synthetic articles (default 20,000) from the sample corpus: E invented events
(default 2,700), each made of sentences drawn from three sample reports with new names,
places and figures and a quarter of the other words swapped, then reported several
times: verbatim wire copies with site boilerplate, trimmed and reordered rewrites, and a
headline-and-one-line brief. Every article is added to the copy index and assigned to a
story, one at a time in publication order, as a live stream would be; MinHash signing,
which needs no shared state, runs ahead in a second process (the machine has 2 cores).
Writes bench/results/dedup_scale.json.
Goal: >= 500 articles/s on 2 cores with time per article flat as the store grows.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._results import peak_rss_mib, sample_articles, save  # noqa: E402
from newsprism.dedup import CopyIndex, signature  # noqa: E402
from newsprism.models import Article, Story  # noqa: E402
from newsprism.storyindex import StoryIndex  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "dedup_scale.json"
GOAL = 500.0
_SYLLABLES = "ka lo mi re su va ne to zi ra bo de lu si ko ma vi no".split()
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def sample_reports() -> list[Article]:
    return [a for a in sample_articles() if len(a.text.split()) > 150]


def invented_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_event(bases: list[Article], rng: random.Random, vocabulary: list[str]) -> str:
    """A new event: sentences drawn from several sample reports, with new names, places
    and figures, and a quarter of the other words swapped, so events share no more
    wording than unrelated news does."""
    sentences = [s for b in rng.sample(bases, 3) for s in re.split(r"(?<=[.!?])\s+", b.text)]
    chosen = rng.sample(sentences, min(len(sentences), rng.randint(14, 22)))
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        word = m.group()
        if word in {"The", "A", "An", "He", "She", "It", "They", "In", "On", "At", "But"}:
            return word
        return names.setdefault(word, invented_name(rng))

    def swap(m: re.Match[str]) -> str:
        return rng.choice(vocabulary) if rng.random() < 0.25 else m.group()

    paragraphs = [" ".join(chosen[i : i + 3]) for i in range(0, len(chosen), 3)]
    text = "\n".join(paragraphs)
    text = _CAPITALISED.sub(rename, text)
    text = re.sub(r"\b[a-z]{4,}\b", swap, text)
    return _NUMBER.sub(lambda m: str(rng.randint(2, 5000)), text)


def reports(event_text: str, rng: random.Random) -> list[str]:
    paragraphs = [p for p in event_text.splitlines() if p.strip()]
    out = [event_text]
    for _ in range(rng.randint(1, 3)):  # wire copies with site furniture
        out.append(event_text + f"\nRead more from {invented_name(rng)} News. Share this story.")
    for _ in range(rng.randint(2, 5)):  # rewrites: trimmed, reordered
        kept = [p for p in paragraphs if rng.random() > 0.3] or paragraphs[:1]
        rng.shuffle(kept)
        out.append("\n".join(kept))
    out.append(paragraphs[0][:200])  # a headline-and-one-line brief
    return out


def build(count: int, events: int, seed: int = 11) -> list[Article]:
    rng = random.Random(seed)
    bases = sample_reports()
    vocabulary = sorted({w for b in bases for w in re.findall(r"\b[a-z]{4,}\b", b.text)})
    vocabulary += [invented_name(rng).lower() for _ in range(3000)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    articles: list[Article] = []
    for event in range(events):
        when = start + timedelta(hours=rng.randint(0, 24 * 360))
        text = make_event(bases, rng, vocabulary)
        for n, body in enumerate(reports(text, rng)):
            published = when + timedelta(minutes=rng.randint(0, 60 * 48))
            articles.append(
                Article(
                    id=f"e{event}-{n}",
                    origin=f"synthetic/{event}/{n}",
                    title=body.split(".")[0][:90],
                    text=body,
                    outlet=f"Outlet {rng.randint(1, 400)}",
                    published=published,
                )
            )
    articles.sort(key=lambda a: (a.published, a.id))  # type: ignore[arg-type, return-value]
    return articles[:count]


def _sign(texts: list[str]) -> list[np.ndarray]:
    return [signature(text) for text in texts]


def b_cubed(gold: dict[str, str], stories: list[Story]) -> dict[str, float]:
    """B³ precision, recall and F1 of the stories against the invented events."""
    story_of = {i: s.id for s in stories for i in s.article_ids}
    by_story: dict[str, list[str]] = {}
    by_event: dict[str, list[str]] = {}
    for article_id, event in gold.items():
        by_story.setdefault(story_of[article_id], []).append(article_id)
        by_event.setdefault(event, []).append(article_id)
    precision = recall = 0.0
    for article_id, event in gold.items():
        same_story = by_story[story_of[article_id]]
        same_event = by_event[event]
        both = sum(1 for other in same_story if gold[other] == event)
        precision += both / len(same_story)
        recall += both / len(same_event)
    p, r = precision / len(gold), recall / len(gold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=2_700)
    args = parser.parse_args(argv)
    articles = build(args.articles, args.events)
    memory_before = peak_rss_mib()
    copies, stories = CopyIndex(), StoryIndex()
    block = max(1, len(articles) // 10)
    blocks: list[dict[str, Any]] = []
    linked = 0
    started = block_start = time.perf_counter()
    context = multiprocessing.get_context("fork")
    chunks = [[a.text for a in articles[i : i + 256]] for i in range(0, len(articles), 256)]
    with context.Pool(1) as pool:
        signed = (s for chunk in pool.imap(_sign, chunks) for s in chunk)
        for n, (article, hashvalues) in enumerate(zip(articles, signed, strict=True), start=1):
            linked += bool(copies.add(article.id, hashvalues))
            stories.add(article)
            if n % block == 0:
                now = time.perf_counter()
                ms = round(1000 * (now - block_start) / block, 3)
                blocks.append({"articles": n, "ms_per_article": ms})
                block_start = now
    seconds = time.perf_counter() - started
    rate = len(articles) / seconds
    first, last = blocks[0]["ms_per_article"], blocks[-1]["ms_per_article"]
    print(f"{len(articles)} articles in {seconds:.1f} s: {rate:.0f} articles/s")
    print(f"ms per article, first tenth {first}, last tenth {last}")
    found = stories.stories()
    b3 = b_cubed({a.id: a.id.split("-")[0] for a in articles}, found)
    print(f"{len(found)} stories for {args.events} events (B³ F1 {b3['f1']}); {linked} copies")
    report = {
        "benchmark": "dedup_scale",
        "command": " ".join(["python bench/dedup_scale.py", *argv]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "articles": len(articles),
        "events": args.events,
        "seconds": round(seconds, 2),
        "articles_per_second": round(rate, 1),
        "ms_per_article_by_tenth": blocks,
        "last_to_first_tenth_ratio": round(last / first, 2) if first else None,
        "stories": len(found),
        "story_b_cubed_vs_events": b3,
        "articles_linked_as_copies": linked,
        "peak_rss_mib": peak_rss_mib(),
        "rss_mib_before_indexing": memory_before,
        "goal_articles_per_second": GOAL,
        "goal_met": rate >= GOAL,
    }
    save(report, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
