"""SegmentedAuditLog: idempotence across restarts and rotation, crash recovery, retention."""

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agentguard.audit_sink.errors import FormatError
from agentguard.audit_sink.query import iter_records
from agentguard.audit_sink.signing import CheckpointSigner, CheckpointVerifier
from agentguard.audit_sink.store import SegmentedAuditLog, segment_paths
from agentguard.audit_sink.verify import verify_log

LogFactory = Callable[..., SegmentedAuditLog]
Item = Callable[[int], tuple[str, dict[str, object]]]


def _ids(path: Path) -> list[str]:
    return [str(r["event_id"]) for r in iter_records(path)]


def test_each_event_id_is_written_once_across_restarts_and_rotation(
    make_log: LogFactory, tmp_path: Path, signer: CheckpointSigner, audit_item: Item
) -> None:
    log = make_log(records=40, every=5, segment_max_bytes=4096)
    log.close()
    assert len(segment_paths(tmp_path / "audit.jsonl")) > 3  # it really rotated
    reopened = SegmentedAuditLog(tmp_path / "audit.jsonl", signer, segment_max_bytes=4096)
    # Redeliveries of old events (from the first, rotated segment too) and a batch repeat.
    written = reopened.append([audit_item(i) for i in (0, 1, 17, 39, 40, 40, 41)])
    reopened.checkpoint()
    reopened.close()
    assert written == 2
    ids = _ids(tmp_path)
    assert len(ids) == len(set(ids)) == 42


def test_recovery_cuts_records_after_the_last_checkpoint(
    make_log: LogFactory, tmp_path: Path, signer: CheckpointSigner, audit_item: Item
) -> None:
    log = make_log(records=10, every=5)
    log.append([audit_item(i) for i in range(10, 13)])  # written, never checkpointed: a crash
    log.close(checkpoint=False)
    active = tmp_path / "audit.jsonl"
    with active.open("ab") as fh:
        fh.write(b'{"hash":"abc')  # and a torn line
    reopened = SegmentedAuditLog(active, signer)
    assert reopened.recovery.dropped_unsigned == 3
    assert reopened.count == 10
    assert not reopened.contains("ev-00011")  # so its redelivery is written again
    assert reopened.append([audit_item(11)]) == 1
    reopened.close()
    assert _ids(tmp_path)[-1] == "ev-00011"


def test_recovered_log_still_verifies(
    make_log: LogFactory,
    tmp_path: Path,
    signer: CheckpointSigner,
    verifier: CheckpointVerifier,
    audit_item: Item,
) -> None:
    log = make_log(records=12, every=4, segment_max_bytes=4096)
    log.append([audit_item(50)])
    log.close(checkpoint=False)
    active = tmp_path / "audit.jsonl"
    SegmentedAuditLog(active, signer, segment_max_bytes=4096).close()
    report = verify_log(tmp_path, verifier)
    assert report.ok, report.problem
    assert report.records == 12


def test_damage_inside_the_signed_part_stops_the_sink(
    make_log: LogFactory, tmp_path: Path, signer: CheckpointSigner
) -> None:
    make_log(records=10, every=5).close()
    active = tmp_path / "audit.jsonl"
    lines = active.read_bytes().splitlines(keepends=True)
    lines[2] = b"garbage\n"
    active.write_bytes(b"".join(lines))
    with pytest.raises(FormatError, match="audit verify"):
        SegmentedAuditLog(active, signer).close()


def test_retention_removes_only_the_oldest_closed_segments(
    make_log: LogFactory, tmp_path: Path, signer: CheckpointSigner, verifier: CheckpointVerifier
) -> None:
    make_log(records=40, every=5, segment_max_bytes=4096).close()
    active = tmp_path / "audit.jsonl"
    segments = segment_paths(active)
    old = time.time() - 10 * 86400
    for path in segments[:2]:
        os.utime(path, (old, old))
    log = SegmentedAuditLog(active, signer, retention_s=86400)
    removed = log.prune()
    assert removed == segments[:2]
    log.close()
    report = verify_log(tmp_path, verifier)
    assert report.ok, report.problem
    assert not report.from_genesis
    assert report.first_seq is not None
    assert report.first_seq > 0
    strict = verify_log(tmp_path, verifier, require_genesis=True)
    assert not strict.ok


def test_a_deleted_middle_segment_is_detected(
    make_log: LogFactory, tmp_path: Path, verifier: CheckpointVerifier
) -> None:
    make_log(records=40, every=5, segment_max_bytes=4096).close()
    segment_paths(tmp_path / "audit.jsonl")[1].unlink()
    report = verify_log(tmp_path, verifier)
    assert not report.ok
    assert report.problem is not None
    assert report.problem.kind == "missing"


def test_heartbeat_checkpoint_without_new_records(make_log: LogFactory, tmp_path: Path) -> None:
    log = make_log(records=3, every=3)
    assert not log.checkpoint()
    assert log.checkpoint(heartbeat=True)
    log.close()
    text = (tmp_path / "audit.jsonl").read_text()
    assert text.count('"checkpoint"') == 2


def test_checkpoint_times_never_go_backwards(
    make_log: LogFactory,
    tmp_path: Path,
    signer: CheckpointSigner,
    verifier: CheckpointVerifier,
    audit_item: Item,
) -> None:
    log = make_log(records=4, every=2)
    log.close()
    before = log.last_checkpoint_at
    # The wall clock was set back a year (a restore, a bad NTP step) before the restart.
    reopened = SegmentedAuditLog(
        tmp_path / "audit.jsonl", signer, clock=lambda: datetime(2025, 1, 1, tzinfo=UTC)
    )
    reopened.append([audit_item(10)])
    reopened.close()
    assert reopened.last_checkpoint_at == before
    assert verify_log(tmp_path, verifier).ok
