"""SummEdits (news): is a short summary consistent with its article? Checked by verify.

    python bench/summedits.py [DATA_DIR] [--split evaluation|test|all] [--dump FILE]

DATA_DIR defaults to ../shared/benchmarks beside the repository; the script skips (exit 0)
when ``summedits-news/summedits_news.json`` is not there. Each sample is (doc, summary,
label: 1 consistent, 0 inconsistent). The article is the single source: it is read by the
extract stage, its names resolved into entities and its sentences embedded once per run
(25 distinct articles), as
:func:`newsprism.verification._check.prepare_sources` does for a story, and each summary goes
through :func:`newsprism.verification._check.check_draft`, the code path of
:func:`newsprism.verification.verify_draft`, with the built-in learned judge (environment
judges are ignored: the figure is for the offline default). A summary is predicted
consistent when its consistency, the lowest support any of its claims gets (see
:func:`consistency`), reaches the threshold.

The threshold (and every setting of the verify code) was chosen on the ``evaluation``
split (133 samples) only; ``test`` (686) and all 819 are scored once with it. Reports
balanced accuracy (the metric of the published table), recall per edit type (the
GPT-4-predicted ``edit_types`` of the inconsistent summaries; "none given" for those
without), and seconds per sample. Writes bench/results/summedits.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._results import peak_rss_mib, save  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks"
FILE = Path("summedits-news") / "summedits_news.json"
RESULTS = ROOT / "bench" / "results" / "summedits.json"
# Balanced accuracy %, news column of the factualNLG README (see the data set's README).
PUBLISHED = {
    "GPT-4": 83.3,
    "Gemini-pro": 77.6,
    "Claude v2.1": 77.2,
    "ChatGPT": 74.4,
    "QAFactEval": 74.4,
    "SummaC-Conv": 61.9,
    "DAE": 60.9,
}
# Chosen on the evaluation split: balanced accuracy there is 82.3-83.3 for any threshold
# from 0.6 to 0.92 (81.9 at 0.5, the judge's own support threshold); 0.7 sits inside the
# 83.3 plateau (0.6-0.73) rather than on its edge (0.7327, the single best point).
THRESHOLD = 0.7


def log(message: str) -> None:
    print(message, flush=True)


def consistency(claims: Sequence[Any]) -> float:
    """How well the worst-supported claim of a summary is supported, 0..1: a supported
    claim's confidence; for a claim that is not, what is left of it (contradicted 0.9
    leaves 0.1). A summary with no claim to check is not consistent."""
    if not claims:
        return 0.0
    scores = [c.confidence if c.status == "supported" else 1.0 - c.confidence for c in claims]
    return min(scores)


def balanced_accuracy(gold: Sequence[int], predicted: Sequence[int]) -> float:
    recalls = []
    for label in (0, 1):
        rows = [p == g for g, p in zip(gold, predicted, strict=True) if g == label]
        if rows:
            recalls.append(sum(rows) / len(rows))
    return sum(recalls) / len(recalls) if recalls else 0.0


def score(samples: Sequence[dict[str, Any]], threshold: float) -> dict[str, Any]:
    gold = [s["label"] for s in samples]
    predicted = [int(s["consistency"] >= threshold) for s in samples]
    by_type: dict[str, list[bool]] = {}
    for sample, p in zip(samples, predicted, strict=True):
        if sample["label"] == 1:
            by_type.setdefault("consistent (label 1)", []).append(p == 1)
            continue
        for kind in sample["edit_types"] or ["none given"]:
            by_type.setdefault(kind, []).append(p == 0)
    return {
        "samples": len(samples),
        "balanced_accuracy": round(100 * balanced_accuracy(gold, predicted), 1),
        "accuracy": round(100 * sum(g == p for g, p in zip(gold, predicted, strict=True))
                          / max(1, len(gold)), 1),
        "recall": {
            kind: {"recall": round(100 * sum(hits) / len(hits), 1), "samples": len(hits)}
            for kind, hits in sorted(by_type.items())
        },
    }  # fmt: skip


def tune(samples: Sequence[dict[str, Any]]) -> float:
    """The threshold with the best balanced accuracy on ``samples`` (the evaluation
    split); ties go to the one nearest 0.5, the judge's own support threshold."""
    candidates = sorted({round(s["consistency"], 4) for s in samples} | {0.5})
    best = max(
        candidates,
        key=lambda t: (
            balanced_accuracy(
                [s["label"] for s in samples], [int(s["consistency"] >= t) for s in samples]
            ),
            -abs(t - 0.5),
        ),
    )
    return float(best)


