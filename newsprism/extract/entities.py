"""Entities: spaCy mentions merged into canonical people, organisations and places.

Outlets spell one person differently (Aliaksandr Kavalenka / Alexander Kovalenko /
Oleksandr Kovalenko; Zhabinski / Zhabinsky / Zhabinskyi). We compare names by a
transliteration *skeleton* (ASCII-folded consonants, with Slavic letter pairs folded
together) and never merge different grammatical genders of a surname (Wiśniewska, a
woman, and Wiśniewski, a man, may be a married couple). rapidfuzz bridges the remaining
one-letter misspellings. No maintained library does cross-script name matching of this
kind, which is why it is written here; issue 3 deepens it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from newsprism.models import Entity, Mention

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}

_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "madam", "president",
    "governor", "gov", "minister", "mayor", "chief", "engineer", "director", "spokesman",
    "spokeswoman", "spokesperson", "general", "gen", "colonel", "col", "captain", "capt",
    "deputy", "senator", "sen", "rep", "judge", "officer", "inspector", "head", "regional",
    "emergency", "situations", "prime", "foreign", "interior", "secretary", "lawyer",
}  # fmt: skip

# Cyrillic -> Latin, enough to fold Russian/Ukrainian/Belarusian spellings to one skeleton.
_CYRILLIC = dict(
    zip(
        "абвгґдеєёжзиіїйклмнопрстуўфхцчшщъыьэюя",
        ["a", "b", "v", "h", "g", "d", "e", "ie", "io", "zh", "z", "i", "i", "i", "i", "k",
         "l", "m", "n", "o", "p", "r", "s", "t", "u", "u", "f", "kh", "ts", "ch", "sh",
         "shch", "", "y", "", "e", "iu", "ia"],
        strict=True,
    )
)  # fmt: skip

# Letter groups that different romanisations use for one sound, folded to one symbol.
_FOLDS = [
    ("shch", "s"), ("sch", "s"), ("sz", "s"), ("sh", "s"), ("zh", "z"), ("rz", "z"),
    ("kh", "h"), ("ch", "c"), ("cz", "c"), ("ts", "c"), ("tz", "c"), ("x", "ks"),
    ("ck", "k"), ("q", "k"), ("w", "v"), ("g", "h"), ("ph", "f"), ("j", "i"),
]  # fmt: skip

_FEMININE = ("ska", "cka", "dzka", "skaya", "ckaya", "ova", "eva", "yova", "ina", "aya", "owa")
_MASCULINE = ("ski", "sky", "skyi", "skiy", "skij", "cki", "cky", "ov", "ev", "in", "iy", "yi")
_NEUTRAL = ("enko", "enka", "uk", "iuk", "yuk", "chuk")


def ascii_fold(text: str) -> str:
    lowered = "".join(_CYRILLIC.get(ch, ch) for ch in text.lower())
    lowered = lowered.replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_tokens(text: str) -> list[str]:
    """Name words without titles or possessives: "Governor Kavalenka's" -> ["kavalenka"]."""
    text = re.sub(r"['’]s\b", "", text)
    words = [w for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", ascii_fold(text))]
    return [w for w in words if w not in _TITLES and w not in {"the", "of"}]


def skeleton(word: str) -> str:
    """Consonant skeleton shared by transliterations: kavalenka, kovalenko -> kvlnk."""
    folded = word
    for source, target in _FOLDS:
        folded = folded.replace(source, target)
    if not folded:
        return folded
    body = re.sub(r"[aeiouy]", "", folded[1:])
    head = folded[0] if folded[0] not in "aeiouy" else ""
    return re.sub(r"(.)\1+", r"\1", head + body)


def surname_gender(word: str) -> str | None:
    """'f', 'm' or None from a Slavic surname ending; the -enko/-enka family is neutral."""
    if word.endswith(_NEUTRAL):
        return None
    if word.endswith(_FEMININE):
        return "f"
    if word.endswith(_MASCULINE):
        return "m"
    return None


def resolve_entities(mentions: Iterable[Mention]) -> list[Entity]:
    """Merge mentions across articles into canonical entities, most mentioned first."""
    usable = [m for m in mentions if m.label in ENTITY_LABELS and name_tokens(m.text)]
    # The small NER model labels one name differently in different sentences; the
    # majority label across the collection wins.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in usable:
        votes[_name_key(mention.text)][_kind(mention.label)] += 1
    by_label: dict[str, list[Mention]] = defaultdict(list)
    for mention in usable:
        by_label[votes[_name_key(mention.text)].most_common(1)[0][0]].append(mention)
    # "Governor of region Polesk Aleksandr Kavalenko": NER swallowed a place name in front.
    places = {key for key, vote in votes.items() if vote.most_common(1)[0][0] != "PERSON"}
    by_label["PERSON"] = [_drop_leading_place(m, places) for m in by_label.get("PERSON", [])]
    entities: list[Entity] = []
    entities += _resolve_people(by_label.pop("PERSON", []))
    for label, group in by_label.items():
        entities += _resolve_by_key(group, label)
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities


def _drop_leading_place(mention: Mention, places: set[str]) -> Mention:
    words = mention.text.split()
    if len(words) >= 3 and _name_key(words[0]) in places:
        return Mention(
            " ".join(words[1:]), mention.label, mention.article_id, mention.sentence_index
        )
    return mention


def _kind(label: str) -> str:
    if label == "PERSON":
        return "PERSON"
    return "ORG" if label in {"ORG", "NORP"} else "PLACE"


def _name_key(text: str) -> str:
    return " ".join(skeleton(w) for w in name_tokens(text))


def _resolve_by_key(mentions: list[Mention], label: str) -> list[Entity]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[_name_key(mention.text)].append(mention)
    return [_entity(label, group) for group in groups.values()]


class _Person:
    def __init__(self, first: str | None, last: str, gender: str | None) -> None:
        self.first, self.last, self.gender = first, last, gender
        self.mentions: list[Mention] = []

    def matches(self, first: str | None, last: str, gender: str | None) -> bool:
        if gender and self.gender and gender != self.gender:
            return False
        if first and self.first and first[0] != self.first[0]:
            return False
        if first and self.first and fuzz.ratio(first, self.first) < 75:
            return False
        return last == self.last or (
            len(last) >= 4 and fuzz.ratio(last, self.last) >= 80 and last[0] == self.last[0]
        )


def _resolve_people(mentions: list[Mention]) -> list[Entity]:
    """Full names first, then surname-only mentions attach to the person they name."""
    people: list[_Person] = []
    parsed = []
    for mention in mentions:
        words = name_tokens(mention.text)
        last_word = words[-1]
        first = skeleton(words[0]) if len(words) > 1 else None
        parsed.append((mention, words, first, skeleton(last_word), surname_gender(last_word)))
    full = [p for p in parsed if p[2] is not None]
    partial = [p for p in parsed if p[2] is None]
    for mention, words, first, last, gender in full:
        person = next((p for p in people if p.matches(first, last, gender)), None)
        if person is None and len(words) > 2:  # "Polesk Aleksandr Kavalenko": a stray word in front
            first = skeleton(words[-2])
            person = next((p for p in people if p.matches(first, last, gender)), None)
        if person is None:
            person = _Person(first, last, gender)
            people.append(person)
        person.mentions.append(mention)
    for mention, _words, _first, last, gender in partial:
        candidates = [p for p in people if p.matches(None, last, gender)]
        # Prefer the person named in full in the same article.
        same_article = [
            p for p in candidates if any(m.article_id == mention.article_id for m in p.mentions)
        ]
        pool = same_article or candidates
        chosen = pool[0] if pool else None
        if chosen is None:
            chosen = _Person(None, last, gender)
            people.append(chosen)
        chosen.mentions.append(mention)
    return [_entity("PERSON", p.mentions) for p in people]


def _entity(label: str, mentions: list[Mention]) -> Entity:
    # Canonical name: the most used full form (more words beat fewer), ties alphabetical.
    counts = Counter(_clean_surface(m.text) for m in mentions)
    name = max(counts, key=lambda form: (len(name_tokens(form)) > 1, counts[form], -len(form)))
    key = f"{label}:{_name_key(name)}"
    entity_id = hashlib.sha1(key.encode()).hexdigest()[:10]
    return Entity(id=entity_id, name=name, label=label, mentions=list(mentions))


def _clean_surface(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip())
    words = text.split()
    while words and words[0].lower().strip(".") in _TITLES | {"the"}:
        words = words[1:]
    return " ".join(words) or text
