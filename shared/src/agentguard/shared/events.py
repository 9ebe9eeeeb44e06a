"""Decoding the events that flow on the SECURITY_EVENTS stream."""

from typing import Annotated

from pydantic import Field, TypeAdapter

from agentguard.contracts import VerdictIssued, ViolationDetected

__all__ = ["SecurityEvent", "security_event_adapter"]

SecurityEvent = Annotated[VerdictIssued | ViolationDetected, Field(discriminator="kind")]
security_event_adapter: TypeAdapter[VerdictIssued | ViolationDetected] = TypeAdapter(SecurityEvent)
