"""Pluggable judge backends: a local NLI model (transformers and ONNX), an LLM endpoint,
and the fallback that keeps the analysis running when either fails.

Everything is real and offline: a tiny BERT classifier is built and saved here (its
classifier bias fixes the outcome so it can be checked), and a stub OpenAI-compatible
server runs on loopback.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from _chat_stub import ChatStub, ChatStubHandler, serving

from newsprism.errors import JudgeBackendError
from newsprism.models import PairJudgement, Stance
from newsprism.nli import (
    FallbackJudge,
    JudgeFallbackWarning,
    LLMJudge,
    LocalNLIJudge,
    load_judge,
)

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PAIRS = [
    ("The dam burst on Tuesday.", "The dam burst on Tuesday."),
    ("Police said 17 people died.", "Police said 27 people died."),
    ("The river rose by two metres.", "The mayor was not available."),
    ("A hundred homes flooded.", "No homes flooded."),
    ("The flood killed people.", "People were killed in the flood."),
]

# What the tiny model answers: contradiction exactly when "no"/"not" occurs.
NEGATION_RULE = [Stance.AGREE, Stance.AGREE, Stance.CONTRADICT, Stance.CONTRADICT, Stance.AGREE]


class StandIn:
    """A fallback judge that needs nothing, so these tests do not depend on the learned one."""

    name = "stand-in"

    def __init__(self) -> None:
        self.calls = 0

    def judge(self, pairs: Sequence[tuple[str, str]], vectors: Any = None) -> list[PairJudgement]:
        self.calls += 1
        return [PairJudgement(Stance.UNRELATED, 1.0, "stand-in") for _ in pairs]


# --------------------------------------------------------------------------- tiny model


WORDS = (
    "the a dam burst on tuesday police said people died river rose by two metres mayor was "
    "not available hundred homes flooded no flood killed were in 17 27 ."
).split()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer BERT NLI classifier that answers "contradiction" exactly when a pair has
    "no" or "not" in it, and "entailment" otherwise (with a fixed probability)."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab = {token: i for i, token in enumerate(specials + WORDS)}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    fast = transformers.BertTokenizerFast(
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=64,
    )
    labels = {0: "entailment", 1: "neutral", 2: "contradiction"}
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        id2label=labels,
        label2id={v: k for k, v in labels.items()},
    )
    model = transformers.BertForSequenceClassification(config).eval()
    with torch.no_grad():
        # Wire the network by hand into a negation detector: only "no"/"not" have an
        # embedding, attention is uniform and passes values through, so the [CLS] state
        # is non-zero exactly when the pair contains a negation word.
        for parameter in model.parameters():
            parameter.zero_()
        for module in model.modules():
            if isinstance(module, torch.nn.LayerNorm):
                module.weight.fill_(1.0)
        for word in ("no", "not"):
            model.bert.embeddings.word_embeddings.weight[vocab[word], 0] = 1.0
        identity = torch.eye(config.hidden_size)
        for layer in model.bert.encoder.layer:
            layer.attention.self.value.weight.copy_(identity)
            layer.attention.output.dense.weight.copy_(identity)
        model.bert.pooler.dense.weight.copy_(identity)
        # Logits (3, 0, 0) without a negation, (3, 0, ~8) with one.
        model.classifier.weight[2, 0] = 8.0
        model.classifier.bias.copy_(torch.tensor([3.0, 0.0, 0.0]))
    folder = tmp_path_factory.mktemp("models") / "tiny-nli"
    model.save_pretrained(folder)
    fast.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_onnx(tiny_model: Path) -> Path:
    """The same model exported to ONNX, beside its tokenizer and config (no torch weights)."""
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    folder = tiny_model.parent / "tiny-nli-onnx"
    folder.mkdir()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(tiny_model / name, folder / name)
    model = AutoModelForSequenceClassification.from_pretrained(tiny_model, local_files_only=True)
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(tiny_model, local_files_only=True)
    # A padded batch, so the traced graph keeps the attention-mask path.
    sample = tokenizer(["the dam", "a"], ["the river rose by two metres", "no"], padding=True)
    inputs = tuple(
        torch.tensor(sample[k]) for k in ("input_ids", "attention_mask", "token_type_ids")
    )
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            inputs,
            str(folder / "model.onnx"),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={
                **{n: {0: "batch", 1: "sequence"} for n in names},
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
    return folder


def test_transformers_model_maps_labels_batches_in_order(tiny_model: Path) -> None:
    judge = LocalNLIJudge(tiny_model, batch_size=2)
    assert judge.backend == "transformers"
    assert judge.name == "nli model: tiny-nli"

    judgements = judge.judge(PAIRS)  # three batches, the last one short
    assert [j.stance for j in judgements] == NEGATION_RULE
    for j in judgements:
        assert j.decided_by == "nli model: tiny-nli"
        assert set(j.probabilities) == {"agree", "contradict", "unrelated"}
        assert sum(j.probabilities.values()) == pytest.approx(1.0)
        assert j.confidence == j.probabilities[j.stance]
    # Softmax of the logits the network was wired to give: (3, 0, 0) and (3, 0, 8).
    e = math.e
    assert judgements[0].confidence == pytest.approx(e**3 / (e**3 + 2), abs=1e-4)
    assert judgements[0].probabilities["unrelated"] == pytest.approx(1 / (e**3 + 2), abs=1e-4)
    assert judgements[2].confidence == pytest.approx(e**8 / (e**8 + e**3 + 1), abs=1e-3)

    # Padding in a batch changes nothing: each pair gets what it gets on its own.
    for pair, batched in zip(PAIRS, judgements, strict=True):
        (alone,) = judge.judge([pair])
        assert alone.stance is batched.stance
        assert alone.confidence == pytest.approx(batched.confidence, abs=1e-5)
    assert judge.judge([]) == []


def test_labels_are_mapped_by_name_whatever_their_case_and_order(
    tiny_model: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "renamed"
    shutil.copytree(tiny_model, folder)
    config = json.loads((folder / "config.json").read_text())
    # Classes 0 and 2 swap names: every answer must flip between agree and contradict.
    config["id2label"] = {"0": "CONTRADICTION", "1": "Neutral", "2": "ENTAILMENT"}
    config["label2id"] = {v: int(k) for k, v in config["id2label"].items()}
    (folder / "config.json").write_text(json.dumps(config))

    judgements = LocalNLIJudge(folder).judge(PAIRS)
    flipped = {Stance.AGREE: Stance.CONTRADICT, Stance.CONTRADICT: Stance.AGREE}
    assert [j.stance for j in judgements] == [flipped[s] for s in NEGATION_RULE]
    assert all(j.decided_by == "nli model: renamed" for j in judgements)


def test_onnx_model_gives_the_same_answers_as_transformers(
    tiny_model: Path, tiny_onnx: Path
) -> None:
    onnx_judge = LocalNLIJudge(tiny_onnx, batch_size=3)
    assert onnx_judge.backend == "onnx"
    reference = LocalNLIJudge(tiny_model).judge(PAIRS)
    judgements = onnx_judge.judge(PAIRS)
    assert [j.stance for j in judgements] == [j.stance for j in reference] == NEGATION_RULE
    for a, b in zip(judgements, reference, strict=True):
        assert a.decided_by == "nli model: tiny-nli-onnx"
        assert a.confidence == pytest.approx(b.confidence, abs=1e-4)


@pytest.mark.parametrize(
    ("labels", "problem"),
    [
        ({"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, "no usable labels: LABEL_0"),
        ({"0": "neutral", "1": "discuss"}, "no usable labels: all of"),
        ({}, "no id2label"),
    ],
)
def test_unusable_labels_are_a_clear_error(
    tmp_path: Path, labels: dict[str, str], problem: str
) -> None:
    folder = tmp_path / "odd-labels"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"id2label": labels}))
    (folder / "model.onnx").write_bytes(b"not a model")
    with pytest.raises(JudgeBackendError) as error:
        LocalNLIJudge(folder)
    assert str(folder) in str(error.value)
    assert problem in str(error.value)


def test_missing_model_dir_falls_back_with_the_error_recorded(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(JudgeBackendError, match="no such directory") as error:
        LocalNLIJudge(missing)
    assert str(missing) in str(error.value)

    stand_in = StandIn()
    with pytest.warns(JudgeFallbackWarning, match="no such directory"):
        judge = load_judge(nli_model=missing, env={}, fallback=stand_in)
    assert isinstance(judge, FallbackJudge)
    assert len(judge.errors) == 1
    assert str(missing) in judge.errors[0]
    assert judge.name == "stand-in"
    assert [j.decided_by for j in judge.judge(PAIRS[:2])] == ["stand-in", "stand-in"]


def test_model_that_cannot_load_falls_back_at_first_use(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "config.json").write_text(
        json.dumps({"model_type": "bert", "id2label": {"0": "entailment", "1": "contradiction"}})
    )
    (folder / "model.onnx").write_bytes(b"this is not an onnx graph")
    pytest.importorskip("onnxruntime")

    with pytest.raises(JudgeBackendError, match="cannot load the model") as error:
        LocalNLIJudge(folder).judge(PAIRS[:1])
    assert str(folder) in str(error.value)

    stand_in = StandIn()
    judge = FallbackJudge(LocalNLIJudge(folder), stand_in)
    assert judge.name == "nli model: broken"
    with pytest.warns(JudgeFallbackWarning):
        first = judge.judge(PAIRS[:2])
    assert [j.decided_by for j in first] == ["stand-in", "stand-in"]
    assert judge.primary is None and judge.name == "stand-in"
    assert len(judge.errors) == 1 and "cannot load the model" in judge.errors[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the warning came once; the primary is not retried
        judge.judge(PAIRS[:1])
    assert stand_in.calls == 2 and len(judge.errors) == 1


# --------------------------------------------------------------------------- LLM endpoint


class StubServer(ChatStub):
    mode = "good"


class StubHandler(ChatStubHandler):
    """Answers according to the server's mode."""

    server: StubServer

    def answer(self, body: dict[str, Any]) -> None:
        mode = self.server.mode
        if mode == "500":
            self.send_json(500, b'{"error": "model crashed"}')
            return
        if mode == "slow":
            time.sleep(1.5)
        pairs = json.loads(body["messages"][-1]["content"])
        results = [_stub_call(p) for p in pairs]
        content: str
        if mode in ("good", "slow"):
            # Reversed ids, in a code fence after some prose: the judge must cope.
            answer = json.dumps({"results": results[::-1]}, indent=1)
            content = f"Sure, here is my analysis.\n```json\n{answer}\n```\nHope it helps."
        elif mode == "garbage":
            content = "I think they mostly agree, but it is hard to say {not json"
        elif mode == "short":
            content = json.dumps({"results": results[:-1]})
        elif mode == "label":
            content = json.dumps([{**r, "stance": "maybe"} for r in results])
        else:  # "not-chat": valid JSON that is not a chat completion
            self.send_json(200, b'{"hello": "world"}')
            return
        self.reply(content)


