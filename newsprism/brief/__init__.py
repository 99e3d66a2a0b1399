"""Brief stage: build the attributed brief and render it as Markdown, HTML or JSON."""

from newsprism.brief._build import build_brief, number_sources
from newsprism.brief._render import render_html, render_json, render_markdown
from newsprism.brief._rewrite import rewrite_narrative

__all__ = [
    "build_brief",
    "number_sources",
    "render_html",
    "render_json",
    "render_markdown",
    "rewrite_narrative",
]
