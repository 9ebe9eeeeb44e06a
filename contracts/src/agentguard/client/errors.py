"""Typed failures a platform can handle distinctly."""

from agentguard.contracts import ErrorCode

__all__ = [
    "GuardError",
    "GuardTimeoutError",
    "MeshUnavailableError",
    "NoRespondersError",
    "RejectedError",
]


class GuardError(Exception):
    """Base class of client errors."""


class GuardTimeoutError(GuardError):
    """No verdict within the deadline plus grace: the mesh is unreachable or stalled."""

    def __init__(self, subject: str, timeout_s: float, request_id: str) -> None:
        super().__init__(f"no reply on {subject} within {timeout_s:.2f}s (request {request_id})")
        self.subject = subject
        self.timeout_s = timeout_s
        self.request_id = request_id


class NoRespondersError(GuardError):
    """No worker is subscribed to the subject; reported at once, not after a timeout."""

    def __init__(self, subject: str) -> None:
        super().__init__(f"no responders on {subject}: is the agentguard mesh running?")
        self.subject = subject


class RejectedError(GuardError):
    """The mesh rejected the request without a verdict (malformed, too large, ...)."""

    def __init__(self, code: ErrorCode, reason: str, request_id: str | None) -> None:
        super().__init__(f"rejected ({code.value}): {reason}")
        self.code = code
        self.reason = reason
        self.request_id = request_id


class MeshUnavailableError(GuardError):
    """No NATS server answered at connect time."""

    def __init__(self, url: str, cause: str) -> None:
        super().__init__(f"cannot reach NATS at {url} ({cause}): is the agentguard mesh running?")
        self.url = url
        self.cause = cause
