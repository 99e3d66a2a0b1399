"""Verify stage: a draft (an AI summary, a reporter's copy) checked claim by claim against
its sources, and the reports of it (Markdown, JSON, HTML)."""

from __future__ import annotations

from newsprism.verification._check import read_draft, verify_draft
from newsprism.verification._render import render_html, render_json, render_markdown

__all__ = [
    "read_draft",
    "render_html",
    "render_json",
    "render_markdown",
    "verify_draft",
]
