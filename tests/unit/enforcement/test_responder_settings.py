"""Responder settings: webhook needs a secret; policy from env JSON or a file."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from agentguard.contracts import Severity
from agentguard.incident_responder.rules import TenantPolicy
from agentguard.incident_responder.settings import IncidentResponderSettings


def test_webhook_without_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="webhook_secret"):
        IncidentResponderSettings(webhook_url="https://hooks.example/alerts")


def test_webhook_url_must_be_http() -> None:
    with pytest.raises(ValidationError):
        IncidentResponderSettings(webhook_url="file:///etc/passwd", webhook_secret="s")


def test_policy_from_env_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "AGENTGUARD_INCIDENT_RESPONDER_POLICY",
        json.dumps({"tenants": {"bank": {"block_at": "medium", "block_ttl_s": 60}}}),
    )
    policy = IncidentResponderSettings().effective_policy()
    assert policy.for_tenant("bank").block_at is Severity.MEDIUM
    assert policy.for_tenant("acme") == TenantPolicy()


def test_policy_file_replaces_policy(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"default": {"open_at": "high"}}))
    settings = IncidentResponderSettings(policy_file=path)
    assert settings.effective_policy().for_tenant("any").open_at is Severity.HIGH
