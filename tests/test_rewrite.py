"""LLM rewriting of the narrative: every generated sentence checked against its sources.

The narrative is made by hand from real sample-corpus sentences, the check is the
pipeline's (real extractor, embedder and learned judge), and the LLM is a stub
OpenAI-compatible server on loopback whose answer each test sets.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _chat_stub import ChatStub, ChatStubHandler, serving
from test_support import source
from typer.testing import CliRunner

from newsprism.brief import rewrite_narrative
from newsprism.brief._rewrite import parse_rewrite, writer_prompt
from newsprism.cli import app
from newsprism.errors import LLMBackendError
from newsprism.llm import ChatClient
from newsprism.models import BriefCitation, BriefNarrative, BriefSentence

DEATHS = "Three people died in the flooding, police said, and 17 people were in hospital."
MIDDAY = "About 1,200 residents had been evacuated by midday, according to the regional"
MAYOR = "The mayor of Dravsk, Nadia Sorokina, said on Tuesday night that nearly 450 homes"
RED_CROSS = "Marta Wiśniewska, director of the Velesian Red Cross in the Polesk region, said"
LEDE = "A reservoir dam on the Lesna river in western Velesia breached before dawn on Tuesday"

# --------------------------------------------------------------------------- stub LLM


class StubServer(ChatStub):
    status = 200
    content: str | None = ""


class StubHandler(ChatStubHandler):
    """Answers ``server.content`` (None: echo the prompt's sentences)."""

    server: StubServer

    def answer(self, body: dict[str, Any]) -> None:
        if self.server.status != 200:
            self.send_json(self.server.status, b'{"error": "model crashed"}')
            return
        content = self.server.content
        if content is None:
            content = _echo(body["messages"][-1]["content"])
        self.reply(content)


def _echo(prompt: str) -> str:
    """The prompt's own marked sentences, one paragraph per input paragraph."""
    paragraphs: list[list[str]] = []
    for line in prompt.splitlines():
        if line.startswith("Paragraph "):
            paragraphs.append([])
        elif line.startswith("- ") and paragraphs:
            paragraphs[-1].append(line[2:])
    return "\n\n".join(" ".join(p) for p in paragraphs)


@pytest.fixture()
def llm_server() -> Iterator[StubServer]:
    with serving(StubServer, StubHandler) as server:
        yield server


def _url(server: StubServer) -> str:
    return server.base_url


# --------------------------------------------------------------------------- narrative


class Story:
    """A hand-made extractive narrative over real corpus sentences, source numbers by
    article in order of citation."""

    def __init__(self, analysis: Any) -> None:
        self.analysis = analysis
        self.numbers: dict[str, int] = {}
        self.claims = {
            name: source(analysis, opening)
            for name, opening in [
                ("lede", LEDE),
                ("deaths", DEATHS),
                ("midday", MIDDAY),
                ("mayor", MAYOR),
                ("red cross", RED_CROSS),
            ]
        }
        for claim in self.claims.values():
            self.numbers.setdefault(claim.article_id, len(self.numbers) + 1)

    def cite(self, name: str) -> BriefCitation:
        claim = self.claims[name]
        outlet = next(a.outlet for a in self.analysis.articles if a.id == claim.article_id)
        return BriefCitation(
            self.numbers[claim.article_id], claim.article_id, outlet, claim.sentence
        )

    def n(self, name: str) -> int:
        return self.numbers[self.claims[name].article_id]

    def narrative(self) -> BriefNarrative:
        def said(name: str, kind: str = "fact") -> BriefSentence:
            return BriefSentence(self.claims[name].text, [self.cite(name)], kind, 1)

        dispute = BriefSentence(
            "How many homes flooded depends on who is quoted: “nearly 450” (citing Nadia "
            "Sorokina); “almost 400” (citing Marta Wiśniewska).",
            [self.cite("mayor"), self.cite("red cross")],
            "dispute",
            2,
        )
        return BriefNarrative(
            paragraphs=[[said("lede", "lede")], [said("deaths"), said("midday")], [dispute]]
        )

    def rewrite(self) -> str:
        """Faithful sentences, one invented fact and one changed figure."""
        n = self.n
        return (
            "Here is the rewritten narrative:\n\n"
            f"A dam on the Lesna river in western Velesia gave way before dawn on Tuesday, "
            f"sending a torrent of water through Dravsk and forcing about 1,200 residents to "
            f"be evacuated, officials said. [{n('lede')}]\n\n"
            f"Police said three people died in the flooding and 17 people were in hospital "
            f"[{n('deaths')}]. By midday about 1,200 residents had been evacuated, according "
            f"to the regional administration, most of them to the town's sports hall or to "
            f"relatives in villages on higher ground. [{n('midday')}] The government promised "
            f"compensation to every family affected. [{n('deaths')}]\n\n"
            f"Mayor Nadia Sorokina said on Tuesday night that nearly 650 homes had been "
            f"flooded [{n('mayor')}]. Marta Wiśniewska of the Velesian Red Cross said almost "
            f"400 homes had been flooded. [{n('red cross')}]"
        )


@pytest.fixture(scope="module")
def story(analysis: Any) -> Story:
    return Story(analysis)


@pytest.fixture(scope="module")
def check(analysis: Any, embedder: Any) -> Any:
    from newsprism.nli.learned import LearnedJudge
    from newsprism.pipeline import _statement_checker

    return _statement_checker(analysis.extracted, analysis.entities, embedder, LearnedJudge())


def _all(narrative: BriefNarrative) -> list[BriefSentence]:
    return [s for p in narrative.paragraphs for s in p]


# --------------------------------------------------------------------------- tests


def test_unsupported_sentences_are_dropped_and_faithful_ones_cited(
    llm_server: StubServer, story: Story, check: Any
) -> None:
    llm_server.content = story.rewrite()
    writer = ChatClient(_url(llm_server), "stub-model", api_key="sekrit")
    original = story.narrative()
    rewritten = rewrite_narrative(original, writer, check, unsupported="drop")

    assert rewritten.method == "llm: stub-model, checked by the judge"
    kept = _all(rewritten)
    assert all(s.generated and s.supported for s in kept)
    assert [len(p) for p in rewritten.paragraphs] == [1, 2, 1]
    lede, deaths, midday, red_cross = kept
    assert lede.citations == [story.cite("lede")] and lede.kind == "lede"
    assert deaths.text == (
        "Police said three people died in the flooding and 17 people were in hospital."
    )
    assert deaths.citations == [story.cite("deaths")]
    assert midday.citations == [story.cite("midday")]
    assert red_cross.citations == [story.cite("red cross")]
    assert red_cross.text.startswith("Marta Wiśniewska") and red_cross.kind == "dispute"
    assert all("[" not in s.text for s in kept)
    assert all(s.check.startswith("supported") for s in kept)

    invented, changed = rewritten.dropped
    assert invented.text == "The government promised compensation to every family affected."
    assert changed.text.startswith("Mayor Nadia Sorokina said on Tuesday night")
    for sentence in rewritten.dropped:
        assert sentence.generated and sentence.supported is False
    assert invented.check.startswith("not supported")
    assert changed.check.startswith("contradicted (rule: numbers)")
    assert "650" in changed.check and "450" in changed.check
    assert rewritten.notes == [
        "2 of 6 sentences the LLM wrote are not supported by the sources and were dropped"
    ]
    assert original.method == "extractive" and not original.dropped  # input left alone

    # the writer saw every sentence with its markers, and the cited sentences that differ
    [request] = llm_server.requests
    assert request["path"] == "/v1/chat/completions" and request["temperature"] == 0
    assert request["headers"]["Authorization"] == "Bearer sekrit"
    prompt = request["messages"][-1]["content"]
    assert prompt == writer_prompt(original)
    assert f"{DEATHS} [{story.n('deaths')}]" in prompt
    assert story.claims["mayor"].sentence in prompt and "Paragraph 3:" in prompt
    assert "[n]" in request["messages"][0]["content"]


def test_unsupported_sentences_can_be_flagged_instead(
    llm_server: StubServer, story: Story, check: Any
) -> None:
    llm_server.content = story.rewrite()
    writer = ChatClient(_url(llm_server), "stub-model")
    rewritten = rewrite_narrative(story.narrative(), writer, check, unsupported="flag")
    assert rewritten.dropped == []
    kept = _all(rewritten)
    assert len(kept) == 6 and all(s.generated for s in kept)
    flagged = [s for s in kept if not s.supported]
    assert [s.text.split()[:2] for s in flagged] == [["The", "government"], ["Mayor", "Nadia"]]
    assert all(s.supported is False and s.check for s in flagged)
    assert "flagged" in rewritten.notes[0]


def test_a_sentence_without_markers_is_checked_against_every_cited_sentence(
    llm_server: StubServer, story: Story, check: Any
) -> None:
    llm_server.content = (
        f"Police said three people died in the flooding and 17 people were in hospital.\n\n"
        f"Engineers had warned for years that the dam was unsafe. [{story.n('lede')}]"
    )
    rewritten = rewrite_narrative(story.narrative(), ChatClient(_url(llm_server), "m"), check)
    [[deaths]] = rewritten.paragraphs
    assert deaths.supported and deaths.citations == [story.cite("deaths")]
    assert "no source by [n]" in deaths.check
    [warned] = rewritten.dropped
    assert warned.text.startswith("Engineers")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("status", "content", "problem"),
    [
        (200, "I'm sorry, but I can't rewrite news articles.", "cites no source"),
        (500, "", "HTTP 500"),
        (200, "", "the model's answer is empty"),
        (200, "The dam was blown up by saboteurs. [1] Nobody died. [2]", "none of the 2"),
    ],
)
def test_a_failing_writer_leaves_the_extractive_narrative(
    llm_server: StubServer, story: Story, check: Any, status: int, content: str, problem: str
) -> None:
    llm_server.status, llm_server.content = status, content
    original = story.narrative()
    result = rewrite_narrative(original, ChatClient(_url(llm_server), "stub-model"), check)
    assert result.paragraphs == original.paragraphs and result.method == "extractive"
    assert result.dropped == []
    [note] = result.notes
    assert f"{_url(llm_server)}/chat/completions" in note
    assert problem in note and "extractive narrative is kept" in note


