"""Composition root of the validator: settings, broker, ports, subscribers, health."""

from faststream.asgi import AsgiFastStream

from agentguard.contracts.subjects import CHECK_INPUT, PROMPT_GUARD_ANALYZE, QUEUE_VALIDATOR
from agentguard.shared.broker import JetStreamEventSink, make_broker, provision_streams
from agentguard.shared.identity import producer_name
from agentguard.shared.kv import EnforcementCache, RateCounter
from agentguard.shared.logging import configure_logging, get_logger
from agentguard.shared.peers import NatsPeer
from agentguard.shared.rejects import reply_guard
from agentguard.shared.runtime import build_asgi, serve
from agentguard.shared.tasks import TaskTracker
from agentguard.shared.warmup import warm_up_engines
from agentguard.validator.handlers import WORKER, ValidatorHandlers
from agentguard.validator.settings import ValidatorSettings

__all__ = ["create_app", "main"]


def create_app(settings: ValidatorSettings | None = None) -> AsgiFastStream:
    """Wire the validator; nothing connects until the app starts."""
    settings = settings or ValidatorSettings()
    configure_logging(settings.log_level, settings.log_json)
    producer = producer_name(WORKER, settings.instance)
    broker = make_broker(settings.nats, name=producer)
    tasks = TaskTracker()
    log = get_logger(WORKER).bind(instance=producer)
    # The cache has its own connection so it is loaded before the subscriber takes requests.
    cache = EnforcementCache(log) if settings.enforcement else None
    handlers = ValidatorHandlers(
        settings=settings,
        prompt_guard=NatsPeer(lambda: broker.connection, PROMPT_GUARD_ANALYZE, "prompt_guard"),
        sink=JetStreamEventSink(lambda: broker.connection),
        tasks=tasks,
        log=log,
        producer=producer,
        enforcement=cache,
        counter=RateCounter(lambda: broker.connection),
    )
    broker.subscriber(
        CHECK_INPUT,
        queue=QUEUE_VALIDATOR,
        max_workers=settings.concurrency,
        title="security.check",
        description="CheckInput in, Verdict or ErrorReply back (request-reply).",
    )(reply_guard(handlers.on_check, log=log, producer=producer))

    async def _streams() -> None:
        await provision_streams(settings.nats)
        if cache is not None:
            await cache.start(settings.nats, name=f"{producer}/enforcement")

    async def _stop_cache() -> None:
        if cache is not None:
            await cache.stop()

    return build_asgi(
        broker,
        title="agentguard validator",
        description="Input validation, content filter, PII and secrets; fans out to prompt-guard.",
        on_startup=[warm_up_engines, _streams],
        on_shutdown=[tasks.drain],
        after_shutdown=[_stop_cache],
    )


def main() -> None:
    """Entry point: `python -m agentguard.validator`."""
    settings = ValidatorSettings()
    serve(create_app(settings), settings.health_host, settings.health_port)
