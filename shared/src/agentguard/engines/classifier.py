"""The shipped linear injection classifier (hashed n-grams, numpy inference).

The artifact `data/injection_model.npz` holds, per head ("direct" for prompts a user types,
"indirect" for text read from tools and documents): float32 weights over `2**BITS`
buckets, a bias, and the decision threshold chosen at training time (see `bench/train.py`).
Long texts are scored in overlapping windows and the highest window wins, so one injected
paragraph inside a long document is not diluted by the rest.
"""

import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from agentguard.engines.features import (
    BITS,
    NGRAMS,
    best_windows,
    bucket_ids,
    bucket_total,
    ngram_count,
)
from agentguard.engines.semantic import Directions, directions, load_vectors, meaning_terms

__all__ = [
    "HEADS",
    "INDIRECT_WINDOW",
    "SUPPORT_LINE",
    "WINDOW",
    "Head",
    "calibrated",
    "heads_from",
    "load_heads",
    "raw_score",
    "with_threshold",
]

# injection: prompts that hijack the task; jailbreak: prompts that unlock forbidden
# behaviour; indirect: instructions hidden in documents and tool results.
HEADS = ("injection", "jailbreak", "indirect")
DIRECT_HEADS = ("injection", "jailbreak")
ARTIFACT = "injection_model.npz"
WINDOW = 4096  # direct head: longer prompts are scored per window
INDIRECT_WINDOW = 320  # indirect head: about two sentences of a document
BLOCK = 16_384  # window starts per block for long texts (cache-sized numpy arrays)
# `calibrated` puts a head's support line here: from it up to the block line (0.5), a weak
# rule's agreement lifts the score to a block (injection.py adds 0.5 - SUPPORT_LINE)
SUPPORT_LINE = 0.35


@dataclass(frozen=True, slots=True)
class Head:
    """One linear model: weights over hashed buckets, bias and decision threshold.

    `support` is the probability above which a weak rule's agreement blocks: training
    sets it where three times the benign texts the head blocks lie above it, so a head's
    band holds as many benign texts whatever the shape of its scores (a squared-hinge
    head's are not a logistic head's). None: 0.7 * threshold.

    `semantic`, when set, weighs the scored span's meaning (`semantic.text_vector`,
    blended with `meaning_mean`, training's mean vector, by the share of unknown words);
    its dot product joins the n-gram logit."""

    weights: npt.NDArray[np.float32]
    bias: float
    threshold: float
    support: float | None = None
    semantic: npt.NDArray[np.float32] | None = None
    meaning_mean: npt.NDArray[np.float32] | None = None


@cache
def load_heads() -> dict[str, Head]:
    """Load the artifact from package data (no network); empty dict when absent."""
    source = resources.files("agentguard.engines").joinpath("data", ARTIFACT)
    if not source.is_file():
        return {}
    with source.open("rb") as handle, np.load(handle) as data:
        if int(data["bits"]) != BITS:
            return {}
        return heads_from(data)


def heads_from(data: Mapping[str, npt.NDArray[np.generic]]) -> dict[str, Head]:
    """The heads stored in an artifact's arrays (`{head}_w`, `_b`, `_t`, `_s`, `_u`, `_m`)."""
    return {
        name: Head(
            weights=data[f"{name}_w"].astype(np.float32),
            bias=float(data[f"{name}_b"]),
            threshold=float(data[f"{name}_t"]),
            support=float(data[f"{name}_s"]) if f"{name}_s" in data else None,
            semantic=data[f"{name}_u"].astype(np.float32) if f"{name}_u" in data else None,
            meaning_mean=data[f"{name}_m"].astype(np.float32) if f"{name}_m" in data else None,
        )
        for name in HEADS
        if f"{name}_w" in data
    }


Scored = tuple[float, int, int]  # logit or probability, window start, window end

# Two heads scored together (the direct pair) share one interleaved table: bucket b holds
# head A's and head B's float32 weight side by side in one 8-byte slot (a complex64), so
# one gather fetches both (one cache line per n-gram, not two). Keyed by the weight
# arrays' ids; the entry keeps the arrays alive so an id is never reused while cached.
_PAIRED: dict[tuple[int, int], "_Pair"] = {}
_PAIRED_LOCK = threading.Lock()
# A float64 sum of values that are all multiples of 2**-24 (every float16 value is) is
# exact, whatever the order of additions, while count * max|weight| < 2**29: every partial
# sum then fits the 53-bit mantissa. The shipped artifact stores float16 weights, so both
# heads' sums come from one complex128 reduction with exactly the value the per-head
# float64 sums give. Weights that are not float16-exact keep the per-head sums.
_EXACT_LIMIT = float(1 << 29)
# the semantic heads' arrays stacked for `semantic.meaning_terms`, by id of the tuple of
# heads (see `_directions`)
_DIRECTIONS: dict[int, tuple[Sequence["Head"], Directions | None]] = {}
_DIRECTIONS_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class _Pair:
    first: npt.NDArray[np.float32]
    second: npt.NDArray[np.float32]
    # first + i * second, per bucket; the compiled loops read it as it is and add in
    # complex128 (exact for float16 weights): 2 MB, where a widened copy was 4 MB and
    # missed the cache more after a scan's other stages had run
    table: npt.NDArray[np.complex64]
    bound: float | None  # max |weight| when every weight is float16-exact, else None


