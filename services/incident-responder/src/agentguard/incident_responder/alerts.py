"""Alert sinks for incident events: a signed webhook with retries, and the log.

The webhook uses the standard library (urllib in a worker thread), so the worker needs no
HTTP client dependency. Receivers authenticate a delivery with the shared secret:

    X-Agentguard-Timestamp: <unix seconds>
    X-Agentguard-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>

and deduplicate by X-Agentguard-Event-Id (deliveries are at least once).
"""

import asyncio
import hashlib
import hmac
import random
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from typing import Protocol

from structlog.typing import FilteringBoundLogger

from agentguard.contracts import IncidentOpened
from agentguard.contracts.enforcement import IncidentEscalated, IncidentStatusChanged
from agentguard.incident_responder.errors import AlertDeliveryError

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "AlertSink",
    "LogAlertSink",
    "WebhookSink",
    "backoff_delays",
    "sign",
    "verify",
]

SIGNATURE_HEADER = "X-Agentguard-Signature"
TIMESTAMP_HEADER = "X-Agentguard-Timestamp"
EVENT_ID_HEADER = "X-Agentguard-Event-Id"

AlertEvent = IncidentOpened | IncidentEscalated | IncidentStatusChanged


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """The signature header value for body sent at timestamp."""
    mac = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"v1={mac}"


def verify(
    secret: bytes, timestamp: int, body: bytes, signature: str, *, now: float, tolerance_s: int
) -> bool:
    """Receiver side: signature matches and the timestamp is recent (replay window)."""
    if abs(now - timestamp) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff_delays(
    attempts: int, base_s: float, cap_s: float, rand: Callable[[], float] = random.random
) -> list[float]:
    """Waits between attempts: exponential, capped, with jitter in [50 %, 100 %]."""
    return [min(cap_s, base_s * 2**i) * (0.5 + rand() / 2) for i in range(max(attempts - 1, 0))]


class AlertSink(Protocol):
    """Somewhere incident events are announced."""

    name: str

    async def send(self, event: AlertEvent) -> None:
        """Deliver event or raise AlertDeliveryError."""


class LogAlertSink:
    """Writes one structured line per alert (summaries carry no raw text by contract)."""

    name = "log"

    def __init__(self, log: FilteringBoundLogger) -> None:
        self._log = log

    async def send(self, event: AlertEvent) -> None:
        """Log the alert."""
        self._log.warning(
            "incident_alert",
            kind=event.kind,
            incident_id=event.incident_id,
            severity=event.severity.value,
            tenant_id=event.identity.tenant_id,
            summary=getattr(event, "summary", None) or getattr(event, "status", ""),
        )


def _post(url: str, body: bytes, headers: dict[str, str], timeout_s: float) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked in settings
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as resp:  # noqa: S310 - same
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


class WebhookSink:
    """POSTs each event as JSON, signed, retrying transient failures with backoff."""

    name = "webhook"

    def __init__(
        self,
        url: str,
        secret: bytes,
        log: FilteringBoundLogger,
        *,
        max_attempts: int = 5,
        backoff_s: float = 0.5,
        backoff_cap_s: float = 30.0,
        timeout_s: float = 5.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._url = url
        self._secret = secret
        self._log = log
        self._max_attempts = max_attempts
        self._backoff_s = backoff_s
        self._backoff_cap_s = backoff_cap_s
        self._timeout_s = timeout_s
        self._sleep = sleep

    async def send(self, event: AlertEvent) -> None:
        """Deliver event; retry on network errors, 429 and 5xx; give up on other 4xx."""
        body = event.model_dump_json().encode()
        delays = backoff_delays(self._max_attempts, self._backoff_s, self._backoff_cap_s)
        last = "no attempt"
        for attempt in range(1, self._max_attempts + 1):
            ts = int(time.time())
            headers = {
                "Content-Type": "application/json",
                "User-Agent": "agentguard-incident-responder",
                EVENT_ID_HEADER: event.message_id,
                "X-Agentguard-Event-Kind": event.kind,
                TIMESTAMP_HEADER: str(ts),
                SIGNATURE_HEADER: sign(self._secret, ts, body),
            }
            try:
                status = await asyncio.to_thread(_post, self._url, body, headers, self._timeout_s)
            except (OSError, TimeoutError) as exc:
                status, last = 0, type(exc).__name__
            else:
                last = f"HTTP {status}"
            if 200 <= status < 300:
                self._log.info("webhook_delivered", event_id=event.message_id, attempt=attempt)
                return
            if status and not _retryable(status):
                raise AlertDeliveryError(self.name, attempt, last)
            self._log.warning(
                "webhook_retry", event_id=event.message_id, attempt=attempt, error=last
            )
            if attempt < self._max_attempts:
                await self._sleep(delays[attempt - 1])
        raise AlertDeliveryError(self.name, self._max_attempts, last)
