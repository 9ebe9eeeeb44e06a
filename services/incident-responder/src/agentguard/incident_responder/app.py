"""Composition root of the incident-responder."""

from faststream.asgi import AsgiFastStream
from faststream.middlewares import AckPolicy
from faststream.nats import JStream, PullSub

from agentguard.contracts.subjects import DURABLE_INCIDENTS, STREAM_EVENTS, VIOLATIONS_ALL
from agentguard.incident_responder.handlers import WORKER, IncidentHandlers
from agentguard.incident_responder.settings import IncidentResponderSettings
from agentguard.shared.broker import JetStreamEventSink, make_broker, provision_streams
from agentguard.shared.identity import producer_name
from agentguard.shared.logging import configure_logging, get_logger
from agentguard.shared.runtime import build_asgi, serve

__all__ = ["create_app", "main"]


def create_app(settings: IncidentResponderSettings | None = None) -> AsgiFastStream:
    """Wire the incident-responder; nothing connects until the app starts."""
    settings = settings or IncidentResponderSettings()
    configure_logging(settings.log_level, settings.log_json)
    producer = producer_name(WORKER, settings.instance)
    broker = make_broker(settings.nats, name=producer)
    handlers = IncidentHandlers(
        sink=JetStreamEventSink(lambda: broker.connection),
        log=get_logger(WORKER).bind(instance=producer),
        producer=producer,
        min_severity=settings.min_severity,
    )
    broker.subscriber(
        VIOLATIONS_ALL,
        stream=JStream(STREAM_EVENTS, declare=False),
        durable=DURABLE_INCIDENTS,
        pull_sub=PullSub(batch_size=settings.batch_size, timeout=1.0),
        ack_policy=AckPolicy.MANUAL,
        title="security.events.violation.>",
        description="ViolationDetected in; IncidentOpened out on security.incidents.<sev>.<tenant>.",
    )(handlers.on_violation)

    async def _streams() -> None:
        await provision_streams(settings.nats)

    return build_asgi(
        broker,
        title="agentguard incident-responder",
        description="Severity, escalation and the incident stream.",
        on_startup=[_streams],
    )


def main() -> None:
    """Entry point: `python -m agentguard.incident_responder`."""
    settings = IncidentResponderSettings()
    serve(create_app(settings), settings.health_host, settings.health_port)