def _paired(first: Head, second: Head) -> _Pair | None:
    a, b = first.weights, second.weights
    key = (id(a), id(b))
    entry = _PAIRED.get(key)
    if entry is None or entry.first is not a or entry.second is not b:
        if a.dtype != np.float32 or b.dtype != np.float32 or a.shape != b.shape or a.ndim != 1:
            return None
        table = np.stack([a, b], axis=1).view(np.complex64).reshape(-1)
        both = np.concatenate([a, b])
        exact = bool(np.array_equal(both.astype(np.float16).astype(np.float32), both))
        bound = float(np.abs(both).max(initial=0.0)) if exact else None
        entry = _Pair(a, b, table, bound)
        with _PAIRED_LOCK:
            if len(_PAIRED) >= 8:
                _PAIRED.clear()
            _PAIRED[key] = entry
    return entry


def _gather(
    heads: Sequence[Head], ids: npt.NDArray[np.int64], pair: _Pair | None
) -> list[npt.NDArray[np.float32]]:
    """Each head's weights at `ids` (the same values as `head.weights[ids]`)."""
    if pair is not None:
        both = pair.table[ids].view(np.float32)
        return [both[0::2], both[1::2]]
    return [head.weights[ids] for head in heads]


def _totals(heads: Sequence[Head], ids: npt.NDArray[np.int64], pair: _Pair | None) -> list[float]:
    """Per head, the float64 sum of its weights at `ids` (`weights[ids].sum(float64)`)."""
    if pair is not None and pair.bound is not None and ids.size * pair.bound < _EXACT_LIMIT:
        total = pair.table[ids].astype(np.complex128).sum()
        return [float(total.real), float(total.imag)]
    return [float(weights.sum(dtype=np.float64)) for weights in _gather(heads, ids, pair)]


def _compiled_logits(
    heads: Sequence[Head], text: str, window: int, pair: _Pair | None
) -> list[Scored] | None:
    """Logits from one compiled pass (`features.bucket_total`, `features.best_windows`)
    over a float16-exact pair's table; one head is paired with itself.

    Every partial sum is exact (see `_EXACT_LIMIT`), so the order of additions does not
    matter and the logits are bit for bit those of the numpy path below (`_totals`, and
    cumulative sums for windows, whose first best window the compiled loop keeps too).
    None when the path does not apply."""
    if pair is None or pair.bound is None or pair.table.size != 1 << BITS:
        return None
    if len(text) + 2 > window:
        # the numpy path's cumulative sums reach the block's whole n-gram count (lower()
        # at most doubles a character: Turkish dotted I)
        if ngram_count(2 * len(text) + 2) * pair.bound >= _EXACT_LIMIT:
            return None
        found = best_windows(text, pair.table, window)
        if found is None:
            return None
        best_real, at_real, best_imag, at_imag = found
        root = math.sqrt(len(NGRAMS) * window)
        # prepared position p is text position p - 1
        return [
            (best / root + head.bias, max(0, at - 1), min(len(text), at + window - 1))
            for head, best, at in zip(
                heads, (best_real, best_imag), (at_real, at_imag), strict=False
            )
        ]
    total, count = bucket_total(text, pair.table)
    if count == 0 or count * pair.bound >= _EXACT_LIMIT:
        return None
    root = math.sqrt(count)
    return [
        (part / root + head.bias, 0, len(text))
        for head, part in zip(heads, (total.real, total.imag), strict=False)
    ]


def _logits(heads: Sequence[Head], text: str, window: int) -> list[Scored]:
    if len(heads) in (1, 2):
        fast = _compiled_logits(heads, text, window, _paired(heads[0], heads[-1]))
        if fast is not None:
            return fast
    return _numpy_logits(heads, text, window)


def _numpy_logits(heads: Sequence[Head], text: str, window: int) -> list[Scored]:
    """Any weights, any number of heads: gathers, sums and cumulative sums in numpy."""
    ids = bucket_ids(text)
    if ids.size == 0:
        return [(head.bias, 0, len(text)) for head in heads]
    pair = _paired(heads[0], heads[1]) if len(heads) == 2 else None
    if len(text) + 2 <= window:  # prepare() pads one space each side
        root = math.sqrt(ids.size)
        return [
            (total / root + head.bias, 0, len(text))
            for head, total in zip(heads, _totals(heads, ids, pair), strict=True)
        ]
    # lower() may lengthen the text: the prepared size from the n-gram count (3 size - 9
    # once it holds a 5-gram; the floor also fits sizes 3 and 4)
    size = (ids.size + 9) // 3
    out: list[Scored] = []
    for head, weights in zip(heads, _gather(heads, ids, pair), strict=True):
        per_position = np.zeros(size, dtype=np.float64)
        offset = 0
        for n in NGRAMS:
            count = size - n + 1
            per_position[:count] += weights[offset : offset + count]
            offset += count
        cumulative = np.concatenate(([0.0], np.cumsum(per_position)))
        sums = cumulative[window:] - cumulative[:-window]
        best = int(sums.argmax())
        logit = float(sums[best]) / math.sqrt(len(NGRAMS) * window) + head.bias
        # prepared position p is text position p - 1
        out.append((logit, max(0, best - 1), min(len(text), best + window - 1)))
    return out