def _stub_call(pair: dict[str, Any]) -> dict[str, Any]:
    """A fixed rule, so the test knows each pair's answer: same text agrees, "no"/"27"
    contradicts, anything else is unrelated."""
    a, b = pair["A"], pair["B"]
    confidence: float | str
    if a == b:
        stance, confidence = "agree", 0.95
    elif "27" in b or b.startswith("No "):
        stance, confidence = "contradict", "90%"
    else:
        stance, confidence = "unrelated", 0.6
    return {"id": pair["id"], "stance": stance, "confidence": confidence, "reason": "stub rule"}


EXPECTED = [Stance.AGREE, Stance.CONTRADICT, Stance.UNRELATED, Stance.CONTRADICT, Stance.UNRELATED]


@pytest.fixture()
def llm_server() -> Iterator[StubServer]:
    with serving(StubServer, StubHandler) as server:
        yield server


def _base_url(server: StubServer) -> str:
    return server.base_url


def test_llm_answers_are_parsed_in_pair_order(llm_server: StubServer) -> None:
    judge = LLMJudge(_base_url(llm_server), "stub-model", api_key="sekrit", batch_size=3)
    judgements = judge.judge(PAIRS)
    judge.close()

    assert [j.stance for j in judgements] == EXPECTED
    assert all(j.decided_by == "llm: stub-model" for j in judgements)
    assert judgements[0].confidence == pytest.approx(0.95)
    assert judgements[1].confidence == pytest.approx(0.9)  # "90%" read as 0.9
    assert judgements[1].probabilities["contradict"] == pytest.approx(0.9)
    assert sum(judgements[1].probabilities.values()) == pytest.approx(1.0)
    assert judgements[2].reason == "stub rule"

    assert len(llm_server.requests) == 2  # 5 pairs, 3 per request
    body = llm_server.requests[0]
    path, headers = body["path"], body["headers"]
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer sekrit"
    assert body["model"] == "stub-model" and body["temperature"] == 0
    assert len(json.loads(body["messages"][-1]["content"])) == 3


