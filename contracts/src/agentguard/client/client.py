"""GuardClient: the agent platform's side of the mesh."""

import logging
import ssl
from collections.abc import AsyncGenerator
from pathlib import Path
from types import TracebackType

import nats
import nats.errors
from nats.aio.client import Client
from nats.js.api import DeliverPolicy
from pydantic import ValidationError

from agentguard.client.errors import (
    GuardError,
    GuardTimeoutError,
    MeshUnavailableError,
    NoRespondersError,
    RejectedError,
)
from agentguard.client.streaming import OutputStream
from agentguard.contracts import (
    CheckInput,
    CheckOutput,
    ErrorReply,
    Identity,
    IncidentOpened,
    PolicyHints,
    Provenance,
    RedactionMode,
    Severity,
    Verdict,
    parse_reply,
)
from agentguard.contracts.enforcement import (
    IncidentEscalated,
    IncidentStatusChanged,
    parse_incident_event,
)
from agentguard.contracts.streaming import (
    CANARY_ISSUE,
    CanaryIssued,
    IssueCanary,
    parse_canary_reply,
)
from agentguard.contracts.subjects import CHECK_INPUT, CHECK_OUTPUT, INCIDENTS_ALL, subject_token

__all__ = ["GuardClient", "IncidentEvent"]

IncidentEvent = IncidentOpened | IncidentEscalated | IncidentStatusChanged

# The mesh answers within the deadline; the grace covers the network round trip.
_GRACE_S = 1.0
_DEFAULT_DEADLINE_MS = 2000


_log = logging.getLogger("agentguard.client")


async def _log_connection_error(exc: Exception) -> None:
    # nats-py prints whole tracebacks by default; a client library should not.
    _log.debug("nats connection error: %s", type(exc).__name__)


