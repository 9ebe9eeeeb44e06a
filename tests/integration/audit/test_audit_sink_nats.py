"""The audit-sink worker against a real nats-server: consumer, stream guards, DLQ, drain.

Uses its own server: SECURITY_EVENTS denies purge, so a shared server could not be reset.
"""

import asyncio
import signal
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client
from nats.js.api import AckPolicy
from nats.js.errors import APIError, NotFoundError

from agentguard.audit_sink.query import iter_records
from agentguard.audit_sink.signing import CheckpointVerifier, load_public_key
from agentguard.audit_sink.soak import SinkProcess, make_event, start_nats
from agentguard.audit_sink.verify import verify_log
from agentguard.contracts import DeadLetter, ErrorCode
from agentguard.contracts.subjects import DURABLE_AUDIT, STREAM_DLQ, STREAM_EVENTS, dlq_subject
from agentguard.shared.broker import ensure_streams
from agentguard.shared.codec import encode
from agentguard.shared.natsserver import EmbeddedNats

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedNats]:
    running = start_nats(tmp_path_factory.mktemp("audit-nats"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
async def js_client(server: EmbeddedNats) -> AsyncIterator[Client]:
    conn = await nats.connect(server.url)
    try:
        await ensure_streams(conn.jetstream())
        yield conn
    finally:
        await conn.close()


async def _settled(nc: Client, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            info = await nc.jetstream().consumer_info(STREAM_EVENTS, DURABLE_AUDIT)
        except NotFoundError:  # the sink has not created its consumer yet
            await asyncio.sleep(0.1)
            continue
        if info.num_pending == 0 and info.num_ack_pending == 0:
            return
        await asyncio.sleep(0.1)
    pytest.fail("the audit-sink did not ack everything in time")


async def test_sink_records_once_dead_letters_poison_and_drains(
    server: EmbeddedNats, js_client: Client, tmp_path: Path
) -> None:
    sink = SinkProcess(tmp_path, server.url)
    sink.start()
    try:
        js = js_client.jetstream()
        events = [make_event("it", i) for i in range(5)]
        for subject, event in events:
            await js.publish(subject, encode(event), headers={"Nats-Msg-Id": event.message_id})
        # The same event again without a Nats-Msg-Id: the stream keeps it, the sink must not.
        await js.publish(events[0][0], encode(events[0][1]))
        await js.publish("security.events.verdict.allow", b'{"kind":"verdict_issued"}')
        await _settled(js_client)

        consumer = await js.consumer_info(STREAM_EVENTS, DURABLE_AUDIT)
        assert AckPolicy(consumer.config.ack_policy) is AckPolicy.EXPLICIT
        assert consumer.config.max_deliver == -1
        assert consumer.config.ack_wait == 2.0  # converged to the sink's settings

        dlq = await js.pull_subscribe(dlq_subject("audit-sink"), stream=STREAM_DLQ)
        letters = [DeadLetter.model_validate_json(m.data) for m in await dlq.fetch(1, timeout=5)]
        assert letters[0].code is ErrorCode.INVALID_ENVELOPE
        assert "not a security event" in letters[0].reason
    finally:
        code = sink.stop()
    # uvicorn drains on SIGTERM, then re-raises the signal to exit.
    assert code in (0, -signal.SIGTERM)
    assert "shut down gracefully" in (tmp_path / "sink.log").read_text()

    ids = [r["event_id"] for r in iter_records(sink.log_path)]
    assert sorted(ids) == sorted(e.message_id for _, e in events)
    report = verify_log(sink.log_path, CheckpointVerifier(load_public_key(sink.public_key)))
    assert report.ok, report.problem


async def test_audit_stream_refuses_purge_and_delete(js_client: Client) -> None:
    js = js_client.jetstream()
    info = await js.stream_info(STREAM_EVENTS)
    assert info.config.deny_delete
    assert info.config.deny_purge
    subject, event = make_event("guard", 1)
    ack = await js.publish(subject, encode(event), headers={"Nats-Msg-Id": event.message_id})
    with pytest.raises(APIError, match="purge not permitted"):
        await js.purge_stream(STREAM_EVENTS)
    with pytest.raises(APIError, match="delete not permitted"):
        await js.delete_msg(STREAM_EVENTS, ack.seq)
