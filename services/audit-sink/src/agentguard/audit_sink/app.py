"""Composition root of the audit-sink."""

from faststream.asgi import AsgiFastStream
from faststream.middlewares import AckPolicy
from faststream.nats import JStream, PullSub

from agentguard.audit_sink.handlers import WORKER, AuditSinkHandlers
from agentguard.audit_sink.settings import AuditSinkSettings
from agentguard.audit_sink.store import JsonlAuditStore
from agentguard.contracts.subjects import DURABLE_AUDIT, EVENTS_ALL, STREAM_EVENTS
from agentguard.shared.broker import JetStreamEventSink, make_broker, provision_streams
from agentguard.shared.identity import producer_name
from agentguard.shared.logging import configure_logging, get_logger
from agentguard.shared.runtime import build_asgi, serve

__all__ = ["create_app", "main"]


def create_app(settings: AuditSinkSettings | None = None) -> AsgiFastStream:
    """Wire the audit-sink; nothing connects until the app starts."""
    settings = settings or AuditSinkSettings()
    configure_logging(settings.log_level, settings.log_json)
    producer = producer_name(WORKER, settings.instance)
    broker = make_broker(settings.nats, name=producer)
    store = JsonlAuditStore(settings.log_path)
    handlers = AuditSinkHandlers(
        store=store,
        sink=JetStreamEventSink(lambda: broker.connection),
        log=get_logger(WORKER).bind(instance=producer),
        producer=producer,
    )
    broker.subscriber(
        EVENTS_ALL,
        # declare=False: the stream's config is owned by ensure_streams, not this subscriber.
        stream=JStream(STREAM_EVENTS, declare=False),
        durable=DURABLE_AUDIT,
        pull_sub=PullSub(batch_size=settings.batch_size, timeout=1.0),
        ack_policy=AckPolicy.MANUAL,
        title="security.events.>",
        description="Every VerdictIssued and ViolationDetected, durably.",
    )(handlers.on_event)

    async def _streams() -> None:
        await provision_streams(settings.nats)

    async def _close() -> None:
        store.close()

    return build_asgi(
        broker,
        title="agentguard audit-sink",
        description="Durable audit log of every security event.",
        on_startup=[_streams],
        after_shutdown=[_close],
    )


def main() -> None:
    """Entry point: `python -m agentguard.audit_sink`."""
    settings = AuditSinkSettings()
    serve(create_app(settings), settings.health_host, settings.health_port)
