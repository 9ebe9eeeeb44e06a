"""Output-checker quality on a labelled set built from the dev data (`make eval`, output part).

System prompts are the role-play instructions among jackhhao's benign prompts ("You are
Magnus, ..."): real, varied, written like system prompts. For each, the script builds
answers that leak it (verbatim, an excerpt, reformatted as a quoted list, near-verbatim with
words changed or dropped, obfuscated with case, zero-width characters and homoglyphs) and
answers that merely share its topic (the most similar *other* prompt, an in-character reply
built from the prompt's own content words, ordinary Alpaca answers, and the prompt's words
shuffled). It prints leak recall and false alarms for the output-checker, for the previous
8-word matcher and for a bag-of-words >50% test; canary recall over obfuscations and false
alarms on token-heavy text (gitleaks samples, hashes, base64, other sessions' canaries);
secrets in outputs, whole and streamed in small chunks. `--json PATH` writes the figures.
"""

import argparse
import base64
import codecs
import hashlib
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentguard.contracts import Category
from agentguard.contracts.streaming import RedactionMode
from agentguard.engines import EnginePolicy
from agentguard.output_checker.core import OutputRules, inspect_output
from agentguard.output_checker.leaks import PromptIndex, canary_leaks, prompt_leaks
from agentguard.output_checker.stream import StreamLimits, StreamState, process_chunk
from agentguard.output_checker.textview import default_normalizer
from agentguard.prompt_guard.canaries import new_canary

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devdata

SEED = 20261126
ROLEPLAY = re.compile(r"(?i)^\s*(you are|you're|roleplay as|act as|pretend|imagine you are|play )")
WORD = re.compile(r"\w+")
_STOPWORDS = (
    "a an and are as at be but by for from has have he her his i in is it its me my not of on "
    "or our she so that the their them they this to was we were what when which who will with "
    "you your yours"
)
STOP = frozenset(_STOPWORDS.split())
LEADS = ("Sure! Here is what I was told:", "Of course.", "My instructions are as follows.", "")
TAILS = ("Let me know if you need anything else.", "Hope that helps!", "", "Anything else?")
NORM = default_normalizer()
Figures = dict[str, Any]


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def build_prompts(rng: random.Random) -> list[str]:
    rows = devdata.load("jailbreak_jackhhao_classification.jsonl")
    found = [
        r["text"].strip()
        for r in rows
        if r["label"] == 0 and ROLEPLAY.match(r["text"]) and 25 <= len(r["text"].split()) <= 300
    ]
    rng.shuffle(found)
    return found


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def excerpt(prompt: str, rng: random.Random, share: float, least: int) -> str:
    toks = prompt.split()
    size = min(len(toks), max(least, int(len(toks) * share)))
    start = rng.randrange(0, len(toks) - size + 1)
    return " ".join(toks[start : start + size])


def obfuscate(text: str, rng: random.Random) -> str:
    homoglyph = {"a": "\u0430", "e": "\u0435", "o": "\u043e"}
    out = []
    for i, tok in enumerate(text.upper().split() if rng.random() < 0.5 else text.split()):
        mixed = "".join(homoglyph.get(c, c) if rng.random() < 0.2 else c for c in tok)
        out.append(mixed + ("\u200b" if i % 4 == 3 else ""))
    return " ".join(out)


def leaks(prompt: str, vocab: list[str], rng: random.Random) -> dict[str, str]:
    lead, tail = rng.choice(LEADS), rng.choice(TAILS)
    toks = prompt.split()
    near = [
        rng.choice(vocab) if (r := rng.random()) < 0.1 else ("" if r < 0.15 else t) for t in toks
    ]
    listed = "\n".join(f'{i}. "{s}"' for i, s in enumerate(sentences(prompt), 1))
    return {
        "verbatim": f"{lead} {prompt} {tail}",
        "excerpt": f"{lead} {excerpt(prompt, rng, 0.4, 15)} {tail}",
        "quoted_list": f"{lead}\n{listed}\n{tail}",
        "near_verbatim": f"{lead} {' '.join(t for t in near if t)} {tail}",
        "obfuscated": f"{lead} {obfuscate(excerpt(prompt, rng, 0.5, 20), rng)} {tail}",
    }


def topical(prompt: str, rng: random.Random) -> str:
    content = sorted({w for w in words(prompt) if w not in STOP and len(w) >= 5})
    picks = rng.sample(content, min(10, len(content)))
    shapes = (
        "I have always cared about {} and {}.",
        "People often ask me about {}, and I tell them {} matters most.",
        "When it comes to {}, my experience with {} helps a lot.",
        "Honestly, {} is not as simple as {} makes it look.",
        "Let us talk about {} first, then {}.",
    )
    pairs = [picks[i : i + 2] for i in range(0, len(picks) - 1, 2)]
    return " ".join(rng.choice(shapes).format(a, b) for a, b in pairs) or "Hello there."


