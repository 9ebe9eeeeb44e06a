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
