"""`newsprism verify` end to end: a draft file against the sample corpus, in each format,
and the clear errors for a missing draft or missing sources."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html as lxml_html
from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def _said(result: object) -> str:
    """The output with the console's line wrapping undone."""
    return " ".join(getattr(result, "output", "").split())


DRAFT = (
    "# Dravsk flood\n\n"
    "About 1,200 residents were evacuated from Dravsk after the Stavets dam breached.\n\n"
    "Officials said 5,000 people were evacuated from the town.\n"
)


def test_verify_a_markdown_draft_against_sources(tmp_path: Path, corpus_dir: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, ["verify", str(draft), "--sources", str(corpus_dir), "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    statuses = {c["text"]: c["status"] for c in data["claims"]}
    supported = [t for t, s in statuses.items() if "1,200" in t]
    assert supported and all(statuses[t] == "supported" for t in supported)
    wrong = [c for c in data["claims"] if "5,000" in c["text"]]
    assert wrong and wrong[0]["status"] == "contradicted" and "number" in wrong[0]["differs"]
    assert 0 < data["score"] < 1 and data["independent_source_count"] >= 5

    # the same store, again, as HTML, with --strict failing on the wrong figure
    db = tmp_path / "store.db"
    assert runner.invoke(app, ["ingest", str(corpus_dir), "--db", str(db)]).exit_code == 0
    html_out = tmp_path / "report.html"
    strict = runner.invoke(
        app, ["verify", str(draft), "--db", str(db), "--strict", "-f", "html", "-o", str(html_out)]
    )
    assert strict.exit_code == 1, strict.output
    page = lxml_html.fromstring(html_out.read_text(encoding="utf-8"))
    assert page.xpath("//script") == []
    assert page.xpath("//span[contains(@class, 'c-contradicted')]")


def test_verify_errors_name_the_problem(tmp_path: Path, corpus_dir: Path) -> None:
    missing = runner.invoke(app, ["verify", str(tmp_path / "nope.md"), "--sources", "x"])
    assert missing.exit_code != 0 and "nope.md: no such file" in _said(missing)
    draft = tmp_path / "d.txt"
    draft.write_text("The dam breached.", encoding="utf-8")
    no_sources = runner.invoke(app, ["verify", str(draft)])
    assert no_sources.exit_code != 0 and "--sources PATH... or --story ID" in _said(no_sources)
    empty = runner.invoke(app, ["verify", str(draft), "--db", str(tmp_path / "empty.db")])
    assert empty.exit_code != 0 and "holds no articles" in _said(empty)
