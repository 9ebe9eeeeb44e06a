"""The webhook sink against a local HTTP server: retries, backoff, signature, give-up."""

import json
import time
from collections.abc import Callable

import pytest
import structlog

from agentguard.contracts import Category, Identity, Severity
from agentguard.contracts.enforcement import IncidentEscalated
from agentguard.incident_responder.alerts import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WebhookSink,
    verify,
)
from agentguard.incident_responder.errors import AlertDeliveryError

pytestmark = pytest.mark.integration

StartReceiver = Callable[[int, int], tuple[str, list[tuple[dict[str, str], bytes]]]]

SECRET = b"test-webhook-secret"


def _event() -> IncidentEscalated:
    return IncidentEscalated(
        incident_id="inc-1",
        severity=Severity.HIGH,
        previous_severity=Severity.MEDIUM,
        identity=Identity(tenant_id="acme", user_id="mallory"),
        rule="repeated_injection: 5 attempts in 600s",
        summary="high injection by user",
        categories=(Category.INJECTION,),
        attempts=5,
        event_ids=("v5",),
    )


async def test_retries_after_two_failures_then_delivers_signed(
    start_receiver: StartReceiver,
) -> None:
    event = _event()
    url, requests = start_receiver(2, 500)
    sink = WebhookSink(url, SECRET, structlog.get_logger(), backoff_s=0.1, max_attempts=5)
    started = time.perf_counter()
    await sink.send(event)
    elapsed = time.perf_counter() - started
    assert len(requests) == 3
    # Backoff: at least 50 % of 0.1 s then of 0.2 s between the three attempts.
    assert elapsed >= 0.15
    ids = {headers["X-Agentguard-Event-Id"] for headers, _ in requests}
    assert ids == {event.message_id}  # the receiver can deduplicate retries
    for headers, body in requests:
        ts = int(headers[TIMESTAMP_HEADER])
        assert verify(SECRET, ts, body, headers[SIGNATURE_HEADER], now=time.time(), tolerance_s=60)
        assert not verify(b"wrong", ts, body, headers[SIGNATURE_HEADER], now=ts, tolerance_s=60)
    assert json.loads(requests[-1][1])["incident_id"] == "inc-1"


async def test_gives_up_after_max_attempts(start_receiver: StartReceiver) -> None:
    url, requests = start_receiver(100, 500)
    sink = WebhookSink(url, SECRET, structlog.get_logger(), backoff_s=0.01, max_attempts=3)
    with pytest.raises(AlertDeliveryError) as info:
        await sink.send(_event())
    assert len(requests) == 3
    assert info.value.attempts == 3


async def test_client_errors_are_not_retried(start_receiver: StartReceiver) -> None:
    url, requests = start_receiver(100, 401)
    sink = WebhookSink(url, SECRET, structlog.get_logger(), backoff_s=0.01)
    with pytest.raises(AlertDeliveryError):
        await sink.send(_event())
    assert len(requests) == 1
