"""Pair features for the learned judge: what two sentence vectors and their slots say.

A sentence embedding knows that two sentences are about the same thing, but it barely
moves when one number, name, date or a "not" changes, which is exactly what turns a
paraphrase into a contradiction. So the judge sees two kinds of features:

* embedding features of the two vectors (cosine, ``u*v`` and ``|u-v|``), for topic and
  paraphrase;
* *slot differences* read from the raw text with regexes and small lexicons: numbers
  (with their comparators, ranges and rounding), negation, antonyms, capitalised names,
  dates, lexical overlap, refuting and hedging words.

Everything here is plain Python and numpy (no spaCy): the judge must score hundreds of
pairs in a fraction of a second.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# --------------------------------------------------------------------------- lexicons

STOPWORDS = frozenset(
    """a an the of in on at to for by with from and or but as that this these those it its
    is are was were be been being has have had having will would shall should can could may
    might must do does did done he she they we you i his her their our your my me him them
    us who whom whose which what when where why how there here than then so such into onto
    over under about after before during while also just only very more most some any all
    each other said says say told according s t up out off if not no nor""".split()
)

# Words that negate the clause they are in. "denied" is an antonym of "confirmed", kept
# with the refuting words instead.
NEGATIONS = frozenset(
    """not no never n't none nobody nothing neither nor without cannot cant dont doesnt
    didnt isnt wasnt werent arent wont wouldnt couldnt shouldnt hasnt havent hadnt""".split()
)
# "not only", "no longer than": the negation does not flip the fact.
_NOT_NEGATING_NEXT = frozenset({"only", "just", "least", "merely", "simply", "longer", "less"})

# Words that say a claim is false; in FNC-1 they mark bodies that debunk a headline.
REFUTING = frozenset(
    """fake fraud hoax false falsely deny denies denied denying debunk debunked debunks
    bogus prank pranks retract retracted retraction doubt doubts doubtful untrue
    misleading myth rumor rumour rumors rumours satire satirical fabricated nope refute
    refuted refutes dismissed dismisses incorrect wrong baseless unfounded""".split()
)

# Words that report a claim without vouching for it: the mark of "discuss".
HEDGING = frozenset(
    """reportedly allegedly alleged claim claims claimed claiming rumor rumour rumored
    rumoured unconfirmed unverified purportedly purported apparently supposedly may might
    could possibly perhaps suggests suggest suggested speculation speculate speculated
    believed appears appear seems seem unclear if whether report reports reported
    according""".split()
)

# Each row: two sets of word forms with opposite meanings. One side in one sentence and
# the other side in the other (and neither sentence using both) flips the fact.
ANTONYM_PAIRS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in [
        (
            "ban bans banned banning prohibit prohibits prohibited forbid forbids forbade "
            "forbidden outlaw outlawed",
            "allow allows allowed allowing permit permits permitted legalise legalised "
            "legalize legalized authorise authorised authorize authorized",
        ),
        ("confirm confirms confirmed confirming admit admits admitted", "deny denies denied"),
        (
            "rise rises rose risen rising increase increases increased increasing grow grows "
            "grew growing climb climbs climbed raise raises raised raising up higher",
            "fall falls fell fallen falling decrease decreases decreased decreasing decline "
            "declines declined drop drops dropped shrink shrank cut cuts cutting lower lowered "
            "reduce reduced down",
        ),
        (
            "approve approves approved approving accept accepts accepted adopt adopted",
            "reject rejects rejected rejecting refuse refused veto vetoed",
        ),
        ("open opens opened opening reopen reopened", "close closes closed closing shut shuts"),
        ("win wins won winning winner", "lose loses lost losing loser"),
        ("victory", "defeat"),
        ("guilty convicted convict convicts", "innocent acquitted acquit acquits"),
        ("lift lifts lifted", "impose imposes imposed"),
        ("arrest arrests arrested detained", "release releases released freed"),
        ("start starts started begin begins began", "end ends ended finish finished"),
        ("resume resumes resumed", "suspend suspends suspended halt halted stop stopped"),
        ("support supports supported", "oppose opposes opposed"),
        ("survive survives survived survivor survivors", "die dies died killed"),
        ("alive living", "dead deceased"),
        ("legal lawful", "illegal unlawful"),
        ("succeed succeeds succeeded success", "fail fails failed failure"),
        ("true correct accurate real genuine", "false incorrect inaccurate fake"),
        ("safe", "unsafe dangerous"),
        ("possible", "impossible"),
        ("likely", "unlikely"),
        ("appoint appoints appointed hired", "dismiss dismissed sack sacked fired"),
        ("strengthen strengthened", "weaken weakened"),
        ("high", "low"),
        ("more", "fewer less"),
        ("before", "after"),
        ("pass passes passed", "fail"),
        ("found", "missing"),
        ("present", "absent"),
        ("same", "different"),
        ("male", "female"),
        ("men man", "women woman"),
        ("boy boys", "girl girls"),
        ("north northern", "south southern"),
        ("east eastern", "west western"),
    ]
)
# Broader opposites than ANTONYM_PAIRS: too common to flip a fact anywhere in a sentence
# ("the first boats" and "the last residents"), but a change of fact where one stands in
# the other's place ("the financially struggling company" / "the financially thriving
# company"): see the "opposite in place" rule of newsprism.judge.compare_by_rules.
CONTRASTS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in [
        (
            "struggling troubled ailing failing beleaguered embattled distressed",
            "thriving successful booming flourishing prospering prosperous triumphant",
        ),
        ("profit profits profitable", "loss losses loss-making unprofitable"),
        ("gain gains gained", "loss losses lost"),
        ("surplus", "deficit"),
        ("peace peaceful peacefully", "war violent violence invasion attack"),
        ("strong stronger strongest", "weak weaker weakest"),
        ("rich richer wealthy", "poor poorer"),
        ("large larger largest big bigger biggest", "small smaller smallest"),
        ("best better", "worst worse"),
        ("highest", "lowest"),
        ("long longer longest", "short shorter shortest"),
        ("early earlier earliest", "late later latest"),
        ("buy buys bought buying", "sell sells sold selling"),
        ("import imports imported", "export exports exported"),
        ("public", "private"),
        ("majority", "minority"),
        ("optimistic optimism", "pessimistic pessimism"),
        ("positive", "negative"),
        ("praise praised praises", "criticise criticised criticize criticized criticises"),
        ("ally allies", "enemy enemies"),
        ("expand expands expanded expansion", "shrink shrinks shrank contraction"),
        ("include includes included", "exclude excludes excluded"),
        ("cheap cheaper cheapest", "expensive"),
        ("easy easier", "difficult hard harder"),
        ("young younger youngest", "old older oldest elderly"),
        ("first", "last"),
        ("arrested charged convicted jailed", "acquitted cleared"),
        ("support supports supported bolster boost", "undermine undermines undermined sink"),
    ]
)


# Closed classes of words that name one value of a fact (a colour, a title, a charge, a
# family tie, a unit of time): within a class, each row is one value in any of its forms.
# A report's value of the same class in place of another's is a changed fact ("yellow and
# white" for "yellow and blue", "the CEO" for "the founder", murder for manslaughter),
# where a paraphrase would keep the value. Rows are checked word by word, hyphenated
# words not in a row also by their parts ("one-year" holds "year", "co-founder" does not
# hold "founder").
EXCLUSIVE_TERMS: dict[str, tuple[frozenset[str], ...]] = {
    kind: tuple(frozenset(row.split()) for row in rows)
    for kind, rows in {
        "colour": (
            "red", "orange", "yellow", "green", "blue", "purple violet", "pink", "white",
            "black", "grey gray", "brown", "gold golden", "silver",
        ),
        "title": (
            "founder founders", "co-founder co-founders cofounder", "ceo executive",
            "chairman chairwoman chairperson", "president", "vice-president", "premier",
            "minister", "mayor", "governor", "senator", "director", "spokesman spokeswoman "
            "spokesperson", "coach", "captain", "ambassador", "prosecutor", "sheriff",
        ),
        "charge": (
            "murder murders murdered", "manslaughter", "homicide", "fraud", "theft",
            "robbery", "rape", "kidnapping kidnap kidnapped", "terrorism", "bribery",
        ),
        "relation": (
            "husband", "wife", "son sons", "daughter daughters", "father", "mother",
            "brother brothers", "sister sisters", "grandson", "granddaughter",
        ),
        "unit of time": (
            "hour hours hourly", "day days daily", "week weeks weekly", "month months monthly",
            "year years yearly annual annually", "decade decades", "century centuries",
        ),
    }.items()
}  # fmt: skip


_TERM_WORDS = frozenset(w for rows in EXCLUSIVE_TERMS.values() for row in rows for w in row)


def exclusive_parts(word: str) -> set[str]:
    """The word, and the parts of a hyphenated word that no row holds whole."""
    return {word} if word in _TERM_WORDS else {word, *word.split("-")}


def exclusive_terms(words: Iterable[str]) -> dict[str, set[int]]:
    """Which row of each :data:`EXCLUSIVE_TERMS` class the words use, by class."""
    found: dict[str, set[int]] = {}
    parts = {p for w in words for p in exclusive_parts(w)}
    for kind, rows in EXCLUSIVE_TERMS.items():
        for row, forms in enumerate(rows):
            if forms & parts:
                found.setdefault(kind, set()).add(row)
    return found


_ANTONYM_SIDE: dict[str, list[tuple[int, int]]] = {}
for _row, (_a, _b) in enumerate(ANTONYM_PAIRS):
    for _word in _a:
        _ANTONYM_SIDE.setdefault(_word, []).append((_row, 0))
    for _word in _b:
        _ANTONYM_SIDE.setdefault(_word, []).append((_row, 1))

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_ABBR = {m[:3]: m for m in MONTHS} | {"sept": "september"}
_RELATIVE_DAYS = frozenset({"yesterday", "today", "tomorrow", "tonight"})

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "half": 0.5,
}
# "hundreds of", "dozens of": a vague amount, an interval rather than a value.
_VAGUE = {
    "dozens": (24.0, 99.0),
    "scores": (40.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "millions": (2e6, 9.99e8),
    "billions": (2e9, 9.99e11),
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
# Comparator -> (low factor, high factor) around the stated value, before rounding.
_COMPARATORS: dict[str, tuple[float, float]] = {
    "more than": (1.0, 1.2),
    "over": (1.0, 1.2),
    "above": (1.0, 1.2),
    "exceeding": (1.0, 1.2),
    "in excess of": (1.0, 1.2),
    "at least": (1.0, 1.3),
    "upwards of": (1.0, 1.3),
    "nearly": (0.85, 1.0),
    "almost": (0.85, 1.0),
    "close to": (0.85, 1.02),
    "just under": (0.9, 1.0),
    "just over": (1.0, 1.1),
    "about": (0.88, 1.12),
    "around": (0.88, 1.12),
    "roughly": (0.88, 1.12),
    "approximately": (0.9, 1.1),
    "some": (0.88, 1.12),
    "an estimated": (0.85, 1.15),
    "estimated": (0.85, 1.15),
    "up to": (0.6, 1.0),
    "less than": (0.7, 1.0),
    "fewer than": (0.7, 1.0),
    "under": (0.7, 1.0),
    "below": (0.7, 1.0),
    "at most": (0.6, 1.0),
    "no more than": (0.6, 1.0),
}
_COMPARATOR_RE = "|".join(sorted((re.escape(c) for c in _COMPARATORS), key=len, reverse=True))
_NUMBER_WORD_RE = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_SCALE_RE = r"thousand|millions?|billion|trillion|bn|mn|tn|m|k|b"
_NUMERAL = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{_NUMBER_WORD_RE})(?:[- ](?:{_NUMBER_WORD_RE}))?)"
)
_QUANTITY = re.compile(
    rf"(?<![\w.,])(?:(?P<cmp>{_COMPARATOR_RE})\s+)?"
    rf"(?:between\s+|from\s+)?"
    rf"(?<![\w.,])(?P<cur>[$€£¥])?(?P<a>{_NUMERAL})(?:(?<=\d)|\b)(?:\s*(?P<sa>{_SCALE_RE})\b)?"
    rf"(?:\s*(?:-|–|to|and)\s*[$€£¥]?(?P<b>{_NUMERAL})(?:\s*(?P<sb>{_SCALE_RE})\b)?)?"
    rf"(?P<pct>\s*(?:%|per ?cent\b))?"
    rf"(?:\s+(?P<noun>[a-z][a-z'-]+))?",
    re.IGNORECASE,
)
_ANY_NUMBER = re.compile(
    rf"\d|\b(?:{_NUMBER_WORD_RE}|dozens|scores|hundreds|thousands|millions|billions)\b", re.I
)
_VAGUE_RE = re.compile(r"\b(dozens|scores|hundreds|thousands|millions|billions)\s+of\s+(\w+)", re.I)
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d[\d,.]*")
_CAPITALISED = re.compile(r"\b([A-Z][a-zA-Z'’.-]*[a-zA-Z]|[A-Z]{2,})\b")
# Months only when capitalised ("the march" is not March); "May" only before a day.
_MONTH = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|May(?=\s+\d))\b"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")

# --------------------------------------------------------------------------- slots


@dataclass(frozen=True)
class Figure:
    """A number as the words allow it: an interval, the unit, and the word that follows.

    ``low``/``high`` widen the stated value by its comparator ("more than 300") and by
    rounding ("4 million" allows 3.5-4.5 million), so that two figures are compatible when
    their intervals overlap and disjoint when they cannot both be right.
    """

    value: float
    low: float
    high: float
    unit: str  # "%", "$", or "" for a plain count
    noun: str  # the word after the number ("people"), a crude stem; "" if none


def _numeral(text: str) -> float | None:
    text = text.lower().replace(",", "")
    try:
        return float(text)
    except ValueError:
        pass
    total = 0.0
    for part in re.split(r"[- ]", text):
        if part not in _NUMBER_WORDS:
            return None
        value = _NUMBER_WORDS[part]
        total = total * value if value >= 100 and total else total + value
    return total


def _rounding(surface: str, value: float) -> float:
    """Half the unit of the last significant digit the writer gave ("1,200" -> 50).

    Capped at 6 % of the value, so "10,000" is not read as anything from 5,000 to 15,000
    while "4 million" still allows "4.2 million".
    """
    digits = surface.replace(",", "")
    if not digits[:1].isdigit():
        return 0.5 if value < 100 else value * 0.05  # "two", "a hundred"
    if "." in digits:
        half = 0.5 * 10 ** (-len(digits.split(".", 1)[1]))
    else:
        half = 0.5 * 10 ** (len(digits) - len(digits.rstrip("0")))
    return min(half, max(0.06 * value, 0.5))


def _scale(word: str | None, currency: bool) -> float:
    """The multiplier of "million", "bn"; a lone "m"/"k"/"b" only after a currency sign."""
    if not word:
        return 1.0
    word = word.lower()
    if len(word) == 1 and not currency:
        return 1.0
    return _SCALES.get(word, 1.0)


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@lru_cache(maxsize=4096)
def figures(text: str) -> tuple[Figure, ...]:
    """Numbers in ``text`` with comparator, range, scale, unit and rounding as an interval.

    Years (1800-2099 without a scale or unit) are dates, not figures, and are skipped.
    """
    found: list[Figure] = []
    if not _ANY_NUMBER.search(text):
        return ()
    for match in _QUANTITY.finditer(text):
        a = _numeral(match["a"])
        if a is None:
            continue
        noun = (match["noun"] or "").lower()
        noun = "" if noun in STOPWORDS else _stem(noun)
        if match["a"].lower() == "one" and not noun:
            continue  # "one of them", "no one": not a count worth comparing
        scale_a = _scale(match["sa"], bool(match["cur"]))
        unit = "%" if match["pct"] else ("$" if match["cur"] else "")
        raw = match["a"]
        if (
            not unit
            and scale_a == 1.0
            and raw.isdigit()
            and len(raw) == 4
            and 1800 <= int(raw) <= 2099
            and not match["b"]
        ):
            continue  # a year
        value = a * scale_a
        half = _rounding(raw, a) * scale_a
        low, high = value - half * 0.9, value + half * 0.9
        if match["b"]:
            b = _numeral(match["b"])
            if b is not None:
                scale_b = _scale(match["sb"], bool(match["cur"])) if match["sb"] else scale_a
                if not match["sa"]:
                    scale_a = scale_b
                    value, low = a * scale_b, a * scale_b - half * 0.9 * scale_b
                high = b * scale_b + _rounding(match["b"], b) * scale_b * 0.9
                value = (value + b * scale_b) / 2
        if match["cmp"]:
            lo_f, hi_f = _COMPARATORS[match["cmp"].lower()]
            low, high = min(low, value * lo_f), max(high, value * hi_f)
        found.append(Figure(value, low, high, unit, noun))
    for match in _VAGUE_RE.finditer(text):
        low, high = _VAGUE[match[1].lower()]
        found.append(Figure((low + high) / 2, low, high, "", _stem(match[2])))
    return tuple(found)


@dataclass(frozen=True)
class Slots:
    """What the slot features need from one sentence, computed once per text."""

    words: tuple[str, ...]  # lower-case tokens
    content: frozenset[str]  # stems of non-stopwords
    negations: int
    names: frozenset[str]
    weekdays: frozenset[str]
    months: frozenset[str]
    years: frozenset[str]
    relative_days: frozenset[str]
    figures: tuple[Figure, ...]
    refuting: int
    hedging: int
    question: bool


@lru_cache(maxsize=8192)
def slots(text: str) -> Slots:
    """The slots of one sentence (cached: one premise is often judged against many)."""
    words = tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))
    negations = 0
    for i, word in enumerate(words):
        if word in NEGATIONS or word.endswith("n't"):
            following = words[i + 1] if i + 1 < len(words) else ""
            if following not in _NOT_NEGATING_NEXT:
                negations += 1
    names: set[str] = set()
    for match in _CAPITALISED.finditer(text):
        word = match[1].lower().rstrip(".")
        if word in STOPWORDS or word in NEGATIONS or word in WEEKDAYS or word in MONTHS:
            continue
        start = match.start()
        at_start = start == 0 or text[:start].rstrip()[-1:] in {".", "!", "?", '"', "“", ":"}
        if at_start and word in _COMMON_CAPITALS:
            continue
        names.add(word)
    weekdays = frozenset(w for w in words if w in WEEKDAYS)
    months = frozenset(
        _MONTH_ABBR[m.lower()[:4] if m.lower().startswith("sept") else m.lower()[:3]]
        for m in _MONTH.findall(text)
    )
    return Slots(
        words=words,
        content=frozenset(_stem(w) for w in words if w not in STOPWORDS and len(w) > 1),
        negations=negations,
        names=frozenset(names),
        weekdays=weekdays,
        months=months,
        years=frozenset(_YEAR.findall(text)),
        relative_days=frozenset(w for w in words if w in _RELATIVE_DAYS),
        figures=figures(text),
        refuting=sum(w in REFUTING for w in words),
        hedging=sum(w in HEDGING for w in words),
        question="?" in text,
    )


# Capitalised only because they open a sentence.
_COMMON_CAPITALS = frozenset(
    """however but and the a an in on at after before while when as if this that these
    those there here it its he she they we i you his her their our officials police
    residents people authorities meanwhile yet still also now then earlier later
    according some many most several one two three four five""".split()
)

# --------------------------------------------------------------------------- pair features

SLOT_FEATURES: tuple[str, ...] = (
    "overlap_jaccard",
    "overlap_premise",  # share of the premise's content words the hypothesis repeats
    "overlap_hypothesis",  # share of the hypothesis's content words found in the premise
    "length_ratio",
    "figures_both",
    "figure_equal",
    "figure_compatible",  # intervals overlap but values differ: rounding, comparators
    "figure_conflict",  # same counted thing (or the only figure each), disjoint intervals
    "figure_unmatched",  # hypothesis figures with no counterpart at all
    "negation_premise",
    "negation_hypothesis",
    "negation_mismatch",
    "antonym_flip",
    "antonym_shared",
    "names_shared",
    "names_new",  # share of the hypothesis's names the premise lacks
    "name_swap",  # each side has a name the other lacks
    "date_conflict",
    "date_match",
    "refuting_premise",
    "refuting_hypothesis",
    "refuting_mismatch",
    "hedging_premise",
    "hedging_hypothesis",
    "question",
)


def _figure_features(p: Sequence[Figure], h: Sequence[Figure]) -> tuple[float, float, float, float]:
    """Counts of hypothesis figures that equal, fit, contradict or miss the premise's."""
    equal = compatible = conflict = unmatched = 0
    for fh in h:
        same_kind = [fp for fp in p if fp.unit == fh.unit]
        overlapping = [fp for fp in same_kind if fp.low <= fh.high and fh.low <= fp.high]
        counterparts = [fp for fp in same_kind if fh.noun and fp.noun == fh.noun]
        if len(p) == 1 and len(h) == 1 and same_kind:
            counterparts = same_kind
        if any(math.isclose(fp.value, fh.value, rel_tol=1e-9) for fp in overlapping):
            equal += 1
        elif overlapping and (not counterparts or any(fp in overlapping for fp in counterparts)):
            compatible += 1
        elif counterparts:
            conflict += 1
        else:
            unmatched += 1
    return float(equal), float(compatible), float(conflict), float(unmatched)


