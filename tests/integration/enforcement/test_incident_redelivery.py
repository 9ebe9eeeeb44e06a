"""The real incident-responder (in process) on real NATS: grouping, redelivery, ack/resolve."""

import asyncio
import contextlib
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
from agentguard.contracts.subjects import STREAM_INCIDENTS, violation_subject
from agentguard.incident_responder.app import create_app
from agentguard.incident_responder.core import ActorState, actor_key
from agentguard.incident_responder.settings import IncidentResponderSettings
from agentguard.shared.broker import provision_streams
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


async def _until_state(
    nc: Client,
    key: str,
    timeout_s: float,
    done: Callable[[ActorState], bool] = lambda _state: True,
) -> ActorState:
    """The actor's state once it exists and `done` holds; fails after timeout_s."""
    for _ in range(int(timeout_s / 0.05)):
        state = await _state(nc, key)
        if state is not None and done(state):
            return state
        await asyncio.sleep(0.05)
    pytest.fail(f"no state for {key} within {timeout_s}s")


async def test_an_unsaved_transition_is_never_announced(
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
    # A real fault: the state bucket refuses the write, so the responder naks and JetStream
    # redelivers until the fault is lifted. Nothing may be announced meanwhile.
    await js.update_stream(dataclasses.replace(original, max_msg_size=128))
    settings = IncidentResponderSettings(
        nats=NatsSettings(url=nats_url), instance="redelivery-test", log_json=True
    )
    try:
        async with create_app(settings):
            await _publish(nc, first, first.message_id)
            await asyncio.sleep(1.5)  # at least one redelivery, still failing to save
            assert await _state(nc, key) is None
            assert await read_incidents(identity.tenant_id, 0.2) == []
            await js.update_stream(original)
            events = await wait_incidents(identity.tenant_id, "incident_opened", 5)
            assert [type(e) for e in events] == [IncidentOpened]
            state = await _until_state(nc, key, timeout_s=5)
            assert first.message_id in state.seen

            # The same event again (a producer retry past the duplicate window): ignored.
            await _publish(nc, first, "another-msg-id")
            # A related violation from the same user: grouped, not a second incident.
            second = _violation(identity, "req-2")
            await _publish(nc, second, second.message_id)
            state = await _until_state(nc, key, 5, lambda s: second.message_id in s.seen)
    finally:
        await js.update_stream(original)

    events = await read_incidents(identity.tenant_id, 0.3)
    assert [type(e) for e in events] == [IncidentOpened]
    assert state.incident is not None
    assert state.incident.incident_id == events[0].incident_id
    assert state.incident.attempts == 2
    assert state.seen.count(first.message_id) == 1
    assert state.outbox is None


async def test_a_saved_transition_is_delivered_after_a_failed_publish(
    nc: Client,
    nats_url: str,
    unique: Callable[[str], str],
    read_incidents: Read,
    wait_incidents: Wait,
) -> None:
    """The save lands, the publish fails: the outbox in the record survives to be delivered."""
    await provision_streams(NatsSettings(url=nats_url))
    js = nc.jetstream()
    original = (await js.stream_info(STREAM_INCIDENTS)).config
    identity = Identity(tenant_id=unique("outbox"), user_id="mallory")
    key = actor_key(identity)
    first = _violation(identity, "req-1")
    settings = IncidentResponderSettings(
        nats=NatsSettings(url=nats_url), instance="outbox-test", log_json=True
    )
    try:
        async with create_app(settings):
            # After startup, which provisions the stream's configuration afresh.
            await js.update_stream(dataclasses.replace(original, max_msg_size=128))
            await _publish(nc, first, first.message_id)
            state = await _until_state(nc, key, timeout_s=5)
            assert state.outbox is not None
            ((pending),) = state.outbox.events
            assert isinstance(pending.event, IncidentOpened)
            await asyncio.sleep(1.2)  # redelivered: a duplicate now, its outbox still stuck
            assert await read_incidents(identity.tenant_id, 0.2) == []
            await js.update_stream(original)
            (opened,) = await wait_incidents(identity.tenant_id, "incident_opened", 5)
            state = await _until_state(nc, key, 5, lambda s: s.outbox is None)
            # The index was written too: an operator can acknowledge the delivered incident.
            ack = AcknowledgeIncident(incident_id=opened.incident_id, by="alice")
            reply = await nc.request(INCIDENT_ACKNOWLEDGE, encode(ack), timeout=5)
            assert IncidentCommandResult.model_validate_json(reply.data).ok
    finally:
        await js.update_stream(original)
    assert opened.message_id == pending.event.message_id
    assert state.outbox is None
    assert state.incident is not None
    assert state.incident.incident_id == opened.incident_id
    kinds = [e.kind for e in await read_incidents(identity.tenant_id, 0.3)]
    assert kinds == ["incident_opened", "incident_status_changed"]


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


@pytest.mark.parametrize("replicas", [1, 2])
async def test_a_burst_fetched_in_one_batch_opens_one_incident(
    nc: Client,
    nats_url: str,
    unique: Callable[[str], str],
    read_incidents: Read,
    replicas: int,
) -> None:
    """A pull batch is handled concurrently: racing writers must not each announce an opening."""
    identity = Identity(tenant_id=unique("burst"), user_id="mallory")
    burst = [_violation(identity, f"req-{i}") for i in range(12)]
    await provision_streams(NatsSettings(url=nats_url))
    for v in burst:  # stored before the responders start, so a fetch returns them together
        await _publish(nc, v, v.message_id)
    key = actor_key(identity)
    async with contextlib.AsyncExitStack() as stack:
        for i in range(replicas):
            settings = IncidentResponderSettings(
                nats=NatsSettings(url=nats_url), instance=f"burst-{i}", log_json=True
            )
            await stack.enter_async_context(create_app(settings))
        # every message seen and the outbox drained: the opening is published after the
        # save that records the last message, and cleared by a later write
        state = await _until_state(
            nc,
            key,
            10,
            lambda s: all(v.message_id in s.seen for v in burst) and s.outbox is None,
        )
    events = await read_incidents(identity.tenant_id, 0.5)
    opened = [e for e in events if isinstance(e, IncidentOpened)]
    assert state.incident is not None
    assert [e.incident_id for e in opened] == [state.incident.incident_id]
    assert state.incident.attempts == len(burst)
    # Every announced incident is the stored one: no event from a writer that lost the race.
    assert {e.incident_id for e in events} == {state.incident.incident_id}
    assert state.outbox is None
