"""Prompt-guard settings (env prefix AGENTGUARD_PROMPT_GUARD_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from agentguard.contracts.streaming import CANARY_TTL_S, KV_CANARIES
from agentguard.shared.settings import WorkerSettings

__all__ = ["PromptGuardSettings"]


class PromptGuardSettings(WorkerSettings):
    """Prompt-guard configuration."""

    model_config = SettingsConfigDict(
        env_prefix="AGENTGUARD_PROMPT_GUARD_", env_nested_delimiter="__"
    )

    block_threshold: float = Field(default=0.5, ge=0, le=1, description="Default threshold.")
    max_chars: int = Field(default=32_000, gt=0, description="Longest text analysed.")
    canary_bucket: str = Field(default=KV_CANARIES, description="KV bucket of issued canaries.")
    canary_ttl_s: int = Field(
        default=CANARY_TTL_S, ge=60, le=30 * 24 * 3600, description="How long canaries are kept."
    )
