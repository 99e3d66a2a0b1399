"""Quotes: who said what in one article, in quotation marks or reported.

Direct speech is found from the quotation marks themselves (“…”, "…", ‘…’, «…», „…“),
scanned paragraph by paragraph, so a quote may run over several sentences, or on into
the next paragraph when that opens with a quotation mark again (the newspaper
convention). Its speaker comes from the nearest speech verb outside the marks ("…,” she
said; said Mayor Nadia Sorokina: “…”), else from an introduction ending in a colon, else
from a following attribution-only sentence ("She said."), else it continues the quote
just before it. A quote inside a quote belongs to the outer speaker and is only listed on
its own when the outer speaker names who said it.

Reported speech is a speech verb with a clausal complement ("police said (that) …") or
"according to X" in a sentence with no quotation.

Speakers are resolved within the article: a pronoun to the person last mentioned (a
woman for "she", a man for "he" when the name, a title or a Slavic surname ending tells),
a surname or "the mayor" to the full name the article introduced; anyone else ("a
ministry official", "police") keeps the article's words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsprism.extract._names import ascii_fold, surname_gender
from newsprism.extract.attribution import (
    CHANNELS,
    NAMED,
    ORG_WORDS,
    POSTS,
    PRONOUNS,
    TITLE_WORDS,
    QuotedRegion,
    appositive_person,
    display_name,
    entity_span,
    name_chain,
    org_like,
    person_within,
    phrase_tokens,
    printed_text,
    quoted_regions,
    speech_lemma,
    subject_of,
)
from newsprism.models import Quote, SpeechKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["QUOTE_VERBS", "find_quotes"]

QUOTE_VERBS = frozenset(
    """say tell add write post announce warn claim insist confirm report explain state deny
    note stress acknowledge recall ask admit reply tweet declare inform remark comment mention
    respond assert""".split()
)
# Verbs whose object is the person spoken to: "told reporters", "asked the minister".
_ADDRESSING = {"tell", "ask", "warn", "inform"}

_PLATFORMS = {
    "telegram", "x", "twitter", "facebook", "instagram", "youtube", "tiktok", "vk",
    "vkontakte", "weibo", "wechat", "linkedin", "bluesky", "threads", "mastodon", "whatsapp",
    "signal", "reddit", "truth", "substack", "viber", "snapchat", "odnoklassniki",
}  # fmt: skip
# A medium named by the place it was posted: "in a post on X" is X.
_CHANNEL_PREPS = {"on", "in", "at", "during", "via", "through", "over", "to", "from"}

_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "madame", "lady"}
_GENERIC_ORGS = {
    "company", "firm", "operator", "utility", "organisation", "organization", "group",
    "corporation", "charity", "ngo", "agency", "network", "newspaper", "channel",
}  # fmt: skip
_FEMALE_WORDS = {
    "mrs", "ms", "miss", "madam", "madame", "dame", "lady", "spokeswoman", "chairwoman",
    "businesswoman", "congresswoman", "policewoman", "actress", "mother", "wife", "daughter",
    "grandmother", "sister", "widow", "woman", "girl", "aunt", "niece", "queen", "princess",
    "headmistress",
}  # fmt: skip
_MALE_WORDS = {
    "mr", "sir", "lord", "spokesman", "chairman", "businessman", "congressman", "policeman",
    "actor", "father", "husband", "son", "grandfather", "brother", "widower", "man", "boy",
    "uncle", "nephew", "king", "prince", "headmaster",
}  # fmt: skip
# Common given names: a hint for "he"/"she", never required.
_FEMALE_NAMES = set(
    """anna maria marta nadia nadiya nadezhda vera halina halyna galina olga olha volha
    irina iryna elena olena alena helena natalia nataliya natallia tatiana tetiana tatsiana
    svetlana sviatlana svitlana yulia yuliya julia larysa larisa ludmila liudmila lyudmila
    oksana kateryna katerina ekaterina yekaterina katarzyna agnieszka magdalena malgorzata
    ewa joanna barbara zofia petra ingrid astrid sofia sophia sophie emma olivia mary
    elizabeth sarah sara jane jennifer linda susan karen lisa laura claire alice anne
    marie julie catherine kate ruth rachel rebecca hannah hanna daria darya dasha tanya
    lena nina alina polina marina valentina ksenia kseniya lyubov lubov zoya raisa
    irena jelena milena ivana petra monika nicole angela kamala hillary ursula giorgia""".split()
)
_MALE_NAMES = set(
    """aliaksandr alexander aleksandr oleksandr alexei aleksei oleksiy andrei andriy andrey
    andrzej hryhoriy grigory ivan ivano jan john tomasz tomas thomas tom siarhei sergei
    sergey serhiy petro peter pyotr piotr pavel pavlo pawel paul mikhail mykhailo michal
    michael dmitry dmytro dzmitry yuri yuriy volodymyr vladimir uladzimir viktor victor
    oleg oleh aleh nikolai mykola mikalai igor ihor boris borys vasyl vasily yevgeny
    yevhen stepan stefan anton artem artyom maxim maksym denis denys roman ruslan vitaly
    vitaliy krzysztof marek pawel lukasz jakub adam david james robert william richard
    joseph charles mark steven george edward brian kevin jason matthew daniel anthony
    donald joe emmanuel olaf rishi keir andrei ales""".split()
)


# --------------------------------------------------------------------------- paragraphs


@dataclass
class _Para:
    """One parsed paragraph with its quotation marks mapped onto tokens."""

    no: int
    doc: Doc
    printed: str  # the text as the article printed it (a shouting paragraph is parsed lowered)
    sentences: list[tuple[int, Span]]
    regions: list[QuotedRegion]
    outer: list[int]  # per token: the depth-0 region holding it, or -1
    inner: list[int]  # per token: the innermost region holding it, or -1
    sentence_of: list[int]  # per token: article sentence index, or -1

    def text(self, first: Token, last: Token) -> str:
        return self.printed[first.idx : last.idx + len(last.text)]

    def token(self, token: Token) -> str:
        return self.printed[token.idx : token.idx + len(token.text)]

    def tokens(self, region: int) -> tuple[int, int]:
        """First and last token index inside a region (-1, -1 if none)."""
        r = self.regions[region]
        inside = [t.i for t in self.doc if r.start <= t.idx < r.end and not t.is_space]
        return (inside[0], inside[-1]) if inside else (-1, -1)

    def sentences_between(self, start: int, end: int) -> list[int]:
        """Article sentence indices of the tokens whose text starts in [start, end)."""
        found: list[int] = []
        for token in self.doc:
            if start <= token.idx < end and not token.is_space:
                index = self.sentence_of[token.i]
                if index >= 0 and index not in found:
                    found.append(index)
        return found


def _paragraphs(sentences: Sequence[tuple[int, Span]]) -> list[_Para]:
    paras: list[_Para] = []
    by_doc: dict[int, _Para] = {}
    for index, span in sentences:
        doc = span.doc
        para = by_doc.get(id(doc))
        if para is None:
            printed = printed_text(doc)
            regions = quoted_regions(printed)
            outer = [-1] * len(doc)
            inner = [-1] * len(doc)
            for number, region in enumerate(regions):
                for token in doc:
                    if region.start <= token.idx < region.end:
                        inner[token.i] = number
                        if region.depth == 0:
                            outer[token.i] = number
            para = _Para(len(paras), doc, printed, [], regions, outer, inner, [-1] * len(doc))
            by_doc[id(doc)] = para
            paras.append(para)
        para.sentences.append((index, span))
        for i in range(span.start, span.end):
            para.sentence_of[i] = index
    return paras


# --------------------------------------------------------------------------- people


@dataclass(eq=False)
class _Person:
    name: str
    words: list[str]  # folded name words
    roles: set[str] = field(default_factory=set)
    marked: str | None = None  # gender from a title or role word ("Mrs", "spokeswoman")

    @property
    def gender(self) -> str | None:
        if self.marked:
            return self.marked
        if len(self.words) > 1:
            if self.words[0] in _FEMALE_NAMES:
                return "f"
            if self.words[0] in _MALE_NAMES:
                return "m"
        return surname_gender(self.words[-1]) if self.words else None


Key = tuple[int, int]  # (paragraph, token): reading order


class _People:
    """Everyone the article names, in reading order, for resolving speakers."""

    def __init__(self, paras: list[_Para]) -> None:
        self.persons: list[_Person] = []
        self.mentions: list[tuple[Key, _Person, bool]] = []  # (where, who, inside a quote)
        # organisations and groups, for "it said" / "they said": (where, name, plural)
        self.others: list[tuple[Key, str, bool]] = []
        self.places = {
            ascii_fold(ent.text)
            for para in paras
            for ent in para.doc.ents
            if ent.label_ in {"GPE", "LOC"} and " " not in ent.text.strip()
        }
        for para in paras:
            for token in para.doc:
                if not (token.pos_ == "PROPN" or token.ent_type_ == "PERSON") or (
                    token.dep_ == "compound" and token.head.i > token.i
                ):
                    continue  # not the last word of a name
                key = (para.no, token.i)
                chain = name_chain(token)
                kind = self.classify(chain, key)
                if kind == "person":
                    person = self.person(self._clean(_join(para, chain)), key)
                    if person is not None:
                        self._describe(person, chain, para)
                        self.add(key, person, para.outer[token.i] != -1)
                elif kind == "org" and para.outer[token.i] == -1:
                    entity = entity_span(token)
                    text = para.text(entity[0], entity[-1]) if entity else _join(para, chain)
                    self.other(key, display_name(text, person=False))

    def classify(self, chain: list[Token], key: Key) -> str | None:
        """ "person", "org" or None (a place, a date, not a name) for a proper-name chain."""
        text = " ".join(t.text for t in chain)
        name = display_name(text)
        if not name or not name[:1].isupper():
            return None
        labels = {t.ent_type_ for t in chain} - {""}
        if _org_like(name) or any(
            c.dep_ == "appos" and c.lemma_.lower() in ORG_WORDS for c in chain[-1].children
        ):
            return "org"  # "Lesna Hydro", "Lesnaya Hidro, the company of state which ..."
        if "PERSON" in labels or _person_like(chain, name):
            return "person"
        if " " not in name and self.person(name, key, create=False) is not None:
            return "person"  # a surname the tagger took for a place or organisation
        if "ORG" in labels:
            return "org"
        if labels or " " not in name:
            return None
        return "person" if surname_gender(name.split()[-1]) else None

    def _clean(self, text: str) -> str:
        """A person's name without titles or a place in front ("Polesk Aleksandr Kavalenko")."""
        words = display_name(text).split()
        while len(words) > 2 and (
            ascii_fold(words[0]) in self.places
            or (_given_name(words[1]) and not _given_name(words[0]))
        ):
            words = words[1:]
        return " ".join(words)

    def add(self, key: Key, person: _Person, quoted: bool = False) -> None:
        bisect.insort(self.mentions, (key, person, quoted), key=lambda m: m[0])

    def other(self, key: Key, name: str, *, plural: bool = False) -> None:
        if name:
            bisect.insort(self.others, (key, name, plural), key=lambda m: m[0])

    def person(self, name: str, key: Key, *, create: bool = True) -> _Person | None:
        """The person a name refers to: a surname joins the full name used before it."""
        words = [ascii_fold(w) for w in name.replace("-", " ").split() if w[:1].isalpha()]
        if not words:
            return None
        for person in self._recent(key):
            if person.words == words:
                return person
        if len(words) == 1:
            word = words[0]
            for person in self._recent(key):
                if person.words[-1] == word or person.words[0] == word:
                    return person
        else:
            for person in self._recent(key):
                if len(person.words) == 1 and person.words[0] in {words[-1], words[0]}:
                    person.name, person.words = name, words  # the full name, once given
                    return person
        if not create:
            return None
        person = _Person(name, words)
        self.persons.append(person)
        return person

    def _recent(self, key: Key) -> Iterator[_Person]:
        """Persons mentioned before ``key`` (most recent first), then the rest."""
        seen: set[int] = set()
        position = bisect.bisect_left(self.mentions, key, key=lambda m: m[0])
        for _key, person, _quoted in reversed(self.mentions[:position]):
            if id(person) not in seen:
                seen.add(id(person))
                yield person
        for person in self.persons:
            if id(person) not in seen:
                seen.add(id(person))
                yield person

    def _describe(self, person: _Person, chain: list[Token], para: _Para) -> None:
        """Roles and gender marks from a title before the name or an apposition beside it."""
        doc = chain[0].doc
        words = [t.lower_.rstrip(".") for t in chain]
        i = chain[0].i - 1
        while i >= 0 and not doc[i].is_punct and doc[i].dep_ in {"compound", "amod", "nmod"}:
            words.append(doc[i].lower_.rstrip("."))
            i -= 1
        if i >= 0 and doc[i].lower_.rstrip(".") in _FEMALE_WORDS | _MALE_WORDS:
            words.append(doc[i].lower_.rstrip("."))
        root = chain[-1]
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if root.dep_ == "appos":
            head = root.head
            while head.pos_ != "NOUN" and head.dep_ in {"pobj", "prep", "appos", "compound"}:
                head = head.head
            if head.pos_ == "NOUN":
                nouns.append(head)
        for noun in nouns:
            words.append(noun.lemma_.lower())
            words.extend(
                c.lower_ for c in noun.children if c.dep_ in {"compound", "amod"} and c.is_alpha
            )
        name_words = set(person.words)
        for word in words:
            if word in name_words:
                continue
            person.roles.add(word)
            if person.marked is None and word in _FEMALE_WORDS:
                person.marked = "f"
            elif person.marked is None and word in _MALE_WORDS:
                person.marked = "m"

    # ------------------------------------------------------------------ resolution

    def resolve(self, head: Token, para: _Para) -> str | None:
        """The speaker ``head`` names, resolved within the article, as the article writes it."""
        key = (para.no, head.i)
        lower = head.lower_
        if lower in {"he", "she", "him", "her"}:
            person = self._pronoun("f" if lower in {"she", "her"} else "m", key)
            return person.name if person else None
        if lower in {"it", "they", "them"}:
            return self._collective(key, plural=lower != "it")
        if lower in PRONOUNS or head.pos_ == "PRON":
            return None
        named = appositive_person(head) if head.pos_ == "NOUN" else None
        target = named or head
        if target.i == head.i and _bare_title(head):
            inner = person_within(head)  # "Minister for Emergency Situations Grigorij Zabinski"
            target = inner if inner is not None else head
        capitalised = para.token(target)[:1].isupper()
        if (target.pos_ == "PROPN" and capitalised) or target.ent_type_ == "PERSON":
            chain = name_chain(target)
            kind = self.classify(chain, key)
            text = _join(para, chain)
            if kind == "person" or (kind is None and not target.ent_type_):
                return self._named(self._clean(text), key)
            entity = entity_span(target)
            if entity is not None and target.ent_type_ in NAMED:
                text = para.text(entity[0], entity[-1])
            elif target.i == head.i:
                text = _join(para, phrase_tokens(head))
            name = display_name(text, person=False)
            self.other(key, name)
            return name or None
        words = phrase_tokens(head)
        if not words:
            return None
        role = self._role(head, key)
        if role is not None:
            self.add(key, role)
            return role.name
        organisation = self._organisation(head, key)
        if organisation is not None:
            return organisation
        text = display_name(_join(para, words), person=False)
        plural = head.tag_ in {"NNS", "NNPS"} or head.lower_ in {"police", "media"}
        if plural or head.lemma_.lower() in ORG_WORDS:
            self.other(key, text, plural=plural)
        return text or None

    def _organisation(self, head: Token, key: Key) -> str | None:
        """ "the company" -> the organisation the article named before ("Lesna Hydro")."""
        noun = head.lemma_.lower()
        if noun not in ORG_WORDS or head.tag_ in {"NNS", "NNPS"}:
            return None
        for child in head.children:
            if child.dep_ == "det" and child.lower_ != "the":
                return None
            of = child.dep_ == "prep" and child.lower_ == "of"
            if of or child.dep_ in {"compound", "poss"}:
                return None  # "the ministry of defence", "the Red Cross organisation"
        position = bisect.bisect_left(self.others, key, key=lambda m: m[0])
        for _where, name, plural in reversed(self.others[:position]):
            words = ascii_fold(name).split()
            if plural or not name[:1].isupper():
                continue
            if noun in _GENERIC_ORGS or noun in words:
                return name
        return None

    def _named(self, name: str, key: Key) -> str | None:
        if not name:
            return None
        person = self.person(name, key)
        if person is None:
            return name
        self.add(key, person)
        return person.name

    def _pronoun(self, gender: str, key: Key) -> _Person | None:
        """The person "he"/"she" most likely means: the last one of that gender if recent."""
        recent: list[_Person] = []
        position = bisect.bisect_left(self.mentions, key, key=lambda m: m[0])
        for _key, person, quoted in reversed(self.mentions[:position]):
            if quoted or person in recent:
                continue
            recent.append(person)
            if len(recent) == 4:
                break
        if not recent:
            return None
        for wanted in (gender, None):
            for person in recent:
                if person.gender == wanted:
                    return person
        return recent[0]

    def _collective(self, key: Key, *, plural: bool) -> str | None:
        """ "It said" / "they said": the organisation or group last named before."""
        position = bisect.bisect_left(self.others, key, key=lambda m: m[0])
        for _where, name, many in reversed(self.others[:position]):
            if plural or not many:
                return name
        return None

    def _role(self, head: Token, key: Key) -> _Person | None:
        """ "the mayor" -> the person the article introduced as mayor before."""
        if head.tag_ in {"NNS", "NNPS"}:
            return None
        if any(c.dep_ == "det" and c.lower_ not in {"the", "this", "that"} for c in head.children):
            return None  # "a ministry official" is nobody in particular
        role = head.lemma_.lower()
        position = bisect.bisect_left(self.mentions, key, key=lambda m: m[0])
        for _key, person, _quoted in reversed(self.mentions[:position]):
            if role in person.roles:
                return person
        return None


