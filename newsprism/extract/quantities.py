"""Quantities: the number, its comparator, its kind and unit, and what it counts.

spaCy tokenises and parses the sentence; the rules here read everything else:

* the value: digits ("1,200", "1.5 million", "€4bn", "1.2m", "1 200" and, for counts,
  "1.200"), written-out numbers ("twenty-five", "a dozen"), and ranges ("between 300 and
  400", "300-400": the value is the midpoint, ``low``/``high`` the ends);
* the comparator in front of it ("more than", "nearly", "an estimated") or behind it
  ("450+", "300 or more");
* the kind and unit: money with an ISO code, percentages, ages, durations, prison terms,
  measures, or a plain count;
* what is counted or measured, with its predicate, from the dependency tree ("homes
  flooded", "people taken to hospital").

Years, dates, times of day, ordinals, phone numbers and numbers that are part of a name
("Route 7", "flight PS-112", "Channel 4") are not quantities. When a number has no noun it
clearly counts, it is left out: precision matters as much as recall. No PyPI library does
the "what is counted" part, which is why this module exists.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprism.extract._nlp import load_spacy
from newsprism.extract.attribution import entity_span
from newsprism.models import Quantity, QuantityKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# --------------------------------------------------------------------------- numbers

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
# Abbreviated scales written after digits: "10k", "1.2m", "€4bn". "m" may also be metres.
_SCALE_SUFFIXES = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
_SCALE_WORDS = {**_SCALES, **{k: v for k, v in _SCALE_SUFFIXES.items() if k != "b"}}
_MAX_DIGITS = 15  # longer digit strings are identifiers, not amounts

_THOUSANDS_COMMA = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_THOUSANDS_DOTS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}")
_THOUSANDS_SPACE = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]{1,2}")
_DOT_THOUSAND = re.compile(r"[0-9]{1,3}\.[0-9]{3}")  # "1.200": 1200 when it counts things

# A token that starts with digits: optional glued currency, the digits, optional suffix.
_NUMERAL = re.compile(
    r"(?P<cur>(?:us|a|au|c|ca|nz|hk|s)?\$|[€£¥₴₽₹₺₩₦])?"
    r"(?P<num>[0-9](?:[0-9,.\u00a0\u202f]*[0-9])?)"
    r"(?:[–—-](?P<high>[0-9](?:[0-9,.]*[0-9])?))?"
    r"(?P<suf>[a-z%+°²³/]*)",
    re.I,
)
_NOT_NUMBER_SUFFIXES = {"st", "nd", "rd", "th", "s", "am", "pm", "h", "hrs", "hr", "gmt", "utc"}
_UNIT_SUFFIXES = {
    "%", "+", "km", "kms", "kg", "kgs", "cm", "mm", "ha", "mw", "kw", "gw", "ft", "mph",
    "kph", "km/h", "kmh", "km²", "km2", "m²", "m2", "m³", "m3", "°", "°c", "°f", "c", "f", "t",
    "l",
}  # fmt: skip


def _digit_value(text: str) -> float | None:
    """Value of a digit string as written in English: "1,200", "3.5", "1.200.000", "2,5"."""
    if sum(c.isdigit() for c in text) > _MAX_DIGITS:
        return None
    if _THOUSANDS_COMMA.fullmatch(text):
        return float(text.replace(",", ""))
    if _THOUSANDS_DOTS.fullmatch(text):
        return float(text.replace(".", ""))
    if _THOUSANDS_SPACE.fullmatch(text):
        return float(re.sub(r"\D", "", text))
    if _PLAIN.fullmatch(text):
        return float(text)
    if _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def parse_number(words: list[str]) -> float | None:
    """Value of "1,200", "4.2 million", "€4bn", "two", "twenty-five", "a dozen"; else None.

    Plurals that only suggest a size ("dozens", "hundreds") are not numbers.
    """
    parts = [w.lower().strip().strip(",") for w in words]
    parts = [p for p in parts if p and p not in {"-", "–", "\u00a0", "\u202f"}]
    if not parts:
        return None
    total = 0.0
    current: float | None = None
    group_ok = False  # the previous word was digits that a thousands group may extend
    seen = False
    for n, word in enumerate(parts):
        nxt = parts[n + 1] if n + 1 < len(parts) else None
        prev = parts[n - 1] if n else None
        if word == "and":
            if not seen:
                return None
            continue
        if word == "a":
            if nxt == "half" and prev == "and" and current is not None:
                continue
            if nxt in _SCALES or nxt == "dozen":
                current = 1.0 if current is None else current
                seen = True
                continue
            return None
        if word == "half":
            if prev == "a" and n >= 2 and parts[n - 2] == "and" and current is not None:
                current += 0.5
            elif nxt == "a" and current is None and not seen:
                current = 0.5
            else:
                return None
            seen = True
            continue
        if word == "dozen":
            if current is None:
                return None
            current *= 12
            continue
        numeral = _NUMERAL.fullmatch(word)
        if numeral and not numeral["high"]:
            digits = numeral["num"]
            suffix = (numeral["suf"] or "").lower()
            value = _digit_value(digits)
            if value is None or (suffix and suffix not in _SCALE_SUFFIXES):
                return None
            if current is not None:
                # "1 200": a thousands group written with a space
                if group_ok and re.fullmatch(r"[0-9]{3}", digits) and not suffix:
                    current = current * 1000 + value
                    continue
                return None
            current = value
            group_ok = bool(re.fullmatch(r"[0-9]{1,3}", digits)) and not suffix
            seen = True
            if suffix:
                total += current * _SCALE_SUFFIXES[suffix]
                current = None
            continue
        group_ok = False
        pieces = word.split("-")
        if all(p in _UNITS for p in pieces):
            for piece in pieces:
                value = float(_UNITS[piece])
                if current is None:
                    current = value
                elif (current % 100 == 0 and value < 100) or (
                    current % 10 == 0 and current % 100 >= 20 and value < 10
                ):
                    current += value  # "twenty five", "hundred and five"
                else:
                    return None
            seen = True
            continue
        scale = _SCALES.get(word) or (_SCALE_WORDS.get(word) if seen else None)
        if scale is not None:
            if current is None:
                return None
            if scale == 100:
                current *= scale
            else:
                total += current * scale
                current = None
            continue
        return None
    if not seen:
        return None
    return total + (current or 0.0)


# --------------------------------------------------------------------------- comparators

# Comparator phrase -> (low factor, high factor) of the interval it allows around the value.
COMPARATORS: dict[str, tuple[float, float]] = {
    "more than": (1.0, 1.3),
    "over": (1.0, 1.3),
    "upwards of": (1.0, 1.3),
    "at least": (1.0, 1.3),
    "almost": (0.9, 1.0),
    "nearly": (0.9, 1.0),
    "close to": (0.9, 1.0),
    "just under": (0.95, 1.0),
    "fewer than": (0.7, 1.0),
    "less than": (0.7, 1.0),
    "under": (0.7, 1.0),
    "up to": (0.7, 1.0),
    "about": (0.9, 1.1),
    "around": (0.9, 1.1),
    "roughly": (0.9, 1.1),
    "approximately": (0.9, 1.1),
    "some": (0.9, 1.1),
    "an estimated": (0.9, 1.1),
}
# Wording as written -> the comparator reported (one of the annotation guide's list).
_COMPARATOR_WORDING = {
    "more than": "more than", "over": "over", "at least": "at least", "almost": "almost",
    "nearly": "nearly", "about": "about", "around": "around", "up to": "up to",
    "fewer than": "fewer than", "less than": "less than", "under": "under",
    "roughly": "roughly", "some": "some", "an estimated": "an estimated",
    "estimated": "an estimated", "approximately": "about", "approx.": "about",
    "approx": "about", "circa": "about", "more or less": "about", "close to": "nearly",
    "just under": "almost", "just short of": "almost", "just over": "over",
    "well over": "over", "above": "over", "upwards of": "more than", "in excess of": "more than",
    "greater than": "more than", "below": "under", "well under": "under",
    "as many as": "up to", "as much as": "up to", "no more than": "up to",
    "not more than": "up to", "at most": "up to", "a maximum of": "up to",
    "no fewer than": "at least", "no less than": "at least", "not less than": "at least",
    "a minimum of": "at least",
}  # fmt: skip
_COMPARATOR_PHRASES = sorted(
    (tuple(phrase.split()) for phrase in _COMPARATOR_WORDING), key=len, reverse=True
)
# Written after the number or its noun, following "or": "300 or more", "300 homes or so".
_AFTER_COMPARATORS = {"more": "at least", "over": "at least", "so": "about", "less": "up to",
                      "fewer": "up to"}  # fmt: skip
# One-word comparators that are also prepositions: "over two days" is not "more than two".
_PREPOSITION_COMPARATORS = {"over", "under", "around", "about", "above", "below"}

# --------------------------------------------------------------------------- units

_CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD",
    "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH",
    "₽": "RUB", "₹": "INR", "₺": "TRY", "₩": "KRW", "₦": "NGN", "zł": "PLN", "rs": "INR",
}  # fmt: skip
_CURRENCY_CODES = set(
    "USD EUR GBP RUB UAH PLN JPY CNY CHF INR TRY BYN KZT GEL HUF CZK SEK NOK DKK RON BGN MDL "
    "AUD CAD NZD HKD SGD KRW BRL MXN ZAR ILS AED SAR NGN EGP".split()
)
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "sterling": "GBP", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "hryvnas": "UAH", "hryvna": "UAH",
    "hryvnya": "UAH", "hryvnyas": "UAH", "zloty": "PLN", "zlotys": "PLN", "zlotych": "PLN",
    "złoty": "PLN", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR",
    "rupees": "INR", "lira": "TRY", "forint": "HUF", "forints": "HUF", "lari": "GEL",
    "tenge": "KZT", "koruna": "CZK", "korunas": "CZK",
}  # fmt: skip
# Adjective before a currency word that changes the code: "Canadian dollars".
_CURRENCY_QUALIFIERS = {
    ("australian", "USD"): "AUD", ("canadian", "USD"): "CAD", ("singapore", "USD"): "SGD",
    ("kong", "USD"): "HKD", ("zealand", "USD"): "NZD", ("belarusian", "RUB"): "BYN",
    ("swiss", "franc"): "CHF",
}  # fmt: skip
# Verbs whose amount is named after the verb: "fined him $1.5m" is a fine.
_NOMINALISED = {
    "fine": "fine", "pay": "payment", "donate": "donation", "compensate": "compensation",
    "spend": "spending", "invest": "investment", "lend": "loan", "borrow": "loan",
    "grant": "grant", "award": "award", "earn": "earnings", "owe": "debt", "embezzle": "money",
    "steal": "money", "launder": "money", "bribe": "bribe", "fined": "fine", "fin": "fine",
}  # fmt: skip
# Verbs whose subject gives or gets money rather than being what it is for.
_AGENT_VERBS = {
    "pledge", "promise", "give", "receive", "offer", "send", "allocate", "provide", "transfer",
    "approve", "set", "raise", "steer", "need", "find", "recover", "seize", "confiscate",
    "search", "move", "collect", "announce", "say", "demand", "seek", "ask", "get", "win",
    "lose", "save", "spend", "pay", "take", "return", "release", "request", "earmark",
}  # fmt: skip
_MONEY_VERBS = {"cost"}  # "will cost 38 million talars": whatever follows is a currency

_TIME_UNITS = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "night": "night",
    "nights": "night", "week": "week", "weeks": "week", "fortnight": "fortnight",
    "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
}  # fmt: skip
_AGE_UNITS = {"year", "month", "week", "day"}
_TIME_REFERENCE = {"ago", "later", "earlier", "before", "after", "since", "prior", "previously"}
_PRISON_WORDS = {
    "sentence", "sentenced", "jail", "jailed", "imprison", "imprisoned", "imprisonment",
    "prison", "incarceration", "incarcerate", "custodial", "penal", "behind",
}  # fmt: skip

_LENGTHS = {
    "metre": "metre metres meter meters",
    "centimetre": "centimetre centimetres centimeter centimeters cm cms",
    "millimetre": "millimetre millimetres millimeter millimeters mm",
    "kilometre": "kilometre kilometres kilometer kilometers km kms",
    "mile": "mile miles",
    "foot": "foot feet ft",
    "inch": "inch inches",
    "yard": "yard yards",
}
_OTHER_MEASURES = {
    "tonne": "tonne tonnes t",
    "ton": "ton tons",
    "kilogram": "kilogram kilograms kilogramme kilogrammes kg kgs kilo kilos",
    "gram": "gram grams gramme grammes",
    "pound": "lb lbs",
    "litre": "litre litres liter liters l",
    "millilitre": "millilitre millilitres milliliter milliliters ml",
    "gallon": "gallon gallons",
    "barrel": "barrel barrels",
    "hectare": "hectare hectares ha",
    "acre": "acre acres",
    "degree": "degree degrees ° °c °f",
    "milligram": "milligram milligrams milligramme milligrammes mg",
    "microgram": "microgram micrograms µg",
    "magnitude": "magnitude",
    "knot": "knot knots",
    "kilowatt": "kilowatt kilowatts kw",
    "megawatt": "megawatt megawatts mw",
    "gigawatt": "gigawatt gigawatts gw",
}
_MEASURE_WORDS = {
    word: unit
    for table in (_LENGTHS, _OTHER_MEASURES)
    for unit, words in table.items()
    for word in words.split()
}
_UNIT_NOUNS = {"per", "cent", "percent", "celsius", "fahrenheit", "point", "points"}
_LENGTH_WORDS = {word: unit for unit, words in _LENGTHS.items() for word in words.split()}
_MEASURE_SEQUENCES: list[tuple[tuple[str, ...], str]] = sorted(
    [
        *((tuple(w.split()), "kilometre per hour") for w in (
            "km/h", "km / h", "kph", "kmh", "km per hour", "km an hour", "kilometres per hour",
            "kilometers per hour", "kilometres an hour", "kilometers an hour")),
        *((tuple(w.split()), "mile per hour") for w in (
            "mph", "miles per hour", "miles an hour")),
        *((("km²",), "square kilometre"), (("km2",), "square kilometre")),
        *((("m²",), "square metre"), (("m2",), "square metre")),
        *((("m³",), "cubic metre"), (("m3",), "cubic metre")),
        *(((prefix, word), f"{name} {unit}")
          for prefix, name in (("square", "square"), ("sq", "square"), ("cubic", "cubic"))
          for word, unit in _LENGTH_WORDS.items()),
        *(((word,), unit) for word, unit in _MEASURE_WORDS.items()),
    ],
    key=lambda item: len(item[0]),
    reverse=True,
)  # fmt: skip
_DEGREE_SCALES = {
    "celsius": "Celsius", "c": "Celsius", "°c": "Celsius", "centigrade": "Celsius",
    "fahrenheit": "Fahrenheit", "f": "Fahrenheit", "°f": "Fahrenheit",
}  # fmt: skip
# Abbreviations too short to trust on their own after a bare number ("5 t", "3 l").
_WEAK_UNITS = {"t", "l", "ha"}

# --------------------------------------------------------------------------- not quantities

_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
_TIME_MARKERS = {
    "a.m.", "p.m.", "am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "cet", "cest", "eet",
    "eest", "msk", "est", "edt", "pst", "pdt", "hrs", "o'clock", "o’clock", "noon", "midnight",
}  # fmt: skip
# Words that make the number after them a label: "Route 7", "flight 112", "Article 5".
_DESIGNATORS = {
    "route", "flight", "highway", "road", "bus", "line", "number", "no", "nr", "num",
    "article", "section", "chapter", "paragraph", "clause", "room", "gate", "platform",
    "terminal", "block", "unit", "page", "channel", "radio", "apartment", "flat", "building",
    "exit", "junction", "lane", "track", "pier", "berth", "sector", "zone", "ward", "seat",
    "row", "category", "grade", "class", "size", "version", "model", "vol", "volume",
    "episode", "season", "round", "stage", "phase", "match", "game", "motorway",
    "interstate", "tier", "division", "level", "code", "resolution", "amendment", "item",
    "part", "step", "figure", "table", "annex", "appendix", "district", "precinct", "train",
    "tram", "station", "runway", "reactor", "day", "week", "year", "month", "#", "hwy",
    "rte", "box", "suite", "floor", "storey", "decree", "file", "id", "ref", "covid",
    "apollo", "ligue", "formula", "windows", "iphone", "boeing", "airbus", "flights",
}  # fmt: skip
_PHONE_WORDS = {
    "call", "calling", "phone", "telephone", "tel", "tel.", "hotline", "helpline", "fax",
    "whatsapp", "sms", "text", "dial", "dialling", "dialing", "mobile",
}  # fmt: skip
_NAME_LABELS = {"PERSON", "ORG", "FAC", "PRODUCT", "LAW", "EVENT", "WORK_OF_ART", "GPE", "LOC"}
_PHONE = re.compile(
    r"(?:\+[0-9]{1,3}[ \-]?)?(?:\([0-9]{1,5}\)[ \-]?)?[0-9]{2,5}(?:[ \-][0-9]{2,5}){1,5}"
)

# --------------------------------------------------------------------------- counted nouns

_NOT_COUNTS = {"gmt", "utc", "a.m.", "p.m.", "am", "pm", "bst", "cet", "eet", "times", "time"}
_NOT_PREDICATE = {"according", "because", "despite", "after", "before", "as", "since", "while"}
_TEMPORAL_PREPS = {"during", "until", "till", "within", "throughout", "amid", "by", "on", "at"}
_PERSON_NOUNS = {
    "people", "person", "resident", "individual", "inhabitant", "civilian", "villager",
    "citizen", "local", "evacuee", "man", "woman", "child",
}  # fmt: skip
# A number with no noun that is the subject or object of these counts people: "17 were injured".
_PEOPLE_VERBS = {
    "die", "kill", "injure", "hurt", "wound", "evacuate", "rescue", "arrest", "detain",
    "hospitalise", "hospitalize", "drown", "displace", "strand", "trap", "abduct", "kidnap",
    "shoot", "stab", "execute", "relocate", "flee", "survive", "perish", "save",
}  # fmt: skip
_PEOPLE_STATES = {"missing", "dead", "injured", "hurt", "wounded", "unaccounted", "killed"}
_PERSONISH = {
    "he", "she", "i", "mother", "father", "wife", "husband", "son", "daughter", "brother",
    "sister", "grandmother", "grandfather", "man", "woman", "boy", "girl", "child", "victim",
    "suspect", "driver", "pilot", "teacher", "patient", "owner", "mayor", "governor",
}  # fmt: skip
_TOLL_NOUNS = {"toll", "number", "total", "tally", "count", "figure"}
_RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}


def noun_class(lemma: str) -> str:
    """Fold nouns for people together: "1,200 residents" and "1,200 people" count the same."""
    return "person" if lemma in _PERSON_NOUNS else lemma


# --------------------------------------------------------------------------- reading


@dataclass
class _Num:
    """A number as written: its tokens, value and whatever is glued to its digits."""

    start: int  # doc index of its first token
    end: int  # doc index after its last token (scale words included)
    value: float
    text: str  # the digits of its first token as written ("1.200"), or the words
    suffix: str = ""  # letters or symbols glued to the digits, lowercased ("m", "%", "km")
    currency: str = ""  # a currency sign glued in front ("$" in "$4")
    scale: float = 1.0  # the scale word or suffix that multiplied it
    digits: bool = True
    m_at: int | None = None  # index of a separate "m" token (million or metre)
    high: float | None = None  # the upper end when one token holds a range ("300–400")


@dataclass
class _Reading:
    """Kind and unit of a number, and the tokens that say so."""

    kind: QuantityKind
    unit: str | None
    end: int  # doc index after the unit words
    head: Token | None = None  # the unit noun ("metres", "hours", "%"), when there is one
    noun: str | None = None  # the unit's noun for measures and durations ("metre", "hour")
    comparator: str | None = None  # a comparator written after the number ("450+")
    age_trigger: str | None = None  # "old" ("54-year-old") or "aged" ("aged 61")
    age_token: Token | None = None  # the "old" or "aged" token
    compound: bool = False  # the counted noun is glued on with a hyphen: "1.500-page"


_MAYBE_NUMBER = re.compile(
    r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|half|couple"
    r"|pair|score)",
    re.IGNORECASE,
)


def find_quantities(span: Span, sentence_index: int) -> list[Quantity]:
    """Every number in a parsed sentence that counts or measures something."""
    if len(span) == 0 or not _MAYBE_NUMBER.search(span.text):
        return []  # most sentences have no number at all: skip the tree walk
    if _shouting(span.text):
        # The small model reads ALL-CAPS text as a row of proper nouns; parse it calmed down.
        text = span.text.strip()
        doc = load_spacy()(text[:1] + text[1:].lower())
        span = doc[:]
    return _Reader(span, sentence_index).read()


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


class _Reader:
    """Reads the quantities of one sentence; holds what the rules share."""

    def __init__(self, span: Span, sentence_index: int) -> None:
        self.span = span
        self.doc: Doc = span.doc
        self.start = span.start
        self.end = span.end
        self.sentence_index = sentence_index
        self.used: set[int] = set()
        self.phone = self._phone_tokens()

    # ------------------------------------------------------------------ driver

    def read(self) -> list[Quantity]:
        found: list[Quantity] = []
        i = self.start
        while i < self.end:
            if i in self.used:
                i += 1
                continue
            number = self._number_at(i)
            if number is None:
                i += 1
                continue
            quantity, consumed = self._quantity(number)
            self.used.update(range(number.start, max(consumed, number.end)))
            if quantity is not None:
                found.append(quantity)
            i = max(consumed, number.end, i + 1)
        return found

    def _text(self, i: int) -> str:
        return self.doc[i].lower_ if self.start <= i < self.end else ""

    # ------------------------------------------------------------------ numbers

    def _number_at(self, i: int) -> _Num | None:
        doc = self.doc
        token = doc[i]
        match = _NUMERAL.fullmatch(token.text)
        if match:
            return self._digits_at(i, match)
        return self._words_at(i)

    def _digits_at(self, i: int, match: re.Match[str]) -> _Num | None:
        doc = self.doc
        digits, suffix = match["num"], (match["suf"] or "").lower()
        if suffix in _NOT_NUMBER_SUFFIXES:
            return None
        if suffix and suffix not in _SCALE_SUFFIXES and suffix not in _UNIT_SUFFIXES:
            return None
        value = _digit_value(digits)
        if value is None:
            return None
        high = _digit_value(match["high"]) if match["high"] else None
        if match["high"] and high is None:
            return None
        end = i + 1
        # "1 200 000" or "1\u00a0200": thousands groups split by spaces
        if not suffix and high is None and re.fullmatch(r"[0-9]{1,3}", digits):
            while end < self.end:
                k = end
                if doc[k].text in {"\u00a0", "\u202f"} and doc[k - 1].whitespace_ == "":
                    k += 1  # spaCy keeps a no-break space as a token of its own
                elif doc[k - 1].whitespace_ != " ":
                    break
                if k >= self.end or not re.fullmatch(r"[0-9]{3}", doc[k].text):
                    break
                value = value * 1000 + float(doc[k].text)
                end = k + 1
        number = _Num(i, end, value, digits, suffix, (match["cur"] or "").lower(), high=high)
        if suffix in _SCALE_SUFFIXES and suffix != "m":
            number.scale = _SCALE_SUFFIXES[suffix]
        elif not suffix and end < self.end:
            word = doc[end].lower_
            if word in _SCALES and word != "hundred":
                number.scale = _SCALES[word]
                number.end = end + 1
            elif word in {"bn", "mn", "mln", "k", "tn", "trn"} and doc[end - 1].whitespace_ == "":
                number.scale = _SCALE_SUFFIXES[word]
                number.end = end + 1
            elif word == "m" and doc[end - 1].whitespace_ == "":
                number.m_at = end
        number.value *= number.scale
        if number.high is not None:
            number.high *= number.scale
        return number

    def _words_at(self, i: int) -> _Num | None:
        doc = self.doc
        first = doc[i].lower_
        starts = first in _UNITS or _hyphenated_number(first)
        if first == "a":
            starts = self._text(i + 1) in {"dozen", *_SCALES}
        elif first == "half":
            starts = self._text(i + 1) == "a" and self._text(i + 2) in _SCALES
        if not starts:
            return None
        words: list[str] = []
        j = i
        while j < self.end:
            word = doc[j].lower_
            if not self._continues_words(words, j):
                break
            words.append(word)
            j += 1
        value = parse_number(words)
        if value is None:
            return None
        scale = max((_SCALES[w] for w in words if w in _SCALES and w != "hundred"), default=1.0)
        return _Num(i, j, value, " ".join(words), scale=scale, digits=False)

    def _continues_words(self, words: list[str], j: int) -> bool:
        """Whether token ``j`` belongs to the written-out number in ``words``."""
        word, nxt = self._text(j), self._text(j + 1)
        if word in _UNITS or word in _SCALES or word == "dozen" or _hyphenated_number(word):
            return True
        if word == "a":  # "a dozen", "a million", "one and a half"
            return nxt in _SCALES or nxt == "dozen" or (nxt == "half" and words[-1:] == ["and"])
        if word == "half":
            return not words or words[-2:] == ["and", "a"]
        if word == "and" and words:  # "two hundred and fifty", "one and a half"
            after_scale = words[-1] in _SCALES and (nxt in _UNITS or _hyphenated_number(nxt))
            return after_scale or (nxt == "a" and self._text(j + 2) == "half")
        if word in {"-", "–"} and words and words[-1] in _UNITS and nxt in _UNITS:
            glued = self.doc[j - 1].whitespace_ == "" and self.doc[j].whitespace_ == ""
            return glued and _UNITS[words[-1]] >= 20 and _UNITS[nxt] < 10  # "twenty-five"
        return False

    # ------------------------------------------------------------------ one quantity

    def _quantity(self, number: _Num) -> tuple[Quantity | None, int]:
        """The quantity a number starts, and the doc index up to which tokens are used."""
        doc = self.doc
        lead = number.start  # first token of what is read: currency sign, "between"
        if number.start - 1 >= self.start and self._currency_sign(number.start - 1):
            lead = number.start - 1
        between = self._text(lead - 1) == "between"
        low, high = number.value, number.value
        tail = number
        if number.high is not None:
            high = number.high
        else:
            second = self._range_partner(number, lead, between)
            if second == "reject":
                return None, number.end
            if isinstance(second, _Num):
                tail = second
                high = second.value
                if number.scale == 1 and second.scale > 1 and low * second.scale < high:
                    low *= second.scale
                self.used.update(range(second.start, second.end))
        if between and tail is not number:
            lead -= 1
        if high < low:
            return None, tail.end
        comparator, comparator_start = self._comparator_before(lead)
        opening = comparator_start if comparator_start is not None else lead
        if self._excluded(number, tail, lead, opening):
            return None, tail.end
        reading = self._reading(number, tail, lead, opening)
        if reading is None:
            return None, tail.end
        consumed = max(tail.end, reading.end if reading.kind is not QuantityKind.COUNT else 0)
        if tail.m_at is not None and reading.end > tail.m_at:
            consumed = max(consumed, tail.m_at + 1)
        # "1.2m": million unless it was read as metres
        if reading.kind is not QuantityKind.MEASURE and (
            tail.m_at is not None or tail.suffix == "m"
        ):
            high *= 1e6
            if tail is number or (number.scale == 1 and low * 1e6 < high):
                low *= 1e6
        comparator = comparator or reading.comparator
        if comparator is None and reading.kind is QuantityKind.COUNT:
            comparator = self._comparator_after(reading.head)
        if reading.kind is QuantityKind.COUNT:
            low, high = self._count_value(number, tail, low, high)
        target = self._target(number, tail, reading)
        if target is None:
            return None, consumed
        counted, noun = target
        if (reading.unit or "").startswith("degree") and self._text(opening - 1) == "minus":
            low, high = -high, -low  # "minus 15 degrees"
        low_f, high_f = COMPARATORS[comparator] if comparator else (1.0, 1.0)
        value = (low + high) / 2
        if not all(math.isfinite(v) for v in (low, high)):
            return None, consumed
        surface_start = comparator_start if comparator_start is not None else lead
        surface_end = tail.end if reading.kind is QuantityKind.COUNT else max(reading.end, tail.end)
        if reading.comparator and reading.kind is QuantityKind.COUNT:
            surface_end = max(surface_end, reading.end)
        if tail.m_at is not None:
            surface_end = max(surface_end, tail.m_at + 1)
        lower_first = comparator_start is not None or doc[surface_start].lower_ == "between"
        surface = self._surface(surface_start, surface_end, lower_first)
        return (
            Quantity(
                surface=surface,
                value=value,
                low=low * low_f,
                high=high * high_f,
                comparator=comparator,
                counted=counted,
                noun=noun,
                sentence_index=self.sentence_index,
                kind=reading.kind,
                unit=reading.unit,
            ),
            consumed,
        )

    def _surface(self, start: int, end: int, lower_first: bool) -> str:
        doc = self.doc
        text = doc[start:end].text
        if lower_first:
            first = doc[start]
            text = first.lower_ + text[len(first.text) :]
        return " ".join(text.split())

    def _range_partner(self, number: _Num, lead: int, between: bool) -> _Num | str | None:
        """The upper end of "300-400", "300 to 400", "two or three", "between 3 and 4"."""
        doc = self.doc
        sep = number.end if number.m_at is None else number.m_at + 1
        if sep >= self.end or (number.suffix in {"%", "+"} and doc[sep].text not in {"-", "–"}):
            return None
        word = doc[sep].lower_
        hyphen = word in {"-", "–", "—"}
        if not (hyphen or word in {"to", "or"} or (word == "and" and between)):
            return None
        k = sep + 1
        if k < self.end and self._currency_sign(k):
            k += 1
        if k >= self.end:
            return None
        second = self._number_at(k)
        if second is None or second.high is not None:
            return None
        a, b = number.value, second.value
        if number.scale == 1 and second.scale > 1 and a * second.scale < b:
            a *= second.scale
        if _looks_like_year(number) and _looks_like_year(second):
            self.used.update(range(second.start, second.end))
            return "reject"
        if b <= a:
            if hyphen and number.digits and second.digits:
                # "2-1" is a score, "555-0143" a phone number: neither is a quantity
                self.used.update(range(second.start, second.end))
                return "reject"
            return None
        if word == "to" and self._text(lead - 1) == "from":
            return None  # "rose from 300 to 400" is a change, not a range
        if word == "or" and self._text(second.end) in {"more", "so", "fewer", "less"}:
            return None
        return second

    def _count_value(
        self, number: _Num, tail: _Num, low: float, high: float
    ) -> tuple[float, float]:
        """Counts are whole: "1.200 residents" is 1,200 written with a dot."""
        if number.digits and number.scale == 1 and _DOT_THOUSAND.fullmatch(number.text):
            low = float(number.text.replace(".", ""))
            if tail is number:
                high = low
        if (
            tail is not number
            and tail.digits
            and tail.scale == 1
            and _DOT_THOUSAND.fullmatch(tail.text)
        ):
            high = float(tail.text.replace(".", ""))
        return low, high

    # ------------------------------------------------------------------ not quantities

    def _excluded(self, number: _Num, tail: _Num, lead: int, opening: int) -> bool:
        doc = self.doc
        before = self._text(lead - 1).rstrip(".")
        after = self._text(tail.end)
        if self._text(opening - 1) == "every":
            return True  # "every 15 minutes" is a frequency
        if any(i in self.phone for i in range(number.start, tail.end)):
            return True
        # times of day: "4:30", "7 a.m.", "0230 GMT", "16.00 local time"
        if after in _TIME_MARKERS:
            return True
        if after == "hours" and re.fullmatch(r"(?:[01][0-9]|2[0-3])[0-5][0-9]", number.text):
            return True  # "1400 hours"
        if after == "local" and self._text(tail.end + 1) == "time":
            return True
        if number.digits and re.fullmatch(r"0[0-9]+", number.text):
            return True
        clock = re.fullmatch(r"[0-9]{1,2}[.:][0-9]{2}", number.text)
        if number.digits and clock and before in {"at", "from", "until", "till", "by", "after"}:
            return True  # "at 4.30"
        # dates: "3 June", "June 3", "10 March"
        if number.value <= 31 and number.value == int(number.value):
            if self._is_month(lead - 1) or self._is_month(tail.end):
                return True
            if after == "of" and self._is_month(tail.end + 1):
                return True
        if _looks_like_year(number) and not self._counts_plural_noun(number):
            return True
        if tail is not number and _looks_like_year(tail) and not self._counts_plural_noun(tail):
            return True
        # labels and names: "Route 7", "flight 112", "Apollo 11", "Channel 4"
        if before in _DESIGNATORS or self._text(lead - 1) == "#":
            return True
        if any(self._text(k) in _PHONE_WORDS for k in range(max(self.start, lead - 3), lead)):
            return True
        first = doc[number.start]
        if first.ent_iob_ == "I" and first.ent_type_ in _NAME_LABELS:
            return True
        if lead - 1 >= self.start and lead == number.start:
            prev = doc[lead - 1]
            if (
                prev.pos_ == "PROPN"
                and prev.is_title
                and prev.whitespace_
                and prev.lower_ not in _MONTHS | _WEEKDAYS
                and prev.ent_type_ != "NORP"
            ):
                return True
        # "one" as a pronoun or in idioms: "one of the largest", "no one", "one day"
        if not number.digits and number.text == "one" and tail is number:
            if before in {"no", "the", "every", "any", "each", "this", "that", "which", "at"}:
                return True
            if after in {"of", "another", "by", "after", "or", "to"}:
                return True
            if after in _TIME_UNITS and before not in {"for", "within"}:
                return True
        return False

    def _is_month(self, i: int) -> bool:
        if not self.start <= i < self.end:
            return False
        token = self.doc[i]
        word = token.lower_.rstrip(".")
        if word not in _MONTHS:
            return False
        if word in {"may", "mar"}:  # "may" is mostly the verb
            return token.text[:1].isupper() and token.pos_ == "PROPN"
        return True

    def _counts_plural_noun(self, number: _Num) -> bool:
        """ "2000 people" is a count; "in 2019" and "a 2019 report" are years."""
        token = self.doc[number.end - 1]
        head = token.head
        return (
            token.dep_ == "nummod"
            and head.i == number.end
            and head.tag_ in {"NNS", "NNPS"}
            and token.ent_type_ != "DATE"
        )

    def _phone_tokens(self) -> set[int]:
        """Tokens inside something written like a phone number."""
        text = self.span.text
        offset = self.span.start_char
        found: set[int] = set()
        for match in _PHONE.finditer(text):
            written = match.group()
            groups = [g for g in re.split(r"[ \-()+]+", written) if g]
            digits = sum(len(g) for g in groups)
            if _THOUSANDS_SPACE.fullmatch(written):
                continue
            lead = written[0] in "+("
            if not (
                lead or len(groups) >= 3 or (digits >= 7 and any(g.startswith("0") for g in groups))
            ):
                continue
            start, end = offset + match.start(), offset + match.end()
            for token in self.span:
                if token.idx < end and token.idx + len(token.text) > start:
                    found.add(token.i)
        for token in self.span:
            if token.text.startswith("+") and token.text[1:].isdigit():
                found.add(token.i)  # "+48": a country code
        return found

    # ------------------------------------------------------------------ kind and unit

    def _currency_sign(self, i: int) -> str | None:
        token = self.doc[i]
        text = token.text.lower()
        if text in _CURRENCY_SYMBOLS and (text != "rs" or token.whitespace_):
            return _CURRENCY_SYMBOLS[text]
        return token.text if token.text in _CURRENCY_CODES else None

    def _currency_after(self, i: int) -> tuple[str, int, Token] | None:
        """Currency written after the number: "500,000 roubles", "4 million USD"."""
        if i >= self.end:
            return None
        doc = self.doc
        token = doc[i]
        word = token.lower_
        if token.text in _CURRENCY_CODES:
            return token.text, i + 1, token
        if word in {"us", "u.s."} and self._text(i + 1) in {"dollar", "dollars"}:
            return "USD", i + 2, doc[i + 1]
        if word in {"australian", "canadian", "singapore", "belarusian", "swiss"}:
            currency = self._currency_after(i + 1)
            if currency:
                code = _CURRENCY_QUALIFIERS.get((word, currency[0]))
                if code is None and word == "swiss" and currency[2].lower_.startswith("franc"):
                    code = "CHF"
                if code:
                    return code, currency[1], currency[2]
            return None
        if word in {"hong", "new"} and self._text(i + 1) in {"kong", "zealand"}:
            currency = self._currency_after(i + 2)
            if currency and currency[0] == "USD":
                return ("HKD" if word == "hong" else "NZD"), currency[1], currency[2]
            return None
        if word in _CURRENCY_WORDS:
            code = _CURRENCY_WORDS[word]
            if code == "GBP" and word in {"pound", "pounds"} and self._text(i + 1) == "of":
                return None  # "500 pounds of explosives" is a weight
            return code, i + 1, token
        if word in {"franc", "francs"}:
            return "franc", i + 1, token
        if word == "zł":
            return "PLN", i + 1, token
        return None

    def _unknown_currency(self, number: _Num, i: int) -> tuple[str, int, Token] | None:
        """A currency we have no table entry for: "will cost 38 million talars"."""
        if i >= self.end:
            return None
        token = self.doc[i]
        if token.pos_ != "NOUN" or not token.is_alpha or token.lower_ in _MEASURE_WORDS:
            return None
        if token.lower_ in _TIME_UNITS:
            return None
        in_money = self.doc[number.start].ent_type_ == "MONEY"
        verb = token.head
        paid = token.dep_ == "dobj" and verb.lemma_.lower() in _MONEY_VERBS
        if in_money or paid:
            return token.lemma_.lower(), i + 1, token
        return None

    def _reading(self, number: _Num, tail: _Num, lead: int, opening: int) -> _Reading | None:
        doc = self.doc
        after_digits = tail.end
        comparator: str | None = None
        sign = _CURRENCY_SYMBOLS.get(number.currency) or (
            self._currency_sign(number.start - 1) if number.start > self.start else None
        )
        suffix = tail.suffix
        p = after_digits
        # ---- "m": million in money and before plural nouns, metres otherwise
        if tail.m_at is not None or suffix == "m":
            m_end = tail.m_at + 1 if tail.m_at is not None else after_digits
            nxt = doc[m_end] if m_end < self.end else None
            money_after = self._currency_after(m_end) if m_end < self.end else None
            plural_follows = (
                nxt is not None
                and nxt.tag_ in {"NNS", "NNPS"}
                and nxt.lower_ not in _MEASURE_WORDS
                and nxt.lower_ not in _TIME_UNITS
                and (m_end == 0 or doc[m_end - 1].whitespace_)
            )
            if sign or money_after or plural_follows:
                if money_after:
                    code, end, head = money_after
                    return _Reading(QuantityKind.MONEY, code, end, head)
                if sign:
                    return _Reading(QuantityKind.MONEY, sign, m_end)
                p = m_end  # "1.2m people": a count of 1.2 million
            else:
                head = doc[tail.m_at] if tail.m_at is not None else doc[after_digits - 1]
                return _Reading(QuantityKind.MEASURE, "metre", m_end, head, "metre")
        # ---- things glued to the digits
        if suffix == "%":
            return _Reading(QuantityKind.PERCENT, "%", p, doc[p - 1], "percent")
        if suffix == "+":
            comparator = "at least"
        elif suffix and suffix not in _SCALE_SUFFIXES:
            unit = self._measure_suffix(suffix)
            if unit:
                return _Reading(QuantityKind.MEASURE, unit, p, doc[p - 1], _unit_noun(unit))
            return None
        # ---- a comparator right after the digits: "450+", "300-plus"
        if p < self.end and doc[p].text == "+" and doc[p - 1].whitespace_ == "":
            comparator = "at least"
            p += 1
        elif self._text(p) in {"-", "–"} and self._text(p + 1) == "plus":
            comparator = "at least"
            p += 2
        elif self._text(p) == "or" and self._text(p + 1) in _AFTER_COMPARATORS:
            comparator = _AFTER_COMPARATORS[self._text(p + 1)]
            p += 2
        word = self._text(p)
        # ---- percent
        if word in {"%", "percent", "pct", "pc"} or (word == "per" and self._text(p + 1) == "cent"):
            width = 2 if word == "per" else 1
            if word == "pc" and not number.digits:
                return None
            return _Reading(QuantityKind.PERCENT, "%", p + width, doc[p + width - 1], "percent",
                            comparator)  # fmt: skip
        if word == "percentage" and self._text(p + 1) in {"point", "points"}:
            return _Reading(QuantityKind.PERCENT, "percentage point", p + 2, doc[p + 1],
                            "percentage point", comparator)  # fmt: skip
        # ---- age: "54-year-old", "54 years old", "aged 61", "Kowalski, 47,"
        age = self._age_after(p)
        if age is not None:
            unit, end, old = age
            return _Reading(QuantityKind.AGE, unit, end, old, None, comparator, "old", old)
        before = self._text(opening - 1)
        if before in {"aged", "age", "ages"} and word not in _TIME_UNITS:
            return _Reading(QuantityKind.AGE, "year", p, None, None, comparator, "aged",
                            doc[opening - 1])  # fmt: skip
        # ---- money
        money = self._currency_after(p)
        if money is not None:
            code, end, head = money
            return _Reading(QuantityKind.MONEY, code, end, head, None, comparator)
        if sign:
            return _Reading(QuantityKind.MONEY, sign, p, None, None, comparator)
        # ---- durations, prison terms and measures, also as "a 12-hour", "a 3-metre"
        q = p
        hyphenated = word in {"-", "–"} and doc[p - 1].whitespace_ == "" and p + 1 < self.end
        if hyphenated:
            q = p + 1
        unit_word = self._text(q)
        if unit_word in _TIME_UNITS:
            unit = _TIME_UNITS[unit_word]
            if self._text(q + 1) in _TIME_REFERENCE or before in {"after", "before"}:
                return None  # "two days later", "three minutes after the break"
            if self._text(q + 1) == "from" and self._text(q + 2) == "now":
                return None
            kind = QuantityKind.DURATION
            if unit in {"year", "month", "week", "day"} and self._prison_context(q, hyphenated):
                kind = QuantityKind.PRISON_TERM
            return _Reading(kind, unit, q + 1, doc[q], unit, comparator)
        measure = self._measure_at(q, number)
        if measure is not None:
            unit, end = measure
            return _Reading(QuantityKind.MEASURE, unit, end, doc[end - 1], _unit_noun(unit),
                            comparator)  # fmt: skip
        if hyphenated and doc[p].whitespace_ == "":
            # "the 1.500-page verdict" counts pages; "a 300-strong crowd" is no count
            counted = doc[q]
            if counted.pos_ != "NOUN" or not _is_word(counted):
                return None
            return _Reading(QuantityKind.COUNT, None, q + 1, counted, None, comparator,
                            compound=True)  # fmt: skip
        unknown = self._unknown_currency(number, p)
        if unknown is not None:
            code, end, head = unknown
            return _Reading(QuantityKind.MONEY, code, end, head, None, comparator)
        return _Reading(QuantityKind.COUNT, None, p, None, None, comparator)

    def _measure_suffix(self, suffix: str) -> str | None:
        """The unit glued to digits: "120km", "25°C"."""
        if suffix in _DEGREE_SCALES:
            return f"degree {_DEGREE_SCALES[suffix]}"
        return next((unit for words, unit in _MEASURE_SEQUENCES if words == (suffix,)), None)

    def _measure_at(self, i: int, number: _Num | None) -> tuple[str, int] | None:
        """The measure unit written from token ``i``: "metres", "km/h", "mg per cubic metre"."""
        words = [self._text(i + k) for k in range(4)]
        for sequence, unit in _MEASURE_SEQUENCES:
            if tuple(words[: len(sequence)]) != sequence:
                continue
            end = i + len(sequence)
            weak = len(sequence) == 1 and sequence[0] in _WEAK_UNITS
            if weak and (number is None or not number.digits):
                return None
            if unit == "degree":
                scale = _DEGREE_SCALES.get(sequence[0]) or _DEGREE_SCALES.get(self._text(end))
                if scale and sequence[0] not in _DEGREE_SCALES:
                    end += 1
                unit = f"degree {scale}" if scale else unit
            if self._text(end) == "per" and " per " not in unit:
                per = self._measure_at(end + 1, None)
                time = _TIME_UNITS.get(self._text(end + 1))
                if per is not None:
                    return f"{unit} per {per[0]}", per[1]
                if time is not None:
                    return f"{unit} per {time}", end + 2
            return unit, end
        return None

    def _age_after(self, p: int) -> tuple[str, int, Token] | None:
        """ "-year-old", " years old", " years of age": (unit, end, the "old" token)."""
        words = [self._text(p + k) for k in range(4)]
        hyphens = words[0] in {"-", "–"} and words[2] in {"-", "–"}
        if hyphens and _TIME_UNITS.get(words[1]) in _AGE_UNITS and words[3] == "old":
            return _TIME_UNITS[words[1]], p + 4, self.doc[p + 3]
        if words[0] in _TIME_UNITS and _TIME_UNITS[words[0]] in _AGE_UNITS:
            if words[1] == "old":
                return _TIME_UNITS[words[0]], p + 2, self.doc[p + 1]
            if words[1] == "-" and words[2] == "old":
                return _TIME_UNITS[words[0]], p + 3, self.doc[p + 2]
            if words[1:3] == ["of", "age"]:
                return _TIME_UNITS[words[0]], p + 3, self.doc[p + 2]
        if words[0] in {"year-old", "years-old"}:
            return "year", p + 1, self.doc[p]
        return None

    def _prison_context(self, i: int, hyphenated: bool) -> bool:
        """Jail words near the time unit, or "a four-year term" in a sentence about jail."""

        def jail(k: int) -> bool:
            token = self.doc[k]
            return token.lower_ in _PRISON_WORDS or token.lemma_.lower() in _PRISON_WORDS

        if any(jail(k) for k in range(max(self.start, i - 6), min(self.end, i + 5))):
            return True
        if not (hyphenated and self._text(i + 1) in {"term", "sentence"}):
            return False
        suspended = any(self._text(k) == "suspended" for k in range(max(self.start, i - 4), i))
        return suspended or any(jail(k) for k in range(self.start, self.end))

    # ------------------------------------------------------------------ comparators

    def _comparator_before(self, lead: int) -> tuple[str | None, int | None]:
        """The comparator written in front of a number, and where it starts."""
        doc = self.doc
        for phrase in _COMPARATOR_PHRASES:
            start = lead - len(phrase)
            if start < self.start:
                continue
            if tuple(doc[k].lower_ for k in range(start, lead)) != phrase:
                continue
            last = doc[lead - 1]
            preposition = phrase[0] in _PREPOSITION_COMPARATORS and last.dep_ == "prep"
            if len(phrase) == 1 and preposition and self._text(start - 1) not in {"aged", "age"}:
                return None, None  # "over two days", "homes under three metres of water"
            if phrase == ("some",) and self._text(lead - 2) in {"for", "in", "of"}:
                continue
            return _COMPARATOR_WORDING[" ".join(phrase)], start
        return None, None

    def _comparator_after(self, noun: Token | None) -> str | None:
        """ "300 homes or more"."""
        if noun is None or self._text(noun.i + 1) != "or":
            return None
        return _AFTER_COMPARATORS.get(self._text(noun.i + 2))

    # ------------------------------------------------------------------ what is counted

    def _target(self, number: _Num, tail: _Num, reading: _Reading) -> tuple[str, str] | None:
        """(counted phrase, noun) for the quantity, or None when it counts nothing clear."""
        inside = set(range(number.start, max(tail.end, reading.end)))
        tokens = [self.doc[k] for k in range(number.start, tail.end)]
        if tail.m_at is not None:
            tokens.append(self.doc[tail.m_at])
        if reading.kind is QuantityKind.AGE:
            return self._age_target(number, tail, reading)
        if reading.kind is not QuantityKind.COUNT:
            anchor = reading.head or _root(tokens)
            fallback = {
                QuantityKind.MONEY: "money",
                QuantityKind.PERCENT: "percent",
                QuantityKind.PRISON_TERM: "prison term",
                QuantityKind.DURATION: "duration",
            }.get(reading.kind, reading.noun or "measure")
            if reading.kind is QuantityKind.PRISON_TERM:
                return _prison_phrase(anchor), reading.noun or fallback
            counted, thing = _measured(anchor, tokens, inside, reading.kind)
            if reading.kind in {QuantityKind.MONEY, QuantityKind.PERCENT}:
                return counted or fallback, thing or fallback
            return counted or fallback, reading.noun or fallback
        if reading.compound and reading.head is not None:
            word = reading.head  # "the 1.500-page verdict"
            phrase = _counted_phrase(word.head) if word.head.i > word.i else ""
            if not phrase.startswith(f"{word.lower_} "):
                phrase = f"{word.lower_} {phrase}".strip()
            return phrase, noun_class(word.lemma_.lower())
        noun = _count_noun(tokens, inside)
        if noun is None and reading.end < self.end:
            # a misparsed number right before its plural noun: "0 people died"
            nxt = self.doc[reading.end]
            noun = nxt if nxt.tag_ in {"NNS", "NNPS"} and _countable(nxt) else None
        if noun is not None:
            reading.head = noun
            return _counted_phrase(noun), noun_class(noun.lemma_.lower())
        age = self._age_without_unit(number, tail)
        if age is not None:
            reading.kind, reading.unit = QuantityKind.AGE, "year"
            return age
        root = _root(tokens)
        people = _people_predicate(root)
        if people is not None:
            return people, "person"
        return _toll(root)

    def _age_target(self, number: _Num, tail: _Num, reading: _Reading) -> tuple[str, str]:
        trigger = reading.age_token
        person: Token | None = None
        if trigger is not None and reading.age_trigger == "old":
            head = trigger.head
            if trigger.dep_ in {"amod", "compound"} and head.pos_ in {"NOUN", "PROPN"}:
                person = head
                if head.dep_ == "appos" and head.head.pos_ == "PROPN":
                    # "Andrei Palyn, a 38-year-old teacher": whose age, by name
                    name = _name_text(head.head).lower()
                    return f"age of {name}", noun_class(head.lemma_.lower())
            elif trigger.dep_ in {"acomp", "attr"}:
                person = _subject(head)
            elif trigger.dep_ == "appos" and head.pos_ in {"NOUN", "PROPN"}:
                person = head
        elif trigger is not None and reading.age_trigger == "aged":
            if trigger.head.pos_ in {"NOUN", "PROPN"} and trigger.head.i < trigger.i:
                person = trigger.head
            elif trigger.head.pos_ in {"VERB", "AUX"}:
                person = _subject(trigger.head)
        return _age_phrase(person)

    def _age_without_unit(self, number: _Num, tail: _Num) -> tuple[str, str] | None:
        """ "Kowalski, 47, was arrested"; "My mother is 84." """
        if tail is not number or not number.digits or number.scale != 1:
            return None
        if not (number.value == int(number.value) and 1 <= number.value <= 120):
            return None
        doc = self.doc
        before, after = self._text(number.start - 1), self._text(number.end)
        if before == "," and after in {",", ".", ";", ")", ""}:
            name = doc[number.start - 2] if number.start - 2 >= self.start else None
            if name is not None and name.pos_ == "PROPN" and name.ent_type_ not in {
                "GPE", "LOC", "ORG", "DATE", "NORP", "FAC"
            }:  # fmt: skip
                return _age_phrase(name)
        token = doc[number.end - 1]
        if token.dep_ in {"attr", "acomp"} and token.head.lemma_ == "be" and after in {
            ".", ",", ";", "", "when", "and", "at"
        }:  # fmt: skip
            subject = _subject(token.head)
            if subject is not None and (
                subject.lower_ in _PERSONISH or subject.ent_type_ == "PERSON"
            ):
                return _age_phrase(subject)
        return None


# --------------------------------------------------------------------------- helpers


def _hyphenated_number(word: str) -> bool:
    parts = word.split("-")
    return len(parts) == 2 and all(p in _UNITS for p in parts)


def _looks_like_year(number: _Num) -> bool:
    return (
        number.digits
        and number.scale == 1
        and not number.suffix
        and bool(re.fullmatch(r"[0-9]{4}", number.text))
        and 1000 <= number.value <= 2100
    )


def _unit_noun(unit: str) -> str:
    """The noun a measure counts: "kilometre per hour" -> kilometre, "degree Celsius" -> degree."""
    noun = unit.split(" per ")[0]
    return "degree" if noun.startswith("degree") else noun


def _root(tokens: list[Token]) -> Token:
    """The token of a number phrase whose head lies outside it."""
    ids = {t.i for t in tokens}
    for token in reversed(tokens):
        if token.head.i not in ids or token.head.i == token.i:
            return token
    return tokens[-1]


def _is_word(token: Token) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", token.text))


def _countable(noun: Token) -> bool:
    if not _is_word(noun) or noun.pos_ not in {"NOUN", "PROPN"}:
        return False
    word = noun.lower_
    if word in _NOT_COUNTS or word in _MONTHS | _WEEKDAYS or word in _TIME_UNITS:
        return False
    if noun.pos_ == "PROPN":
        return noun.ent_type_ == "NORP" or noun.tag_ == "NNPS"
    return True


def _count_noun(tokens: list[Token], inside: set[int]) -> Token | None:
    """The noun a number counts: "300 homes", "twelve of the victims", "a crowd of 3,400"."""
    for token in reversed(tokens):
        head = token.head
        if head.i in inside or head.i < token.i:
            continue
        if token.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod"} and _countable(head):
            return head
    for token in tokens:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > token.i:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].pos_ in {"NOUN", "PROPN"} and _countable(objects[0]):
                    return objects[0]
    root = _root(tokens)
    of = root.head
    if root.dep_ == "pobj" and of.lower_ == "of" and of.head.i < root.i and _countable(of.head):
        return of.head
    return None


def _people_predicate(root: Token) -> str | None:
    """ "17 were injured", "killing two and injuring 17": people counted by what befell them."""
    if root.dep_ not in {"nsubj", "nsubjpass", "dobj", "conj"}:
        return None
    verb = root.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    if verb.lemma_.lower() in _PEOPLE_VERBS:
        return f"people {verb.lower_}"
    states = [c for c in verb.children if c.dep_ == "acomp" and c.lower_ in _PEOPLE_STATES]
    if root.dep_ in {"nsubj", "nsubjpass"} and states:
        return f"people {states[0].lower_}"
    return None


def _toll(root: Token) -> tuple[str, str] | None:
    """ "The death toll rose to 12", "the number of people evacuated rose to 1,500"."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in {"to", "at"}:
        return None
    verb = prep.head
    subject = _subject(verb) if verb.pos_ in {"VERB", "AUX"} else None
    if subject is None or subject.lemma_.lower() not in _TOLL_NOUNS:
        return None
    for child in subject.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].lower_ in _PEOPLE_STATES:
                return f"people {objects[0].lower_}", "person"  # "the number of dead"
            if objects and _countable(objects[0]):
                return _counted_phrase(objects[0]), noun_class(objects[0].lemma_.lower())
    compounds = [c for c in subject.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    if subject.lower_ == "toll" and compounds:
        return f"{compounds[0].lower_} toll", compounds[0].lemma_.lower()
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, with a relative pronoun resolved to what it stands for."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    return None


def _name_text(token: Token) -> str:
    """A person's name as written: the whole entity or the compound chain."""
    if token.ent_type_ == "PERSON" and (entity := entity_span(token)) is not None:
        return entity.text
    parts = [c.text for c in token.children if c.dep_ == "compound" and c.i < token.i]
    return " ".join([*parts, token.text])


def _age_phrase(person: Token | None) -> tuple[str, str]:
    """(counted, noun) for an age: whose age it is."""
    if person is None or person.pos_ == "PRON":
        return "age", "person"
    if person.pos_ == "PROPN":
        return f"age of {_name_text(person).lower()}", "person"
    return f"age of {person.lower_}", noun_class(person.lemma_.lower())


def _noun_words(noun: Token, inside: set[int] | None = None) -> list[str]:
    """The noun with a noun compound right before it: "camp beds", "death toll"."""
    words = [
        c.lower_
        for c in noun.children
        if c.dep_ == "compound"
        and c.pos_ == "NOUN"
        and c.i == noun.i - 1
        and _is_word(c)
        and c.i not in (inside or ())
    ]
    return [*words, noun.lower_]


def _governing_verb(noun: Token) -> Token | None:
    """The verb that says what happened to the counted things."""
    node = noun
    for _ in range(4):
        for child in node.children:
            if (
                child.dep_ in {"acl", "relcl"}
                and child.pos_ in {"VERB", "AUX"}
                and child.i > node.i
            ):
                return child  # "homes flooded by the water", "residents who were evacuated"
        head = node.head
        if node.dep_ == "conj" and head.pos_ in {"NOUN", "PROPN"} and head.i != node.i:
            node = head  # "12 homes and 40 businesses were damaged"
            continue
        if node.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in {"NOUN", "NUM"}:
            node = head.head  # "a total of 300 homes were flooded"
            continue
        if node.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "oprd"} and head.pos_ in {
            "VERB", "AUX"
        }:  # fmt: skip
            complements = [
                c for c in head.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and c.i > node.i
            ]
            if complements and node.dep_ == "dobj":
                return complements[0]  # "forcing 1,200 residents to flee"
            return head
        return None
    return None


