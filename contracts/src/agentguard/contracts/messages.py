"""Commands a platform sends and the replies it gets back."""

from typing import Annotated, Literal

from pydantic import Field, IPvAnyAddress, TypeAdapter

from agentguard.contracts.enums import (
    Category,
    Decision,
    ErrorCode,
    IncompleteReason,
    Provenance,
    RedactionMode,
)
from agentguard.contracts.envelope import Envelope, FrozenModel, Id

__all__ = [
    "MAX_TEXT_CHARS",
    "AnalysisResult",
    "CheckInput",
    "CheckOutput",
    "CheckReply",
    "CheckTiming",
    "ErrorReply",
    "Finding",
    "Identity",
    "IncompleteCheck",
    "PolicyHints",
    "Verdict",
    "parse_reply",
]

# Hard ceiling of the contract; deployments set a lower limit in settings.
MAX_TEXT_CHARS = 1_000_000


class Identity(FrozenModel):
    """Who is behind a request; used for enforcement, escalation and audit."""

    tenant_id: Id = Field(
        default="default", description="Tenant (customer) the request belongs to."
    )
    user_id: Id | None = Field(default=None, description="End user of the agent platform.")
    session_id: Id | None = Field(default=None, description="Conversation or agent session.")
    client_ip: IPvAnyAddress | None = Field(default=None, description="End user's IP address.")
    api_key_id: Id | None = Field(
        default=None, description="Id (never the secret) of the API key the platform used."
    )


class PolicyHints(FrozenModel):
    """Per-request adjustments a platform may ask for, within what its tenant allows."""

    fail_open: bool = Field(
        default=False,
        description="Allow when a check cannot finish in time (default: block, fail closed).",
    )
    block_threshold: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Risk at or above which the verdict blocks."
    )
    skip_checks: tuple[str, ...] = Field(
        default=(), description="Names of checks to skip (e.g. 'pii'); audited."
    )
    strict: bool = Field(default=False, description="Lower thresholds and run every check.")


class CheckInput(Envelope):
    """Ask the mesh to judge a text before it reaches the model or an agent's context."""

    kind: Literal["check_input"] = Field(default="check_input", description="Message type tag.")
    text: str = Field(max_length=MAX_TEXT_CHARS, description="The text to check.")
    provenance: Provenance = Field(default=Provenance.USER, description="Where the text came from.")
    identity: Identity = Field(default_factory=Identity, description="Who sent it.")
    deadline_ms: int | None = Field(
        default=None,
        ge=1,
        le=60_000,
        description="Budget for the whole check; the verdict arrives within it.",
    )
    policy: PolicyHints = Field(default_factory=PolicyHints, description="Policy hints.")


class CheckOutput(Envelope):
    """Ask the mesh to judge a model output before it reaches a user or a tool."""

    kind: Literal["check_output"] = Field(default="check_output", description="Message type tag.")
    text: str = Field(max_length=MAX_TEXT_CHARS, description="The model output to check.")
    identity: Identity = Field(default_factory=Identity, description="Who it is for.")
    system_prompt: str | None = Field(
        default=None,
        max_length=MAX_TEXT_CHARS,
        description="The system prompt, to detect verbatim or near-verbatim leaks.",
    )
    canaries: tuple[str, ...] = Field(
        default=(), description="Canary tokens issued earlier for this session."
    )
    destination: Literal["user", "tool"] = Field(
        default="user", description="Where the output goes; tool calls get command checks."
    )
    deadline_ms: int | None = Field(
        default=None, ge=1, le=60_000, description="Budget for the whole check."
    )
    policy: PolicyHints = Field(default_factory=PolicyHints, description="Policy hints.")
    redaction: RedactionMode | None = Field(
        default=None,
        description="How leaked values are redacted on sanitize; default: the worker's setting.",
    )


class Finding(FrozenModel):
    """One thing a detector found. Never carries the matched text itself."""

    detector: str = Field(description="Detector that fired, e.g. 'secrets.aws'.")
    category: Category = Field(description="Category from the fixed vocabulary.")
    type: str = Field(description="Finer type within the category, e.g. 'AWS_ACCESS_KEY'.")
    start: int = Field(ge=0, description="Start offset (characters) in the original text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the original text.")
    score: float = Field(ge=0.0, le=1.0, description="Confidence in [0, 1].")
    layer: str = Field(default="rule", description="Which layer fired: rule, classifier, decode.")
    reason: str = Field(default="", max_length=300, description="Why it fired, for tuning.")
    digest: str | None = Field(
        default=None, description="Keyed hash of the matched value (secrets), never the value."
    )


class CheckTiming(FrozenModel):
    """How long one check took."""

    check: str = Field(description="Check name.")
    duration_ms: float = Field(ge=0.0, description="Wall time in milliseconds.")


class IncompleteCheck(FrozenModel):
    """A check that did not contribute to the verdict."""

    check: str = Field(description="Check name.")
    reason: IncompleteReason = Field(description="Why it did not finish.")
    detail: str = Field(default="", max_length=300, description="Human-readable detail.")


class Verdict(Envelope):
    """The mesh's answer to a CheckInput or CheckOutput."""

    kind: Literal["verdict"] = Field(default="verdict", description="Message type tag.")
    request_id: Id = Field(description="message_id of the request this answers.")
    decision: Decision = Field(description="allow, block or sanitize.")
    allowed: bool = Field(description="True when the text may be used (allow or sanitize).")
    risk: float = Field(ge=0.0, le=1.0, description="Overall risk score.")
    reasons: tuple[str, ...] = Field(default=(), description="Short human-readable reasons.")
    findings: tuple[Finding, ...] = Field(default=(), description="All findings.")
    timings: tuple[CheckTiming, ...] = Field(default=(), description="Per-check timings.")
    incomplete: tuple[IncompleteCheck, ...] = Field(
        default=(), description="Checks that did not finish in time or failed."
    )
    sanitized_text: str | None = Field(
        default=None, description="Redacted or wrapped text when decision is sanitize."
    )
    vault: str | None = Field(
        default=None,
        description="Reversible redaction: the originals, encrypted with the key store (Fernet).",
    )
    latency_ms: float = Field(ge=0.0, description="Time from receipt to verdict in the mesh.")


class ErrorReply(Envelope):
    """A request was rejected without a verdict; the reason is typed."""

    kind: Literal["error"] = Field(default="error", description="Message type tag.")
    request_id: str | None = Field(default=None, description="Request message_id, if readable.")
    code: ErrorCode = Field(description="Machine-readable reason.")
    reason: str = Field(max_length=1000, description="Human-readable reason.")


class AnalysisResult(Envelope):
    """A worker's partial result inside the mesh (prompt-guard to validator)."""

    kind: Literal["analysis"] = Field(default="analysis", description="Message type tag.")
    request_id: Id = Field(description="message_id of the analysed CheckInput.")
    findings: tuple[Finding, ...] = Field(default=(), description="Findings.")
    timings: tuple[CheckTiming, ...] = Field(default=(), description="Per-check timings.")


CheckReply = Annotated[Verdict | ErrorReply, Field(discriminator="kind")]
_REPLY_ADAPTER: TypeAdapter[Verdict | ErrorReply] = TypeAdapter(CheckReply)


def parse_reply(data: bytes | str) -> Verdict | ErrorReply:
    """Decode a reply from the mesh into a Verdict or an ErrorReply."""
    return _REPLY_ADAPTER.validate_json(data)