def _bare_title(head: Token) -> bool:
    """ "Minister" standing alone as the head of "Minister for ... Grigorij Zabinski"."""
    return head.lower_.rstrip(".") in TITLE_WORDS and len(name_chain(head)) == 1


def _person_like(chain: list[Token], name: str) -> bool:
    """A name the tagger labelled otherwise that is a person's: "Mrs Halina Maroz"."""
    words = name.split()
    if not words or len(words) > 3 or not all(w[:1].isupper() for w in words):
        return False
    doc = chain[0].doc
    before = doc[chain[0].i - 1].lower_.rstrip(".") if chain[0].i else ""
    if before in _HONORIFICS or chain[0].lower_.rstrip(".") in _HONORIFICS:
        return True
    first = ascii_fold(words[0])
    return len(words) > 1 and (first in _FEMALE_NAMES or first in _MALE_NAMES)


def _given_name(word: str) -> bool:
    folded = ascii_fold(word)
    return folded in _FEMALE_NAMES or folded in _MALE_NAMES


def _org_like(name: str) -> bool:
    """Not a person's name: an organisation's word in it, or too long for a name."""
    folded = ascii_fold(name)
    return not folded.split() or len(folded.split()) > 4 or org_like(folded)


def _join(para: _Para, tokens: list[Token]) -> str:
    """Tokens' printed text with their spacing (runs may skip tokens)."""
    parts: list[str] = []
    for token in tokens:
        parts.append(para.token(token) + token.whitespace_)
    return "".join(parts).strip()


