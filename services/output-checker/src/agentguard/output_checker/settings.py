"""Output-checker settings (env prefix AGENTGUARD_OUTPUT_CHECKER_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from agentguard.shared.settings import WorkerSettings

__all__ = ["OutputCheckerSettings"]


class OutputCheckerSettings(WorkerSettings):
    """Output-checker configuration."""

    model_config = SettingsConfigDict(
        env_prefix="AGENTGUARD_OUTPUT_CHECKER_", env_nested_delimiter="__"
    )

    default_deadline_ms: int = Field(default=2000, ge=1, le=60_000, description="Deadline.")
    block_threshold: float = Field(default=0.5, ge=0, le=1, description="Default threshold.")
    max_chars: int = Field(default=200_000, gt=0, description="Longest output accepted.")
