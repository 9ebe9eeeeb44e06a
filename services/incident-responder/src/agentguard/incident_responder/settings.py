"""Incident-responder settings (env prefix AGENTGUARD_INCIDENT_RESPONDER_)."""

from pathlib import Path

from pydantic import Field, HttpUrl, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from agentguard.contracts import Severity
from agentguard.incident_responder.rules import ResponderPolicy
from agentguard.shared.settings import MIN_SECRET_CHARS, WorkerSettings

__all__ = ["IncidentResponderSettings"]


class IncidentResponderSettings(WorkerSettings):
    """Incident-responder configuration."""

    model_config = SettingsConfigDict(
        env_prefix="AGENTGUARD_INCIDENT_RESPONDER_", env_nested_delimiter="__"
    )

    policy: ResponderPolicy = Field(
        default_factory=ResponderPolicy,
        description="Severity rules, grouping and enforcement, per tenant (JSON in env).",
    )
    policy_file: Path | None = Field(
        default=None, description="JSON file with a ResponderPolicy; replaces `policy`."
    )
    state_ttl_s: int = Field(
        default=7 * 24 * 3600, ge=60, description="How long an idle actor's history is kept."
    )
    batch_size: int = Field(default=32, ge=1, le=1000, description="Events fetched per pull.")
    alert_min_severity: Severity = Field(
        default=Severity.HIGH, description="Incident events at or above this are alerted."
    )
    webhook_url: HttpUrl | None = Field(default=None, description="Alert webhook (http/https).")
    webhook_secret: SecretStr | None = Field(
        default=None, description="HMAC key for the webhook signature header."
    )
    webhook_max_attempts: int = Field(default=5, ge=1, le=20, description="Tries per alert.")
    webhook_backoff_s: float = Field(default=0.5, gt=0, description="First retry delay.")
    webhook_backoff_cap_s: float = Field(default=30.0, gt=0, description="Longest retry delay.")
    webhook_timeout_s: float = Field(default=5.0, gt=0, description="Per-attempt timeout.")

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> "IncidentResponderSettings":
        if self.webhook_url is not None and self.webhook_secret is None:
            msg = "webhook_secret is required when webhook_url is set (receivers verify it)"
            raise ValueError(msg)
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else None
        if self.environment != "dev" and secret is not None and len(secret) < MIN_SECRET_CHARS:
            msg = f"webhook_secret must have {MIN_SECRET_CHARS}+ characters outside dev"
            raise ValueError(msg)
        return self

    def effective_policy(self) -> ResponderPolicy:
        """The policy from policy_file when given, else `policy`."""
        if self.policy_file is None:
            return self.policy
        return ResponderPolicy.model_validate_json(self.policy_file.read_bytes())
