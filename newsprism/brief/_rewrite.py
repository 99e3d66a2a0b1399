"""Optional LLM rewriting of the extractive narrative, every sentence checked by the judge.

The extractive narrative is made of source sentences, so it cannot state anything the
sources do not. A language model writes better prose but may add, merge wrongly or
misattribute; so each sentence it writes goes back to the sources it cites (its [n]
markers) and the judge decides whether they support it. Unsupported sentences are
dropped or flagged, and any failure of the writer leaves the extractive narrative as it
was, with a note saying why. Nothing the writer returns reaches the brief unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Literal, Protocol

from newsprism.errors import LLMBackendError
from newsprism.llm import ChatModel
from newsprism.models import BriefCitation, BriefNarrative, BriefSentence

Unsupported = Literal["drop", "flag"]


class SupportCheck(Protocol):
    """What the check says about one sentence (:class:`newsprism.judge.StatementCheck`)."""

    @property
    def supported(self) -> bool: ...

    @property
    def stance(self) -> str: ...

    @property
    def decided_by(self) -> str: ...

    @property
    def reason(self) -> str: ...


# (generated sentence, the source sentences it cites) -> the judge's call
Check = Callable[[str, Sequence[BriefCitation]], SupportCheck]

SYSTEM_PROMPT = """\
You rewrite the narrative of a news brief into fluent, concise prose. Each input sentence \
is taken from a news report and ends with source markers such as [2], the numbers of the \
reports it comes from; the reports' own sentences are listed under it when they differ.
Rules:
- Use only facts stated in the input. Add no facts, names, figures, dates, causes, \
motives or opinions, and draw no conclusions.
- Keep every figure, name, date and attribution ("police said") as the input gives it.
- End every sentence you write with the [n] markers of the input sentences its facts come \
from; a sentence that merges two input sentences carries the markers of both.
- Do not say how many sources report something: the markers show it.
- Write one paragraph per input paragraph, in the same order, separated by a blank line.
Answer with the rewritten paragraphs only: no title, no list, no comments."""

MAX_SNIPPET = 120
# Share of an input sentence's words a generated sentence must repeat to count as
# rewriting it (a paraphrase keeps names, figures and most nouns).
MERGED = 0.3
# "(5 sources, citing Regional police)" in a dispute sentence: the count is the brief's,
# not the reports', so no source sentence can support it; the markers carry it instead.
_SOURCE_COUNT = re.compile(r"\s*\(\d+ sources?(?:, citing ([^)]*))?\)")
_MARKER = re.compile(r"\s*\[(\d+(?:\s*(?:[,;]|-|–)\s*\d+)*)\]")
_FENCE = re.compile(r"```[\w-]*\n?(.*?)```", re.DOTALL)
_BULLET = re.compile(r"^\s*(?:[-*•]|#+)\s+")
# A sentence ends at . ! or ? (with closing quotes and any [n] markers after it) before
# white space and a capital, a digit, an opening quote or the end of the paragraph.
_END = re.compile(
    r"[.!?]+[\"”’')]*(?:\s*\[\d+(?:\s*(?:[,;]|-|–)\s*\d+)*\])*(?=\s+[\"“‘'(A-Z0-9]|\s*$)"
)
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Prof|Jr|Sr|a\.m|p\.m|"
    r"U\.S|U\.K|e\.g|i\.e|etc|approx)\.$",
    re.IGNORECASE,
)


def rewrite_narrative(
    narrative: BriefNarrative,
    writer: ChatModel,
    check: Check,
    *,
    unsupported: Unsupported = "drop",
) -> BriefNarrative:
    """The narrative rewritten by ``writer``, each sentence checked against its sources.

    The model gets the numbered extractive sentences with their [n] markers and the
    source sentences they cite, and is asked for fluent prose that keeps the markers and
    adds nothing. Each sentence of its answer is mapped back to the citations of its
    markers (one without markers is checked against every cited sentence) and passed to
    ``check``; an unsupported one is dropped into ``dropped`` or, with
    ``unsupported="flag"``, kept with ``supported=False``. When the writer fails, answers
    nothing usable, or none of its sentences is supported, the extractive narrative comes
    back unchanged with a note naming the endpoint and the problem.
    """
    if unsupported not in ("drop", "flag"):
        raise ValueError(f"unsupported must be 'drop' or 'flag', not {unsupported!r}")
    if not any(narrative.paragraphs):
        return narrative
    try:
        answer = writer.complete(system=SYSTEM_PROMPT, user=writer_prompt(narrative))
    except LLMBackendError as exc:
        return _kept(narrative, str(exc))
    parsed = parse_rewrite(answer)
    known = {c.source for s in _sentences(narrative) for c in s.citations}
    if not any(n in known for paragraph in parsed for _, numbers in paragraph for n in numbers):
        return _kept(
            narrative,
            f"LLM endpoint {writer.endpoint}: the answer cites no source with [n] markers "
            f"({_snippet(answer)!r})",
        )

    paragraphs: list[list[BriefSentence]] = []
    dropped: list[BriefSentence] = []
    written = 0
    for position, sentences in enumerate(parsed):
        near = narrative.paragraphs[position] if position < len(narrative.paragraphs) else []
        kept: list[BriefSentence] = []
        for text, numbers in sentences:
            written += 1
            sentence = _checked(text, numbers, near, narrative, check)
            if sentence.supported or unsupported == "flag":
                kept.append(sentence)
            else:
                dropped.append(sentence)
        if kept:
            paragraphs.append(kept)
    failed = dropped or [s for p in paragraphs for s in p if not s.supported]
    if len(failed) == written:
        return _kept(
            narrative,
            f"LLM endpoint {writer.endpoint}: none of the {written} sentences it wrote is "
            "supported by the sources",
        )
    notes = list(narrative.notes)
    if failed:
        action = "dropped" if unsupported == "drop" else "flagged"
        notes.append(
            f"{len(failed)} of {written} sentences the LLM wrote are not supported by the "
            f"sources and were {action}"
        )
    return BriefNarrative(
        paragraphs=paragraphs,
        method=f"llm: {writer.model}, checked by the judge",
        dropped=[*narrative.dropped, *dropped],
        notes=notes,
    )


def writer_prompt(narrative: BriefNarrative) -> str:
    """The narrative as the writer sees it: numbered paragraphs of marked sentences, each
    followed by the cited source sentences that differ from it."""
    blocks: list[str] = []
    for number, paragraph in enumerate(narrative.paragraphs, start=1):
        lines = [f"Paragraph {number}:"]
        for sentence in paragraph:
            text = _SOURCE_COUNT.sub(_citing, _MARKER.sub("", sentence.text)).strip()
            lines.append(f"- {text} {_markers(c.source for c in sentence.citations)}".rstrip())
            shown = {_folded(text)}
            for citation in sentence.citations:
                if _folded(citation.sentence) in shown:
                    continue
                shown.add(_folded(citation.sentence))
                lines.append(f"    [{citation.source}] {citation.outlet}: “{citation.sentence}”")
        blocks.append("\n".join(lines))
    return "Rewrite this narrative.\n\n" + "\n\n".join(blocks)


def parse_rewrite(answer: str) -> list[list[tuple[str, list[int]]]]:
    """Paragraphs of (sentence without markers, source numbers of its markers).

    Tolerant of what chat models wrap around prose: a code fence, a "Here is..." line,
    bullets, markers before or after the full stop, "[1, 3]" or "[1][3]".
    """
    fenced = _FENCE.search(answer)
    text = fenced.group(1) if fenced else answer
    paragraphs: list[list[tuple[str, list[int]]]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [_BULLET.sub("", line).strip(" *_") for line in block.splitlines()]
        lines = [line for line in lines if line]
        while lines and lines[0].endswith(":") and not _MARKER.search(lines[0]):
            lines.pop(0)  # "Here is the rewritten narrative:", "Paragraph 1:"
        joined = " ".join(lines)
        if not joined:
            continue
        sentences = [(_clean(piece), _numbers(piece)) for piece in _split(joined) if _clean(piece)]
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


def _split(paragraph: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(paragraph):
        end = match.end()
        ends_with_marker = paragraph[match.start() : end].rstrip().endswith("]")
        if not ends_with_marker and _ABBREVIATION.search(paragraph[start : match.start() + 1]):
            continue  # "Mr. Petrov", "4:30 a.m. on Tuesday"
        pieces.append(paragraph[start:end])
        start = end
    pieces.append(paragraph[start:])
    return [p.strip() for p in pieces if p.strip()]


def _numbers(text: str) -> list[int]:
    found: list[int] = []
    for match in _MARKER.finditer(text):
        for part in re.split(r"\s*[,;]\s*", match.group(1)):
            bounds = [int(n) for n in re.split(r"\s*[-–]\s*", part) if n]
            if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 20:
                found.extend(range(bounds[0], bounds[1] + 1))  # "[2-4]"
            else:
                found.extend(bounds)
    return list(dict.fromkeys(found))


def _clean(text: str) -> str:
    """The sentence without its markers, spaced as prose."""
    text = _MARKER.sub("", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))
    return text.strip()


def _checked(
    text: str,
    numbers: Sequence[int],
    near: Sequence[BriefSentence],
    narrative: BriefNarrative,
    check: Check,
) -> BriefSentence:
    """One generated sentence with the citations of its markers and the judge's call."""
    everything = _distinct(c for s in _sentences(narrative) for c in s.citations)
    origins = _origins(text, set(numbers), near, narrative)
    wanted = set(numbers)
    citations = _distinct(c for s in origins for c in s.citations if c.source in wanted)
    unmarked = not citations
    result = check(text, citations or everything)
    if unmarked:
        citations = _closest(text, everything)
        origins = [s for s in _sentences(narrative) if any(c in s.citations for c in citations)]
    kinds = {s.kind for s in origins}
    return BriefSentence(
        text=text,
        citations=citations,
        kind="dispute" if "dispute" in kinds else "lede" if "lede" in kinds else "fact",
        independent_sources=max((s.independent_sources for s in origins), default=0),
        generated=True,
        supported=result.supported,
        check=describe(result) + ("; it cites no source by [n]" if unmarked else ""),
    )


