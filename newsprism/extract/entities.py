"""Entities: spaCy mentions merged into canonical people, organisations and places.

Per article we read each mention's role ("Mayor Nadia Sorokina", "Sorokina, the mayor of
Polesk"). Across articles we merge spellings with :mod:`newsprism.extract._names`, never
merging different grammatical genders of a surname (Wiśniewska, a woman, and Wiśniewski,
a man, may be a married couple) or different first names. A surname alone joins the
person of that name mentioned nearest before it in the same article. A rare one-letter
variant of a well-attested name is kept as a *suspect* form (a probable misspelling).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from newsprism.extract._names import (
    TITLES,
    ascii_fold,
    clean_name,
    genders_clash,
    name_tokens,
    probable_misspelling,
    same_name_word,
    skeleton,
    skeletons,
    surname_gender,
)
from newsprism.models import Entity, Mention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}

# Words that make a name an organisation whatever the tagger said ("Lesna Hydro").
_ORG_WORDS = set(
    """hydro energy group ltd llc inc plc ministry agency press council committee service
    services police university hospital bank company corp corporation institute authority
    office court party union news media times daily post radio tv television federation
    association foundation fund cross crescent army guard navy force forces department
    commission parliament assembly government administration dispatch monitor herald
    gazette tribune telegraph agencies railways airlines utility brigade""".split()
)
# Courtesy titles say nothing about a role ("Ms Wiśniewska").
_HONORIFICS = {"mr", "mrs", "ms", "miss", "sir", "madam", "dame", "lord", "lady"}
# Time zones the tagger calls organisations.
_NOT_NAMES = {"GMT", "UTC", "CET", "CEST", "EET", "EEST", "BST", "MSK", "EST", "PST"}
# A word after a name that makes it a place: "the Lesna river", "Polesk region".
_PLACE_NOUNS = set(
    """region river dam reservoir district province oblast county village town city lake
    valley bridge street square airport port station border mountains hills""".split()
)
_PLACE_PREPOSITIONS = {"in", "from", "near", "outside", "into", "across", "towards"}
_ORG_STOPWORDS = {"the", "of", "for", "and", "on", "in"}
_CYRILLIC_NAME = re.compile(
    r"[А-ЯЁЄІЇЎҐ][а-яёєіїўґ'’]+(?:[ \u00a0]+[А-ЯЁЄІЇЎҐ][а-яёєіїўґ'’]+){1,2}"
)
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
# A form is "well attested" when this many articles use it; a slip seen once is suspect.
_ATTESTED_SOURCES = 2


# --------------------------------------------------------------------------- per article


def sentence_mentions(span: Span, article_id: str, sentence_index: int) -> list[Mention]:
    """Named mentions in one parsed sentence, with the role the sentence gives each."""
    mentions: list[Mention] = []
    for ent in _merge_split_names(span):
        if ent.label_ not in ENTITY_LABELS or ent.text.strip() in _NOT_NAMES:
            continue
        # "Emergency Situations Ministry": outside a person's name, title words are the name
        name, title = clean_name(ent.text, titles=ent.label_ == "PERSON")
        if not name or (not name_tokens(name) and ent.label_ == "PERSON"):
            continue
        label = "ORG" if _looks_like_org(name) else _place_by_context(ent) or ent.label_
        if _CYRILLIC_NAME.fullmatch(name):  # the English model cannot read Cyrillic names
            label = "PERSON"
        role = _role(ent, title) if label == "PERSON" else None
        mentions.append(Mention(name, label, article_id, sentence_index, role))
    # The English model does not read Cyrillic: a run of capitalised Cyrillic words is a name.
    taken = {m.text for m in mentions}
    for match in _CYRILLIC_NAME.finditer(span.text):
        name = " ".join(match.group().split())
        if name not in taken and not any(name in t for t in taken):
            mentions.append(Mention(name, "PERSON", article_id, sentence_index))
    return mentions


def _merge_split_names(span: Span) -> list[Span]:
    """Rejoin a name the tagger cut in two: "Marta" (GPE) + "Wiśniewska" (ORG) is a person."""
    from spacy.tokens import Span as SpanType

    ents = list(span.ents)
    merged: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        following = ents[i + 1] if i + 1 < len(ents) else None
        if (
            following is not None
            and following.start == ent.end
            and len(ent) == 1
            and len(following) == 1
            and ent.text.istitle()
            and following.text.istitle()
            and surname_gender(following.text) is not None
        ):
            merged.append(SpanType(span.doc, ent.start, following.end, label="PERSON"))
            i += 2
            continue
        merged.append(ent)
        i += 1
    return merged


def _place_by_context(ent: Span) -> str | None:
    """ "the Lesna river", "Polesk region", "in Rusava": the words around make it a place."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is not None and after.lower_ in _PLACE_NOUNS:
        return "LOC"
    before = doc[ent.start - 1] if ent.start > 0 else None
    after_preposition = before is not None and before.lower_ in _PLACE_PREPOSITIONS
    if after_preposition and len(ent) == 1 and surname_gender(ent.text) is None:
        return "GPE"
    return None