@pytest.mark.parametrize(
    ("mode", "problem"),
    [
        ("garbage", "not JSON"),
        ("500", "HTTP 500"),
        ("short", "4 results for 5 pairs"),
        ("label", "unknown stance 'maybe'"),
        ("not-chat", "not a chat-completions answer"),
    ],
)
def test_llm_failures_name_the_url_and_the_problem(
    llm_server: StubServer, mode: str, problem: str
) -> None:
    llm_server.mode = mode
    judge = LLMJudge(_base_url(llm_server), "stub-model", batch_size=8)
    with pytest.raises(JudgeBackendError) as error:
        judge.judge(PAIRS)
    assert f"{_base_url(llm_server)}/chat/completions" in str(error.value)
    assert problem in str(error.value)


def test_llm_unreachable_and_slow_servers_are_backend_errors(llm_server: StubServer) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free_port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{free_port}/v1"
    with pytest.raises(JudgeBackendError, match="unreachable") as error:
        LLMJudge(url, "stub-model").judge(PAIRS[:1])
    assert url in str(error.value)

    llm_server.mode = "slow"
    slow = LLMJudge(_base_url(llm_server), "stub-model", timeout=0.3)
    with pytest.raises(JudgeBackendError, match=r"no answer within 0\.3 s"):
        slow.judge(PAIRS[:1])


