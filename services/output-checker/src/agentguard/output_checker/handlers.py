"""Output-checker subscriber: decode, judge, reply, record."""

import time

from faststream.nats import NatsMessage
from structlog.typing import FilteringBoundLogger

from agentguard.contracts import CheckKind, CheckOutput
from agentguard.contracts.subjects import CHECK_OUTPUT
from agentguard.engines import EnginePolicy
from agentguard.output_checker.core import judge_output
from agentguard.output_checker.settings import OutputCheckerSettings
from agentguard.shared.broker import EventSink, publish_all
from agentguard.shared.codec import decode, encode
from agentguard.shared.digest import keyed_digest
from agentguard.shared.errors import DecodeError
from agentguard.shared.rejects import reject
from agentguard.shared.tasks import TaskTracker
from agentguard.shared.verdicts import build_events

__all__ = ["WORKER", "OutputCheckerHandlers"]

WORKER = "output-checker"


class OutputCheckerHandlers:
    """Output-checker's handlers with injected ports."""

    def __init__(
        self,
        *,
        settings: OutputCheckerSettings,
        sink: EventSink,
        tasks: TaskTracker,
        log: FilteringBoundLogger,
        producer: str,
    ) -> None:
        self._settings = settings
        self._sink = sink
        self._tasks = tasks
        self._log = log
        self._producer = producer
        self._digest_key = settings.digest_key.get_secret_value().encode()
        self._base = EnginePolicy(
            block_threshold=settings.block_threshold, max_chars=settings.max_chars
        )

    async def on_check(self, msg: NatsMessage) -> bytes:
        """Answer a CheckOutput with a Verdict (or a typed ErrorReply)."""
        started = time.perf_counter()
        payload: bytes = msg.body
        try:
            request = decode(payload, CheckOutput, max_bytes=self._settings.max_payload_bytes)
        except DecodeError as err:
            reply = await reject(
                err,
                payload=payload,
                subject=CHECK_OUTPUT,
                worker=WORKER,
                producer=self._producer,
                sink=self._sink,
                log=self._log,
            )
            self._log.warning("check_rejected", code=err.code.value, payload_len=len(payload))
            return encode(reply)
        policy = EnginePolicy.from_hints(request.policy, self._base)
        verdict = judge_output(request, policy, self._producer, started)
        self._tasks.spawn(
            publish_all(
                self._sink,
                build_events(
                    verdict,
                    check=CheckKind.OUTPUT,
                    identity=request.identity,
                    text=request.text,
                    digest_key=self._digest_key,
                ),
                self._log,
            )
        )
        self._log.info(
            "check_handled",
            request_id=request.message_id,
            correlation_id=request.correlation_id,
            tenant_id=request.identity.tenant_id,
            text_len=len(request.text),
            text_digest=keyed_digest(self._digest_key, request.text)[:16],
            decision=verdict.decision.value,
            findings=len(verdict.findings),
            latency_ms=round(verdict.latency_ms, 3),
        )
        return encode(verdict)
