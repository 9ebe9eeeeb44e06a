"""Validator handlers with enforcement ports, on FastStream's in-memory broker with fakes."""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import nats.errors
import structlog
from faststream.nats import NatsBroker, TestNatsBroker
from pydantic import BaseModel
from structlog.testing import capture_logs

from agentguard.contracts import (
    AnalysisResult,
    Category,
    CheckInput,
    Decision,
    Finding,
    Identity,
    Verdict,
    ViolationDetected,
    parse_reply,
)
from agentguard.contracts.enforcement import EnforcementAction, EnforcementEntry, TargetKind
from agentguard.contracts.subjects import CHECK_INPUT
from agentguard.shared.codec import encode
from agentguard.shared.tasks import TaskTracker
from agentguard.validator.enforcement import RateLimit, RateLimitPolicy, TenantRateLimits
from agentguard.validator.handlers import ValidatorHandlers
from agentguard.validator.settings import ValidatorSettings

SECRET_TEXT = "my borderline prompt with a unique marker 7f3a9c"
USER = Identity(tenant_id="acme", user_id="mallory")


class ListSink:
    def __init__(self) -> None:
        self.published: list[tuple[str, BaseModel]] = []

    async def publish(self, subject: str, message: BaseModel, msg_id: str) -> None:
        self.published.append((subject, message))


class BorderlinePeer:
    """prompt-guard finding an injection with a score between strict and normal thresholds."""

    def __init__(self) -> None:
        self.payloads: list[CheckInput] = []

    async def analyze(self, payload: bytes, timeout_s: float) -> AnalysisResult:
        request = CheckInput.model_validate_json(payload)
        self.payloads.append(request)
        finding = Finding(
            detector="fake", category=Category.INJECTION, type="T", start=0, end=5, score=0.4
        )
        return AnalysisResult(request_id=request.message_id, findings=(finding,))


class Entries:
    def __init__(self, *entries: EnforcementEntry) -> None:
        self._entries = {e.key: e for e in entries}

    @property
    def entries(self) -> Mapping[str, EnforcementEntry]:
        return self._entries


class MemoryCounter:
    def __init__(self, fail: bool = False) -> None:
        self.counts: dict[str, int] = {}
        self.fail = fail

    async def incr(self, subject: str, timeout_s: float) -> int:
        if self.fail:
            raise nats.errors.TimeoutError
        self.counts[subject] = self.counts.get(subject, 0) + 1
        return self.counts[subject]


def _entry(action: EnforcementAction, value: str = "mallory") -> EnforcementEntry:
    now = datetime.now(UTC)
    return EnforcementEntry(
        action=action,
        tenant_id="acme",
        target=TargetKind.USER,
        value=value,
        created_by="test",
        created_at=now,
        expires_at=now + timedelta(minutes=5),
    )


async def _ask(
    requests: list[CheckInput],
    *,
    peer: BorderlinePeer,
    entries: Entries | None = None,
    counter: MemoryCounter | None = None,
    settings: ValidatorSettings | None = None,
) -> tuple[list[Verdict], ListSink]:
    sink, tasks = ListSink(), TaskTracker()
    handlers = ValidatorHandlers(
        settings=settings or ValidatorSettings(),
        prompt_guard=peer,
        sink=sink,
        tasks=tasks,
        log=structlog.get_logger(),
        producer="validator/test",
        enforcement=entries,
        counter=counter,
    )
    broker = NatsBroker()
    broker.subscriber(CHECK_INPUT)(handlers.on_check)
    out: list[Verdict] = []
    async with TestNatsBroker(broker) as br:
        for request in requests:
            reply = parse_reply((await br.request(encode(request), CHECK_INPUT, timeout=3)).body)
            assert isinstance(reply, Verdict)
            out.append(reply)
        await tasks.drain()
    return out, sink


async def test_blocked_identity_is_answered_without_running_checks() -> None:
    peer = BorderlinePeer()
    (verdict,), sink = await _ask(
        [CheckInput(text=SECRET_TEXT, identity=USER)],
        peer=peer,
        entries=Entries(_entry(EnforcementAction.BLOCK)),
    )
    assert verdict.decision is Decision.BLOCK
    assert [f.category for f in verdict.findings] == [Category.BLOCKED_IDENTITY]
    assert peer.payloads == []
    assert verdict.timings == ()
    violations = [m for _, m in sink.published if isinstance(m, ViolationDetected)]
    assert [v.finding.category for v in violations] == [Category.BLOCKED_IDENTITY]


async def test_strict_mode_lowers_the_threshold_and_reaches_prompt_guard() -> None:
    peer = BorderlinePeer()
    normal, _ = await _ask([CheckInput(text=SECRET_TEXT, identity=USER)], peer=peer)
    strict, _ = await _ask(
        [CheckInput(text=SECRET_TEXT, identity=USER)],
        peer=peer,
        entries=Entries(_entry(EnforcementAction.STRICT)),
    )
    assert normal[0].decision is Decision.ALLOW  # 0.4 < 0.5
    assert strict[0].decision is Decision.BLOCK  # 0.4 >= 0.35 under strict mode
    assert [p.policy.strict for p in peer.payloads] == [False, True]


async def test_rate_limit_counts_per_user() -> None:
    limits = RateLimitPolicy(default=TenantRateLimits(per_user=RateLimit(limit=2, window_s=60)))
    requests = [CheckInput(text="hello", identity=USER) for _ in range(3)]
    requests.append(CheckInput(text="hello", identity=Identity(tenant_id="acme", user_id="bob")))
    verdicts, _ = await _ask(
        requests,
        peer=BorderlinePeer(),
        counter=MemoryCounter(),
        settings=ValidatorSettings(rate_limits=limits, block_threshold=0.9),
    )
    cats = [v.findings[0].category for v in verdicts]
    assert cats == [Category.INJECTION, Category.INJECTION, Category.RATE_LIMIT, Category.INJECTION]
    assert verdicts[2].decision is Decision.BLOCK


async def test_counter_outage_fails_open_or_closed_as_configured() -> None:
    request = CheckInput(text="hello", identity=USER)
    opened, _ = await _ask(
        [request],
        peer=BorderlinePeer(),
        counter=MemoryCounter(fail=True),
        settings=ValidatorSettings(block_threshold=0.9),
    )
    closed, _ = await _ask(
        [request],
        peer=BorderlinePeer(),
        counter=MemoryCounter(fail=True),
        settings=ValidatorSettings(block_threshold=0.9, rate_limit_fail_open=False),
    )
    assert opened[0].decision is Decision.ALLOW
    assert closed[0].decision is Decision.BLOCK
    assert [i.check for i in closed[0].incomplete] == ["rate_limit"]


async def test_debug_switch_logs_detail_but_never_the_text() -> None:
    with capture_logs() as logs:
        await _ask(
            [CheckInput(text=SECRET_TEXT, identity=USER)],
            peer=BorderlinePeer(),
            entries=Entries(_entry(EnforcementAction.DEBUG)),
        )
    debug = [line for line in logs if line["event"] == "check_debug"]
    assert len(debug) == 1
    assert debug[0]["findings"] == ["injection/T fake rule score=0.400 span=0:5"]
    assert all("7f3a9c" not in repr(line) for line in logs)
    with capture_logs() as quiet:
        await _ask([CheckInput(text=SECRET_TEXT, identity=USER)], peer=BorderlinePeer())
    assert not [line for line in quiet if line["event"] == "check_debug"]
