"""Incident-responder settings (env prefix AGENTGUARD_INCIDENT_RESPONDER_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from agentguard.contracts import Severity
from agentguard.shared.settings import WorkerSettings

__all__ = ["IncidentResponderSettings"]


class IncidentResponderSettings(WorkerSettings):
    """Incident-responder configuration."""

    model_config = SettingsConfigDict(
        env_prefix="AGENTGUARD_INCIDENT_RESPONDER_", env_nested_delimiter="__"
    )

    min_severity: Severity = Field(
        default=Severity.HIGH, description="Violations at or above this open an incident."
    )
    batch_size: int = Field(default=32, ge=1, le=1000, description="Events fetched per pull.")
