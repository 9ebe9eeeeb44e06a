"""Output-checker settings (env prefix AGENTGUARD_OUTPUT_CHECKER_)."""

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from agentguard.contracts.streaming import KV_CANARIES, KV_OUTPUT_STREAMS, RedactionMode
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
    tool_url_allowlist: tuple[str, ...] = Field(
        default=(),
        description="Hosts (and their subdomains) tool-bound outputs may link to; empty: none.",
    )
    leak_ngram: int = Field(default=5, ge=3, le=12, description="Words per prompt n-gram.")
    leak_min_words: int = Field(
        default=12, ge=3, description="Prompt words a leak must reproduce (shorter prompts: all)."
    )
    redaction_mode: RedactionMode = Field(
        default=RedactionMode.PLACEHOLDER, description="placeholder, reversible, mask or hash."
    )
    redaction_keys: tuple[SecretStr, ...] = Field(
        default=(), description="Fernet keys for reversible redaction, newest first."
    )
    redaction_key_files: tuple[Path, ...] = Field(
        default=(), description="Files with Fernet keys (one per line), after redaction_keys."
    )
    canary_bucket: str = Field(default=KV_CANARIES, description="KV bucket of issued canaries.")
    canary_lookup_timeout_s: float = Field(
        default=0.5, gt=0, le=10, description="Budget of the canary lookup (fails closed)."
    )
    stream_window_chars: int = Field(
        default=1024, ge=128, le=65_536, description="Released characters kept for context."
    )
    stream_holdback_chars: int = Field(
        default=32, ge=0, le=4096, description="Tail kept back until the next chunk."
    )
    stream_idle_s: float = Field(default=300.0, gt=0, description="Forget idle streams after.")
    stream_max: int = Field(default=10_000, gt=0, description="Live streams per replica.")
    stream_state: Literal["memory", "kv"] = Field(
        default="memory",
        description="Where stream windows live: this replica, or a KV bucket all replicas share.",
    )
    stream_bucket: str = Field(default=KV_OUTPUT_STREAMS, description="KV bucket of windows.")

    @model_validator(mode="after")
    def _keys_outside_dev(self) -> "OutputCheckerSettings":
        has_keys = bool(self.redaction_keys or self.redaction_key_files)
        reversible = self.redaction_mode is RedactionMode.REVERSIBLE
        if reversible and not has_keys and self.environment != "dev":
            msg = "reversible redaction needs redaction_keys or redaction_key_files"
            raise ValueError(msg)
        if self.stream_state == "kv" and not has_keys:
            # Windows hold raw output text; replicas must share a key to read each other's.
            msg = "stream_state=kv needs redaction_keys or redaction_key_files"
            raise ValueError(msg)
        return self
