"""Detection quality on the dev datasets (`make eval`), through `agentguard.engines.scan_input`.

Reports, on the evaluation side of the fixed hash split (devdata.py; evaluation-only files
in full): per file and in total, attack recall (blocked) and the benign block rate (a benign
text blocked for any reason; sanitize is reported apart); the obfuscation suite; PII recall,
false alarms and span F1 for the core types; secrets recall and false alarms on gitleaks'
samples, side by side with detect-secrets; PII and secrets on sets written for us, one
tuned on and one held out (`eval_written.py`); and our own held-out sets
(`bench/heldout/`, never trained on). `--json PATH` also writes the figures.
"""

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from detect_secrets.core.scan import scan_line
from detect_secrets.settings import default_settings

from agentguard.contracts import Decision, Provenance
from agentguard.engines import EnginePolicy, detect_pii, detect_secrets, scan_input
from agentguard.engines.api import blocking

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devdata
from eval_written import pct, pii_sets, secret_sets, type_table
from obfuscate import TRANSFORMS

PROMPT_FILES = (*devdata.TRAINABLE, *devdata.EVAL_ONLY)
INDIRECT_FILES = {"injection_bipia_indirect_constructed.jsonl"}
NOISY_FILES = {"injection_mosscap_sample_noisy.jsonl"}
PII_FILE = "pii_presidio_research_synth.jsonl"
SECRETS_FILE = "secrets_gitleaks_rule_samples.jsonl"
CORE_PII = {
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "US_SSN": "US_SSN",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP_ADDRESS",
}
OBFUSCATION_SAMPLE = 150
ROOT = Path(__file__).resolve().parent
HELDOUT = ROOT / "heldout"
PROMPT_TUNING = ROOT / "prompt_tuning"  # the prompt rules were written against these
POLICY = EnginePolicy()  # the default policy, as `scan_input` applies it
Figures = dict[str, Any]


