"""Clauses: split a sentence that states several facts into atomic claims.

News sentences pack facts together: "The governor, who declared a state of emergency at
7 a.m., ordered all schools closed" states two things, and another outlet may report
only one of them. Each fact must be matchable on its own, so a sentence is split at
coordinated verbs ("declared ... and ordered ..."), relative clauses (the antecedent
replaces "who"/"which") and event clauses ("hours after the dam breached"). Reported
speech is never split from its speaker: "X said that Y" stays one claim.

Hand-written over the dependency parse spaCy already made, because no maintained
library splits clauses from a spaCy parse; the rules are few and conservative, and a
sentence whose pieces would be fragments is kept whole.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

MIN_CLAUSE_WORDS = 4  # shorter pieces are fragments, not claims
_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_EVENT_MARKERS = {"after", "before", "as", "when", "while", "since", "until"}
_SPLIT_DEPS = {"conj", "relcl", "advcl"}
_SPEECH_VERBS = {"say", "tell", "add", "warn", "announce"}


def split_clauses(sentence: Span) -> list[str]:
    """The sentence's atomic clauses as readable text; [] when it states one thing."""
    quoted = _quoted_tokens(sentence)
    heads = [t for t in sentence if _is_clause_head(t) and t.i not in quoted]
    if not heads:
        return []
    head_ids = {t.i for t in heads}
    pieces: list[str] = []
    # The main clause is what remains once the split-off clauses are taken out.
    main_tokens = [
        t for t in sentence if not _inside_any(t, head_ids) and not _is_dangling_link(t, heads)
    ]
    pieces.append(_text(_drop_orphan_commas(main_tokens, _outermost(heads, None, head_ids))))
    owned = [{t.i for t in main_tokens}]
    for head in heads:
        tokens = [t for t in head.subtree if _owner(t, head_ids) == head.i]
        tokens = [t for t in tokens if not _is_dangling_link(t, heads)]
        owned.append({t.i for t in tokens})
        full = _with_subject(head, tokens)
        if full[0].i not in owned[-1] and full[0].i > tokens[0].i:
            return []  # the parse put the subject after its clause: not to be trusted
        nested = _outermost(heads, head.i, head_ids)
        pieces.append(_text(_drop_orphan_commas(full, nested)))
    if sum(map(len, owned)) != len(set().union(*owned)):
        return []  # a word would land in two clauses: the parse is not a clean split
    if any(not any(sentence.doc[i].pos_ in {"VERB", "AUX"} for i in ids) for ids in owned):
        return []  # every piece must state something
    if any(len(piece.split()) < MIN_CLAUSE_WORDS for piece in pieces):
        return []
    return pieces


_QUOTE_MARKS = {'"', "“", "”", "«", "»"}


def _quoted_tokens(sentence: Span) -> set[int]:
    """Tokens inside quotation marks: a speaker's words are quoted whole, never split."""
    inside, quoted = False, set()
    for token in sentence:
        if token.text in _QUOTE_MARKS:
            inside = not inside if token.text == '"' else token.text in {"“", "«"}
            continue
        if inside:
            quoted.add(token.i)
    # an unbalanced mark: the sentence opens or closes a quote that spans sentences
    if inside or any(t.text in {"”", "»"} for t in sentence[:1]):
        return {t.i for t in sentence}
    return quoted


def _outermost(heads: list[Token], owner: int | None, head_ids: set[int]) -> list[Token]:
    """The clause heads taken out directly from the clause headed by ``owner``."""
    return [h for h in heads if h.i != owner and _owner(h.head, head_ids) == owner]


def _is_clause_head(token: Token) -> bool:
    if token.dep_ not in _SPLIT_DEPS or token.pos_ not in {"VERB", "AUX"}:
        return False
    if token.dep_ == "conj" and token.head.pos_ not in {"VERB", "AUX"}:
        return False
    if token.dep_ == "advcl":
        markers = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if not markers & _EVENT_MARKERS:
            return False  # "to reduce pressure", "saying ..." belong to their clause
        subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
        if any(c.dep_ == "conj" for s in subjects for c in s.children):
            return False  # "after midnight and water reached": attachment is a guess
    # never split reported speech from its speaker: "X said ... and added ..."
    return not (token.dep_ == "conj" and token.head.lemma_ in _SPEECH_VERBS)


