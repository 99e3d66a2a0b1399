"""Attribution: who a sentence says its claim comes from.

"according to the Red Cross", "Zhabinski told reporters", "said Mayor Nadia Sorokina",
"state media reported". Read from the dependency tree of the speech verb, skipping words
inside quotation marks (a quoted "I told them" is not the sentence's source).

The helpers here (speech verbs, quotation-mark scanning, subject and name phrases) are
shared with :mod:`newsprism.extract.quotes`, which builds on them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from newsprism.extract._names import TITLES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SPEECH_VERBS = {
    "say", "tell", "report", "announce", "estimate", "confirm", "state", "add", "warn",
    "claim", "write", "insist", "acknowledge", "note", "put", "count", "explain", "declare",
    "describe", "cite", "quote", "post", "deny", "stress", "recall", "ask", "admit", "reply",
    "tweet",
}  # fmt: skip

# Irregular and regular forms, for when the lemmatizer fails (ALL CAPS, odd casing).
_IRREGULAR = {
    "said": "say", "says": "say", "saying": "say", "told": "tell", "tells": "tell",
    "telling": "tell", "wrote": "write", "written": "write", "writes": "write",
    "writing": "write", "denied": "deny", "denies": "deny", "replied": "reply",
    "replies": "reply", "put": "put", "puts": "put",
}  # fmt: skip
# Past forms that are verbs whatever the tagger thinks (it tags "SAID" as a proper noun).
_UNAMBIGUOUS = {"said", "says", "told", "wrote", "added", "insisted", "stressed", "denied"}

_DETERMINERS = {"the", "a", "an"}
NAMED = {"PERSON", "ORG", "NORP", "GPE", "FAC"}  # entity labels that can speak
PRONOUNS = {
    "i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "one",
    "who", "which", "that", "this", "these", "those", "someone", "somebody", "nobody",
    "everyone", "everybody", "anyone", "anybody", "whom", "what", "there", "each", "all",
}  # fmt: skip
_RELATIVE = {"who", "which", "that", "whom"}
# Verbs that put the speaker after them ("said Mayor Nadia Sorokina"); "told reporters",
# "cited figures", "confirmed the deaths" have their object there, not a speaker.
_INVERTING = {
    "say", "add", "write", "explain", "insist", "note", "reply", "state", "recall", "admit",
    "acknowledge", "stress", "claim", "declare", "continue", "remark", "comment", "respond",
}  # fmt: skip
# Verbs whose participle reports a reason or figure, not a source: "citing higher prices".
_OBJECT_VERBS = {"cite", "quote", "describe", "put", "count", "estimate"}
# Words that make a name an organisation's: "Lesna Hydro", "Interior Ministry".
ORG_WORDS = {
    "ministry", "council", "police", "service", "services", "agency", "hydro", "company",
    "group", "office", "department", "media", "news", "radio", "tv", "television", "railways",
    "cross", "crescent", "committee", "commission", "government", "party", "union", "bank",
    "university", "hospital", "court", "army", "authority", "press", "daily", "times",
    "institute", "foundation", "association", "corporation", "inc", "ltd", "plc", "airlines",
    "firm", "operator", "utility", "brigade", "ngo", "charity", "prosecutors", "officials",
    "parliament", "administration", "embassy", "military", "network", "channel", "newspaper",
    "organisation", "organization",
}  # fmt: skip

# Words that end a title or rank before a name: "Mayor Nadia Sorokina", "Regional governor
# Aliaksandr Kavalenka", "Dravsk mayor Nadia Sorokina". The name is what follows the last one.
TITLE_WORDS = (TITLES - {"the"}) | {
    "representative", "mp", "mep", "speaker", "premier", "chancellor", "economist", "analyst",
    "manager", "teacher", "resident", "official", "expert", "researcher", "founder", "owner",
    "chair", "pope", "councillor", "defence", "defense", "health", "finance", "state",
}  # fmt: skip

# Where words were said or posted: "in a statement", "at a press conference", "on X".
POSTS = {
    "post", "message", "video", "tweet", "update", "channel", "account", "page", "feed",
    "livestream", "stream", "statement", "comment", "comments", "story", "thread", "clip",
}  # fmt: skip
CHANNELS = POSTS | {
    "conference", "briefing", "interview", "address", "speech", "broadcast", "television",
    "tv", "radio", "podcast", "blog", "website", "newsletter", "letter", "email", "e-mail",
    "rally", "meeting", "session", "hearing", "summit", "debate", "ceremony", "event",
    "announcement", "appearance", "programme", "program", "show", "note", "release",
}  # fmt: skip
# Opening mark -> the marks that close it.
_PAIRS = {
    "“": "”",
    "«": "»",
    "„": "“”",
    "‘": "’",
    "‹": "›",
    "‚": "‘’",
    '"': '"',
    "'": "'",
    "”": "”",  # some sites use ” for both ends
}
_QUOTE_MARKS = set("“”«»„‘’‹›‚\"'")
_SINGLE = {"‘", "'", "‹", "‚"}  # an unclosed single mark is an apostrophe, not a quote
_OPENING_ONLY = {"“", "«", "„"}  # unambiguous openers
_LATER_CLOSER = {mark: re.compile(mark + r"(?!\w)") for mark in "’'"}
_ORPHAN_CLOSERS = {"”", "»", '"'}  # closers that may end a quote begun before the text


class QuotedRegion(NamedTuple):
    """Characters inside one pair of quotation marks (the marks themselves excluded)."""

    start: int  # first character inside the opening mark (0 when opened before the text)
    end: int  # the closing mark's offset, or len(text) when never closed
    depth: int  # 0 for an outer quote, 1 for a quote inside it, ...
    closed: bool
    opened: bool = True  # False: only the closing mark is in the text


def quoted_regions(text: str, *, orphans: bool = False) -> list[QuotedRegion]:
    """Every quoted stretch of ``text``, outer quotes first by position.

    Straight marks are paired by context (an opener follows a space and precedes a word);
    ‘…’ closes at a ’ that is followed by a non-letter, so apostrophes (don’t, town’s) do
    not end a quote. An unclosed double quote runs to the end of the text (a quote that
    continues into the next paragraph); an unclosed single one is dropped. With
    ``orphans``, a closing mark with no opener ends a quote that began before ``text``
    (a sentence in the middle of a quotation).
    """
    found: list[tuple[int, int, bool, bool]] = []
    stack: list[tuple[str, int]] = []
    size = len(text)
    for i, ch in enumerate(text):
        if ch not in _PAIRS and ch not in "”»’›":
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < size else " "
        level = _closes(stack, ch, text, i, prev, nxt)
        if level is not None:
            del stack[level + 1 :]  # unclosed apostrophe-like marks inside it
            _mark, start = stack.pop()
            found.append((start, i, True, True))
            continue
        if ch in _PAIRS and _opens(ch, prev, nxt, bool(stack)):
            stack.append((ch, i + 1))
            continue
        if orphans and ch in _ORPHAN_CLOSERS and not stack and not found and prev != " ":
            found.append((0, i, True, False))
    for mark, start in stack:
        if mark not in _SINGLE:
            found.append((start, size, False, True))
    found.sort(key=lambda r: (r[0], -r[1]))
    regions: list[QuotedRegion] = []
    for start, end, closed, opened in found:
        if not text[start:end].strip():
            continue
        depth = sum(1 for r in regions if r.start <= start and end <= r.end)
        regions.append(QuotedRegion(start, end, depth, closed, opened))
    return regions


def _closes(
    stack: list[tuple[str, int]], ch: str, text: str, i: int, prev: str, nxt: str
) -> int | None:
    """The stack level ``ch`` closes, or None."""
    for level in range(len(stack) - 1, -1, -1):
        mark = stack[level][0]
        if ch in _PAIRS[mark] and _can_close(mark, ch, text, i, prev, nxt):
            return level
        if mark not in _SINGLE:  # only unclosed apostrophe-like marks may be skipped over
            return None
    return None


def _can_close(mark: str, ch: str, text: str, i: int, prev: str, nxt: str) -> bool:
    if ch in "’'":
        if nxt.isalnum() or prev.isspace():
            return False  # don’t, ’90s
        if prev in "sS" and nxt == " " and text[i + 2 : i + 3].islower():
            # "residents’ homes": a plural possessive, unless no other closer follows
            return _LATER_CLOSER[ch].search(text, i + 1) is None
        return True
    if ch == '"' or (ch == "”" and mark == "”"):
        return not prev.isspace() or not nxt.isalnum()
    return True


def _opens(ch: str, prev: str, nxt: str, nested: bool) -> bool:
    if nxt.isspace() and ch not in "«‹":
        return False
    if ch in _OPENING_ONLY:
        return True
    if prev.isalnum():
        return False
    if ch in "‘'‚":
        return nxt.isalpha() or nxt in '“"«'
    if ch == "”":
        return not nested and (prev.isspace() or prev in "([—–:") and nxt.isalnum()
    return True


def quoted_token_mask(span: Span) -> list[bool]:
    """For each token of ``span``: is it inside quotation marks (within the span)?"""
    regions = quoted_regions(span.text, orphans=True)
    if not regions:
        return [False] * len(span)
    base = span.start_char
    mask = []
    for token in span:
        offset = token.idx - base
        mask.append(any(r.start <= offset < r.end for r in regions))
    return mask


def speech_lemma(token: Token, verbs: set[str] | frozenset[str] = SPEECH_VERBS) -> str | None:
    """The lemma of ``token`` if it is one of ``verbs`` used as a verb, else None."""
    lower = token.lower_
    if token.pos_ not in {"VERB", "AUX"} and lower not in _UNAMBIGUOUS:
        return None
    if token.dep_ in {"amod", "compound", "nmod"}:
        return None
    lemma = token.lemma_.lower()
    if lemma not in verbs:
        lemma = _IRREGULAR.get(lower) or _regular_lemma(lower, verbs) or ""
    return lemma if lemma in verbs else None


def _regular_lemma(form: str, verbs: set[str] | frozenset[str]) -> str | None:
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""),
                         ("ed", "e"), ("d", ""), ("s", "")):  # fmt: skip
        if form.endswith(suffix) and form[: -len(suffix)] + repl in verbs:
            return form[: -len(suffix)] + repl
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def subject_of(verb: Token, lemma: str | None = None) -> Token | None:
    """The head of the speaker phrase of a speech verb; "according" gives its object.

    Handles inversion ("said Mayor Nadia Sorokina"), relative clauses ("officials, who
    said ..."), a shared subject ("visited the hall and said"; "..., adding that") and the
    passive ("residents were told": the agent, if any, never the addressee).
    """
    if verb.lower_ == "according":
        nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
        if nxt is None or nxt.lower_ != "to":
            return None
        objects = [c for c in nxt.children if c.dep_ == "pobj"]
        return objects[0] if objects else None
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    if subjects:
        # two subjects is a misparse ("…all of them,’ the governor said"): the nearer one
        child = min(subjects, key=lambda c: abs(c.i - verb.i))
        if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
            return verb.head
        return child
    lemma = lemma or verb.lemma_.lower()
    if lemma in _INVERTING and _after_report(verb):  # inverted: "…,” said Mayor Nadia Sorokina"
        for child in verb.rights:
            if child.i - verb.i > 4:
                break
            if (
                child.dep_ in {"dobj", "attr", "npadvmod", "appos", "oprd", "dep", "nsubj"}
                and child.pos_ in {"PROPN", "NOUN"}
                and child.ent_type_ not in {"DATE", "TIME"}
            ):
                return child
    head = verb.head
    if (
        lemma not in _OBJECT_VERBS
        and verb.dep_ in {"conj", "advcl"}
        and head.i != verb.i
        and head.pos_ in {"VERB", "AUX"}
        and head.dep_ not in {"ccomp", "xcomp", "pcomp", "acl"}  # not a reported clause's subject
    ):
        for child in head.children:
            if child.dep_ == "nsubj":
                if child.lower_ in _RELATIVE and head.dep_ == "relcl":
                    return head.head
                return child
    return None


def _after_report(verb: Token) -> bool:
    """The verb follows what was said: "…,” said X", "Two died, said the police"."""
    if verb.i > 0 and verb.nbor(-1).text in {",", "”", '"', "’", "'", "»", "—", "–"}:
        return True
    return any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)


def entity_span(token: Token) -> Span | None:
    """The named entity ``token`` belongs to, if any (its label is ``token.ent_type_``)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def appositive_person(head: Token) -> Token | None:
    """A PERSON named beside a role noun: "The mayor of Dravsk, Nadia Sorokina, said"."""
    for token in head.subtree:
        if token.dep_ == "appos" and token.ent_type_ == "PERSON" and token.i != head.i:
            return token
    return None


def display_name(text: str, *, person: bool = True) -> str:
    """A name as written, without leading article, titles (for a person) or possessive."""
    text = " ".join(text.split()).strip(" ,;:\"'“”‘’«»()")
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    words = text.split()
    if len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if person:
        cut = max(
            (i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLE_WORDS),
            default=-1,
        )
        if cut >= 0 and all(w[:1].isupper() for w in words[cut + 1 :]):
            words = words[cut + 1 :]
    return " ".join(words).rstrip(",;:")


def phrase_tokens(head: Token) -> list[Token]:
    """The subject's words up to a comma or a relative clause: the name, not its gloss."""
    words: list[Token] = []
    for token in head.subtree:
        if words and (
            token.text in {",", "(", "—", "–", ":", ";"}
            or (token.dep_ in {"relcl", "acl", "appos"} and token.i > head.i)
            or (token.dep_ == "prep" and token.head.i == head.i and _says_where(token))
        ):
            break
        if token.is_space or token.text in _QUOTE_MARKS:
            continue
        if token.dep_ == "punct" and token.text not in {"-", "'", "’", "."}:
            continue
        words.append(token)
    while len(words) > 1 and words[0].lower_ in _DETERMINERS:
        words.pop(0)
    return words


def _says_where(prep: Token) -> bool:
    """ "in a statement", "at a briefing": where it was said, not part of who said it."""
    return any(c.dep_ == "pobj" and c.lemma_.lower() in CHANNELS for c in prep.children)


def printed_text(doc: Doc) -> str:
    """The paragraph as the article printed it (a shouting one is parsed in lower case)."""
    original = doc.user_data.get("original") if doc.user_data else None
    return original if isinstance(original, str) and len(original) == len(doc.text) else doc.text


def words_text(tokens: Sequence[Token]) -> str:
    """Tokens as printed, with their spacing."""
    if not tokens:
        return ""
    printed = printed_text(tokens[0].doc)
    return "".join(printed[t.idx : t.idx + len(t.text)] + t.whitespace_ for t in tokens).strip()


def phrase(head: Token) -> str:
    """:func:`phrase_tokens` as printed, without a leading article."""
    return words_text(phrase_tokens(head))


def name_chain(head: Token) -> list[Token]:
    """A proper name ending at ``head``: "Mrs Halina Maroz", "Mayor Nadia Sorokina"."""
    doc = head.doc
    start = head.i
    while start > 0:
        previous = doc[start - 1]
        if previous.pos_ != "PROPN" or previous.dep_ != "compound":
            break
        if not start - 1 < previous.head.i <= head.i:
            break
        start -= 1
    return list(doc[start : head.i + 1])


def person_within(head: Token) -> Token | None:
    """The last word of a person's name inside a title phrase ("Minister for ... Zabinski")."""
    found = None
    for token in head.subtree:
        if token.i > head.i and token.text in {",", "(", "—", "–"}:
            break
        if token.i != head.i and token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
            found = token
    return found


def org_like(name: str) -> bool:
    """The name has an organisation's word in it ("Lesna Hydro", "Interior Ministry")."""
    return any(w.strip(".,") in ORG_WORDS for w in name.lower().replace("'s", "").split())


def origin_text(head: Token) -> str | None:
    """How a sentence names a speaker: a person's name without title, else the phrase."""
    if head.lower_ in PRONOUNS or head.pos_ == "PRON":
        return None
    named = appositive_person(head) if head.pos_ == "NOUN" else None
    target = named or head
    if target.i == head.i and head.lower_.rstrip(".") in TITLE_WORDS:
        target = person_within(head) or head
    if (target.pos_ == "PROPN" and target.text[:1].isupper()) or target.ent_type_ == "PERSON":
        chain = name_chain(target)
        entity = entity_span(target)
        text = words_text(chain)
        if entity is not None and (entity.start < chain[0].i or entity.end > target.i + 1):
            text = words_text(list(entity))  # the name goes on: "the Ministry of ..."
        person = any(t.ent_type_ == "PERSON" for t in chain) or not target.ent_type_
        return display_name(text, person=person and not org_like(text)) or None
    text = phrase(head)
    if not text or text.lower() in PRONOUNS:
        return None
    return text


def find_attribution(span: Span) -> str | None:
    """The speaker or origin a sentence cites, as written; None if it cites nobody.

    Pronouns ("it said", "he told") are not an origin on their own; the addressee of
    "told reporters" never is; words inside quotation marks are skipped.
    """
    mask: list[bool] | None = None
    if any(ch in span.text for ch in "\"“”«»‘’„'"):
        mask = quoted_token_mask(span)
    start = span.start
    for token in span:
        if mask and mask[token.i - start]:
            continue
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            if token.nbor(1).lower_ != "to":
                continue
            subject = subject_of(token)
            if subject is not None:
                origin = origin_text(subject)
                if origin:
                    return origin
    for token in span:
        if mask and mask[token.i - start]:
            continue
        lemma = speech_lemma(token)
        if lemma is None:
            continue
        subject = subject_of(token, lemma)
        if subject is None or (mask and start <= subject.i < span.end and mask[subject.i - start]):
            continue
        if subject.i == token.head.i and not any(c.dep_ == "ccomp" for c in token.children):
            continue  # "Kavalenka, who declared a state of emergency, ...": not a source
        origin = origin_text(subject)
        if origin:
            return origin
    return None
