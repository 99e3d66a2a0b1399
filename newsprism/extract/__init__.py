"""Extract stage: sentences, entity mentions, quantities and attributions from each article.

One spaCy pass per paragraph gives all four; the results are plain
:class:`~newsprism.models.ExtractedArticle` records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from newsprism.extract._nlp import load_spacy
from newsprism.extract.attribution import find_attribution
from newsprism.extract.entities import ENTITY_LABELS, resolve_entities
from newsprism.extract.quantities import find_quantities, parse_number
from newsprism.extract.sentences import iter_sentence_spans, paragraphs
from newsprism.models import Article, Claim, ExtractedArticle, Mention, Sentence

__all__ = ["extract_articles", "parse_number", "resolve_entities"]


def extract_articles(
    articles: Sequence[Article], on_article: Callable[[Article], None] | None = None
) -> list[ExtractedArticle]:
    nlp = load_spacy()
    results: list[ExtractedArticle] = []
    for article in articles:
        docs = list(nlp.pipe(paragraphs(article.text), batch_size=64))
        sentences: list[Sentence] = []
        claims: list[Claim] = []
        mentions: list[Mention] = []
        for sentence, span in iter_sentence_spans(article, docs):
            sentence_mentions = tuple(
                Mention(_clean_mention(ent.text), ent.label_, article.id, sentence.index)
                for ent in span.ents
                if ent.label_ in ENTITY_LABELS and _clean_mention(ent.text)
            )
            sentences.append(sentence)
            mentions.extend(sentence_mentions)
            claims.append(
                Claim(
                    article_id=article.id,
                    sentence_index=sentence.index,
                    text=sentence.text,
                    quantities=tuple(find_quantities(span, sentence.index)),
                    mentions=sentence_mentions,
                    attribution=find_attribution(span),
                )
            )
        results.append(ExtractedArticle(article, sentences, claims, mentions))
        if on_article:
            on_article(article)
    return results


def _clean_mention(text: str) -> str:
    text = re.sub(r"['’]s$", "", " ".join(text.split()))
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return text.strip(" ,.;:\"'“”")
