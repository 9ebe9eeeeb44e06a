"""Validator settings (env prefix AGENTGUARD_VALIDATOR_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from agentguard.shared.settings import WorkerSettings
from agentguard.validator.enforcement import RateLimitPolicy

__all__ = ["ValidatorSettings"]


class ValidatorSettings(WorkerSettings):
    """Validator configuration."""

    model_config = SettingsConfigDict(env_prefix="AGENTGUARD_VALIDATOR_", env_nested_delimiter="__")

    default_deadline_ms: int = Field(
        default=2000, ge=1, le=60_000, description="Deadline when a request sets none."
    )
    block_threshold: float = Field(default=0.5, ge=0, le=1, description="Default threshold.")
    max_chars: int = Field(default=32_000, gt=0, description="Longest text accepted.")
    fail_open: bool = Field(
        default=False, description="Allow when prompt-guard cannot answer (default: block)."
    )
    rate_limits: RateLimitPolicy = Field(
        default_factory=RateLimitPolicy,
        description="Per-user and per-tenant limits, shared by every replica (JSON in env).",
    )
    rate_limit_timeout_ms: int = Field(
        default=250, ge=1, le=5000, description="Budget of the shared counter round trip."
    )
    rate_limit_fail_open: bool = Field(
        default=True, description="Skip rate limiting when the counter store cannot answer."
    )
    enforcement: bool = Field(
        default=True, description="Consult blocks, strict and debug modes (KV watch)."
    )
    strict_threshold: float = Field(
        default=0.35, ge=0, le=1, description="Block threshold for a user in strict mode."
    )
