"""Closed vocabularies used on the wire. Adding a member is a schema change."""

from enum import StrEnum

__all__ = [
    "Category",
    "CheckKind",
    "Decision",
    "ErrorCode",
    "IncompleteReason",
    "Provenance",
    "RedactionMode",
    "Severity",
]


class Provenance(StrEnum):
    """Where a text came from; indirect sources are judged for indirect injection."""

    USER = "user"
    TOOL_RESULT = "tool_result"
    RETRIEVED_DOCUMENT = "retrieved_document"
    SYSTEM = "system"


class Decision(StrEnum):
    """What the platform should do with the checked text."""

    ALLOW = "allow"
    BLOCK = "block"
    SANITIZE = "sanitize"


class CheckKind(StrEnum):
    """Which side of the model a check guards."""

    INPUT = "input"
    OUTPUT = "output"


class Category(StrEnum):
    """The fixed finding vocabulary (documented in README, section Categories)."""

    INJECTION = "injection"
    JAILBREAK = "jailbreak"
    PII = "pii"
    SECRET = "secret"  # noqa: S105 - a category name, not a credential
    SQLI = "sqli"
    XSS = "xss"
    COMMAND = "command"
    INVISIBLE = "invisible"
    CONTROL = "control"
    LENGTH = "length"
    CONTENT = "content"
    RATE_LIMIT = "rate_limit"
    BLOCKED_IDENTITY = "blocked_identity"
    PROMPT_LEAK = "prompt_leak"
    CANARY = "canary"
    ENCODING = "encoding"


class Severity(StrEnum):
    """Incident and violation severity, ordered low < medium < high < critical."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Numeric order, for comparisons and escalation."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}


class IncompleteReason(StrEnum):
    """Why a check did not contribute to a verdict."""

    TIMEOUT = "timeout"
    NO_RESPONDERS = "no_responders"
    ERROR = "error"


class ErrorCode(StrEnum):
    """Typed reasons a request was rejected without a verdict."""

    MALFORMED_JSON = "malformed_json"
    INVALID_ENVELOPE = "invalid_envelope"
    UNSUPPORTED_SCHEMA_VERSION = "unsupported_schema_version"
    UNKNOWN_KIND = "unknown_kind"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    INTERNAL = "internal"


class RedactionMode(StrEnum):
    """How a credential or PII value is removed from a text."""

    PLACEHOLDER = "placeholder"  # [EMAIL_1], stable within one response
    REVERSIBLE = "reversible"  # placeholders plus an encrypted vault to restore them
    MASK = "mask"  # same length, stars, last 4 characters kept for long values
    HASH = "hash"  # [EMAIL:<keyed digest prefix>], correlatable, not reversible
