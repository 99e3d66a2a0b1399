"""Score article-body extraction on the Zyte article-extraction benchmark.

    python bench/extraction.py [DATA_DIR]

DATA_DIR defaults to ``../shared/benchmarks/article-extraction-benchmark`` next to the repo.
If it is absent the script says so and exits 0. The benchmark data is read in place, never
copied into the repository.

Systems, run in this process on the same 181 pages:

* ``trafilatura-default``: plain ``trafilatura.extract(html)`` with default settings (the
  published bar);
* ``newsprism``: :func:`newsprism.ingest._html.extract_text_only`, our full HTML clean-up.

Metric (as the benchmark README describes it): tokens are ``\\w+`` matches; each text
becomes a multiset of word 4-grams; per page TP = overlap, FP = predicted only, FN = gold
only (with multiplicities), normalised to sum to 1; precision TP/(TP+FP) and recall
TP/(TP+FN) per page, both 1 when FP = FN = 0 and skipped when undefined; P and R are
macro-averaged and F1 is the harmonic mean of the two averages. Accuracy is the share of
pages whose token sequence equals the gold one. The implementation is checked against
the published figures of the stored ``reference-outputs`` (trafilatura 2.0.0:
F1 0.958, P 0.938, R 0.978) and that check is part of the output.

Results go to ``bench/results/extraction.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import platform
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction-benchmark"
RESULTS = REPO / "bench" / "results" / "extraction.json"
BENCHMARK = "scrapinghub/article-extraction-benchmark (181 pages)"

if str(REPO) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO))

from bench._results import save  # noqa: E402

#: Published F1 / precision / recall (benchmark README, latest run) of stored outputs.
PUBLISHED: dict[str, tuple[float, float, float]] = {
    "trafilatura": (0.958, 0.938, 0.978),
    "go_trafilatura": (0.960, 0.940, 0.980),
    "readability_js": (0.947, 0.914, 0.982),
    "goose3": (0.896, 0.940, 0.856),
    "readability": (0.922, 0.913, 0.931),
    "justext": (0.804, 0.858, 0.756),
    "html-text": (0.665, 0.500, 0.994),
}

_TOKEN = re.compile(r"\w+")
SHINGLE = 4
BOOTSTRAP_RESAMPLES = 1000


# ----------------------------------------------------------------------------- metric


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def shingles(words: list[str], n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than n words has none."""
    return Counter(tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1)))


@dataclass(frozen=True)
class PageScore:
    precision: float | None  # None when undefined (no predicted shingles, some gold ones)
    recall: float | None
    exact: bool


def score_page(gold: str, predicted: str) -> PageScore:
    gold_words, predicted_words = tokens(gold), tokens(predicted)
    gold_set, predicted_set = shingles(gold_words), shingles(predicted_words)
    counts = (
        sum((gold_set & predicted_set).values()),
        sum((predicted_set - gold_set).values()),
        sum((gold_set - predicted_set).values()),
    )
    total = sum(counts)
    # per-document normalisation: every page weighs the same
    tp, fp, fn = (c / total for c in counts) if total else (0.0, 0.0, 0.0)
    exact = gold_words == predicted_words
    if fp == 0 and fn == 0:
        return PageScore(1.0, 1.0, exact)
    precision = tp / (tp + fp) if tp + fp > 0 else None
    recall = tp / (tp + fn) if tp + fn > 0 else None
    return PageScore(precision, recall, exact)


@dataclass(frozen=True)
class Scores:
    f1: float
    precision: float
    recall: float
    accuracy: float
    f1_std: float  # bootstrap standard deviation over pages
    pages: int


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _aggregate(pages: list[PageScore]) -> tuple[float, float, float]:
    precision = _mean([p.precision for p in pages if p.precision is not None])
    recall = _mean([p.recall for p in pages if p.recall is not None])
    return _f1(precision, recall), precision, recall


def score_all(gold: Mapping[str, str], predicted: Mapping[str, str]) -> Scores:
    pages = [score_page(gold[key], predicted.get(key) or "") for key in sorted(gold)]
    f1, precision, recall = _aggregate(pages)
    rng = random.Random(0)
    samples = [_aggregate(rng.choices(pages, k=len(pages)))[0] for _ in range(BOOTSTRAP_RESAMPLES)]
    mean = _mean(samples)
    std = (_mean([(s - mean) ** 2 for s in samples])) ** 0.5
    accuracy = sum(p.exact for p in pages) / len(pages) if pages else 0.0
    return Scores(f1, precision, recall, accuracy, std, len(pages))


# ----------------------------------------------------------------------------- data


def load_gold(data_dir: Path) -> dict[str, str]:
    raw = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: value.get("articleBody") or "" for key, value in raw.items()}


