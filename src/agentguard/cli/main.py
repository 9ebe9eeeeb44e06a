"""`agentguard` entry point: sub-commands are registered here."""

import typer

from agentguard.cli import check, mesh_cmd, scan

__all__ = ["app", "main"]

app = typer.Typer(
    name="agentguard",
    help="Security microservices for AI-agent platforms, on NATS.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(mesh_cmd.app, name="mesh")
app.command("check")(check.check)
app.command("scan")(scan.scan)


def main() -> None:
    """Console script entry point."""
    app()


if __name__ == "__main__":
    main()