def _time_like(token: Token) -> bool:
    return (
        token.ent_type_ in {"DATE", "TIME"}
        or token.lower_ in _TIME_UNITS
        or token.lower_ in _WEEKDAYS
    )


def _predicate_words(verb: Token, noun: Token) -> list[str]:
    """The verb with its particle and first complement: "taken to hospital"."""
    copula = verb.lemma_ == "be"
    if verb.lemma_ in {"have", "include", "contain", "number", "total"}:
        return []
    words = [] if copula else [verb.lower_]
    for child in verb.children:
        if child.i == noun.i or child.lower_ in _NOT_PREDICATE or child.pos_ == "NUM":
            continue
        if child.i <= max(verb.i, noun.i if copula else verb.i):
            continue
        if child.dep_ == "prt":
            words.append(child.lower_)
            continue
        if child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if child.lower_ in _TEMPORAL_PREPS and (not objects or _time_like(objects[0])):
                continue
            if objects and _time_like(objects[0]):
                continue
            if objects and objects[0].i == noun.i:
                continue
            words.append(child.lower_)
            words.extend(o.lower_ for o in objects[:1])
            break
        if child.dep_ in {"dobj", "acomp", "attr"}:
            words.append(child.lower_)
            break
    return words


def _counted_phrase(noun: Token) -> str:
    """Noun plus predicate: "homes flooded", "people taken to hospital"."""
    words = _noun_words(noun)
    verb = _governing_verb(noun)
    if verb is not None and verb.i != noun.i:
        words.extend(_predicate_words(verb, noun))
    return " ".join(words)