def test_load_judge_falls_back_when_the_llm_fails(llm_server: StubServer) -> None:
    llm_server.mode = "500"
    env = {"NEWSPRISM_LLM_URL": _base_url(llm_server), "NEWSPRISM_LLM_MODEL": "stub-model"}
    stand_in = StandIn()
    judge = load_judge(env=env, fallback=stand_in)
    assert isinstance(judge, FallbackJudge)
    assert judge.name == "llm: stub-model" and judge.errors == []

    with pytest.warns(JudgeFallbackWarning, match="HTTP 500"):
        judgements = judge.judge(PAIRS)
    assert [j.decided_by for j in judgements] == ["stand-in"] * len(PAIRS)
    assert len(judge.errors) == 1 and _base_url(llm_server) in judge.errors[0]

    judge.judge(PAIRS)  # the failed endpoint is not asked again
    assert len(llm_server.requests) == 1 and stand_in.calls == 2


def test_load_judge_reads_the_environment(llm_server: StubServer, tmp_path: Path) -> None:
    stand_in = StandIn()
    assert load_judge(env={}, fallback=stand_in) is stand_in  # both backends off by default
    url = _base_url(llm_server)
    assert load_judge(env={"NEWSPRISM_LLM_URL": url}, use_llm=False, fallback=stand_in) is (
        stand_in
    )

    with pytest.warns(JudgeFallbackWarning, match="NEWSPRISM_LLM_MODEL"):
        no_model = load_judge(env={"NEWSPRISM_LLM_URL": url}, fallback=stand_in)
    assert isinstance(no_model, FallbackJudge) and no_model.name == "stand-in"

    with pytest.warns(JudgeFallbackWarning, match="NEWSPRISM_LLM_TIMEOUT"):
        load_judge(
            env={
                "NEWSPRISM_LLM_URL": url,
                "NEWSPRISM_LLM_MODEL": "m",
                "NEWSPRISM_LLM_TIMEOUT": "x",
            },
            fallback=stand_in,
        )

    # A working endpoint answers; with a missing NLI model also configured, both errors and
    # answers come out right: the NLI model is skipped, the LLM judges.
    env = {
        "NEWSPRISM_LLM_URL": url,
        "NEWSPRISM_LLM_MODEL": "stub-model",
        "NEWSPRISM_NLI_MODEL": str(tmp_path / "absent"),
    }
    with pytest.warns(JudgeFallbackWarning, match="absent"):
        judge = load_judge(env=env, fallback=stand_in)
    assert isinstance(judge, FallbackJudge)
    assert [j.stance for j in judge.judge(PAIRS)] == EXPECTED
    assert judge.name == "llm: stub-model"
    assert len(judge.errors) == 1 and "absent" in judge.errors[0]


def test_importing_the_judges_does_not_import_torch() -> None:
    code = "import sys, newsprism.nli; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