def test_an_unreachable_writer_leaves_the_extractive_narrative(story: Story, check: Any) -> None:
    url = f"http://127.0.0.1:{_free_port()}/v1"
    original = story.narrative()
    result = rewrite_narrative(original, ChatClient(url, "stub-model", timeout=2), check)
    assert result.paragraphs == original.paragraphs
    [note] = result.notes
    assert url in note and "unreachable" in note


def test_the_answer_is_split_into_sentences_with_their_markers() -> None:
    answer = (
        "```\nHere is the narrative:\n\nThe dam burst at 4:30 a.m. on Tuesday [1, 3]. "
        "Mr. Petrov said “it was a miracle.” [2][4] Officials gave no figure.\n"
        "A second line of the same paragraph [5].\n\n**Paragraph 2:**\n"
        "- Sources differ: 300 or 400. [2-4]\n```"
    )
    assert parse_rewrite(answer) == [
        [
            ("The dam burst at 4:30 a.m. on Tuesday.", [1, 3]),
            ("Mr. Petrov said “it was a miracle.”", [2, 4]),
            ("Officials gave no figure.", []),
            ("A second line of the same paragraph.", [5]),
        ],
        [("Sources differ: 300 or 400.", [2, 3, 4])],
    ]
    assert rewrite_narrative(BriefNarrative(), _Unused(), _never) == BriefNarrative()
    with pytest.raises(ValueError, match="drop"):
        rewrite_narrative(BriefNarrative(), _Unused(), _never, unsupported="keep")  # type: ignore[arg-type]


