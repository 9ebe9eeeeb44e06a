"""Helpers for the audit-sink unit tests: a key, events and small signed logs on disk."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from agentguard.audit_sink.core import audit_fields
from agentguard.audit_sink.signing import CheckpointSigner, CheckpointVerifier
from agentguard.audit_sink.store import SegmentedAuditLog
from agentguard.contracts import CheckKind, Decision, Identity, VerdictIssued

_KEY = Ed25519PrivateKey.generate()


class TickingClock:
    """A clock that moves one second per reading: deterministic, strictly increasing."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def _event(i: int, *, tenant: str = "acme", user: str = "u1") -> VerdictIssued:
    """A small verdict event with a stable id."""
    return VerdictIssued(
        message_id=f"ev-{i:05d}",
        request_id=f"req-{i}",
        check=CheckKind.INPUT,
        identity=Identity(tenant_id=tenant, user_id=user),
        decision=Decision.ALLOW if i % 2 == 0 else Decision.BLOCK,
        risk=0.1,
        text_length=10 + i,
        text_digest=f"{i:064x}",
        latency_ms=1.0,
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i),
    )


def _item(i: int) -> tuple[str, dict[str, object]]:
    """(event_id, record fields) ready for SegmentedAuditLog.append."""
    ev = _event(i)
    fields = audit_fields(ev, recorded_at=datetime(2026, 1, 2, tzinfo=UTC), digest_key=b"k")
    return ev.message_id, fields


@pytest.fixture
def signer() -> CheckpointSigner:
    """The test key's signer."""
    return CheckpointSigner(_KEY)


@pytest.fixture
def verifier() -> CheckpointVerifier:
    """The test key's verifier (public half only)."""
    return CheckpointVerifier(_KEY.public_key())


LogFactory = Callable[..., SegmentedAuditLog]


@pytest.fixture
def make_log(tmp_path: Path, signer: CheckpointSigner) -> LogFactory:
    """Build a log of `records` events, a checkpoint every `every` records."""

    def build(
        records: int = 20, every: int = 5, segment_max_bytes: int = 1 << 20
    ) -> SegmentedAuditLog:
        log = SegmentedAuditLog(
            tmp_path / "audit.jsonl",
            signer,
            segment_max_bytes=segment_max_bytes,
            clock=TickingClock(),
        )
        for start in range(0, records, every):
            log.append([_item(i) for i in range(start, min(start + every, records))])
            log.checkpoint()
        return log

    return build


@pytest.fixture
def audit_event() -> Callable[..., VerdictIssued]:
    """Factory of small verdict events with stable ids (ev-00000, ...)."""
    return _event


@pytest.fixture
def audit_item() -> Callable[[int], tuple[str, dict[str, object]]]:
    """Factory of (event_id, record fields) pairs."""
    return _item
