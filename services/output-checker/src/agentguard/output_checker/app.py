"""Composition root of the output-checker."""

from faststream.asgi import AsgiFastStream
from structlog.typing import FilteringBoundLogger

from agentguard.contracts.streaming import OUTPUT_STREAM_ALL, QUEUE_OUTPUT_STREAM, RedactionMode
from agentguard.contracts.subjects import CHECK_OUTPUT, QUEUE_OUTPUT_CHECKER
from agentguard.engines import EnginePolicy
from agentguard.output_checker.canarystore import KvCanaryStore
from agentguard.output_checker.core import IndexCache, OutputRules
from agentguard.output_checker.handlers import WORKER, OutputCheckerHandlers
from agentguard.output_checker.settings import OutputCheckerSettings
from agentguard.output_checker.stream import StreamTable
from agentguard.output_checker.streamstore import KvStreamStore, MemoryStreamStore
from agentguard.output_checker.textview import default_normalizer
from agentguard.shared.broker import JetStreamEventSink, make_broker, provision_streams
from agentguard.shared.identity import producer_name
from agentguard.shared.keystore import KeyStore, generate_key
from agentguard.shared.logging import configure_logging, get_logger
from agentguard.shared.rejects import reply_guard
from agentguard.shared.runtime import build_asgi, serve
from agentguard.shared.tasks import TaskTracker
from agentguard.shared.warmup import warm_up_engines

__all__ = ["build_rules", "create_app", "main"]


def _keystore(settings: OutputCheckerSettings, log: FilteringBoundLogger) -> KeyStore | None:
    if settings.redaction_keys or settings.redaction_key_files:
        return KeyStore.from_sources(settings.redaction_keys, settings.redaction_key_files)
    if settings.environment == "dev":
        # Dev only (settings refuse this elsewhere): vaults die with the process.
        log.warning("redaction_key_ephemeral", reason="no redaction keys configured (dev)")
        return KeyStore([generate_key()])
    return None


def build_rules(settings: OutputCheckerSettings, log: FilteringBoundLogger) -> OutputRules:
    """The output checks' configuration from settings."""
    keystore = _keystore(settings, log)
    mode = settings.redaction_mode
    if mode is RedactionMode.REVERSIBLE and keystore is None:
        mode = RedactionMode.PLACEHOLDER
    return OutputRules(
        normalizer=default_normalizer(),
        digest_key=settings.digest_key.get_secret_value().encode(),
        tool_allowlist=settings.tool_url_allowlist,
        ngram=settings.leak_ngram,
        min_leak_words=settings.leak_min_words,
        redaction_mode=mode,
        keystore=keystore,
    )


def create_app(settings: OutputCheckerSettings | None = None) -> AsgiFastStream:
    """Wire the output-checker; nothing connects until the app starts."""
    settings = settings or OutputCheckerSettings()
    configure_logging(settings.log_level, settings.log_json)
    producer = producer_name(WORKER, settings.instance)
    broker = make_broker(settings.nats, name=producer)
    tasks = TaskTracker()
    log = get_logger(WORKER).bind(instance=producer)
    rules = build_rules(settings, log)
    indexes = IndexCache(rules)
    streams: KvStreamStore | MemoryStreamStore
    if settings.stream_state == "kv" and rules.keystore is not None:
        streams = KvStreamStore(
            lambda: broker.connection,
            bucket=settings.stream_bucket,
            ttl_s=settings.stream_idle_s,
            keystore=rules.keystore,
            indexes=indexes,
            base=EnginePolicy(
                block_threshold=settings.block_threshold, max_chars=settings.max_chars
            ),
        )
    else:
        streams = MemoryStreamStore(
            StreamTable(idle_s=settings.stream_idle_s, max_streams=settings.stream_max)
        )
    handlers = OutputCheckerHandlers(
        settings=settings,
        sink=JetStreamEventSink(lambda: broker.connection),
        tasks=tasks,
        log=log,
        producer=producer,
        rules=rules,
        canaries=KvCanaryStore(
            lambda: broker.connection, settings.canary_bucket, settings.canary_lookup_timeout_s
        ),
        streams=streams,
        indexes=indexes,
    )
    broker.subscriber(
        CHECK_OUTPUT,
        queue=QUEUE_OUTPUT_CHECKER,
        max_workers=settings.concurrency,
        title="security.check.output",
        description="CheckOutput in, Verdict or ErrorReply back (request-reply).",
    )(reply_guard(handlers.on_check, log=log, producer=producer))
    broker.subscriber(
        OUTPUT_STREAM_ALL,
        queue=QUEUE_OUTPUT_STREAM,
        title="security.check.output.stream.*",
        description=(
            "OutputChunk in, ChunkVerdict or ErrorReply back; windows live in the replica "
            "(stream_state=memory) or in a KV bucket shared by all replicas (kv)."
        ),
    )(reply_guard(handlers.on_chunk, log=log, producer=producer))

    async def _streams() -> None:
        await provision_streams(settings.nats)

    async def _bucket() -> None:
        if isinstance(streams, KvStreamStore):
            try:
                await streams.ensure_bucket()
            except Exception as exc:  # retried on the first chunk; chunks fail closed meanwhile
                log.error("stream_bucket_unavailable", error=type(exc).__name__)

    return build_asgi(
        broker,
        title="agentguard output-checker",
        description="System-prompt, canary, credential and PII leaks in model outputs.",
        on_startup=[warm_up_engines, _streams],
        after_startup=[_bucket],
        on_shutdown=[tasks.drain],
    )


def main() -> None:
    """Entry point: `python -m agentguard.output_checker`."""
    settings = OutputCheckerSettings()
    serve(create_app(settings), settings.health_host, settings.health_port)
