"""The command line end to end on the sample corpus: demo, ingest then brief in every format."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html as lxml_html
from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def test_demo_prints_brief_and_writes_html(tmp_path: Path, corpus_dir: Path) -> None:
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["demo", "--html", str(out), "--corpus", str(corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "Corroborated facts" in result.output
    assert "Disputed figures" in result.output
    assert "independent sources" in result.output
    page = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    assert page.xpath("//script") == []
    assert "Continental Press" in page.text_content()


def test_ingest_then_brief_in_each_format(tmp_path: Path, corpus_dir: Path, gold: dict) -> None:
    db = tmp_path / "cli.db"
    result = runner.invoke(app, ["ingest", str(corpus_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    json_out = tmp_path / "brief.json"
    result = runner.invoke(app, ["brief", "--db", str(db), "-f", "json", "-o", str(json_out)])
    assert result.exit_code == 0, result.output
    data = json.loads(json_out.read_text(encoding="utf-8"))
    assert data["independent_source_count"] == gold["independent_sources_main_story"]
    assert {d["counted"] for d in data["disputed"]} >= {"homes flooded"}
    md = runner.invoke(app, ["brief", "--db", str(db), "-f", "md"])
    assert md.exit_code == 0 and md.output.lstrip().startswith("# Dam breach")


def test_brief_on_empty_store_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["brief", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 2
    assert "newsprism ingest" in result.output


def test_help_texts_explain_commands() -> None:
    for command in ([], ["ingest"], ["brief"], ["demo"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
    assert "independent sources" in runner.invoke(app, ["--help"]).output


def test_a_missing_nli_model_is_named_and_the_built_in_judge_decides(
    tmp_path: Path, corpus_dir: Path
) -> None:
    db = tmp_path / "cli.db"
    assert runner.invoke(app, ["ingest", str(corpus_dir), "--db", str(db)]).exit_code == 0
    missing = tmp_path / "no-such-model"
    out = tmp_path / "brief.json"
    args = ["brief", "--db", str(db), "--nli-model", str(missing), "-f", "json", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "no-such-model" in result.output  # the warning names the directory
    data = json.loads(out.read_text(encoding="utf-8"))
    [note] = data["judge_notes"]
    assert "no-such-model" in note and "built-in judge" in note
    assert data["corroborated"] and not any(
        "nli model" in f["decided_by"] for f in data["corroborated"]
    )
    help_text = runner.invoke(app, ["brief", "--help"]).output
    assert "--nli-model" in help_text and "NEWSPRISM_LLM_URL" in help_text