class GuardClient:
    """Check texts against the mesh and follow its incident stream."""

    def __init__(self, nc: Client, *, default_deadline_ms: int = _DEFAULT_DEADLINE_MS) -> None:
        self._nc = nc
        self._default_deadline_ms = default_deadline_ms

    @classmethod
    async def connect(
        cls,
        url: str = "nats://127.0.0.1:4222",
        *,
        creds_file: Path | None = None,
        tls: ssl.SSLContext | None = None,
        default_deadline_ms: int = _DEFAULT_DEADLINE_MS,
        name: str = "agentguard-client",
        connect_timeout_s: float = 2.0,
        max_reconnect_attempts: int = 60,
    ) -> "GuardClient":
        """Connect to NATS (URLs comma-separated) and return a client.

        Raises MeshUnavailableError when no server answers; a one-shot tool should pass a
        small max_reconnect_attempts so that it fails fast.
        """
        try:
            nc = await nats.connect(
                servers=[u.strip() for u in url.split(",")],
                name=name,
                user_credentials=str(creds_file) if creds_file else None,
                tls=tls,
                connect_timeout=max(1, round(connect_timeout_s)),
                max_reconnect_attempts=max_reconnect_attempts,
                reconnect_time_wait=0.5,
                error_cb=_log_connection_error,
            )
        except (nats.errors.Error, OSError, TimeoutError) as exc:
            raise MeshUnavailableError(url, type(exc).__name__) from None
        return cls(nc, default_deadline_ms=default_deadline_ms)

    async def close(self) -> None:
        """Drain and close the connection."""
        if not self._nc.is_closed:
            await self._nc.drain()

    async def __aenter__(self) -> "GuardClient":
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def check_input(
        self,
        text: str,
        *,
        provenance: Provenance = Provenance.USER,
        identity: Identity | None = None,
        deadline_ms: int | None = None,
        policy: PolicyHints | None = None,
    ) -> Verdict:
        """Judge an input (user prompt, tool result, retrieved document)."""
        request = CheckInput(
            text=text,
            provenance=provenance,
            identity=identity or Identity(),
            deadline_ms=deadline_ms or self._default_deadline_ms,
            policy=policy or PolicyHints(),
        )
        return await self.send(CHECK_INPUT, request.model_dump_json().encode(), request)

    async def check_output(
        self,
        text: str,
        *,
        system_prompt: str | None = None,
        canaries: tuple[str, ...] = (),
        identity: Identity | None = None,
        destination: str = "user",
        deadline_ms: int | None = None,
        policy: PolicyHints | None = None,
        redaction: RedactionMode | None = None,
    ) -> Verdict:
        """Judge a model output before it reaches a user or a tool."""
        request = CheckOutput(
            text=text,
            system_prompt=system_prompt,
            canaries=canaries,
            identity=identity or Identity(),
            destination="tool" if destination == "tool" else "user",
            deadline_ms=deadline_ms or self._default_deadline_ms,
            policy=policy or PolicyHints(),
            redaction=redaction,
        )
        return await self.send(CHECK_OUTPUT, request.model_dump_json().encode(), request)

    def stream_output(
        self,
        *,
        stream_id: str | None = None,
        system_prompt: str | None = None,
        canaries: tuple[str, ...] = (),
        identity: Identity | None = None,
        destination: str = "user",
        redaction: RedactionMode | None = None,
        policy: PolicyHints | None = None,
        deadline_ms: int | None = None,
    ) -> OutputStream:
        """Start judging a streamed output chunk by chunk (see `OutputStream`)."""
        return OutputStream(
            self._nc,
            stream_id=stream_id,
            identity=identity,
            system_prompt=system_prompt,
            canaries=canaries,
            destination=destination,
            redaction=redaction,
            policy=policy,
            timeout_s=(deadline_ms or self._default_deadline_ms) / 1000.0 + _GRACE_S,
        )

    async def issue_canary(self, identity: Identity) -> CanaryIssued:
        """Get a canary for identity's session, to embed in that session's system prompt."""
        request = IssueCanary(identity=identity)
        timeout_s = self._default_deadline_ms / 1000.0 + _GRACE_S
        try:
            msg = await self._nc.request(
                CANARY_ISSUE, request.model_dump_json().encode(), timeout=timeout_s
            )
        except nats.errors.NoRespondersError:
            raise NoRespondersError(CANARY_ISSUE) from None
        except nats.errors.TimeoutError:
            raise GuardTimeoutError(CANARY_ISSUE, timeout_s, request.message_id) from None
        reply = parse_canary_reply(msg.data)
        if isinstance(reply, ErrorReply):
            raise RejectedError(reply.code, reply.reason, reply.request_id)
        return reply

    async def send(
        self, subject: str, payload: bytes, request: CheckInput | CheckOutput | None = None
    ) -> Verdict:
        """Send a raw payload and return the Verdict; raises the typed errors."""
        deadline_ms = (request.deadline_ms if request else None) or self._default_deadline_ms
        timeout_s = deadline_ms / 1000.0 + _GRACE_S
        request_id = request.message_id if request else "?"
        try:
            msg = await self._nc.request(subject, payload, timeout=timeout_s)
        except nats.errors.NoRespondersError:
            raise NoRespondersError(subject) from None
        except nats.errors.TimeoutError:
            raise GuardTimeoutError(subject, timeout_s, request_id) from None
        try:
            reply = parse_reply(msg.data)
        except ValidationError:
            raise GuardError(f"unreadable reply on {subject} (request {request_id})") from None
        if isinstance(reply, ErrorReply):
            raise RejectedError(reply.code, reply.reason, reply.request_id)
        return reply

    async def incidents(
        self,
        *,
        severity: Severity | None = None,
        tenant_id: str | None = None,
        durable: str | None = None,
        from_start: bool = False,
    ) -> AsyncGenerator[IncidentEvent, None]:
        """Yield incident events: opened, escalated, acknowledged/resolved.

        Filters by severity and tenant. Messages of a kind this client version does not know
        are acknowledged and skipped, so an older platform keeps working when the mesh adds
        event types.
        """
        subject = INCIDENTS_ALL
        if severity is not None or tenant_id is not None:
            sev = severity.value if severity else "*"
            tenant = subject_token(tenant_id) if tenant_id else "*"
            subject = f"security.incidents.{sev}.{tenant}"
        js = self._nc.jetstream()
        sub = await js.subscribe(
            subject,
            durable=durable,
            deliver_policy=DeliverPolicy.ALL if from_start else DeliverPolicy.NEW,
            manual_ack=True,
        )
        try:
            async for msg in sub.messages:
                try:
                    event = parse_incident_event(msg.data)
                except ValidationError:
                    await msg.ack()
                    continue
                yield event
                # Acked once the caller has handled it: a crash in between redelivers it.
                await msg.ack()
        finally:
            await sub.unsubscribe()
