"""The FNC-1 official baseline's features, written again from its description.

The baseline (github.com/FakeNewsChallenge/fnc-1-baseline, Apache-2.0; none of its code
is kept here) feeds 44 hand features per (headline, body) pair to scikit-learn's
GradientBoostingClassifier with 200 trees:

* word overlap: Jaccard of the lemmatised word sets (1);
* refuting words: one flag per word of a 15-word list found in the headline (15);
* polarity: parity of refuting words in the headline and in the body (2);
* hand features: headline tokens found in the body and in its first 255 characters,
  with and without stopwords (4); headline character n-grams (n = 2, 8, 4, 16, stopwords
  removed) found in the body, its first 255 and first 100 characters (12); headline word
  n-grams (n = 2..6) found in the body and its first 255 characters (10).

Two deliberate differences, both noted in the benchmark output: the lemmatiser is a
small plural-stripping one (no NLTK/WordNet here), and the character n-grams are
matched as written (the original joins a gram's characters with spaces before looking
them up, which makes most of those 12 features zero).
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

REFUTING_WORDS = (
    "fake fraud hoax false deny denies not despite nope doubt doubts bogus debunk pranks retract"
).split()
_REFUTING = frozenset(REFUTING_WORDS)
_WORDS = re.compile(r"\w+", re.UNICODE)

FEATURE_NAMES: list[str] = (
    ["word_overlap"]
    + [f"refuting_{w}" for w in REFUTING_WORDS]
    + ["polarity_headline", "polarity_body"]
    + ["cooccur", "cooccur_early", "cooccur_stop", "cooccur_stop_early"]
    + [f"chargram{n}_{where}" for n in (2, 8, 4, 16) for where in ("all", "255", "100")]
    + [f"ngram{n}_{where}" for n in (2, 3, 4, 5, 6) for where in ("all", "255")]
)


def clean(text: str) -> str:
    """Lower-case words joined by single spaces (punctuation dropped)."""
    return " ".join(_WORDS.findall(text)).lower()


def lemma(word: str) -> str:
    """A noun lemmatiser's main effect: plural to singular ("denies" -> "deny")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def lemmas(text: str) -> list[str]:
    return [lemma(w) for w in text.split()]


def _without_stopwords(words: list[str]) -> list[str]:
    return [w for w in words if w not in ENGLISH_STOP_WORDS]


def _hits(grams: list[str], body: str) -> tuple[int, int, int]:
    early, first = body[:255], body[:100]
    return (
        sum(g in body for g in grams),
        sum(g in early for g in grams),
        sum(g in first for g in grams),
    )


def features(headline: str, body: str) -> list[float]:
    """The 44 baseline features of one pair, in :data:`FEATURE_NAMES` order."""
    h, b = clean(headline), clean(body)
    h_lemmas, b_lemmas = lemmas(h), lemmas(b)
    h_set, b_set = set(h_lemmas), set(b_lemmas)
    out: list[float] = [len(h_set & b_set) / max(len(h_set | b_set), 1)]
    out += [float(w in h_set) for w in REFUTING_WORDS]
    out += [
        float(sum(w in _REFUTING for w in h_lemmas) % 2),
        float(sum(w in _REFUTING for w in b_lemmas) % 2),
    ]
    tokens = h.split()
    early = b[:255]
    out += [float(sum(t in b for t in tokens)), float(sum(t in early for t in tokens))]
    content = _without_stopwords(tokens)
    out += [float(sum(t in b for t in content)), float(sum(t in early for t in content))]
    stripped = " ".join(content)
    for n in (2, 8, 4, 16):
        grams = [stripped[i : i + n] for i in range(len(stripped) - n + 1)]
        out += [float(x) for x in _hits(grams, b)]
    for n in (2, 3, 4, 5, 6):
        grams = [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        out += [float(x) for x in _hits(grams, b)[:2]]
    return out


def feature_matrix(pairs: list[tuple[str, str]]) -> np.ndarray:
    """One row of :func:`features` per (headline, body) pair."""
    return np.array([features(h, b) for h, b in pairs], dtype=np.float32)
