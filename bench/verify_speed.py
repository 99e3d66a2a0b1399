"""How long verifying a draft takes: a 30-sentence draft against a 20-report story.

    python bench/verify_speed.py [--sentences 30] [--sources 20]

The story: the sample corpus's reports of the dam breach plus rewrites of them (as
bench/judge_speed.py makes them) up to 20 reports, stored in a fresh SQLite file and
analysed (with more rewrites added should the story leave some out, so that the story
itself holds 20). The draft: 30 sentences taken from those reports, every fifth one edited
(a figure changed, "closed" turned to "open"), one paragraph per three sentences.

* cold – the first verification, models loaded but the source sentences not yet read;
* warm – the same draft verified again against the same analysis, as a user re-checking a
  revised draft would (source vectors come from the embedder's memo);
* warm_with_analysis – verify_store: the stored story re-analysed (warm caches) and the
  draft verified, what ``newsprism verify`` does on a warm store.

Writes bench/results/verify_speed.json. Goal: warm < 5 s on 2 cores.
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._results import peak_rss_mib, save  # noqa: E402
from bench.judge_speed import rewrite, story_reports  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "verify_speed.json"
GOAL_SECONDS = 5.0
_FIGURE = re.compile(r"\b(\d{2,4})\b")


def sources(count: int, rng: random.Random) -> list[Any]:
    reports = story_reports()
    out = list(reports[:count])
    number = 0
    while len(out) < count:
        number += 1
        out.append(rewrite(reports[number % len(reports)], number, rng))
    return out


def draft(reports: list[Any], sentences: int) -> str:
    """Sentences of the reports (long enough to state something), every fifth edited."""
    from newsprism.extract import extract_article

    picked: list[str] = []
    for report in reports:
        for claim in extract_article(report).claims:
            words = claim.text.split()
            if 8 <= len(words) <= 40 and claim.text not in picked and '"' not in claim.text:
                picked.append(claim.text)
                break
        if len(picked) >= sentences:
            break
    for report in reports:  # more from each report until there are enough
        for claim in extract_article(report).claims[2:]:
            if len(picked) >= sentences:
                break
            if 8 <= len(claim.text.split()) <= 40 and claim.text not in picked:
                picked.append(claim.text)
    edited = []
    for n, sentence in enumerate(picked[:sentences]):
        if n % 5 == 4:
            changed = _FIGURE.sub(lambda m: str(int(m.group(1)) + 700), sentence, count=1)
            sentence = changed if changed != sentence else sentence.replace("closed", "open")
        edited.append(sentence)
    return "\n\n".join(" ".join(edited[i : i + 3]) for i in range(0, len(edited), 3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--sources", type=int, default=20)
    args = parser.parse_args()

    from newsprism.embed import default_embedder
    from newsprism.nli.learned import LearnedJudge
    from newsprism.pipeline import analyze_store, verify_store
    from newsprism.store import open_store
    from newsprism.verification import verify_draft

    rng = random.Random(7)
    reports = sources(args.sources, rng)
    text = draft(reports, args.sentences)
    embedder = default_embedder()
    judge = LearnedJudge(embedder)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "verify.db")
        try:
            for report in reports:
                store.add(report)
            analysis = analyze_store(store, embedder=embedder, pair_judge=judge)
            # a rewrite the story clusterer leaves out is no source of the story: top up
            # with more rewrites until the story itself holds the asked-for count
            extra = len(reports)
            while len(analysis.story.article_ids) < args.sources and extra < 2 * args.sources:
                in_story = set(analysis.story.article_ids)
                members = [r for r in reports if r.id in in_story]
                for _ in range(args.sources - len(analysis.story.article_ids)):
                    extra += 1
                    store.add(rewrite(members[extra % len(members)], extra, rng))
                analysis = analyze_store(store, embedder=embedder, pair_judge=judge)
            started = time.perf_counter()
            cold = verify_draft(text, analysis, embedder=embedder, pair_judge=judge)
            cold_seconds = time.perf_counter() - started
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                warm = verify_draft(text, analysis, embedder=embedder, pair_judge=judge)
                runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            verify_store(text, store, embedder=embedder, pair_judge=judge)
            with_analysis = time.perf_counter() - started
        finally:
            store.close()
    warm_seconds = min(runs)
    statuses = {s: sum(c.status == s for c in warm.claims) for s in ("supported", "contradicted",
                                                                     "not found")}  # fmt: skip
    report = {
        "benchmark": "verify_speed",
        "what": f"a {args.sentences}-sentence draft verified against a story of "
        f"{len(analysis.story.article_ids)} stored reports (analysis done)",
        "goal": f"warm < {GOAL_SECONDS} s on 2 cores",
        "goal_met": warm_seconds < GOAL_SECONDS,
        "draft_sentences": args.sentences,
        "draft_claims": len(warm.claims),
        "sources": len(analysis.story.article_ids),
        "independent_sources": warm.independent_source_count,
        "claims_by_status": statuses,
        "score": warm.score,
        "cold_seconds": round(cold_seconds, 2),
        "warm_seconds": round(warm_seconds, 2),
        "warm_runs": [round(r, 2) for r in runs],
        "warm_with_analysis_seconds": round(with_analysis, 2),
        "cold_claims": len(cold.claims),
        "peak_rss_mib": peak_rss_mib(),
        "command": "python bench/verify_speed.py " + " ".join(sys.argv[1:]),
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {platform.system()}, python {platform.python_version()}",
    }
    print(
        f"{report['draft_claims']} claims against {report['sources']} reports: cold "
        f"{report['cold_seconds']} s, warm {report['warm_seconds']} s, warm with analysis "
        f"{report['warm_with_analysis_seconds']} s; {statuses}",
        flush=True,
    )
    save(report, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
