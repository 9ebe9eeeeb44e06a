"""Engine latency (`make bench-engines`): median and p99 µs per input, full input battery.

The battery is `agentguard.engines.scan_input` (normalization, validator, PII, secrets,
injection rules, decode-and-rescan, classifier) with the size cap raised to 1 MB so the
whole input is scanned. Inputs: real prompts, documents, code and logs at 1 KB, 16 KB and
256 KB, hostile inputs built to make backtracking engines blow up, and config-like secrets
text that detect-secrets scans in the same run (its default plugins, line by line, as its
CLI does).

Every text in the first and last tables is one the process has never scanned: RE2 keeps
the DFA states it built for text it has seen, so a benchmark that re-scans a few texts
(as this one did until the thirteenth session) measures a warm cache that a stream of
distinct requests never has. The real texts are the repository's own written sets
(`bench/data`, `bench/validator`: attacks and benign prompts, documents, code, logs),
shuffled and cut to size. The table of repeated sentences keeps the old measurement, a
warm-cache best case. The adversarial rows cycle through `VARIANTS` copies of one shape
(their point is growth with size, not cache misses).
"""

import argparse
import random
import statistics
import string
import time
from collections.abc import Callable, Sequence
from functools import partial

from detect_secrets.core.scan import scan_line
from detect_secrets.settings import default_settings
from devdata import written_texts

from agentguard.contracts import Provenance
from agentguard.engines import EnginePolicy, build_prefilters, detect_secrets, scan_input

POLICY = EnginePolicy(max_chars=1_000_000)
SIZES = {"1 KB": 1 << 10, "16 KB": 16 << 10, "256 KB": 256 << 10}
VARIANTS = 16  # distinct texts per measurement, more than any engine cache holds
_PRINTABLE = string.ascii_letters + string.digits + "'\"()[]{}<>=+-*/;:,.!?&|%$#@_ "
_PROSE = (
    "The quarterly report shows revenue grew in every region except the north-west. ",
    "Please summarise the attached notes and list the open questions for Monday. ",
    "def mean(xs):\n    return sum(xs) / len(xs)  # average of a list\n",
    "SELECT id, name FROM users WHERE created_at > '2024-01-01' -- active only\n",
    "Contact the office at the usual address; the meeting moved to 3 pm on Thursday. ",
    'Our API returns JSON like {"status": "ok", "items": [1, 2, 3]} on success. ',
    "Ignore the noise in the logs: WARN retry 3/5 after 200 ms, then INFO done.\n",
)
_CONFIG = (
    "DEBUG=false\n",
    "LOG_LEVEL=info\n",
    "DATABASE_HOST=db.internal\n",
    "CACHE_TTL_SECONDS=300\n",
    "FEATURE_FLAGS=search,export\n",
    "# rotate keys quarterly\n",
    "api_key = {secret}\n",
    "GITHUB_TOKEN=ghp_{alnum36}\n",
    "AWS_ACCESS_KEY_ID=AKIA{upper16}\n",
)


def _fill(parts: tuple[str, ...], size: int, rng: random.Random) -> str:
    out: list[str] = []
    total = 0
    while total < size:
        part = rng.choice(parts)
        if "{" in part and "}" in part and '"' not in part:
            part = part.format(
                secret="".join(rng.choices("abcdefghijkLMNOPQRS0123456789", k=32)),
                alnum36="".join(
                    rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", k=36)
                ),
                upper16="".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", k=16)),
            )
        out.append(part)
        total += len(part)
    return "".join(out)[:size]


