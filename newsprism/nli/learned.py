"""The built-in learned judge: a small network over embedding and slot features.

It needs nothing beyond numpy at run time: the weights ship in the package
(``weights/judge.npz``, plain arrays, no pickle) with their model card
(``weights/judge.json``: training data and hashes, seed, metrics, feature list). Train
them again with ``python -m newsprism.nli.train``.

Why a learned judge and not rules alone: rules catch a swapped number or a "not", but
whether two sentences are about the same fact at all (and so whether a different number
is a contradiction or just another figure) is a matter of degree that the sentence
vectors know and a few hundred weights can weigh.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.embed import Embedder, default_embedder
from newsprism.errors import ModelError
from newsprism.models import PairJudgement, Stance
from newsprism.nli._base import PairVectors
from newsprism.nli.features import SLOT_FEATURES, feature_names, pair_features

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
WEIGHTS = WEIGHTS_DIR / "judge.npz"
MODEL_CARD = WEIGHTS_DIR / "judge.json"
NAME = "learned judge"

# Slot features that explain a contradiction, in the words the brief shows.
_REASONS = {
    "figure_conflict": "the figures differ",
    "negation_mismatch": "one side negates it",
    "antonym_flip": "opposite words",
    "name_swap": "different names",
    "date_conflict": "different dates",
    "refuting_mismatch": "one side calls it false",
}


@dataclass(frozen=True)
class Network:
    """A multi-layer perceptron as plain arrays: standardise, ReLU layers, softmax."""

    classes: tuple[str, ...]  # Stance values, in output order
    mean: np.ndarray
    scale: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    features: tuple[str, ...]

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        h = (np.asarray(x, dtype=np.float32) - self.mean) / self.scale
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = h @ w + b
            if i < len(self.weights) - 1:
                np.maximum(h, 0.0, out=h)
        h -= h.max(axis=1, keepdims=True)
        np.exp(h, out=h)
        return h / h.sum(axis=1, keepdims=True)

    def arrays(self) -> dict[str, np.ndarray]:
        """What :func:`load_network` reads back: every array, strings as unicode arrays."""
        out: dict[str, np.ndarray] = {
            "classes": np.array(self.classes),
            "mean": self.mean,
            "scale": self.scale,
            "features": np.array(self.features),
        }
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            out[f"w{i}"], out[f"b{i}"] = w, b
        return out


def load_network(path: Path = WEIGHTS) -> Network:
    """Read the judge's arrays; raise :class:`ModelError` when they are missing or broken."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except FileNotFoundError as exc:
        raise ModelError(
            f"learned judge weights not found at {path}; run `python -m newsprism.nli.train`"
        ) from exc
    except Exception as exc:  # zip, header or pickle errors all mean a broken file
        raise ModelError(f"learned judge weights at {path} cannot be read: {exc}") from exc
    try:
        layers = sum(1 for key in arrays if key.startswith("w"))
        network = Network(
            classes=tuple(str(c) for c in arrays["classes"]),
            mean=arrays["mean"].astype(np.float32),
            scale=arrays["scale"].astype(np.float32),
            weights=tuple(arrays[f"w{i}"].astype(np.float32) for i in range(layers)),
            biases=tuple(arrays[f"b{i}"].astype(np.float32) for i in range(layers)),
            features=tuple(str(f) for f in arrays["features"]),
        )
    except KeyError as exc:
        raise ModelError(f"learned judge weights at {path} lack the array {exc}") from exc
    expected = feature_names()
    if list(network.features) != expected:
        raise ModelError(
            f"learned judge weights at {path} were trained on other features "
            f"({len(network.features)} columns, this code makes {len(expected)}); retrain"
        )
    if (
        not layers
        or network.weights[0].shape[0] != len(expected)
        or network.weights[-1].shape[1] != len(network.classes)
        or set(network.classes) != {s.value for s in Stance}
    ):
        raise ModelError(f"learned judge weights at {path} have the wrong shapes or classes")
    return network


@lru_cache(maxsize=4)
def _cached_network(path: Path) -> Network:
    return load_network(path)


def model_card(path: Path = MODEL_CARD) -> dict[str, Any]:
    """The judge's model card (training data, metrics, versions), or {} when absent."""
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return loaded
    except (OSError, ValueError):
        return {}


class LearnedJudge:
    """Agree / contradict / unrelated from sentence vectors and slot differences."""

    name = NAME

    def __init__(self, embedder: Embedder | None = None, weights: Path | None = None) -> None:
        self._embedder = embedder
        self.network = _cached_network(Path(weights) if weights else WEIGHTS)

    def _vectors(
        self, pairs: Sequence[tuple[str, str]], vectors: PairVectors | None
    ) -> tuple[np.ndarray, np.ndarray]:
        if vectors is not None:
            if len(vectors) != len(pairs):
                raise ValueError(f"{len(pairs)} pairs but {len(vectors)} vector pairs")
            if not vectors:
                return np.zeros((0, 384), np.float32), np.zeros((0, 384), np.float32)
            u = np.vstack([np.asarray(a, dtype=np.float32).reshape(1, -1) for a, _ in vectors])
            v = np.vstack([np.asarray(b, dtype=np.float32).reshape(1, -1) for _, b in vectors])
            return u, v
        if self._embedder is None:
            self._embedder = default_embedder()
        texts = list(dict.fromkeys(t for pair in pairs for t in pair))
        encoded = self._embedder.encode(texts)
        row = {text: i for i, text in enumerate(texts)}
        u = encoded[[row[p] for p, _ in pairs]]
        v = encoded[[row[h] for _, h in pairs]]
        return u, v

    def score(
        self, pairs: Sequence[tuple[str, str]], vectors: PairVectors | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Feature matrix and class probabilities (columns in :attr:`classes` order).

        For callers that want more than the verdict, e.g. a stacked classifier.
        """
        if not pairs:
            n = len(self.network.features)
            return np.zeros((0, n), np.float32), np.zeros((0, len(self.classes)), np.float32)
        u, v = self._vectors(pairs, vectors)
        features = pair_features(pairs, u, v)
        return features, self.network.predict_proba(features)

    @property
    def classes(self) -> tuple[str, ...]:
        return self.network.classes

    def judge(
        self, pairs: Sequence[tuple[str, str]], vectors: PairVectors | None = None
    ) -> list[PairJudgement]:
        features, probabilities = self.score(pairs, vectors)
        slot_start = features.shape[1] - len(SLOT_FEATURES)
        judgements = []
        for row, p in zip(features, probabilities, strict=True):
            best = int(np.argmax(p))
            stance = Stance(self.classes[best])
            probs = {c: round(float(x), 4) for c, x in zip(self.classes, p, strict=True)}
            judgements.append(
                PairJudgement(
                    stance=stance,
                    confidence=float(p[best]),
                    decided_by=NAME,
                    probabilities=probs,
                    reason=_reason(stance, float(row[0]), row[slot_start:]),
                )
            )
        return judgements


def _reason(stance: Stance, cosine: float, slots: np.ndarray) -> str:
    """A short why: the cosine, and for a contradiction the slots that differ."""
    text = f"similarity {cosine:.2f}"
    if stance is Stance.CONTRADICT:
        fired = [words for name, words in _REASONS.items() if slots[SLOT_FEATURES.index(name)] > 0]
        if fired:
            text += "; " + ", ".join(fired)
    return text
