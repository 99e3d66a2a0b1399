"""What every benchmark script shares: writing its results file, reading peak memory, and
the bundled sample corpus as stored articles."""

from __future__ import annotations

import json
import platform
import resource
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "examples" / "dravsk-flood"


def sample_articles() -> list[Any]:
    """The sample corpus, ingested the way a user would, into a throwaway store."""
    import tempfile

    from newsprism.ingest import ingest
    from newsprism.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "sample.db")
        try:
            ingest([str(SAMPLE_CORPUS)], store)
            return store.articles()
        finally:
            store.close()


def save(report: dict[str, Any], path: Path) -> None:
    """Write ``report`` as indented JSON (the committed bench/results file) and say where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    shown = path.resolve()
    print(f"wrote {shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown}")


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process (or, with RUSAGE_CHILDREN, its largest child)."""
    scale = 1024 if platform.system() != "Darwin" else 1024 * 1024  # ru_maxrss is KiB on Linux
    return round(resource.getrusage(who).ru_maxrss / scale, 1)
