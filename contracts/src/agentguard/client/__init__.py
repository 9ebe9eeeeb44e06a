"""Async client for agent platforms: check inputs and outputs, follow incidents."""

from agentguard.client.client import GuardClient, IncidentEvent
from agentguard.client.errors import (
    GuardError,
    GuardTimeoutError,
    MeshUnavailableError,
    NoRespondersError,
    RejectedError,
)

__all__ = [
    "GuardClient",
    "GuardError",
    "GuardTimeoutError",
    "IncidentEvent",
    "MeshUnavailableError",
    "NoRespondersError",
    "RejectedError",
]
