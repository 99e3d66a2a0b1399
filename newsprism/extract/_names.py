"""Name comparison across scripts and romanisations.

Outlets render one Slavic name in several ways (Aliaksandr Kavalenka / Alexander Kovalenko /
Oleksandr Kovalenko / Олександр Коваленко; Zhabinski / Zhabinsky / Żabiński). anyascii
brings every script to ASCII; we then reduce a word to a consonant *skeleton* in which
letter groups that different romanisation systems use for one sound (sh/sz/sch, zh/ż/j,
kh/h/ch, ...) fold together. Ambiguous groups ("ch" is Polish kh, English ch, French sh)
yield several skeletons, and two words match when any skeleton is shared. Given names
that differ by more than spelling (Grzegorz / Hryhoriy / Gregory) come from a small table
of cognates. No maintained library does cross-romanisation name matching, hence this
module.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir madam dame lord lady president vice governor
    gov minister mayor chief engineer director spokesman spokeswoman spokesperson general
    gen colonel col captain capt lieutenant lt sergeant sgt major deputy senator sen rep
    judge justice officer inspector head regional emergency situations prime foreign
    interior secretary lawyer prosecutor attorney commissioner chairman chairwoman chair
    ceo father rev reverend pastor bishop archbishop sheikh king queen prince princess
    ambassador councillor councilor alderman superintendent commander admiral marshal
    detective constable sheriff coach doctor nurse professor the acting former late""".split()
)

# Letter groups folded in order (longest first); a tuple lists alternative readings.
_FOLDS: list[tuple[str, tuple[str, ...]]] = [
    ("shch", ("s",)), ("tsch", ("c",)), ("tch", ("c",)), ("sch", ("s",)), ("sz", ("s",)),
    ("sh", ("s",)), ("zh", ("z",)), ("rz", ("z",)), ("dzh", ("z",)), ("kh", ("h",)),
    ("cz", ("c",)), ("ch", ("c", "h", "s")), ("ts", ("c",)), ("tz", ("c",)), ("x", ("ks",)),
    ("ck", ("k", "ck")), ("q", ("k",)), ("w", ("v",)), ("g", ("h",)), ("ph", ("f",)),
    ("j", ("i", "z")), ("ou", ("u",)),
]  # fmt: skip
_FOLD_RE = re.compile("|".join(re.escape(source) for source, _ in _FOLDS))
_FOLD_TO = dict(_FOLDS)

_FEMININE = ("ska", "cka", "dzka", "skaya", "ckaya", "ova", "eva", "yova", "ina", "aya", "owa")
_MASCULINE = ("ski", "sky", "skyi", "skiy", "skij", "cki", "cky", "ov", "ev", "in", "iy", "yi")
_NEUTRAL = ("enko", "enka", "uk", "iuk", "yuk", "chuk")

# Cognate given names across Slavic languages and English; each row is one name.
_GIVEN_NAME_COGNATES = [
    "aleksandr oleksandr aliaksandr alexander aleksander alexandre aleksandar",
    "hryhoriy grigory grigoriy hryhorij ryhor grzegorz gregory",
    "mykhailo mikhail mikhaylo mikhal michal michael mihail mikalai",
    "yevgeny yevgeniy evgeny evgeniy jewgienij eugene yevhen yauhen ievgen",
    "petro pyotr piotr peter petr piatro",
    "pavel pavlo pawel paul pavał paval",
    "andriy andrei andrey andrzej andrew andrija",
    "mykola nikolai nikolay mikola mikolaj nicholas mikalai",
    "yuriy yuri yury jerzy george yurii",
    "volodymyr vladimir uladzimir wlodzimierz",
    "serhiy sergei sergey siarhei serhii sergiy",
    "dmytro dmitry dmitri dzmitry dmitrij",
    "oleh oleg aleh",
    "ivan jan john ioann ivano",
    "vasyl vasily vasili wasyl vasil",
    "stepan stefan stephen stsiapan szczepan",
    "yakiv yakov jakub jacob",
    "kostiantyn konstantin kanstantsin konstanty constantine",
    "fedir fyodor fedor teodor theodore",
    "illia ilya ilia eliasz",
    "tetiana tatiana tatyana tatsiana tacjana",
    "nataliya natalia natalya natallia natalie",
    "kateryna yekaterina ekaterina katsiaryna katarzyna catherine",
    "olena elena yelena alena helena helen",
    "mariya maria maryia marya marija mary",
    "hanna anna ganna",
    "iryna irina iryna",
    "olha olga volha",
    "yuliya yulia julia yuliia",
    "svitlana svetlana sviatlana",
    "liudmyla lyudmila ludmila liudmila",
    "halyna galina halina",
]
_COGNATE_OF = {name: row.split()[0] for row in _GIVEN_NAME_COGNATES for name in row.split()}

# One-letter differences that are romanisation choices, not misspellings.
_TRANSLITERATION_EDITS = {
    frozenset(pair)
    for pair in [("i", "y"), ("y", "j"), ("i", "j"), ("v", "w"), ("e", "ie"), ("o", "a"),
                 ("k", "c"), ("s", "z"), ("f", "v"), ("h", "g"), ("u", "o")]
}  # fmt: skip


def ascii_fold(text: str) -> str:
    """Lower-case ASCII in any script: "Олександр" -> "oleksandr", "Żabiński" -> "zabinski"."""
    return anyascii(text).lower()


