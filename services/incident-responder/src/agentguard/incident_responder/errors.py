"""Errors of the incident-responder; each carries structured attributes."""

from agentguard.shared.errors import AgentguardError

__all__ = ["AlertDeliveryError", "ResponderError", "StateConflictError"]


class ResponderError(AgentguardError):
    """Base class of the incident-responder's errors."""


class StateConflictError(ResponderError):
    """Another writer changed an actor's state first (compare-and-set lost); retry."""

    def __init__(self, key: str) -> None:
        super().__init__(f"state of {key} changed concurrently")
        self.key = key


class AlertDeliveryError(ResponderError):
    """An alert sink gave up after its retries."""

    def __init__(self, sink: str, attempts: int, last_error: str) -> None:
        super().__init__(f"{sink}: gave up after {attempts} attempts ({last_error})")
        self.sink = sink
        self.attempts = attempts
        self.last_error = last_error