class _Unused:
    endpoint = "nowhere"
    model = "none"

    def complete(self, *args: Any, **kwargs: Any) -> str:
        raise AssertionError("an empty narrative needs no writer")


def _never(text: str, citations: Any) -> Any:
    raise AssertionError("nothing to check")


def test_chat_client_reads_the_environment_and_names_its_problems(
    llm_server: StubServer,
) -> None:
    env = {
        "NEWSPRISM_LLM_URL": _url(llm_server) + "/",
        "NEWSPRISM_LLM_MODEL": " stub-model ",
        "NEWSPRISM_LLM_API_KEY": "k",
        "NEWSPRISM_LLM_TIMEOUT": "5",
    }
    client = ChatClient.from_env(env)
    assert client.endpoint == _url(llm_server) + "/chat/completions"
    assert client.model == "stub-model" and client.timeout == 5
    llm_server.content = "fine"
    assert client.complete(system="be brief", user="hello") == "fine"
    sent = llm_server.requests[-1]
    assert sent["messages"] == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hello"},
    ]
    assert sent["headers"]["Authorization"] == "Bearer k"
    client.close()

    with pytest.raises(LLMBackendError, match="NEWSPRISM_LLM_URL"):
        ChatClient.from_env({})
    with pytest.raises(LLMBackendError, match="NEWSPRISM_LLM_MODEL"):
        ChatClient.from_env({"NEWSPRISM_LLM_URL": _url(llm_server)})
    with pytest.raises(LLMBackendError, match="NEWSPRISM_LLM_TIMEOUT"):
        ChatClient.from_env({**env, "NEWSPRISM_LLM_TIMEOUT": "soon"})


