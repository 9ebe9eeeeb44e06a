"""`agentguard incidents ...`, `agentguard block` and `agentguard unblock`."""

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, TypeVar

import nats
import typer
from nats.aio.client import Client
from nats.js.api import DeliverPolicy
from rich.console import Console
from rich.markup import escape

from agentguard.contracts import IncidentOpened, Severity
from agentguard.contracts.enforcement import (
    INCIDENT_ACKNOWLEDGE,
    INCIDENT_RESOLVE,
    AcknowledgeIncident,
    EnforcementAction,
    EnforcementEntry,
    IncidentCommandResult,
    IncidentEscalated,
    IncidentStatusChanged,
    ResolveIncident,
    TargetKind,
    enforcement_key,
    parse_incident_event,
)
from agentguard.contracts.subjects import INCIDENTS_ALL, subject_token
from agentguard.shared.kv import EnforcementWriter, ensure_enforcement_store

__all__ = ["app", "block", "parse_duration", "render_event", "unblock"]

app = typer.Typer(help="Follow and manage incidents.", no_args_is_help=True)

T = TypeVar("T")
UrlOpt = Annotated[str, typer.Option(envvar="NATS_URL", help="NATS URL.")]
_DEFAULT_URL = "nats://127.0.0.1:4222"
_COLOURS = {"low": "cyan", "medium": "yellow", "high": "red", "critical": "bold magenta"}
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

Event = IncidentOpened | IncidentEscalated | IncidentStatusChanged


