"""The `newsprism` command line: ingest reports, brief a story, run the demo."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from newsprism import __version__
from newsprism.errors import NewsprismError
from newsprism.models import Brief, IngestOutcome, IngestStatus, Verification

if TYPE_CHECKING:
    from newsprism.llm import ChatClient
    from newsprism.nli import PairJudge
    from newsprism.pipeline import Analysis
    from newsprism.store import ArticleStore

app = typer.Typer(
    name="newsprism",
    help=(
        "Cross-check the news. Ingest every report of a story, then get a brief of what "
        "independent sources agree on, where they disagree, what rests on one source, "
        "and which reports are copies of each other."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

DEFAULT_DB = Path("newsprism.db")
DbOption = Annotated[
    Path,
    typer.Option("--db", help="SQLite file (or SQLAlchemy URL) where articles are stored."),
]


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class UnsupportedAction(StrEnum):
    """What becomes of a rewritten sentence the judge finds unsupported."""

    drop = "drop"
    flag = "flag"


RewriteOption = Annotated[
    bool,
    typer.Option(
        "--rewrite",
        help="Have the LLM at $NEWSPRISM_LLM_URL ($NEWSPRISM_LLM_MODEL) rewrite the narrative "
        "as fluent prose; every sentence it writes is checked against the sources it cites "
        "by the judge. Default: off; the narrative is made of source sentences, offline.",
    ),
]
UnsupportedOption = Annotated[
    UnsupportedAction,
    typer.Option(
        "--unsupported",
        help="With --rewrite: drop a sentence the judge finds unsupported (it is listed as "
        "dropped), or keep it flagged as unsupported.",
    ),
]


def _version(value: bool) -> None:
    if value:
        console.print(f"newsprism {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """newsprism: cross-check the news."""


@app.command()
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, globs (quote them), RSS/Atom feeds or URLs. "
            "Reads .html .htm .txt .md .json .jsonl and feeds (.xml .rss .atom).",
            show_default=False,
        ),
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Read reports into the article store.

    Each input is processed on its own: a bad one is reported in the closing table and
    the others are still stored. Re-ingesting the same content changes nothing. The exit
    code is 1 when any input failed.

    Example: newsprism ingest reports/ "archive/**/*.html" https://example.org/feed.xml
    """
    store = _open(db)
    try:
        outcomes = _ingest_with_progress(inputs, store)
        total = store.count()
    finally:
        store.close()
    _print_outcomes(outcomes)
    console.print(f"[dim]{total} articles in {db}[/dim]")
    if any(not o.ok for o in outcomes):
        raise typer.Exit(1)


@app.command()
def brief(
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="Output format.")
    ] = BriefFormat.md,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of the terminal."),
    ] = None,
    story: Annotated[
        str | None,
        typer.Option("--story", help="Story id (or prefix) to brief; default: the largest story."),
    ] = None,
    nli_model: Annotated[
        Path | None,
        typer.Option(
            "--nli-model",
            metavar="DIR",
            help="Judge agreement with a local NLI model directory (transformers or ONNX) "
            "instead of the built-in judge. Default: $NEWSPRISM_NLI_MODEL, else off.",
        ),
    ] = None,
    llm: Annotated[
        bool | None,
        typer.Option(
            "--llm/--no-llm",
            help="Ask the OpenAI-compatible endpoint in $NEWSPRISM_LLM_URL "
            "($NEWSPRISM_LLM_MODEL, $NEWSPRISM_LLM_API_KEY). Default: on when the URL is set.",
        ),
    ] = None,
    rewrite: RewriteOption = False,
    unsupported: UnsupportedOption = UnsupportedAction.drop,
) -> None:
    """Write the attributed brief of a story from the stored articles.

    Sections: a lede (what, where, when); the story so far, every sentence cited; facts
    independent sources agree on, with their count; disputed figures with who reported
    what; single-source claims; facts altered in copies; who said what; a timeline; people
    and organisations; and the numbered sources every \\[n] refers to, grouped by
    independence. `newsprism stories` lists the story ids.

    Every verdict says which signal decided it: a rule (numbers, dates, negation,
    antonyms, spelling), the built-in learned judge, or a configured NLI model or LLM. A
    configured judge that fails is named in the brief and the built-in judge takes over.

    The narrative is extractive and offline by default. With --rewrite an LLM rewrites it
    and the judge checks each sentence it writes; a writer that fails leaves the
    extractive narrative in place, with a note.
    """
    writer = _writer(rewrite)
    store = _open(db)
    try:
        if store.count() == 0:
            _fail(f"{db} holds no articles. Run `newsprism ingest PATH...` first.")
        analysis = _analyse(
            store, story, nli_model=nli_model, llm=llm, writer=writer, unsupported=unsupported
        )
    finally:
        store.close()
        if writer is not None:
            writer.close()
    _emit(analysis.brief, format, output)


