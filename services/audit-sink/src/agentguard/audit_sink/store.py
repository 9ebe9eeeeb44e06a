"""The segmented, hash-chained audit log on disk: append with fsync, signed checkpoints.

Invariant: every record the sink acknowledged is on disk (fsync) and covered by a signed
checkpoint, because the handler acks only after `checkpoint()` returns. Records written
after the last checkpoint were never acknowledged, so recovery cuts them off; JetStream
redelivers those events and they are written again. A crash can therefore never leave an
unsigned tail that the sink would later sign as its own.

Layout: `<dir>/audit.jsonl` is the active segment (the configured log path); a full
segment is renamed to `<dir>/audit-<first seq, 12 digits>.jsonl`.
"""

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from agentguard.audit_sink.chain import (
    GENESIS,
    Checkpoint,
    Header,
    Line,
    Record,
    checkpoint_body,
    encode_checkpoint,
    encode_header,
    encode_record,
    parse_line,
    record_event_id,
)
from agentguard.audit_sink.core import iso_utc
from agentguard.audit_sink.errors import AuditError, FormatError
from agentguard.audit_sink.signing import CheckpointSigner
from agentguard.contracts.envelope import utc_now

__all__ = ["Recovery", "SegmentedAuditLog", "segment_paths"]


def segment_paths(active: Path) -> list[Path]:
    """Every segment of the log whose active segment is `active`, oldest first."""
    rotated: list[tuple[int, Path]] = []
    for path in active.parent.glob(f"{active.stem}-*{active.suffix}"):
        digits = path.name[len(active.stem) + 1 : len(path.name) - len(active.suffix)]
        if len(digits) == 12 and digits.isdigit():
            rotated.append((int(digits), path))
    rotated.sort()
    paths = [p for _, p in rotated]
    if active.exists():
        paths.append(active)
    return paths


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class Recovery:
    """What opening the log found: records kept and unsigned records cut off."""

    records: int
    dropped_unsigned: int
    dropped_bytes: int