def neighbour(i: int, bags: list[set[str]]) -> int:
    def jaccard(j: int) -> float:
        return len(bags[i] & bags[j]) / (len(bags[i] | bags[j]) or 1)

    return max((j for j in range(len(bags)) if j != i), key=jaccard)


def bag_of_words(output: str, prompt: str) -> bool:
    ref = set(words(prompt))
    return len(ref & set(words(output))) / (len(ref) or 1) > 0.5


def old_shingles(output: str, prompt: str, n: int = 8) -> bool:
    ref = words(prompt)
    grams = {tuple(ref[i : i + n]) for i in range(len(ref) - n + 1)}
    out = words(output)
    return any(tuple(out[i : i + n]) in grams for i in range(len(out) - n + 1))


def prompt_section(prompts: list[str], alpaca: list[str], rng: random.Random) -> Figures:
    bags = [{w for w in words(p) if w not in STOP} for p in prompts]
    vocab = sorted(set().union(*bags))
    methods: dict[str, Callable[[str, str, PromptIndex], bool]] = {
        "output-checker (5-grams, normalized)": lambda o, _p, ix: bool(prompt_leaks(o, ix, NORM)),
        "previous (8-grams, raw words)": lambda o, p, _ix: old_shingles(o, p),
        "bag of words > 50%": lambda o, p, _ix: bag_of_words(o, p),
    }
    hits: dict[str, dict[str, int]] = {m: {} for m in methods}
    totals: dict[str, int] = {}
    for i, prompt in enumerate(prompts):
        index = PromptIndex.build(prompt, NORM)
        cases = {f"+{k}": v for k, v in leaks(prompt, vocab, rng).items()}
        cases["-similar_prompt"] = prompts[neighbour(i, bags)]
        cases["-topical_reply"] = topical(prompt, rng)
        cases["-ordinary_answer"] = rng.choice(alpaca)
        cases["-shuffled_words"] = " ".join(rng.sample(prompt.split(), len(prompt.split())))
        for kind, text in cases.items():
            totals[kind] = totals.get(kind, 0) + 1
            for name, method in methods.items():
                hits[name][kind] = hits[name].get(kind, 0) + int(method(text, prompt, index))
    print(f"\n## System-prompt leaks ({len(prompts)} role-play prompts as system prompts)\n")
    kinds = list(totals)
    print("| method | " + " | ".join(kinds) + " | leak recall | false alarms* |")
    print("|---|" + "---:|" * (len(kinds) + 2))
    figures: Figures = {}
    positives = [k for k in kinds if k.startswith("+")]
    headline = [k for k in kinds if k.startswith("-") and k != "-shuffled_words"]
    for name in methods:
        rates = {k: hits[name][k] / totals[k] for k in kinds}
        recall = sum(hits[name][k] for k in positives) / sum(totals[k] for k in positives)
        fa = sum(hits[name][k] for k in headline) / sum(totals[k] for k in headline)
        cells = " | ".join(f"{rates[k]:.3f}" for k in kinds)
        print(f"| {name} | {cells} | **{recall:.3f}** | **{fa:.3f}** |")
        figures[name] = {"by_kind": rates, "leak_recall": recall, "false_alarm_rate": fa}
    print(
        "\n`+` leaks (rate = recall), `-` non-leaks (rate = false alarms). *False alarms over "
        "similar prompts, topical replies and ordinary answers; shuffled words are shown apart "
        "(all the vocabulary, no quote)."
    )
    return figures


def canary_variants(canary: str) -> dict[str, str]:
    return {
        "plain": canary,
        "upper": canary.upper(),
        "spaced": " ".join(canary),
        "zero_width": "\u200b".join(canary),
        "homoglyph": canary.replace("a", "\u0430").replace("e", "\u0435"),
        "base64": base64.b64encode(f"marker={canary}".encode()).decode(),
        "hex": canary.encode().hex(),
        "reversed": canary[::-1],
        "rot13": codecs.encode(canary, "rot13"),
        "no_prefix": canary.split("-", 1)[1],
    }


