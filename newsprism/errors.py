"""Every exception newsprism raises, in one hierarchy.

    NewsprismError
    ├── InputError            one input could not be used; others still are
    │   ├── MissingInputError     path or glob matches nothing
    │   ├── EmptyInputError       file or page has no content
    │   ├── BinaryInputError      bytes are not text (image, archive, executable)
    │   ├── EncodingError         text in an encoding we cannot identify
    │   ├── BrokenHtmlError       markup we cannot parse into a document
    │   ├── NotAnArticleError     an index, list or navigation page, not a report
    │   ├── UnsupportedInputError a file type we do not read
    │   └── FetchError            a URL that cannot be fetched (unreachable, HTTP error)
    ├── StoreError            the article store cannot be opened or written
    ├── ModelError            a bundled NLP model is missing or broken
    └── BackendError          an optional, configured backend failed; the offline
        │                     default takes over and the problem is named
        ├── JudgeBackendError     a configured NLI model or LLM judge is unreachable,
        │                         misconfigured or answers garbage (the built-in judge
        │                         takes over)
        └── LLMBackendError       an OpenAI-compatible endpoint is unreachable, times
                                  out, is misconfigured or gives no usable answer (the
                                  LLM judge re-raises it as a JudgeBackendError; the
                                  narrative writer keeps the extractive narrative)

Input errors always name the input and say what is wrong with it, so the closing summary
table can show one line per failed input.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class for all newsprism errors."""


class InputError(NewsprismError):
    """One input could not be ingested."""

    problem = "could not be read"

    def __init__(self, input: str, detail: str | None = None) -> None:
        self.input = input
        self.detail = detail
        message = f"{input}: {self.problem}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)


class MissingInputError(InputError):
    problem = "no such file, folder or glob match"


class EmptyInputError(InputError):
    problem = "is empty"


class BinaryInputError(InputError):
    problem = "is binary data, not text"


class EncodingError(InputError):
    problem = "is in an unknown text encoding"


class BrokenHtmlError(InputError):
    problem = "is broken HTML with no readable document"


class NotAnArticleError(InputError):
    problem = "is not an article (looks like an index, list or navigation page)"


class UnsupportedInputError(InputError):
    problem = "is not a supported input type"


class FetchError(InputError):
    problem = "could not be fetched"


class StoreError(NewsprismError):
    """The article store cannot be opened or written."""


class ModelError(NewsprismError):
    """A bundled model package is missing or cannot be loaded."""


class BackendError(NewsprismError):
    """An optional backend the user configured failed; never fatal to the analysis."""


class JudgeBackendError(BackendError):
    """A configured judge backend (NLI model directory, LLM endpoint) failed.

    The message names the backend and the problem; callers fall back to the built-in
    learned judge rather than stopping the analysis.
    """


class LLMBackendError(BackendError):
    """An OpenAI-compatible chat endpoint failed (:class:`newsprism.llm.ChatClient`).

    Kept apart from :class:`JudgeBackendError` because the endpoint serves more than the
    judge: the narrative writer catches this one and keeps the extractive narrative.
    The message names the endpoint and the problem.
    """
