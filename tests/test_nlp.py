"""The sped-up spaCy pipeline annotates exactly like the model as packaged."""

from __future__ import annotations

from pathlib import Path

from newsprism.extract._nlp import FAST_RULER, load_spacy, load_stock_spacy
from newsprism.extract.sentences import paragraphs

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "dravsk-flood"


def test_fast_pipeline_gives_identical_annotations() -> None:
    texts = [
        p
        for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md"))
        for p in paragraphs(path.read_text(encoding="utf-8"))
    ]
    texts += [
        "Y'all gonna see it: there's 300 homes gone, ain't it?",
        "Let's go. He gets it; she got it. C'mon, they're here.",
        "THE MAYOR SAID 40 PEOPLE WERE HURT.",
    ]
    fast = load_spacy()
    assert FAST_RULER in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    stock = load_stock_spacy()
    compared = 0
    for slow_doc, fast_doc in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        for a, b in zip(slow_doc, fast_doc, strict=True):
            assert (a.tag_, a.pos_, a.lemma_, str(a.morph), a.dep_, a.head.i, a.ent_type_) == (
                b.tag_, b.pos_, b.lemma_, str(b.morph), b.dep_, b.head.i, b.ent_type_,
            ), (a.text, a.sent.text)  # fmt: skip
            compared += 1
    assert compared > 700