def scored_windows(heads: Sequence[Head], text: str, window: int = WINDOW) -> list[Scored]:
    """Per head: (probability in (0, 1), start, end of the best window in `text`).

    The whole text up to `window` characters, else the best `window`-character span
    (stride 1, cumulative sums), so one injected paragraph in a long document is not
    diluted. Long texts are cut into blocks of `BLOCK` window starts (each block carries
    the `window - 1` characters its last windows need), which keeps numpy's working set in
    cache: the per-byte cost stays flat however long the text is."""
    if len(text) <= BLOCK + window:
        found = _logits(heads, text, window)
    else:
        found = [(-np.inf, 0, 0)] * len(heads)
        for start in range(0, len(text) - window + 1, BLOCK):
            block = _logits(heads, text[start : start + BLOCK + window - 1], window)
            found = [
                max(old, (logit, start + a, start + b))
                for old, (logit, a, b) in zip(found, block, strict=True)
            ]
    found = _with_meaning(heads, text, found)
    return [(float(1.0 / (1.0 + np.exp(-logit))), a, b) for logit, a, b in found]


def _with_meaning(heads: Sequence[Head], text: str, found: list[Scored]) -> list[Scored]:
    """Each head with a semantic term: its weights on the meaning of the span its n-grams
    chose (the whole text up to the window), added to the logit. Long texts keep the
    n-gram choice of window rather than searching every window's meaning."""
    stacked = _directions(heads)
    if stacked is None:
        return found
    table = load_vectors()
    if table is None:
        # the heads' biases lean on the term: without it they would quietly pass attacks
        raise RuntimeError("the classifier weighs meaning, but token_vectors.npz is missing")
    # every semantic head's term per span: one call serves all the heads of a short text
    terms: dict[tuple[int, int], list[float]] = {}
    out: list[Scored] = []
    at = 0
    for head, (logit, a, b) in zip(heads, found, strict=True):
        if head.semantic is None:
            out.append((logit, a, b))
            continue
        if (a, b) not in terms:
            terms[a, b] = meaning_terms(text[a:b], table, stacked)
        out.append((logit + terms[a, b][at], a, b))
        at += 1
    return out


def _directions(heads: Sequence[Head]) -> Directions | None:
    """The semantic heads' weights and fallbacks, stacked (None: no head has a semantic
    term); once per tuple of heads (the engines pass the same tuple every time). A tuple
    of frozen heads cannot change, and its entry keeps it alive, so no other tuple takes
    its id while it is cached; other sequences are stacked at each call."""
    if type(heads) is not tuple:
        return _stacked(heads)
    entry = _DIRECTIONS.get(id(heads))
    if entry is None:
        entry = (heads, _stacked(heads))
        with _DIRECTIONS_LOCK:
            if len(_DIRECTIONS) >= 64:  # a tuple per tenant's threshold; bound it anyway
                _DIRECTIONS.clear()
            _DIRECTIONS[id(heads)] = entry
    return entry[1]


def _stacked(heads: Sequence[Head]) -> Directions | None:
    pairs = [
        (
            head.semantic,
            np.zeros_like(head.semantic) if head.meaning_mean is None else head.meaning_mean,
        )
        for head in heads
        if head.semantic is not None
    ]
    return directions(pairs) if pairs else None


def raw_scores(heads: Sequence[Head], text: str, window: int = WINDOW) -> list[float]:
    """Probability per head (see `scored_windows`)."""
    return [probability for probability, _a, _b in scored_windows(heads, text, window)]


def raw_score(head: Head, text: str, window: int = WINDOW) -> float:
    """`raw_scores` for one head."""
    return raw_scores((head,), text, window)[0]


def with_threshold(head: Head, threshold: float) -> Head:
    """The head with a tenant's decision threshold; its support line keeps its ratio to
    the threshold, so the band a weak rule lifts moves with the line, never collapses."""
    if head.support is None or head.threshold <= 0:
        return replace(head, threshold=threshold)
    return replace(head, threshold=threshold, support=head.support * threshold / head.threshold)


def calibrated(head: Head, probability: float) -> float:
    """Map a probability so the head's threshold lands on 0.5 (the default block line) and
    its support line on `SUPPORT_LINE`, linearly in between and on either side.

    A missing support line, or one at or over the threshold (`with_threshold` keeps a
    tenant's below it), falls back to 0.7 * threshold: one straight line below it."""
    t = min(max(head.threshold, 1e-6), 1 - 1e-6)
    if probability >= t:
        return 0.5 + 0.5 * (probability - t) / (1 - t)
    low = head.support if head.support is not None and 0 < head.support < t else 0.7 * t
    if probability >= low:
        return SUPPORT_LINE + (0.5 - SUPPORT_LINE) * (probability - low) / (t - low)
    return SUPPORT_LINE * probability / low
