"""Severity grading with history, grouping, escalation and enforcement (pure)."""

from datetime import UTC, datetime, timedelta

from agentguard.contracts import (
    Category,
    CheckKind,
    Decision,
    Finding,
    Identity,
    IncidentOpened,
    Severity,
    ViolationDetected,
)
from agentguard.contracts.enforcement import (
    EnforcementAction,
    IncidentEscalated,
    IncidentStatus,
    TargetKind,
)
from agentguard.incident_responder.core import (
    ActorState,
    Outcome,
    actor_key,
    change_status,
    observe,
)
from agentguard.incident_responder.rules import (
    Escalation,
    ResponderPolicy,
    SeverityRule,
    TenantPolicy,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=1)


def violation(
    n: int,
    *,
    category: Category = Category.INJECTION,
    check: CheckKind = CheckKind.INPUT,
    at_s: float | None = None,
    request: str | None = None,
    identity: Identity | None = None,
    score: float = 0.9,
) -> ViolationDetected:
    return ViolationDetected(
        message_id=f"v-{n}",
        occurred_at=T0 + timedelta(seconds=at_s if at_s is not None else n),
        request_id=request or f"r-{n}",
        verdict_event_id=f"e-{n}",
        check=check,
        identity=identity or Identity(tenant_id="acme", user_id="mallory"),
        decision=Decision.BLOCK,
        finding=Finding(detector="x", category=category, type="t", start=0, end=1, score=score),
        severity=Severity.HIGH,
    )


def run(
    seq: list[ViolationDetected], policy: TenantPolicy | None = None
) -> tuple[ActorState, list[Outcome]]:
    policy = policy or TenantPolicy()
    state = ActorState()
    outs = []
    for v in seq:
        out = observe(state, v, policy, producer="test", now=NOW)
        state = out.state
        outs.append(out)
    return state, outs


def test_five_injections_open_medium_then_escalate_to_high_and_block() -> None:
    state, outs = run([violation(i) for i in range(1, 6)])
    kinds = [[type(e).__name__ for _, e in o.events] for o in outs]
    assert kinds == [["IncidentOpened"], [], [], [], ["IncidentEscalated"]]
    opened = outs[0].events[0][1]
    assert isinstance(opened, IncidentOpened)
    assert opened.severity is Severity.MEDIUM
    subject, escalated = outs[4].events[0]
    assert isinstance(escalated, IncidentEscalated)
    assert subject == "security.incidents.high.acme"
    assert escalated.incident_id == opened.incident_id
    assert (escalated.previous_severity, escalated.severity) == (Severity.MEDIUM, Severity.HIGH)
    assert escalated.attempts == 5
    actions = {(e.action, e.target, e.value) for e in outs[4].enforcement}
    assert actions == {
        (EnforcementAction.BLOCK, TargetKind.USER, "mallory"),
        (EnforcementAction.STRICT, TargetKind.USER, "mallory"),
    }
    block = next(e for e in outs[4].enforcement if e.action is EnforcementAction.BLOCK)
    assert block.expires_at - NOW == timedelta(seconds=900)
    assert block.incident_id == opened.incident_id
    assert all(not o.enforcement for o in outs[:4])
    assert state.incident is not None
    assert state.incident.attempts == 5


def test_findings_of_one_request_count_once() -> None:
    seq = [violation(i, request=f"r-{(i + 1) // 2}") for i in range(1, 9)]  # 4 requests
    state, outs = run(seq)
    assert all(not o.events for o in outs[1:])
    assert state.incident is not None
    assert state.incident.severity is Severity.MEDIUM
    assert state.incident.attempts == 4


def test_attempts_outside_the_window_do_not_escalate() -> None:
    seq = [violation(i, at_s=i * 200.0) for i in range(1, 6)]  # 5 attempts over 800 s
    _, outs = run(seq)
    assert not any(isinstance(e, IncidentEscalated) for o in outs for _, e in o.events)


def test_escalation_does_not_depend_on_arrival_order() -> None:
    # Concurrent pulls and redelivery hand violations over out of order; the fifth
    # distinct request escalates whichever violation happens to complete the set.
    order = [1, 2, 5, 4, 3]
    _, outs = run([violation(i) for i in order])
    escalations = [o for o in outs if any(isinstance(e, IncidentEscalated) for _, e in o.events)]
    assert len(escalations) == 1
    assert escalations[0] is outs[-1]


def test_canary_leak_is_critical_at_once_and_blocks() -> None:
    _, outs = run([violation(1, category=Category.CANARY, check=CheckKind.OUTPUT, score=0.1)])
    ((_, opened),) = outs[0].events
    assert opened.severity is Severity.CRITICAL
    assert {e.action for e in outs[0].enforcement} == {
        EnforcementAction.BLOCK,
        EnforcementAction.STRICT,
    }


def test_credential_leak_critical_on_output_low_on_input() -> None:
    _, out_leak = run([violation(1, category=Category.SECRET, check=CheckKind.OUTPUT)])
    _, in_leak = run([violation(1, category=Category.SECRET, check=CheckKind.INPUT)])
    assert out_leak[0].severity is Severity.CRITICAL
    assert in_leak[0].severity is Severity.LOW
    assert in_leak[0].events == []  # below open_at: remembered, not announced


