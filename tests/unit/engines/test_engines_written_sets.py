"""PII and secrets against the tuning sets written for them (`bench/validator/tuning_pii.jsonl`,
`tuning_secrets.jsonl`): these tests keep their items caught and their look-alikes quiet.
The held-out sets in `bench/heldout/` are measured by `make eval`, never asserted here: a
test would be a place to tune on them."""

import json
from pathlib import Path
from typing import Any

from agentguard.engines import detect_pii, detect_secrets

SETS = Path(__file__).resolve().parents[3] / "bench" / "validator"


def _rows(pattern: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(SETS.glob(pattern)):
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def _spans(text: str, value: str) -> list[tuple[int, int]]:
    starts = []
    at = text.find(value)
    while at >= 0:
        starts.append((at, at + len(value)))
        at = text.find(value, at + len(value))
    return starts


def _covered(span: tuple[int, int], found: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in found)


def test_pii_tuning_set() -> None:
    missed, gold, quiet_broken, false = [], 0, 0, 0
    for row in _rows("tuning_pii*.jsonl"):
        text = row["text"]
        findings = detect_pii(text)
        for item in row["pii"]:
            typed = [(f.start, f.end) for f in findings if f.type == item["type"]]
            for span in _spans(text, item["value"]):
                gold += 1
                if not _covered(span, typed):
                    missed.append(item["value"])
        listed = [s for item in row["pii"] for s in _spans(text, item["value"])]
        false += sum(not _covered((f.start, f.end), listed) for f in findings)
        quiet_broken += not row["pii"] and bool(findings)
    assert gold > 580  # 592 items (6 written out) in the two rounds
    assert len(missed) <= 3, missed  # none when written
    # 5 when written: a speed of light, two golf scores, a lottery draw, an article in a
    # table whose header names it (`docs/engines.md`, PII)
    assert false <= 8
    assert quiet_broken <= 6  # 4 of 182 rows without PII


def test_secrets_tuning_set() -> None:
    missed, gold, quiet_broken, false = [], 0, 0, 0
    for row in _rows("tuning_secrets*.jsonl"):
        text = row["text"]
        found = [(f.start, f.end) for f in detect_secrets(text)]
        listed = [s for item in row["secrets"] for s in _spans(text, item["value"])]
        gold += len(listed)
        missed += [row["context"] for span in listed if not _covered(span, found)]
        false += sum(not _covered(span, listed) for span in found)
        quiet_broken += not row["secrets"] and bool(found)
    assert gold > 390
    # 6 of 396 when written: two Twilio account SIDs (identifiers, not credentials), a
    # password in prose ("Administrator / Sunflower_88!"), an Algolia and a Vonage key by
    # position, a password four words after "pw"
    assert len(missed) <= 9, missed
    assert false <= 5  # 3 when written: two Mapbox public tokens (pk.), a SealedSecret
    assert quiet_broken <= 3  # 2 of 180 rows without secrets
