"""Alignment: blocking keeps the work far below all pairs, and groups still form."""

from __future__ import annotations

import numpy as np

from newsprism.align import average_linkage, blocking_keys, candidate_pairs, group_claims
from newsprism.models import Claim, Quantity


def test_blocking_scores_a_small_share_of_all_pairs_in_a_large_story() -> None:
    rng = np.random.default_rng(0)
    topics = rng.standard_normal((300, 384))
    # 300 distinct claims, each reported by 4 outlets with small wording noise
    vectors = np.repeat(topics, 4, axis=0) + 0.25 * rng.standard_normal((1200, 384))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    keys = [{f"w:topic{i // 4}", f"w:common{i % 7}", "e:dravsk"} for i in range(1200)]
    pairs = candidate_pairs(keys, vectors.astype(np.float32))
    all_pairs = 1200 * 1199 // 2
    assert len(pairs) < 0.05 * all_pairs
    same_topic = {(i, j) for i in range(1200) for j in range(i + 1, 1200) if i // 4 == j // 4}
    assert len(same_topic & pairs) / len(same_topic) > 0.95
    clusters = average_linkage(vectors.astype(np.float32), pairs, 0.7)
    assert len(clusters) == 300
    assert all(len({i // 4 for i in cluster}) == 1 for cluster in clusters)


def test_average_linkage_does_not_chain_dissimilar_claims() -> None:
    a, b = np.eye(3, dtype=np.float32)[0], np.eye(3, dtype=np.float32)[1]
    middle = (a + b) / np.linalg.norm(a + b)
    matrix = np.stack([a, middle, b])
    clusters = average_linkage(matrix, {(0, 1), (1, 2), (0, 2)}, 0.7)
    # a~middle and middle~b are both 0.707, but a and b are orthogonal: no chain of three
    assert sorted(len(c) for c in clusters) == [1, 2]


def test_blocking_keys_name_entities_figures_and_rare_words() -> None:
    quantity = Quantity("17", 17, 17, 17, None, "people taken to hospital", "person", 0)
    claim = Claim("a", 0, "Another 17 people were taken to hospital on Tuesday.", (quantity,))
    keys = blocking_keys(claim, ["ent-1"])
    assert {"e:ent-1", "q:person:count", "w:hospit"} <= keys
    assert "w:were" not in keys and "w:anothe" in keys


def test_paraphrases_group_and_other_claims_stay_apart(embedder) -> None:  # type: ignore[no-untyped-def]
    texts = {
        "a": "Schools in Dravsk were closed until further notice after the flood.",
        "b": "All schools in Dravsk have been shut until further notice because of the flood.",
        "c": "The national bank held its key interest rate at 9.5 percent on Tuesday.",
    }
    claims = [Claim(article, 0, text) for article, text in texts.items()]
    vectors = dict(zip([c.key for c in claims], embedder.encode(list(texts.values())), strict=True))
    groups = group_claims(claims, vectors, {"a": "1", "b": "2", "c": "3"})
    assert [sorted(c.article_id for c in g.claims) for g in groups] == [["a", "b"], ["c"]]
    assert groups[0].independent_sources == 2
