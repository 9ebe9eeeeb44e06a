"""Stream provisioning and publish-side dedupe on a real JetStream."""

import pytest
from nats.aio.client import Client

from agentguard.contracts import CheckKind, Decision, Identity, VerdictIssued
from agentguard.contracts.subjects import STREAM_EVENTS, STREAMS, verdict_subject
from agentguard.shared.broker import JetStreamEventSink, provision_streams
from agentguard.shared.settings import NatsSettings

pytestmark = pytest.mark.integration


async def test_provisioning_is_idempotent(nats_url: str, nc: Client) -> None:
    await provision_streams(NatsSettings(url=nats_url))
    await provision_streams(NatsSettings(url=nats_url))
    js = nc.jetstream()
    for spec in STREAMS:
        info = await js.stream_info(spec.name)
        assert info.config.subjects == list(spec.subjects)
        assert info.config.duplicate_window == spec.duplicate_window_s


async def test_same_event_published_twice_is_stored_once(nats_url: str, nc: Client) -> None:
    await provision_streams(NatsSettings(url=nats_url))
    js = nc.jetstream()
    before = (await js.stream_info(STREAM_EVENTS)).state.messages
    event = VerdictIssued(
        request_id="r-dedupe",
        check=CheckKind.INPUT,
        identity=Identity(),
        decision=Decision.ALLOW,
        risk=0.0,
        text_length=3,
        text_digest="0" * 64,
        latency_ms=1.0,
    )
    sink = JetStreamEventSink(lambda: nc)
    for _ in range(3):
        await sink.publish(verdict_subject(Decision.ALLOW), event, event.message_id)
    after = (await js.stream_info(STREAM_EVENTS)).state.messages
    assert after - before == 1
