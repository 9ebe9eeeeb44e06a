"""Audit-sink settings (env prefix AGENTGUARD_AUDIT_SINK_)."""

from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from agentguard.audit_sink.signing import DEV_KEY_PREFIX
from agentguard.shared.settings import WorkerSettings

__all__ = ["AuditSinkSettings"]


class AuditSinkSettings(WorkerSettings):
    """Audit-sink configuration."""

    model_config = SettingsConfigDict(
        env_prefix="AGENTGUARD_AUDIT_SINK_", env_nested_delimiter="__"
    )

    log_path: Path = Field(
        default=Path("var/audit/audit.jsonl"),
        description="Active segment of the audit log; rotated segments are written beside it.",
    )
    signing_key_file: Path | None = Field(
        default=None,
        description=(
            "Ed25519 private key (PEM, PKCS#8) that signs checkpoints. Unset in dev: a key is"
            " generated under <log dir>/keys/. Required outside dev."
        ),
    )
    segment_max_bytes: int = Field(
        default=64 * 1024 * 1024, ge=4096, description="Rotate the active segment past this size."
    )
    retention_days: float | None = Field(
        default=400.0,
        gt=0,
        description=(
            "Delete closed segments last written longer ago; None keeps everything. Keep it"
            " longer than the SECURITY_EVENTS stream's max age."
        ),
    )
    batch_size: int = Field(default=256, ge=1, le=10_000, description="Events fetched per pull.")
    fetch_timeout_s: float = Field(
        default=0.2, gt=0, description="How long one pull waits to fill a batch."
    )
    checkpoint_interval_s: float = Field(
        default=1.0,
        gt=0,
        description="Longest a written record waits for its signed checkpoint (and its ack).",
    )
    checkpoint_max_unsigned: int = Field(
        default=4096, ge=1, description="Checkpoint as soon as this many records wait for one."
    )
    heartbeat_s: float = Field(
        default=600.0,
        gt=0,
        description="Checkpoint at least this often while idle, so a truncated log looks stale.",
    )
    ack_wait_s: float = Field(
        default=30.0, gt=0, description="JetStream redelivers an event not acked within this."
    )
    max_ack_pending: int = Field(
        default=20_000, ge=1, description="Unacked events JetStream lets the sink hold."
    )
    nak_delay_s: float = Field(
        default=2.0, ge=0, description="Redelivery delay after a disk or dead-letter failure."
    )

    @property
    def key_file(self) -> Path:
        """The signing key file: configured, or the dev key under the log directory."""
        if self.signing_key_file is not None:
            return self.signing_key_file
        return self.log_path.parent / "keys" / f"{DEV_KEY_PREFIX}audit-signing.key"

    @model_validator(mode="after")
    def _check_audit(self) -> "AuditSinkSettings":
        if self.environment != "dev":
            key = self.signing_key_file
            if key is None or key.name.startswith(DEV_KEY_PREFIX):
                msg = "signing_key_file must name a real key outside dev (dev key refused)"
                raise ValueError(msg)
        if self.checkpoint_interval_s * 2 >= self.ack_wait_s:
            msg = "checkpoint_interval_s must be under half of ack_wait_s (acks wait for it)"
            raise ValueError(msg)
        return self
