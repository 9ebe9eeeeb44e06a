"""The real incident-responder (in process) on real NATS: grouping, redelivery, ack/resolve."""

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable

import nats.js.errors
import pytest
from nats.aio.client import Client

from agentguard.contracts import (
    Category,
    CheckKind,
    Decision,
    Finding,
    Identity,
    IncidentOpened,
    Severity,
    ViolationDetected,
)
from agentguard.contracts.enforcement import (
    INCIDENT_ACKNOWLEDGE,
    INCIDENT_RESOLVE,
    INCIDENT_STATE_BUCKET,
    AcknowledgeIncident,
    IncidentCommandResult,
    IncidentEvent,
    IncidentStatus,
    IncidentStatusChanged,
    ResolveIncident,
)
from agentguard.contracts.subjects import violation_subject
from agentguard.incident_responder.app import create_app
from agentguard.incident_responder.core import ActorState, actor_key
from agentguard.incident_responder.settings import IncidentResponderSettings
from agentguard.shared.codec import encode
from agentguard.shared.kv import ensure_enforcement_store
from agentguard.shared.settings import NatsSettings

pytestmark = pytest.mark.integration

Read = Callable[[str, float], Awaitable[list[IncidentEvent]]]
Wait = Callable[[str, str, float], Awaitable[list[IncidentEvent]]]


def _violation(identity: Identity, request: str) -> ViolationDetected:
    return ViolationDetected(
        request_id=request,
        verdict_event_id=f"verdict-{request}",
        check=CheckKind.INPUT,
        identity=identity,
        decision=Decision.BLOCK,
        finding=Finding(
            detector="injection.override",
            category=Category.INJECTION,
            type="OVERRIDE",
            start=0,
            end=10,
            score=0.92,
        ),
        severity=Severity.HIGH,
    )


async def _publish(nc: Client, v: ViolationDetected, msg_id: str) -> None:
    await nc.jetstream().publish(
        violation_subject(v.finding.category), encode(v), headers={"Nats-Msg-Id": msg_id}
    )


async def _state(nc: Client, key: str) -> ActorState | None:
    kv = await nc.jetstream().key_value(INCIDENT_STATE_BUCKET)
    try:
        entry = await kv.get(key)
    except (nats.js.errors.KeyNotFoundError, nats.js.errors.KeyDeletedError):
        return None
    return ActorState.model_validate_json(entry.value) if entry.value else None


@pytest.fixture
async def responder(nats_url: str) -> AsyncIterator[None]:
    settings = IncidentResponderSettings(
        nats=NatsSettings(url=nats_url), instance="redelivery-test", log_json=True
    )
    async with create_app(settings):
        yield


async def _until_state(nc: Client, key: str, timeout_s: float) -> ActorState:
    for _ in range(int(timeout_s / 0.05)):
        state = await _state(nc, key)
        if state is not None:
            return state
        await asyncio.sleep(0.05)
    pytest.fail(f"no state for {key} within {timeout_s}s")


async def test_redelivered_and_repeated_violations_make_one_incident(
    nc: Client,
    nats_url: str,
    unique: Callable[[str], str],
    read_incidents: Read,
    wait_incidents: Wait,
) -> None:
    js = nc.jetstream()
    await ensure_enforcement_store(js)
    stream = f"KV_{INCIDENT_STATE_BUCKET}"
    original = (await js.stream_info(stream)).config
    identity = Identity(tenant_id=unique("redeliver"), user_id="mallory")
    key = actor_key(identity)
    first = _violation(identity, "req-1")
    # A real fault: the state bucket refuses the write, so the responder publishes the
    # incident, fails to save and naks; JetStream redelivers until the fault is lifted.
    await js.update_stream(dataclasses.replace(original, max_msg_size=128))
    settings = IncidentResponderSettings(
        nats=NatsSettings(url=nats_url),
        instance="redelivery-test",
        log_json=True,
    )
    try:
        async with create_app(settings):
            await _publish(nc, first, first.message_id)
            events = await wait_incidents(identity.tenant_id, "incident_opened", 5)
            assert [type(e) for e in events] == [IncidentOpened]
            await asyncio.sleep(1.5)  # at least one redelivery, still failing to save
            assert await _state(nc, key) is None
            await js.update_stream(original)
            # An unsaved state means the successful run replayed the transition and
            # republished the same message id: the stream kept one copy.
            state = await _until_state(nc, key, timeout_s=5)
            assert first.message_id in state.seen

            # The same event again (a producer retry past the duplicate window): ignored.
            await _publish(nc, first, "another-msg-id")
            # A related violation from the same user: grouped, not a second incident.
            second = _violation(identity, "req-2")
            await _publish(nc, second, second.message_id)
            for _ in range(100):
                state = await _until_state(nc, key, 1)
                if second.message_id in state.seen:
                    break
                await asyncio.sleep(0.05)
    finally:
        await js.update_stream(original)

    events = await read_incidents(identity.tenant_id, 0.3)
    assert [type(e) for e in events] == [IncidentOpened]
    assert state.incident is not None
    assert state.incident.incident_id == events[0].incident_id
    assert state.incident.attempts == 2
    assert state.seen.count(first.message_id) == 1


@pytest.mark.usefixtures("responder")
async def test_acknowledge_and_resolve_over_nats(
    nc: Client, unique: Callable[[str], str], read_incidents: Read, wait_incidents: Wait
) -> None:
    identity = Identity(tenant_id=unique("lifecycle"), user_id="eve")
    v = _violation(identity, "req-1")
    await _publish(nc, v, v.message_id)
    (opened,) = await wait_incidents(identity.tenant_id, "incident_opened", 5)

    async def command(subject: str, cmd: AcknowledgeIncident | ResolveIncident) -> bool:
        reply = await nc.request(subject, encode(cmd), timeout=5)
        return IncidentCommandResult.model_validate_json(reply.data).ok

    ack = AcknowledgeIncident(incident_id=opened.incident_id, by="alice")
    assert await command(INCIDENT_ACKNOWLEDGE, ack)
    assert await command(INCIDENT_ACKNOWLEDGE, ack)  # idempotent
    resolve = ResolveIncident(incident_id=opened.incident_id, by="alice", note="handled")
    assert await command(INCIDENT_RESOLVE, resolve)
    assert not await command(INCIDENT_RESOLVE, ResolveIncident(incident_id="unknown", by="x"))

    events = await read_incidents(identity.tenant_id, 0.3)
    statuses = [e.status for e in events if isinstance(e, IncidentStatusChanged)]
    assert statuses == [IncidentStatus.ACKNOWLEDGED, IncidentStatus.RESOLVED]
    # After resolution the next violation opens a new incident.
    again = _violation(identity, "req-2")
    await _publish(nc, again, again.message_id)
    for _ in range(100):
        events = await read_incidents(identity.tenant_id, 0.1)
        if sum(isinstance(e, IncidentOpened) for e in events) == 2:
            break
    opened_ids = [e.incident_id for e in events if isinstance(e, IncidentOpened)]
    assert len(set(opened_ids)) == 2
