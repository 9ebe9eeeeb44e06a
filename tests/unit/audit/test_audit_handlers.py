"""The handler's ack discipline, with a real log on disk and fake deliveries and sink."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import structlog
from pydantic import BaseModel

from agentguard.audit_sink.handlers import AuditSinkHandlers
from agentguard.audit_sink.query import iter_records
from agentguard.audit_sink.signing import CheckpointSigner
from agentguard.audit_sink.store import Recovery, SegmentedAuditLog
from agentguard.contracts import DeadLetter, ErrorCode, VerdictIssued
from agentguard.shared.codec import encode


@dataclass
class FakeDelivery:
    """Records what the handler did with it."""

    data: bytes
    subject: str = "security.events.verdict.allow"
    outcome: list[str] = field(default_factory=list)

    async def ack(self) -> None:
        self.outcome.append("ack")

    async def nak(self, delay: float | None = None) -> None:
        self.outcome.append("nak")

    async def term(self) -> None:
        self.outcome.append("term")


class FakeSink:
    """The DLQ publisher; fails on demand."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.sent: list[tuple[str, BaseModel, str]] = []

    async def publish(self, subject: str, message: BaseModel, msg_id: str) -> None:
        if self.fail:
            raise ConnectionError("dlq down")
        self.sent.append((subject, message, msg_id))


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class FailingLog:
    """A log whose disk is full; counts recoveries."""

    unsigned = 0
    count = 0

    def __init__(self) -> None:
        self.recovered = 0

    def append(self, items: Any) -> int:
        raise OSError(28, "No space left on device")

    def checkpoint(self, *, heartbeat: bool = False) -> bool:
        raise OSError(28, "No space left on device")

    def recover(self) -> Recovery:
        self.recovered += 1
        return Recovery(0, 0, 0)


@pytest.fixture
def log(tmp_path: Path, signer: CheckpointSigner) -> Iterator[SegmentedAuditLog]:
    store = SegmentedAuditLog(tmp_path / "audit.jsonl", signer)
    yield store
    store.close()


def _handlers(store: Any, sink: FakeSink, clock: Clock) -> AuditSinkHandlers:
    return AuditSinkHandlers(
        store=store,
        sink=sink,
        log=structlog.get_logger("test"),
        producer="audit-sink/test",
        digest_key=b"k",
        checkpoint_interval_s=1.0,
        checkpoint_max_unsigned=100,
        monotonic=clock,
    )


Event = Callable[..., VerdictIssued]


async def test_acks_wait_for_the_checkpoint(
    log: SegmentedAuditLog, tmp_path: Path, audit_event: Event
) -> None:
    clock = Clock()
    handlers = _handlers(log, FakeSink(), clock)
    batch = [FakeDelivery(encode(audit_event(i))) for i in range(3)]
    await handlers.handle(batch)
    assert [d.outcome for d in batch] == [[], [], []]  # on disk, not yet signed
    assert len(list(iter_records(tmp_path))) == 3
    clock.t += 1.5
    await handlers.tick()
    assert [d.outcome for d in batch] == [["ack"]] * 3
    assert '"checkpoint"' in (tmp_path / "audit.jsonl").read_text()


async def test_redelivered_and_repeated_events_are_recorded_once(
    log: SegmentedAuditLog, tmp_path: Path, audit_event: Event
) -> None:
    handlers = _handlers(log, FakeSink(), Clock())
    first = [FakeDelivery(encode(audit_event(1))), FakeDelivery(encode(audit_event(1)))]
    await handlers.handle(first)
    again = [FakeDelivery(encode(audit_event(1)))]
    await handlers.handle(again)
    assert await handlers.flush() == 3
    assert [r["event_id"] for r in iter_records(tmp_path)] == ["ev-00001"]
    assert all(d.outcome == ["ack"] for d in [*first, *again])


async def test_poison_goes_to_the_dead_letter_stream_with_its_reason(
    log: SegmentedAuditLog, tmp_path: Path
) -> None:
    sink = FakeSink()
    handlers = _handlers(log, sink, Clock())
    poison = FakeDelivery(b'{"kind":"verdict_issued","text":"raw secret AKIA..."}')
    await handlers.handle([poison])
    assert poison.outcome == ["term"]
    subject, letter, msg_id = sink.sent[0]
    assert subject == "security.dlq.audit-sink"
    assert isinstance(letter, DeadLetter)
    assert letter.code is ErrorCode.INVALID_ENVELOPE
    assert "not a security event" in letter.reason
    assert "raw secret" not in letter.reason  # field names and error types, not values
    assert msg_id == letter.message_id
    assert list(iter_records(tmp_path)) == []


async def test_poison_is_kept_when_the_dead_letter_stream_is_down(log: SegmentedAuditLog) -> None:
    handlers = _handlers(log, FakeSink(fail=True), Clock())
    poison = FakeDelivery(b"not json")
    await handlers.handle([poison])
    assert poison.outcome == ["nak"]  # redelivered later, never silently dropped


async def test_a_disk_failure_naks_everything_not_yet_signed(audit_event: Event) -> None:
    store = FailingLog()
    handlers = _handlers(store, FakeSink(), Clock())
    batch = [FakeDelivery(encode(audit_event(i))) for i in range(2)]
    await handlers.handle(batch)
    assert [d.outcome for d in batch] == [["nak"], ["nak"]]
    assert store.recovered == 1
    assert handlers.pending == 0
