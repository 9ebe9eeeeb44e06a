"""Detection on a source the classifier never saw (`make eval-sources`).

The held-out evaluation sets come from other sources than the dev sets, so the per-file
figures of `make eval`, measured on files whose other rows trained the model, are an
upper bound. Here each trainable dev file in turn is left out of training entirely: the
three heads are retrained without any of its rows (the shipped loss and C, one CV shuffle
for the thresholds instead of three), and the whole engine (`scan_input`: rules,
decoding, classifier) judges that file's evaluation rows. The table sets recall and
benign block rate beside those of the shipped model on the same rows.

Our own training files (`bench/data/`) stay in every run. Some of their families were
written after reading what the dev sets hold (password games, task switches, see their
README), so a left-out source is not as unseen as a new one: these figures are still
optimistic, only less so than `make eval`'s.
"""

import argparse
import contextlib
import io
import json
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np

from agentguard.contracts import Decision, Provenance
from agentguard.engines import injection, scan_input
from agentguard.engines.classifier import ARTIFACT, Head, heads_from

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devdata
import train


def shipped_fits() -> dict[str, train.Candidate]:
    """The loss and C `make train` picked for each head of the shipped artifact."""
    source = resources.files("agentguard.engines").joinpath("data", ARTIFACT)
    with source.open("rb") as handle, np.load(handle) as data:
        fits = {
            key.removesuffix("_fit"): str(data[key]) for key in data.files if key.endswith("_fit")
        }
    if not fits:
        raise SystemExit("the shipped artifact does not record its fits: run `make train`")
    return {name: (fit.split(":")[0], float(fit.split(":")[1])) for name, fit in fits.items()}


SHIPPED_FITS = shipped_fits()
INDIRECT_FILES = {train.BIPIA}
Figures = dict[str, Any]


def _without(left_out: str) -> None:
    """Make every training-side read of `left_out` come back empty (in this process)."""
    real = devdata.rows

    def rows(name: str, split: Literal["train", "eval"]) -> Iterator[devdata.Row]:
        if name == left_out and split == "train":
            return iter(())
        return real(name, split)

    devdata.rows = rows  # train.py reads through the module, so it sees this too
    train.CV_SEEDS = (0,)


def _heads() -> dict[str, Head]:
    """The three heads trained as `make train` trains them, with the shipped fits."""
    return heads_from(train.train_heads({name: (fit,) for name, fit in SHIPPED_FITS.items()}))


def _judge(name: str) -> Figures:
    """Attacks blocked and benign rows blocked on the file's evaluation rows."""
    provenance = Provenance.RETRIEVED_DOCUMENT if name in INDIRECT_FILES else Provenance.USER
    counts = {"pos": 0, "pos_block": 0, "neg": 0, "neg_block": 0}
    for row in devdata.rows(name, "eval"):
        kind = "pos" if row["label"] == 1 else "neg"
        counts[kind] += 1
        if scan_input(row["text"], provenance).decision is Decision.BLOCK:
            counts[f"{kind}_block"] += 1
    return counts


def held_out(name: str) -> Figures:
    """Shipped and left-out figures for one file (run in a worker process)."""
    started = time.perf_counter()
    shipped = _judge(name)
    _without(name)
    with contextlib.redirect_stdout(io.StringIO()):  # train.py's progress lines
        heads = _heads()
    injection.load_heads = lambda: heads  # the engine reads its heads through this name
    return {
        "file": name,
        "shipped": shipped,
        "left_out": _judge(name),
        "seconds": round(time.perf_counter() - started),
    }


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


def main() -> None:
    """Retrain without each file in turn and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="files retrained at once")
    parser.add_argument("--only", nargs="*", help="file names to leave out (default: all)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    names = args.only or list(devdata.TRAINABLE)
    started = time.perf_counter()
    # one file per process: a run patches the module state it trains and judges with
    with ProcessPoolExecutor(max_workers=args.jobs, max_tasks_per_child=1) as pool:
        results = list(pool.map(held_out, names))
    print("# Each dev file left out of training (evaluation rows; shipped model → left out)\n")
    print("| file | attacks | recall | benign | benign blocked |")
    print("|---|---:|---:|---:|---:|")
    for result in results:
        s, o = result["shipped"], result["left_out"]
        recall = f"{_rate(s['pos_block'], s['pos'])} → **{_rate(o['pos_block'], o['pos'])}**"
        benign = f"{_rate(s['neg_block'], s['neg'])} → **{_rate(o['neg_block'], o['neg'])}**"
        print(
            f"| {result['file']} | {s['pos']} | {recall if s['pos'] else 'n/a'} | "
            f"{s['neg']} | {benign if s['neg'] else 'n/a'} |"
        )
    print(f"\n(took {time.perf_counter() - started:.0f}s with {args.jobs} jobs)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