def _origins(
    text: str, wanted: set[int], near: Sequence[BriefSentence], narrative: BriefNarrative
) -> list[BriefSentence]:
    """The input sentences a generated sentence with markers ``wanted`` rewrites.

    Those whose sources its markers cover and whose words it largely repeats (it may
    merge several); then, for a marker still unexplained, the sentence citing it that
    shares the most markers and words with it. Its own paragraph is searched first.
    """
    if not wanted:
        return []
    words = _content(text)

    def share(sentence: BriefSentence) -> float:
        theirs = _content(sentence.text)
        return len(words & theirs) / max(1, len(theirs))

    pool = [*near, *(s for s in _sentences(narrative) if not any(s is n for n in near))]
    chosen = [s for s in pool if _sources(s) and _sources(s) <= wanted and share(s) >= MERGED]
    for number in sorted(wanted - _covered(chosen)):
        citing = [s for s in pool if number in _sources(s)]
        if citing:
            chosen.append(max(citing, key=lambda s: (len(_sources(s) & wanted), share(s))))
    return chosen


def _sources(sentence: BriefSentence) -> set[int]:
    return {c.source for c in sentence.citations}


def _covered(sentences: Iterable[BriefSentence]) -> set[int]:
    return {c.source for s in sentences for c in s.citations}