def prompts() -> tuple[Figures, list[str]]:
    """Attack recall and benign block rate per file; detected attacks for the obfuscation suite."""
    table: Figures = {}
    detected: list[str] = []
    totals: Counter[str] = Counter()
    print("\n## Prompt injection / jailbreak (eval split)\n")
    print("| file | attacks | recall | benign | blocked | block rate | sanitized |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in PROMPT_FILES:
        provenance = Provenance.RETRIEVED_DOCUMENT if name in INDIRECT_FILES else Provenance.USER
        c: Counter[str] = Counter()
        for row in devdata.rows(name, "eval"):
            decision = scan_input(row["text"], provenance).decision
            kind = "pos" if row["label"] == 1 else "neg"
            c[kind] += 1
            c[f"{kind}_{decision.value}"] += 1
            if kind == "pos" and decision is Decision.BLOCK and name not in INDIRECT_FILES:
                detected.append(row["text"])
        table[name] = dict(c)
        for key, value in c.items():
            totals[key] += value
            if name not in NOISY_FILES:
                totals[f"clean_{key}"] += value
        print(
            f"| {name} | {c['pos']} | {pct(c['pos_block'], c['pos'])} | {c['neg']} | "
            f"{c['neg_block']} | {pct(c['neg_block'], c['neg'])} | {c['neg_sanitize']} |"
        )
    t = totals
    print(
        f"| **total** | {t['pos']} | **{pct(t['pos_block'], t['pos'])}** | {t['neg']} | "
        f"{t['neg_block']} | **{pct(t['neg_block'], t['neg'])}** | {t['neg_sanitize']} |"
    )
    print(
        f"| total without noisy Mosscap | {t['clean_pos']} | "
        f"{pct(t['clean_pos_block'], t['clean_pos'])} | | | | |"
    )
    table["total"] = dict(totals)
    return table, detected


def _stable_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def obfuscation(detected: list[str]) -> Figures:
    """Recall on attacks (detected in plain form) rewritten eleven ways.

    The sample is the detected attacks with the smallest hashes, and each rewrite draws
    from a generator seeded by its text and transform: an attack stays in the suite, with
    the same rewrites, when a change makes the engines detect others (drawn from the list,
    one newly detected attack reshuffled the whole suite and moved recall by a point)."""
    base = sorted((t for t in detected if len(t) <= 2000), key=_stable_key)[:OBFUSCATION_SAMPLE]
    table: Figures = {}
    caught_all = total_all = 0
    print(f"\n## Obfuscation suite ({len(base)} attacks blocked in plain form, eval split)\n")
    print("| transform | recall |")
    print("|---|---:|")
    for name, transform in TRANSFORMS.items():
        caught = sum(
            scan_input(transform(text, random.Random(f"{name}:{_stable_key(text)}"))).decision
            is Decision.BLOCK
            for text in base
        )
        table[name] = caught / len(base)
        caught_all += caught
        total_all += len(base)
        print(f"| {name} | {pct(caught, len(base))} |")
    print(f"| **all** | **{pct(caught_all, total_all)}** |")
    table["all"] = caught_all / total_all
    return table


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def pii() -> Figures:
    """Recall / precision / exact-span F1 per core type on presidio; false alarms on benign."""
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for row in devdata.load(PII_FILE):
        gold = [(s, e, CORE_PII[t]) for s, e, t in row["spans"] if t in CORE_PII]
        other = [(s, e) for s, e, t in row["spans"] if t not in CORE_PII]
        found = [(f.start, f.end, f.type) for f in detect_pii(row["text"])]
        for s, e, t in gold:
            c = stats[t]
            c["gold"] += 1
            c["hit"] += any(ft == t and _overlaps((s, e), (fs, fe)) for fs, fe, ft in found)
            c["exact"] += (s, e, t) in found
        for s, e, t in found:
            c = stats[t]
            c["pred"] += 1
            c["pred_ok"] += any(gt == t and _overlaps((s, e), (gs, ge)) for gs, ge, gt in gold)
            c["pred_other"] += any(_overlaps((s, e), o) for o in other)
    print("\n## PII, core types (presidio-research synthetic, all rows)\n")
    table = type_table(stats, sorted(stats), "all core")
    benign: Counter[str] = Counter()
    for name in (
        "benign_alpaca_5000.jsonl",
        "benign_xstest_safe.jsonl",
        "benign_jbb_behaviors.jsonl",
        "injection_deepset_train.jsonl",
        "jailbreak_jackhhao_classification.jsonl",
    ):
        for row in devdata.load(name):
            if row["label"] != 0:
                continue
            key = "pii_like" if row.get("pii_like") else "plain"
            benign[key] += 1
            benign[f"{key}_flagged"] += bool(detect_pii(row["text"]))
    print(
        f"\nBenign texts flagged for PII: {benign['plain_flagged']}/{benign['plain']} = "
        f"**{pct(benign['plain_flagged'], benign['plain'])}** (texts a rough regex marked "
        f"`pii_like` excluded; on those: {benign['pii_like_flagged']}/{benign['pii_like']})."
    )
    table["benign"] = dict(benign)
    return table


def _detect_secrets_tool(text: str) -> bool:
    with default_settings():
        return any(any(True for _ in scan_line(line)) for line in text.splitlines())


def secrets() -> Figures:
    """Recall on gitleaks positives, false alarms on its negatives; detect-secrets alongside."""
    c: Counter[str] = Counter()
    for row in devdata.load(SECRETS_FILE):
        kind = "pos" if row["label"] == 1 else "neg"
        found = detect_secrets(row["text"])
        c[kind] += 1
        c[f"{kind}_hit"] += bool(found)
        c[f"{kind}_entropy"] += bool(detect_secrets(row["text"], entropy=True))
        c[f"{kind}_ds"] += _detect_secrets_tool(row["text"])
        for s, e, _t in row.get("spans") or []:
            c["spans"] += 1
            c["span_hit"] += any(_overlaps((s, e), (f.start, f.end)) for f in found)
    print("\n## Secrets (gitleaks rule samples, all rows)\n")
    print("| detector | recall (961 positives) | false alarms (308 negatives) |")
    print("|---|---:|---:|")
    print(f"| agentguard | **{pct(c['pos_hit'], c['pos'])}** | **{pct(c['neg_hit'], c['neg'])}** |")
    entropy = f"{pct(c['pos_entropy'], c['pos'])} | {pct(c['neg_entropy'], c['neg'])}"
    print(f"| agentguard + opt-in entropy layer | {entropy} |")
    theirs = f"{pct(c['pos_ds'], c['pos'])} | {pct(c['neg_ds'], c['neg'])}"
    print(f"| detect-secrets (default plugins) | {theirs} |")
    print(f"\nSpan recall (positives with a known value span): {pct(c['span_hit'], c['spans'])}")
    return dict(c)


def heldout() -> Figures:
    """Our held-out documents, judged as retrieved documents: clean ones blocked, planted
    instructions caught, per writer (each wrote both halves of their own genres)."""
    print("\n## Held-out off-topic tasks in documents (`bench/heldout/`, never trained on)\n")
    print("| writer | clean documents | blocked | planted tasks | caught |")
    print("|---|---:|---:|---:|---:|")
    counts = _blocked_by(
        HELDOUT / "offtopic_documents.jsonl",
        Provenance.RETRIEVED_DOCUMENT,
        lambda row: str(row["writer"]),
    )
    total: Counter[str] = sum(counts.values(), Counter())
    for writer, c in sorted(counts.items()):
        print(
            f"| {writer} | {c['neg']} | {pct(c['neg_block'], c['neg'])} | {c['pos']} | "
            f"{pct(c['pos_block'], c['pos'])} |"
        )
    print(
        f"| **all** | {total['neg']} | **{pct(total['neg_block'], total['neg'])}** | "
        f"{total['pos']} | **{pct(total['pos_block'], total['pos'])}** |"
    )
    return {w: dict(c) for w, c in counts.items()}


def _blocked_by(
    path: Path, provenance: Provenance, group: Callable[[dict[str, Any]], str]
) -> dict[str, Counter[str]]:
    """Per group of one file's rows: rows with label 1 (`pos`) and 0 (`neg`), and how
    many of each the engine blocked (`pos_block`, `neg_block`)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in devdata.authored((path,)):
        kind = "pos" if row["label"] == 1 else "neg"
        blocked = scan_input(row["text"], provenance).decision is Decision.BLOCK
        counts[group(row)][kind] += 1
        counts[group(row)][f"{kind}_block"] += int(blocked)
    return counts


def heldout_prompts() -> Figures:
    """Our held-out long benign prompts, judged as user prompts: blocked per genre."""
    return _heldout_by_kind(
        "long benign prompts", "long_prompts.jsonl", "genre", ("prompts", "blocked"), by=True
    )


def heldout_security() -> Figures:
    """Our held-out benign questions about passwords, secrets and security, judged as user
    prompts: blocked per topic (the dev sets' password games make such talk look like an
    extraction attempt)."""
    return _heldout_by_kind(
        "security and password questions",
        "security_questions.jsonl",
        "topic",
        ("prompts", "blocked"),
        by=True,
    )


def heldout_attacks() -> Figures:
    """Our held-out attacks in fresh wording, judged as user prompts: caught per family."""
    return _heldout_by_kind(
        "attacks in fresh wording", "fresh_attacks.jsonl", "family", ("attacks", "caught")
    )


def heldout_attacks_2() -> Figures:
    """The second held-out set of attacks in fresh wording, with benign look-alikes of
    each family (`nearmiss_<family>`), judged as user prompts: attacks caught and
    look-alikes blocked, per family."""
    return _with_look_alikes("second set", "fresh_attacks_2.jsonl")


def heldout_attacks_3() -> Figures:
    """The third held-out set (eight families, written beside training round 16 by other
    writers), with its look-alikes, judged as user prompts."""
    return _with_look_alikes("third set", "fresh_attacks_3.jsonl")


def heldout_reminders() -> Figures:
    """Reminders, reports and admin texts that use override verbs harmlessly ("don't
    forget the rules", "my boss told me to ignore the guidelines"), short security
    questions, and attacks of the same shapes (negations, instructions planted in
    technical text, technical questions that pivot), judged as user prompts."""
    return _paired(
        "reminders, reports and technical texts, with attacks of their shapes",
        HELDOUT / "reminders.jsonl",
        ("subtype", lambda row: str(row["subtype"])),
        attacks_first=False,
    )


def prompt_tuning_sets() -> Figures:
    """The sets the prompt rules of the twenty-fifth session (attacks without override
    verbs), the twenty-sixth (requests for held secrets, hijacked replies) and the
    twenty-eighth (directives in other languages planted in documents) and the
    twenty-ninth (requests for held secrets; override verbs used harmlessly) were written
    against: attacks and look-alikes per family, judged as user prompts, the directives
    as tool results."""
    titles = {
        "pivots": "attacks without override verbs",
        "asks": "requests for held secrets and hijacked replies",
        "directives": "directives in other languages planted in documents (as tool results)",
        "overrides": "override verbs about the user's own words and people's rules, and attacks",
    }
    return {
        path.stem: _paired(
            f"{titles[path.stem.split('_')[0]]}, tuning set `{path.name}`, and look-alikes",
            path,
            ("family", lambda row: str(row["subtype"]).removeprefix("nearmiss_")),
            attacks_first=True,
            where="`bench/prompt_tuning/`, rules written against it",
            provenance=Provenance.TOOL_RESULT if prefix == "directives" else Provenance.USER,
        )
        for prefix in titles
        for path in sorted(PROMPT_TUNING.glob(f"{prefix}_*.jsonl"))
    }


def heldout_reminders_2() -> Figures:
    """A second set of the reminders' kinds by another writer (twenty-ninth session),
    written from the first set's description, judged as user prompts."""
    return _paired(
        "reminders, reports and technical texts, second set, with attacks of their shapes",
        HELDOUT / "reminders_2.jsonl",
        ("subtype", lambda row: str(row["subtype"])),
        attacks_first=False,
    )


def heldout_secret_asks() -> Figures:
    """Requests that an agent hand over its credentials or other people's data (pretexts,
    disguises, tools, other people's codes and records) and look-alikes on the same themes,
    by a writer whose rows were never read while the rules were written, judged as user
    prompts."""
    return _paired(
        "requests for held secrets and other people's data, and look-alikes",
        HELDOUT / "secret_asks.jsonl",
        ("language", lambda row: "en" if row["lang"] == "en" else "other"),
        attacks_first=True,
    )


def heldout_directives() -> Figures:
    """Directives planted in documents in French, German, Spanish, Italian and Portuguese,
    and people-to-people texts about replies, written by another writer than the tuning
    set's and never read while the rule was written, judged as tool results."""
    return _paired(
        "directives in other languages planted in documents, and look-alikes (as tool results)",
        HELDOUT / "directives.jsonl",
        ("family", lambda row: str(row["subtype"]).removeprefix("nearmiss_")),
        attacks_first=True,
        provenance=Provenance.TOOL_RESULT,
    )


def _with_look_alikes(title: str, name: str) -> Figures:
    return _paired(
        f"attacks in fresh wording, {title}, and their look-alikes",
        HELDOUT / name,
        ("family", lambda row: str(row["family"]).removeprefix("nearmiss_")),
        attacks_first=True,
    )


def _paired(
    title: str,
    path: Path,
    group: tuple[str, Callable[[dict[str, Any]], str]],
    *,
    attacks_first: bool,
    where: str = "",
    provenance: Provenance = Provenance.USER,
) -> Figures:
    """One file of attacks and harmless rows (held out unless `where` says otherwise),
    judged as `provenance` (user prompts by default), per group: attacks caught and
    harmless rows blocked, attacks' columns first or second."""
    if where:
        print(f"\n## {title[0].upper()}{title[1:]} ({where})\n")
    else:
        print(f"\n## Held-out {title} (`bench/heldout/`, never trained on)\n")
    sides = (("pos", "attacks", "caught"), ("neg", "look-alikes", "blocked"))
    if not attacks_first:
        sides = (("neg", "harmless", "blocked"), ("pos", "attacks", "caught"))
    print(f"| {group[0]} | " + " | ".join(f"{rows} | {hit}" for _, rows, hit in sides) + " |")
    print("|---|---:|---:|---:|---:|")
    counts = _blocked_by(path, provenance, group[1])
    total: Counter[str] = sum(counts.values(), Counter())
    for key, c in sorted(counts.items()):
        print(f"| {key} | " + " | ".join(f"{c[s]} | {c[s + '_block']}" for s, _, _ in sides) + " |")
    cells = (
        f"{total[s]} | **{total[s + '_block']}** ({pct(total[s + '_block'], total[s])})"
        for s, _, _ in sides
    )
    print("| **all** | " + " | ".join(cells) + " |")
    return {key: dict(c) for key, c in counts.items()}


def _heldout_by_kind(
    title: str, name: str, kind: str, columns: tuple[str, str], *, by: bool = False
) -> Figures:
    """Rows of one held-out file blocked, per writer and `kind`; with `by`, the detectors
    that blocked them (worth reading for false alarms)."""
    rows, blocked = columns
    print(f"\n## Held-out {title} (`bench/heldout/`, never trained on)\n")
    print(f"| writer | {kind} | {rows} | {blocked} |" + (" by |" if by else ""))
    print("|---|---|---:|---:|" + ("---|" if by else ""))
    counts: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for row in devdata.authored((HELDOUT / name,)):
        verdict = scan_input(row["text"], Provenance.USER)
        key = (int(row["writer"]), str(row[kind]))
        counts[key][rows] += 1
        if verdict.decision is Decision.BLOCK:
            counts[key][blocked] += 1
            counts[key].update(f.detector for f in blocking(verdict.findings, POLICY))
    total: Counter[str] = sum(counts.values(), Counter())
    for (writer, label), c in sorted(counts.items()):
        detectors = ", ".join(sorted(k for k in c if k not in columns))
        print(
            f"| {writer} | {label} | {c[rows]} | {c[blocked]} |" + (f" {detectors} |" if by else "")
        )
    print(
        f"| **all** | {len(counts)} | {total[rows]} | "
        f"**{total[blocked]}** ({pct(total[blocked], total[rows])}) |" + (" |" if by else "")
    )
    return {f"{w}/{k}": dict(c) for (w, k), c in counts.items()}


# The bare comment tokens naive SQL-injection lists block on (the "guide" rules)
_BARE_SQL_COMMENTS = ("--", "/*")
_WEB_SHELL = ("sqli", "xss", "shell")


def validator_sets() -> Figures:
    """SQLi, XSS and shell attacks against technical benign text (code, SQL, logs, shell
    use), as user prompts: what the validator's own detectors block, what the whole engine
    blocks, and how often bare `--`/`/*` rules would fire. Two sets by different writers:
    the rules were tuned on the first (`bench/validator/`, two rounds), never on the second."""
    tuning = ROOT / "validator"
    return {
        "tuning": _validator_set(
            "Web and shell attacks vs technical benign text, tuning set "
            "(`bench/validator/`, rules tuned on it)",
            tuple(sorted(tuning.glob("tuning_attacks*.jsonl"))),
            tuple(sorted(tuning.glob("tuning_benign*.jsonl"))),
        ),
        "heldout": _validator_set(
            "Held-out web and shell attacks vs technical benign text "
            "(`bench/heldout/`, written after the first tuning round, never tuned on)",
            (HELDOUT / "validator_attacks.jsonl",),
            (HELDOUT / "validator_benign.jsonl",),
        ),
    }


def _validator_set(title: str, attacks: tuple[Path, ...], benign: tuple[Path, ...]) -> Figures:
    print(f"\n## {title}\n")
    print("| set | kind | rows | validator blocks | any block | bare `--` or `/*` |")
    print("|---|---|---:|---:|---:|---:|")
    figures: Figures = {}
    for paths, kind in ((attacks, "family"), (benign, "genre")):
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for row in devdata.authored(paths):
            verdict = scan_input(row["text"], Provenance.USER)
            detectors = {f.detector.split(".")[1] for f in blocking(verdict.findings, POLICY)}
            c = counts[str(row[kind])]
            c["rows"] += 1
            c["validator"] += int(any(d in _WEB_SHELL for d in detectors if d))
            c["any"] += int(verdict.decision is Decision.BLOCK)
            c["bare"] += int(any(token in row["text"] for token in _BARE_SQL_COMMENTS))
        total: Counter[str] = sum(counts.values(), Counter())
        label = "attacks" if kind == "family" else "benign"
        for key, c in sorted(counts.items()):
            print(
                f"| {label} | {key} | {c['rows']} | {pct(c['validator'], c['rows'])} | "
                f"{pct(c['any'], c['rows'])} | {pct(c['bare'], c['rows'])} |"
            )
        print(
            f"| {label} | **all** | {total['rows']} | **{pct(total['validator'], total['rows'])}** "
            f"| {pct(total['any'], total['rows'])} | {pct(total['bare'], total['rows'])} |"
        )
        figures[label] = {k: dict(c) for k, c in counts.items()}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"# agentguard engines: dev evaluation ({devdata.datasets_dir()})")
    figures: Figures = {}
    figures["prompts"], detected = prompts()
    figures["obfuscation"] = obfuscation(detected)
    figures["pii"] = pii()
    figures["secrets"] = secrets()
    figures["pii_written"] = pii_sets()
    figures["secrets_written"] = secret_sets()
    figures["heldout"] = heldout()
    figures["heldout_prompts"] = heldout_prompts()
    figures["heldout_security"] = heldout_security()
    figures["heldout_attacks"] = heldout_attacks()
    figures["heldout_attacks_2"] = heldout_attacks_2()
    figures["heldout_attacks_3"] = heldout_attacks_3()
    figures["heldout_reminders"] = heldout_reminders()
    figures["heldout_reminders_2"] = heldout_reminders_2()
    figures["heldout_directives"] = heldout_directives()
    figures["heldout_secret_asks"] = heldout_secret_asks()
    figures["prompt_tuning"] = prompt_tuning_sets()
    figures["validator_sets"] = validator_sets()
    print(f"\n(eval took {time.perf_counter() - started:.0f}s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