# --------------------------------------------------------------------------- speech verbs


@dataclass
class _Unit:
    """One direct quotation: one or more outer quoted regions read together."""

    parts: list[tuple[_Para, int]]  # (paragraph, region number)
    text: str = ""
    sentences: list[int] = field(default_factory=list)
    verb: Token | None = None
    verb_para: _Para | None = None
    extra_sentence: int | None = None  # the sentence the speaker came from, if separate


def _units(paras: list[_Para]) -> list[_Unit]:
    units: list[_Unit] = []
    open_unit: _Unit | None = None
    for para in paras:
        outers = [n for n, r in enumerate(para.regions) if r.depth == 0]
        for position, number in enumerate(outers):
            region = para.regions[number]
            continues = (
                open_unit is not None
                and position == 0
                and not para.printed[: max(region.start - 1, 0)].strip()
            )
            if continues and open_unit is not None:
                open_unit.parts.append((para, number))
            elif _interrupted(para, units, number):
                units[-1].parts.append((para, number))
            else:
                units.append(_Unit([(para, number)]))
            open_unit = units[-1] if not region.closed else None
        if not outers:
            open_unit = None
    for unit in units:
        pieces = [p.printed[p.regions[n].start : p.regions[n].end].strip() for p, n in unit.parts]
        unit.text = _tidy(" ".join(pieces))
        for para, number in unit.parts:
            region = para.regions[number]
            for index in para.sentences_between(region.start, region.end):
                if index not in unit.sentences:
                    unit.sentences.append(index)
    return [u for u in units if u.sentences and any(ch.isalnum() for ch in u.text)]