def run(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from newsprism.embed import default_embedder
    from newsprism.extract import extract_article, resolve_entities
    from newsprism.models import Article
    from newsprism.nli.learned import LearnedJudge
    from newsprism.verification._check import check_draft, prepare_sources

    embedder = default_embedder()
    judge = LearnedJudge(embedder)
    prepared: dict[str, Any] = {}
    out = []
    started = time.perf_counter()
    for n, sample in enumerate(data, start=1):
        doc = sample["doc"]
        t0 = time.perf_counter()
        if doc not in prepared:
            article_id = hashlib.sha1(doc.encode()).hexdigest()[:16]
            article = Article(article_id, article_id, "", doc, "article")
            extracted = extract_article(article)
            prepared[doc] = prepare_sources(
                [extracted],
                entities=resolve_entities(extracted.mentions),
                title="article",
                embedder=embedder,
            )
        verification = check_draft(sample["summary"], prepared[doc], embedder=embedder,
                                   pair_judge=judge)  # fmt: skip
        out.append(
            {
                "id": sample["id"],
                "split": sample["split"],
                "label": int(sample["label"]),
                "edit_types": list(sample.get("edit_types") or []),
                "summary": sample["summary"],
                "consistency": round(consistency(verification.claims), 4),
                "seconds": time.perf_counter() - t0,
                "claims": [
                    {
                        "text": c.text,
                        "status": c.status,
                        "confidence": c.confidence,
                        "decided_by": c.decided_by,
                        "reason": c.reason,
                        "differs": c.differs,
                    }
                    for c in verification.claims
                ],
            }
        )
        if n % 100 == 0:
            log(f"  {n}/{len(data)} samples, {time.perf_counter() - started:.0f} s")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("evaluation", "test", "all"), default="all",
                        help="run only this split (evaluation: for iterating on the verify "
                             "code; the results file is written only for all)")  # fmt: skip
    parser.add_argument("--dump", type=Path, help="write every sample's claims here (JSON)")
    args = parser.parse_args(argv)
    path = args.data_dir / FILE
    if not path.exists():
        log(f"skipped: {path} not found (SummEdits news is not in {args.data_dir})")
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    if args.split != "all":
        data = [s for s in data if s["split"] == args.split]
    log(f"SummEdits news: {len(data)} samples, {len({s['doc'] for s in data})} articles")
    started = time.perf_counter()
    samples = run(data)
    seconds = time.perf_counter() - started
    if args.dump:
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        args.dump.write_text(json.dumps(samples, indent=1, ensure_ascii=False), encoding="utf-8")
    evaluation = [s for s in samples if s["split"] == "evaluation"]
    test = [s for s in samples if s["split"] == "test"]
    tuned = tune(evaluation) if evaluation else THRESHOLD
    report: dict[str, Any] = {
        "benchmark": "summedits-news",
        "what": "summary vs its article: consistent iff every claim of the summary is "
        "supported (newsprism.verification, built-in learned judge, offline, CPU)",
        "metric": "balanced accuracy %, threshold chosen on the evaluation split only",
        "threshold": THRESHOLD,
        "threshold_tuned_on_evaluation": tuned,
        "evaluation": score(evaluation, THRESHOLD) if evaluation else None,
        "test": score(test, THRESHOLD) if test else None,
        "all": score(samples, THRESHOLD),
        "published_news_balanced_accuracy": PUBLISHED,
        "goal": "balanced accuracy >= 75 on test, offline on CPU",
        "seconds": round(seconds, 1),
        "seconds_per_sample": round(seconds / max(1, len(samples)), 3),
        "seconds_per_sample_warm_median": round(
            sorted(s["seconds"] for s in samples)[len(samples) // 2], 3
        ),
        "settings": SETTINGS,
        "caveat": "the evaluation split holds only 4 of the 25 articles, so settings chosen "
        "on it generalise poorly: compare the consistent (label 1) recall on evaluation "
        "and test. Every rule catches more inconsistent test summaries than it did on "
        "evaluation's terms, but also flags faithful paraphrases the evaluation articles "
        "did not contain; test errors were not inspected, to keep test a clean measure",
        "peak_rss_mib": peak_rss_mib(),
        "command": "python bench/summedits.py " + " ".join(sys.argv[1:]),
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {platform.system()}, python {platform.python_version()}",
    }
    for name in ("evaluation", "test", "all"):
        if report[name]:
            log(f"{name}: balanced accuracy {report[name]['balanced_accuracy']} "
                f"({report[name]['samples']} samples)")  # fmt: skip
    log(f"threshold {THRESHOLD} (best on evaluation: {tuned}); "
        f"{report['seconds_per_sample']} s per sample")  # fmt: skip
    if args.split == "all":
        save(report, RESULTS)
    return 0


# What the verify code uses and why; every choice was made on the evaluation split only.
SETTINGS: dict[str, Any] = {
    "threshold": "0.7 on the lowest claim support of a summary: inside the plateau "
    "(0.6-0.73 all give the best balanced accuracy on evaluation), not its edge",
    "retrieval": "top 6 distinct source sentences or clauses per claim (cosine + 0.15 for "
    "shared names by sound skeleton + 0.1 for a shared figure), checked together by "
    "check_statement; more lets an unrelated sentence's date or figure excuse a wrong one",
    "claims": "the extract stage's atomic units: sentences, split into clauses where a "
    "sentence states several facts; pieces under 3 words are not checked",
    "judge": "the built-in learned judge (newsprism.nli.LearnedJudge), support at 0.5",
    "rules added to check_statement while iterating on evaluation": [
        "names: every word capitalised mid-sentence must be named in the evidence (NER "
        "missed 'UFO Media'), with abbreviations read as one word and a few country "
        "aliases ('U.K.' for London/British)",
        "numbers outside figures and dates ('fourth quarter', 'SARS-CoV-4') must occur in "
        "the evidence",
        "spans of time compare their counts ('32 years ago' vs '35 years ago')",
        "a month or year that none of the evidence's dates falls in is a contradiction",
        "a generic source ('the company said') is not checked against the evidence's named source",
        "a negation/antonym flip is no contradiction when another evidence sentence says "
        "the same with the statement's polarity",
        "a swapped term of a closed class (colour, title, charge, family tie, unit of "
        "time: 'white' paint for 'blue', 'CEO' for 'founder', murder for manslaughter, "
        "'one-month' for 'one-year') is a contradiction unless another evidence sentence "
        "gives the statement's own term",
        "an opposite standing in its counterpart's place, with the same content word "
        "beside it ('financially thriving' for 'financially struggling'), is a "
        "contradiction, from the antonym list and a broader list of news contrasts",
    ],
}

if __name__ == "__main__":
    raise SystemExit(main())
