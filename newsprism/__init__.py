"""newsprism: cross-check the news.

Public API::

    import newsprism
    brief = newsprism.analyze(["reports/"])          # -> newsprism.Brief
    print(newsprism.render_markdown(brief))
    checked = newsprism.verify("draft.md", ["reports/"])  # -> newsprism.Verification

Stages (each a module with a few plain functions over :mod:`newsprism.models`):
ingest -> dedup -> extract -> align -> judge -> brief. See docs/architecture.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newsprism.brief import render_html, render_json, render_markdown
    from newsprism.models import Brief, Verification
    from newsprism.pipeline import Analysis, analyze, verify

__all__ = [
    "Analysis",
    "Brief",
    "Verification",
    "__version__",
    "analyze",
    "render_html",
    "render_json",
    "render_markdown",
    "verify",
]

# Heavy dependencies (torch, spaCy) load on first use, so `newsprism --help` stays fast.
_LAZY = {
    "analyze": "newsprism.pipeline",
    "Analysis": "newsprism.pipeline",
    "Brief": "newsprism.models",
    "verify": "newsprism.pipeline",
    "Verification": "newsprism.models",
    "render_markdown": "newsprism.brief",
    "render_html": "newsprism.brief",
    "render_json": "newsprism.brief",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsprism' has no attribute {name!r}")
