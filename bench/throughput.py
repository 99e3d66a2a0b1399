"""Full-extraction throughput: articles per second and peak memory on this machine.

    python bench/throughput.py [--articles N] [--words W] [--workers K]

Builds N articles of about W words (default 300 x 700) from the paragraphs of the bundled
sample corpus, shuffled so no two articles are the same text, and runs the whole extract
stage on them (language check, spaCy parse, mentions with roles, quantities, times,
quotes, attribution) with no cache. Runs once in one process and once with the default
worker pool, and writes bench/results/throughput.json. The goal is 15 articles/s.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._results import peak_rss_mib, sample_articles, save  # noqa: E402
from newsprism.extract import extract_articles  # noqa: E402
from newsprism.extract._nlp import load_spacy  # noqa: E402
from newsprism.models import Article  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "throughput.json"
GOAL = 15.0


def corpus_paragraphs() -> list[str]:
    articles = sample_articles()
    return [p for a in articles for p in a.text.splitlines() if len(p.split()) >= 8]


def make_articles(paragraphs: list[str], count: int, words: int) -> list[Article]:
    rng = random.Random(7)
    published = datetime(2026, 3, 12, 9, tzinfo=UTC)
    articles = []
    for n in range(count):
        chosen: list[str] = []
        total = 0
        while total < words:
            paragraph = rng.choice(paragraphs)
            chosen.append(paragraph)
            total += len(paragraph.split())
        articles.append(
            Article(
                id=f"bench-{n}",
                origin=f"bench/{n}",
                title=f"Benchmark article {n}",
                text="\n".join(chosen),
                outlet=f"Outlet {n % 17}",
                published=published + timedelta(hours=n % 48),
            )
        )
    return articles


def peak_memory() -> dict[str, float]:
    return {
        "main_process": peak_rss_mib(),
        "largest_worker": peak_rss_mib(resource.RUSAGE_CHILDREN),
    }


def run(articles: list[Article], workers: int) -> dict[str, Any]:
    started = time.perf_counter()
    results = extract_articles(articles, workers=workers)
    seconds = time.perf_counter() - started
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(articles) / seconds, 2),
        "sentences": sum(len(r.sentences) for r in results),
        "quantities": sum(len(c.quantities) for r in results for c in r.claims),
        "quotes": sum(len(r.quotes) for r in results),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--words", type=int, default=700)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)

    paragraphs = corpus_paragraphs()
    articles = make_articles(paragraphs, args.articles, args.words)
    mean_words = sum(len(a.text.split()) for a in articles) / len(articles)
    load_spacy()
    extract_articles(articles[:3], workers=1)  # warm-up: model load, caches

    single = run(articles, workers=1)
    print(f"1 process:  {single['articles_per_second']:.1f} articles/s")
    pool = run(articles, workers=args.workers)
    print(f"{args.workers} workers:  {pool['articles_per_second']:.1f} articles/s")
    memory = peak_memory()
    print(f"peak memory: {memory['main_process']} MiB main, {memory['largest_worker']} MiB worker")

    report = {
        "benchmark": "throughput",
        "command": " ".join(["python bench/throughput.py", *argv]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "articles": len(articles),
        "mean_words_per_article": round(mean_words),
        "single_process": single,
        "worker_pool": pool,
        "peak_rss_mib": memory,
        "goal_articles_per_second": GOAL,
        "goal_met": pool["articles_per_second"] >= GOAL,
    }
    save(report, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
