"""`agentguard check`: send one text to the running mesh and show the verdict."""

import asyncio
from typing import Annotated

import typer
from rich.console import Console

from agentguard.client import GuardClient, GuardError
from agentguard.contracts import Identity, Provenance, Verdict

__all__ = ["check", "render_verdict"]


def render_verdict(verdict: Verdict, console: Console) -> None:
    """Readable verdict: decision, why, which checks ran, latency."""
    colour = {"allow": "green", "sanitize": "yellow", "block": "red"}[verdict.decision.value]
    console.print(
        f"[bold {colour}]{verdict.decision.value.upper()}[/]  risk {verdict.risk:.2f}  "
        f"latency {verdict.latency_ms:.1f} ms"
    )
    for reason in verdict.reasons:
        console.print(f"  why: {reason}")
    for f in verdict.findings:
        console.print(
            f"  finding: {f.category.value}/{f.type} [{f.start}:{f.end}] score {f.score:.2f} "
            f"by {f.detector} ({f.layer}) {f.reason}"
        )
    ran = ", ".join(f"{t.check} {t.duration_ms:.2f}ms" for t in verdict.timings)
    console.print(f"  checks: {ran or '-'}")
    for miss in verdict.incomplete:
        console.print(f"  [red]did not finish:[/] {miss.check} ({miss.reason.value}) {miss.detail}")
    if verdict.sanitized_text is not None:
        console.print(f"  sanitized: {verdict.sanitized_text}")


async def _run(
    text: str,
    *,
    url: str,
    output: bool,
    system_prompt: str | None,
    provenance: Provenance,
    tenant: str,
    user: str | None,
    deadline_ms: int,
) -> Verdict:
    client = await GuardClient.connect(url, max_reconnect_attempts=1)
    identity = Identity(tenant_id=tenant, user_id=user)
    try:
        if output:
            return await client.check_output(
                text, system_prompt=system_prompt, identity=identity, deadline_ms=deadline_ms
            )
        return await client.check_input(
            text, provenance=provenance, identity=identity, deadline_ms=deadline_ms
        )
    finally:
        await client.close()


def check(  # noqa: PLR0917 - typer maps each CLI option to one parameter
    text: Annotated[str, typer.Argument(help="The text to check.")],
    output: Annotated[bool, typer.Option("--output", help="Check a model output.")] = False,
    system_prompt: Annotated[
        str | None, typer.Option(help="System prompt, to detect leaks (with --output).")
    ] = None,
    provenance: Annotated[Provenance, typer.Option(help="Where the text came from.")] = (
        Provenance.USER
    ),
    tenant: Annotated[str, typer.Option(help="Tenant id.")] = "default",
    user: Annotated[str | None, typer.Option(help="User id.")] = None,
    deadline_ms: Annotated[int, typer.Option(help="Deadline for the verdict.")] = 2000,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict envelope.")] = False,
    url: Annotated[str, typer.Option(envvar="NATS_URL", help="NATS URL.")] = (
        "nats://127.0.0.1:4222"
    ),
) -> None:
    """Check one input (default) or model output against the running mesh."""
    console = Console()
    try:
        verdict = asyncio.run(
            _run(
                text,
                url=url,
                output=output,
                system_prompt=system_prompt,
                provenance=provenance,
                tenant=tenant,
                user=user,
                deadline_ms=deadline_ms,
            )
        )
    except GuardError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    except (TimeoutError, OSError) as exc:
        console.print(f"[red]cannot reach NATS at {url}:[/] {exc}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(verdict.model_dump_json(indent=2))
    else:
        render_verdict(verdict, console)
    raise typer.Exit(0 if verdict.allowed else 1)
