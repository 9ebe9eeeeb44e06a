"""Composition root of the audit-sink."""

import asyncio
import contextlib

from faststream.asgi import AsgiFastStream
from faststream.middlewares import AckPolicy
from faststream.nats import JStream, PullSub
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig, DeliverPolicy

from agentguard.audit_sink.handlers import WORKER, AuditSinkHandlers
from agentguard.audit_sink.settings import AuditSinkSettings
from agentguard.audit_sink.signing import (
    CheckpointSigner,
    generate_key_files,
    load_private_key,
)
from agentguard.audit_sink.store import SegmentedAuditLog
from agentguard.contracts.subjects import DURABLE_AUDIT, EVENTS_ALL, STREAM_EVENTS
from agentguard.shared.broker import JetStreamEventSink, make_broker, provision_streams
from agentguard.shared.identity import producer_name
from agentguard.shared.logging import configure_logging, get_logger
from agentguard.shared.runtime import build_asgi, serve

__all__ = ["consumer_config", "create_app", "load_signer", "main"]


def consumer_config(settings: AuditSinkSettings) -> ConsumerConfig:
    """The durable consumer: explicit acks, never gives up on an event, from the start."""
    return ConsumerConfig(
        name=DURABLE_AUDIT,
        durable_name=DURABLE_AUDIT,
        description="audit-sink: acked after fsync and a signed checkpoint",
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=JsAckPolicy.EXPLICIT,
        ack_wait=settings.ack_wait_s,
        max_deliver=-1,  # an audit event is retried until recorded or dead-lettered
        max_ack_pending=settings.max_ack_pending,
        filter_subject=EVENTS_ALL,
    )


def load_signer(settings: AuditSinkSettings) -> CheckpointSigner:
    """The checkpoint key; in dev a missing key is generated (settings refuse that elsewhere)."""
    path = settings.key_file
    if settings.signing_key_file is None and not path.exists():
        return CheckpointSigner(generate_key_files(path))
    return CheckpointSigner(load_private_key(path))


def create_app(settings: AuditSinkSettings | None = None) -> AsgiFastStream:
    """Wire the audit-sink; nothing connects until the app starts."""
    settings = settings or AuditSinkSettings()
    configure_logging(settings.log_level, settings.log_json)
    producer = producer_name(WORKER, settings.instance)
    log = get_logger(WORKER).bind(instance=producer)
    broker = make_broker(settings.nats, name=producer)
    signer = load_signer(settings)
    store = SegmentedAuditLog(
        settings.log_path,
        signer,
        segment_max_bytes=settings.segment_max_bytes,
        retention_s=None if settings.retention_days is None else settings.retention_days * 86400,
    )
    pruned = store.prune()  # retention also runs at every rotation
    # Cutting an unsigned tail means the last run crashed mid-write: worth a warning.
    opened = log.warning if store.recovery.dropped_unsigned else log.info
    opened(
        "audit_log_opened",
        records=store.recovery.records,
        dropped_unsigned=store.recovery.dropped_unsigned,
        pruned_segments=len(pruned),
        key_id=signer.key_id,
    )
    handlers = AuditSinkHandlers(
        store=store,
        sink=JetStreamEventSink(lambda: broker.connection),
        log=log,
        producer=producer,
        digest_key=settings.digest_key.get_secret_value().encode(),
        checkpoint_interval_s=settings.checkpoint_interval_s,
        checkpoint_max_unsigned=settings.checkpoint_max_unsigned,
        heartbeat_s=settings.heartbeat_s,
        nak_delay_s=settings.nak_delay_s,
    )
    broker.subscriber(
        EVENTS_ALL,
        # declare=False: the stream's config is owned by ensure_streams, not this subscriber.
        stream=JStream(STREAM_EVENTS, declare=False),
        durable=DURABLE_AUDIT,
        config=consumer_config(settings),
        pull_sub=PullSub(
            batch_size=settings.batch_size, timeout=settings.fetch_timeout_s, batch=True
        ),
        # MANUAL: FastStream never acks, nacks or rejects on our behalf (its reject drops).
        ack_policy=AckPolicy.MANUAL,
        title="security.events.>",
        description="Every VerdictIssued and ViolationDetected, durably.",
    )(handlers.on_batch)

    ticker: list[asyncio.Task[None]] = []

    async def _streams() -> None:
        await provision_streams(settings.nats)

    async def _tick_forever() -> None:
        while True:
            await asyncio.sleep(min(0.1, settings.checkpoint_interval_s / 2))
            try:
                await handlers.tick()
            except Exception as exc:  # any failure: the next tick tries again
                log.exception("checkpoint_tick_failed", error=type(exc).__name__)

    async def _started() -> None:
        # The subscriber binds to an existing consumer as it is; converge its settings.
        await broker.connection.jetstream().add_consumer(STREAM_EVENTS, consumer_config(settings))
        ticker.append(asyncio.create_task(_tick_forever()))
        log.info("audit_sink_started", ack_wait_s=settings.ack_wait_s, key_id=signer.key_id)

    async def _stopping() -> None:
        for task in ticker:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await handlers.flush()

    async def _close() -> None:
        store.close()

    return build_asgi(
        broker,
        title="agentguard audit-sink",
        description="Durable audit log of every security event.",
        on_startup=[_streams],
        after_startup=[_started],
        on_shutdown=[_stopping],
        after_shutdown=[_close],
    )


def main() -> None:
    """Entry point: `python -m agentguard.audit_sink`."""
    settings = AuditSinkSettings()
    serve(create_app(settings), settings.health_host, settings.health_port)
