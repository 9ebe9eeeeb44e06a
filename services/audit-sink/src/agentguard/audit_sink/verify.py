"""Offline verification of an audit log with the public key only.

Walks every segment in order, recomputes the hash chain, checks that seqs run without gaps,
that each checkpoint is signed by the expected key and matches the recomputed head, and that
nothing follows the last checkpoint. Stops at the first problem and says where it is.
"""

import hashlib
import re
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from agentguard.audit_sink.chain import GENESIS, Checkpoint, Header, Record, parse_line
from agentguard.audit_sink.core import iso_utc
from agentguard.audit_sink.errors import FormatError
from agentguard.audit_sink.signing import CheckpointVerifier
from agentguard.audit_sink.store import segment_paths

__all__ = ["Problem", "VerifyReport", "resolve_active", "verify_log"]

_ROTATED = re.compile(r"-\d{12}$")


def resolve_active(path: Path) -> Path:
    """The active segment of the log at path (a segment file or the log's directory)."""
    if not path.is_dir():
        return path
    stems = {_ROTATED.sub("", p.stem) for p in path.glob("*.jsonl")}
    if len(stems) != 1:
        found = ", ".join(sorted(stems)) or "none"
        msg = f"expected one audit log in {path}, found: {found}"
        raise FormatError(msg)
    return path / f"{stems.pop()}.jsonl"


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong with the log, and where."""

    kind: str
    segment: str
    line: int
    seq: int | None
    message: str


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """Outcome of a verification."""

    ok: bool
    records: int
    checkpoints: int
    segments: int
    first_seq: int | None
    last_seq: int | None
    head: str
    last_checkpoint_at: str | None
    from_genesis: bool
    seconds: float
    problem: Problem | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


class _Walk:
    """Verification state across segments."""

    def __init__(self, verifier: CheckpointVerifier, expect: tuple[int, str] | None) -> None:
        self.verifier = verifier
        self.expect = expect
        self.next_seq: int | None = None
        self.first_seq: int | None = None
        self.prev = GENESIS
        self.records = 0
        self.checkpoints = 0
        self.cp_index: int | None = None
        self.cp_seq = -1
        self.cp_at: str | None = None
        self.segment = ""
        self.line = 0
        self.expect_seen = False

    def fail(self, kind: str, seq: int | None, message: str) -> Problem:
        return Problem(kind, self.segment, self.line, seq, message)

    def header(self, header: Header, path: Path, active: Path) -> Problem | None:
        if path != active and not path.stem.endswith(f"-{header.first_seq:012d}"):
            return self.fail("malformed", None, "segment name and header disagree")
        if self.next_seq is None:
            self.next_seq, self.first_seq, self.prev = (
                header.first_seq,
                header.first_seq,
                header.prev,
            )
            return None
        if header.first_seq != self.next_seq or header.prev != self.prev:
            return self.fail(
                "missing",
                self.next_seq,
                f"segment starts at seq {header.first_seq}, expected {self.next_seq}"
                " (records or a whole segment were removed or replaced)",
            )
        return None

    def record(self, rec: Record) -> Problem | None:
        expected = self.next_seq
        if rec.seq != expected:
            if expected is not None and rec.seq > expected:
                kind, what = "missing", f"records {expected}..{rec.seq - 1} are missing"
            else:
                kind, what = "reordered", f"seq {rec.seq} where {expected} was expected"
            return self.fail(kind, expected, f"{what} (deleted, reordered or inserted)")
        hasher = hashlib.sha256(self.prev.encode("ascii") + b"\n")
        hasher.update(rec.body)
        digest = hasher.hexdigest()
        if digest != rec.hash:
            return self.fail("modified", rec.seq, "record does not hash to its chain link")
        if self.expect is not None and rec.seq == self.expect[0]:
            if rec.hash != self.expect[1]:
                return self.fail("modified", rec.seq, "record differs from the expected head")
            self.expect_seen = True
        self.prev = digest
        self.next_seq = rec.seq + 1
        self.records += 1
        return None

    def checkpoint(self, cp: Checkpoint) -> Problem | None:
        if cp.key_id != self.verifier.key_id:
            return self.fail("bad_signature", cp.seq, f"checkpoint signed by key {cp.key_id}")
        if not self.verifier.valid(cp.body, cp.signature):
            return self.fail("bad_signature", cp.seq, "checkpoint signature is not valid")
        problem = self._placed(cp)
        if problem is None:
            self.cp_index, self.cp_seq, self.cp_at = cp.index, cp.seq, cp.at
            self.checkpoints += 1
        return problem

    def _placed(self, cp: Checkpoint) -> Problem | None:
        """Whether a validly signed checkpoint sits where it belongs and matches the chain."""
        if self.cp_index is not None and cp.index != self.cp_index + 1:
            return self.fail("missing", cp.seq, f"checkpoint {cp.index} follows {self.cp_index}")
        if self.cp_at is not None and cp.at < self.cp_at:
            return self.fail("reordered", cp.seq, "checkpoint is older than its predecessor")
        last = -1 if self.next_seq is None else self.next_seq - 1
        if cp.seq > last:
            return self.fail(
                "missing", last + 1, f"records {last + 1}..{cp.seq} are missing before checkpoint"
            )
        if cp.seq < last:
            return self.fail(
                "inserted", cp.seq + 1, f"records {cp.seq + 1}..{last} were not in the signed log"
            )
        if cp.head != self.prev:
            start = self.cp_seq + 1 if self.cp_index is not None else self.first_seq
            return self.fail(
                "modified",
                start,
                f"signed head at seq {cp.seq} does not match the records: records from seq"
                f" {start} to {cp.seq} were modified, removed or inserted",
            )
        return None


def _walk_segment(walk: _Walk, path: Path, active: Path) -> Problem | None:
    walk.segment = path.name
    data = path.read_bytes()
    lines = data.split(b"\n")
    if lines[-1]:
        walk.line = len(lines)
        return walk.fail("truncated", walk.next_seq, "last line is cut off")
    for number, raw in enumerate(lines[:-1], start=1):
        walk.line = number
        try:
            line = parse_line(raw)
        except FormatError as exc:
            return walk.fail("malformed", walk.next_seq, exc.reason)
        if number == 1 and not isinstance(line, Header):
            return walk.fail("malformed", walk.next_seq, "segment does not start with a header")
        if isinstance(line, Record):
            problem = walk.record(line)
        elif isinstance(line, Checkpoint):
            problem = walk.checkpoint(line)
        elif number == 1:
            problem = walk.header(line, path, active)
        else:
            problem = walk.fail("inserted", walk.next_seq, "segment header inside a segment")
        if problem is not None:
            return problem
    if len(lines) == 1:
        return walk.fail("truncated", walk.next_seq, "empty segment")
    return None


def _finish(
    walk: _Walk, *, allow_unsigned_tail: bool, max_age_s: float | None, now: datetime
) -> Problem | None:
    last = None if walk.next_seq is None else walk.next_seq - 1
    if last is not None and last > walk.cp_seq and not allow_unsigned_tail:
        return walk.fail(
            "unsigned_tail",
            walk.cp_seq + 1,
            f"records {walk.cp_seq + 1}..{last} follow the last checkpoint: truncated"
            " checkpoint or records appended without the key",
        )
    if walk.expect is not None and not walk.expect_seen:
        return walk.fail(
            "truncated", walk.expect[0], f"expected record {walk.expect[0]} is not in the log"
        )
    if max_age_s is not None and walk.records:
        oldest_ok = iso_utc(datetime.fromtimestamp(now.timestamp() - max_age_s, tz=now.tzinfo))
        if walk.cp_at is None or walk.cp_at < oldest_ok:
            return walk.fail(
                "truncated", walk.cp_seq + 1, f"last checkpoint is older than {max_age_s:.0f}s"
            )
    return None


def verify_log(
    path: Path,
    verifier: CheckpointVerifier,
    *,
    require_genesis: bool = False,
    allow_unsigned_tail: bool = False,
    expect: tuple[int, str] | None = None,
    max_age_s: float | None = None,
    now: datetime | None = None,
) -> VerifyReport:
    """Verify the whole log at path; `expect` is an externally kept (seq, hash) anchor."""
    started = time.perf_counter()
    active = resolve_active(path)
    segments = segment_paths(active)
    walk = _Walk(verifier, expect)
    problem: Problem | None = None
    if not segments:
        problem = Problem("missing", active.name, 0, None, "no audit log here")
    for segment in segments:
        problem = _walk_segment(walk, segment, active)
        if problem is not None:
            break
    if problem is None:
        if require_genesis and walk.first_seq not in (None, 0):
            problem = walk.fail("missing", 0, f"log starts at seq {walk.first_seq}, not 0")
        else:
            problem = _finish(
                walk,
                allow_unsigned_tail=allow_unsigned_tail,
                max_age_s=max_age_s,
                now=now or datetime.now().astimezone(),
            )
    return VerifyReport(
        ok=problem is None,
        records=walk.records,
        checkpoints=walk.checkpoints,
        segments=len(segments),
        first_seq=walk.first_seq,
        last_seq=None if walk.next_seq is None else walk.next_seq - 1,
        head=walk.prev,
        last_checkpoint_at=walk.cp_at,
        from_genesis=walk.first_seq in (None, 0),
        seconds=round(time.perf_counter() - started, 3),
        problem=problem,
    )
