"""Errors of the audit-sink and its offline tools; each carries structured fields."""

from agentguard.shared.errors import AgentguardError

__all__ = ["AuditError", "FormatError", "SigningKeyError"]


class AuditError(AgentguardError):
    """Base class of audit-sink errors."""


class FormatError(AuditError):
    """A line of the audit log is not in the audit format (the reason says which part)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SigningKeyError(AuditError):
    """The checkpoint signing key is missing, unreadable or refused (never includes the key)."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        super().__init__(reason if path is None else f"{reason}: {path}")
        self.reason = reason
        self.path = path
