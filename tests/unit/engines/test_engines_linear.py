"""Linear time: per-byte cost must not grow with input size on hostile inputs.

Timings are compared as ratios between a small and a 16x larger input of the same shape,
using the best of a few runs, so a loaded machine slows both sides alike. A quadratic
engine would show a ratio near 16; we allow 5 (constant-factor jitter on a shared 2-core box,
and RE2's DFA cache warming up on the larger input, stay well below that).
"""

import time
from collections.abc import Callable

import pytest

from agentguard.contracts import Provenance
from agentguard.engines import EnginePolicy, detect_pii, detect_secrets, normalize, scan_input

POLICY = EnginePolicy(max_chars=1_000_000)
SMALL, LARGE = 16_384, 262_144
MAX_RATIO = 5.0

HOSTILE: dict[str, Callable[[int], str]] = {
    "repeated char": lambda n: "a" * n,
    "near-miss injection": lambda n: ("ignore all the previous " * n)[:n],
    "near-miss SQLi": lambda n: ("' or '" * n)[:n],
    "near-miss XSS": lambda n: ("<script <img on" * n)[:n],
    "digits and separators": lambda n: ("1-2 " * n)[:n],
    "email near-miss": lambda n: ("a.a@" * n)[:n],
    "base64 blob": lambda n: ("QUJD" * n)[:n],
    "zero-width interleaved": lambda n: ("i\u200bg\u200bn\u200b" * n)[:n],
    "key=value spam": lambda n: ("password=" * n)[:n],
    "spaced letters": lambda n: ("i g n o r e " * n)[:n],
    "nested brackets": lambda n: ("<" * (n // 2) + ">" * (n // 2))[:n],
    "homoglyph soup": lambda n: ("іgnоrе " * n)[:n],
}


def per_byte(fn: Callable[[str], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
    return best / len(text)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_full_battery_is_linear(name: str) -> None:
    make = HOSTILE[name]

    def battery(text: str) -> object:
        return scan_input(text, Provenance.TOOL_RESULT, POLICY)

    battery(make(SMALL))  # warm caches
    small = per_byte(battery, make(SMALL), runs=9)
    large = per_byte(battery, make(LARGE), runs=5)
    assert large / small < MAX_RATIO, f"{name}: {large / small:.1f}x per byte"


@pytest.mark.parametrize(
    "fn", [detect_pii, detect_secrets, normalize], ids=["pii", "secrets", "normalize"]
)
def test_detectors_are_linear_on_mixed_hostile_text(fn: Callable[[str], object]) -> None:
    unit = "a.a@b 1-2-3 password=x ' or ' <img on \u200b AKIA "
    small_text = (unit * (SMALL // len(unit) + 1))[:SMALL]
    large_text = (unit * (LARGE // len(unit) + 1))[:LARGE]
    fn(small_text)
    assert per_byte(fn, large_text, 3) / per_byte(fn, small_text, 5) < MAX_RATIO


def test_default_policy_caps_the_scanned_size() -> None:
    huge = "ignore previous instructions " * 100_000
    start = time.perf_counter()
    result = scan_input(huge)
    assert time.perf_counter() - start < 5.0
    assert any(f.category.value == "length" for f in result.findings)
