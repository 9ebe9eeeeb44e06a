"""`agentguard audit verify` and `agentguard audit query` on a real log."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from agentguard.audit_sink.signing import (
    CheckpointSigner,
    generate_key_files,
    public_key_path,
)
from agentguard.audit_sink.store import SegmentedAuditLog
from agentguard.cli.main import app

runner = CliRunner()


@pytest.fixture
def logged(tmp_path: Path, audit_item: Callable[[int], tuple[str, dict[str, object]]]) -> Path:
    """A 20-record log signed by a key pair written to disk; returns the public key path."""
    key = generate_key_files(tmp_path / "keys" / "audit.key")
    log = SegmentedAuditLog(tmp_path / "log" / "audit.jsonl", CheckpointSigner(key))
    log.append([audit_item(i) for i in range(20)])
    log.close()
    return public_key_path(tmp_path / "keys" / "audit.key")


def test_verify_passes_on_an_intact_log(logged: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", "verify", str(tmp_path / "log"), "-k", str(logged)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 20 records")


def test_verify_names_the_first_bad_record(logged: Path, tmp_path: Path) -> None:
    active = tmp_path / "log" / "audit.jsonl"
    active.write_bytes(active.read_bytes().replace(b'"user_id":"u1"', b'"user_id":"u2"', 1))
    args = ["audit", "verify", str(active), "-k", str(logged), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["problem"]["kind"] == "modified"
    assert report["problem"]["seq"] == 0
    assert report["problem"]["line"] == 2


def test_verify_refuses_another_key(logged: Path, tmp_path: Path) -> None:
    other = generate_key_files(tmp_path / "other.key")
    assert isinstance(other, Ed25519PrivateKey)
    args = ["audit", "verify", str(tmp_path / "log"), "-k", str(tmp_path / "other.pub")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "TAMPERED: bad_signature" in result.output


def test_query_filters_and_prints_json(logged: Path, tmp_path: Path) -> None:
    args = ["audit", "query", str(tmp_path / "log"), "--decision", "block", "--tenant", "acme"]
    args += ["--since", "2026-01-01T00:05:00Z", "--until", "2026-01-01T00:15:00"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    # Odd events block; minutes 5..14 are in the window.
    assert [r["event_id"] for r in records] == [f"ev-{i:05d}" for i in (5, 7, 9, 11, 13)]
    assert all(r["decision"] == "block" for r in records)


def test_query_with_no_match_and_array_output(logged: Path, tmp_path: Path) -> None:
    args = ["audit", "query", str(tmp_path / "log"), "--user", "nobody", "--array"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert json.loads(result.output) == []
    bad = runner.invoke(app, ["audit", "query", str(tmp_path / "log"), "--since", "yesterday"])
    assert bad.exit_code == 2
