"""Errors raised by the shared plumbing; each carries structured fields."""

from agentguard.contracts import ErrorCode

__all__ = ["AgentguardError", "DecodeError", "NatsServerError"]


class AgentguardError(Exception):
    """Base class of agentguard's own errors."""


class DecodeError(AgentguardError):
    """An incoming payload could not be turned into a contract message."""

    def __init__(self, code: ErrorCode, reason: str, request_id: str | None = None) -> None:
        super().__init__(f"{code.value}: {reason}")
        self.code = code
        self.reason = reason
        self.request_id = request_id


class NatsServerError(AgentguardError):
    """The embedded nats-server could not be started or did not become ready."""

    def __init__(self, reason: str, log_tail: str = "") -> None:
        super().__init__(reason if not log_tail else f"{reason}\n{log_tail}")
        self.reason = reason
        self.log_tail = log_tail
