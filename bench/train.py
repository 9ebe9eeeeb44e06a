"""Train the shipped injection classifier (`make train`).

Reproducible: fixed hash split (see devdata.py), permissively licensed files only, a
deterministic solver. Three heads share the hashed n-gram features of
`agentguard.engines.features`:
  injection  user prompts that hijack the task (deepset, Gandalf, Mosscap) vs benign;
  jailbreak  user prompts that unlock forbidden behaviour (jackhhao, JailbreakBench) vs benign;
  indirect   text read from tools/documents: embedded instructions vs clean documents.
Each head's decision threshold is set from 5-fold out-of-fold scores on the training rows
so that about TARGET_FPR of benign training rows would be blocked; the two user heads share
that budget in the split that catches the most training attacks out of fold (`split_budget`),
and the loss (logistic or squared hinge) and C are chosen the same way. Features are
scaled by their relevance (`relevance`).
Writes shared/src/agentguard/engines/data/injection_model.npz.
"""

import itertools
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.special import expit, logit
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import LinearSVC

from agentguard.engines.classifier import ARTIFACT, INDIRECT_WINDOW
from agentguard.engines.features import BITS, bucket_ids
from agentguard.engines.gibberish import VOCABULARY, words_of
from agentguard.engines.normalize import normalize
from agentguard.engines.semantic import blended, load_vectors, text_vector

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devdata

DATA = devdata.ROOT / "shared" / "src" / "agentguard" / "engines" / "data"
OUT = DATA / ARTIFACT
# JailbreakBench rows made by token search are the gibberish the vocabulary must not learn
SEARCHED = {"GCG", "DSN", "adaptive_random_search"}
TARGET_FPR = 0.01
# a head's support line (`Head.support`): the score above which this many times the
# benign texts it blocks lie out of fold; a weak rule lifts a score from there to a block
SUPPORT_FACTOR = 3.0
NB_ALPHA = 0.5  # smoothing of the document frequencies behind `relevance`
NB_FLOOR = 0.5  # every feature keeps at least this scale
# (loss, C) tried per head; the one with the best out-of-fold recall is kept. "logistic"
# is L2 logistic regression, "hinge" an L2 linear SVM (squared hinge), whose margins rank
# long role-play jailbreaks better (out of fold 0.88 -> 0.90 at the jailbreak budget).
# The hinge must win by HINGE_MARGIN: its benign scores crowd just under the line, so a
# tie goes to the logistic fit, which keeps plain questions far below it.
Candidate = tuple[str, float]
HINGE_MARGIN = 0.01
DIRECT_FITS: tuple[Candidate, ...] = (
    ("logistic", 16.0),
    ("logistic", 32.0),
    ("hinge", 1.0),
    ("hinge", 2.0),
)
CV_SEEDS = (0, 1, 2)
# the injection head's share of the direct heads' benign budget, tried in turn
SHARES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
INDIRECT_FITS: tuple[Candidate, ...] = (
    ("logistic", 2.0),
    ("logistic", 4.0),
    ("hinge", 0.5),
    ("hinge", 1.0),
    ("hinge", 2.0),
)
NOISY = {"injection_mosscap_sample_noisy.jsonl": 0.5}
# Heads that also weigh a text's static token vector (`agentguard.engines.semantic`).
# Out of fold (one shuffle, logistic C=32), at 0.2% / 0.4% / 0.6% of benign rows: the
# jailbreak head 0.781 / 0.819 / 0.862 -> 0.858 / 0.919 / 0.939, the injection head
# - / 0.727 / 0.750 -> 0.667 / 0.730 / 0.768. Scales 0.5 and 2 did no better than 1, 64
# dimensions worse than 128 for the jailbreak head (level for the injection head). All
# measured before the blend with the mean vector and "_" as a mark, added after a review
# found glued words hid an attack's meaning. The indirect head: +0.005 at 1%, not used.
SEMANTIC_HEADS = frozenset({"injection", "jailbreak"})
SEMANTIC_SCALE = 1.0
FAMILIES = {
    "injection": (
        "injection_deepset_train.jsonl",
        "injection_gandalf_ignore_instructions.jsonl",
        "injection_mosscap_sample_noisy.jsonl",
    ),
    "jailbreak": ("jailbreak_jackhhao_classification.jsonl", "jailbreak_jbb_artifacts.jsonl"),
}
BENIGN_FILES = (
    "injection_deepset_train.jsonl",
    "jailbreak_jackhhao_classification.jsonl",
    "benign_jbb_behaviors.jsonl",
    "benign_xstest_safe.jsonl",
)
BIPIA = "injection_bipia_indirect_constructed.jsonl"

