"""`Mesh.stop` drains every worker at once: a stop lasts as long as the slowest worker."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from agentguard.cli.mesh import Mesh, WorkerProcess

# On SIGTERM a stand-in worker marks itself and exits 0 only once every sibling has been
# signalled too: a drain that waits for one worker before signalling the next never sees
# that, so the first worker gives up (exit 3) or is killed at the deadline.
_WORKER = textwrap.dedent(
    """
    import signal, sys, time
    from pathlib import Path

    folder, me, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])

    def drain(_signum, _frame):
        (folder / me).touch()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if len(list(folder.iterdir())) == count:
                sys.exit(0)
            time.sleep(0.02)
        sys.exit(3)

    signal.signal(signal.SIGTERM, drain)
    (folder.parent / ("ready-" + me)).touch()
    while True:
        time.sleep(0.05)
    """
)

# ignores SIGTERM once it has said so
_DEAF = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "print('up', flush=True); time.sleep(60)"
)


def _stand_ins(tmp_path: Path, count: int) -> list[WorkerProcess]:
    marks = tmp_path / "marks"
    marks.mkdir()
    workers = []
    for i in range(count):
        proc = subprocess.Popen([sys.executable, "-c", _WORKER, str(marks), f"w{i}", str(count)])
        workers.append(WorkerProcess(f"w{i}", f"w{i}-0", 0, tmp_path / f"w{i}.log", proc))
    for i in range(count):  # the handler is installed before the marker is written
        while not (tmp_path / f"ready-w{i}").exists():
            assert workers[i].proc.poll() is None, "stand-in worker died at start"
            time.sleep(0.02)
    return workers


def test_stop_signals_every_worker_before_waiting_for_any(tmp_path: Path) -> None:
    workers = _stand_ins(tmp_path, 3)
    mesh = Mesh(root=tmp_path, workers=workers)
    try:
        codes = mesh.stop(timeout_s=20)
    finally:
        for worker in workers:
            if worker.proc.poll() is None:
                worker.proc.kill()
    assert codes == {"w0-0": 0, "w1-0": 0, "w2-0": 0}


def test_stop_kills_a_worker_that_does_not_drain(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _DEAF], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    with proc.stdout:
        assert proc.stdout.readline() == b"up\n"  # SIGTERM is ignored from here on
        worker = WorkerProcess("w", "w-0", 0, tmp_path / "w.log", proc)
        assert Mesh(root=tmp_path, workers=[worker]).stop(timeout_s=0.5) == {"w-0": -9}
