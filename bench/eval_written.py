"""PII and secrets on texts we had written (`make eval`): a tuning set and a held-out set each.

The dev files are one source per detector (presidio-research's synthetic sentences,
gitleaks' rule samples) and their rules were tuned while reading them. These sets were
written by other hands from a brief (formats, genres, look-alikes; `bench/validator/README.md`
and `bench/heldout/README.md` say who and how): the rules may be tuned on the first
(`bench/validator/tuning_pii.jsonl`, `tuning_secrets.jsonl`), never on the second
(`bench/heldout/pii.jsonl`, `secrets.jsonl`).

Each row lists its items by value (`pii`: type and value; `secrets`: kind and value), and a
value counts wherever it occurs in the text. An item is caught when a finding of its type
(PII) or any secrets finding overlaps it; a finding that overlaps no item is a false alarm.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import devdata
from detect_secrets.core.scan import scan_line
from detect_secrets.settings import default_settings

from agentguard.engines import detect_pii, detect_secrets

__all__ = ["pct", "pii_sets", "secret_sets", "type_table"]

ROOT = Path(__file__).resolve().parent
SETS = {
    "tuning": ROOT / "validator",
    "held-out": ROOT / "heldout",
}
PII_FILES = {"tuning": "tuning_pii*.jsonl", "held-out": "pii.jsonl"}
# the second held-out set was written after the eighteenth session's rules, by a writer
# briefed for places scanners rarely read; its rows were never read while writing rules
SECRET_SETS = {
    "tuning": (SETS["tuning"], "tuning_secrets*.jsonl"),
    "held-out": (SETS["held-out"], "secrets.jsonl"),
    "held-out, second writer": (SETS["held-out"], "secrets_2.jsonl"),
}
PII_TYPES = ("EMAIL", "PHONE", "US_SSN", "CREDIT_CARD", "IBAN", "IP_ADDRESS")
Figures = dict[str, Any]
Span = tuple[int, int]


def _rows(folder: Path, pattern: str) -> list[dict[str, Any]]:
    """Every row of the files in `folder` that match `pattern`, in file order."""
    return devdata.authored(tuple(sorted(folder.glob(pattern))))


def _occurrences(text: str, value: str) -> list[Span]:
    spans: list[Span] = []
    at = text.find(value)
    while at >= 0 and value:
        spans.append((at, at + len(value)))
        at = text.find(value, at + len(value))
    return spans


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def pct(part: int, whole: int) -> str:
    """`part / whole` to three places, or n/a."""
    return f"{part / whole:.3f}" if whole else "n/a"


def type_table(
    stats: Mapping[str, Counter[str]], kinds: Iterable[str], total: str
) -> dict[str, Any]:
    """Print recall, precision and exact-span F1 per PII type and in total (`gold`, `hit`,
    `exact`, `pred`, `pred_ok` counts); the same figures, per type and under `total`."""
    print("| type | gold | recall | predicted | precision | exact-span F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    table: dict[str, Any] = {}
    sums: Counter[str] = Counter()
    for kind in kinds:
        c = stats.get(kind, Counter())
        sums.update(c)
        f1 = 2 * c["exact"] / (c["gold"] + c["pred"]) if c["gold"] + c["pred"] else 0.0
        table[kind] = {**c, "f1": f1}
        print(
            f"| {kind} | {c['gold']} | {pct(c['hit'], c['gold'])} | {c['pred']} | "
            f"{pct(c['pred_ok'], c['pred'])} | {f1:.3f} |"
        )
    f1 = 2 * sums["exact"] / (sums["gold"] + sums["pred"]) if sums["gold"] + sums["pred"] else 0.0
    print(
        f"| **{total}** | {sums['gold']} | **{pct(sums['hit'], sums['gold'])}** | "
        f"{sums['pred']} | **{pct(sums['pred_ok'], sums['pred'])}** | {f1:.3f} |"
    )
    table["all"] = {**sums, "f1": f1}
    return table


def _pii_counts(rows: Iterable[dict[str, Any]]) -> dict[str, Counter[str]]:
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        text = row["text"]
        gold: list[tuple[Span, str, bool]] = []
        for item in row["pii"]:
            obfuscated = item.get("note") == "obfuscated"
            gold.extend(
                (span, item["type"], obfuscated) for span in _occurrences(text, item["value"])
            )
        found = [((f.start, f.end), f.type) for f in detect_pii(text)]
        for span, kind, obfuscated in gold:
            c = stats["obfuscated" if obfuscated else kind]
            c["gold"] += 1
            c["hit"] += any(t == kind and _overlaps(span, s) for s, t in found)
            c["exact"] += (span, kind) in found
        for span, kind in found:
            if any(o and _overlaps(span, s) for s, _t, o in gold):
                continue  # counted with the obfuscated items
            c = stats[kind]
            c["pred"] += 1
            c["pred_ok"] += any(t == kind and _overlaps(span, s) for s, t, _o in gold)
        rows_key = "neg_rows" if not row["pii"] else "pos_rows"
        stats["rows"][rows_key] += 1
        stats["rows"][f"{rows_key}_flagged"] += bool(found)
        stats["rows"][f"{rows_key}_false"] += any(
            not any(_overlaps(span, s) for s, _t, _o in gold) for span, _k in found
        )
    return stats


def pii_sets() -> Figures:
    """Per set and core type: recall, precision, exact-span F1; rows with no PII flagged."""
    figures: Figures = {}
    for name, folder in SETS.items():
        path = folder / PII_FILES[name]
        stats = _pii_counts(_rows(folder, PII_FILES[name]))
        rows = stats.pop("rows")
        obfuscated = stats.pop("obfuscated", Counter())
        print(f"\n## PII, written set: {name} (`{path.relative_to(ROOT.parent)}`)\n")
        table = type_table(stats, PII_TYPES, "all")
        print(
            f"\nRows without core PII flagged: {rows['neg_rows_flagged']}/{rows['neg_rows']} "
            f"= **{pct(rows['neg_rows_flagged'], rows['neg_rows'])}**; rows with PII and a "
            f"finding on something else: {rows['pos_rows_false']}/{rows['pos_rows']}; "
            f"obfuscated items (`jane at example dot com`, not counted above) caught: "
            f"{obfuscated['hit']}/{obfuscated['gold']}."
        )
        table["rows"] = dict(rows)
        table["obfuscated"] = dict(obfuscated)
        figures[name] = table
    return figures


def _detect_secrets_tool(text: str) -> list[str]:
    """The lines detect-secrets flags (its default plugins, line by line, as its CLI does)."""
    with default_settings():
        return [line for line in text.splitlines() if any(True for _ in scan_line(line))]


def _secret_counts(rows: Iterable[dict[str, Any]]) -> Counter[str]:
    c: Counter[str] = Counter()
    for row in rows:
        text = row["text"]
        gold = [span for item in row["secrets"] for span in _occurrences(text, item["value"])]
        found = [(f.start, f.end) for f in detect_secrets(text)]
        kind = "pos" if row["secrets"] else "neg"
        c[kind] += 1
        c[f"{kind}_flagged"] += bool(found)
        c[f"{kind}_false"] += any(not any(_overlaps(s, g) for g in gold) for s in found)
        c["items"] += len(gold)
        c["items_hit"] += sum(any(_overlaps(g, s) for s in found) for g in gold)
        c["findings"] += len(found)
        c["findings_ok"] += sum(any(_overlaps(s, g) for g in gold) for s in found)
        c[f"{kind}_ds"] += bool(_detect_secrets_tool(text))
    return c


def secret_sets() -> Figures:
    """Per set: rows with secrets caught, values caught, rows without secrets flagged;
    detect-secrets on the same rows."""
    figures: Figures = {}
    for name, (folder, pattern) in SECRET_SETS.items():
        path = folder / pattern
        c = _secret_counts(_rows(folder, pattern))
        print(f"\n## Secrets, written set: {name} (`{path.relative_to(ROOT.parent)}`)\n")
        print(
            f"| detector | rows with secrets caught ({c['pos']}) | "
            f"rows without secrets flagged ({c['neg']}) |"
        )
        print("|---|---:|---:|")
        print(
            f"| agentguard | **{pct(c['pos_flagged'], c['pos'])}** | "
            f"**{pct(c['neg_flagged'], c['neg'])}** |"
        )
        print(
            f"| detect-secrets (default plugins) | {pct(c['pos_ds'], c['pos'])} | "
            f"{pct(c['neg_ds'], c['neg'])} |"
        )
        print(
            f"\nValues caught: {c['items_hit']}/{c['items']} = "
            f"**{pct(c['items_hit'], c['items'])}**; findings on a listed value: "
            f"{c['findings_ok']}/{c['findings']} = {pct(c['findings_ok'], c['findings'])} "
            f"(rows with secrets that also had a finding elsewhere: {c['pos_false']})."
        )
        figures[name] = dict(c)
    return figures
