"""Audit-sink settings (env prefix AGENTGUARD_AUDIT_SINK_)."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from agentguard.shared.settings import WorkerSettings

__all__ = ["AuditSinkSettings"]


class AuditSinkSettings(WorkerSettings):
    """Audit-sink configuration."""

    model_config = SettingsConfigDict(env_prefix="AGENTGUARD_AUDIT_SINK_", env_nested_delimiter="__")

    log_path: Path = Field(default=Path("var/audit/audit.jsonl"), description="Audit log file.")
    batch_size: int = Field(default=64, ge=1, le=1000, description="Events fetched per pull.")
