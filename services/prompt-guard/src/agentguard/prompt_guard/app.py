"""Composition root of prompt-guard."""

from faststream.asgi import AsgiFastStream

from agentguard.contracts.streaming import CANARY_ISSUE
from agentguard.contracts.subjects import PROMPT_GUARD_ANALYZE, QUEUE_PROMPT_GUARD
from agentguard.prompt_guard.canaries import KvCanaryWriter
from agentguard.prompt_guard.handlers import WORKER, PromptGuardHandlers
from agentguard.prompt_guard.settings import PromptGuardSettings
from agentguard.shared.broker import JetStreamEventSink, make_broker, provision_streams
from agentguard.shared.identity import producer_name
from agentguard.shared.logging import configure_logging, get_logger
from agentguard.shared.rejects import reply_guard
from agentguard.shared.runtime import build_asgi, serve
from agentguard.shared.warmup import warm_up_engines

__all__ = ["create_app", "main"]


def create_app(settings: PromptGuardSettings | None = None) -> AsgiFastStream:
    """Wire prompt-guard; nothing connects until the app starts."""
    settings = settings or PromptGuardSettings()
    configure_logging(settings.log_level, settings.log_json)
    producer = producer_name(WORKER, settings.instance)
    broker = make_broker(settings.nats, name=producer)
    canaries = KvCanaryWriter(
        lambda: broker.connection, settings.canary_bucket, float(settings.canary_ttl_s)
    )
    log = get_logger(WORKER).bind(instance=producer)
    handlers = PromptGuardHandlers(
        settings=settings,
        sink=JetStreamEventSink(lambda: broker.connection),
        log=log,
        producer=producer,
        canaries=canaries,
    )
    broker.subscriber(
        PROMPT_GUARD_ANALYZE,
        queue=QUEUE_PROMPT_GUARD,
        max_workers=settings.concurrency,
        title="security.internal.prompt_guard.analyze",
        description="CheckInput in, AnalysisResult back; called by the validator.",
    )(reply_guard(handlers.on_analyze, log=log, producer=producer))
    broker.subscriber(
        CANARY_ISSUE,
        queue=QUEUE_PROMPT_GUARD,
        title="security.canary.issue",
        description="IssueCanary in, CanaryIssued or ErrorReply back; kept in a NATS KV bucket.",
    )(reply_guard(handlers.on_issue_canary, log=log, producer=producer))

    async def _streams() -> None:
        await provision_streams(settings.nats)

    async def _bucket() -> None:
        # Not fatal: analysis must keep working; issuing retries the bucket on demand.
        try:
            await canaries.ensure_bucket()
        except Exception as exc:
            log.error("canary_bucket_unavailable", error=type(exc).__name__)

    return build_asgi(
        broker,
        title="agentguard prompt-guard",
        description="Prompt-injection and jailbreak detection on normalized text.",
        on_startup=[warm_up_engines, _streams],
        after_startup=[_bucket],
    )


def main() -> None:
    """Entry point: `python -m agentguard.prompt_guard`."""
    settings = PromptGuardSettings()
    serve(create_app(settings), settings.health_host, settings.health_port)