def _interrupted(para: _Para, units: list[_Unit], number: int) -> bool:
    """ "“We will,” she said, “rebuild.”": a quote resumed in lower case after the verb."""
    if not units or units[-1].parts[-1][0] is not para:
        return False
    previous = para.regions[units[-1].parts[-1][1]]
    region = para.regions[number]
    resumed = para.printed[region.start : region.start + 1]
    gap = para.printed[previous.end + 1 : max(region.start - 1, previous.end + 1)]
    return (
        previous.closed
        and resumed.islower()
        and para.printed[previous.end - 1 : previous.end] == ","
        and 0 < len(gap.split()) <= 8
    )


_DATELINE = re.compile(r"^[A-ZÀ-Ž][A-ZÀ-Ž'’.-]{2,}(?:[ ,][^—–]{0,60}?)?\s+[—–-]+\s+(?=\w)")
_CLOSING = {"”", '"', "’", "»", ")"}


def _reported(para: _Para, tokens: list[Token]) -> str:
    """A reported clause as printed, without outer punctuation or a dateline ("DRAVSK —")."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space) and tokens[0].text != "(":
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        if tokens[-1].text in _CLOSING and _opened(tokens, tokens[-1].text):
            break
        tokens = tokens[:-1]
    text = _DATELINE.sub("", _join(para, tokens))
    text = re.sub(r"\s+([,;:])", r"\1", text)
    if text.count("(") > text.count(")"):
        text += ")"
    return _tidy(text)


def _opened(tokens: list[Token], closer: str) -> bool:
    """``closer`` at the end of ``tokens`` closes a mark opened inside them."""
    opener = {"”": "“", "»": "«", ")": "(", "’": "‘"}.get(closer, closer)
    before = [t.text for t in tokens[:-1]]
    if opener == closer:
        return before.count(opener) % 2 == 1
    return before.count(opener) > before.count(closer)


def _tidy(text: str) -> str:
    return " ".join(text.split()).rstrip(" ,;:")


def _speech_verbs(para: _Para, span: Span, region: int = -1) -> Iterator[Token]:
    """Speech verbs (and "according") at the quoting level ``region`` (-1: unquoted)."""
    for token in span:
        if para.inner[token.i] != region:
            continue
        if token.lower_ == "according":
            if token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
                yield token
        elif speech_lemma(token, QUOTE_VERBS):
            yield token


def _reports_other(verb: Token, para: _Para) -> bool:
    """The verb reports an unquoted clause of its own ("said she had been woken")."""
    return any(c.dep_ == "ccomp" and para.outer[c.i] == -1 for c in verb.children)


def _lemma(verb: Token) -> str:
    return speech_lemma(verb, QUOTE_VERBS) or verb.lower_


def _channel(verb: Token, para: _Para) -> str | None:
    """Where it was said: "on Telegram", "in a post on X", "at a press conference"."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    for obj in objects:  # "told a news conference"
        if obj.lemma_.lower() in CHANNELS - POSTS:
            return para.text(obj.left_edge, obj).strip() or None
    for head in [verb, *objects]:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in _CHANNEL_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found = _channel_phrase(obj, para, allow_generic=prep.lower_ != "to")
                    if found:
                        return found
    return None


