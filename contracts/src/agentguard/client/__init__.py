"""Async client for agent platforms: check inputs and outputs, follow incidents."""

from agentguard.client.client import GuardClient
from agentguard.client.errors import GuardError, GuardTimeoutError, NoRespondersError, RejectedError

__all__ = ["GuardClient", "GuardError", "GuardTimeoutError", "NoRespondersError", "RejectedError"]
