"""Async client for agent platforms: check inputs and outputs, follow incidents."""

from agentguard.client.client import GuardClient, IncidentEvent
from agentguard.client.errors import GuardError, GuardTimeoutError, NoRespondersError, RejectedError

__all__ = [
    "GuardClient",
    "GuardError",
    "GuardTimeoutError",
    "IncidentEvent",
    "NoRespondersError",
    "RejectedError",
]
