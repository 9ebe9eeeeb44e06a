"""Prefilter soundness (`make check-prefilters`): does every Hyperscan database report each
pattern RE2 finds?

A prefilter may report too much (RE2 confirms every candidate) but never too little: a
candidate a database drops is a finding lost, whatever RE2 would have said. Vectorscan
5.4.12 dropped some (docs/engines.md, "Hyperscan's own misses"). This reads every text of
the dev sets and of `bench/`, and checks both parts' databases (UTF-8, and byte mode for
ASCII text) and the views' own, pattern by pattern, against RE2. Run it after changing the
Hyperscan version or the rules; it takes about three minutes on 2 cores.
"""

import collections
import json
import sys

from devdata import ROOT, datasets_dir

from agentguard.engines import _rx, build_prefilters
from agentguard.engines.normalize import normalize


def _texts() -> list[str]:
    paths = sorted(datasets_dir().glob("*.jsonl")) + sorted((ROOT / "bench").glob("*/*.jsonl"))
    return [json.loads(line)["text"] for path in paths for line in path.open(encoding="utf-8")]


def _missed(
    prefilter: "_rx._Prefilter", patterns: list[str], texts: list[str]
) -> collections.Counter[tuple[str, str]]:
    """(mode, pattern) -> how many texts RE2 matches that the database does not report."""
    missed: collections.Counter[tuple[str, str]] = collections.Counter()
    hyperscan = prefilter._hyperscan
    if hyperscan is None:
        return missed
    ids = [
        i for i in prefilter._hyperscan_ids if not any(i in group for group, _ in prefilter._groups)
    ]
    exact = {i: _rx.compile_rx(patterns[i]) for i in ids}
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        for ascii in (False, True) if text.isascii() else (False,):
            reported = {prefilter._hyperscan_ids[j] for j in hyperscan.candidates(data, ascii)}
            for i in ids:
                if i not in reported and exact[i].search(text) is not None:
                    missed[("bytes" if ascii else "utf8", patterns[i])] += 1
    return missed


def main() -> int:
    build_prefilters()
    texts = _texts()
    folded = [normalize(text).text for text in texts]
    parts: dict[str, dict[str, None]] = {"raw": {}, "normalized": {}}
    for member in _rx._MEMBERS:
        for rule in member.rules:
            parts[member._reads].setdefault(rule.pattern)
    checks = [
        ("raw part", _rx._COMBINED["raw"][0], list(parts["raw"]), texts),
        ("normalized part", _rx._COMBINED["normalized"][0], list(parts["normalized"]), folded),
    ]
    checks += [
        (
            f"{m.rules[0].name} … ({len(m.rules)} rules), own",
            m._own,
            [r.pattern for r in m.rules],
            folded,
        )
        for m in _rx._MEMBERS
        if m._own is not None
    ]
    print(f"{len(texts):,} texts\n")
    print("| database | missed candidates |\n|---|---:|")
    total = 0
    for name, prefilter, patterns, read in checks:
        missed = _missed(prefilter, patterns, read)
        total += sum(missed.values())
        print(f"| {name} | {sum(missed.values())} |")
        for (mode, pattern), count in missed.most_common(10):
            print(f"|  {mode}: `{pattern[:90]}` | {count} |")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
