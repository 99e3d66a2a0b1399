"""Train the built-in learned judge on FNC-1 (train split only) plus generated pairs.

    python -m newsprism.nli.train [DATA_DIR] [--cache DIR] [--out DIR]

DATA_DIR defaults to ../shared/benchmarks (it must hold ``fnc-1/``). Only
``train_stances.csv`` and ``train_bodies.csv`` are read: the competition test files are
never opened, so the FNC-1 benchmark (bench/fnc1.py) stays a clean test.

Training pairs come from three sources, all built from FNC-1 train bodies:

* ``fnc``: each headline against its most similar body sentence(s): agree -> AGREE,
  disagree -> CONTRADICT, unrelated -> UNRELATED. "discuss" bodies report the claim
  without taking a side, so their closest sentence neither supports nor refutes it in a
  way a sentence judge can learn; they are left out (see the model card).
* ``perturbed`` (FactCC-style): a body sentence against an edited copy of itself. Entity,
  number, date, negation and antonym swaps -> CONTRADICT; identity, light rewrites,
  rounding and compatible comparators -> AGREE.
* ``other``: a sentence against one from another body (or a distant one from the same
  body) -> UNRELATED.

A slice of train body ids (chosen by seed) is held out from every source; the model card
(``weights/judge.json``) records its metrics with the data hashes, seed, counts per source
and label, feature list, versions, date and command. Sentence vectors are cached under
bench/.cache/ so a second run takes a minute or two.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import platform
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.models import Stance
from newsprism.nli.features import (
    ANTONYM_PAIRS,
    SLOT_FEATURES,
    feature_names,
    pair_features,
    slot_features,
)
from newsprism.nli.learned import NAME, Network

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks"
DEFAULT_CACHE = ROOT / "bench" / ".cache"
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
SEED = 20240613
HELD_OUT_SHARE = 0.1
TRAIN_FILES = ("train_stances.csv", "train_bodies.csv")

# --------------------------------------------------------------------------- FNC-1 data


@dataclass(frozen=True)
class StancePair:
    headline: str
    body_id: int
    stance: str  # agree / disagree / discuss / unrelated


def read_bodies(path: Path) -> dict[int, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(handle)}


def read_stances(path: Path) -> list[StancePair]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            StancePair(row["Headline"], int(row["Body ID"]), row["Stance"])
            for row in csv.DictReader(handle)
        ]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|No|Inc|Ltd|Co|"
    r"Corp|vs|U\.S|U\.K|U\.N|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|[A-Z])\.$"
)


def split_sentences(text: str, min_words: int = 4, max_chars: int = 600) -> list[str]:
    """Sentences of a body, by a fast regex (bodies are many; spaCy would take minutes).

    Splits paragraphs on newlines, then after ., ! or ? followed by a capital or digit,
    unless the dot ends a common abbreviation or an initial. Fragments under
    ``min_words`` (bylines, "Advertisement") are dropped; very long runs are cut.
    """
    sentences: list[str] = []
    for paragraph in text.splitlines():
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        start = 0
        parts: list[str] = []
        for match in _SENTENCE_END.finditer(paragraph):
            if _ABBREVIATION.search(paragraph[start : match.start()]):
                continue
            parts.append(paragraph[start : match.end(1)].strip())
            start = match.end()
        parts.append(paragraph[start:].strip())
        for part in parts:
            if len(part.split()) >= min_words:
                sentences.append(part[:max_chars])
    return sentences


# --------------------------------------------------------------------------- embeddings


class VectorCache:
    """Sentence vectors on disk, keyed by the sha1 of the text; computes what is missing.

    One ``.npy`` matrix plus a JSON key list, so a rerun of training or the benchmark
    embeds nothing it has embedded before.
    """

    def __init__(self, directory: Path | None, name: str = "minilm") -> None:
        self.directory = directory
        self.name = name
        self._index: dict[str, int] = {}
        self._matrix = np.zeros((0, 384), dtype=np.float32)
        if directory is not None:
            keys, matrix = directory / f"{name}.keys.json", directory / f"{name}.npy"
            if keys.exists() and matrix.exists():
                loaded = json.loads(keys.read_text(encoding="utf-8"))
                self._matrix = np.load(matrix)
                if len(loaded) == len(self._matrix):
                    self._index = {key: i for i, key in enumerate(loaded)}
                else:
                    self._matrix = np.zeros((0, 384), dtype=np.float32)

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def vectors(self, texts: Sequence[str], log: Callable[[str], None] | None = None) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._index and key not in missing:
                missing[key] = text
        if missing:
            from newsprism.embed import default_embedder

            embedder = default_embedder()
            todo = list(missing.items())
            step = 2048
            started = time.perf_counter()
            for i in range(0, len(todo), step):
                chunk = todo[i : i + step]
                new = embedder.encode([text for _, text in chunk])
                base = len(self._matrix)
                self._matrix = np.vstack([self._matrix, new.astype(np.float32)])
                for j, (key, _) in enumerate(chunk):
                    self._index[key] = base + j
                if log:
                    done = min(i + step, len(todo))
                    rate = done / max(time.perf_counter() - started, 1e-9)
                    log(f"  embedded {done:,}/{len(todo):,} sentences ({rate:.0f}/s)")
                if (i // step) % 5 == 4:
                    self.save()
            self.save()
        return self._matrix[[self._index[k] for k in keys]]

    def save(self) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        keys = [""] * len(self._index)
        for key, i in self._index.items():
            keys[i] = key
        np.save(self.directory / f"{self.name}.npy", self._matrix)
        (self.directory / f"{self.name}.keys.json").write_text(json.dumps(keys), encoding="utf-8")


# --------------------------------------------------------------------------- corpus


@dataclass
class Corpus:
    """FNC-1 train bodies split into sentences, their vectors, and the claim groups."""

    sentences: dict[int, list[str]]  # body id -> sentences
    vectors: dict[int, np.ndarray]  # body id -> one row per sentence
    stances: list[StancePair]
    headline_vectors: dict[str, np.ndarray]
    group_of_body: dict[int, int]  # body id -> claim group (connected related pairs)


def claim_groups(stances: Iterable[StancePair], body_ids: Iterable[int]) -> dict[int, int]:
    """Bodies joined through the headlines they relate to (agree/disagree/discuss).

    FNC-1 pairs one claim's headlines with many bodies, so two bodies of one claim share
    headlines; grouping them keeps a held-out (or cross-validation) slice honest: no
    headline of a held-out claim is seen in training with a related body.
    """
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for body in body_ids:
        find(("b", body))
    for pair in stances:
        if pair.stance != "unrelated":
            parent[find(("h", pair.headline))] = find(("b", pair.body_id))
    roots: dict[Any, int] = {}
    return {
        body: roots.setdefault(find(("b", body)), len(roots))
        for body in sorted(b for kind, b in parent if kind == "b")
    }


def load_corpus(
    data_dir: Path,
    cache: VectorCache,
    bodies_file: str = "train_bodies.csv",
    stances_file: str = "train_stances.csv",
    log: Callable[[str], None] = print,
) -> Corpus:
    folder = data_dir / "fnc-1"
    bodies = read_bodies(folder / bodies_file)
    stances = read_stances(folder / stances_file)
    sentences = {
        body_id: split_sentences(text) or [" ".join(text.split())[:600] or "(empty)"]
        for body_id, text in bodies.items()
    }
    flat = [s for body_id in sorted(sentences) for s in sentences[body_id]]
    headlines = sorted({p.headline for p in stances})
    log(f"{len(bodies):,} bodies, {len(flat):,} sentences, {len(headlines):,} headlines")
    matrix = cache.vectors(flat + headlines, log=log)
    vectors: dict[int, np.ndarray] = {}
    row = 0
    for body_id in sorted(sentences):
        n = len(sentences[body_id])
        vectors[body_id] = matrix[row : row + n]
        row += n
    headline_vectors = {h: matrix[row + i] for i, h in enumerate(headlines)}
    return Corpus(sentences, vectors, stances, headline_vectors, claim_groups(stances, bodies))


# --------------------------------------------------------------------------- perturbations


@dataclass(frozen=True)
class Example:
    premise: str
    hypothesis: str
    label: str  # Stance value
    source: str  # "fnc", "perturbed", "other"
    kind: str  # what made it: "number swap", "fnc agree", "other body", ...
    body_id: int


_NUMBER_TOKEN = re.compile(
    r"(?<![\w.,$-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)(?!\.\d)(?![A-Za-z-])|"
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred)\b",
    re.IGNORECASE,
)
_SMALL_WORDS = "two three four five six seven eight nine ten eleven twelve".split()
_NAME_SPAN = re.compile(r"(?<=[a-z,] )(?:[A-Z][a-z]+(?:[- ](?:[A-Z][a-z]+|al|bin|de|van))*)")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_MONTH_WORD = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December)\b"
)
_YEAR_WORD = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
# An auxiliary before a verb form, where a "not" reads naturally.
_AUX = re.compile(
    r"\b(is|was|are|were|has|have|had|will|would|can|could|should|did|does|may|might|must)"
    r"\s+(?=(?:[a-z]+(?:ed|en|ing|wn)|be|been|have|get|go|make|take|allow|know|find|say|"
    r"see|come|give|need|want|pay|run|buy|let|leave|return|die|win|lose)\b)"
)
_NEGATED = re.compile(
    r"\b(?:(is|was|are|were|has|have|had|would|could|should|did|does|do)"
    r"(?: not|n't)|(never|not) )",
    re.IGNORECASE,
)
_SYNONYMS = {
    "said": "stated",
    "says": "states",
    "people": "persons",
    "police": "officers",
    "car": "vehicle",
    "children": "kids",
    "began": "started",
    "big": "large",
    "buy": "purchase",
    "help": "assist",
    "show": "indicate",
    "shows": "indicates",
    "showed": "indicated",
    "photo": "picture",
    "photos": "pictures",
    "video": "footage",
    "home": "house",
    "told": "informed",
    "investigating": "probing",
    "officials": "authorities",
    "attack": "assault",
    "killed": "slain",
    "US": "United States",
    "U.S.": "United States",
    "UK": "Britain",
    "woman": "lady",
    "man": "male",
}
_ATTRIBUTIONS = (
    "{s}, officials said.",
    "According to reports, {l}",
    "{s}, a spokesman said.",
    "{s}, it was reported.",
    "Sources said {l}",
)
_HEDGES = ("reportedly ", "allegedly ", "apparently ")


def _format_like(original: str, value: float) -> str:
    """Write ``value`` the way ``original`` was written (commas, decimals)."""
    if "." in original:
        decimals = len(original.split(".", 1)[1])
        return f"{value:,.{decimals}f}" if "," in original else f"{value:.{decimals}f}"
    value_int = round(value)
    return f"{value_int:,}" if "," in original or value_int >= 10000 else str(value_int)


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and 1800 <= int(token) <= 2099


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def swap_number(text: str, rng: random.Random) -> str | None:
    """A different figure that cannot be a rounding of the original: CONTRADICT."""
    matches = [m for m in _NUMBER_TOKEN.finditer(text) if not _is_year(m[0])]
    if not matches:
        return None
    match = rng.choice(matches)
    token = match[0]
    if match[2]:  # a number word
        choices = [w for w in _SMALL_WORDS if w != token.lower()]
        new = rng.choice(choices)
        new = new.capitalize() if token[0].isupper() else new
    else:
        value = float(token.replace(",", ""))
        if value <= 12 and "." not in token:
            new = str(rng.choice([n for n in range(1, 16) if n != value]))
        else:
            factor = rng.choice([0.25, 0.4, 0.5, 0.6, 0.7, 1.4, 1.5, 2.0, 2.5, 3.0, 10.0])
            new = _format_like(token, value * factor)
    changed = _replace(text, match.start(), match.end(), new)
    conflict = slot_features(text, changed)[SLOT_FEATURES.index("figure_conflict")]
    return changed if conflict > 0 and changed != text else None


# A figure already qualified ("around 170") or a day of a month ("Mar 21").
_QUALIFIED = re.compile(
    r"\b(?:about|around|some|nearly|almost|over|than|least|to|roughly|approximately|up|"
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+$",
    re.IGNORECASE,
)


def round_number(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Rounded or bounded restatements of a figure ("1,247" -> "about 1,250"): AGREE.

    Returns a (premise, hypothesis) pair, as the comparator case rewrites both sides
    ("more than 300" vs "almost 400" for a true 347).
    """
    matches = [
        m
        for m in _NUMBER_TOKEN.finditer(text)
        if m[1]
        and not _is_year(m[0])
        and float(m[0].replace(",", "")) >= 20
        and not _QUALIFIED.search(text[: m.start()])
    ]
    if not matches:
        return None
    match = rng.choice(matches)
    token = match[0]
    value = float(token.replace(",", ""))
    magnitude = 10 ** (len(str(int(value))) - 2) if value >= 100 else 10
    down = (value // magnitude) * magnitude
    up = down + magnitude
    nearest = down if value - down < up - value else up
    modes = ["about", "more than", "nearly", "pair", "exact-about"]
    rng.shuffle(modes)
    if value == down:  # already round: only a qualifier can be added
        modes = ["exact-about"]
    start, end = match.start(), match.end()
    for mode in modes:
        if mode == "exact-about":
            qualifier = rng.choice(["about ", "around ", "some ", "roughly "])
            premise, hypothesis = text, _replace(text, start, end, qualifier + token)
        elif mode == "about":
            premise = text
            hypothesis = _replace(text, start, end, "about " + _format_like(token, nearest))
        elif mode == "more than" and down < value:
            premise = text
            hypothesis = _replace(text, start, end, "more than " + _format_like(token, down))
        elif mode == "nearly" and up > value:
            premise = text
            word = rng.choice(["nearly ", "almost ", "close to "])
            hypothesis = _replace(text, start, end, word + _format_like(token, up))
        elif mode == "pair" and down < value < up:
            premise = _replace(text, start, end, "more than " + _format_like(token, down))
            hypothesis = _replace(text, start, end, "almost " + _format_like(token, up))
        else:
            continue
        found = slot_features(premise, hypothesis)
        names = SLOT_FEATURES
        ok = found[names.index("figure_conflict")] == 0 and (
            found[names.index("figure_compatible")] + found[names.index("figure_equal")] > 0
        )
        if ok and premise != hypothesis:
            return premise, hypothesis
    return None


def swap_name(text: str, rng: random.Random, pool: Sequence[str]) -> str | None:
    """Another name (from another body) in place of one: CONTRADICT."""
    spans = [m for m in _NAME_SPAN.finditer(text) if m[0].lower() not in _NOT_NAMES]
    words = text.split()
    if sum(w[:1].isupper() for w in words) > len(words) / 2:
        return None  # a Title Case headline: every word looks like a name
    if not spans or not pool:
        return None
    match = rng.choice(spans)
    size = len(match[0].split())
    options = [n for n in rng.sample(list(pool), min(40, len(pool))) if len(n.split()) == size]
    options = [n for n in options if n.lower() not in text.lower()]
    if not options:
        return None
    return _replace(text, match.start(), match.end(), options[0])


_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december internet god""".split()
)


def swap_date(text: str, rng: random.Random) -> str | None:
    """A different weekday, month or year: CONTRADICT."""
    options: list[tuple[re.Match[str], list[str]]] = []
    for match in _WEEKDAY.finditer(text):
        days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        options.append((match, [d for d in days if d != match[0]]))
    for match in _MONTH_WORD.finditer(text):
        months = [
            "January", "February", "March", "April", "June", "July", "August",
            "September", "October", "November", "December",
        ]  # fmt: skip
        options.append((match, [m for m in months if m != match[0]]))
    for match in _YEAR_WORD.finditer(text):
        year = int(match[0])
        options.append((match, [str(year + d) for d in (-3, -2, -1, 1, 2)]))
    if not options:
        return None
    match, choices = rng.choice(options)
    return _replace(text, match.start(), match.end(), rng.choice(choices))


def flip_negation(text: str, rng: random.Random) -> str | None:
    """Remove a "not"/"never", or put "not" after the first auxiliary: CONTRADICT."""
    negated = list(_NEGATED.finditer(text))
    if negated and rng.random() < 0.6:
        match = rng.choice(negated)
        if match[1]:
            return _replace(text, match.start(), match.end(), match[1])
        return _replace(text, match.start(), match.end(), "")
    aux = _AUX.search(text)
    if aux is None:
        return None
    word = aux[1]
    contracted = {
        "is": "isn't",
        "was": "wasn't",
        "did": "didn't",
        "does": "doesn't",
        "has": "hasn't",
        "have": "haven't",
        "are": "aren't",
        "were": "weren't",
    }
    if word in contracted and rng.random() < 0.4:
        return _replace(text, aux.start(), aux.end(), contracted[word] + " ")
    return _replace(text, aux.start(), aux.end(), f"{word} not ")


# Antonym words too idiomatic or ambiguous to swap blindly ("lost blood", "found that").
_NO_SWAP = frozenset(
    """up down more fewer less high low before after man men woman women found missing
    same different present absent lost lose loses losing living end ends ended""".split()
)


def swap_antonym(text: str, rng: random.Random) -> str | None:
    """A word for its opposite ("banned" -> "allowed"): CONTRADICT."""
    tokens = list(re.finditer(r"[A-Za-z]+", text))
    options = []
    for token in tokens:
        lower = token[0].lower()
        for a, b in ANTONYM_PAIRS:
            if lower in a or lower in b:
                other = b if lower in a else a
                if lower in _NO_SWAP or not (other - _NO_SWAP):
                    continue  # too often idiomatic ("set up", "more than") or ambiguous
                options.append((token, sorted(other)))
    if not options:
        return None
    token, others = rng.choice(options)
    word = token[0].lower()
    suffix = next((s for s in ("ing", "ed", "es", "s") if word.endswith(s)), "")
    same_form = [o for o in others if suffix and o.endswith(suffix)] or [
        o for o in others if not o.endswith(("ing", "ed", "s"))
    ]
    new = rng.choice(same_form or others)
    new = new.capitalize() if token[0][0].isupper() else new
    return _replace(text, token.start(), token.end(), new)


def light_rewrite(text: str, rng: random.Random) -> str | None:
    """A rewrite that keeps every fact: synonyms, a dropped clause or adverb, attribution."""
    out = text
    actions = rng.sample(["synonym", "drop clause", "drop adverb", "attribute", "hedge"], 2)
    for action in actions:
        if action == "synonym":
            words = [w for w in _SYNONYMS if re.search(rf"\b{re.escape(w)}(?!\w)", out)]
            if words:
                w = rng.choice(words)
                out = re.sub(rf"\b{re.escape(w)}(?!\w)", _SYNONYMS[w], out, count=1)
        elif action == "drop clause":
            cut = out.rfind(", ")
            if cut > 0 and len(out[:cut].split()) >= 6 and not _NUMBER_TOKEN.search(out[cut:]):
                out = out[:cut].rstrip(",") + "."
        elif action == "drop adverb":
            adverbs = [
                m
                for m in re.finditer(r"\b[a-z]+ly\b ", out)
                if m[0].strip() not in {"only", "early", "reportedly", "allegedly", "family"}
            ]
            if adverbs:
                m = rng.choice(adverbs)
                out = _replace(out, m.start(), m.end(), "")
        elif action == "attribute" and len(out) > 20:
            body = out.rstrip('.!?"” ')
            lowered = out[0].lower() + out[1:] if not out[:2].isupper() else out
            out = rng.choice(_ATTRIBUTIONS).format(s=body, l=lowered)
        elif action == "hedge":
            aux = _AUX.search(out)
            if aux:
                out = _replace(out, aux.end(), aux.end(), rng.choice(_HEDGES))
    return out if out != text else None


# --------------------------------------------------------------------------- examples

CONTRADICTIONS: dict[str, Callable[..., str | None]] = {
    "number swap": swap_number,
    "date swap": swap_date,
    "negation": flip_negation,
    "antonym swap": swap_antonym,
}


def _name_pool(corpus: Corpus, bodies: Iterable[int]) -> list[str]:
    pool: set[str] = set()
    for body_id in bodies:
        for sentence in corpus.sentences[body_id][:8]:
            pool.update(
                m[0] for m in _NAME_SPAN.finditer(sentence) if m[0].lower() not in _NOT_NAMES
            )
    return sorted(pool)


# Kinds a sentence allows least often are tried first, so the kinds stay balanced.
_PRIORITY = {
    "date swap": 0.0,
    "number swap": 0.0,
    "antonym swap": 0.3,
    "negation": 0.4,
    "name swap": 1.2,
}


def perturbed_examples(
    corpus: Corpus, bodies: Sequence[int], seed: int = SEED, per_body: int = 6
) -> list[Example]:
    """FactCC-style pairs from body sentences: one edit that keeps or breaks the facts.

    For each sampled sentence: one CONTRADICT edit and one AGREE edit (rounding when there
    is a figure, else a light rewrite; now and then the sentence itself). Each body has its
    own random stream, so a body yields the same pairs whichever other bodies are in the
    set (and the sentence vectors cached for them are reused).
    """
    pool = _name_pool(corpus, sorted(corpus.sentences))
    examples: list[Example] = []
    for body_id in bodies:
        rng = random.Random(f"{seed}-{body_id}")
        sentences = [s for s in corpus.sentences[body_id] if 6 <= len(s.split()) <= 60]
        sampled = rng.sample(sentences, min(per_body, len(sentences)))
        for sentence in sampled:
            examples += _perturb(sentence, body_id, rng, pool)
        # More figures, each both rounded (AGREE) and changed (CONTRADICT), so a changed
        # number alone never decides: whether the intervals still overlap does.
        with_figures = [s for s in sentences if s not in sampled and _NUMBER_TOKEN.search(s)]
        for sentence in rng.sample(with_figures, min(3, len(with_figures))):
            rounded = round_number(sentence, rng)
            changed = swap_number(sentence, rng)
            if rounded and changed:
                examples.append(_oriented(*rounded, Stance.AGREE, "rounding (extra)", body_id, rng))
                examples.append(
                    _oriented(
                        sentence, changed, Stance.CONTRADICT, "number swap (extra)", body_id, rng
                    )
                )
    # Headlines too: short sentences are what a brief's claims often look like.
    owner = headline_bodies(corpus)
    wanted = set(bodies)
    for headline, body_id in sorted(owner.items()):
        if body_id in wanted and len(headline.split()) >= 4:
            rng = random.Random(f"{seed}-{headline}")
            examples += _perturb(headline, body_id, rng, pool, kind_suffix=" (headline)")
    return examples


def headline_bodies(corpus: Corpus) -> dict[str, int]:
    """One body per headline (a related one when there is any), to place it in a split."""
    owner: dict[str, int] = {}
    for pair in corpus.stances:
        if pair.stance != "unrelated" or pair.headline not in owner:
            owner.setdefault(pair.headline, pair.body_id)
            if pair.stance != "unrelated":
                owner[pair.headline] = pair.body_id
    return owner


def _perturb(
    sentence: str, body_id: int, rng: random.Random, pool: Sequence[str], kind_suffix: str = ""
) -> list[Example]:
    """One CONTRADICT and one AGREE edit of ``sentence`` (either may be impossible)."""
    out: list[Example] = []
    kinds = sorted(_PRIORITY, key=lambda k: _PRIORITY[k] + 1.5 * rng.random())
    for kind in kinds:
        if kind == "name swap":
            changed = swap_name(sentence, rng, pool)
        else:
            changed = CONTRADICTIONS[kind](sentence, rng)
        if changed and changed != sentence:
            out.append(
                _oriented(sentence, changed, Stance.CONTRADICT, kind + kind_suffix, body_id, rng)
            )
            break
    rounded = round_number(sentence, rng)
    if rounded:
        premise, hypothesis = rounded
        out.append(
            _oriented(premise, hypothesis, Stance.AGREE, "rounding" + kind_suffix, body_id, rng)
        )
        return out
    rewrite = light_rewrite(sentence, rng) if rng.random() > 0.08 else sentence
    if rewrite:
        kind = ("identity" if rewrite == sentence else "light rewrite") + kind_suffix
        out.append(_oriented(sentence, rewrite, Stance.AGREE, kind, body_id, rng))
    return out


def _oriented(
    first: str, second: str, label: Stance, kind: str, body_id: int, rng: random.Random
) -> Example:
    """Either order: an edit is as much a contradiction (or a match) read backwards."""
    if rng.random() < 0.5:
        first, second = second, first
    return Example(first, second, label.value, "perturbed", kind, body_id)


def unrelated_examples(
    corpus: Corpus, bodies: Sequence[int], rng: random.Random, count: int
) -> list[Example]:
    """UNRELATED pairs: a random sentence of another claim, the nearest sentence of another
    claim (below 0.7 cosine: closer ones may well be the same fact), and a distant
    sentence of the same body."""
    examples: list[Example] = []
    ordered = list(bodies)
    for _ in range(count):
        a, b = rng.sample(ordered, 2)
        if corpus.group_of_body[a] == corpus.group_of_body[b]:
            continue
        sa, sb = rng.choice(corpus.sentences[a]), rng.choice(corpus.sentences[b])
        examples.append(Example(sa, sb, Stance.UNRELATED.value, "other", "other claim", a))
    # hard negatives: nearest sentence from a body of another claim
    all_rows = [(body, i) for body in ordered for i in range(len(corpus.sentences[body]))]
    matrix = np.vstack([corpus.vectors[body] for body in ordered])
    groups = np.array([corpus.group_of_body[body] for body, _ in all_rows])
    picks = rng.sample(range(len(all_rows)), min(count, len(all_rows)))
    for start in range(0, len(picks), 512):
        chunk = picks[start : start + 512]
        sims = matrix[chunk] @ matrix.T
        for row, query in enumerate(chunk):
            sims[row, groups == groups[query]] = -1.0
            sims[row, sims[row] >= 0.7] = -1.0
            best = int(np.argmax(sims[row]))
            if sims[row, best] < 0.3:
                continue
            qa, qi = all_rows[query]
            ba, bi = all_rows[best]
            examples.append(
                Example(
                    corpus.sentences[qa][qi],
                    corpus.sentences[ba][bi],
                    Stance.UNRELATED.value,
                    "other",
                    "near other claim",
                    qa,
                )
            )
    for body in rng.sample(ordered, min(count // 3, len(ordered))):
        vectors = corpus.vectors[body]
        if len(vectors) < 4:
            continue
        i = rng.randrange(len(vectors))
        sims = vectors @ vectors[i]
        far = [j for j in range(len(vectors)) if sims[j] < 0.35]
        if far:
            j = rng.choice(far)
            examples.append(
                Example(
                    corpus.sentences[body][i],
                    corpus.sentences[body][j],
                    Stance.UNRELATED.value,
                    "other",
                    "same body, other fact",
                    body,
                )
            )
    return examples


_FNC_LABEL = {"agree": Stance.AGREE, "disagree": Stance.CONTRADICT, "unrelated": Stance.UNRELATED}


def fnc_examples(
    corpus: Corpus, bodies: set[int], rng: random.Random, unrelated: int
) -> list[Example]:
    """Each FNC-1 headline against its body's most similar sentence.

    agree -> AGREE, disagree -> CONTRADICT (also the second closest sentence: disagreeing
    bodies are few), unrelated -> UNRELATED (a sample). "discuss" is left out: a body
    that only reports a claim has sentences that restate it, which would teach the judge
    that a restatement is neither agreement nor disagreement.
    """
    examples: list[Example] = []
    unrelated_pairs = [p for p in corpus.stances if p.stance == "unrelated" and p.body_id in bodies]
    keep = set(map(id, rng.sample(unrelated_pairs, min(unrelated, len(unrelated_pairs)))))
    for pair in corpus.stances:
        if pair.body_id not in bodies or pair.stance == "discuss":
            continue
        if pair.stance == "unrelated" and id(pair) not in keep:
            continue
        sims = corpus.vectors[pair.body_id] @ corpus.headline_vectors[pair.headline]
        order = np.argsort(-sims)
        take = 2 if pair.stance == "disagree" else 1
        for index in order[:take]:
            sentence = corpus.sentences[pair.body_id][int(index)]
            examples.append(
                Example(
                    pair.headline,
                    sentence,
                    _FNC_LABEL[pair.stance].value,
                    "fnc",
                    f"fnc {pair.stance}",
                    pair.body_id,
                )
            )
    return examples


def build_examples(corpus: Corpus, bodies: Sequence[int], seed: int = SEED) -> list[Example]:
    """Every training pair whose body is in ``bodies``, reproducibly for one seed."""
    rng = random.Random(seed)
    ordered = sorted(bodies)
    examples = fnc_examples(corpus, set(ordered), rng, unrelated=len(ordered) * 3)
    examples += perturbed_examples(corpus, ordered, seed)
    examples += unrelated_examples(corpus, ordered, rng, count=len(ordered) * 3)
    return examples


# --------------------------------------------------------------------------- fitting

HIDDEN = (128,)


def example_features(
    examples: Sequence[Example], cache: VectorCache, log: Callable[[str], None] | None = None
) -> np.ndarray:
    """The judge's feature matrix for ``examples`` (texts embedded through the cache)."""
    texts = list(dict.fromkeys(t for e in examples for t in (e.premise, e.hypothesis)))
    matrix = cache.vectors(texts, log=log)
    row = {t: i for i, t in enumerate(texts)}
    u = matrix[[row[e.premise] for e in examples]]
    v = matrix[[row[e.hypothesis] for e in examples]]
    return pair_features([(e.premise, e.hypothesis) for e in examples], u, v)


def fit_network(x: np.ndarray, labels: Sequence[str], seed: int = SEED) -> Network:
    """A one-hidden-layer MLP (scikit-learn), classes weighted to balance, as arrays."""
    from sklearn.neural_network import MLPClassifier

    y = np.array(labels)
    counts = Counter(labels)
    weight = np.array([len(labels) / (len(counts) * counts[label]) for label in labels])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = MLPClassifier(
        hidden_layer_sizes=HIDDEN,
        alpha=1e-3,
        batch_size=256,
        learning_rate_init=1e-3,
        max_iter=60,
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=6,
        random_state=seed,
    )
    model.fit((x - mean) / scale, y, sample_weight=weight)
    return Network(
        classes=tuple(str(c) for c in model.classes_),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=tuple(w.astype(np.float32) for w in model.coefs_),
        biases=tuple(b.astype(np.float32) for b in model.intercepts_),
        features=tuple(feature_names()),
    )


def metrics(
    gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]
) -> dict[str, Any]:
    """Accuracy, per-class precision/recall/F1 and macro-F1."""
    per_class: dict[str, dict[str, float]] = {}
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": sum(g == c for g in gold),
        }
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    return {
        "examples": len(gold),
        "accuracy": round(accuracy, 4),
        "macro_f1": round(sum(v["f1"] for v in per_class.values()) / len(classes), 4),
        "per_class": per_class,
    }


