"""A judge backed by a local NLI model directory the user chose.

Two layouts are read, both offline only:

- a Hugging Face transformers sequence-classification directory (``config.json``, weights,
  tokenizer files), run with torch;
- an ONNX directory (a ``*.onnx`` file, ``tokenizer.json`` or transformers tokenizer
  files, and ``config.json`` with ``id2label``), run with onnxruntime, so a user can
  bring a faster model without torch doing the work.

The model's labels are mapped onto :class:`~newsprism.models.Stance` by name, so any
MNLI/FEVER-style classifier works whatever order its classes are in. Heavy imports happen
on first use: constructing the judge only checks the directory, so a bad path is reported
at once and cheaply.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from newsprism.errors import JudgeBackendError
from newsprism.models import PairJudgement, Stance
from newsprism.nli._base import PairVectors

# Label names (lower case) that NLI, fact-checking and stance datasets use for each stance.
STANCE_LABELS: dict[str, Stance] = {
    "entailment": Stance.AGREE,
    "entail": Stance.AGREE,
    "entails": Stance.AGREE,
    "agree": Stance.AGREE,
    "agrees": Stance.AGREE,
    "support": Stance.AGREE,
    "supports": Stance.AGREE,
    "contradiction": Stance.CONTRADICT,
    "contradict": Stance.CONTRADICT,
    "contradicts": Stance.CONTRADICT,
    "refute": Stance.CONTRADICT,
    "refutes": Stance.CONTRADICT,
    "disagree": Stance.CONTRADICT,
    "disagrees": Stance.CONTRADICT,
    "neutral": Stance.UNRELATED,
    "unrelated": Stance.UNRELATED,
    "discuss": Stance.UNRELATED,
    "not_entailment": Stance.UNRELATED,
}

_WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)

Backend = Literal["auto", "transformers", "onnx"]


def stance_for_label(label: str) -> Stance | None:
    """The stance a class label stands for, or None; case, spaces and hyphens ignored."""
    key = label.strip().lower().replace("-", "_").replace(" ", "_")
    return STANCE_LABELS.get(key)


def label_stances(id2label: dict[Any, Any]) -> list[Stance]:
    """One stance per class index, or ValueError naming the labels that mean nothing.

    Every class must map, or the probabilities would leak into no stance; at least two
    distinct stances are needed for the judgement to carry any information.
    """
    if not id2label:
        raise ValueError("config.json has no id2label")
    try:
        by_index = {int(k): str(v) for k, v in id2label.items()}
    except (TypeError, ValueError):
        raise ValueError(f"id2label keys are not class indices: {list(id2label)}") from None
    if sorted(by_index) != list(range(len(by_index))):
        raise ValueError(f"id2label indices are not 0..{len(by_index) - 1}")
    labels = [by_index[i] for i in range(len(by_index))]
    stances = [stance_for_label(label) for label in labels]
    unknown = [label for label, stance in zip(labels, stances, strict=True) if stance is None]
    if unknown:
        raise ValueError(
            f"no usable labels: {', '.join(unknown)} mean nothing to the judge "
            "(expected entailment/neutral/contradiction or agree/unrelated/contradict)"
        )
    known = [s for s in stances if s is not None]
    if len(set(known)) < 2:
        raise ValueError(f"no usable labels: all of {labels} mean {known[0].value}")
    return known


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=-1, keepdims=True))


class LocalNLIJudge:
    """Judges pairs with a local NLI classifier (transformers or ONNX directory).

    ``backend="auto"`` runs torch weights when the directory has them, else the ONNX
    file. Pairs go through in batches of ``batch_size``, each text pair truncated to
    ``max_length`` tokens (never beyond what the model's positions allow).
    """

    def __init__(
        self,
        model_dir: str | Path,
        *,
        backend: Backend = "auto",
        batch_size: int = 16,
        max_length: int = 512,
    ) -> None:
        self.model_dir = Path(model_dir).expanduser()
        self.name = f"nli model: {self.model_dir.name}"
        self.batch_size = max(1, batch_size)
        config = self._read_config()
        try:
            self.stances = label_stances(config.get("id2label") or {})
        except ValueError as exc:
            raise self._error(str(exc)) from None
        positions = config.get("max_position_embeddings")
        if isinstance(positions, int) and positions > 8:
            # RoBERTa-style models start positions after the padding index: two fewer.
            offset = 2 if "roberta" in str(config.get("model_type", "")) else 0
            max_length = min(max_length, positions - offset)
        self.max_length = max_length
        pad_id = config.get("pad_token_id")
        self._config_pad_id = pad_id if isinstance(pad_id, int) else 0
        self.backend = self._choose_backend(backend)
        self._run: Callable[[list[str], list[str]], np.ndarray] | None = None

    # ----------------------------------------------------------------- construction

    def _error(self, problem: str) -> JudgeBackendError:
        return JudgeBackendError(f"NLI model directory {self.model_dir}: {problem}")

    def _read_config(self) -> dict[str, Any]:
        if not self.model_dir.exists():
            raise self._error("no such directory")
        if not self.model_dir.is_dir():
            raise self._error("is not a directory")
        path = self.model_dir / "config.json"
        if not path.is_file():
            raise self._error("no config.json (needed for the model's id2label)")
        try:
            config = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise self._error(f"config.json cannot be read ({exc})") from None
        if not isinstance(config, dict):
            raise self._error("config.json is not a JSON object")
        return config

    def _onnx_file(self) -> Path | None:
        """``model.onnx`` if present, else the only ``*.onnx`` in the directory or ``onnx/``."""
        for folder in (self.model_dir, self.model_dir / "onnx"):
            found = sorted(folder.glob("*.onnx")) if folder.is_dir() else []
            named = [p for p in found if p.name == "model.onnx"]
            if named:
                return named[0]
            if len(found) == 1:
                return found[0]
            if found:
                names = ", ".join(p.name for p in found)
                raise self._error(f"several ONNX files and none is model.onnx ({names})")
        return None

    def _choose_backend(self, backend: Backend) -> Literal["transformers", "onnx"]:
        has_weights = any((self.model_dir / name).is_file() for name in _WEIGHT_FILES)
        if backend == "transformers" or (backend == "auto" and has_weights):
            if not has_weights:
                raise self._error("no transformers weights (model.safetensors)")
            return "transformers"
        if self._onnx_file() is None:
            raise self._error("no model weights (model.safetensors) and no *.onnx file")
        return "onnx"

    # ----------------------------------------------------------------- inference

    def judge(
        self, pairs: Sequence[tuple[str, str]], vectors: PairVectors | None = None
    ) -> list[PairJudgement]:
        """One judgement per pair, in order; vectors are not used by a cross-encoder."""
        if not pairs:
            return []
        run = self._run if self._run is not None else self._load()
        judgements: list[PairJudgement] = []
        for start in range(0, len(pairs), self.batch_size):
            batch = pairs[start : start + self.batch_size]
            try:
                logits = np.asarray(run([p for p, _ in batch], [h for _, h in batch]))
            except JudgeBackendError:
                raise
            except Exception as exc:  # any failure inside the model is the backend's
                raise self._error(f"inference failed ({type(exc).__name__}: {exc})") from exc
            if logits.shape != (len(batch), len(self.stances)):
                raise self._error(
                    f"model returned logits of shape {logits.shape}, "
                    f"expected ({len(batch)}, {len(self.stances)})"
                )
            judgements.extend(self._judgement(row) for row in _softmax(logits.astype(float)))
        return judgements

    def _judgement(self, probs: np.ndarray) -> PairJudgement:
        by_stance = {stance.value: 0.0 for stance in Stance}
        for stance, p in zip(self.stances, probs, strict=True):
            by_stance[stance.value] += float(p)  # e.g. "neutral" and "discuss" both count
        best = max(Stance, key=lambda s: by_stance[s.value])
        return PairJudgement(
            stance=best,
            confidence=by_stance[best.value],
            decided_by=self.name,
            probabilities=by_stance,
        )

    def _load(self) -> Callable[[list[str], list[str]], np.ndarray]:
        try:
            run = self._load_torch() if self.backend == "transformers" else self._load_onnx()
        except JudgeBackendError:
            raise
        except Exception as exc:
            raise self._error(f"cannot load the model ({type(exc).__name__}: {exc})") from exc
        self._run = run
        return run

    def _load_torch(self) -> Callable[[list[str], list[str]], np.ndarray]:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(self.model_dir, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(
            self.model_dir, local_files_only=True
        )
        model.eval()
        max_length = self.max_length

        def run(premises: list[str], hypotheses: list[str]) -> np.ndarray:
            encoded = _encode_pairs(tokenizer, premises, hypotheses, max_length, "pt")
            with torch.inference_mode():
                logits = model(**encoded).logits
            return np.asarray(logits.float().cpu().numpy())

        return run

    def _load_onnx(self) -> Callable[[list[str], list[str]], np.ndarray]:
        try:
            import onnxruntime as ort
        except ImportError:
            raise self._error(
                "onnxruntime is not installed (pip install 'newsprism[onnx]')"
            ) from None
        path = self._onnx_file()
        assert path is not None  # checked when the backend was chosen
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        wanted = [i.name for i in session.get_inputs()]
        encode = self._onnx_tokenizer()

        def run(premises: list[str], hypotheses: list[str]) -> np.ndarray:
            encoded = encode(premises, hypotheses)
            missing = [name for name in wanted if name not in encoded]
            if missing:
                raise self._error(f"the ONNX model wants inputs the tokenizer lacks: {missing}")
            outputs = session.run(None, {name: encoded[name] for name in wanted})
            return np.asarray(outputs[0])

        return run

    def _onnx_tokenizer(self) -> Callable[[list[str], list[str]], dict[str, np.ndarray]]:
        """The light ``tokenizers`` library when there is a tokenizer.json, else transformers."""
        if (self.model_dir / "tokenizer.json").is_file():
            return self._tokenizers_encoder()
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(self.model_dir, local_files_only=True)
        max_length = self.max_length

        def encode(premises: list[str], hypotheses: list[str]) -> dict[str, np.ndarray]:
            encoded = _encode_pairs(tokenizer, premises, hypotheses, max_length, "np")
            return {k: np.asarray(v, dtype=np.int64) for k, v in encoded.items()}

        return encode

    def _tokenizers_encoder(self) -> Callable[[list[str], list[str]], dict[str, np.ndarray]]:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(self.max_length)
        pad_token = self._pad_token()
        pad_id = tokenizer.token_to_id(pad_token) if pad_token else None
        if pad_token is None or pad_id is None:
            pad_id = self._config_pad_id
            pad_token = tokenizer.id_to_token(pad_id) or "[PAD]"
        tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)

        def encode(premises: list[str], hypotheses: list[str]) -> dict[str, np.ndarray]:
            rows = tokenizer.encode_batch(list(zip(premises, hypotheses, strict=True)))
            return {
                "input_ids": np.array([r.ids for r in rows], dtype=np.int64),
                "attention_mask": np.array([r.attention_mask for r in rows], dtype=np.int64),
                "token_type_ids": np.array([r.type_ids for r in rows], dtype=np.int64),
            }

        return encode

    def _pad_token(self) -> str | None:
        """The pad token named in tokenizer_config.json or special_tokens_map.json."""
        for name in ("tokenizer_config.json", "special_tokens_map.json"):
            path = self.model_dir / name
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                continue
            pad = data.get("pad_token") if isinstance(data, dict) else None
            if isinstance(pad, dict):
                pad = pad.get("content")
            if isinstance(pad, str):
                return pad
        return None


def _encode_pairs(
    tokenizer: Any, premises: list[str], hypotheses: list[str], max_length: int, tensors: str
) -> Any:
    """A transformers tokenizer's batch for (premise, hypothesis) pairs, padded and cut."""
    return tokenizer(
        premises,
        hypotheses,
        padding=True,
        truncation=True,
        max_length=max_length,
        return_tensors=tensors,
    )
