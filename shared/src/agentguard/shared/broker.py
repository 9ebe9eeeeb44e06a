"""NATS connection, JetStream streams and the event/dead-letter publishing ports."""

import asyncio
import base64
import ssl
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import nats
from faststream.nats import NatsBroker, NatsCredentials, NatsSecurity
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError
from pydantic import BaseModel
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import DeadLetter, ErrorCode
from agentguard.contracts.subjects import STREAMS, StreamSpec
from agentguard.shared.codec import encode
from agentguard.shared.digest import sha256_hex
from agentguard.shared.natsfix import install_fetch_timeout_fix
from agentguard.shared.settings import NatsSettings

__all__ = [
    "DLQ_PAYLOAD_LIMIT",
    "EventSink",
    "JetStreamEventSink",
    "dead_letter",
    "ensure_streams",
    "make_broker",
    "provision_streams",
    "publish_all",
    "stream_config",
]

# Larger payloads keep digest and length only: the DLQ must not become a bulk prompt store.
DLQ_PAYLOAD_LIMIT = 64 * 1024


def _tls_context(settings: NatsSettings) -> ssl.SSLContext | None:
    if settings.tls_ca is None and settings.tls_cert is None:
        return None
    ctx = ssl.create_default_context(cafile=str(settings.tls_ca) if settings.tls_ca else None)
    if settings.tls_cert is not None:
        key = str(settings.tls_key) if settings.tls_key else None
        ctx.load_cert_chain(str(settings.tls_cert), key)
    return ctx


def make_broker(settings: NatsSettings, name: str) -> NatsBroker:
    """A FastStream broker configured from settings (URL, creds file, TLS)."""
    install_fetch_timeout_fix()  # before any pull subscriber fetches
    ctx = _tls_context(settings)
    security: NatsSecurity | None = None
    if settings.creds_file is not None:
        security = NatsCredentials(str(settings.creds_file), ssl_context=ctx)
    elif ctx is not None:
        security = NatsSecurity(ssl_context=ctx)
    return NatsBroker(
        settings.servers,
        name=name,
        security=security,
        connect_timeout=int(settings.connect_timeout_s),
        max_reconnect_attempts=-1,
        logger=None,
    )


def stream_config(spec: StreamSpec) -> StreamConfig:
    """The JetStream configuration for a stream spec (file storage, dedupe window)."""
    return StreamConfig(
        name=spec.name,
        subjects=list(spec.subjects),
        description=spec.description,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        max_age=spec.max_age_s,
        duplicate_window=spec.duplicate_window_s,
        deny_delete=spec.deny_delete,
        deny_purge=spec.deny_purge,
    )


async def ensure_streams(js: JetStreamContext, specs: tuple[StreamSpec, ...] = STREAMS) -> None:
    """Create each stream, or update it to the spec; safe to run from every replica."""
    for spec in specs:
        config = stream_config(spec)
        try:
            await js.add_stream(config)
        except BadRequestError:
            await js.update_stream(config)


async def provision_streams(settings: NatsSettings) -> None:
    """Create the mesh's streams over a short-lived connection, before subscribers start."""
    nc = await nats.connect(
        servers=settings.servers,
        user_credentials=str(settings.creds_file) if settings.creds_file else None,
        tls=_tls_context(settings),
        connect_timeout=int(settings.connect_timeout_s),
        allow_reconnect=False,
    )
    try:
        await ensure_streams(nc.jetstream())
    finally:
        await nc.close()


class EventSink(Protocol):
    """Where workers publish events; JetStream in production, a list in tests."""

    async def publish(self, subject: str, message: BaseModel, msg_id: str) -> None:
        """Publish message on subject, deduplicated by msg_id."""


class JetStreamEventSink:
    """Publishes to JetStream with Nats-Msg-Id so retries never duplicate an event."""

    def __init__(self, connection: Callable[[], Client], timeout_s: float = 2.0) -> None:
        self._connection = connection
        self._timeout = timeout_s

    async def publish(self, subject: str, message: BaseModel, msg_id: str) -> None:
        """Publish and wait for the stream's ack."""
        await (
            self._connection()
            .jetstream()
            .publish(
                subject, encode(message), timeout=self._timeout, headers={"Nats-Msg-Id": msg_id}
            )
        )


def dead_letter(
    *, worker: str, subject: str, payload: bytes, code: ErrorCode, reason: str, producer: str
) -> DeadLetter:
    """Build the dead-letter record of a rejected payload."""
    keep = payload if len(payload) <= DLQ_PAYLOAD_LIMIT else None
    return DeadLetter(
        producer=producer,
        worker=worker,
        subject=subject,
        code=code,
        reason=reason,
        payload_length=len(payload),
        payload_digest=sha256_hex(payload),
        payload_b64=base64.b64encode(keep).decode() if keep is not None else None,
    )


async def publish_all(
    sink: EventSink,
    events: "Sequence[tuple[str, BaseModel]]",
    log: FilteringBoundLogger,
    *,
    retry_for_s: float = 30.0,
) -> None:
    """Publish each (subject, event) keyed by its message_id, retrying until retry_for_s.

    Retrying is safe because the stream deduplicates by Nats-Msg-Id; it rides out a
    nats-server restart or a leader election. What still fails is logged as event_lost
    (with the id, never the content) and never raised.
    """
    deadline = time.monotonic() + retry_for_s
    for subject, event in events:
        msg_id = str(getattr(event, "message_id", ""))
        delay = 0.1
        while True:
            try:
                await sink.publish(subject, event, msg_id)
                break
            except Exception as exc:
                if time.monotonic() + delay > deadline:
                    log.error(
                        "event_lost", subject=subject, event_id=msg_id, error=type(exc).__name__
                    )
                    break
                log.warning(
                    "event_publish_retry",
                    subject=subject,
                    event_id=msg_id,
                    error=type(exc).__name__,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