def _antonyms(p: Slots, h: Slots) -> tuple[float, float]:
    flips = shared = 0
    sides_p = {side for w in p.words for side in _ANTONYM_SIDE.get(w, ())}
    sides_h = {side for w in h.words for side in _ANTONYM_SIDE.get(w, ())}
    for row in {r for r, _ in sides_p | sides_h}:
        in_p = {s for r, s in sides_p if r == row}
        in_h = {s for r, s in sides_h if r == row}
        if len(in_p) == 1 and len(in_h) == 1:
            if in_p == in_h:
                shared += 1
            else:
                flips += 1
    return float(flips), float(shared)


def slot_features(premise: str, hypothesis: str) -> np.ndarray:
    """The :data:`SLOT_FEATURES` of one pair, as float32."""
    p, h = slots(premise), slots(hypothesis)
    common = p.content & h.content
    union = p.content | h.content
    equal, compatible, conflict, unmatched = _figure_features(p.figures, h.figures)
    flips, shared = _antonyms(p, h)
    names_new = h.names - p.names
    date_conflict = date_match = 0.0
    for a, b in (
        (p.weekdays, h.weekdays),
        (p.months, h.months),
        (p.years, h.years),
        (p.relative_days, h.relative_days),
    ):
        if a and b:
            if a & b:
                date_match += 1
            else:
                date_conflict += 1
    len_p, len_h = len(p.words), len(h.words)
    return np.array(
        [
            len(common) / max(len(union), 1),
            len(common) / max(len(p.content), 1),
            len(common) / max(len(h.content), 1),
            min(len_p, len_h) / max(len_p, len_h, 1),
            float(bool(p.figures) and bool(h.figures)),
            equal,
            compatible,
            conflict,
            unmatched,
            min(p.negations, 3),
            min(h.negations, 3),
            float((p.negations > 0) != (h.negations > 0)),
            flips,
            shared,
            min(len(p.names & h.names), 5),
            len(names_new) / max(len(h.names), 1),
            float(bool(names_new) and bool(p.names - h.names)),
            date_conflict,
            date_match,
            min(p.refuting, 3),
            min(h.refuting, 3),
            float((p.refuting > 0) != (h.refuting > 0)),
            min(p.hedging, 3),
            min(h.hedging, 3),
            float(p.question or h.question),
        ],
        dtype=np.float32,
    )