@app.command()
def stories(db: DbOption = DEFAULT_DB) -> None:
    """List the stories in the store: each event with its reports and dates.

    Articles are grouped as they arrive; `newsprism brief --story ID` briefs one (an id
    prefix is enough). Reports placed by content alone (no usable date) are counted.
    """
    from newsprism.stories import update_story_index

    store = _open(db)
    try:
        articles = store.articles()
        if not articles:
            _fail(f"{db} holds no articles. Run `newsprism ingest PATH...` first.")
        index = update_story_index(store, articles)
    except NewsprismError as exc:
        _fail(str(exc))
    finally:
        store.close()
    by_id = {a.id: a for a in articles}
    flags = index.flags()
    table = Table(title=f"Stories in {db}", expand=False)
    table.add_column("Story", no_wrap=True)
    table.add_column("Title", overflow="fold")
    table.add_column("Reports", justify="right")
    table.add_column("Outlets", justify="right")
    table.add_column("Dates", no_wrap=True)
    table.add_column("Notes", overflow="fold")
    for story in index.stories():
        members = [by_id[i] for i in story.article_ids if i in by_id]
        dates = sorted(a.published for a in members if a.published)
        span = ""
        if dates:
            first, last = dates[0].date().isoformat(), dates[-1].date().isoformat()
            span = first if first == last else f"{first} – {last}"
        undated = sum(1 for a in members if a.id in flags)
        table.add_row(
            story.id,
            story.title,
            str(len(members)),
            str(len({a.outlet for a in members})),
            span,
            f"{undated} placed by content" if undated else "",
        )
    console.print(table)


@app.command()
def verify(
    draft: Annotated[
        str,
        typer.Argument(
            help="The draft to check: a .txt, .md or .html file, or - to read stdin.",
            show_default=False,
        ),
    ],
    sources: Annotated[
        list[str] | None,
        typer.Option(
            "--sources",
            "-s",
            help="Reports to check against (files, folders, globs, feeds, URLs); repeat "
            "the option for several. Read into a throwaway store unless --db is given.",
            show_default=False,
        ),
    ] = None,
    story: Annotated[
        str | None,
        typer.Option(help="Check against this stored story (id or prefix) instead."),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            help="Article store to use (SQLite file or SQLAlchemy URL). Default: "
            "newsprism.db with --story, a throwaway store with --sources.",
            metavar="<path>",
        ),
    ] = None,
    format: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="Report format.")
    ] = BriefFormat.md,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file.", metavar="<path>"),
    ] = None,
    nli_model: Annotated[
        Path | None,
        typer.Option(
            help="Judge with a local NLI model directory (transformers or ONNX).",
            metavar="DIR",
        ),
    ] = None,
    llm: Annotated[
        bool | None,
        typer.Option(
            "--llm/--no-llm",
            help="Judge with the OpenAI-compatible LLM at $NEWSPRISM_LLM_URL. Default: on "
            "when the URL is set.",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(help="Exit with code 1 when any claim is contradicted or not found."),
    ] = False,
) -> None:
    """Check a draft, such as an AI-written summary, claim by claim against the sources.

    Each sentence of the draft is split into atomic claims. Every claim is reported as
    supported (with the supporting sentences, outlets and how many independent sources),
    contradicted (with the conflicting sentence and what differs: number, date, person,
    negation, attribution) or not found, each with a confidence. The draft gets a score:
    the supported share of its claims.

    Examples: newsprism verify summary.md --sources reports/ ;
    newsprism verify draft.html --story s-6d3e -f html -o check.html
    """
    if not sources and story is None and db is None:
        _fail("Give the sources to check against: --sources PATH... or --story ID.")
    text = _draft_text(draft)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="newsprism-") as scratch:
        where = (
            db if db is not None else (DEFAULT_DB if sources is None else Path(scratch) / "s.db")
        )
        store = _open(where)
        try:
            if sources:
                failed = [
                    o
                    for o in _ingest_with_progress(sources, store)
                    if o.status is IngestStatus.FAILED
                ]
                if failed:
                    _print_outcomes(failed)
            if store.count() == 0:
                _fail(f"{where} holds no articles to check the draft against.")
            analysis = _analyse(store, story, nli_model=nli_model, llm=llm)
        finally:
            store.close()
    from newsprism.verification import verify_draft

    try:
        verification = verify_draft(text, analysis)
    except NewsprismError as exc:
        _fail(str(exc))
    for note in verification.notes:
        err_console.print(f"[yellow]note: {escape(note)}[/yellow]")
    _emit_verification(verification, format, output)
    failing = [c for c in verification.claims if c.status != "supported"]
    if strict and failing:
        raise typer.Exit(1)


