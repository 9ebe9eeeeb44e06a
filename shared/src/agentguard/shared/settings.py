"""Typed configuration shared by all workers (pydantic-settings)."""

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["MIN_SECRET_CHARS", "NatsSettings", "WorkerSettings"]

_DEV_DIGEST_KEY = "dev-only-digest-key-change-me"
# 32 characters: enough entropy for an HMAC key when generated (e.g. `openssl rand -hex 16`).
MIN_SECRET_CHARS = 32


class NatsSettings(BaseModel):
    """How to reach NATS. Credentials and TLS come from files so accounts need no code."""

    url: str = Field(default="nats://127.0.0.1:4222", description="Comma-separated server URLs.")
    creds_file: Path | None = Field(default=None, description="NATS .creds file (JWT + nkey).")
    tls_ca: Path | None = Field(default=None, description="CA bundle to verify the server.")
    tls_cert: Path | None = Field(default=None, description="Client certificate (mTLS).")
    tls_key: Path | None = Field(default=None, description="Client private key (mTLS).")
    connect_timeout_s: float = Field(default=5.0, gt=0, description="Connect timeout.")

    @property
    def servers(self) -> list[str]:
        """The URL list."""
        return [u.strip() for u in self.url.split(",") if u.strip()]


class WorkerSettings(BaseSettings):
    """Settings every worker has; each worker subclasses with its own env prefix."""

    model_config = SettingsConfigDict(
        env_nested_delimiter="__", extra="ignore", secrets_dir=None, frozen=True
    )

    environment: str = Field(default="dev", description="dev, staging or prod.")
    nats: NatsSettings = Field(default_factory=NatsSettings, description="NATS connection.")
    health_host: str = Field(default="127.0.0.1", description="Health endpoint bind address.")
    health_port: int = Field(default=0, ge=0, le=65535, description="Health port (0 = off).")
    log_level: str = Field(default="info", description="Log level.")
    log_json: bool | None = Field(default=None, description="JSON logs; default: when not a TTY.")
    max_payload_bytes: int = Field(
        default=512 * 1024, gt=0, description="Larger requests are rejected and dead-lettered."
    )
    digest_key: SecretStr = Field(
        default=SecretStr(_DEV_DIGEST_KEY),
        description="HMAC key for text digests in events and logs.",
    )
    instance: str = Field(default="", description="Instance name; default host-pid.")
    concurrency: int = Field(
        default=16, ge=1, le=256, description="Requests a replica handles at once (request-reply)."
    )

    @model_validator(mode="after")
    def _refuse_dev_secrets(self) -> "WorkerSettings":
        key = self.digest_key.get_secret_value()
        if self.environment != "dev" and (key == _DEV_DIGEST_KEY or len(key) < MIN_SECRET_CHARS):
            msg = f"digest_key must be a real secret of {MIN_SECRET_CHARS}+ characters outside dev"
            raise ValueError(msg)
        return self
