"""Start and stop the whole mesh: embedded nats-server plus the five worker processes."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from agentguard.shared.natsserver import EmbeddedNats, free_port
from agentguard.shared.procs import die_with_parent

__all__ = ["DRAIN_S", "WORKERS", "Mesh", "WorkerProcess"]

DRAIN_S = 15.0  # how long a worker may take to drain before it is killed

# (worker name, module, settings env prefix)
WORKERS: tuple[tuple[str, str, str], ...] = (
    ("validator", "agentguard.validator", "AGENTGUARD_VALIDATOR_"),
    ("prompt-guard", "agentguard.prompt_guard", "AGENTGUARD_PROMPT_GUARD_"),
    ("output-checker", "agentguard.output_checker", "AGENTGUARD_OUTPUT_CHECKER_"),
    ("audit-sink", "agentguard.audit_sink", "AGENTGUARD_AUDIT_SINK_"),
    ("incident-responder", "agentguard.incident_responder", "AGENTGUARD_INCIDENT_RESPONDER_"),
)


@dataclass
class WorkerProcess:
    """One running worker process."""

    name: str
    instance: str
    health_port: int
    log_path: Path
    proc: subprocess.Popen[bytes]

    def ready(self) -> bool:
        """Whether /readyz answers (the broker is connected)."""
        try:
            url = f"http://127.0.0.1:{self.health_port}/readyz"
            with urllib.request.urlopen(url, timeout=1) as resp:
                return bool(resp.status < 300)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def signal_drain(self) -> None:
        """Ask the worker to drain and exit (SIGTERM; SIGCONT first in case it is stopped)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()

    def reap(self, timeout_s: float) -> int | None:
        """Wait for the exit a `signal_drain` asked for; SIGKILL after `timeout_s`."""
        try:
            self.proc.wait(timeout=max(timeout_s, 0.0))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode

    def terminate(self, timeout_s: float = DRAIN_S) -> int | None:
        """SIGTERM (drain), then SIGKILL if it does not exit in time."""
        self.signal_drain()
        return self.reap(timeout_s)


@dataclass
class Mesh:
    """The running mesh; used by `agentguard mesh up` and by the end-to-end tests."""

    root: Path
    nats_url: str | None = None
    nats_port: int | None = None
    replicas: dict[str, int] = field(default_factory=dict)
    only: frozenset[str] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    nats: EmbeddedNats | None = None
    workers: list[WorkerProcess] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Where the workers connect."""
        if self.nats_url:
            return self.nats_url
        assert self.nats is not None, "mesh not started"
        return self.nats.url

    @property
    def audit_log(self) -> Path:
        """The audit-sink's log file."""
        return self.root / "audit" / "audit.jsonl"

    def start(self, timeout_s: float = 60.0) -> "Mesh":
        """Start NATS (unless a URL was given) and every worker; wait until all are ready."""
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            if not self.nats_url:
                self.nats = EmbeddedNats(self.root / "nats", port=self.nats_port).start()
            for name, _, _ in WORKERS:
                if self.only is None or name in self.only:
                    for i in range(self.replicas.get(name, 1)):
                        self.spawn_worker(name, i)
            self.wait_ready(timeout_s)
        except BaseException:
            self.stop()  # never leave half a mesh running
            raise
        return self

    def spawn_worker(self, name: str, index: int = 0) -> WorkerProcess:
        """Start replica `index` of the worker called name (e.g. 'validator')."""
        for worker, module, prefix in WORKERS:
            if worker == name:
                return self.spawn(name, module, prefix, index)
        raise KeyError(name)

    def spawn(self, name: str, module: str, prefix: str, index: int) -> WorkerProcess:
        """Start one worker process."""
        port = free_port()
        instance = f"{name}-{index}"
        logs = self.root / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update(
            {
                f"{prefix}NATS__URL": self.url,
                f"{prefix}HEALTH_PORT": str(port),
                f"{prefix}INSTANCE": instance,
                f"{prefix}LOG_JSON": "true",
                "AGENTGUARD_AUDIT_SINK_LOG_PATH": str(self.audit_log),
            }
        )
        env.update(self.extra_env)
        log_path = logs / f"{instance}.log"
        with log_path.open("ab") as log:
            proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", module],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                # Own session: Ctrl-C reaches only the launcher, which drains the workers.
                start_new_session=True,
                preexec_fn=die_with_parent,  # noqa: PLW1509 - async-signal-safe: one prctl call
            )
        worker = WorkerProcess(name, instance, port, log_path, proc)
        self.workers.append(worker)
        return worker

    def wait_ready(self, timeout_s: float) -> None:
        """Block until every worker answers /readyz, or raise with the failing log tails."""
        deadline = time.monotonic() + timeout_s
        pending = list(self.workers)
        while pending and time.monotonic() < deadline:
            for worker in list(pending):
                if worker.proc.poll() is not None:
                    tail = worker.log_path.read_text(errors="replace")[-1500:]
                    msg = f"{worker.instance} exited with {worker.proc.returncode}:\n{tail}"
                    raise RuntimeError(msg)
                if worker.ready():
                    pending.remove(worker)
            time.sleep(0.1)
        if pending:
            names = ", ".join(w.instance for w in pending)
            msg = f"workers not ready after {timeout_s:.0f}s: {names}"
            raise RuntimeError(msg)

    def worker(self, instance: str) -> WorkerProcess:
        """Find a worker by instance name (e.g. 'prompt-guard-0')."""
        for w in self.workers:
            if w.instance == instance:
                return w
        raise KeyError(instance)

    def stop(self, timeout_s: float = DRAIN_S) -> dict[str, int | None]:
        """Drain every worker at once (SIGTERM), SIGKILL those still running after
        `timeout_s`, then stop NATS; returns exit codes by instance.

        The workers drain in parallel, so a stop takes as long as the slowest worker, not
        the sum of all; NATS stops last, so every drain can still flush to it."""
        for worker in self.workers:
            worker.signal_drain()
        deadline = time.monotonic() + timeout_s
        codes = {w.instance: w.reap(deadline - time.monotonic()) for w in self.workers}
        if self.nats is not None:
            self.nats.stop()
        return codes