class SegmentedAuditLog:
    """Appends records chained to the head, signs checkpoints, rotates and prunes segments."""

    def __init__(
        self,
        active: Path,
        signer: CheckpointSigner,
        *,
        segment_max_bytes: int = 64 * 1024 * 1024,
        retention_s: float | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._active = active
        self._signer = signer
        self._segment_max = segment_max_bytes
        self._retention_s = retention_s
        self._clock = clock
        active.parent.mkdir(parents=True, exist_ok=True)
        self._seen: set[str] = set()
        self._head_seq = -1
        self._head = GENESIS
        self._cp_index = 0
        self._cp_seq = -1
        self._cp_at = ""  # ISO time of the last checkpoint on disk
        self._fh: io.BufferedWriter | None = None
        self.recovery = self.recover()

    # --- recovery -------------------------------------------------------------------------

    def recover(self) -> Recovery:
        """(Re)build the state from disk, cutting off records after the last checkpoint.

        Raises FormatError when a signed part of the log is not well formed: the sink then
        refuses to start rather than write on top of a damaged log (run `audit verify`).
        """
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self._seen.clear()
        self._head_seq, self._head, self._cp_index, self._cp_seq = -1, GENESIS, 0, -1
        self._cp_at = ""
        dropped = (0, 0)
        for path in segment_paths(self._active):
            if path == self._active:
                dropped = self._recover_active()
            else:
                with path.open("rb") as fh:
                    for raw in fh:
                        self._apply(self._parse(raw.rstrip(b"\n"), path))
        if not self._active.exists():
            self._create_active(self._head_seq + 1)
        self._fh = self._active.open("ab")
        return Recovery(len(self._seen), dropped[0], dropped[1])

    @staticmethod
    def _parse(raw: bytes, path: Path) -> Line:
        try:
            return parse_line(raw)
        except FormatError as exc:
            msg = f"{path.name}: {exc.reason}; run `agentguard audit verify`"
            raise FormatError(msg) from None

    def _apply(self, line: Line) -> None:
        if isinstance(line, Record):
            self._seen.add(record_event_id(line.body))
            self._head_seq, self._head = line.seq, line.hash
        elif isinstance(line, Checkpoint):
            self._cp_index, self._cp_seq, self._cp_at = line.index + 1, line.seq, line.at
        elif self._head_seq < 0:
            # The first retained segment anchors the chain where retention cut it.
            self._head_seq, self._head = line.first_seq - 1, line.prev

    def _recover_active(self) -> tuple[int, int]:
        data = self._active.read_bytes()
        raw_lines = data.split(b"\n")[:-1]  # the part after the last newline is torn
        # Keep up to the last checkpoint (or, before the first one, the header); what
        # follows was never acknowledged.
        cut = 0
        for i in range(len(raw_lines) - 1, -1, -1):
            if raw_lines[i].startswith((b'{"checkpoint":', b'{"segment":')):
                try:
                    parse_line(raw_lines[i])
                except FormatError:
                    continue
                cut = i + 1
                break
        if cut == 0:
            if raw_lines:
                msg = f"{self._active.name}: no segment header; run `agentguard audit verify`"
                raise FormatError(msg)
            self._active.unlink()  # a torn header: the segment never held a record
            return 0, len(data)
        for raw in raw_lines[:cut]:
            self._apply(self._parse(raw, self._active))
        keep = sum(len(raw) + 1 for raw in raw_lines[:cut])
        if keep < len(data):
            with self._active.open("r+b") as fh:
                fh.truncate(keep)
                fh.flush()
                os.fsync(fh.fileno())
        return len(raw_lines) - cut, len(data) - keep

    def _create_active(self, first_seq: int) -> None:
        header = encode_header(first_seq, self._head, iso_utc(self._clock()))
        fd = os.open(self._active, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        with os.fdopen(fd, "wb") as fh:
            fh.write(header)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(self._active.parent)

    # --- state ----------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """Distinct events in the retained log."""
        return len(self._seen)

    @property
    def head_seq(self) -> int:
        """Seq of the last record (-1 when empty)."""
        return self._head_seq

    @property
    def unsigned(self) -> int:
        """Records written since the last checkpoint."""
        return self._head_seq - self._cp_seq

    @property
    def last_checkpoint_at(self) -> str | None:
        """ISO time of the last checkpoint on disk (None before the first)."""
        return self._cp_at or None

    def contains(self, event_id: str) -> bool:
        """Whether the event is already recorded."""
        return event_id in self._seen

    # --- writing --------------------------------------------------------------------------

    def _file(self) -> io.BufferedWriter:
        if self._fh is None:
            msg = "audit log is not open (recover() failed or close() was called)"
            raise AuditError(msg)
        return self._fh

    def _write(self, data: bytes) -> None:
        fh = self._file()
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())

    def append(self, items: Sequence[tuple[str, dict[str, Any]]]) -> int:
        """Write the records of events not yet recorded, with one fsync; returns how many.

        Raises OSError when the disk refuses; the caller then recovers (which cuts the
        unsigned tail) and has every unacknowledged event redelivered.
        """
        lines: list[bytes] = []
        fresh: list[str] = []
        head_seq, head = self._head_seq, self._head
        for event_id, fields in items:
            if event_id in self._seen or event_id in fresh:
                continue
            head_seq += 1
            line, head = encode_record(head, {"seq": head_seq, **fields})
            lines.append(line)
            fresh.append(event_id)
        if not lines:
            return 0
        self._write(b"".join(lines))
        self._head_seq, self._head = head_seq, head
        self._seen.update(fresh)
        return len(fresh)

    def checkpoint(self, *, heartbeat: bool = False) -> bool:
        """Sign the chain head and fsync it; with heartbeat, even when nothing is new.

        Returns whether a checkpoint was written. Rotation and retention run after it, so
        every segment ends with a checkpoint.
        """
        if self._head_seq < 0 or (self._cp_seq == self._head_seq and not heartbeat):
            return False
        # Checkpoint times never go backwards, even when the wall clock does (NTP, restore).
        at = max(iso_utc(self._clock()), self._cp_at)
        body = checkpoint_body(
            index=self._cp_index,
            seq=self._head_seq,
            head=self._head,
            at=at,
            key_id=self._signer.key_id,
        )
        self._write(encode_checkpoint(body, self._signer.sign(body)))
        self._cp_index += 1
        self._cp_seq = self._head_seq
        self._cp_at = at
        if self._file().tell() >= self._segment_max:
            self._rotate()
        return True

    def _rotate(self) -> None:
        self._file().close()
        self._fh = None
        with self._active.open("rb") as fh:
            header = parse_line(fh.readline().rstrip(b"\n"))
        if not isinstance(header, Header):
            msg = "active segment has no header"
            raise FormatError(msg)
        name = f"{self._active.stem}-{header.first_seq:012d}{self._active.suffix}"
        os.replace(self._active, self._active.with_name(name))
        _fsync_dir(self._active.parent)
        self._create_active(self._head_seq + 1)
        self._fh = self._active.open("ab")
        self.prune()

    def prune(self) -> list[Path]:
        """Delete the oldest closed segments whose last write is older than the retention."""
        if self._retention_s is None:
            return []
        cutoff = self._clock().timestamp() - self._retention_s
        removed: list[Path] = []
        for path in segment_paths(self._active)[:-1]:
            if path.stat().st_mtime >= cutoff:
                break  # only a prefix goes, so the retained log stays one unbroken chain
            path.unlink()
            removed.append(path)
        if removed:
            _fsync_dir(self._active.parent)
        return removed

    def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint what is unsigned (unless told not to) and close the file."""
        if self._fh is not None:
            if checkpoint:
                self.checkpoint()
            self._fh.close()
            self._fh = None
