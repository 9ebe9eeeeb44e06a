"""Audit-sink settings: the signing key is required outside dev; dev gets a generated key."""

from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from agentguard.audit_sink.app import load_signer
from agentguard.audit_sink.errors import SigningKeyError
from agentguard.audit_sink.settings import AuditSinkSettings

PROD = {"environment": "prod", "digest_key": SecretStr("a-real-digest-key-of-32-characters!")}


def test_outside_dev_a_signing_key_file_is_required() -> None:
    with pytest.raises(ValidationError, match="signing_key_file"):
        AuditSinkSettings(**PROD)  # type: ignore[arg-type]


def test_outside_dev_the_dev_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="dev key refused"):
        AuditSinkSettings(**PROD, signing_key_file=tmp_path / "dev-audit-signing.key")  # type: ignore[arg-type]


def test_acks_cannot_wait_longer_than_the_redelivery_timeout() -> None:
    with pytest.raises(ValidationError, match="ack_wait_s"):
        AuditSinkSettings(checkpoint_interval_s=20, ack_wait_s=30)


def test_dev_generates_a_key_once_and_reuses_it(tmp_path: Path) -> None:
    settings = AuditSinkSettings(log_path=tmp_path / "audit" / "audit.jsonl")
    first = load_signer(settings)
    key = tmp_path / "audit" / "keys" / "dev-audit-signing.key"
    assert key.exists()
    assert (key.stat().st_mode & 0o777) == 0o600
    assert key.with_suffix(".pub").exists()
    assert load_signer(settings).key_id == first.key_id


def test_a_configured_key_that_is_missing_is_an_error(tmp_path: Path) -> None:
    settings = AuditSinkSettings(signing_key_file=tmp_path / "absent.key")
    with pytest.raises(SigningKeyError, match="not found"):
        load_signer(settings)