def _looks_like_org(name: str) -> bool:
    words = ascii_fold(name).split()
    return bool(words) and (words[-1] in _ORG_WORDS or words[0] in _ORG_WORDS)


def _role(ent: Span, title: str | None) -> str | None:
    """The title in front of a name or the apposition after it: "mayor of Polesk"."""
    doc = ent.doc
    words: list[str] = []
    i = ent.start - 1
    while i >= 0 and len(words) < 5:
        token = doc[i]
        is_title = token.lower_.strip(".") in TITLES and token.lower_ != "the"
        is_modifier = token.dep_ in {"compound", "amod"} and ent.start <= token.head.i < ent.end
        if not (is_title or is_modifier) or token.is_punct:
            break
        words.insert(0, _role_word(token.text, token.pos_))
        i -= 1
    if title:
        words += [_role_word(w, "NOUN") for w in title.split()]
    words = [w for w in words if w.strip(".") not in _HONORIFICS]
    if words:
        return " ".join(words)
    root = ent.root
    for candidate in (*root.children, root.head):
        linked = candidate.dep_ == "appos" if candidate is not root.head else root.dep_ == "appos"
        if not linked or ent.start <= candidate.i < ent.end or candidate.pos_ not in {"NOUN"}:
            continue
        tokens = [t for t in candidate.subtree if not (ent.start <= t.i < ent.end)]
        phrase = _until_comma(tokens, candidate.i)
        if phrase:
            return phrase
    return None


def _until_comma(tokens: list[Token], head_index: int) -> str:
    """The apposition's own words: up to a comma, without a relative clause after it."""
    clause = {t.i for t in tokens if t.dep_ in {"relcl", "acl"} for t in t.subtree}
    kept: list[Token] = []
    for token in tokens:
        if token.is_punct and token.text in {",", "(", ")", "—", "–", ";"}:
            if token.i > head_index:
                break
            kept = []
            continue
        if token.i in clause:
            if token.i > head_index:
                break
            continue
        kept.append(token)
    while kept and kept[0].lower_ in {"the", "a", "an", "its", "their", "his", "her"}:
        kept.pop(0)
    kept = kept[:12]
    while kept and (kept[-1].pos_ in {"ADP", "DET", "CCONJ", "PART"} or kept[-1].is_punct):
        kept.pop()
    return "".join(
        _role_word(t.text, t.pos_) + (t.whitespace_ if n < len(kept) - 1 else "")
        for n, t in enumerate(kept)
    )


def _role_word(text: str, pos: str) -> str:
    return text if pos == "PROPN" and text.lower() not in TITLES else text.lower()


# --------------------------------------------------------------------------- across articles


def resolve_entities(mentions: Iterable[Mention]) -> list[Entity]:
    """Merge mentions across articles into canonical entities, most mentioned first."""
    usable = _surnames_as_people(
        [m for m in mentions if m.label in ENTITY_LABELS and _org_key(m.text)]
    )
    # The small NER model labels one name differently in different sentences; the
    # majority label across the collection wins.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in usable:
        votes[_org_key(mention.text)][_kind(mention.label)] += 1
    by_kind: dict[str, list[Mention]] = defaultdict(list)
    for mention in usable:
        by_kind[votes[_org_key(mention.text)].most_common(1)[0][0]].append(mention)
    # "Governor of region Polesk Aleksandr Kavalenko": NER swallowed a place name in front.
    places = {key for key, vote in votes.items() if vote.most_common(1)[0][0] != "PERSON"}
    people = [_drop_leading_place(m, places) for m in by_kind.pop("PERSON", [])]
    entities = _resolve_people([m for m in people if name_tokens(m.text)])
    for kind, group in by_kind.items():
        entities += _resolve_by_key(group, kind)
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities


def _surnames_as_people(mentions: list[Mention]) -> list[Mention]:
    """A lone word the tagger called a place or an organisation is a person when the same
    article names a person with that surname ("Sokolova said", tagged GPE)."""
    surnames: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = name_tokens(m.text)
        if m.label == "PERSON" and len(words) > 1:
            surnames[m.article_id].add(words[-1])
    out = []
    for m in mentions:
        words = name_tokens(m.text)
        if m.label != "PERSON" and len(words) == 1 and len(m.text.split()) == 1:
            known = surnames.get(m.article_id, set())
            if any(same_name_word(words[0], s) and not genders_clash(words[0], s) for s in known):
                m = replace(m, label="PERSON")
        out.append(m)
    return out