def test_redelivered_violation_is_a_duplicate() -> None:
    state, _ = run([violation(1)])
    again = observe(state, violation(1), TenantPolicy(), producer="test", now=NOW)
    assert again.duplicate
    assert again.events == []
    assert again.state == state


def _ids(outs: list[Outcome]) -> list[str]:
    return [e.message_id for o in outs for _, e in o.events]


def test_transition_ids_are_deterministic() -> None:
    _, first = run([violation(i) for i in range(1, 6)])
    _, second = run([violation(i) for i in range(1, 6)])
    assert _ids(first) == _ids(second)
    assert len(set(_ids(first))) == 2


def test_quiet_spell_opens_a_new_incident() -> None:
    policy = TenantPolicy(group_window_s=60)
    _, outs = run([violation(1), violation(2, at_s=500.0)], policy)
    first, second = (o.events[0][1] for o in outs)
    assert isinstance(second, IncidentOpened)
    assert first.incident_id != second.incident_id


def test_tenant_wide_actor_is_never_blocked() -> None:
    anon = Identity(tenant_id="acme")
    _, outs = run([violation(i, identity=anon) for i in range(1, 6)])
    assert outs[4].events  # still escalates
    assert outs[4].enforcement == []


def test_ip_is_the_actor_without_a_user() -> None:
    ident = Identity(tenant_id="acme", client_ip="2001:db8::1")
    assert actor_key(ident).startswith("act.acme.ip.=")
    _, outs = run([violation(i, identity=ident) for i in range(1, 6)])
    block = next(e for e in outs[4].enforcement if e.action is EnforcementAction.BLOCK)
    assert (block.target, block.value) == (TargetKind.IP, "2001:db8::1")


def test_per_tenant_rules_override_defaults() -> None:
    strict = TenantPolicy(
        rules=(
            SeverityRule(
                name="zero_tolerance",
                categories=(Category.INJECTION,),
                severity=Severity.MEDIUM,
                escalations=(Escalation(count=2, window_s=60, severity=Severity.CRITICAL),),
            ),
        ),
        block_at=None,
    )
    policy = ResponderPolicy(tenants={"bank": strict})
    assert policy.for_tenant("acme") == TenantPolicy()
    ident = Identity(tenant_id="bank", user_id="u")
    _, outs = run([violation(i, identity=ident) for i in (1, 2)], policy.for_tenant("bank"))
    assert outs[1].severity is Severity.CRITICAL
    assert [e.action for e in outs[1].enforcement] == [EnforcementAction.STRICT]


def test_acknowledge_then_resolve_is_idempotent_and_ends_grouping() -> None:
    state, outs = run([violation(1)])
    incident_id = outs[0].opened
    assert incident_id is not None
    acked, event, result = change_status(
        state, incident_id, IncidentStatus.ACKNOWLEDGED, by="op", note="", producer="t"
    )
    assert result.ok
    assert event is not None
    assert event.status is IncidentStatus.ACKNOWLEDGED
    _, again, result2 = change_status(
        acked, incident_id, IncidentStatus.ACKNOWLEDGED, by="op", note="", producer="t"
    )
    assert result2.ok
    assert again is None
    resolved, event3, _ = change_status(
        acked, incident_id, IncidentStatus.RESOLVED, by="op", note="fixed", producer="t"
    )
    assert event3 is not None
    assert resolved.incident is None
    nxt = observe(resolved, violation(2), TenantPolicy(), producer="t", now=NOW)
    assert nxt.opened is not None
    assert nxt.opened != incident_id
    _, _, missing = change_status(
        resolved, "nope", IncidentStatus.RESOLVED, by="op", note="", producer="t"
    )
    assert not missing.ok


def test_history_is_bounded_and_deduplicated_per_request() -> None:
    seq = [violation(i, request="same") for i in range(1, 4)]
    state, _ = run(seq)
    assert len(state.attempts) == 1
    flood = [violation(i, at_s=1000 + i / 10) for i in range(1, 601)]
    state, outs = run(flood)
    assert len(state.attempts) == 500
    assert outs[-1].severity is Severity.CRITICAL


def test_transitions_wait_in_the_outbox_and_queue_behind_undelivered_ones() -> None:
    state, outs = run([violation(1)])
    box = state.outbox
    assert box is not None
    assert [(p.subject, p.event) for p in box.events] == outs[0].events
    assert list(box.enforcement) == outs[0].enforcement
    assert box.opened == (outs[0].opened,)
    # A follow-up that changes nothing announces nothing and keeps the undelivered outbox.
    follow = observe(state, violation(2), TenantPolicy(), producer="t", now=NOW)
    assert follow.events == []
    assert follow.state.outbox == box
    # Escalation while the opening is still undelivered queues behind it, in order.
    state, outs = run([violation(i) for i in range(1, 6)])
    assert state.outbox is not None
    kinds = [p.event.kind for p in state.outbox.events]
    assert kinds == ["incident_opened", "incident_escalated"]
    assert ActorState.model_validate_json(state.model_dump_json()) == state  # as stored in KV
    # Delivered (cleared), a status change queues exactly its own event.
    delivered = state.model_copy(update={"outbox": None})
    assert state.incident is not None
    acked, event, _ = change_status(
        delivered,
        state.incident.incident_id,
        IncidentStatus.ACKNOWLEDGED,
        by="o",
        note="",
        producer="t",
    )
    assert acked.outbox is not None
    assert [p.event for p in acked.outbox.events] == [event]
    assert acked.outbox.enforcement == ()
