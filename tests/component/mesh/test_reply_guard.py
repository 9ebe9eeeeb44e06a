"""A handler bug answers INTERNAL at once instead of leaving the caller to time out."""

import structlog
from faststream.nats import NatsBroker, NatsMessage, TestNatsBroker
from structlog.testing import capture_logs

from agentguard.contracts import ErrorCode, ErrorReply, parse_reply
from agentguard.shared.rejects import reply_guard

SECRET = "user text that must not reach a log"


async def _broken(msg: NatsMessage) -> bytes:
    raise ValueError(f"could not parse {msg.body.decode()}")


async def test_exception_becomes_typed_internal_error() -> None:
    broker = NatsBroker()
    guarded = reply_guard(_broken, log=structlog.get_logger(), producer="validator/test")
    broker.subscriber("guard.test", max_workers=4)(guarded)
    with capture_logs() as logs:
        async with TestNatsBroker(broker) as br:
            response = await br.request(SECRET.encode(), "guard.test", timeout=3)
    reply = parse_reply(response.body)
    assert isinstance(reply, ErrorReply)
    assert reply.code is ErrorCode.INTERNAL
    assert [entry["error"] for entry in logs if entry["event"] == "handler_failed"] == [
        "ValueError"
    ]
    assert SECRET not in repr(logs)
