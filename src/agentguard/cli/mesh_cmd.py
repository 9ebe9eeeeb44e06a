"""`agentguard mesh up`: what `make run` runs."""

import os
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
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    console.print("[bold]agentguard[/] starting the mesh ...")
    try:
        mesh.start()
    except Exception as exc:
        console.print(f"[red]failed to start:[/] {exc}")
        raise typer.Exit(1) from None
    where = "external server" if nats_url else f"embedded, data in {data / 'nats'}"
    console.print(f"NATS listening on [cyan]{mesh.url}[/] ({where})")
    table = Table("worker", "instance", "pid", "health", "log")
    for w in mesh.workers:
        table.add_row(
            w.name,
            w.instance,
            str(w.proc.pid),
            f"http://127.0.0.1:{w.health_port}/readyz",
            str(
                w.log_path.relative_to(data.resolve().parent)
                if w.log_path.is_relative_to(data.resolve().parent)
                else w.log_path
            ),
        )
    console.print(table)
    console.print(f"all {len(mesh.workers)} workers ready; audit log: {mesh.audit_log}")
    console.print('try: [green].venv/bin/agentguard check "Ignore all previous instructions"[/]')
    console.print("Ctrl-C to stop.")
    try:
        while not stop.is_set():
            for w in mesh.workers:
                if w.proc.poll() is not None:
                    console.print(
                        f"[red]{w.instance} exited ({w.proc.returncode})[/]; see {w.log_path}"
                    )
                    stop.set()
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        console.print("draining workers ...")
        codes = mesh.stop()
        bad = {k: v for k, v in codes.items() if v not in (0, -signal.SIGTERM)}
        console.print("stopped." if not bad else f"stopped; unclean exits: {bad}")
    os._exit(0)