def clean_name(text: str, *, titles: bool = True) -> tuple[str, str | None]:
    """Split a mention into (name, title): "Governor Aleksandr Kavalenka's" -> name + "Governor".

    Drops a leading "the", a possessive "'s" and surrounding punctuation. With
    ``titles=False`` title words stay in the name ("Emergency Situations Ministry").
    """
    text = re.sub(r"['’]s$", "", " ".join(text.split())).strip(" ,.;:\"'“”‘’()[]")
    words = text.split()
    title: list[str] = []
    leading = TITLES if titles else {"the"}
    while len(words) > 1 and words[0].lower().strip(".") in leading:
        title.append(words.pop(0))
    if title and title[0].lower() == "the":
        title.pop(0)
    return " ".join(words), (" ".join(title) or None)


def name_tokens(text: str) -> list[str]:
    """Name words without titles or possessives: "Governor Kavalenka's" -> ["kavalenka"]."""
    text = re.sub(r"['’]s\b", "", text)
    words = re.findall(r"[a-z]+(?:-[a-z]+)*", ascii_fold(text))
    return [w for w in words if w not in TITLES and w not in {"the", "of"}]


@lru_cache(maxsize=65536)
def skeletons(word: str) -> frozenset[str]:
    """Consonant skeletons shared by transliterations: kavalenka, kovalenko -> {"kvlnk"}."""
    word = _COGNATE_OF.get(word, word)
    pieces = _FOLD_RE.split(word)
    joints = [_FOLD_TO[m] for m in _FOLD_RE.findall(word)]
    out = set()
    for choice in product(*joints) if joints else [()]:
        folded = pieces[0] + "".join(j + p for j, p in zip(choice, pieces[1:], strict=True))
        out.add(_strip_vowels(folded))
    return frozenset(out)


def skeleton(word: str) -> str:
    """The primary skeleton: a stable key for grouping names by sound."""
    return min(skeletons(word), key=lambda s: (len(s), s))


def _strip_vowels(folded: str) -> str:
    if not folded:
        return folded
    body = re.sub(r"[aeiouy]", "", folded[1:])
    head = folded[0] if folded[0] not in "aeiouy" else ""
    return re.sub(r"(.)\1+", r"\1", head + body)


def same_name_word(a: str, b: str) -> bool:
    """Two folded name words are one name in different romanisations (or one slip apart)."""
    if a == b or skeletons(a) & skeletons(b):
        return True
    if _COGNATE_OF.get(a, a) == _COGNATE_OF.get(b, b):
        return True
    return len(a) >= 5 and len(b) >= 5 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1


def surname_gender(word: str) -> str | None:
    """'f', 'm' or None from a Slavic surname ending; the -enko/-enka family is neutral."""
    word = ascii_fold(word)
    if word.endswith(_NEUTRAL):
        return None
    if word.endswith(_FEMININE):
        return "f"
    if word.endswith(_MASCULINE):
        return "m"
    return None


_ADJECTIVAL_MASCULINE = ("yi", "iy", "ij", "yj", "y", "i")
_ADJECTIVAL_FEMININE = ("aya", "aia", "a")


def genders_clash(a: str, b: str) -> bool:
    """Two forms of one surname for a man and a woman: Wiśniewski / Wiśniewska,
    Volkov / Volkova, and the adjectival Khorunzhyi / Khorunzha / Khorunzhaya."""
    a, b = ascii_fold(a), ascii_fold(b)
    ga, gb = surname_gender(a), surname_gender(b)
    if ga and gb:
        return ga != gb
    for masculine, feminine in ((a, b), (b, a)):
        for m_end in _ADJECTIVAL_MASCULINE:
            for f_end in _ADJECTIVAL_FEMININE:
                if masculine.endswith(m_end) and feminine.endswith(f_end):
                    m_stem, f_stem = masculine[: -len(m_end)], feminine[: -len(f_end)]
                    if len(m_stem) >= 3 and skeletons(m_stem) & skeletons(f_stem):
                        return True
    return False


def probable_misspelling(form: str, attested: str) -> bool:
    """``form`` is one slip (a dropped, added, swapped or wrong letter) from ``attested``.

    Differences that romanisation explains (i/y, v/w, diacritics, Cyrillic) are not slips.
    """
    a, b = ascii_fold(form), ascii_fold(attested)
    if a == b or not form.isascii() or abs(len(a) - len(b)) > 1:
        return False
    ops = [(op.tag, op.src_pos, op.dest_pos) for op in Levenshtein.editops(b, a)]
    if len(ops) == 2 and ops[0][0] == ops[1][0] == "replace":
        # a transposition: "Hallier" -> "Halleir"
        i, j = ops[0][1], ops[1][1]
        return j == i + 1 and b[i] == a[j] and b[j] == a[i]
    if len(ops) != 1:
        return False
    tag, src, dest = ops[0]
    if tag == "replace":
        return frozenset((b[src], a[dest])) not in _TRANSLITERATION_EDITS
    longer, position = (b, src) if tag == "delete" else (a, dest)
    letter = longer[position]
    before, after = longer[position - 1 : position], longer[position + 1 : position + 2]
    # an "i" before a/o/u is how some systems write я/ё/ю (Fiodorov, Aliaksandr);
    # "h" after z/s/c/k is a digraph written without it (Zhabinski / Żabiński -> Zabinski);
    # an i/y/j beside another is an ending spelt two ways (-ski / -skyi): none is a slip
    if letter == "i" and after in {"a", "o", "u"}:
        return False
    if letter == "h" and before in {"z", "s", "c", "k"}:
        return False
    return not (letter in "iyj" and (before in {"i", "y", "j"} or after in {"i", "y", "j"}))
