"""Committed JSON Schemas and AsyncAPI documents match the models (run `make schemas`)."""

import json
import os
import tempfile
from pathlib import Path

import pytest

from agentguard.cli import schemas


def test_committed_schemas_match_models() -> None:
    assert schemas.main(["check"]) == 0


def test_asyncapi_channels_carry_contract_payloads() -> None:
    doc = json.loads((schemas.ASYNCAPI_DIR / "validator.json").read_text())
    assert "CheckInput" in doc["components"]["schemas"]
    assert "Verdict" in doc["components"]["schemas"]
    channel = doc["channels"]["security.check"]
    assert channel["bindings"]["nats"]["queue"] == "validator"


def test_generating_leaves_no_scratch_folder_nor_settings_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # only this test's folders
    monkeypatch.delenv("AGENTGUARD_AUDIT_SINK_LOG_PATH", raising=False)
    monkeypatch.delenv("AGENTGUARD_AUDIT_SINK_DATA_DIR", raising=False)
    docs = schemas.asyncapi_documents()
    assert "audit-sink.json" in docs
    assert list(tmp_path.iterdir()) == []
    assert "AGENTGUARD_AUDIT_SINK_DATA_DIR" not in os.environ
    assert "AGENTGUARD_AUDIT_SINK_LOG_PATH" not in os.environ