def evaluate(network: Network, examples: Sequence[Example], x: np.ndarray) -> dict[str, Any]:
    """Held-out metrics overall, per source, and accuracy per kind of example."""
    probabilities = network.predict_proba(x)
    predicted = [network.classes[i] for i in probabilities.argmax(axis=1)]
    classes = [s.value for s in Stance]
    report = metrics([e.label for e in examples], predicted, classes)
    report["by_source"] = {}
    for source in sorted({e.source for e in examples}):
        rows = [i for i, e in enumerate(examples) if e.source == source]
        present = [c for c in classes if any(examples[i].label == c for i in rows)]
        report["by_source"][source] = metrics(
            [examples[i].label for i in rows], [predicted[i] for i in rows], present
        )
        for detail in report["by_source"][source]["per_class"].values():
            detail.pop("precision", None)
    kinds: dict[str, list[bool]] = defaultdict(list)
    for e, p in zip(examples, predicted, strict=True):
        kinds[e.kind].append(e.label == p)
    report["accuracy_by_kind"] = {
        k: {"examples": len(v), "accuracy": round(sum(v) / len(v), 4)}
        for k, v in sorted(kinds.items())
    }
    return report


def held_out_bodies(corpus: Corpus, share: float = HELD_OUT_SHARE, seed: int = SEED) -> set[int]:
    """Whole claim groups, drawn by seed, until ``share`` of the bodies is held out."""
    rng = random.Random(seed)
    members: dict[int, list[int]] = defaultdict(list)
    for body, group in corpus.group_of_body.items():
        members[group].append(body)
    groups = sorted(members)
    rng.shuffle(groups)
    held: set[int] = set()
    target = share * len(corpus.group_of_body)
    for group in groups:
        if len(held) >= target:
            break
        if len(members[group]) <= target / 4:  # no single giant claim
            held.update(members[group])
    return held


