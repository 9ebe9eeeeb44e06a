"""`agentguard mesh up` as a user runs it: ready, then a clean stop that leaves nothing behind."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agentguard.shared.natsserver import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
# `Mesh.stop` drains the workers at once (15 s at most) and then NATS (10 s); on a loaded
# 2-core machine a clean stop has taken most of that, so the wait keeps a margin
STOP_S = 15 + 10 + 20


def _children_of_data(data: Path) -> list[int]:
    """Pids of processes whose command line or environment names this data folder."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes()
            env = (entry / "environ").read_bytes()
        except OSError:
            continue
        if str(data).encode() in cmd or str(data).encode() in env:
            pids.append(int(entry.name))
    return pids


def _kill_all(proc: subprocess.Popen[str], data: Path) -> None:
    for pid in [proc.pid, *_children_of_data(data)] if proc.poll() is None else []:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.communicate(timeout=10)


# How a shell starts a background job: SIGINT ignored, kept across exec. Python then has no
# KeyboardInterrupt to raise, so the launcher must handle SIGINT itself.
_SIGINT_IGNORED = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)


def _launch(tmp_path: Path, *, sigint_ignored: bool = False) -> tuple[subprocess.Popen[str], Path]:
    data = tmp_path / "var"
    lead = [sys.executable, "-c", _SIGINT_IGNORED] if sigint_ignored else [sys.executable]
    proc = subprocess.Popen(
        [*lead, "-m", "agentguard.cli.main", "mesh", "up", "--data", str(data),
         "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    seen = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        seen += line
        if "Ctrl-C to stop" in line:
            return proc, data
        if not line and proc.poll() is not None:
            break
    proc.kill()
    proc.communicate(timeout=10)
    pytest.fail(f"mesh did not come up:\n{seen}")


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find leftovers")
@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["foreground", "background-job"])
def test_ctrl_c_drains_and_stops_everything(tmp_path: Path, sigint_ignored: bool) -> None:
    proc, data = _launch(tmp_path, sigint_ignored=sigint_ignored)
    try:
        assert _children_of_data(data), "no worker or NATS process found"
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=STOP_S)
    finally:
        _kill_all(proc, data)  # a failed test leaves nothing running behind it
    assert proc.returncode == 0
    assert "stopped: workers drained, NATS stopped." in out
    assert _children_of_data(data) == []


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find leftovers")
def test_killed_launcher_leaves_no_orphans(tmp_path: Path) -> None:
    proc, data = _launch(tmp_path)
    proc.kill()
    proc.communicate(timeout=10)
    deadline = time.monotonic() + 20
    while _children_of_data(data) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _children_of_data(data) == []