def _draft_text(draft: str) -> str:
    """The draft as plain text; a missing or unreadable file is a clear error."""
    from newsprism.verification import read_draft

    if draft == "-":
        return read_draft(sys.stdin.read())
    path = Path(draft)
    if not path.is_file():
        _fail(f"draft {draft}: no such file (give a .txt, .md or .html file, or - for stdin)")
    try:
        return read_draft(path)
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"draft {draft}: cannot read it ({exc})")
    except NewsprismError as exc:
        _fail(f"draft {draft}: {exc}")


def _emit_verification(
    verification: Verification, format: BriefFormat, output: Path | None
) -> None:
    from newsprism.verification import render_html, render_json, render_markdown

    renderers = {
        BriefFormat.md: render_markdown,
        BriefFormat.html: render_html,
        BriefFormat.json: render_json,
    }
    _write(renderers[format](verification), format, output, "Report")


@app.command()
def demo(
    corpus: Annotated[
        Path | None,
        typer.Option(help="Folder of reports to use instead of the bundled sample corpus."),
    ] = None,
    html: Annotated[Path, typer.Option("--html", help="Where to write the HTML brief.")] = Path(
        "brief.html"
    ),
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Keep the demo's articles in this SQLite file (default: temporary)."
        ),
    ] = None,
    rewrite: RewriteOption = False,
    unsupported: UnsupportedOption = UnsupportedAction.drop,
) -> None:
    """Run the whole job on the bundled sample corpus (a fictional dam breach).

    Ingests the corpus, prints the Markdown brief and writes the HTML brief.
    """
    import tempfile

    from newsprism.brief import render_html

    folder = corpus or _sample_corpus()
    writer = _writer(rewrite)
    with tempfile.TemporaryDirectory(prefix="newsprism-demo-") as tmp:
        store = _open(db or Path(tmp) / "demo.db")
        try:
            _print_outcomes(_ingest_with_progress([str(folder)], store))
            analysis = _analyse(store, None, writer=writer, unsupported=unsupported)
        finally:
            store.close()
            if writer is not None:
                writer.close()
    _emit(analysis.brief, BriefFormat.md, None)
    html.write_text(render_html(analysis.brief), encoding="utf-8")
    console.print(f"\n[bold green]HTML brief written to {html}[/bold green]")


def _sample_corpus() -> Path:
    here = Path(__file__).resolve().parent.parent / "examples" / "dravsk-flood"
    if not here.is_dir():
        _fail(f"sample corpus not found at {here}; pass --corpus FOLDER")
    return here


def _ingest_with_progress(inputs: Sequence[str], store: ArticleStore) -> list[IngestOutcome]:
    from newsprism.ingest import ingest as run_ingest

    with _progress() as progress:
        task = progress.add_task("Ingesting", total=None)

        def tick(outcome: IngestOutcome) -> None:
            progress.update(task, advance=1, description=f"Ingesting {_short(outcome.input)}")

        return run_ingest(inputs, store, on_progress=tick)


def _writer(rewrite: bool) -> ChatClient | None:
    """The LLM that rewrites the narrative, when asked for; a missing or broken endpoint
    configuration stops here, before any work, because the user asked for it."""
    if not rewrite:
        return None
    from newsprism.llm import ChatClient

    if not os.environ.get("NEWSPRISM_LLM_URL", "").strip():
        _fail(
            "--rewrite needs an OpenAI-compatible endpoint: set NEWSPRISM_LLM_URL (e.g. "
            "http://127.0.0.1:8000/v1) and NEWSPRISM_LLM_MODEL. Without --rewrite the "
            "narrative stays extractive and offline."
        )
    try:
        return ChatClient.from_env()
    except NewsprismError as exc:
        _fail(f"--rewrite: {exc}")


