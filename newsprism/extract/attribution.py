"""Attribution: who a sentence says its claim comes from.

"according to the Red Cross", "Zhabinski told reporters", "said Mayor Nadia Sorokina",
"state media reported". Read from the dependency tree of the speech verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SPEECH_VERBS = {
    "say", "tell", "report", "announce", "estimate", "confirm", "state", "add", "warn",
    "claim", "write", "insist", "acknowledge", "note", "put", "count", "explain", "declare",
    "describe", "cite", "quote", "post",
}  # fmt: skip
_DETERMINERS = {"the", "a", "an"}


def find_attribution(span: Span) -> str | None:
    """The speaker or origin a sentence cites, as written; None if it cites nobody."""
    for token in span:
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if token.lower_ == "according" and following is not None and following.lower_ == "to":
            objects = [c for c in following.children if c.dep_ == "pobj"]
            if objects:
                return _phrase(objects[0])
    for token in span:
        if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in SPEECH_VERBS:
            subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subjects and subjects[0].lower_ not in {"it", "which", "that", "who"}:
                return _phrase(subjects[0])
    return None


def _phrase(head: Token) -> str:
    """The subject's words up to a comma or a relative clause: the name, not its gloss."""
    words: list[str] = []
    for token in head.subtree:
        if words and (
            token.text in {",", "(", "—", "–"} or token.dep_ in {"relcl", "acl", "appos"}
        ):
            break
        if token.dep_ == "punct" and token.text not in {"-", "'", "’", "."}:
            continue
        words.append(token.text_with_ws)
    text = "".join(words).strip()
    first, _, rest = text.partition(" ")
    if first.lower() in _DETERMINERS and rest:
        text = rest
    return text
