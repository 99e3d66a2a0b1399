"""A small client for OpenAI-compatible chat-completions endpoints.

The LLM judge (:mod:`newsprism.nli._llm`) and the narrative writer
(:func:`newsprism.brief.rewrite_narrative`) both talk to the same kind of server (vLLM,
llama.cpp, Ollama, LM Studio, a hosted API), configured by the same ``NEWSPRISM_LLM_*``
variables (see :mod:`newsprism.nli`), so the HTTP part and its error messages live here
once. Every failure is an :class:`~newsprism.errors.LLMBackendError` that names the
endpoint and the problem, because the caller shows it to the user and falls back to its
offline default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol

import httpx

from newsprism.errors import LLMBackendError

DEFAULT_TIMEOUT = 30.0

__all__ = [
    "DEFAULT_TIMEOUT",
    "ChatClient",
    "ChatModel",
    "EndpointSettings",
    "endpoint_settings",
]


class ChatModel(Protocol):
    """Anything that answers a chat: :class:`ChatClient`, or a stand-in in tests."""

    @property
    def endpoint(self) -> str: ...

    @property
    def model(self) -> str: ...

    def complete(
        self,
        messages: Sequence[Mapping[str, str]] | None = None,
        *,
        system: str | None = None,
        user: str | None = None,
        temperature: float = 0.0,
    ) -> str:
        """The assistant's answer; raises LLMBackendError on any failure."""
        ...


class EndpointSettings(NamedTuple):
    """What the NEWSPRISM_LLM_* variables say (unchecked apart from the timeout)."""

    url: str
    model: str
    api_key: str | None
    timeout: float


def endpoint_settings(env: Mapping[str, str] | None = None) -> EndpointSettings:
    """Reads NEWSPRISM_LLM_URL / _MODEL / _API_KEY / _TIMEOUT (default 30 s).

    A timeout that is not a positive number is an error here, not a silent default: the
    user asked for something and should learn it was not understood.
    """
    env = os.environ if env is None else env
    url = env.get("NEWSPRISM_LLM_URL", "")
    raw_timeout = env.get("NEWSPRISM_LLM_TIMEOUT", "").strip()
    try:
        timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
    except ValueError:
        timeout = -1.0
    if not timeout > 0:
        raise LLMBackendError(
            f"LLM endpoint {url or '(unset)'}: NEWSPRISM_LLM_TIMEOUT={raw_timeout!r} "
            "is not a positive number of seconds"
        )
    return EndpointSettings(
        url, env.get("NEWSPRISM_LLM_MODEL", ""), env.get("NEWSPRISM_LLM_API_KEY") or None, timeout
    )


class ChatClient:
    """Sends chat messages to ``{url}/chat/completions`` and returns the answer text.

    Pass ``client`` to swap the transport (tests, proxies); a client made here is closed
    by :meth:`close`.
    """

    def __init__(
        self,
        url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        client: httpx.Client | None = None,
    ) -> None:
        if not url.strip():
            raise LLMBackendError("LLM: no endpoint URL (set NEWSPRISM_LLM_URL)")
        self._endpoint = url.strip().rstrip("/") + "/chat/completions"
        if not model.strip():
            raise LLMBackendError(
                f"LLM endpoint {self._endpoint}: no model name (set NEWSPRISM_LLM_MODEL)"
            )
        self._model = model.strip()
        self.timeout = timeout
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._owns_client = client is None
        self._client = client or httpx.Client(timeout=timeout)

    @property
    def endpoint(self) -> str:
        """The full chat-completions URL, as error messages name it."""
        return self._endpoint

    @property
    def model(self) -> str:
        return self._model

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, client: httpx.Client | None = None
    ) -> ChatClient:
        """The client the NEWSPRISM_LLM_* variables describe."""
        settings = endpoint_settings(env)
        return cls(
            settings.url,
            settings.model,
            api_key=settings.api_key,
            timeout=settings.timeout,
            client=client,
        )

    def close(self) -> None:
        """Closes the HTTP client if this object made it."""
        if self._owns_client:
            self._client.close()

    def error(self, problem: str) -> LLMBackendError:
        """An error naming this endpoint, for callers that find the answer unusable."""
        return LLMBackendError(f"LLM endpoint {self._endpoint}: {problem}")

    def complete(
        self,
        messages: Sequence[Mapping[str, str]] | None = None,
        *,
        system: str | None = None,
        user: str | None = None,
        temperature: float = 0.0,
    ) -> str:
        """The model's answer to ``messages``, or to one ``system`` + ``user`` exchange.

        Temperature 0 by default: both callers want the most likely answer, and a rerun
        should give the same brief.
        """
        if messages is None:
            messages = [
                *([{"role": "system", "content": system}] if system else []),
                {"role": "user", "content": user or ""},
            ]
        elif system is not None or user is not None:
            raise ValueError("pass either messages or system/user, not both")
        body = {
            "model": self._model,
            "temperature": temperature,
            "messages": [dict(m) for m in messages],
        }
        try:
            response = self._client.post(
                self._endpoint, json=body, headers=self._headers, timeout=self.timeout
            )
        except httpx.TimeoutException:
            raise self.error(f"no answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise self.error(f"unreachable ({type(exc).__name__}: {exc})") from None
        if response.status_code != 200:
            snippet = " ".join(response.text.split())[:200]
            raise self.error(f"HTTP {response.status_code} ({snippet})")
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            snippet = " ".join(response.text.split())[:200]
            raise self.error(f"not a chat-completions answer ({snippet!r})") from None
        if not isinstance(content, str) or not content.strip():
            raise self.error("the model's answer is empty")
        return content
