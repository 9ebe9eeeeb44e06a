"""The crash proof, small enough for the default suite: the real worker, SIGKILLed mid-stream.

Runs its own nats-server (not the session fixture): the test restarts the server, and the
SECURITY_EVENTS stream denies purge, so it could not be cleaned for other tests anyway.
The full 10,000-event version is `python -m agentguard.audit_sink.soak`.
"""

from pathlib import Path

import pytest

from agentguard.audit_sink.soak import run_crash_soak

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


async def test_every_event_once_after_sigkills_and_a_nats_restart(tmp_path: Path) -> None:
    result = await run_crash_soak(
        tmp_path, events=2000, kills=2, restart_nats=True, seed=11, rate=400
    )
    assert result.sink_starts == 3
    assert result.missing == 0
    assert result.duplicated == 0
    assert result.records == result.distinct == 2000
    assert result.verify["ok"], result.verify["problem"]
    assert result.verify["records"] == 2000
    assert result.ok