def _channel_phrase(obj: Token, para: _Para, *, allow_generic: bool) -> str | None:
    platform = _platform(obj, para)
    if platform:
        return platform
    if obj.lemma_.lower() in POSTS:
        for token in obj.subtree:  # "a post on X", "a Telegram post"
            if token.i != obj.i and _platform(token, para):
                return _platform(token, para)
    if allow_generic and (obj.lemma_.lower() in CHANNELS or obj.lower_ in CHANNELS):
        first = obj.left_edge
        return para.text(first, obj).strip() or None
    return None


def _platform(token: Token, para: _Para) -> str | None:
    word = para.token(token).rstrip(".")
    if word.lower() not in _PLATFORMS or not word[:1].isupper():
        return None
    if word.lower() == "truth":
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return "Truth Social" if nxt is not None and nxt.lower_.startswith("social") else None
    return word


def _addressee(verb: Token, lemma: str, para: _Para) -> str | None:
    """Who was spoken to: "told reporters", "said to journalists"."""
    candidates: list[Token] = []
    if lemma in _ADDRESSING:
        candidates += [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    for prep in verb.children:
        if prep.dep_ in {"prep", "dative"} and prep.lower_ == "to":
            candidates += [c for c in prep.children if c.dep_ == "pobj" and not _platform(c, para)]
    for token in candidates:
        if token.lower_ in PRONOUNS or token.lemma_.lower() in CHANNELS | {"question"}:
            continue  # "told a news conference" is where, not whom
        words = phrase_tokens(token)
        text = display_name(_join(para, words), person=False) if words else ""
        if text:
            return text
    return None


# --------------------------------------------------------------------------- the extractor


@dataclass
class _Found:
    """A speech verb chosen for a quote, resolved once the whole article is read."""

    verb: Token
    para: _Para
    subject: Token | None
    speaker: str | None = None


class _Reader:
    def __init__(self, article_id: str, sentences: Sequence[tuple[int, Span]]) -> None:
        self.article_id = article_id
        self.paras = _paragraphs(sentences)
        self.order: list[tuple[_Para, int, Span]] = [
            (para, index, span) for para in self.paras for index, span in para.sentences
        ]
        self.order.sort(key=lambda item: item[1])
        self.position = {index: n for n, (_p, index, _s) in enumerate(self.order)}
        self.people = _People(self.paras)
        self.found: dict[tuple[int, int], _Found] = {}

    def verb_info(self, verb: Token, para: _Para) -> _Found:
        key = (para.no, verb.i)
        if key not in self.found:
            self.found[key] = _Found(verb, para, subject_of(verb, _lemma(verb)))
        return self.found[key]

    # ------------------------------------------------------------------ direct speech

    def attribute(self, unit: _Unit) -> None:
        """Pick the speech verb that introduces a direct quotation."""
        candidates: list[tuple[float, Token, _Para]] = []
        for para, number in unit.parts:
            first, last = para.tokens(number)
            if first < 0:
                continue
            for index, span in para.sentences:
                if index not in unit.sentences:
                    continue
                for verb in _speech_verbs(para, span):
                    distance = first - verb.i if verb.i < first else verb.i - last + 0.5
                    if _reports_other(verb, para):
                        distance += 30
                    if self.verb_info(verb, para).subject is None:
                        distance += 15
                    candidates.append((distance, verb, para))
        if candidates:
            _distance, verb, para = min(candidates, key=lambda c: c[0])
            if self._partial(unit, verb, para):
                unit.parts = []  # a scare-quoted phrase inside reported speech
                return
            unit.verb, unit.verb_para = verb, para
            return
        for neighbour, pick in ((-1, self._introduction), (1, self._tag_sentence)):
            position = self.position[min(unit.sentences) if neighbour < 0 else max(unit.sentences)]
            if 0 <= position + neighbour < len(self.order):
                para, index, span = self.order[position + neighbour]
                picked = pick(para, span)
                if picked is not None:
                    unit.verb, unit.verb_para, unit.extra_sentence = picked, para, index
                    return

    def _partial(self, unit: _Unit, verb: Token, para: _Para) -> bool:
        """The quoted words are part of an unquoted reported clause ("said it was “safe”")."""
        if len(unit.parts) != 1 or unit.parts[0][0] is not para:
            return False
        number = unit.parts[0][1]
        region = para.regions[number]
        first, _last = para.tokens(number)
        for clause in verb.children:
            if clause.dep_ != "ccomp" or not clause.left_edge.i <= first <= clause.right_edge.i:
                continue
            if any(para.outer[t.i] not in {-1, number} for t in clause.subtree):
                return False  # a clause holding other quotations is a misparse
            return any(
                not (t.is_punct or region.start <= t.idx < region.end)
                and not (t.dep_ == "mark" and t.head.i == clause.i)
                for t in clause.subtree
            )
        return False

    def _introduction(self, para: _Para, span: Span) -> Token | None:
        """ "Sorokina told reporters:" before a quote paragraph."""
        if not span.text.rstrip().endswith(":"):
            return None
        verbs = [v for v in _speech_verbs(para, span) if self.verb_info(v, para).subject]
        return verbs[-1] if verbs else None

    def _tag_sentence(self, para: _Para, span: Span) -> Token | None:
        """ "She said." / "the mayor added." after a quote: a sentence that only attributes."""
        if span.text.rstrip().endswith(":"):
            return None
        if any(para.outer[t.i] != -1 for t in span):
            return None
        if sum(1 for t in span if not t.is_punct) > 14:
            return None
        for verb in _speech_verbs(para, span):
            if self.verb_info(verb, para).subject is not None and not _reports_other(verb, para):
                return verb
        return None

    def nested(self, unit: _Unit) -> list[tuple[_Para, int, Token]]:
        """Quotes inside this one whose own speaker is named inside it."""
        out: list[tuple[_Para, int, Token]] = []
        for para, outer in unit.parts:
            for number, region in enumerate(para.regions):
                if region.depth == 0 or not (
                    para.regions[outer].start <= region.start < para.regions[outer].end
                ):
                    continue
                first, last = para.tokens(number)
                if first < 0:
                    continue
                parent = para.inner[first - 1] if first > 0 else -1
                best: tuple[float, Token] | None = None
                for _index, span in para.sentences:
                    if not (span.start <= first < span.end or span.start <= last < span.end):
                        continue
                    for verb in _speech_verbs(para, span, parent):
                        subject = self.verb_info(verb, para).subject
                        if subject is None or subject.lower_ in PRONOUNS:
                            continue
                        distance = first - verb.i if verb.i < first else verb.i - last + 0.5
                        if distance <= 12 and (best is None or distance < best[0]):
                            best = (distance, verb)
                if best is not None:
                    out.append((para, number, best[1]))
        return out

    # ------------------------------------------------------------------ reported speech

    def reported(self, used: set[tuple[int, int]]) -> list[tuple[_Para, int, Token, str]]:
        """(paragraph, sentence, verb, reported clause) for each unquoted report."""
        out: list[tuple[_Para, int, Token, str]] = []
        for para in self.paras:
            for index, span in para.sentences:
                quoted = any(para.outer[t.i] != -1 for t in span)
                for verb in _speech_verbs(para, span):
                    if (para.no, verb.i) in used:
                        continue
                    if verb.lower_ == "according":
                        if not quoted:
                            text = self._without(para, span, set(t.i for t in verb.subtree))
                            if text:
                                out.append((para, index, verb, text))
                        continue
                    subject = self.verb_info(verb, para).subject
                    if subject is None or subject.lower_ in {"i", "we", "you", "me", "us"}:
                        continue
                    for clause in verb.children:
                        if clause.dep_ != "ccomp" or para.outer[clause.i] != -1:
                            continue
                        text = self._clause(para, span, clause)
                        if text:
                            out.append((para, index, verb, text))
                        break
        return out

    @staticmethod
    def _clause(para: _Para, span: Span, clause: Token) -> str:
        start = max(clause.left_edge.i, span.start)
        end = min(clause.right_edge.i, span.end - 1)
        doc = para.doc
        if doc[start].lower_ == "that" and doc[start].dep_ != "det" and start < end:
            start += 1  # the complementiser, however the parser attached it
        return _reported(para, list(doc[start : end + 1]))

    @staticmethod
    def _without(para: _Para, span: Span, skip: set[int]) -> str:
        """The sentence without "according to X" (and the comma that set it off)."""
        kept: list[Token] = []
        for token in span:
            if token.i in skip:
                continue
            if token.text == "," and kept and kept[-1].text == ",":
                continue
            kept.append(token)
        return _reported(para, kept)

    # ------------------------------------------------------------------ assembly

    def resolve(self, found: _Found) -> str | None:
        if found.speaker is None and found.subject is not None:
            found.speaker = self.people.resolve(found.subject, found.para)
        return found.speaker

    def quote(
        self,
        sentences: Sequence[int],
        text: str,
        kind: SpeechKind,
        verb: Token | None,
        para: _Para | None,
        speaker: str | None,
    ) -> Quote:
        written = channel = addressee = None
        if verb is not None and para is not None:
            if verb.lower_ == "according":
                written = para.text(verb, verb.nbor(1))
            else:
                written = para.token(verb)
                channel = _channel(verb, para)
                addressee = _addressee(verb, _lemma(verb), para)
        return Quote(
            article_id=self.article_id,
            sentence_indices=tuple(sorted(set(sentences))),
            text=text,
            kind=kind,
            speaker=speaker,
            verb=written,
            channel=channel,
            addressee=addressee,
        )

    def read(self) -> list[Quote]:
        units = _units(self.paras)
        for unit in units:
            self.attribute(unit)
        units = [u for u in units if u.parts]
        used = {(u.verb_para.no, u.verb.i) for u in units if u.verb and u.verb_para}
        reports = self.reported(used)
        nested = [item for unit in units for item in self.nested(unit)]
        # Resolve speakers in reading order, so "she" sees every name before it.
        pending = [self.verb_info(u.verb, u.verb_para) for u in units if u.verb and u.verb_para]
        pending += [self.verb_info(verb, para) for para, _i, verb, _t in reports]
        pending += [self.verb_info(verb, para) for para, _n, verb in nested]
        for found in sorted(pending, key=lambda f: (f.para.no, f.verb.i)):
            self.resolve(found)

        placed: list[tuple[tuple[int, int], Quote]] = []
        previous: tuple[_Unit, str | None] | None = None
        for unit in units:
            para, number = unit.parts[0]
            where = (min(unit.sentences), para.regions[number].start)
            if unit.verb is not None and unit.verb_para is not None:
                speaker = self.verb_info(unit.verb, unit.verb_para).speaker
                sentences = [*unit.sentences]
                if unit.extra_sentence is not None:
                    sentences.append(unit.extra_sentence)
                quote = self.quote(
                    sentences, unit.text, SpeechKind.DIRECT, unit.verb, unit.verb_para, speaker
                )
            else:
                follows = previous is not None and min(unit.sentences) - 1 <= max(
                    [*previous[0].sentences, previous[0].extra_sentence or -1]
                )
                speaker = previous[1] if previous is not None and follows else None
                if len(re.findall(r"\w+", unit.text)) < 4:
                    continue  # a scare-quoted word or a title, not speech
                quote = self.quote(
                    unit.sentences, unit.text, SpeechKind.DIRECT, None, None, speaker
                )
            placed.append((where, quote))
            previous = (unit, quote.speaker)
        for para, number, verb in nested:
            found = self.verb_info(verb, para)
            region = para.regions[number]
            text = _tidy(para.printed[region.start : region.end])
            sentences = para.sentences_between(region.start, region.end)
            if found.speaker and text and sentences:
                quote = self.quote(sentences, text, SpeechKind.DIRECT, verb, para, found.speaker)
                placed.append(((min(sentences), region.start), quote))
        for para, index, verb, text in reports:
            found = self.verb_info(verb, para)
            if found.speaker:
                quote = self.quote([index], text, SpeechKind.INDIRECT, verb, para, found.speaker)
                placed.append(((index, verb.idx), quote))
        placed.sort(key=lambda item: item[0])
        return [quote for _where, quote in placed]


def find_quotes(article_id: str, sentences: Sequence[tuple[int, Span]]) -> list[Quote]:
    """Direct and indirect speech of one article, speakers resolved within the article.

    ``sentences`` are (sentence index, spaCy span) pairs in reading order for the whole
    article, as :func:`newsprism.extract.sentences.iter_sentence_spans` yields them.
    """
    if not sentences:
        return []
    return _Reader(article_id, sentences).read()
