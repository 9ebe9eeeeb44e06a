"""Webhook signing and backoff; CLI duration parsing and rendering (pure)."""

from datetime import timedelta

import pytest
import typer

from agentguard.cli.incidents import parse_duration, render_event
from agentguard.contracts import Category, Identity, IncidentOpened, Severity
from agentguard.contracts.enforcement import IncidentEscalated, parse_incident_event
from agentguard.incident_responder.alerts import backoff_delays, sign, verify


def test_signature_round_trip_and_tamper() -> None:
    sig = sign(b"k", 1000, b'{"a":1}')
    assert sig.startswith("v1=")
    assert verify(b"k", 1000, b'{"a":1}', sig, now=1010, tolerance_s=300)
    assert not verify(b"k", 1000, b'{"a":2}', sig, now=1010, tolerance_s=300)
    assert not verify(b"other", 1000, b'{"a":1}', sig, now=1010, tolerance_s=300)
    assert not verify(b"k", 1000, b'{"a":1}', sig, now=2000, tolerance_s=300)


def test_backoff_grows_caps_and_jitters() -> None:
    assert backoff_delays(4, 1.0, 3.0, rand=lambda: 1.0) == [1.0, 2.0, 3.0]
    assert backoff_delays(4, 1.0, 3.0, rand=lambda: 0.0) == [0.5, 1.0, 1.5]
    assert backoff_delays(1, 1.0, 3.0) == []


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400)]
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "0", "5w", "-3m", "1.5h"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(typer.BadParameter):
        parse_duration(text)


def test_render_and_parse_incident_events() -> None:
    ident = Identity(tenant_id="acme", user_id="mallory")
    opened = IncidentOpened(
        incident_id="abcdef123456",
        severity=Severity.MEDIUM,
        identity=ident,
        rule="repeated_injection",
        summary="medium injection by user",
        categories=(Category.INJECTION,),
        event_ids=("v1",),
    )
    esc = IncidentEscalated(
        incident_id="abcdef123456",
        severity=Severity.HIGH,
        previous_severity=Severity.MEDIUM,
        identity=ident,
        rule="r",
        summary="s",
        categories=(Category.INJECTION,),
        attempts=5,
        event_ids=("v5",),
    )
    assert parse_incident_event(esc.model_dump_json()) == esc
    assert parse_incident_event(opened.model_dump_json()) == opened
    line = render_event(esc)
    assert "ESCALATED" in line
    assert "medium->high after 5" in line
    assert "user=mallory" in line
    assert "OPENED" in render_event(opened)