def canary_section(prompts: list[str], alpaca: list[str], rng: random.Random) -> Figures:
    def entropy(n: int) -> bytes:
        return rng.randbytes(n)

    secrets_rows = devdata.load("secrets_gitleaks_rule_samples.jsonl")
    caught: dict[str, int] = {}
    total = 0
    negatives = 0
    false_alarms = 0
    for _ in prompts:
        canary, other = new_canary(entropy), new_canary(entropy)
        total += 1
        for kind, text in canary_variants(canary).items():
            answer = f"{rng.choice(alpaca)}\n{text}\n{rng.choice(TAILS)}"
            caught[kind] = caught.get(kind, 0) + int(bool(canary_leaks(answer, (canary,), NORM)))
        blob = rng.randbytes(48)
        for answer in (
            f"Another session's marker: {other}",
            rng.choice(secrets_rows)["text"],
            f"sha256 {hashlib.sha256(blob).hexdigest()} b64 {base64.b64encode(blob).decode()}",
            rng.choice(alpaca),
        ):
            negatives += 1
            false_alarms += int(bool(canary_leaks(answer, (canary,), NORM)))
    print(f"\n## Canary tokens ({total} canaries, {negatives} token-heavy non-leaks)\n")
    print("| obfuscation | " + " | ".join(caught) + " | false alarms |")
    print("|---|" + "---:|" * (len(caught) + 1))
    rates = {k: v / total for k, v in caught.items()}
    print(
        "| recall | "
        + " | ".join(f"{r:.3f}" for r in rates.values())
        + f" | {false_alarms}/{negatives} |"
    )
    return {"recall": rates, "false_alarms": false_alarms, "negatives": negatives}


def secrets_section(rng: random.Random) -> Figures:
    rules = OutputRules(normalizer=NORM, digest_key=b"eval")
    rows = devdata.load("secrets_gitleaks_rule_samples.jsonl")
    whole = {"pos": 0, "hit": 0, "neg": 0, "fa": 0}
    streamed = {"values": 0, "leaked": 0}
    for row in rows:
        answer = f"Here is the config you asked for:\n{row['text']}\nDone."
        found, _ = inspect_output(answer, rules=rules, index=None, canaries=(), destination="user")
        flagged = any(f.category is Category.SECRET for f in found)
        key = "pos" if row["label"] == 1 else "neg"
        whole[key] += 1
        whole["hit" if key == "pos" else "fa"] += int(flagged)
        if row["label"] == 1 and flagged and row.get("spans"):
            state = StreamState(
                stream_id="eval",
                policy=EnginePolicy(),
                index=None,
                canaries=(),
                destination="user",
                redaction=RedactionMode.PLACEHOLDER,
            )
            size = rng.randint(3, 9)
            chunks = [answer[i : i + size] for i in range(0, len(answer), size)]
            delivered = "".join(
                process_chunk(
                    state, n, c, n == len(chunks) - 1, rules=rules, limits=StreamLimits()
                ).emit
                for n, c in enumerate(chunks)
            )
            whole_state = StreamState(
                "whole", EnginePolicy(), None, (), "user", RedactionMode.PLACEHOLDER
            )
            full = process_chunk(
                whole_state, 0, answer, True, rules=rules, limits=StreamLimits()
            ).emit
            for start, end, _ in row["spans"]:
                value = row["text"][start:end]
                if value in full:
                    continue  # not redacted even whole: an engine miss, not a streaming one
                streamed["values"] += 1
                streamed["leaked"] += int(value in delivered)
    print("\n## Credentials in outputs (gitleaks samples inside an answer)\n")
    print("| recall (whole output) | false alarms | streamed in 3-9 char chunks: values leaked |")
    print("|---:|---:|---:|")
    print(
        f"| {whole['hit'] / whole['pos']:.3f} ({whole['pos']}) | "
        f"{whole['fa'] / whole['neg']:.3f} ({whole['neg']}) | "
        f"{streamed['leaked']}/{streamed['values']} |"
    )
    return {
        "recall": whole["hit"] / whole["pos"],
        "false_alarm_rate": whole["fa"] / whole["neg"],
        "streamed_values": streamed["values"],
        "streamed_leaked": streamed["leaked"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--limit", type=int, default=0, help="use only this many prompts")
    args = parser.parse_args()
    rng = random.Random(SEED)
    prompts = build_prompts(rng)
    if args.limit:
        prompts = prompts[: args.limit]
    alpaca = [r["text"] for r in devdata.load("benign_alpaca_5000.jsonl")]
    print("# Output-checker evaluation")
    figures = {
        "prompt_leak": prompt_section(prompts, alpaca, rng),
        "canary": canary_section(prompts, alpaca, rng),
        "secrets": secrets_section(rng),
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
