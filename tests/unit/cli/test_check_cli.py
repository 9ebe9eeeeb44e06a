"""`agentguard check` without a mesh fails fast, with the documented exit code 2."""

import subprocess
import sys
import time

from agentguard.shared.natsserver import free_port


def test_unreachable_nats_exits_2_quickly() -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "agentguard.cli.main", "check", "hello",
         "--url", f"nats://127.0.0.1:{free_port()}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "cannot reach NATS" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert time.monotonic() - started < 20
