"""The built-in learned judge: shipped weights, real verdicts on plain pairs, slot features."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from newsprism.errors import ModelError
from newsprism.models import Stance
from newsprism.nli.features import SLOT_FEATURES, figures, slot_features
from newsprism.nli.learned import WEIGHTS, LearnedJudge, load_network, model_card


def slot(premise: str, hypothesis: str, name: str) -> float:
    return float(slot_features(premise, hypothesis)[SLOT_FEATURES.index(name)])


@pytest.fixture(scope="module")
def judge() -> LearnedJudge:
    return LearnedJudge()


def test_shipped_weights_load_with_their_model_card() -> None:
    network = load_network()
    assert set(network.classes) == {s.value for s in Stance}
    assert WEIGHTS.stat().st_size < 2 * 1024 * 1024
    card = model_card()
    assert card["model"] == "learned judge"
    assert card["data"]["files"]["train_stances.csv"]["sha256"]
    assert "competition_test" not in str(card["data"]["files"])
    assert card["held_out_metrics"]["accuracy"] > 0.7


@pytest.mark.parametrize(
    ("premise", "hypothesis", "expected"),
    [
        ("Two people died in the fire.", "Three people died in the fire.", Stance.CONTRADICT),
        (
            "The minister confirmed the agreement on Monday.",
            "The minister did not confirm the agreement on Monday.",
            Stance.CONTRADICT,
        ),
        ("The council banned the march.", "The council allowed the march.", Stance.CONTRADICT),
        (
            "The company reported a profit of 4.2 million dollars last year.",
            "Last year the firm made a profit of about 4 million dollars.",
            Stance.AGREE,
        ),
        (
            "Floods forced more than 300 families from their homes in the valley.",
            "Nearly 400 families were forced from their homes by floods in the valley.",
            Stance.AGREE,
        ),
        (
            "Police arrested a man after the shooting in the city centre.",
            "A man was arrested by police following the shooting in the city centre.",
            Stance.AGREE,
        ),
        (
            "The council banned the march.",
            "Apple unveiled a new phone with a larger battery.",
            Stance.UNRELATED,
        ),
    ],
)
def test_obvious_pairs(
    judge: LearnedJudge, premise: str, hypothesis: str, expected: Stance
) -> None:
    (verdict,) = judge.judge([(premise, hypothesis)])
    assert verdict.stance is expected, verdict
    assert verdict.decided_by == "learned judge"
    assert verdict.confidence == pytest.approx(verdict.probabilities[expected.value], abs=1e-3)
    assert sum(verdict.probabilities.values()) == pytest.approx(1.0, abs=1e-3)


def test_vectors_given_are_used_and_fast(judge: LearnedJudge) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(1000, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs = [
        (f"{i} people were hurt in town {i}.", f"Council number {i} met today.") for i in range(500)
    ]
    given = [(vectors[2 * i], vectors[2 * i + 1]) for i in range(500)]
    started = time.perf_counter()
    verdicts = judge.judge(pairs, given)
    elapsed = time.perf_counter() - started
    assert len(verdicts) == 500
    assert elapsed < 1.0  # about 0.1 s on two cores; generous for a loaded machine
    with pytest.raises(ValueError):
        judge.judge(pairs[:2], given[:1])
    assert judge.judge([], []) == []


def test_slot_features_find_numbers_negation_antonyms_names_dates() -> None:
    assert slot("Two people died.", "Three people died.", "figure_conflict") == 1
    assert slot("1,200 were evacuated.", "About 1,200 were evacuated.", "figure_conflict") == 0
    assert slot("4 million people voted.", "4.2 million people voted.", "figure_compatible") == 1
    assert (
        slot("More than 300 homes flooded.", "Almost 400 homes flooded.", "figure_compatible") == 1
    )
    assert slot("Police found the body.", "Police did not find the body.", "negation_mismatch") == 1
    assert slot("He hasn't resigned.", "He has not resigned.", "negation_mismatch") == 0
    assert slot("The council banned the march.", "The council allowed it.", "antonym_flip") == 1
    assert slot("Prices rose sharply.", "Prices fell sharply.", "antonym_flip") == 1
    assert slot("John Smith won.", "Peter Jones won.", "name_swap") == 1
    assert slot("It happened on Monday.", "It happened on Tuesday.", "date_conflict") == 1
    assert slot("The story is a hoax.", "The story is true.", "refuting_mismatch") == 1
    assert [f.value for f in figures("between 30 and 40 people, $5m, 2014")] == [35.0, 5e6]


def test_missing_or_corrupt_weights_raise_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        LearnedJudge(weights=tmp_path / "absent.npz")
    corrupt = tmp_path / "judge.npz"
    corrupt.write_bytes(b"this is not a zip archive")
    with pytest.raises(ModelError, match="cannot be read"):
        LearnedJudge(weights=corrupt)
    partial = tmp_path / "partial.npz"
    np.savez(partial, mean=np.zeros(3))
    with pytest.raises(ModelError):
        LearnedJudge(weights=partial)
