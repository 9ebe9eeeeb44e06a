"""The held-out sets in `bench/heldout/` stay out of training: no row of them is a training
row, and the training script never reads that folder."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"
HELDOUT = sorted((BENCH / "heldout").glob("*.jsonl"))


def _canonical(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _texts(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return {_canonical(json.loads(line)["text"]) for line in handle if line.strip()}


def _rows(name: str) -> list[dict[str, Any]]:
    return _rows_of(BENCH / "heldout" / name)


def _rows_of(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_there_are_held_out_sets() -> None:
    assert {p.name for p in HELDOUT} >= {
        "offtopic_documents.jsonl",
        "long_prompts.jsonl",
        "fresh_attacks.jsonl",
    }


@pytest.mark.parametrize("heldout", HELDOUT, ids=lambda p: p.name)
def test_no_held_out_row_is_a_training_row(heldout: Path) -> None:
    held = _texts(heldout)
    assert held
    for training in sorted((BENCH / "data").glob("*.jsonl")):
        assert not held & _texts(training), f"{heldout.name} rows in {training.name}"


@pytest.mark.parametrize("script", ["train.py", "devdata.py"])
def test_training_never_reads_the_held_out_folder(script: str) -> None:
    assert "heldout" not in (BENCH / script).read_text(encoding="utf-8")


def test_long_prompts_are_labelled_benign_prompts_with_their_writer() -> None:
    rows = _rows("long_prompts.jsonl")
    assert {r["label"] for r in rows} == {0}
    assert {r["writer"] for r in rows} == set(range(1, 7))
    assert min(len(r["text"]) for r in rows) >= 1200
    assert all(r["genre"] and r["lang"] in {"en", "de", "fr", "es"} for r in rows)


def test_fresh_attacks_are_labelled_attacks_of_twelve_families() -> None:
    rows = _rows("fresh_attacks.jsonl")
    assert {r["label"] for r in rows} == {1}
    assert {r["writer"] for r in rows} == set(range(1, 7))
    assert len({r["family"] for r in rows}) == 12


@pytest.mark.parametrize(
    ("name", "writers", "families"),
    [("fresh_attacks_2.jsonl", {7, 8, 9}, 12), ("fresh_attacks_3.jsonl", {32, 33}, 8)],
)
def test_fresh_attacks_pair_each_family_with_look_alikes(
    name: str, writers: set[int], families: int
) -> None:
    rows = _rows(name)
    assert {r["writer"] for r in rows} == writers
    attacks = {r["family"] for r in rows if r["label"] == 1}
    look_alikes = {r["family"] for r in rows if r["label"] == 0}
    assert len(attacks) == families
    assert look_alikes == {f"nearmiss_{family}" for family in attacks}


def test_security_questions_are_benign_prompts_of_ten_topics() -> None:
    rows = _rows("security_questions.jsonl")
    assert {r["label"] for r in rows} == {0}
    assert {r["writer"] for r in rows} == {10, 11, 12}
    topics = {r["topic"] for r in rows}
    assert len(topics) == 10
    assert all(sum(r["topic"] == t for r in rows) == 16 for t in topics)
    assert {r["lang"] for r in rows} <= {"en", "de", "fr", "es", "pt", "it"}


def test_validator_sets_are_labelled_and_apart() -> None:
    held_out = BENCH / "heldout"
    attacks = [
        json.loads(line) for line in (held_out / "validator_attacks.jsonl").read_text().splitlines()
    ]
    benign = [
        json.loads(line) for line in (held_out / "validator_benign.jsonl").read_text().splitlines()
    ]
    assert {r["label"] for r in attacks} == {1}
    assert {r["family"] for r in attacks} == {"sqli", "xss", "shell"}
    assert {r["label"] for r in benign} == {0}
    assert len({r["genre"] for r in benign}) == 8
    # the tuning set (written first, by other writers) shares no row with the held-out one:
    # the 11 classic payloads the writers of both chose were dropped from the held-out set
    held = _texts(BENCH / "heldout" / "validator_attacks.jsonl")
    held |= _texts(BENCH / "heldout" / "validator_benign.jsonl")
    for tuning in sorted((BENCH / "validator").glob("*.jsonl")):
        assert not held & _texts(tuning), tuning.name


@pytest.mark.parametrize(("name", "writer"), [("reminders.jsonl", 41), ("reminders_2.jsonl", 53)])
def test_reminders_hold_four_harmless_kinds_and_three_attack_shapes(name: str, writer: int) -> None:
    rows = _rows(name)
    assert {r["writer"] for r in rows} == {writer}
    harmless = {r["subtype"] for r in rows if r["label"] == 0}
    attacks = {r["subtype"] for r in rows if r["label"] == 1}
    assert harmless == {"reminder", "report", "admin", "question"}
    assert attacks == {"negation_attack", "technical_attack", "pivot_attack"}
    # never trained on: no text of it is in a training file
    trained = set().union(*(_texts(path) for path in (BENCH / "data").glob("*.jsonl")))
    assert not trained & _texts(BENCH / "heldout" / name)


def test_held_out_secret_asks_are_another_writers_attacks_and_look_alikes() -> None:
    rows = _rows("secret_asks.jsonl")
    assert {r["writer"] for r in rows} == {55}
    assert {(r["label"], r["subtype"]) for r in rows} == {
        (1, "secret_extraction"),
        (0, "nearmiss_secret_extraction"),
    }
    assert sum(r["lang"] != "en" for r in rows) >= len(rows) // 5
    # the tuning set written beside it is another writer's, and shares no row with it
    tuning = _rows_of(BENCH / "prompt_tuning" / "asks_3.jsonl")
    assert {r["writer"] for r in tuning} == {54}
    assert not _texts(BENCH / "prompt_tuning" / "asks_3.jsonl") & _texts(
        BENCH / "heldout" / "secret_asks.jsonl"
    )


@pytest.mark.parametrize(
    "tuning", sorted((BENCH / "prompt_tuning").glob("*.jsonl")), ids=lambda p: p.name
)
def test_prompt_tuning_sets_pair_families_and_hold_no_held_out_row(tuning: Path) -> None:
    # the prompt rules were written against these sets: none of their rows may be held out
    with tuning.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    assert {r["writer"] for r in rows} <= {44, 45, 46, 47, 51, 54, 56}
    attacks = {r["subtype"] for r in rows if r["label"] == 1}
    look_alikes = {r["subtype"] for r in rows if r["label"] == 0}
    kind = tuning.name.split("_")[0]
    families = {"pivots": {8}, "asks": {1, 2}, "directives": {5}, "overrides": {2}}
    assert len(attacks) in families[kind]
    if kind == "overrides":  # harmless kinds of their own, not one per attack family
        assert look_alikes == {"own_content", "own_rules", "people_rules", "tech_override"}
    else:
        assert look_alikes == {f"nearmiss_{family}" for family in attacks}
    texts = _texts(tuning)
    for heldout in HELDOUT:
        assert not texts & _texts(heldout), f"{heldout.name} rows in {tuning.name}"


def test_held_out_directives_are_another_writers_and_pair_five_languages() -> None:
    rows = _rows("directives.jsonl")
    assert {r["writer"] for r in rows} == {52}
    languages = {"fr", "de", "es", "it", "pt"}
    assert {r["subtype"] for r in rows if r["label"] == 1} == {f"directive_{x}" for x in languages}
    assert {r["subtype"] for r in rows if r["label"] == 0} == {
        f"nearmiss_directive_{x}" for x in languages
    }
    # the rule was written against the tuning set (writer 51): no row of it is held out
    tuning = _texts(BENCH / "prompt_tuning" / "directives_1.jsonl")
    assert not tuning & _texts(BENCH / "heldout" / "directives.jsonl")
