"""Validator settings (env prefix AGENTGUARD_VALIDATOR_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from agentguard.shared.settings import WorkerSettings

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
