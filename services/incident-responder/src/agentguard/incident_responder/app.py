"""Composition root of the incident-responder."""

from faststream.asgi import AsgiFastStream
from faststream.middlewares import AckPolicy
from faststream.nats import JStream, PullSub

from agentguard.contracts.enforcement import (
    DURABLE_ALERTS,
    INCIDENT_ACKNOWLEDGE,
    INCIDENT_RESOLVE,
    QUEUE_INCIDENT_CONTROL,
)
from agentguard.contracts.subjects import (
    DURABLE_INCIDENTS,
    INCIDENTS_ALL,
    STREAM_EVENTS,
    STREAM_INCIDENTS,
    VIOLATIONS_ALL,
)
from agentguard.incident_responder.alerts import AlertSink, LogAlertSink, WebhookSink
from agentguard.incident_responder.handlers import WORKER, IncidentHandlers
from agentguard.incident_responder.settings import IncidentResponderSettings
from agentguard.incident_responder.store import KvStateStore
from agentguard.shared.broker import JetStreamEventSink, make_broker, provision_streams
from agentguard.shared.identity import producer_name
from agentguard.shared.kv import EnforcementWriter, connect, ensure_enforcement_store
from agentguard.shared.logging import configure_logging, get_logger
from agentguard.shared.rejects import reply_guard
from agentguard.shared.runtime import build_asgi, serve

__all__ = ["create_app", "main"]


def create_app(settings: IncidentResponderSettings | None = None) -> AsgiFastStream:
    """Wire the incident-responder; nothing connects until the app starts."""
    settings = settings or IncidentResponderSettings()
    configure_logging(settings.log_level, settings.log_json)
    producer = producer_name(WORKER, settings.instance)
    broker = make_broker(settings.nats, name=producer)
    log = get_logger(WORKER).bind(instance=producer)
    alerts: list[AlertSink] = [LogAlertSink(log)]
    if settings.webhook_url is not None and settings.webhook_secret is not None:
        alerts.append(
            WebhookSink(
                str(settings.webhook_url),
                settings.webhook_secret.get_secret_value().encode(),
                log,
                max_attempts=settings.webhook_max_attempts,
                backoff_s=settings.webhook_backoff_s,
                backoff_cap_s=settings.webhook_backoff_cap_s,
                timeout_s=settings.webhook_timeout_s,
            )
        )
    handlers = IncidentHandlers(
        sink=JetStreamEventSink(lambda: broker.connection),
        state=KvStateStore(lambda: broker.connection, ttl_s=settings.state_ttl_s),
        enforcement=EnforcementWriter(lambda: broker.connection),
        alerts=alerts,
        policy=settings.effective_policy(),
        alert_min_severity=settings.alert_min_severity,
        log=log,
        producer=producer,
    )
    broker.subscriber(
        VIOLATIONS_ALL,
        stream=JStream(STREAM_EVENTS, declare=False),
        durable=DURABLE_INCIDENTS,
        pull_sub=PullSub(batch_size=settings.batch_size, timeout=1.0),
        ack_policy=AckPolicy.MANUAL,
        title="security.events.violation.>",
        description="ViolationDetected in; incident events on security.incidents.<sev>.<tenant>.",
    )(handlers.on_violation)
    broker.subscriber(
        INCIDENTS_ALL,
        stream=JStream(STREAM_INCIDENTS, declare=False),
        durable=DURABLE_ALERTS,
        pull_sub=PullSub(batch_size=8, timeout=1.0),
        ack_policy=AckPolicy.MANUAL,
        title="security.incidents.> (alerts)",
        description="Incident events in; webhook and log alerts out.",
    )(handlers.on_incident_event)
    broker.subscriber(
        INCIDENT_ACKNOWLEDGE,
        queue=QUEUE_INCIDENT_CONTROL,
        title=INCIDENT_ACKNOWLEDGE,
        description="AcknowledgeIncident in, IncidentCommandResult back.",
    )(reply_guard(handlers.on_acknowledge, log=log, producer=producer))
    broker.subscriber(
        INCIDENT_RESOLVE,
        queue=QUEUE_INCIDENT_CONTROL,
        title=INCIDENT_RESOLVE,
        description="ResolveIncident in, IncidentCommandResult back.",
    )(reply_guard(handlers.on_resolve, log=log, producer=producer))

    async def _streams() -> None:
        await provision_streams(settings.nats)
        nc = await connect(settings.nats, name=f"{producer}/provision")
        try:
            await ensure_enforcement_store(nc.jetstream())
        finally:
            await nc.close()

    return build_asgi(
        broker,
        title="agentguard incident-responder",
        description="Severity, grouping, escalation, enforcement and alerts.",
        on_startup=[_streams],
    )


def main() -> None:
    """Entry point: `python -m agentguard.incident_responder`."""
    settings = IncidentResponderSettings()
    serve(create_app(settings), settings.health_host, settings.health_port)
