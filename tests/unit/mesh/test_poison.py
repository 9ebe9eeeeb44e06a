"""Poison JetStream messages are terminated only once their dead letter is stored."""

from typing import cast

import structlog
from faststream.nats import NatsMessage
from pydantic import BaseModel

from agentguard.contracts import DeadLetter, ErrorCode
from agentguard.shared.errors import DecodeError
from agentguard.shared.rejects import Rejecter

ERR = DecodeError(ErrorCode.INVALID_ENVELOPE, "not an accepted event")


class Sink:
    def __init__(self, *, fail: bool) -> None:
        self.fail = fail
        self.published: list[tuple[str, BaseModel]] = []

    async def publish(self, subject: str, message: BaseModel, msg_id: str) -> None:
        if self.fail:
            raise TimeoutError
        self.published.append((subject, message))


class Msg:
    body = b"{not json"

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def reject(self) -> None:
        self.calls.append("term")

    async def nack(self, delay: float | None = None) -> None:
        self.calls.append(f"nak {delay}")


async def _poison(sink: Sink) -> Msg:
    msg = Msg()
    rejecter = Rejecter(worker="w", producer="w/test", sink=sink, log=structlog.get_logger())
    await rejecter.poison(ERR, cast(NatsMessage, msg), "security.events.>")
    return msg


async def test_terminated_after_dead_letter() -> None:
    sink = Sink(fail=False)
    msg = await _poison(sink)
    assert msg.calls == ["term"]
    [(subject, letter)] = sink.published
    assert subject == "security.dlq.w"
    assert isinstance(letter, DeadLetter)
    assert letter.payload_length == len(Msg.body)


async def test_redelivered_when_the_dead_letter_cannot_be_stored() -> None:
    msg = await _poison(Sink(fail=True))
    assert msg.calls == ["nak 5.0"]


class FlakySink:
    """Fails the first `failures` publishes, then works."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.ids: list[str] = []

    async def publish(self, subject: str, message: BaseModel, msg_id: str) -> None:
        if self.failures:
            self.failures -= 1
            raise TimeoutError
        self.ids.append(msg_id)


async def test_events_survive_a_short_outage() -> None:
    from agentguard.contracts import ErrorReply  # noqa: PLC0415
    from agentguard.shared.broker import publish_all  # noqa: PLC0415

    events = [("s.a", ErrorReply(code=ErrorCode.INTERNAL, reason="x")) for _ in range(2)]
    sink = FlakySink(failures=3)
    await publish_all(sink, events, structlog.get_logger(), retry_for_s=5.0)
    assert sink.ids == [e.message_id for _, e in events]


async def test_events_give_up_after_the_retry_budget() -> None:
    from agentguard.contracts import ErrorReply  # noqa: PLC0415
    from agentguard.shared.broker import publish_all  # noqa: PLC0415

    sink = FlakySink(failures=1000)
    with structlog.testing.capture_logs() as logs:
        await publish_all(
            sink, [("s.a", ErrorReply(code=ErrorCode.INTERNAL, reason="x"))],
            structlog.get_logger(), retry_for_s=0.3,
        )  # fmt: skip
    assert sink.ids == []
    assert [e["event"] for e in logs][-1] == "event_lost"
