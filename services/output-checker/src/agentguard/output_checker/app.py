"""Composition root of the output-checker."""

from faststream.asgi import AsgiFastStream

from agentguard.contracts.subjects import CHECK_OUTPUT, QUEUE_OUTPUT_CHECKER
from agentguard.output_checker.handlers import WORKER, OutputCheckerHandlers
from agentguard.output_checker.settings import OutputCheckerSettings
from agentguard.shared.broker import JetStreamEventSink, make_broker, provision_streams
from agentguard.shared.identity import producer_name
from agentguard.shared.logging import configure_logging, get_logger
from agentguard.shared.runtime import build_asgi, serve
from agentguard.shared.tasks import TaskTracker

__all__ = ["create_app", "main"]


def create_app(settings: OutputCheckerSettings | None = None) -> AsgiFastStream:
    """Wire the output-checker; nothing connects until the app starts."""
    settings = settings or OutputCheckerSettings()
    configure_logging(settings.log_level, settings.log_json)
    producer = producer_name(WORKER, settings.instance)
    broker = make_broker(settings.nats, name=producer)
    tasks = TaskTracker()
    handlers = OutputCheckerHandlers(
        settings=settings,
        sink=JetStreamEventSink(lambda: broker.connection),
        tasks=tasks,
        log=get_logger(WORKER).bind(instance=producer),
        producer=producer,
    )
    broker.subscriber(
        CHECK_OUTPUT,
        queue=QUEUE_OUTPUT_CHECKER,
        title="security.check.output",
        description="CheckOutput in, Verdict or ErrorReply back (request-reply).",
    )(handlers.on_check)

    async def _streams() -> None:
        await provision_streams(settings.nats)

    return build_asgi(
        broker,
        title="agentguard output-checker",
        description="System-prompt, canary, credential and PII leaks in model outputs.",
        on_startup=[_streams],
        on_shutdown=[tasks.drain],
    )


def main() -> None:
    """Entry point: `python -m agentguard.output_checker`."""
    settings = OutputCheckerSettings()
    serve(create_app(settings), settings.health_host, settings.health_port)