def _drop_leading_place(mention: Mention, places: set[str]) -> Mention:
    words = mention.text.split()
    if len(words) >= 3 and _org_key(words[0]) in places:
        return Mention(
            " ".join(words[1:]),
            mention.label,
            mention.article_id,
            mention.sentence_index,
            mention.role or words[0],
        )
    return mention


def _kind(label: str) -> str:
    if label == "PERSON":
        return "PERSON"
    return "ORG" if label in {"ORG", "NORP"} else "PLACE"


def _org_key(text: str) -> str:
    """Word-order-free key: "Ministry of Emergency Situations" = "Emergency Situations Ministry"."""
    words = re.findall(r"[a-z]+", ascii_fold(text))
    return " ".join(sorted(skeleton(w) for w in words if w not in _ORG_STOPWORDS))


def _resolve_by_key(mentions: list[Mention], label: str) -> list[Entity]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[_org_key(mention.text)].append(mention)
    # "Brevonian Red Cross" and "Red Cross": a national branch named with and without its
    # nationality is one organisation when only one such branch is named.
    for key in list(groups):
        if key not in groups:
            continue
        bare = _without_nationality(groups[key][0].text)
        if bare is None:
            continue
        bare_key = _org_key(bare)
        branches = [
            k for k in groups if k != bare_key and _without_nationality_key(groups[k], bare_key)
        ]
        if bare_key in groups and branches == [key]:
            groups[key] += groups.pop(bare_key)
    return [_entity(label, group) for group in groups.values()]


def _without_nationality(text: str) -> str | None:
    words = text.split()
    if (
        len(words) >= 3
        and re.search(r"(?:ian|ean|an|ish|ese|ic|i)$", words[0])
        and words[0][:1].isupper()
    ):
        return " ".join(words[1:])
    return None


def _without_nationality_key(group: list[Mention], bare_key: str) -> bool:
    bare = _without_nationality(group[0].text)
    return bare is not None and _org_key(bare) == bare_key


@dataclass
class _Person:
    first: str | None
    last: str
    gender: str | None
    mentions: list[Mention] = field(default_factory=list)

    def matches(self, first: str | None, last: str, gender: str | None) -> bool:
        if gender and self.gender and gender != self.gender:
            return False
        if genders_clash(last, self.last):
            return False
        if first and self.first and not _same_first(first, self.first):
            return False
        return same_name_word(last, self.last)


