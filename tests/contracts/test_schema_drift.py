"""Committed JSON Schemas and AsyncAPI documents match the models (run `make schemas`)."""

import json

from agentguard.cli import schemas


def test_committed_schemas_match_models() -> None:
    assert schemas.main(["check"]) == 0


def test_asyncapi_channels_carry_contract_payloads() -> None:
    doc = json.loads((schemas.ASYNCAPI_DIR / "validator.json").read_text())
    assert "CheckInput" in doc["components"]["schemas"]
    assert "Verdict" in doc["components"]["schemas"]
    channel = doc["channels"]["security.check"]
    assert channel["bindings"]["nats"]["queue"] == "validator"
