"""Keys, targets, the validator's gate, rate windows and enforcement verdicts (pure)."""

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agentguard.contracts import Category, CheckInput, Decision, Identity
from agentguard.contracts.enforcement import (
    EnforcementAction,
    EnforcementEntry,
    TargetKind,
    enforcement_key,
    key_token,
    rate_subject,
)
from agentguard.engines import EnginePolicy
from agentguard.validator.enforcement import (
    RateLimit,
    RateLimitPolicy,
    TenantRateLimits,
    blocked_verdict,
    gate_for,
    rate_limited_verdict,
    rate_windows,
    strict_policy,
)

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
KV_KEY = re.compile(r"^[-/_=.a-zA-Z0-9]+$")


@given(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60))
def test_key_token_is_injective_and_valid(a: str, b: str) -> None:
    ta, tb = key_token(a), key_token(b)
    assert KV_KEY.match(ta)
    assert "." not in ta
    assert (ta == tb) == (a == b)


def entry(
    action: EnforcementAction, kind: TargetKind, value: str, minutes: int = 5
) -> EnforcementEntry:
    return EnforcementEntry(
        action=action,
        tenant_id="acme",
        target=kind,
        value=value,
        created_by="t",
        created_at=NOW,
        expires_at=NOW + timedelta(minutes=minutes),
    )


def table(*entries: EnforcementEntry) -> dict[str, EnforcementEntry]:
    return {e.key: e for e in entries}


def test_gate_matches_any_identity_field_in_the_same_tenant() -> None:
    by_ip = entry(EnforcementAction.BLOCK, TargetKind.IP, "10.0.0.7")
    entries = table(by_ip)
    assert gate_for(Identity(tenant_id="acme", client_ip="10.0.0.7"), entries, NOW).block == by_ip
    assert gate_for(Identity(tenant_id="other", client_ip="10.0.0.7"), entries, NOW).block is None
    assert gate_for(Identity(tenant_id="acme", user_id="10.0.0.7"), entries, NOW).block is None


def test_expired_entries_do_not_apply() -> None:
    old = entry(EnforcementAction.BLOCK, TargetKind.USER, "u", minutes=1)
    ident = Identity(tenant_id="acme", user_id="u")
    assert gate_for(ident, table(old), NOW).block == old
    assert gate_for(ident, table(old), NOW + timedelta(minutes=1)).block is None


def test_strict_and_debug_modes() -> None:
    entries = table(
        entry(EnforcementAction.STRICT, TargetKind.USER, "u"),
        entry(EnforcementAction.DEBUG, TargetKind.TENANT, "_"),
    )
    gate = gate_for(Identity(tenant_id="acme", user_id="u"), entries, NOW)
    assert gate.block is None
    assert gate.strict is not None
    assert gate.debug
    assert enforcement_key(EnforcementAction.DEBUG, "acme", TargetKind.TENANT) in entries


def test_strict_policy_lowers_threshold_and_runs_every_check() -> None:
    base = EnginePolicy(block_threshold=0.6, skip_checks=frozenset({"pii"}), fail_open=True)
    strict = strict_policy(base, 0.35)
    assert strict.block_threshold == 0.35
    assert strict.strict
    assert strict.skip_checks == frozenset()
    assert not strict.fail_open
    assert strict_policy(EnginePolicy(block_threshold=0.2), 0.35).block_threshold == 0.2


def test_blocked_verdict() -> None:
    request = CheckInput(text="hello", identity=Identity(tenant_id="acme", user_id="u"))
    block = entry(EnforcementAction.BLOCK, TargetKind.USER, "u")
    verdict = blocked_verdict(request, block, producer="validator/x", latency_ms=0.1)
    assert verdict.decision is Decision.BLOCK
    assert not verdict.allowed
    (finding,) = verdict.findings
    assert finding.category is Category.BLOCKED_IDENTITY
    assert finding.type == "user"
    assert verdict.request_id == request.message_id


def test_rate_windows_per_user_and_tenant() -> None:
    policy = RateLimitPolicy(
        default=TenantRateLimits(
            per_user=RateLimit(limit=5, window_s=60),
            per_tenant=RateLimit(limit=100, window_s=10),
        )
    )
    ident = Identity(tenant_id="acme", user_id="u")
    user_w, tenant_w = rate_windows(ident, policy, now_s=1_000_005.0)
    assert user_w.subject == rate_subject(TargetKind.USER, "acme", "u", 60, 1_000_005 // 60)
    assert user_w.limit == 5
    assert abs(user_w.resets_in_s - 15.0) < 1e-6
    assert tenant_w.scope is TargetKind.TENANT
    assert tenant_w.resets_in_s == 5.0
    assert len(rate_windows(Identity(tenant_id="acme"), policy, 0.0)) == 1  # no user: tenant only
    assert rate_windows(ident, RateLimitPolicy(enabled=False), 0.0) == []
    verdict = rate_limited_verdict(
        CheckInput(text="x", identity=ident), user_w, 6, producer="p", latency_ms=1.0
    )
    assert verdict.findings[0].category is Category.RATE_LIMIT
    assert verdict.decision is Decision.BLOCK