def load_html(data_dir: Path, key: str) -> str:
    with gzip.open(data_dir / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as handle:
        return handle.read()


def load_reference(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("output"), dict):
        data = data["output"]
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = value.get("articleBody")
        out[key] = value if isinstance(value, str) else ""
    return out


def reference_check(data_dir: Path, gold: Mapping[str, str]) -> dict[str, Any]:
    """Score the stored reference outputs and compare with the published figures."""
    systems: dict[str, Any] = {}
    for name, published in PUBLISHED.items():
        path = data_dir / "reference-outputs" / f"{name}.json"
        if not path.exists():
            continue
        scores = score_all(gold, load_reference(path))
        measured = (round(scores.f1, 3), round(scores.precision, 3), round(scores.recall, 3))
        systems[name] = {
            "published": dict(zip(("f1", "precision", "recall"), published, strict=True)),
            "measured": dict(zip(("f1", "precision", "recall"), measured, strict=True)),
            "match": measured == published,
        }
    primary = systems.get("trafilatura", {})
    return {
        "description": "stored reference outputs scored with this script vs the benchmark "
        "README's published F1/P/R, to three decimals",
        "trafilatura_2_0_0_match": bool(primary.get("match")),
        "all_match": bool(systems) and all(s["match"] for s in systems.values()),
        "systems": systems,
    }


# ----------------------------------------------------------------------------- systems


def run_system(
    extract: Callable[[str], str], htmls: Mapping[str, str]
) -> tuple[dict[str, str], float, int]:
    """Predictions, seconds spent extracting, pages where the extractor raised."""
    predicted: dict[str, str] = {}
    failures = 0
    start = time.perf_counter()
    for key, html in htmls.items():
        try:
            predicted[key] = extract(html) or ""
        except Exception:  # a crash on one page scores as an empty prediction
            failures += 1
            predicted[key] = ""
    return predicted, time.perf_counter() - start, failures


def systems() -> dict[str, Callable[[str], str]]:
    import trafilatura

    from newsprism.ingest._html import extract_text_only

    def plain(html: str) -> str:
        return trafilatura.extract(html) or ""

    return {"trafilatura-default": plain, "newsprism": extract_text_only}


# ----------------------------------------------------------------------------- output


def print_table(results: Mapping[str, Mapping[str, Any]], check: Mapping[str, Any]) -> None:
    header = ("system", "F1", "± std", "precision", "recall", "accuracy", "pages/s", "errors")
    rows = [
        (
            name,
            f"{r['f1']:.4f}",
            f"{r['f1_std']:.4f}",
            f"{r['precision']:.4f}",
            f"{r['recall']:.4f}",
            f"{r['accuracy']:.4f}",
            f"{r['pages_per_second']:.1f}",
            str(r["errors"]),
        )
        for name, r in results.items()
    ]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is a dependency, but stay usable without
        widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
        for row in (header, *rows):
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    else:
        table = Table(title=f"Article extraction: {BENCHMARK}")
        for i, column in enumerate(header):
            table.add_column(column, justify="left" if i == 0 else "right")
        for row in rows:
            table.add_row(*row)
        Console(width=max(100, Console().width)).print(table)
    ref = check.get("systems", {}).get("trafilatura")
    if ref:
        status = "reproduced" if ref["match"] else "NOT reproduced"
        m = ref["measured"]
        print(
            f"metric check: reference trafilatura 2.0.0 output scores F1 {m['f1']:.3f} / "
            f"P {m['precision']:.3f} / R {m['recall']:.3f} (published 0.958 / 0.938 / 0.978): "
            f"{status}; all {len(check['systems'])} stored reference outputs match: "
            f"{check['all_match']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args(argv)
    data_dir: Path = args.data_dir.resolve()
    if not (data_dir / "ground-truth.json").is_file() or not (data_dir / "html").is_dir():
        print(f"skipped: benchmark data not found at {data_dir}")
        return 0

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    import trafilatura

    gold = load_gold(data_dir)
    htmls = {key: load_html(data_dir, key) for key in sorted(gold)}
    check = reference_check(data_dir, gold)

    results: dict[str, dict[str, Any]] = {}
    for name, extract in systems().items():
        predicted, seconds, errors = run_system(extract, htmls)
        scores = score_all(gold, predicted)
        results[name] = {
            **asdict(scores),
            "seconds": round(seconds, 3),
            "pages_per_second": round(len(htmls) / seconds, 2) if seconds else None,
            "errors": errors,
        }

    print_table(results, check)
    report = {
        "benchmark": BENCHMARK,
        "data_dir": str(data_dir),
        "command": " ".join(["python", "bench/extraction.py", *(argv or sys.argv[1:])]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "trafilatura_version": trafilatura.__version__,
        "systems": results,
        "reference_check": check,
    }
    save(report, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
