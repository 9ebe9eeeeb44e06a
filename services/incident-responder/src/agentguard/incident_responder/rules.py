"""Severity rules as data: defaults, per-tenant overrides, and grading with history (pure)."""

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from agentguard.contracts import Category, CheckKind, Severity, ViolationDetected

__all__ = [
    "DEFAULT_RULES",
    "Attempt",
    "Escalation",
    "ResponderPolicy",
    "SeverityRule",
    "TenantPolicy",
    "grade",
    "match_rule",
]


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Attempt(_Data):
    """One request that produced a violation, as remembered in an actor's history."""

    request_id: str = Field(description="The judged request's id (one attempt per request).")
    category: Category = Field(description="Category of the violation.")
    at: float = Field(description="When it happened (epoch seconds, from the event).")


class Escalation(_Data):
    """`count` distinct requests matching the rule within `window_s` raise to `severity`."""

    count: int = Field(ge=2, le=500, description="Distinct requests, this one included.")
    window_s: float = Field(gt=0, le=7 * 24 * 3600, description="Look-back window.")
    severity: Severity = Field(description="Severity once reached.")


class SeverityRule(_Data):
    """How violations of some categories are graded; the first matching rule applies."""

    name: str = Field(max_length=80, description="Name shown in incidents.")
    categories: tuple[Category, ...] = Field(min_length=1, description="Categories it covers.")
    checks: tuple[CheckKind, ...] = Field(default=(), description="input/output; empty = both.")
    min_score: float = Field(default=0.0, ge=0, le=1, description="Least detector confidence.")
    severity: Severity = Field(description="Severity of one matching violation on its own.")
    escalations: tuple[Escalation, ...] = Field(default=(), description="History escalations.")

    def matches(self, violation: ViolationDetected) -> bool:
        """Whether this rule grades violation."""
        return (
            violation.finding.category in self.categories
            and (not self.checks or violation.check in self.checks)
            and violation.finding.score >= self.min_score
        )


_10_MIN = 600.0
DEFAULT_RULES: tuple[SeverityRule, ...] = (
    SeverityRule(name="canary_leak", categories=(Category.CANARY,), severity=Severity.CRITICAL),
    SeverityRule(
        name="system_prompt_leak", categories=(Category.PROMPT_LEAK,), severity=Severity.CRITICAL
    ),
    SeverityRule(
        name="credential_leak",
        categories=(Category.SECRET,),
        checks=(CheckKind.OUTPUT,),
        severity=Severity.CRITICAL,
    ),
    SeverityRule(
        name="credential_in_input",
        categories=(Category.SECRET,),
        checks=(CheckKind.INPUT,),
        severity=Severity.LOW,
    ),
    SeverityRule(
        name="repeated_injection",
        categories=(Category.INJECTION, Category.JAILBREAK),
        severity=Severity.MEDIUM,
        escalations=(
            Escalation(count=5, window_s=_10_MIN, severity=Severity.HIGH),
            Escalation(count=20, window_s=_10_MIN, severity=Severity.CRITICAL),
        ),
    ),
    SeverityRule(
        name="repeated_tool_attack",
        categories=(Category.COMMAND, Category.SQLI, Category.XSS),
        severity=Severity.MEDIUM,
        escalations=(Escalation(count=5, window_s=_10_MIN, severity=Severity.HIGH),),
    ),
    SeverityRule(
        name="repeated_obfuscation",
        categories=(Category.INVISIBLE, Category.ENCODING),
        severity=Severity.LOW,
        escalations=(Escalation(count=5, window_s=_10_MIN, severity=Severity.MEDIUM),),
    ),
    SeverityRule(
        name="enforcement_pressure",
        categories=(Category.RATE_LIMIT, Category.BLOCKED_IDENTITY),
        severity=Severity.LOW,
        escalations=(Escalation(count=50, window_s=_10_MIN, severity=Severity.MEDIUM),),
    ),
)


class TenantPolicy(_Data):
    """Everything the responder decides for one tenant."""

    rules: tuple[SeverityRule, ...] = Field(default=DEFAULT_RULES, description="Ordered rules.")
    open_at: Severity = Field(default=Severity.MEDIUM, description="Least severity that opens.")
    group_window_s: float = Field(
        default=1800, gt=0, description="Quiet time after which an actor's next one is new."
    )
    block_at: Severity | None = Field(
        default=Severity.HIGH, description="Incident severity that blocks the actor; None = off."
    )
    block_ttl_s: int = Field(default=900, ge=1, description="How long a block lasts.")
    strict_at: Severity | None = Field(
        default=Severity.HIGH, description="Incident severity that puts the actor in strict mode."
    )
    strict_ttl_s: int = Field(default=3600, ge=1, description="How long strict mode lasts.")

    @property
    def horizon_s(self) -> float:
        """How far back history must reach for any rule."""
        windows = [e.window_s for r in self.rules for e in r.escalations]
        return max([self.group_window_s, *windows])


class ResponderPolicy(_Data):
    """Defaults plus per-tenant overrides."""

    default: TenantPolicy = Field(default_factory=TenantPolicy, description="Every tenant.")
    tenants: dict[str, TenantPolicy] = Field(default_factory=dict, description="Overrides.")

    def for_tenant(self, tenant_id: str) -> TenantPolicy:
        """One tenant's policy."""
        return self.tenants.get(tenant_id, self.default)


def match_rule(violation: ViolationDetected, rules: Sequence[SeverityRule]) -> SeverityRule | None:
    """The first rule that grades violation, if any."""
    return next((r for r in rules if r.matches(violation)), None)


def grade(
    violation: ViolationDetected, rule: SeverityRule | None, history: Sequence[Attempt]
) -> tuple[Severity, str]:
    """Severity of violation given the actor's history (which includes this attempt).

    Without a matching rule the violation keeps the severity its producer gave it.
    Attempts are distinct request ids, so one request with several findings counts once.
    """
    if rule is None:
        return violation.severity, "producer_severity"
    severity, why = rule.severity, rule.name
    # The window ends at the newest attempt known, not at this violation: violations arrive
    # out of order (concurrent pulls, redelivery), and the verdict must not depend on it.
    now = max((a.at for a in history), default=violation.occurred_at.timestamp())
    now = max(now, violation.occurred_at.timestamp())
    for step in rule.escalations:
        requests = {
            a.request_id
            for a in history
            if a.category in rule.categories and now - step.window_s <= a.at <= now
        }
        if len(requests) >= step.count and step.severity.rank > severity.rank:
            severity = step.severity
            why = f"{rule.name}: {len(requests)} attempts in {step.window_s:.0f}s"
    return severity, why
