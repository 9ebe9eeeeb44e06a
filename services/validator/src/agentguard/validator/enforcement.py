"""The validator's pure enforcement logic: blocks, modes and rate-limit windows (no I/O)."""

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from agentguard.contracts import Category, CheckInput, Decision, Finding, Identity, Verdict
from agentguard.contracts.enforcement import (
    RATE_MAX_WINDOW_S,
    EnforcementAction,
    EnforcementEntry,
    TargetKind,
    enforcement_key,
    rate_subject,
    targets_of,
)
from agentguard.engines import EnginePolicy
from agentguard.shared.verdicts import build_verdict

__all__ = [
    "Gate",
    "RateLimit",
    "RateLimitPolicy",
    "RateWindow",
    "blocked_verdict",
    "debug_fields",
    "gate_for",
    "rate_limited_verdict",
    "rate_windows",
    "strict_policy",
]


@dataclass(frozen=True, slots=True)
class Gate:
    """What enforcement says about one identity right now."""

    block: EnforcementEntry | None = None
    strict: EnforcementEntry | None = None
    debug: bool = False


def _first_active(
    entries: Mapping[str, EnforcementEntry],
    action: EnforcementAction,
    identity: Identity,
    now: datetime,
) -> EnforcementEntry | None:
    for kind, value in targets_of(identity):
        entry = entries.get(enforcement_key(action, identity.tenant_id, kind, value))
        if entry is not None and entry.active(now):
            return entry
    return None


def gate_for(identity: Identity, entries: Mapping[str, EnforcementEntry], now: datetime) -> Gate:
    """Blocks, strict mode and debug switches that apply to identity at now."""
    return Gate(
        block=_first_active(entries, EnforcementAction.BLOCK, identity, now),
        strict=_first_active(entries, EnforcementAction.STRICT, identity, now),
        debug=_first_active(entries, EnforcementAction.DEBUG, identity, now) is not None,
    )


def strict_policy(policy: EnginePolicy, strict_threshold: float) -> EnginePolicy:
    """Stricter policy for a user under a high-severity incident: lower threshold, every check."""
    return dataclasses.replace(
        policy,
        strict=True,
        block_threshold=min(policy.block_threshold, strict_threshold),
        skip_checks=frozenset(),
        fail_open=False,
    )


def _enforcement_verdict(
    request: CheckInput, finding: Finding, reason: str, producer: str, latency_ms: float
) -> Verdict:
    return build_verdict(
        request_id=request.message_id,
        correlation_id=request.correlation_id,
        producer=producer,
        decision=Decision.BLOCK,
        risk=1.0,
        reasons=(reason,),
        findings=(finding,),
        timings=(),
        incomplete=(),
        sanitized_text=None,
        latency_ms=latency_ms,
    )


def blocked_verdict(
    request: CheckInput, entry: EnforcementEntry, *, producer: str, latency_ms: float
) -> Verdict:
    """The immediate answer for a blocked identity; no detector runs."""
    until = entry.expires_at.isoformat(timespec="seconds")
    why = f"{Category.BLOCKED_IDENTITY.value}: {entry.target.value} blocked until {until}"
    if entry.incident_id:
        why += f" (incident {entry.incident_id})"
    finding = Finding(
        detector="enforcement.blocklist",
        category=Category.BLOCKED_IDENTITY,
        type=entry.target.value,
        start=0,
        end=0,
        score=1.0,
        layer="enforcement",
        reason=why[:300],
    )
    return _enforcement_verdict(request, finding, why, producer, latency_ms)


def debug_fields(request: CheckInput, verdict: Verdict, policy: EnginePolicy) -> dict[str, object]:
    """What on-demand debug logging records for one check: detail, never the text."""
    return {
        "request_id": request.message_id,
        "tenant_id": request.identity.tenant_id,
        "user_id": request.identity.user_id,
        "threshold": policy.block_threshold,
        "strict": policy.strict,
        "skipped": sorted(policy.skip_checks),
        "findings": [
            f"{f.category.value}/{f.type} {f.detector} {f.layer} "
            f"score={f.score:.3f} span={f.start}:{f.end}"
            for f in verdict.findings
        ],
        "timings": {t.check: round(t.duration_ms, 3) for t in verdict.timings},
    }


class RateLimit(BaseModel):
    """At most `limit` checks per fixed window of `window_s` seconds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    limit: int = Field(ge=1, description="Checks allowed per window.")
    window_s: int = Field(ge=1, le=RATE_MAX_WINDOW_S, description="Window length in seconds.")


class TenantRateLimits(BaseModel):
    """One tenant's limits; None switches a limit off."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    per_user: RateLimit | None = Field(
        default=RateLimit(limit=600, window_s=60), description="Per user_id."
    )
    per_tenant: RateLimit | None = Field(default=None, description="Whole tenant.")


class RateLimitPolicy(BaseModel):
    """Default limits and per-tenant overrides (rules are data, set through settings)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = Field(default=True, description="Master switch.")
    default: TenantRateLimits = Field(default_factory=TenantRateLimits, description="Defaults.")
    tenants: dict[str, TenantRateLimits] = Field(default_factory=dict, description="Overrides.")

    def for_tenant(self, tenant_id: str) -> TenantRateLimits:
        """The limits of one tenant."""
        return self.tenants.get(tenant_id, self.default)


@dataclass(frozen=True, slots=True)
class RateWindow:
    """One counter to increment for a check, and the limit it must stay within."""

    scope: TargetKind
    subject: str
    limit: int
    window_s: int
    resets_in_s: float


def rate_windows(identity: Identity, policy: RateLimitPolicy, now_s: float) -> list[RateWindow]:
    """The fixed windows a check by identity counts against, at epoch time now_s."""
    if not policy.enabled:
        return []
    limits = policy.for_tenant(identity.tenant_id)
    wanted: Iterable[tuple[TargetKind, str, RateLimit | None]] = (
        (TargetKind.USER, identity.user_id or "", limits.per_user),
        (TargetKind.TENANT, "_", limits.per_tenant),
    )
    out: list[RateWindow] = []
    for scope, value, limit in wanted:
        if limit is None or not value:
            continue
        index = int(now_s // limit.window_s)
        out.append(
            RateWindow(
                scope=scope,
                subject=rate_subject(scope, identity.tenant_id, value, limit.window_s, index),
                limit=limit.limit,
                window_s=limit.window_s,
                resets_in_s=(index + 1) * limit.window_s - now_s,
            )
        )
    return out


def rate_limited_verdict(
    request: CheckInput, window: RateWindow, count: int, *, producer: str, latency_ms: float
) -> Verdict:
    """The immediate answer when a window's count went over its limit."""
    why = (
        f"{Category.RATE_LIMIT.value}: {window.scope.value} over {window.limit} checks per "
        f"{window.window_s}s (count {count}); retry in {window.resets_in_s:.1f}s"
    )
    finding = Finding(
        detector="enforcement.rate_limit",
        category=Category.RATE_LIMIT,
        type=window.scope.value,
        start=0,
        end=0,
        score=1.0,
        layer="enforcement",
        reason=why[:300],
    )
    return _enforcement_verdict(request, finding, why, producer, latency_ms)