def test_the_pipeline_rewrites_the_brief_narrative(
    llm_server: StubServer, corpus_dir: Path, embedder: Any, tmp_path: Path
) -> None:
    from newsprism.pipeline import analyze_inputs

    llm_server.content = None  # echo: the extractive sentences, rewritten as themselves
    writer = ChatClient(_url(llm_server), "stub-model")
    analysis, _ = analyze_inputs(
        [corpus_dir], db=tmp_path / "rewrite.db", embedder=embedder, writer=writer
    )
    narrative = analysis.brief.narrative
    if not llm_server.requests:
        assert not any(narrative.paragraphs)  # nothing to rewrite: no request made
        return
    assert narrative.method == "llm: stub-model, checked by the judge", narrative.notes
    kept = [s for p in narrative.paragraphs for s in p]
    assert kept and all(s.generated and s.supported and s.citations for s in kept)
    # the extractive sentences themselves are supported by what they cite, disputes too
    assert narrative.dropped == [] and narrative.notes == []
    prompt = llm_server.requests[0]["messages"][-1]["content"]
    assert not re.search(r"\(\d+ sources?", prompt)  # the brief's own counts are left out


def test_brief_rewrite_needs_an_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    runner = CliRunner()
    monkeypatch.delenv("NEWSPRISM_LLM_URL", raising=False)
    result = runner.invoke(app, ["brief", "--db", str(tmp_path / "x.db"), "--rewrite"])
    assert result.exit_code == 2
    assert "NEWSPRISM_LLM_URL" in result.output and "--rewrite" in result.output
    assert not (tmp_path / "x.db").exists()  # stopped before any work

    monkeypatch.setenv("NEWSPRISM_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.delenv("NEWSPRISM_LLM_MODEL", raising=False)
    result = runner.invoke(app, ["brief", "--db", str(tmp_path / "x.db"), "--rewrite"])
    assert result.exit_code == 2 and "NEWSPRISM_LLM_MODEL" in result.output

    help_text = runner.invoke(app, ["brief", "--help"]).output
    assert "--rewrite" in help_text and "--unsupported" in help_text
    assert "extractive" in help_text


def test_brief_rewrite_on_the_command_line(
    llm_server: StubServer, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    db, out = tmp_path / "cli.db", tmp_path / "brief.json"
    assert runner.invoke(app, ["ingest", str(corpus_dir), "--db", str(db)]).exit_code == 0
    monkeypatch.setenv("NEWSPRISM_LLM_URL", _url(llm_server))
    monkeypatch.setenv("NEWSPRISM_LLM_MODEL", "stub-model")
    args = ["brief", "--db", str(db), "--rewrite", "--no-llm", "-f", "json", "-o", str(out)]

    llm_server.status = 500  # the writer fails: the brief is still written, the note shown
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "writer:" in result.output and "HTTP 500" in result.output
    narrative = json.loads(out.read_text(encoding="utf-8"))["narrative"]
    assert narrative["method"] == "extractive" and "HTTP 500" in narrative["notes"][0]

    llm_server.status, llm_server.content = 200, None
    result = runner.invoke(app, [*args, "--unsupported", "flag"])
    assert result.exit_code == 0, result.output
    narrative = json.loads(out.read_text(encoding="utf-8"))["narrative"]
    if narrative["paragraphs"]:
        assert narrative["method"] == "llm: stub-model, checked by the judge"
        assert all(s["generated"] for p in narrative["paragraphs"] for s in p)