def embedding_features(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Cosine, ``u*v`` and ``|u-v|`` of L2-normalised vectors (rows: pairs).

    The element-wise interactions (InferSent's recipe) let a small network see *which*
    directions agree, not just how many; the cosine alone says "same topic".
    """
    u = np.atleast_2d(np.asarray(u, dtype=np.float32))
    v = np.atleast_2d(np.asarray(v, dtype=np.float32))
    cosine = np.sum(u * v, axis=1, keepdims=True)
    return np.hstack([cosine, u * v, np.abs(u - v)]).astype(np.float32)


def feature_names(dimensions: int = 384) -> list[str]:
    """Names of the columns :func:`pair_features` returns, in order."""
    return (
        ["cosine"]
        + [f"u*v[{i}]" for i in range(dimensions)]
        + [f"|u-v|[{i}]" for i in range(dimensions)]
        + list(SLOT_FEATURES)
    )


def pair_features(pairs: Sequence[tuple[str, str]], u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """One row per pair: :func:`embedding_features` then :func:`slot_features`."""
    slots_matrix = (
        np.vstack([slot_features(p, h) for p, h in pairs])
        if pairs
        else np.zeros((0, len(SLOT_FEATURES)), dtype=np.float32)
    )
    return np.hstack([embedding_features(u, v), slots_matrix]).astype(np.float32)


def content_words(text: str) -> frozenset[str]:
    """Stems of the non-stopwords of ``text`` (the overlap features' unit)."""
    return slots(text).content


def count_words(texts: Iterable[str], lexicon: frozenset[str]) -> int:
    """How many words of ``texts`` are in ``lexicon`` (refuting or hedging counts)."""
    return sum(w in lexicon for text in texts for w in slots(text).words)