def _is_thing(token: Token | None, inside: set[int]) -> bool:
    """A noun that can be what is measured: not a unit word, not part of the quantity."""
    if token is None or token.i in inside or token.pos_ not in {"NOUN", "PROPN"}:
        return False
    word = token.lower_
    units = word in _MEASURE_WORDS or word in _TIME_UNITS or word in _UNIT_NOUNS
    units = units or word in _CURRENCY_WORDS
    return _is_word(token) and not units and not _time_like(token)


def _measured(
    anchor: Token, tokens: list[Token], inside: set[int], kind: QuantityKind
) -> tuple[str, str | None]:
    """(counted phrase, noun) for what a money amount, share, measure or duration is of.

    "€3 million of the money" -> money; "contracts worth €14m" -> contract; "fined him $1.5m"
    -> fine; "Shares fell 14%" -> share; "the river rose by 3 metres" -> "river rose".
    """
    money = kind is QuantityKind.MONEY
    candidates: list[Token | str | None] = []  # best first; a string is a noun by itself
    preps = {"of", "in", "for", "on"} if money else {"of"}  # "3 metres in the centre": a place
    for token in [anchor, *tokens]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps and child.i > token.i:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
    root = _root([*tokens, anchor])
    if root.head.lower_ == "worth":  # "contracts worth €14.2 million"
        worth = root.head
        candidates.append(worth.head if worth.head.i < worth.i else None)
        candidates.append(_subject(worth))
    head = anchor.head
    if anchor.dep_ in {"compound", "nmod", "amod", "nummod", "npadvmod"} and head.i > anchor.i:
        candidates.append(head)  # "a 12% rise", "a €500m loan", "40 km/h winds"
    verb: Token | None = None
    node = anchor
    for _ in range(5):
        if node.pos_ in {"VERB", "AUX"} and node.i not in inside:
            verb = node
            break
        if node.head.i == node.i:
            break
        node = node.head
    if verb is not None:
        lemma = verb.lemma_.lower()
        if money:
            for child in verb.children:  # "set aside €2.5m for repairs", "spent $450,000 on fuel"
                if child.dep_ == "prep" and child.lower_ in {"for", "on"} and child.i > anchor.i:
                    candidates.extend(c for c in child.children if c.dep_ == "pobj")
            objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
            if lemma == "cost" and any(c.i not in inside for c in objects):
                candidates.append("cost")  # "cost the state €14.2 million"
            candidates.append(_NOMINALISED.get(lemma) or _NOMINALISED.get(verb.lower_))
        elif lemma in {"leave", "raise", "cut", "lower", "keep", "hold", "set", "lift"}:
            candidates.extend(c for c in verb.children if c.dep_ == "dobj")  # "left its rate"
        if not money or lemma not in _AGENT_VERBS:
            candidates.append(_subject(verb))
        if lemma == "be":
            candidates.extend(c for c in verb.children if c.dep_ == "attr")
    best = next((c for c in candidates if isinstance(c, str) or _is_thing(c, inside)), None)
    words = _noun_words(best, inside) if best is not None and not isinstance(best, str) else []
    if verb is not None and verb.lemma_ not in {"be", "have"}:
        words.append(verb.lower_)
    if best is None:
        return " ".join(words), None
    return " ".join(words), best if isinstance(best, str) else best.lemma_.lower()


def _prison_phrase(anchor: Token) -> str:
    """ "prison term", or "prison term of kowalski" when the sentence names who got it."""
    node = anchor
    for _ in range(5):
        if node.pos_ in {"VERB", "AUX"}:
            subject = _subject(node)
            if subject is not None and subject.pos_ == "PROPN":
                return f"prison term of {_name_text(subject).lower()}"
            break
        if node.head.i == node.i:
            break
        node = node.head
    return "prison term"