def _analyse(
    store: ArticleStore,
    story: str | None,
    *,
    nli_model: Path | None = None,
    llm: bool | None = None,
    writer: ChatClient | None = None,
    unsupported: UnsupportedAction = UnsupportedAction.drop,
) -> Analysis:
    import warnings

    from newsprism.nli import JudgeFallbackWarning, load_judge

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JudgeFallbackWarning)  # shown below and in the brief
        try:
            judge = load_judge(nli_model=nli_model, use_llm=llm)
        except NewsprismError as exc:
            _fail(str(exc))
        analysis = _run_analysis(store, story, judge, writer, unsupported)
    for problem in analysis.brief.judge_notes:
        console.print(f"[yellow]judge: {escape(problem)}[/yellow]")
    if writer is not None:
        for note in analysis.brief.narrative.notes:
            console.print(f"[yellow]writer: {escape(note)}[/yellow]")
    return analysis


def _run_analysis(
    store: ArticleStore,
    story: str | None,
    judge: PairJudge,
    writer: ChatClient | None = None,
    unsupported: UnsupportedAction = UnsupportedAction.drop,
) -> Analysis:
    from newsprism.pipeline import analyze_store

    try:
        with _progress() as progress:
            tasks: dict[str, TaskID] = {}

            def report(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=total)
                progress.update(tasks[stage], completed=done, total=total)

            return analyze_store(
                store,
                story_id=story,
                progress=report,
                pair_judge=judge,
                writer=writer,
                unsupported="flag" if unsupported is UnsupportedAction.flag else "drop",
            )
    except NewsprismError as exc:
        _fail(str(exc))


def _emit(brief_data: Brief, format: BriefFormat, output: Path | None) -> None:
    from newsprism.brief import render_html, render_json, render_markdown

    renderers = {
        BriefFormat.md: render_markdown,
        BriefFormat.html: render_html,
        BriefFormat.json: render_json,
    }
    _write(renderers[format](brief_data), format, output, "Brief")


def _write(text: str, format: BriefFormat, output: Path | None, what: str) -> None:
    """To ``output``, else Markdown rendered in a terminal, else the text as is (pipes)."""
    if output is not None:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"[green]{what} written to {output}[/green]")
    elif format is BriefFormat.md and console.is_terminal:
        console.print(Markdown(text))
    else:
        sys.stdout.write(text)


def _open(db: Path) -> ArticleStore:
    from newsprism.store import open_store

    try:
        return open_store(db)
    except NewsprismError as exc:
        _fail(str(exc))


@contextmanager
def _progress() -> Iterator[Progress]:
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    with progress:
        yield progress


def _print_outcomes(outcomes: Sequence[IngestOutcome]) -> None:
    table = Table(title="Ingest summary", show_lines=False, expand=False)
    table.add_column("Input", overflow="fold")
    table.add_column("Status")
    table.add_column("Outlet / problem", overflow="fold")
    styles = {
        IngestStatus.STORED: "green",
        IngestStatus.ALREADY_STORED: "cyan",
        IngestStatus.SKIPPED: "yellow",
        IngestStatus.FAILED: "bold red",
    }
    for outcome in outcomes:
        if outcome.status is IngestStatus.FAILED:
            # The message names the input for logs; the table already shows it in column one.
            detail = (outcome.message or "").removeprefix(f"{outcome.input}: ")
        else:
            detail = (outcome.outlet or "") + (f" — {outcome.message}" if outcome.message else "")
        table.add_row(
            _display(outcome.input),
            f"[{styles[outcome.status]}]{outcome.status}[/]",
            detail or "",
        )
    counts = {status: sum(o.status is status for o in outcomes) for status in IngestStatus}
    table.caption = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    err_console.print(table)


def _display(label: str) -> str:
    """Paths relative to the working directory, or folder/name when outside it; URLs as given."""
    if "://" in label:
        return label
    relative = os.path.relpath(label)
    if not relative.startswith(".."):
        return relative
    path = Path(label)
    return str(Path(path.parent.name) / path.name)


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1) :]


def _fail(message: str) -> NoReturn:
    err_console.print(f"[bold red]error:[/bold red] {message}")
    raise typer.Exit(2)


if __name__ == "__main__":  # pragma: no cover
    app()
