"""Agreement and contradiction judges behind one interface (:class:`PairJudge`).

The built-in :class:`LearnedJudge` always works offline. A user may plug in a stronger
judge: a local NLI model directory or an OpenAI-compatible LLM endpoint. Both are OFF by
default, and both sit behind :class:`FallbackJudge`, so a broken backend costs quality,
never the analysis: its error is recorded and the built-in judge answers instead.

Environment (read by :func:`load_judge`; all optional):

``NEWSPRISM_NLI_MODEL``
    Path to a local NLI model: a transformers sequence-classification directory, or an
    ONNX directory (``*.onnx``, tokenizer files, ``config.json`` with ``id2label``;
    needs ``pip install 'newsprism[onnx]'``). Loaded offline only.
``NEWSPRISM_LLM_URL``
    Base URL of an OpenAI-compatible API, e.g. ``http://127.0.0.1:8000/v1``; requests go
    to ``{URL}/chat/completions``. Setting it turns the LLM judge on.
``NEWSPRISM_LLM_MODEL``
    Model name to send (required with the URL).
``NEWSPRISM_LLM_API_KEY``
    Bearer token, if the server wants one.
``NEWSPRISM_LLM_TIMEOUT``
    Seconds to wait for one request (default 30).

With both configured, the NLI model is tried first, then the LLM, then the built-in judge.
The same ``NEWSPRISM_LLM_*`` variables configure the narrative writer of
``newsprism brief --rewrite`` (:mod:`newsprism.llm`), whose sentences this judge checks.
Importing this package never imports torch; ``LearnedJudge`` is loaded on first access.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.errors import JudgeBackendError
from newsprism.models import PairJudgement
from newsprism.nli._base import PairJudge, PairVectors
from newsprism.nli._llm import LLMJudge
from newsprism.nli._local import LocalNLIJudge

if TYPE_CHECKING:
    from newsprism.nli.learned import LearnedJudge

__all__ = [
    "FallbackJudge",
    "JudgeFallbackWarning",
    "LLMJudge",
    "LearnedJudge",
    "LocalNLIJudge",
    "PairJudge",
    "PairVectors",
    "load_judge",
]


def __getattr__(name: str) -> Any:
    """``LearnedJudge`` on first access, so ``import newsprism.nli`` stays light."""
    if name == "LearnedJudge":
        from newsprism.nli.learned import LearnedJudge

        return LearnedJudge
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class JudgeFallbackWarning(RuntimeWarning):
    """A configured judge backend failed and the fallback judge took over."""


class FallbackJudge:
    """Asks ``primary``; on :class:`JudgeBackendError` switches to ``fallback`` for good.

    A backend that failed once (server down, model unloadable) would most likely fail
    again, and retrying it per batch would only slow the analysis, so it is disabled for
    the rest of this judge's life. ``errors`` keeps every message for the brief or CLI;
    judges chained by :func:`load_judge` share one list. ``primary=None`` stands for a
    backend that could not even be constructed: the judge is the fallback from the start.
    """

    def __init__(
        self,
        primary: PairJudge | None,
        fallback: PairJudge,
        *,
        errors: list[str] | None = None,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.errors: list[str] = [] if errors is None else errors
        self._name = ""

    @property
    def name(self) -> str:
        """The name of whichever judge currently answers (unless set explicitly)."""
        return self._name or (self.primary or self.fallback).name

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    def judge(
        self, pairs: Sequence[tuple[str, str]], vectors: PairVectors | None = None
    ) -> list[PairJudgement]:
        """The primary's judgements, or the fallback's once the primary has failed."""
        if self.primary is not None:
            try:
                judgements = self.primary.judge(pairs, vectors)
                if len(judgements) != len(pairs):
                    raise JudgeBackendError(
                        f"{self.primary.name}: {len(judgements)} judgements for {len(pairs)} pairs"
                    )
                return judgements
            except JudgeBackendError as exc:
                self.disable(str(exc))
        return self.fallback.judge(pairs, vectors)

    def disable(self, error: str) -> None:
        """Records ``error``, warns once, and answers with the fallback from now on."""
        self.errors.append(error)
        self.primary = None
        warnings.warn(
            f"{error}; using {self.fallback.name} instead",
            JudgeFallbackWarning,
            stacklevel=3,
        )


def load_judge(
    *,
    nli_model: str | Path | None = None,
    use_llm: bool | None = None,
    env: Mapping[str, str] | None = None,
    fallback: PairJudge | None = None,
) -> PairJudge:
    """The judge the arguments and environment ask for, always with a working fallback.

    ``nli_model`` overrides ``NEWSPRISM_NLI_MODEL``; ``use_llm`` forces the LLM judge on
    or off (``None``: on when ``NEWSPRISM_LLM_URL`` is set). With nothing configured the
    answer is ``fallback`` itself (default: the built-in :class:`LearnedJudge`). A
    configured backend that cannot be constructed never raises here: the returned
    :class:`FallbackJudge` answers with the fallback and names the problem in ``errors``.
    """
    env = os.environ if env is None else env
    if nli_model is None:
        nli_model = env.get("NEWSPRISM_NLI_MODEL", "").strip() or None
    if use_llm is None:
        use_llm = bool(env.get("NEWSPRISM_LLM_URL", "").strip())
    if fallback is None:
        from newsprism.nli.learned import LearnedJudge

        fallback = LearnedJudge()
    if not nli_model and not use_llm:
        return fallback

    errors: list[str] = []
    judge: PairJudge = fallback
    # Built from the last resort upwards, so the NLI model is asked before the LLM.
    builders: list[Callable[[], PairJudge]] = []
    if use_llm:
        builders.append(lambda: LLMJudge.from_env(env))
    if nli_model:
        model_dir = nli_model
        builders.append(lambda: LocalNLIJudge(model_dir))
    for build in builders:
        try:
            judge = FallbackJudge(build(), judge, errors=errors)
        except JudgeBackendError as exc:
            unavailable = FallbackJudge(None, judge, errors=errors)
            unavailable.disable(str(exc))
            judge = unavailable
    return judge
