"""Requests from one worker to another inside the mesh, with typed failures."""

from collections.abc import Callable

import nats.errors
from nats.aio.client import Client
from pydantic import TypeAdapter, ValidationError

from agentguard.contracts import AnalysisResult, ErrorReply, IncompleteReason
from agentguard.shared.errors import AgentguardError

__all__ = ["NatsPeer", "PeerError"]

_ANALYSIS: TypeAdapter[AnalysisResult | ErrorReply] = TypeAdapter(AnalysisResult | ErrorReply)


class PeerError(AgentguardError):
    """A peer did not produce a result; reason says why (timeout, no responders, error)."""

    def __init__(self, check: str, reason: IncompleteReason, detail: str = "") -> None:
        super().__init__(f"{check}: {reason.value} {detail}".strip())
        self.check = check
        self.reason = reason
        self.detail = detail


class NatsPeer:
    """Asks a queue-group peer for an AnalysisResult over NATS request-reply."""

    def __init__(self, connection: Callable[[], Client], subject: str, check: str) -> None:
        self._connection = connection
        self._subject = subject
        self._check = check

    async def analyze(self, payload: bytes, timeout_s: float) -> AnalysisResult:
        """Send payload; raise PeerError unless an AnalysisResult comes back in time."""
        try:
            msg = await self._connection().request(self._subject, payload, timeout=timeout_s)
        except nats.errors.NoRespondersError:
            raise PeerError(
                self._check, IncompleteReason.NO_RESPONDERS, "no worker subscribed"
            ) from None
        except nats.errors.TimeoutError:
            raise PeerError(
                self._check, IncompleteReason.TIMEOUT, f"no answer in {timeout_s:.3f}s"
            ) from None
        try:
            reply = _ANALYSIS.validate_json(msg.data)
        except ValidationError:
            raise PeerError(self._check, IncompleteReason.ERROR, "unreadable reply") from None
        if isinstance(reply, ErrorReply):
            raise PeerError(self._check, IncompleteReason.ERROR, reply.code.value)
        return reply