EXTRA_GROUPS = 200_000  # group ids at or above this are extra negatives (not calibrated on)
GOAL_GROUPS = 5 * EXTRA_GROUPS  # JailbreakBench's bare requests (`jbb_goals`)
GOAL_WEIGHT = 1.0
ATTACK_GROUPS = 100_000
DOCUMENT_GROUPS = 50_000  # our own clean documents: below ATTACK_GROUPS, so calibrated on
# the subtypes of our own benign rows that are documents an agent reads, not prompts
DOCUMENT_SUBTYPES = frozenset(
    {
        # round 3
        "clean_email",
        "clean_code_answer",
        "clean_web_text",
        # round 8
        "support_thread",
        "worksheet_or_quiz",
        "faq_page",
        "tutorial_steps",
        "code_review_or_issue",
        "forum_post_question",
        "writing_prompt_list",
        "meeting_notes_actions",
        "german_or_mixed",
        "email_with_requests",
    }
)
# text, label, weight, CV group (source document), and for a planted document's clean
# windows the id of that document when the group holds several (see `_planted`)
Sample = tuple[str, int, float, int] | tuple[str, int, float, int, int]


def direct_samples(family: str) -> list[Sample]:
    """(text, label, weight, group) for one direct head: its family's attacks vs every benign
    prompt (all files), BIPIA's clean documents and plain documents."""
    out: list[Sample] = []
    group = itertools.count()  # every prompt is its own group: prompts are independent
    for name in FAMILIES[family]:
        weight = NOISY.get(name, 1.0)
        out.extend(
            (r["text"], 1, weight, next(group))
            for r in devdata.rows(name, "train")
            if r["label"] == 1
        )
    out.extend(
        (r["text"], 1, 1.0, next(group))
        for r in devdata.authored(devdata.AUTHORED_ATTACKS)
        if r["category"] == family
    )
    if family == "jailbreak":
        # The request a JailbreakBench artifact wraps, alone, is a negative: the head is to
        # learn the jailbreak (persona, role-play, searched suffix), not the topic. Without
        # it, trained without JBB's harmless mirrors, the head blocked 10 of their 32
        # evaluation rows ("Write a letter to a colleague regarding their biracial
        # marriage"). Learnt from, not calibrated on.
        out.extend((goal, 0, GOAL_WEIGHT, GOAL_GROUPS + i) for i, goal in enumerate(jbb_goals()))
    for name in (*BENIGN_FILES, BIPIA):
        out.extend(
            (r["text"], 0, 1.0, next(group)) for r in devdata.rows(name, "train") if r["label"] == 0
        )
    # our own hard negatives are calibrated on too: they are prompts users send; our own
    # documents are learnt from but, like the plain documents below, not calibrated on
    for i, r in enumerate(devdata.authored(devdata.AUTHORED_BENIGN)):
        group_id = 3 * EXTRA_GROUPS + i if is_document(r) else next(group)
        out.append((r["text"], 0, 1.0, group_id))
    # Text users paste that is benign for injection (MIT, not part of the injection eval):
    # sentences with personal data and code/config lines. They widen the benign side beyond
    # chat prompts; the threshold is still set on the prompt negatives above.
    out.extend(_plain_documents())
    return out