def describe(result: SupportCheck) -> str:
    """The judge's call in a few words: "not supported (rule: numbers): “27” where ..."."""
    if result.supported:
        verdict = "supported"
    elif result.stance == "contradict":
        verdict = "contradicted"
    else:
        verdict = "not supported"
    said = f"{verdict} ({result.decided_by})"
    return f"{said}: {result.reason}" if result.reason else said


def _closest(text: str, citations: Sequence[BriefCitation]) -> list[BriefCitation]:
    """For an unmarked sentence: the cited sentences sharing the most words with it."""
    mine = _content(text)
    scored = [(len(mine & _content(c.sentence)), c) for c in citations]
    best = max((score for score, _ in scored), default=0)
    return [c for score, c in scored if score == best and best > 0][:3]


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3}


def _sentences(narrative: BriefNarrative) -> list[BriefSentence]:
    return [s for paragraph in narrative.paragraphs for s in paragraph]


def _distinct(citations: Iterable[BriefCitation]) -> list[BriefCitation]:
    seen: dict[tuple[int, str, str], BriefCitation] = {}
    for citation in citations:
        seen.setdefault((citation.source, citation.article_id, citation.sentence), citation)
    return sorted(seen.values(), key=lambda c: c.source)


def _citing(match: re.Match[str]) -> str:
    return f" (citing {match.group(1)})" if match.group(1) else ""


def _markers(numbers: Iterable[int]) -> str:
    return "".join(f"[{n}]" for n in sorted(set(numbers)))


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _snippet(text: str) -> str:
    return " ".join(text.split())[:MAX_SNIPPET]


def _kept(narrative: BriefNarrative, problem: str) -> BriefNarrative:
    return replace(
        narrative, notes=[*narrative.notes, f"{problem}; the extractive narrative is kept"]
    )