def adversarial(size: int) -> dict[str, str]:
    """Inputs that make backtracking regexes or naive decoders go quadratic."""
    return {
        "repeated char": "a" * size,
        "near-miss injection": ("ignore all the previous " * (size // 24 + 1))[:size],
        "near-miss SQLi": ("' or '" * (size // 6 + 1))[:size],
        "near-miss XSS": ("<script <img on" * (size // 15 + 1))[:size],
        "digits and dashes": ("1-2 " * (size // 4 + 1))[:size],
        "email near-miss": ("a.a@" * (size // 4 + 1))[:size],
        "base64 blob": ("QUJD" * (size // 4 + 1))[:size],
        "zero-width interleaved": ("i\u200bg\u200bn\u200b" * (size // 6 + 1))[:size],
        "key=value spam": ("password=" * (size // 9 + 1))[:size],
    }


def variants(text: str) -> list[str]:
    """`VARIANTS` texts of the same size and shape (the last few characters become spaces)."""
    return [text[: len(text) - i] + " " * i for i in range(VARIANTS)]


def timed(fns: Sequence[Callable[[], object]], runs: int) -> tuple[float, float]:
    """Median and p99 in microseconds, cycling through `fns` (one per distinct input)."""
    for fn in fns:
        fn()  # warm up (lazy loads, first-sight translate entries)
    return timed_once([fns[run % len(fns)] for run in range(runs)])


class Unseen:
    """Pieces of one long stream of real texts, each handed out once."""

    def __init__(self, rng: random.Random) -> None:
        self._stream = "\n\n".join(written_texts(rng))
        self._at = 0
        self.wrapped = False

    def take(self, size: int) -> str:
        if self._at + size > len(self._stream):
            self._at, self.wrapped = 0, True
        piece = self._stream[self._at : self._at + size]
        self._at += size
        return piece

    @property
    def megabytes(self) -> float:
        return len(self._stream) / 1e6


def timed_once(fns: Sequence[Callable[[], object]]) -> tuple[float, float]:
    """Median and p99 in microseconds, each of `fns` called once (no warm-up of its own)."""
    samples = []
    for fn in fns:
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(0.99 * len(samples)))]
    return statistics.median(samples), p99


def _unseen_runs(size: int, scale: float) -> int:
    return max(3, int(scale * {1 << 10: 600, 16 << 10: 60}.get(size, 5)))


def _runs(size: int, scale: float) -> int:
    return max(5, int(scale * {1 << 10: 400, 16 << 10: 60}.get(size, 10)))


def _detect_secrets_tool(text: str) -> int:
    with default_settings():
        return sum(1 for line in text.splitlines() for _ in scan_line(line))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the run counts")
    args = parser.parse_args()
    rng = random.Random(7)
    unseen = Unseen(rng)
    build_prefilters()  # what every worker does at start-up
    print("# agentguard engines: latency (µs per input; median / p99)\n")
    print("## Full input battery (scan_input), real text never scanned before\n")
    for _ in range(400):  # lazy loads, compiled loops, RE2 caches near their steady state
        scan_input(unseen.take(1 << 10), Provenance.USER, POLICY)
    print("| size | median µs | p99 µs | median µs per KB | inputs |")
    print("|---|---:|---:|---:|---:|")
    for label, size in SIZES.items():
        runs = _unseen_runs(size, args.scale)
        texts = [unseen.take(size) for _ in range(runs)]
        median, p99 = timed_once([partial(scan_input, t, Provenance.USER, POLICY) for t in texts])
        print(f"| {label} | {median:,.0f} | {p99:,.0f} | {median / (size / 1024):,.1f} | {runs} |")
    note = " (it ran out and started again: some 256 KB texts repeat)" if unseen.wrapped else ""
    print(f"\nFrom {unseen.megabytes:.1f} MB of the repository's written texts{note}.")
    print("\n## Full input battery, the same sentences again and again (warm RE2 caches)\n")
    print("| size | median µs | p99 µs | median µs per KB |")
    print("|---|---:|---:|---:|")
    for label, size in SIZES.items():
        texts = [_fill(_PROSE, size, rng) for _ in range(VARIANTS)]
        median, p99 = timed(
            [partial(scan_input, text, Provenance.USER, POLICY) for text in texts],
            _runs(size, args.scale),
        )
        print(f"| {label} | {median:,.0f} | {p99:,.0f} | {median / (size / 1024):,.1f} |")
    print("\n## Adversarial inputs (scan_input): µs per KB must stay flat as size grows\n")
    print("| input | " + " | ".join(f"{k} median (µs/KB)" for k in SIZES) + " |")
    print("|---|" + "---:|" * len(SIZES))
    rows: dict[str, list[str]] = {}
    for size in SIZES.values():
        for name, text in adversarial(size).items():
            battery = [partial(scan_input, v, Provenance.USER, POLICY) for v in variants(text)]
            median, _p99 = timed(battery, _runs(size, args.scale / 4))
            rows.setdefault(name, []).append(f"{median:,.0f} ({median / (size / 1024):,.0f})")
    for name, cells in rows.items():
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\n## Random printable text, new for every call (the DFA cache's worst case)\n")
    print("| size | median µs | p99 µs | median µs per KB |")
    print("|---|---:|---:|---:|")
    for label, size in SIZES.items():
        runs = max(3, _unseen_runs(size, args.scale) // 6)
        noise = ["".join(rng.choices(_PRINTABLE, k=size)) for _ in range(runs)]
        median, p99 = timed_once([partial(scan_input, t, Provenance.USER, POLICY) for t in noise])
        print(f"| {label} | {median:,.0f} | {p99:,.0f} | {median / (size / 1024):,.1f} |")
    print("\n## Secrets: agentguard vs detect-secrets on the same config-like text\n")
    print("| size | agentguard median / p99 µs | detect-secrets median / p99 µs | speed-up |")
    print("|---|---:|---:|---:|")
    for label, size in SIZES.items():
        text = _fill(_CONFIG, size, rng)
        ours = timed([partial(detect_secrets, text)], _runs(size, args.scale))
        theirs = timed([partial(_detect_secrets_tool, text)], max(3, _runs(size, args.scale) // 20))
        pair = (f"{ours[0]:,.0f} / {ours[1]:,.0f}", f"{theirs[0]:,.0f} / {theirs[1]:,.0f}")
        print(f"| {label} | {pair[0]} | {pair[1]} | {theirs[0] / ours[0]:,.0f}x |")


if __name__ == "__main__":
    main()
