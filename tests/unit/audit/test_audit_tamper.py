"""Every single-record tampering is detected by `verify_log` (hypothesis), and reported where."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentguard.audit_sink.chain import encode_record
from agentguard.audit_sink.signing import CheckpointVerifier
from agentguard.audit_sink.store import SegmentedAuditLog
from agentguard.audit_sink.verify import verify_log

LogFactory = Callable[..., SegmentedAuditLog]
# One log per test function is reused across examples: each example tampers a fresh copy.
_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _record_indexes(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith(b'{"hash":')]


@pytest.fixture
def log_file(make_log: LogFactory, tmp_path: Path) -> tuple[Path, bytes]:
    log = make_log(records=30, every=4)
    log.close()
    path = tmp_path / "audit.jsonl"
    return path, path.read_bytes()


def _check(
    path: Path, original: bytes, tampered: list[bytes], verifier: CheckpointVerifier
) -> None:
    data = b"".join(tampered)
    assert data != original
    path.write_bytes(data)
    try:
        report = verify_log(path, verifier)
        assert not report.ok, "tampering went undetected"
        assert report.problem is not None
        assert report.problem.segment == "audit.jsonl"
    finally:
        path.write_bytes(original)


def test_untouched_log_verifies(log_file: tuple[Path, bytes], verifier: CheckpointVerifier) -> None:
    report = verify_log(log_file[0], verifier)
    assert report.ok, report.problem
    assert (report.records, report.first_seq, report.last_seq) == (30, 0, 29)
    assert report.checkpoints == 8


@_SETTINGS
@given(pick=st.integers(0, 10**6), offset=st.integers(0, 10**6), byte=st.integers(0, 255))
def test_any_modified_byte_of_a_record_is_detected(
    log_file: tuple[Path, bytes], verifier: CheckpointVerifier, pick: int, offset: int, byte: int
) -> None:
    path, original = log_file
    lines = _lines(path)
    i = _record_indexes(lines)[pick % 30]
    line = bytearray(lines[i])
    pos = offset % (len(line) - 1)  # any byte but the newline
    if line[pos] == byte:
        byte = (byte + 1) % 256
    line[pos] = byte
    lines[i] = bytes(line)
    _check(path, original, lines, verifier)


@_SETTINGS
@given(pick=st.integers(0, 29))
def test_a_deleted_record_is_detected_at_its_seq(
    log_file: tuple[Path, bytes], verifier: CheckpointVerifier, pick: int
) -> None:
    path, original = log_file
    lines = _lines(path)
    del lines[_record_indexes(lines)[pick]]
    path.write_bytes(b"".join(lines))
    try:
        report = verify_log(path, verifier)
    finally:
        path.write_bytes(original)
    assert not report.ok
    assert report.problem is not None
    assert report.problem.seq == pick
    assert report.problem.kind in {"missing", "modified"}


@_SETTINGS
@given(a=st.integers(0, 29), b=st.integers(0, 29))
def test_reordered_records_are_detected(
    log_file: tuple[Path, bytes], verifier: CheckpointVerifier, a: int, b: int
) -> None:
    path, original = log_file
    lines = _lines(path)
    idx = _record_indexes(lines)
    if a == b:
        b = (a + 1) % 30
    lines[idx[a]], lines[idx[b]] = lines[idx[b]], lines[idx[a]]
    _check(path, original, lines, verifier)


@_SETTINGS
@given(at=st.integers(0, 10**6), src=st.integers(0, 29), rechain=st.booleans())
def test_an_inserted_record_is_detected(
    log_file: tuple[Path, bytes],
    verifier: CheckpointVerifier,
    at: int,
    src: int,
    rechain: bool,
) -> None:
    path, original = log_file
    lines = _lines(path)
    pos = 1 + at % (len(lines) - 1)  # after the header, anywhere
    copy = lines[_record_indexes(lines)[src]]
    if rechain:
        # A forger who knows the format: a fresh record chained to the line before it.
        body = json.loads(copy)["record"] | {"event_id": "forged", "decision": "allow"}
        prev = next(
            (json.loads(lines[j])["hash"] for j in range(pos - 1, 0, -1) if b'"hash"' in lines[j]),
            "0" * 64,
        )
        copy, _ = encode_record(prev, body)
    lines.insert(pos, copy)
    _check(path, original, lines, verifier)


@_SETTINGS
@given(cut=st.integers(1, 10**6))
def test_a_truncated_log_is_detected(
    log_file: tuple[Path, bytes], verifier: CheckpointVerifier, cut: int
) -> None:
    path, original = log_file
    lines = _lines(path)
    boundaries = (b'{"checkpoint"', b'{"segment"')
    ends = {
        len(b"".join(lines[: i + 1])) for i, ln in enumerate(lines) if ln.startswith(boundaries)
    }
    size = cut % (len(original) - 1) + 1
    if size in ends:
        # Cut exactly after an older checkpoint (or the header): a valid signed prefix that
        # only an external anchor can tell apart (docs/audit.md, Truncation).
        size -= 1
    _check(path, original, [original[:size]], verifier)


def test_truncation_at_a_checkpoint_is_caught_by_the_expected_head(
    log_file: tuple[Path, bytes], verifier: CheckpointVerifier
) -> None:
    path = log_file[0]
    head = verify_log(path, verifier)
    lines = _lines(path)
    last_cp = max(i for i, ln in enumerate(lines) if b'"checkpoint"' in ln and i < len(lines) - 1)
    path.write_bytes(b"".join(lines[: last_cp + 1]))
    assert verify_log(path, verifier).ok  # a clean prefix looks complete on its own...
    anchored = verify_log(path, verifier, expect=(29, head.head))
    assert not anchored.ok  # ...but not against the head an auditor kept elsewhere
    assert anchored.problem is not None
    assert anchored.problem.kind == "truncated"


def test_rewriting_the_chain_after_a_change_fails_at_the_next_checkpoint(
    log_file: tuple[Path, bytes], verifier: CheckpointVerifier
) -> None:
    path, _ = log_file
    lines = _lines(path)
    prev = "0" * 64
    for i, raw in enumerate(lines):
        if not raw.startswith(b'{"hash":'):
            continue
        record = json.loads(raw)["record"]
        if record["seq"] == 9:
            record["decision"] = "allow" if record["decision"] == "block" else "block"
        lines[i], prev = encode_record(prev, record)
    path.write_bytes(b"".join(lines))
    report = verify_log(path, verifier)
    assert not report.ok
    assert report.problem is not None
    assert report.problem.kind == "modified"
    assert report.problem.seq == 8  # the window after checkpoint seq 7 holds the change
    assert "8 to 11" in report.problem.message


def test_a_checkpoint_from_another_key_is_refused(
    log_file: tuple[Path, bytes],
) -> None:
    other = CheckpointVerifier(Ed25519PrivateKey.generate().public_key())
    report = verify_log(log_file[0], other)
    assert not report.ok
    assert report.problem is not None
    assert report.problem.kind == "bad_signature"