def _same_first(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:  # an initial: "A. Kavalenka"
        return a[0] == b[0] or bool({s[:1] for s in skeletons(a)} & {s[:1] for s in skeletons(b)})
    return same_name_word(a, b)


def _resolve_people(mentions: list[Mention]) -> list[Entity]:
    """Full names seed people (most used forms first); surname-only mentions then attach."""
    people: list[_Person] = []
    parsed = []
    for mention in mentions:
        words = name_tokens(mention.text)
        first = words[0] if len(words) > 1 else None
        parsed.append((mention, words, first, words[-1], surname_gender(words[-1])))
    form_counts = Counter(m.text for m in mentions)
    full = sorted((p for p in parsed if p[2] is not None), key=lambda p: -form_counts[p[0].text])
    for mention, words, first, last, gender in full:
        person = next((p for p in people if p.matches(first, last, gender)), None)
        if person is None and len(words) > 2:  # a stray word in front of the name
            person = next((p for p in people if p.matches(words[-2], last, gender)), None)
        if person is None:
            person = _Person(first, last, gender)
            people.append(person)
        person.mentions.append(mention)
    for mention, _words, _first, last, gender in (p for p in parsed if p[2] is None):
        chosen = _person_for_surname(people, mention, last, gender)
        if chosen is None or chosen.first is None:
            chosen = _person_for_first_name(people, mention, last) or chosen
        if chosen is None:
            chosen = _Person(None, last, gender)
            people.append(chosen)
        chosen.mentions.append(mention)
    return [_entity("PERSON", p.mentions) for p in people]


def _person_for_surname(
    people: list[_Person], mention: Mention, last: str, gender: str | None
) -> _Person | None:
    """The person a bare surname means: named nearest before it in the same article, or
    the only person of that name in the collection; None when it is ambiguous."""
    candidates = [p for p in people if p.matches(None, last, gender)]
    in_article = [
        (max(m.sentence_index for m in same), p)
        for p in candidates
        if (same := [m for m in p.mentions if m.article_id == mention.article_id])
    ]
    if in_article:
        before = [(i, p) for i, p in in_article if i <= mention.sentence_index]
        return max(before or in_article, key=lambda item: item[0])[1]
    full_named = [p for p in candidates if p.first is not None]
    if len(full_named) == 1:
        return full_named[0]
    if not full_named and candidates:
        return candidates[0]
    return None


def _person_for_first_name(people: list[_Person], mention: Mention, word: str) -> _Person | None:
    """ "Ivan" alone, in an article that names Ivan Moroz: that person, if only one fits."""
    fits = [
        p
        for p in people
        if p.first
        and _same_first(word, p.first)
        and any(m.article_id == mention.article_id for m in p.mentions)
    ]
    return fits[0] if len(fits) == 1 else None


def _entity(label: str, mentions: list[Mention]) -> Entity:
    # Canonical name: the full form used by most articles, then most often, then shortest.
    sources: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        sources[m.text].add(m.article_id)
    counts = Counter(m.text for m in mentions)
    # How many articles use each spelling of each name word ("Khorunzhyi" in any form).
    word_sources: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        for word in m.text.split():
            word_sources[word].add(m.article_id)

    def rank(form: str) -> tuple[bool, bool, int, int, int, bool, int]:
        return (
            len(name_tokens(form)) > 1,
            not _CYRILLIC_LETTER.search(form),
            len(sources[form]),
            sum(len(word_sources[w]) for w in form.split()),
            counts[form],
            not form.isascii(),  # "Wiśniewski" over "Wisniewski": keep the diacritics
            -len(form),
        )

    name = max(counts, key=rank)

    def attested(spelling: str, used_by: int) -> bool:
        return len(word_sources.get(spelling, sources.get(spelling, set()))) >= max(
            _ATTESTED_SOURCES, used_by + 1
        )

    suspect = set()
    for form in counts:
        used_by = len(sources[form])
        others = [o for o in counts if o != form]
        if any(
            len(sources[o]) >= max(_ATTESTED_SOURCES, used_by + 1) and probable_misspelling(form, o)
            for o in others
        ):
            suspect.add(form)
            continue
        # a slip in one word: "Kreuzer" / "Sebastian Kreuzer" where most write "Kreutzer"
        words = form.split()
        if len(words) and all(len(word_sources[w]) <= 1 for w in words[-1:]):
            spellings = {w for o in others for w in o.split()}
            if any(
                attested(w, len(word_sources[words[-1]])) and probable_misspelling(words[-1], w)
                for w in spellings
            ):
                suspect.add(form)
    suspect_forms = frozenset(suspect)
    if name in suspect_forms:  # never name an entity by its misspelling
        name = max((f for f in counts if f not in suspect_forms), key=rank, default=name)
    key = f"{label}:{_org_key(name) if label != 'PERSON' else _person_key(name)}"
    entity_id = hashlib.sha1(key.encode()).hexdigest()[:10]
    return Entity(
        id=entity_id,
        name=name,
        label=label,
        mentions=list(mentions),
        suspect_forms=suspect_forms,
    )


def _person_key(name: str) -> str:
    return " ".join(skeleton(w) for w in name_tokens(name))


def link_speakers(quotes: Iterable[Quote], entities: Sequence[Entity]) -> list[Quote]:
    """Set each quote's ``speaker_id`` to the canonical entity its speaker names.

    The speaker is first looked up among the mentions of the quote's own article (so a
    surname resolves to the person that article named), then by name across all people.
    """
    by_article: dict[tuple[str, str], str] = {}
    for entity in entities:
        for mention in entity.mentions:
            by_article.setdefault((mention.article_id, mention.text), entity.id)
    people = [e for e in entities if e.label == "PERSON"]
    linked: list[Quote] = []
    for quote in quotes:
        speaker_id = None
        if quote.speaker:
            name, _title = clean_name(quote.speaker)
            speaker_id = by_article.get((quote.article_id, name)) or _person_named(name, people)
            if speaker_id is None:
                key = _org_key(name)
                orgs = (e.id for e in entities if e.label == "ORG" and _org_key(e.name) == key)
                speaker_id = next(orgs, None)
        linked.append(replace(quote, speaker_id=speaker_id))
    return linked


def _person_named(name: str, people: Sequence[Entity]) -> str | None:
    words = name_tokens(name)
    if not words:
        return None
    first = words[0] if len(words) > 1 else None
    last = words[-1]
    gender = surname_gender(last)
    for entity in people:
        for mention in entity.mentions:
            other = name_tokens(mention.text)
            if not other or not same_name_word(last, other[-1]):
                continue
            other_gender = surname_gender(other[-1])
            if gender and other_gender and gender != other_gender:
                continue
            if first and len(other) > 1 and not _same_first(first, other[0]):
                continue
            return entity.id
    return None
