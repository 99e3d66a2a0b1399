"""Precision and recall of each extractor on the hand-annotated fixtures.

    python bench/extraction_quality.py [FIXTURES_DIR]

FIXTURES_DIR defaults to tests/fixtures/annotated (format: its README.md). Prints a table
per split (dev: rules were tuned on it; test: held out) and writes
bench/results/extraction_quality.json.

Scoring, per collection of articles about one event:
- mentions: a gold name found in the same sentence with the same text.
- entity merging: pairwise over the distinct (article, surface form) items both sides
  found: two items are "same" when they belong to one entity. Precision is the share of
  predicted same-pairs that are gold same-pairs; recall the converse.
- quantity: same sentence and value; quantity-with-subject also needs what is counted:
  the counted noun for counts and ages, the kind and unit for money, percentages,
  measures, durations and prison terms.
- times: same sentence and overlapping text; "resolved" also needs the right interval.
- quote speakers: a gold quote is found when a predicted quote covers its first sentence;
  its speaker is right when it is linked to the gold entity (or names the unnamed one).
- attribution: per sentence, the cited origin as written (determiners and titles aside).
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._results import save  # noqa: E402
from newsprism.extract import extract_articles, link_speakers, resolve_entities  # noqa: E402
from newsprism.extract._names import clean_name, name_tokens  # noqa: E402
from newsprism.models import Article, ExtractedArticle  # noqa: E402

DEFAULT_FIXTURES = ROOT / "tests" / "fixtures" / "annotated"
RESULTS = ROOT / "bench" / "results" / "extraction_quality.json"
GOALS = {"entity merging": 0.9, "quantity with subject": 0.9, "quote speakers": 0.85}
_DETERMINERS = {"the", "a", "an"}


@dataclass
class Score:
    tp_p: int = 0  # predicted items that are right
    predicted: int = 0
    tp_r: int = 0  # gold items that were found
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp_p += other.tp_p
        self.predicted += other.predicted
        self.tp_r += other.tp_r
        self.gold += other.gold
        self.misses += other.misses
        self.false_alarms += other.false_alarms

    @property
    def precision(self) -> float:
        return self.tp_p / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "gold": self.gold,
            "predicted": self.predicted,
        }


def _norm(text: str) -> str:
    return " ".join(text.split())


def _normalised_text(text: str) -> str:
    return "\n".join(_norm(line) for line in text.splitlines() if line.strip())


def _parse_when(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class _ArticleMap:
    """Maps predicted sentences onto gold sentences by character position."""

    def __init__(self, text: str, gold_sentences: list[dict[str, Any]]) -> None:
        self.text = text
        self.gold_spans: list[tuple[int, int]] = []
        cursor = 0
        for sentence in gold_sentences:
            needle = _norm(sentence["text"])
            start = text.find(needle, cursor)
            if start < 0:
                raise ValueError(f"gold sentence not in text: {needle[:60]!r}")
            self.gold_spans.append((start, start + len(needle)))
            cursor = start + len(needle)

    def gold_index(self, predicted_text: str, cursor: int) -> tuple[int | None, int]:
        start = self.text.find(_norm(predicted_text), cursor)
        if start < 0:
            return None, cursor
        end = start + len(_norm(predicted_text))
        best, best_overlap = None, 0
        for index, (g_start, g_end) in enumerate(self.gold_spans):
            overlap = min(end, g_end) - max(start, g_start)
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        return best, end


def _sentence_map(extracted: ExtractedArticle, amap: _ArticleMap) -> dict[int, int | None]:
    mapping: dict[int, int | None] = {}
    cursor = 0
    for sentence in extracted.sentences:
        mapping[sentence.index], cursor = amap.gold_index(sentence.text, cursor)
    return mapping


def _same_opening(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return a[:25] in b or b[:25] in a


def _same_subject(predicted: Any, gold: dict[str, Any]) -> bool:
    """Counts and ages need the counted noun; money, measures, durations the kind and unit."""
    kind = gold.get("kind", "count")
    if kind in {"count", "age"}:
        return str(predicted.noun) == (gold.get("noun") or "").lower()
    return str(predicted.kind) == kind and (predicted.unit or None) == (gold.get("unit") or None)


_PRONOUNS = {"he", "she", "they", "it", "we", "i"}


def _same_origin(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    if gold.lower() in _PRONOUNS:  # the gold names no one: any resolved speaker will do
        return True

    def words(text: str) -> set[str]:
        name, _title = clean_name(text)
        return {w for w in re.findall(r"\w+", name.lower()) if w not in _DETERMINERS}

    p, g = words(predicted), words(gold)
    return bool(p and g) and (p <= g or g <= p)


def score_collection(collection: dict[str, Any]) -> dict[str, Score]:
    articles = [
        Article(
            id=a["id"],
            origin=f"{collection['collection']}/{a['id']}",
            title=a["title"],
            text=a["text"],
            outlet=a["outlet"],
            published=_parse_when(a["published"]) if a.get("published") else None,
        )
        for a in collection["articles"]
    ]
    extracted = extract_articles(articles, workers=1)
    entities = resolve_entities(m for e in extracted for m in e.mentions)
    quotes = link_speakers([q for e in extracted for q in e.quotes], entities)
    entity_of = {
        (m.article_id, m.sentence_index, m.text): e.id for e in entities for m in e.mentions
    }
    scores: dict[str, Score] = defaultdict(Score)
    merge_items: dict[tuple[str, str], tuple[str, str]] = {}  # (article, form) -> (gold, pred)
    pred_to_gold: dict[str, Counter[str]] = defaultdict(Counter)
    gold_entities = collection["entities"]

    for gold_article, result in zip(collection["articles"], extracted, strict=True):
        amap = _ArticleMap(_normalised_text(gold_article["text"]), gold_article["sentences"])
        to_gold = _sentence_map(result, amap)
        gold_sentences = gold_article["sentences"]
        aid = result.article.id

        # ---------------------------------------------------------------- mentions
        predicted_mentions: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for m in result.mentions:
            g = to_gold.get(m.sentence_index)
            if g is not None:
                predicted_mentions[g].append(
                    (m.text, entity_of.get((aid, m.sentence_index, m.text), ""))
                )
        for g, sentence in enumerate(gold_sentences):
            gold_mentions = sentence.get("mentions", [])
            pool = list(predicted_mentions.get(g, []))
            for gm in gold_mentions:
                hit = next((p for p in pool if _norm(p[0]) == _norm(gm["text"])), None)
                if hit is None:
                    hit = next(
                        (
                            p
                            for p in pool
                            if name_tokens(p[0]) and name_tokens(p[0]) == name_tokens(gm["text"])
                        ),
                        None,
                    )
                if hit:
                    pool.remove(hit)
                    scores["mentions"].tp_r += 1
                    merge_items[(aid, gm["text"])] = (gm["entity"], hit[1])
                    pred_to_gold[hit[1]][gm["entity"]] += 1
                else:
                    scores["mentions"].misses.append(f"{aid}: {gm['text']}")
            scores["mentions"].gold += len(gold_mentions)
            n_pred = len(predicted_mentions.get(g, []))
            scores["mentions"].predicted += n_pred
            scores["mentions"].tp_p += n_pred - len(pool)
            scores["mentions"].false_alarms += [f"{aid}: {p[0]}" for p in pool]

        # ---------------------------------------------------------------- quantities
        predicted_q: dict[int, list[Any]] = defaultdict(list)
        for claim in result.claims:
            g = to_gold.get(claim.sentence_index)
            if g is not None:
                predicted_q[g].extend(claim.quantities)
        for g, sentence in enumerate(gold_sentences):
            gold_q = sentence.get("quantities", [])
            pool = list(predicted_q.get(g, []))
            subject_pool = list(pool)
            for gq in gold_q:
                value = float(gq["value"])
                hit = next((q for q in pool if abs(q.value - value) <= 1e-6 * max(1, value)), None)
                label = f"{aid}: {value:g} {gq.get('noun')} | {sentence['text'][:70]}"
                if hit:
                    pool.remove(hit)
                    scores["quantities"].tp_r += 1
                    scores["comparator"].gold += 1
                    scores["comparator"].predicted += 1
                    if (hit.comparator or None) == (gq.get("comparator") or None):
                        scores["comparator"].tp_p += 1
                        scores["comparator"].tp_r += 1
                    else:
                        scores["comparator"].misses.append(f"{label}: {hit.comparator}")
                    scores["kind and unit"].gold += 1
                    scores["kind and unit"].predicted += 1
                    if str(hit.kind) == gq.get("kind", "count") and (hit.unit or None) == (
                        gq.get("unit") or None
                    ):
                        scores["kind and unit"].tp_p += 1
                        scores["kind and unit"].tp_r += 1
                    else:
                        scores["kind and unit"].misses.append(f"{label}: {hit.kind}/{hit.unit}")
                else:
                    scores["quantities"].misses.append(label)
                subject = next(
                    (
                        q
                        for q in subject_pool
                        if abs(q.value - value) <= 1e-6 * max(1, value) and _same_subject(q, gq)
                    ),
                    None,
                )
                if subject:
                    subject_pool.remove(subject)
                    scores["quantity with subject"].tp_r += 1
                else:
                    near = [f"{q.value:g}/{q.noun}" for q in predicted_q.get(g, [])]
                    scores["quantity with subject"].misses.append(f"{label} (got {near})")
            n_pred = len(predicted_q.get(g, []))
            for key, remaining in (("quantities", pool), ("quantity with subject", subject_pool)):
                scores[key].gold += len(gold_q)
                scores[key].predicted += n_pred
                scores[key].tp_p += n_pred - len(remaining)
                scores[key].false_alarms += [
                    f"{aid}: {q.surface} {q.noun} | {sentence['text'][:70]}" for q in remaining
                ]

        # ---------------------------------------------------------------- times
        predicted_t: dict[int, list[Any]] = defaultdict(list)
        for claim in result.claims:
            g = to_gold.get(claim.sentence_index)
            if g is not None:
                predicted_t[g].extend(claim.times)
        for g, sentence in enumerate(gold_sentences):
            gold_t = sentence.get("times", [])
            pool = list(predicted_t.get(g, []))
            resolved_pool = list(pool)
            for gt in gold_t:

                def overlaps(t: Any, gt: dict[str, Any] = gt) -> bool:
                    a, b = t.text.lower(), gt["text"].lower()
                    shared = set(a.split()) & set(b.split()) - {"on", "in", "at", "the", "of"}
                    return a in b or b in a or bool(shared)

                hit = next((t for t in pool if overlaps(t)), None)
                label = f"{aid}: {gt['text']} | {sentence['text'][:60]}"
                if hit:
                    pool.remove(hit)
                    scores["times"].tp_r += 1
                else:
                    scores["times"].misses.append(label)
                start, end = _parse_when(gt["start"]), _parse_when(gt["end"])
                right = next(
                    (t for t in resolved_pool if overlaps(t) and t.start == start and t.end == end),
                    None,
                )
                if right:
                    resolved_pool.remove(right)
                    scores["times resolved"].tp_r += 1
                else:
                    got = [(t.text, t.start, t.end) for t in predicted_t.get(g, [])]
                    scores["times resolved"].misses.append(
                        f"{label} want {gt['start']}..{gt['end']} got {got}"
                    )
            n_pred = len(predicted_t.get(g, []))
            for key, remaining in (("times", pool), ("times resolved", resolved_pool)):
                scores[key].gold += len(gold_t)
                scores[key].predicted += n_pred
                scores[key].tp_p += n_pred - len(remaining)
                scores[key].false_alarms += [
                    f"{aid}: {t.text} | {sentence['text'][:60]}" for t in remaining
                ]

        # ---------------------------------------------------------------- attribution
        predicted_a = {to_gold.get(c.sentence_index): c.attribution for c in result.claims}
        for g, sentence in enumerate(gold_sentences):
            gold_a, pred_a = sentence.get("attribution"), predicted_a.get(g)
            s = scores["attribution"]
            s.gold += bool(gold_a)
            s.predicted += bool(pred_a)
            if _same_origin(pred_a, gold_a):
                s.tp_p += 1
                s.tp_r += 1
            else:
                if gold_a:
                    s.misses.append(f"{aid}: want {gold_a!r} got {pred_a!r} | {sentence['text']}")
                if pred_a:
                    s.false_alarms.append(f"{aid}: {pred_a!r} | {sentence['text'][:60]}")

        # ---------------------------------------------------------------- non-English
        s = scores["non-English paragraphs"]
        gold_foreign = gold_article.get("non_english", [])
        s.gold += len(gold_foreign)
        s.predicted += len(result.skipped)
        for passage in result.skipped:
            if any(_same_opening(passage.text, f) for f in gold_foreign):
                s.tp_p += 1
            else:
                s.false_alarms.append(f"{aid}: {passage.text[:60]}")
        for f in gold_foreign:
            if any(_same_opening(p.text, f) for p in result.skipped):
                s.tp_r += 1
            else:
                s.misses.append(f"{aid}: {f[:60]}")

    # -------------------------------------------------------------------- quotes
    gold_of_pred = {pid: votes.most_common(1)[0][0] for pid, votes in pred_to_gold.items() if pid}
    for gold_article, result in zip(collection["articles"], extracted, strict=True):
        amap = _ArticleMap(_normalised_text(gold_article["text"]), gold_article["sentences"])
        to_gold = _sentence_map(result, amap)
        aid = result.article.id
        article_quotes = [q for q in quotes if q.article_id == aid]
        covered = [
            (q, {to_gold.get(i) for i in q.sentence_indices} - {None}) for q in article_quotes
        ]
        used: set[int] = set()
        for g, sentence in enumerate(gold_article["sentences"]):
            for gq in sentence.get("quotes", []):
                scores["quotes"].gold += 1
                scores["quote speakers"].gold += 1
                who = gq.get("speaker") or gq.get("speaker_text")
                label = f"{aid}: {who} | {sentence['text'][:60]}"
                candidates = [
                    (i, q) for i, (q, gs) in enumerate(covered) if g in gs and i not in used
                ]
                if not candidates:
                    scores["quotes"].misses.append(label)
                    scores["quote speakers"].misses.append(label)
                    continue
                scores["quotes"].tp_r += 1

                def right(q: Any, gq: dict[str, Any] = gq) -> bool:
                    if gq.get("speaker"):
                        if q.speaker_id and gold_of_pred.get(q.speaker_id) == gq["speaker"]:
                            return True
                        forms = _gold_forms(collection, gq["speaker"])
                        return bool(q.speaker) and name_tokens(q.speaker) in forms
                    return _same_origin(q.speaker, gq.get("speaker_text"))

                good = next(((i, q) for i, q in candidates if right(q)), None)
                chosen = good or candidates[0]
                used.add(chosen[0])
                if good:
                    scores["quote speakers"].tp_r += 1
                else:
                    scores["quote speakers"].misses.append(f"{label} (got {chosen[1].speaker!r})")
        scores["quotes"].predicted += len(covered)
        scores["quote speakers"].predicted += len(covered)
        scores["quotes"].tp_p += len(used)
        # each gold quote with the right speaker used up exactly one predicted quote
        scores["quote speakers"].tp_p = scores["quote speakers"].tp_r
        for i, (q, _gs) in enumerate(covered):
            if i not in used:
                scores["quotes"].false_alarms.append(f"{aid}: {q.speaker!r}: {q.text[:60]}")

    # -------------------------------------------------------------------- entity merging
    items = list(merge_items.values())
    s = scores["entity merging"]
    for (g1, p1), (g2, p2) in itertools.combinations(items, 2):
        gold_same, pred_same = g1 == g2, bool(p1) and p1 == p2
        s.gold += gold_same
        s.predicted += pred_same
        if gold_same and pred_same:
            s.tp_p += 1
            s.tp_r += 1
    forms_by_pred: dict[str, set[str]] = defaultdict(set)
    for (_aid, form), (_gold, pred) in merge_items.items():
        forms_by_pred[pred].add(form)
    for gold_id in gold_entities:
        forms = {form for (_a, form), (g, _p) in merge_items.items() if g == gold_id}
        preds = {p for (_a, _f), (g, p) in merge_items.items() if g == gold_id}
        if len(preds) > 1:
            s.misses.append(f"{gold_id} split: {sorted(forms)}")
    for pred, forms in forms_by_pred.items():
        golds = {g for (_a, _f), (g, p) in merge_items.items() if p == pred}
        if len(golds) > 1:
            s.false_alarms.append(f"merged {sorted(golds)}: {sorted(forms)}")

    # -------------------------------------------------------------------- suspect forms
    s = scores["suspect spellings"]
    gold_suspects = {f for e in gold_entities.values() for f in e.get("suspect_forms", [])}
    predicted_suspects = {f for e in entities for f in e.suspect_forms}
    s.gold, s.predicted = len(gold_suspects), len(predicted_suspects)
    s.tp_p = s.tp_r = len(gold_suspects & predicted_suspects)
    s.misses += sorted(gold_suspects - predicted_suspects)
    s.false_alarms += sorted(predicted_suspects - gold_suspects)
    return scores


def _gold_forms(collection: dict[str, Any], entity_key: str) -> list[list[str]]:
    forms = {entity_key and collection["entities"][entity_key]["name"]}
    for article in collection["articles"]:
        for sentence in article["sentences"]:
            for m in sentence.get("mentions", []):
                if m["entity"] == entity_key:
                    forms.add(m["text"])
    return [name_tokens(f) for f in forms if f]


ORDER = [
    "mentions",
    "entity merging",
    "suspect spellings",
    "quantities",
    "quantity with subject",
    "comparator",
    "kind and unit",
    "times",
    "times resolved",
    "quotes",
    "quote speakers",
    "attribution",
    "non-English paragraphs",
]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    fixtures = Path(args[0]) if args else DEFAULT_FIXTURES
    if not fixtures.is_dir():
        print(f"extraction_quality: no fixtures at {fixtures}; nothing to measure")
        return 0
    started = time.perf_counter()
    report: dict[str, Any] = {
        "benchmark": "extraction_quality",
        "command": " ".join(["python bench/extraction_quality.py", *args]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "fixtures": str(fixtures.relative_to(ROOT) if fixtures.is_relative_to(ROOT) else fixtures),
        "goals_f1": GOALS,
        "splits": {},
    }
    for split_dir in sorted(p for p in fixtures.iterdir() if p.is_dir()):
        totals: dict[str, Score] = defaultdict(Score)
        sentences = 0
        files = sorted(split_dir.glob("*.json"))
        for path in files:
            collection = json.loads(path.read_text(encoding="utf-8"))
            sentences += sum(len(a["sentences"]) for a in collection["articles"])
            for key, score in score_collection(collection).items():
                totals[key].add(score)
        if not files:
            continue
        print(f"\n{split_dir.name}: {len(files)} collections, {sentences} annotated sentences")
        print(f"{'extractor':<24}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}")
        for key in ORDER:
            s = totals[key]
            flag = ""
            if key in GOALS:
                flag = "  goal met" if s.f1 >= GOALS[key] else f"  below goal {GOALS[key]}"
            print(
                f"{key:<24}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.gold:>7}{s.predicted:>7}{flag}"
            )
            if verbose:
                for line in s.misses[:40]:
                    print(f"    miss  {line}")
                for line in s.false_alarms[:40]:
                    print(f"    extra {line}")
        report["splits"][split_dir.name] = {
            "collections": len(files),
            "sentences": sentences,
            "scores": {key: totals[key].as_dict() for key in ORDER},
        }
    report["seconds"] = round(time.perf_counter() - started, 1)
    print()
    save(report, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
