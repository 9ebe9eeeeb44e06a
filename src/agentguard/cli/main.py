"""`agentguard` entry point: sub-commands are registered here."""

import typer

from agentguard.cli import audit, check, incidents, mesh_cmd, scan

__all__ = ["app", "main"]

app = typer.Typer(
    name="agentguard",
    help="Security microservices for AI-agent platforms, on NATS.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(mesh_cmd.app, name="mesh")
app.add_typer(audit.app, name="audit")
app.command("check")(check.check)
app.command("scan")(scan.scan)
app.add_typer(incidents.app, name="incidents")
app.command("block")(incidents.block)
app.command("unblock")(incidents.unblock)


def main() -> None:
    """Console script entry point."""
    app()


if __name__ == "__main__":
    main()
