"""`agentguard mesh up`: what `make run` runs."""

import contextlib
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from agentguard.cli.mesh import Mesh

__all__ = ["app"]

app = typer.Typer(help="Run the whole mesh locally.", no_args_is_help=True)


def _parse_replicas(values: list[str]) -> dict[str, int]:
    replicas: dict[str, int] = {}
    for item in values:
        name, _, count = item.partition("=")
        if not count.isdigit() or int(count) < 1:
            msg = f"--replicas takes NAME=N with N >= 1, got {item!r}"
            raise typer.BadParameter(msg)
        replicas[name] = int(count)
    return replicas


@app.command("up")
def up(
    nats_url: Annotated[
        str | None, typer.Option(envvar="NATS_URL", help="Use this server, start none.")
    ] = None,
    port: Annotated[int, typer.Option(help="Port of the embedded nats-server.")] = 4222,
    data: Annotated[Path, typer.Option(help="Folder for NATS data, audit log and logs.")] = Path(
        "var"
    ),
    replicas: Annotated[
        list[str] | None, typer.Option(help="NAME=N, e.g. validator=2 (repeatable).")
    ] = None,
) -> None:
    """Start embedded NATS (JetStream) and all five workers; Ctrl-C drains and stops."""
    console = Console()
    mesh = Mesh(
        root=data.resolve(),
        nats_url=nats_url or None,
        nats_port=port,
        replicas=_parse_replicas(replicas or []),
    )
    stop = threading.Event()
    # SIGINT too: a shell starts background jobs with SIGINT ignored, and Python then never
    # raises KeyboardInterrupt, so `kill -INT` (or Ctrl-C relayed by a supervisor) did nothing.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: stop.set())
    _say(console, "[bold]agentguard[/] starting the mesh ...")
    try:
        mesh.start()
    except Exception as exc:
        _say(console, f"[red]failed to start:[/] {exc}")
        raise typer.Exit(1) from None
    try:
        _announce(console, mesh, data, external=bool(nats_url))
        while not stop.is_set():
            for w in mesh.workers:
                if w.proc.poll() is not None:
                    _say(
                        console,
                        f"[red]{w.instance} exited ({w.proc.returncode})[/]; see {w.log_path}",
                    )
                    stop.set()
            stop.wait(0.5)
    finally:
        # Stop first, talk after: the terminal or pipe may already be gone.
        codes = mesh.stop()
        bad = {k: v for k, v in codes.items() if v not in (0, -signal.SIGTERM)}
        _say(
            console,
            "stopped: workers drained, NATS stopped."
            if not bad
            else f"stopped; unclean exits: {bad}",
        )


def _say(console: Console, text: str) -> None:
    with contextlib.suppress(OSError):
        console.print(text)


def _announce(console: Console, mesh: Mesh, data: Path, *, external: bool) -> None:
    where = "external server" if external else f"embedded, data in {data / 'nats'}"
    _say(console, f"NATS listening on [cyan]{mesh.url}[/] ({where})")
    table = Table("worker", "instance", "pid", "health", "log")
    for w in mesh.workers:
        table.add_row(
            w.name,
            w.instance,
            str(w.proc.pid),
            f"http://127.0.0.1:{w.health_port}/readyz",
            str(w.log_path),
        )
    with contextlib.suppress(OSError):
        console.print(table)
    _say(console, f"all {len(mesh.workers)} workers ready; audit log: {mesh.audit_log}")
    _say(console, 'try: [green].venv/bin/agentguard check "Ignore all previous instructions"[/]')
    _say(console, "Ctrl-C to stop.")
