"""Dev datasets: location, loading and the fixed hash split shared by train.py and eval.py.

The split is a pure function of each row's text (for BIPIA positives, of the injected
instruction, so the same attack never lands on both sides): SHA-256 of a salted canonical
form, one third to `eval`. Files without a permissive licence (Alpaca: CC BY-NC; Tensor
Trust: no licence) are evaluation-only: every row is `eval` and train.py never reads them.
"""

import hashlib
import json
import os
import random
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "AUTHORED_ATTACKS",
    "AUTHORED_BENIGN",
    "EVAL_ONLY",
    "TRAINABLE",
    "Row",
    "authored",
    "datasets_dir",
    "load",
    "split_of",
    "written_texts",
]

Row = dict[str, Any]
ROOT = Path(__file__).resolve().parent.parent
SALT = "agentguard-split-v1:"

PII_FILE = "pii_presidio_research_synth.jsonl"
SECRETS_FILE = "secrets_gitleaks_rule_samples.jsonl"
EVAL_ONLY = ("benign_alpaca_5000.jsonl", "injection_tensor_trust.jsonl")
TRAINABLE = (
    "injection_deepset_train.jsonl",
    "injection_gandalf_ignore_instructions.jsonl",
    "injection_mosscap_sample_noisy.jsonl",
    "injection_bipia_indirect_constructed.jsonl",
    "jailbreak_jackhhao_classification.jsonl",
    "jailbreak_jbb_artifacts.jsonl",
    "benign_jbb_behaviors.jsonl",
    "benign_xstest_safe.jsonl",
)


# Written by us for training only (never evaluated): hard-negative benign prompts and
# attack families the dev sets under-represent. See bench/data/README.md.
AUTHORED = ROOT / "bench" / "data"
AUTHORED_BENIGN = tuple(
    AUTHORED / f"authored_benign{n}.jsonl"
    for n in ("", "_2", "_3", "_4", "_5", "_6", "_7", "_8", "_9", "_10", "_11", "_12")
)
AUTHORED_ATTACKS = tuple(
    AUTHORED / f"authored_attacks{n}.jsonl" for n in ("", "_2", "_3", "_4", "_5", "_6", "_7", "_8")
)


def authored(paths: tuple[Path, ...]) -> list[Row]:
    """Every row of some of our own training files."""
    out: list[Row] = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            out.extend(json.loads(line) for line in handle if line.strip())
    return out


def written_texts(rng: random.Random) -> list[str]:
    """Every text we wrote (training prompts and documents, validator tuning rounds),
    shuffled by `rng`: real, varied input for the latency benchmarks."""
    paths = sorted(AUTHORED.glob("authored_*.jsonl"))
    # the web and shell rounds; the PII and secrets sets (dense in credentials, written in
    # the fifteenth session) stay out, so the figures compare with earlier sessions'
    paths += sorted((ROOT / "bench" / "validator").glob("tuning_[ab]*.jsonl"))
    texts = [row["text"] for row in authored(tuple(paths))]
    rng.shuffle(texts)
    return texts


def datasets_dir() -> Path:
    """`$AGENTGUARD_DATASETS`, else `../shared/datasets` next to the repository."""
    configured = os.environ.get("AGENTGUARD_DATASETS")
    found = Path(configured) if configured else (ROOT / ".." / "shared" / "datasets").resolve()
    if not found.is_dir():
        sys.exit(f"dev datasets not found at {found}; set AGENTGUARD_DATASETS=/path/to/datasets")
    return found


def load(name: str) -> list[Row]:
    """All rows of one JSONL file."""
    with (datasets_dir() / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def canonical(text: str) -> str:
    """The form the split hashes: NFKC, lower case, runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def split_of(name: str, row: Row) -> Literal["train", "eval"]:
    """Fixed, reproducible assignment of a row to train or eval."""
    if name in EVAL_ONLY or name not in TRAINABLE:
        return "eval"
    key = row.get("injected_text") or row["text"]
    digest = hashlib.sha256((SALT + canonical(key)).encode("utf-8")).digest()
    return "eval" if int.from_bytes(digest[:4], "big") % 3 == 0 else "train"


def rows(name: str, split: Literal["train", "eval"]) -> Iterator[Row]:
    """Rows of one file on one side of the split."""
    return (row for row in load(name) if split_of(name, row) == split)