def _owner(token: Token, head_ids: set[int]) -> int | None:
    """The innermost split-off clause head this token belongs to (None: the main clause)."""
    current = token
    while True:
        if current.i in head_ids:
            return current.i
        if current.head.i == current.i:
            return None
        current = current.head


def _inside_any(token: Token, head_ids: set[int]) -> bool:
    return _owner(token, head_ids) is not None


def _drop_orphan_commas(tokens: list[Token], removed: list[Token]) -> list[Token]:
    """Tidy the commas that bracketed a clause now taken out: both go for a relative
    clause ("Kavalenka, who ..., said" -> "Kavalenka said"), one stays otherwise."""
    kept = sorted(tokens, key=lambda t: t.i)
    drop: set[int] = set()
    for head in removed:
        span = [t.i for t in head.subtree]
        left, right = min(span), max(span)
        before = next((t for t in reversed(kept) if t.i < left), None)
        after = next((t for t in kept if t.i > right), None)
        commas = [t for t in (before, after) if t is not None and t.text in {",", "—", "–"}]
        if head.dep_ == "relcl" and len(commas) == 2:
            drop.update(t.i for t in commas)
        elif len(commas) == 2:
            drop.add(commas[1].i)
        elif commas and commas[0] is before and (after is None or after.is_punct):
            drop.add(commas[0].i)
    return [t for t in kept if t.i not in drop]


def _is_dangling_link(token: Token, heads: list[Token]) -> bool:
    """ "and"/"but" before a split conjunct, "(hours) after" before a split event clause."""
    for head in heads:
        if token.head.i == head.i and token.dep_ == "mark":
            return True
        if (
            head.dep_ == "advcl"
            and token.i < head.i
            and token.dep_ == "npadvmod"
            and (token.head.i == head.i or token.head.dep_ == "mark")
        ):
            return True
        if (
            head.dep_ == "conj"
            and token.dep_ in {"cc", "punct"}
            and token.head.i == head.head.i
            and head.head.i < token.i < head.i
        ):
            return True
    return False


def _with_subject(head: Token, tokens: list[Token]) -> list[Token]:
    """Give a clause its subject: the antecedent of a relative pronoun, or the subject of
    the verb a conjunct shares it with."""
    if head.dep_ == "relcl":
        antecedent = [t for t in _noun_phrase(head.head)]
        kept = [t for t in tokens if not (t.lower_ in _RELATIVE_PRONOUNS and t.dep_ in _SUBJECTS)]
        if len(kept) < len(tokens):
            return antecedent + kept
        return tokens
    if head.dep_ == "conj" and not any(c.dep_ in _SUBJECTS for c in head.children):
        subject = next((c for c in head.head.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return [*_noun_phrase(subject), *tokens]
    return tokens


def _noun_phrase(token: Token) -> list[Token]:
    """The noun with its modifiers, without any clause or apposition hanging off it."""
    skip = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"}
    kept = [token]
    for child in token.children:
        if child.dep_ not in skip:
            kept.extend(child.subtree)
    return sorted(kept, key=lambda t: t.i)


def _text(tokens: list[Token]) -> str:
    """Tokens as a tidy sentence: original spacing, no stray commas, capital, full stop."""
    ordered = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    text = "".join(
        t.text + (t.whitespace_ if n + 1 < len(ordered) and ordered[n + 1].i == t.i + 1 else " ")
        for n, t in enumerate(ordered)
    )
    text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))
    text = re.sub(r"(?<!\.)\.\.(?!\.)", ".", text.replace(",,", ",")).strip(" ,;:—–-")
    while text.endswith((",", ";", ":")):
        text = text[:-1].rstrip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "”", '"')) else text + "."