def parse_duration(text: str) -> timedelta:
    """'90', '90s', '15m', '2h' or '1d' as a timedelta."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", text)
    if match is None or int(match.group(1)) < 1:
        msg = f"not a duration: {text!r} (e.g. 90s, 15m, 2h, 1d)"
        raise typer.BadParameter(msg)
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2) or "s"])


def _who(event: Event) -> str:
    ident = event.identity
    parts = [f"tenant={ident.tenant_id}"]
    if ident.user_id:
        parts.append(f"user={ident.user_id}")
    if ident.client_ip is not None:
        parts.append(f"ip={ident.client_ip}")
    if ident.session_id:
        parts.append(f"session={ident.session_id}")
    return " ".join(parts)


def render_event(event: Event) -> str:
    """One human-readable line (rich markup) for an incident event."""
    when = event.occurred_at.astimezone(UTC).strftime("%H:%M:%S")
    sev = event.severity.value
    head = f"{when} [{_COLOURS[sev]}]{sev.upper():8}[/]"
    if isinstance(event, IncidentOpened):
        what, detail = "OPENED   ", event.summary
    elif isinstance(event, IncidentEscalated):
        what = "ESCALATED"
        detail = f"{event.previous_severity.value}->{sev} after {event.attempts}: {event.summary}"
    else:
        what = event.status.value.upper().ljust(9)
        detail = f"by {event.by}" + (f": {event.note}" if event.note else "")
    return f"{head} {what} {event.incident_id[:8]} {escape(_who(event))}  {escape(detail)}"


async def _with_nats(url: str, work: Callable[[Client], Awaitable[T]]) -> T:
    nc = await nats.connect(servers=[u.strip() for u in url.split(",")], name="agentguard-cli")
    try:
        return await work(nc)
    finally:
        await nc.close()


def _run(url: str, work: Callable[[Client], Awaitable[T]]) -> T:
    try:
        return asyncio.run(_with_nats(url, work))
    except nats.errors.NoRespondersError:
        Console(stderr=True).print("[red]no incident-responder is running[/]")
        raise typer.Exit(2) from None
    except (OSError, nats.errors.NoServersError, TimeoutError) as exc:
        Console(stderr=True).print(f"[red]cannot reach NATS at {url}:[/] {exc!r}")
        raise typer.Exit(2) from None


@app.command("tail")
def tail(
    *,
    min_severity: Annotated[
        Severity, typer.Option("--min-severity", help="Show events at or above this.")
    ] = Severity.LOW,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
    incident: Annotated[str | None, typer.Option(help="Only this incident id.")] = None,
    from_start: Annotated[bool, typer.Option(help="Replay the stream's history first.")] = False,
    limit: Annotated[int, typer.Option(help="Stop after this many events (0 = never).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print raw JSON events.")] = False,
    url: UrlOpt = _DEFAULT_URL,
) -> None:
    """Follow the incident stream live, one line per event, until Ctrl-C."""
    console = Console(highlight=False)
    subject = f"security.incidents.*.{subject_token(tenant)}" if tenant else INCIDENTS_ALL

    async def follow(nc: Client) -> None:
        sub = await nc.jetstream().subscribe(
            subject,
            ordered_consumer=True,
            deliver_policy=DeliverPolicy.ALL if from_start else DeliverPolicy.NEW,
        )
        shown = 0
        async for msg in sub.messages:
            try:
                event = parse_incident_event(msg.data)
            except ValueError:
                continue
            if event.severity.rank < min_severity.rank:
                continue
            if incident and not event.incident_id.startswith(incident):
                continue
            console.print(event.model_dump_json() if as_json else render_event(event))
            shown += 1
            if limit and shown >= limit:
                break
        await sub.unsubscribe()

    with contextlib.suppress(KeyboardInterrupt):
        _run(url, follow)


def _status(incident_id: str, by: str, note: str, url: str, *, resolve: bool) -> None:
    cmd: AcknowledgeIncident | ResolveIncident
    if resolve:
        cmd, subject = ResolveIncident(incident_id=incident_id, by=by, note=note), INCIDENT_RESOLVE
    else:
        cmd = AcknowledgeIncident(incident_id=incident_id, by=by, note=note)
        subject = INCIDENT_ACKNOWLEDGE

    async def send(nc: Client) -> IncidentCommandResult:
        reply = await nc.request(subject, cmd.model_dump_json().encode(), timeout=5.0)
        return IncidentCommandResult.model_validate_json(reply.data)

    result = _run(url, send)
    console = Console()
    if result.ok and result.status is not None:
        console.print(f"incident {incident_id}: {result.status.value}")
        return
    console.print(f"[red]incident {incident_id}: not changed ({result.detail})[/]")
    raise typer.Exit(1)


@app.command("ack")
def ack(
    incident_id: Annotated[str, typer.Argument(help="Incident id.")],
    by: Annotated[str, typer.Option(help="Who acknowledges.")] = "operator",
    note: Annotated[str, typer.Option(help="Note.")] = "",
    url: UrlOpt = _DEFAULT_URL,
) -> None:
    """Acknowledge an incident (it stays open and keeps grouping)."""
    _status(incident_id, by, note, url, resolve=False)


@app.command("resolve")
def resolve(
    incident_id: Annotated[str, typer.Argument(help="Incident id.")],
    by: Annotated[str, typer.Option(help="Who resolves.")] = "operator",
    note: Annotated[str, typer.Option(help="Note.")] = "",
    url: UrlOpt = _DEFAULT_URL,
) -> None:
    """Resolve an incident; blocks it caused stay until their TTL (use unblock)."""
    _status(incident_id, by, note, url, resolve=True)


def _target(
    user: str | None, session: str | None, ip: str | None, api_key: str | None
) -> tuple[TargetKind, str]:
    given = [
        (k, v)
        for k, v in (
            (TargetKind.USER, user),
            (TargetKind.SESSION, session),
            (TargetKind.IP, ip),
            (TargetKind.API_KEY, api_key),
        )
        if v
    ]
    if len(given) != 1:
        msg = "give exactly one of --user, --session, --ip, --api-key"
        raise typer.BadParameter(msg)
    return given[0][0], str(given[0][1])


UserOpt = Annotated[str | None, typer.Option(help="User id.")]
SessionOpt = Annotated[str | None, typer.Option(help="Session id.")]
IpOpt = Annotated[str | None, typer.Option(help="Client IP.")]
KeyOpt = Annotated[str | None, typer.Option("--api-key", help="API key id (not the secret).")]
TenantOpt = Annotated[str, typer.Option(help="Tenant id.")]


def _describe(entry: EnforcementEntry) -> str:
    target = (
        "whole tenant" if entry.target is TargetKind.TENANT else f"{entry.target}={entry.value}"
    )
    return f"{entry.action.value} tenant={entry.tenant_id} {target}"


def _write(entry: EnforcementEntry, url: str) -> None:
    async def put(nc: Client) -> None:
        await ensure_enforcement_store(nc.jetstream())
        await EnforcementWriter(lambda: nc).put(entry)

    _run(url, put)
    until = entry.expires_at.isoformat(timespec="seconds")
    Console(highlight=False).print(f"{escape(_describe(entry))} until {until}")


def block(
    *,
    user: UserOpt = None,
    session: SessionOpt = None,
    ip: IpOpt = None,
    api_key: KeyOpt = None,
    tenant: TenantOpt = "default",
    ttl: Annotated[str, typer.Option(help="How long: 90s, 15m, 2h, 1d.")] = "15m",
    reason: Annotated[str, typer.Option(help="Why (no raw text).")] = "manual block",
    by: Annotated[str, typer.Option(help="Operator.")] = "operator",
    url: UrlOpt = _DEFAULT_URL,
) -> None:
    """Block a user, session, IP or API key on every validator replica until the TTL ends."""
    kind, value = _target(user, session, ip, api_key)
    now = datetime.now(UTC)
    _write(
        EnforcementEntry(
            action=EnforcementAction.BLOCK,
            tenant_id=tenant,
            target=kind,
            value=value,
            reason=reason,
            created_by=by,
            created_at=now,
            expires_at=now + parse_duration(ttl),
        ),
        url,
    )


def unblock(
    *,
    user: UserOpt = None,
    session: SessionOpt = None,
    ip: IpOpt = None,
    api_key: KeyOpt = None,
    tenant: TenantOpt = "default",
    strict: Annotated[bool, typer.Option(help="Also end strict mode.")] = True,
    url: UrlOpt = _DEFAULT_URL,
) -> None:
    """Lift a block (and, by default, the strict mode an incident set) at once."""
    kind, value = _target(user, session, ip, api_key)
    actions = [EnforcementAction.BLOCK] + ([EnforcementAction.STRICT] if strict else [])
    keys = [enforcement_key(a, tenant, kind, value) for a in actions]

    async def delete(nc: Client) -> None:
        await ensure_enforcement_store(nc.jetstream())
        writer = EnforcementWriter(lambda: nc)
        for key in keys:
            await writer.delete(key)

    _run(url, delete)
    Console(highlight=False).print(
        f"lifted {' and '.join(a.value for a in actions)} for {kind}={value}"
    )


@app.command("debug")
def debug(
    tenant: TenantOpt = "default",
    user: UserOpt = None,
    ttl: Annotated[str, typer.Option(help="How long: 90s, 15m, 2h.")] = "15m",
    by: Annotated[str, typer.Option(help="Operator.")] = "operator",
    url: UrlOpt = _DEFAULT_URL,
) -> None:
    """Log per-check detail (findings, scores, spans; never text) for a tenant or user."""
    kind, value = (TargetKind.USER, user) if user else (TargetKind.TENANT, "_")
    now = datetime.now(UTC)
    _write(
        EnforcementEntry(
            action=EnforcementAction.DEBUG,
            tenant_id=tenant,
            target=kind,
            value=value,
            reason="debug logging on demand",
            created_by=by,
            created_at=now,
            expires_at=now + parse_duration(ttl),
        ),
        url,
    )


@app.command("blocks")
def blocks(url: UrlOpt = _DEFAULT_URL) -> None:
    """List active blocks, strict modes and debug switches."""

    async def read(nc: Client) -> list[EnforcementEntry]:
        await ensure_enforcement_store(nc.jetstream())
        return await EnforcementWriter(lambda: nc).list()

    now = datetime.now(UTC)
    console = Console(highlight=False)
    for entry in sorted(_run(url, read), key=lambda e: e.expires_at):
        if entry.active(now):
            left = int((entry.expires_at - now).total_seconds())
            who = f"by {entry.created_by}: {entry.reason}"
            console.print(f"{escape(_describe(entry))}  {left}s left  {escape(who)}")