def save_network(network: Network, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "judge.npz"
    np.savez_compressed(path, allow_pickle=False, **network.arrays())
    return path


# --------------------------------------------------------------------------- main

DISCUSS_NOTE = (
    "FNC-1 'discuss' pairs are not used: a discussing body restates the claim without "
    "vouching for it, so its closest sentence is a restatement labelled neither agree nor "
    "contradict; as AGREE it would be mostly right at the sentence level but would blur "
    "the FNC agree/discuss signal, as UNRELATED it would be wrong. Hedging is a feature "
    "(hedging_premise / hedging_hypothesis) instead, and bench/fnc1.py learns 'discuss' "
    "at the document level."
)


def _counts(examples: Iterable[Example]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for e in examples:
        table[e.source][e.label] += 1
        table[e.source]["total"] += 1
    return {source: dict(sorted(c.items())) for source, c in sorted(table.items())}


def train(
    data_dir: Path,
    out_dir: Path = WEIGHTS_DIR,
    cache_dir: Path | None = DEFAULT_CACHE,
    seed: int = SEED,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Build the examples, fit, evaluate on the held-out claim groups, write weights + card."""
    import sklearn

    started = time.perf_counter()
    folder = data_dir / "fnc-1"
    missing = [name for name in TRAIN_FILES if not (folder / name).exists()]
    if missing:
        raise FileNotFoundError(f"{folder}: missing {', '.join(missing)}")
    cache = VectorCache(cache_dir / "fnc1" if cache_dir else None)
    log("reading FNC-1 train split")
    corpus = load_corpus(data_dir, cache, log=log)
    held = held_out_bodies(corpus, seed=seed)
    train_bodies = [b for b in sorted(corpus.sentences) if b not in held]
    log(f"held out {len(held)} of {len(corpus.sentences)} bodies (whole claim groups)")
    train_examples = build_examples(corpus, train_bodies, seed)
    test_examples = build_examples(corpus, sorted(held), seed)
    log(f"{len(train_examples):,} training pairs, {len(test_examples):,} held-out pairs")
    log("embedding generated sentences")
    x_train = example_features(train_examples, cache, log=log)
    x_test = example_features(test_examples, cache, log=log)
    log(f"fitting MLP {HIDDEN} on {x_train.shape[1]} features")
    fit_started = time.perf_counter()
    network = fit_network(x_train, [e.label for e in train_examples], seed)
    fit_seconds = time.perf_counter() - fit_started
    held_out = evaluate(network, test_examples, x_test)
    log(
        f"held-out accuracy {held_out['accuracy']:.3f}, macro-F1 {held_out['macro_f1']:.3f} "
        + ", ".join(f"{c} F1 {v['f1']:.3f}" for c, v in held_out["per_class"].items())
    )
    weights = save_network(network, out_dir)
    from newsprism.embed import MiniLMEmbedder

    card = {
        "model": NAME,
        "description": (
            "MLP over MiniLM sentence-pair features (cosine, u*v, |u-v|) and slot "
            "differences (figures, negation, antonyms, names, dates, overlap, refuting and "
            "hedging words); numpy-only inference."
        ),
        "architecture": {
            "kind": "mlp",
            "hidden_layers": list(HIDDEN),
            "activation": "relu",
            "output": "softmax",
            "classes": list(network.classes),
            "input_standardised": True,
        },
        "embedder": MiniLMEmbedder.name,
        "features": {
            "count": x_train.shape[1],
            "groups": ["cosine", "u*v[384]", "|u-v|[384]"],
            "slots": list(SLOT_FEATURES),
        },
        "data": {
            "files": {
                name: {"path": f"fnc-1/{name}", "sha256": sha256(folder / name)}
                for name in TRAIN_FILES
            },
            "split": "FNC-1 train split only; competition test files never read",
            "held_out": (
                f"{len(held)} of {len(corpus.sentences)} train bodies, whole claim groups "
                "(bodies linked by related headlines), drawn with the seed"
            ),
            "discuss": DISCUSS_NOTE,
            "train_counts": _counts(train_examples),
            "held_out_counts": _counts(test_examples),
            "train_kinds": dict(sorted(Counter(e.kind for e in train_examples).items())),
        },
        "seed": seed,
        "held_out_metrics": held_out,
        "weights": {"file": weights.name, "bytes": weights.stat().st_size},
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": " ".join(["python -m newsprism.nli.train", *sys.argv[1:]]),
        "fit_seconds": round(fit_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    (out_dir / "judge.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {weights} ({weights.stat().st_size / 1024:.0f} KiB) and judge.json")
    log(f"training took {card['total_seconds']:.0f} s")
    return card


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=WEIGHTS_DIR, help="where weights go")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="vector cache dir")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if not (args.data_dir / "fnc-1").is_dir():
        print(f"error: {args.data_dir / 'fnc-1'} not found", file=sys.stderr)
        return 2
    train(args.data_dir, args.out, args.cache, args.seed, log=lambda m: print(m, flush=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