def jbb_goals() -> list[str]:
    """The distinct harmful requests behind JailbreakBench's training artifacts."""
    rows = devdata.rows("jailbreak_jbb_artifacts.jsonl", "train")
    return sorted({str(r["goal"]) for r in rows if r["label"] == 1 and r.get("goal")})


def _plain_documents() -> list[Sample]:
    docs: list[Sample] = []
    for offset, name in (
        (EXTRA_GROUPS, devdata.PII_FILE),
        (2 * EXTRA_GROUPS, devdata.SECRETS_FILE),
    ):
        docs.extend((r["text"], 0, 1.0, offset + i) for i, r in enumerate(devdata.load(name)))
    return docs


def is_document(row: devdata.Row) -> bool:
    """One of our benign rows written as a document an agent reads, not a prompt."""
    subtype = str(row.get("subtype", ""))
    return subtype.startswith("document_") or subtype in DOCUMENT_SUBTYPES


def windows(text: str, size: int = INDIRECT_WINDOW) -> list[str]:
    """Overlapping windows, as the indirect head sees a document at inference."""
    if len(text) <= size:
        return [text]
    return [text[i : i + size] for i in range(0, len(text) - size // 2, size // 2)]


def around(document: str, injected: str, size: int = INDIRECT_WINDOW) -> list[str]:
    """Windows of `document` that hold all of `injected`: at the window's start, middle and
    end. Inference scores a document's best window, where the instruction comes with the
    text around it; a head trained on the bare instruction alone undershoots there."""
    at = document.find(injected)
    if at < 0 or len(document) <= size:
        return [document]
    found = []
    for lead in (0, max(0, (size - len(injected)) // 2), max(0, size - len(injected))):
        start = max(0, min(at - lead, len(document) - size))
        found.append(document[start : start + size])
    return list(dict.fromkeys(found))


def _planted(document: str, injected: str, group: int, index: int) -> list[Sample]:
    """A document with a planted instruction: the instruction and the windows around it
    are positives (the windows share one unit of weight), the rest is clean text, counted
    as document `index` when the benign rate is set (the group may hold several)."""
    near = around(document, injected)
    out: list[Sample] = [(injected, 1, 1.0, group)]
    out.extend((chunk, 1, 1.0 / len(near), group) for chunk in near)
    context = document.replace(injected, " ")
    out.extend((chunk, 0, 0.5, group, index) for chunk in windows(context))
    return out


def indirect_samples() -> list[Sample]:
    """Embedded instructions and direct attacks vs windows of clean documents.

    BIPIA rows that plant the same instruction share a group (the split keys on it too),
    so no fold is scored on an instruction it was trained on (a context BIPIA reuses under
    another instruction, or as a clean row, may still sit in another fold)."""
    out: list[Sample] = []
    first: dict[str, int] = {}
    for index, row in enumerate(devdata.rows(BIPIA, "train")):
        if row["label"] == 1 and row.get("injected_text"):
            injected = row["injected_text"]
            # the split's key: the canonical instruction
            group = first.setdefault(devdata.canonical(injected), index)
            out.extend(_planted(row["text"], injected, group, index))
        elif row["label"] == 0:
            out.extend((chunk, 0, 1.0, index) for chunk in windows(row["text"]))
    # Plain documents: text an agent reads that carries no instruction.
    out.extend(_plain_documents())
    # Our own benign texts, cut into the windows inference scores. Those written as
    # documents an agent reads are calibrated on with BIPIA's clean ones, so the threshold
    # holds on more than BIPIA's two genres (emails, code answers); the prompts are not.
    for i, r in enumerate(devdata.authored(devdata.AUTHORED_BENIGN)):
        group = (DOCUMENT_GROUPS if is_document(r) else 3 * EXTRA_GROUPS) + i
        out.extend((chunk, 0, 1.0, group) for chunk in windows(r["text"]))
    for i, r in enumerate(devdata.authored(devdata.AUTHORED_ATTACKS)):
        if r["category"] != "indirect":
            continue
        group = 4 * EXTRA_GROUPS + i
        injected = r.get("injected_text")
        if injected:  # as with BIPIA
            out.extend(_planted(r["text"], injected, group, group))
        else:  # a short document that is all instruction
            out.append((r["text"], 1, 1.0, group))
    attack_group = itertools.count(ATTACK_GROUPS)
    for name in ("injection_gandalf_ignore_instructions.jsonl", "injection_deepset_train.jsonl"):
        out.extend(
            (r["text"], 1, 0.5, next(attack_group))
            for r in devdata.rows(name, "train")
            if r["label"] == 1
        )
    return out


def matrix(texts: list[str]) -> sparse.csr_matrix:
    """Rows of bucket counts / sqrt(n-gram count), as inference computes them for a text
    up to the window (a longer one is scored on its windows)."""
    indptr, indices, values = [0], [], []
    for text in texts:
        ids = bucket_ids(normalize(text).text)
        if ids.size:
            uniq, counts = np.unique(ids, return_counts=True)
            indices.append(uniq)
            values.append(counts / np.sqrt(ids.size))
            indptr.append(indptr[-1] + uniq.size)
        else:
            indptr.append(indptr[-1])
    return sparse.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(indptr)),
        shape=(len(texts), 1 << BITS),
        dtype=np.float64,
    )


def meaning_columns(
    texts: list[str],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
    """Each text's meaning (`semantic.blended`, times SEMANTIC_SCALE) as dense columns,
    and the mean vector the blend falls back on: the mean of the texts' own vectors
    (label-free, so computed on all rows once)."""
    table = load_vectors()
    if table is None:
        raise RuntimeError("token_vectors.npz is missing: run bench/distill_tokens.py")
    found = [text_vector(normalize(text).text, table) for text in texts]
    known = [vector for vector, _coverage in found if vector is not None]
    mean = np.mean(known, axis=0).astype(np.float32)
    columns = np.array([blended(meaning, mean) for meaning in found], dtype=np.float64)
    return columns * SEMANTIC_SCALE, mean


@dataclass(frozen=True)
class Model:
    """A logistic regression over relevance-scaled features; `weights` act on raw features."""

    weights: npt.NDArray[np.float64]
    bias: float

    def predict(self, x: sparse.csr_matrix) -> npt.NDArray[np.float64]:
        """P(attack) per row."""
        margin = np.asarray(x @ self.weights).ravel() + self.bias
        probability: npt.NDArray[np.float64] = expit(margin)  # no overflow on large margins
        return probability


def margin(probability: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The margin behind a probability (its logit), finite at 0 and 1."""
    found: npt.NDArray[np.float64] = logit(np.clip(probability, 1e-12, 1 - 1e-12))
    return found


def platt(
    oofs: tuple[npt.NDArray[np.float64], ...], y: npt.NDArray[np.int64]
) -> tuple[float, float]:
    """(a, b) such that sigmoid(a * margin + b) is P(attack) on the out-of-fold scores,
    classes balanced (Platt scaling), so a head's probability means the same whichever
    loss trained it: the sigmoid of a squared-hinge margin is not a probability."""
    margins = np.concatenate([margin(oof) for oof in oofs])
    labels = np.tile(y, len(oofs))
    model = LogisticRegression(C=1e4, class_weight="balanced", solver="lbfgs")
    model.fit(margins[:, None], labels)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def relevance(x: sparse.csr_matrix, y: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Per-feature scale: |log ratio| of the feature's document frequency among attacks and
    among benign rows (smoothed), plus a floor.

    A feature seen on one side only is scaled up, a feature both sides share down, so the
    L2 penalty falls hardest on n-grams that say little (the NB-SVM idea of Wang & Manning,
    2012). The scale folds into the stored weights: inference is unchanged."""
    present = (x > 0).astype(np.float64)
    attacks = np.asarray(present[y == 1].sum(axis=0)).ravel() + NB_ALPHA
    benign = np.asarray(present[y == 0].sum(axis=0)).ravel() + NB_ALPHA
    ratio = np.log((attacks / attacks.sum()) / (benign / benign.sum()))
    return cast(npt.NDArray[np.float64], np.abs(ratio) + NB_FLOOR)


def fit(
    x: sparse.csr_matrix,
    y: npt.NDArray[np.int64],
    w: npt.NDArray[np.float64],
    candidate: Candidate,
) -> Model:
    """Deterministic L2 linear model on relevance-scaled features, classes balanced.

    Either loss gives a weight vector and a bias; inference reads the sigmoid of the
    margin, which the stored threshold cuts wherever it came from (only the ranking of
    out-of-fold scores sets it)."""
    loss, c = candidate
    scale = relevance(x, y)
    model: LogisticRegression | LinearSVC
    if loss == "hinge":
        model = LinearSVC(C=c, class_weight="balanced", max_iter=5000, random_state=0)
    else:
        model = LogisticRegression(
            C=c, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=0
        )
    model.fit(x @ sparse.diags(scale), y, sample_weight=w)
    return Model(model.coef_[0] * scale, float(model.intercept_[0]))


def threshold_at(negatives: npt.NDArray[np.float64], fpr: float) -> float:
    """Smallest threshold that blocks at most `fpr` of these benign scores."""
    ranked = np.sort(negatives)[::-1]
    allowed = int(np.floor(fpr * ranked.size))
    return float(ranked[allowed]) + 1e-6 if ranked.size else 0.5


def per_document(
    scores: npt.NDArray[np.float64], documents: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """The best score of each benign document (`documents` < 0: not calibrated on).

    Inference blocks a text when its best window does, so the benign rate that matters is
    per document, not per window: a clean email of ten windows has ten chances."""
    chosen = documents >= 0
    ids, index = np.unique(documents[chosen], return_inverse=True)
    best = np.full(ids.size, -np.inf)
    np.maximum.at(best, index, scores[chosen])
    return best


def operating_point(
    oofs: tuple[npt.NDArray[np.float64], ...],
    y: npt.NDArray[np.int64],
    documents: npt.NDArray[np.int64],
    fpr: float,
) -> tuple[float, float, str]:
    """(mean out-of-fold recall, median threshold, spread) over the CV shuffles' scores,
    with each threshold blocking at most `fpr` of the benign documents."""
    thresholds, recalls = [], []
    for oof in oofs:
        t = threshold_at(per_document(oof, documents), fpr)
        thresholds.append(t)
        recalls.append(float((oof[y == 1] >= t).mean()))
    spread = f"{min(thresholds):.3f}-{max(thresholds):.3f}"
    return float(np.mean(recalls)), float(np.median(thresholds)), spread


@dataclass(frozen=True)
class Trained:
    """One head fitted on all its training rows, with the out-of-fold scores that set its
    threshold (one array per CV shuffle)."""

    name: str
    model: Model
    oof: tuple[npt.NDArray[np.float64], ...]
    y: npt.NDArray[np.int64]
    documents: npt.NDArray[np.int64]  # benign rows' document ids, -1 if not calibrated on
    fit: Candidate  # the loss and C picked out of fold
    meaning_mean: npt.NDArray[np.float32] | None = None  # the blend's fallback, if weighed

    def operating_point(self, fpr: float) -> tuple[float, float, str]:
        """(mean out-of-fold recall, median threshold, spread) at this benign rate."""
        return operating_point(self.oof, self.y, self.documents, fpr)

    def arrays(self, threshold: float, rate: float) -> dict[str, npt.NDArray[np.generic]]:
        """This head's entries in the artifact: weights, bias, threshold (blocking `rate`
        of the benign texts) and support line."""
        _recall, support, _spread = self.operating_point(SUPPORT_FACTOR * rate)
        grams, meaning = np.split(self.model.weights, [1 << BITS])
        semantic = {}
        if meaning.size and self.meaning_mean is not None:
            semantic = {
                f"{self.name}_u": (meaning * SEMANTIC_SCALE).astype(np.float32),
                f"{self.name}_m": self.meaning_mean,
            }
        return semantic | {
            f"{self.name}_w": grams.astype(np.float16),
            f"{self.name}_b": np.array(self.model.bias),
            f"{self.name}_t": np.array(threshold),
            f"{self.name}_s": np.array(min(support, threshold)),
            # read back by `make eval-sources`, which retrains with the same fit
            f"{self.name}_fit": np.array(f"{self.fit[0]}:{self.fit[1]}"),
        }


def train_head(
    name: str,
    samples: list[Sample],
    grid: tuple[Candidate, ...],
    calibrate_below: int,
    target_fpr: float,
) -> Trained:
    """Pick the loss and C by repeated 5-fold CV, then fit on all training rows.

    A threshold at a fraction of a percent of benign rows rests on a handful of them, so
    one shuffle's choice swings with a single added row; the CV is repeated with
    `CV_SEEDS` shuffles, the fit is picked on mean out-of-fold recall at `target_fpr` and the
    threshold (`Trained.operating_point`) is the median of the per-shuffle thresholds.
    With `calibrate_below`, the threshold is set on negatives whose group id is below it
    (the in-domain texts), not on easy extra negatives that would loosen it; the group is
    the source document, and the benign rate is counted per document (`per_document`).
    """
    texts = [s[0] for s in samples]
    y = np.array([s[1] for s in samples], dtype=np.int64)
    w = np.array([s[2] for s in samples], dtype=np.float64)
    x = matrix(texts)
    meaning_mean = None
    if name in SEMANTIC_HEADS:
        columns, meaning_mean = meaning_columns(texts)
        x = sparse.hstack([x, sparse.csr_matrix(columns)], format="csr")
    groups = np.array([s[3] for s in samples], dtype=np.int64)
    ids = np.array([s[-1] for s in samples], dtype=np.int64)  # document: see `Sample`
    documents = np.where((groups < calibrate_below) & (y == 0), ids, -1)
    splits = [
        # windows of one document stay in one fold
        list(StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=seed).split(x, y, groups))
        for seed in CV_SEEDS
    ]
    best: dict[str, tuple[float, Candidate, tuple[npt.NDArray[np.float64], ...]]] = {}
    for candidate in grid:
        oofs = []
        for folds in splits:
            oof = np.zeros(y.size)
            for train_idx, test_idx in folds:
                model = fit(x[train_idx], y[train_idx], w[train_idx], candidate)
                oof[test_idx] = model.predict(x[test_idx])
            oofs.append(oof)
        recall, t, spread = operating_point(tuple(oofs), y, documents, target_fpr)
        print(
            f"  {name} {candidate[0]} C={candidate[1]}: out-of-fold recall {recall:.3f} "
            f"at FPR<={target_fpr} (t={t:.3f}, {spread} over {len(splits)} shuffles)"
        )
        loss = candidate[0]
        if loss not in best or recall > best[loss][0]:
            best[loss] = (recall, candidate, tuple(oofs))
    logistic = best.get("logistic", (-1.0, grid[0], ()))
    hinge = best.get("hinge", (-1.0, grid[0], ()))
    _recall, candidate, chosen = hinge if hinge[0] >= logistic[0] + HINGE_MARGIN else logistic
    a, b = platt(chosen, y)
    print(
        f"  {name}: {candidate[0]} C={candidate[1]}, {y.size} rows ({int(y.sum())} positive), "
        f"Platt a={a:.3f} b={b:.3f}"
    )
    model = fit(x, y, w, candidate)
    # folded into the weights: inference computes sigmoid(a * margin + b) as it is
    scaled = Model(model.weights * a, model.bias * a + b)
    rescaled = tuple(expit(a * margin(oof) + b) for oof in chosen)
    return Trained(name, scaled, rescaled, y, documents, candidate, meaning_mean)


def split_budget(heads: list[Trained], fpr: float) -> list[tuple[Trained, float, float]]:
    """Share the direct heads' benign budget where it catches the most attacks.

    Each head blocks at most its share of `fpr` of the benign rows (the same rows for
    both), so together at most `fpr`; the split maximises the attacks caught out of fold,
    each head counted on its own family's training attacks (an attack the other head also
    catches is not counted twice, nor credited to it). The fit was picked at an even
    split. Returns each head with its threshold and the benign rate it blocks."""
    best: tuple[float, list[tuple[Trained, float, float]]] = (-1.0, [])
    for share in SHARES:
        rates = (fpr * share, fpr * (1 - share))
        caught = 0.0
        points = []
        for head, rate in zip(heads, rates, strict=True):
            recall, t, _spread = head.operating_point(rate)
            caught += recall * int(head.y.sum())
            points.append((head, t, rate))
        print(f"  {heads[0].name} share {share:.2f}: {caught:.0f} attacks caught out of fold")
        if caught > best[0]:
            best = (caught, points)
    return best[1]


def write_vocabulary() -> None:
    """Words found in at least two training prompts (searched suffixes excluded): the
    plain-language vocabulary of `agentguard.engines.gibberish`."""
    seen: Counter[str] = Counter()
    texts = [
        r["text"]
        for name in devdata.TRAINABLE
        for r in devdata.rows(name, "train")
        if r.get("method") not in SEARCHED
    ]
    texts += [
        r["text"] for r in devdata.authored(devdata.AUTHORED_BENIGN + devdata.AUTHORED_ATTACKS)
    ]
    for text in texts:
        seen.update({w for token in text.split() for w in words_of(token)})
    words = sorted(w for w, count in seen.items() if count >= 2)
    (DATA / VOCABULARY).write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {VOCABULARY}")


# the (loss, C) candidates each head tries
FITS: dict[str, tuple[Candidate, ...]] = {
    "injection": DIRECT_FITS,
    "jailbreak": DIRECT_FITS,
    "indirect": INDIRECT_FITS,
}


def train_heads(
    fits: dict[str, tuple[Candidate, ...]] = FITS,
) -> dict[str, npt.NDArray[np.generic]]:
    """Every head's artifact entries (weights, bias, threshold, support line), each head
    picking its fit from `fits`; the direct heads share the benign budget."""
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    direct = [
        train_head(family, direct_samples(family), fits[family], EXTRA_GROUPS, TARGET_FPR / 2)
        for family in FAMILIES
    ]
    for head, threshold, rate in split_budget(direct, TARGET_FPR):
        arrays |= head.arrays(threshold, rate)
        support = float(arrays[f"{head.name}_s"])
        print(f"  {head.name}: threshold {threshold:.3f}, support line {support:.3f}")
    indirect = train_head(
        "indirect", indirect_samples(), fits["indirect"], ATTACK_GROUPS, TARGET_FPR
    )
    _recall, threshold, _spread = indirect.operating_point(TARGET_FPR)
    arrays |= indirect.arrays(threshold, TARGET_FPR)
    support = float(arrays["indirect_s"])
    print(f"  indirect: threshold {threshold:.3f}, support line {support:.3f}")
    return arrays


def main() -> None:
    """Train every head and write the artifact."""
    started = time.perf_counter()
    write_vocabulary()
    arrays: dict[str, npt.NDArray[np.generic]] = {"bits": np.array(BITS)}
    arrays |= train_heads()
    meta = {"split_salt": devdata.SALT, "files": list(devdata.TRAINABLE), "target_fpr": TARGET_FPR}
    arrays["meta"] = np.array(json.dumps(meta))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **cast(dict[str, Any], arrays))  # stub types **kwds oddly
    size = OUT.stat().st_size / 1e6
    took = time.perf_counter() - started
    print(f"wrote {OUT.relative_to(devdata.ROOT)} ({size:.2f} MB) in {took:.0f}s")


if __name__ == "__main__":
    main()
