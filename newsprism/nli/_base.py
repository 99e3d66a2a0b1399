"""The one interface every agreement/contradiction judge implements.

Backends (the built-in learned judge, a local NLI model directory, an OpenAI-compatible
LLM endpoint) are swappable behind :class:`PairJudge`, the way httpx swaps transports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from newsprism.models import PairJudgement

# Optional precomputed sentence vectors, one (premise, hypothesis) pair per text pair.
# Judges that do not use embeddings ignore them.
PairVectors = Sequence[tuple[np.ndarray, np.ndarray]]


class PairJudge(Protocol):
    """Judges (premise, hypothesis) pairs: agree, contradict or unrelated."""

    name: str

    def judge(
        self, pairs: Sequence[tuple[str, str]], vectors: PairVectors | None = None
    ) -> list[PairJudgement]:
        """One judgement per pair, in order. Raises JudgeBackendError on failure."""
        ...
