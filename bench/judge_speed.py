"""From stored articles to a judged brief: how long one story takes, warm, as it grows.

    python bench/judge_speed.py [--sizes 50 100 200]

For each size N, builds a story of N reports of the sample corpus's dam breach: every
report starts from one of the corpus's own reports on the story and is rewritten the way
outlets rewrite (paragraphs dropped and reordered, a figure changed now and then, its
own outlet name and publication time), so the story holds wire copies, rewrites and
independent reports together. The reports are stored in a fresh SQLite file, then:

* cold – the first analysis (extraction, embedding, story index, copies, alignment,
  judging, brief) with models already loaded;
* warm – the same analysis again, as a journalist re-running the brief would: extraction
  and sentence vectors come from the store's caches, everything downstream reruns.

Writes bench/results/judge_speed.json. Goal: warm 50-article story < 5 s on 2 cores.
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._results import peak_rss_mib, sample_articles, save  # noqa: E402
from newsprism.embed import default_embedder  # noqa: E402
from newsprism.models import Article  # noqa: E402
from newsprism.pipeline import analyze_store  # noqa: E402
from newsprism.store import open_store  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "judge_speed.json"
GOAL_SECONDS = 5.0
_NUMBER = re.compile(r"\b(\d{2,3})\b")


def story_reports() -> list[Article]:
    """The sample corpus's reports of the dam breach (off-topic ones left out)."""
    return [
        a
        for a in sample_articles()
        if "dam" in a.text.casefold()
        and "2025" not in (a.title + a.text[:400])
        and "football" not in a.text.casefold()
        and "key rate" not in a.title
    ]


def rewrite(base: Article, number: int, rng: random.Random) -> Article:
    """One more outlet's report: some paragraphs dropped or moved, maybe a figure changed."""
    paragraphs = base.text.split("\n")
    body = paragraphs[1:]
    kept = [p for p in body if rng.random() > 0.2] or body
    if len(kept) > 3 and rng.random() < 0.5:
        i, j = rng.sample(range(1, len(kept)), 2)
        kept[i], kept[j] = kept[j], kept[i]
    text = "\n".join([paragraphs[0], *kept])
    if rng.random() < 0.15:
        text = _NUMBER.sub(lambda m: str(int(m.group(1)) + rng.choice([-10, 10])), text, count=1)
    published = base.published + timedelta(minutes=7 * number) if base.published else None
    outlet = f"Outlet {number:03d}"
    return Article(
        id=f"bench{number:05d}",
        origin=f"bench://{outlet}",
        title=base.title,
        text=text,
        outlet=outlet,
        url=f"https://outlet{number:03d}.example/story",
        published=published,
        language="en",
    )


def run(size: int, bases: list[Article], seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    reports = [rewrite(bases[n % len(bases)], n, rng) for n in range(size)]
    stages: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "story.db")
        try:
            for report in reports:
                store.add(report)
            started = time.perf_counter()
            cold = analyze_store(store)
            cold_seconds = time.perf_counter() - started

            clock = {"since": time.perf_counter()}
            current = {"stage": ""}

            def progress(stage: str, done: int, total: int) -> None:
                now = time.perf_counter()
                if current["stage"]:
                    spent = now - clock["since"]
                    stages[current["stage"]] = stages.get(current["stage"], 0.0) + spent
                clock["since"], current["stage"] = now, stage

            started = time.perf_counter()
            warm = analyze_store(store, progress=progress)
            warm_seconds = time.perf_counter() - started
            progress("brief", 0, 1)
        finally:
            store.close()
    assert warm.brief.independent_source_count == cold.brief.independent_source_count
    return {
        "articles": size,
        "articles_in_story": len(warm.story.article_ids),
        "independent_sources": warm.brief.independent_source_count,
        "claim_groups": len(warm.claim_groups),
        "disputes": len(warm.conflicts),
        "cold_seconds": round(cold_seconds, 2),
        "warm_seconds": round(warm_seconds, 2),
        "warm_seconds_by_stage": {k: round(v, 3) for k, v in stages.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    bases = story_reports()
    default_embedder().encode(["warm the model up"])
    rows = []
    for size in args.sizes:
        row = run(size, bases, args.seed)
        rows.append(row)
        print(
            f"{size:4d} articles: warm {row['warm_seconds']:.2f} s, "
            f"cold {row['cold_seconds']:.2f} s"
            f" ({row['articles_in_story']} in story, {row['independent_sources']} independent"
            f" sources, {row['claim_groups']} claim groups)"
        )
    first = rows[0]
    met = first["articles"] == 50 and first["warm_seconds"] < GOAL_SECONDS
    report = {
        "benchmark": "judge_speed",
        "what": "stored articles -> judged brief for one story "
        "(warm: caches filled, models loaded)",
        "goal": f"50-article story warm < {GOAL_SECONDS} s on 2 cores",
        "goal_met": met,
        "runs": rows,
        "growth": {
            f"{r['articles']}": round(r["warm_seconds"] / first["warm_seconds"], 2) for r in rows
        },
        "peak_rss_mib": peak_rss_mib(),
        "command": "python bench/judge_speed.py " + " ".join(sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {platform.system()}, python {platform.python_version()}",
    }
    save(report, RESULTS)
    print(f"goal ({report['goal']}): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
