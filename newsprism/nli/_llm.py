"""A judge backed by an OpenAI-compatible chat-completions endpoint.

Any server that speaks ``POST {base}/chat/completions`` works (vLLM, llama.cpp, Ollama,
LM Studio, a hosted API); the HTTP part is :class:`newsprism.llm.ChatClient`, shared with
the narrative writer. Several pairs go into one request to keep the request count (and
cost) low; the model answers strict JSON, which is parsed tolerantly (code fences, prose
around it) but checked strictly (one item per pair, known labels), because a wrong answer
that looks right is worse than falling back to the built-in judge.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import httpx

from newsprism.errors import JudgeBackendError, LLMBackendError
from newsprism.llm import DEFAULT_TIMEOUT, ChatClient, endpoint_settings
from newsprism.models import PairJudgement, Stance
from newsprism.nli._base import PairVectors
from newsprism.nli._local import stance_for_label

MAX_CHARS = 1500  # per statement: news sentences are short; this bounds a runaway input

SYSTEM_PROMPT = """\
You compare pairs of statements from news reports. For each pair, decide how statement B \
relates to statement A:
- "agree": B says the same as A or follows from it (consistent, supporting);
- "contradict": A and B cannot both be true (different figures, names, dates or outcomes \
for the same thing, or one denies the other);
- "unrelated": they are about different things, or B neither follows from nor conflicts \
with A.
Answer with JSON only, no prose:
{"results": [{"id": 1, "stance": "agree|contradict|unrelated", "confidence": 0.0-1.0, \
"reason": "at most 15 words"}]}
Give exactly one result per pair, with the pair's id, in the order given."""


@contextmanager
def _as_judge_error() -> Iterator[None]:
    """The endpoint's errors, as the judge error :class:`FallbackJudge` falls back on."""
    try:
        yield
    except LLMBackendError as exc:
        raise JudgeBackendError(str(exc)) from exc


class LLMJudge:
    """Judges pairs by asking a chat model, ``batch_size`` pairs per request.

    Build it from the environment with :meth:`from_env`; pass ``client`` to swap the
    transport (tests, proxies), as :func:`newsprism.ingest.ingest` does.
    """

    def __init__(
        self,
        url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        batch_size: int = 8,
        client: httpx.Client | None = None,
    ) -> None:
        if not url.strip():
            raise JudgeBackendError("LLM judge: no endpoint URL (set NEWSPRISM_LLM_URL)")
        with _as_judge_error():
            self.chat = ChatClient(url, model, api_key=api_key, timeout=timeout, client=client)
        self.endpoint = self.chat.endpoint
        self.model = self.chat.model
        self.name = f"llm: {self.model}"
        self.batch_size = max(1, batch_size)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, client: httpx.Client | None = None
    ) -> LLMJudge:
        """The judge the NEWSPRISM_LLM_* variables describe (see :mod:`newsprism.nli`)."""
        with _as_judge_error():
            settings = endpoint_settings(env)
        return cls(
            settings.url,
            settings.model,
            api_key=settings.api_key,
            timeout=settings.timeout,
            client=client,
        )

    def close(self) -> None:
        """Closes the HTTP client if this judge made it."""
        self.chat.close()

    def _error(self, problem: str) -> JudgeBackendError:
        return JudgeBackendError(f"LLM endpoint {self.endpoint}: {problem}")

    def judge(
        self, pairs: Sequence[tuple[str, str]], vectors: PairVectors | None = None
    ) -> list[PairJudgement]:
        """One judgement per pair, in order; vectors are not used."""
        judgements: list[PairJudgement] = []
        for start in range(0, len(pairs), self.batch_size):
            judgements.extend(self._judge_batch(pairs[start : start + self.batch_size]))
        return judgements

    def _judge_batch(self, pairs: Sequence[tuple[str, str]]) -> list[PairJudgement]:
        content = self._ask(pairs)
        items = self._items(content, len(pairs))
        return [self._judgement(item, i) for i, item in enumerate(items, 1)]

    def _ask(self, pairs: Sequence[tuple[str, str]]) -> str:
        numbered = [
            {"id": i, "A": a[:MAX_CHARS], "B": b[:MAX_CHARS]} for i, (a, b) in enumerate(pairs, 1)
        ]
        with _as_judge_error():
            return self.chat.complete(
                system=SYSTEM_PROMPT, user=json.dumps(numbered, ensure_ascii=False)
            )

    def _items(self, content: str, expected: int) -> list[dict[str, Any]]:
        """The per-pair objects in the model's answer, in pair order."""
        parsed = _find_json(content)
        if parsed is None:
            raise self._error(f"the model's answer is not JSON ({_snippet(content)!r})")
        items = _result_list(parsed)
        if items is None or not all(isinstance(item, dict) for item in items):
            raise self._error(f"the model's JSON has no list of results ({_snippet(content)!r})")
        if len(items) != expected:
            raise self._error(f"the model gave {len(items)} results for {expected} pairs")
        ids = [item.get("id") for item in items]
        if all(isinstance(i, int) for i in ids) and sorted(ids) == list(range(1, expected + 1)):
            items = sorted(items, key=lambda item: item["id"])
        return items

    def _judgement(self, item: dict[str, Any], number: int) -> PairJudgement:
        label = item.get("stance", item.get("label"))
        stance = stance_for_label(label) if isinstance(label, str) else None
        if stance is None:
            raise self._error(f"pair {number}: unknown stance {label!r}")
        confidence = _confidence(item.get("confidence"))
        if confidence is None:
            raise self._error(f"pair {number}: confidence {item.get('confidence')!r} is not 0..1")
        rest = (1.0 - confidence) / 2  # the model names one stance; split the rest evenly
        probabilities = {s.value: (confidence if s is stance else rest) for s in Stance}
        reason = item.get("reason")
        return PairJudgement(
            stance=stance,
            confidence=confidence,
            decided_by=self.name,
            probabilities=probabilities,
            reason=reason.strip() if isinstance(reason, str) else "",
        )


def _snippet(text: str) -> str:
    return " ".join(text.split())[:120]


_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


def _find_json(text: str) -> Any:
    """The first JSON object or array in ``text``: fenced, bare, or inside prose."""
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        candidate = candidate.strip()
        try:
            return json.loads(candidate)
        except ValueError:
            pass
        for start, char in enumerate(candidate):
            if char in "{[":
                try:
                    return decoder.raw_decode(candidate, start)[0]
                except ValueError:
                    continue
    return None


def _result_list(parsed: Any) -> list[Any] | None:
    """Accepts a bare list, {"results": [...]}, a dict with one list, or one bare item."""
    if isinstance(parsed, list):
        return parsed
    if not isinstance(parsed, dict):
        return None
    if isinstance(parsed.get("results"), list):
        return list(parsed["results"])
    lists = [value for value in parsed.values() if isinstance(value, list)]
    if len(lists) == 1:
        return list(lists[0])
    if "stance" in parsed:
        return [parsed]
    return None


def _confidence(value: Any) -> float | None:
    """0..1 from a number or numeric string; a percentage (1 < x <= 100) is scaled.

    A missing confidence counts as 0.5: the stance is still the model's answer, and a
    whole batch should not be lost for a forgotten field.
    """
    if value is None:
        return 0.5
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().rstrip("%"))
        except ValueError:
            return None
    if not isinstance(value, int | float) or value != value:  # NaN
        return None
    number = float(value)
    if 1.0 < number <= 100.0:
        number /= 100.0
    return number if 0.0 <= number <= 1.0 else None
