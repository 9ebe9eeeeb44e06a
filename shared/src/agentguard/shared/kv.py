"""Enforcement state on NATS: KV buckets, TTL'd writes, the watched cache, rate counters.

Per-entry TTL: nats-server >= 2.11 honours the `Nats-TTL` header on streams with
`allow_msg_ttl` (nats-py creates KV buckets with it), and with `limit_marker_ttl` set the
server leaves a delete marker when an entry expires, so watchers see expiry as a PURGE.
Readers still check `expires_at` inside the value: expiry is then exact to the clock even
before the marker arrives, and stays correct if a marker were ever missed.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime

import nats
import nats.errors
import nats.js.errors
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType, StreamConfig
from nats.js.errors import BadRequestError
from nats.js.kv import KV_DEL, KV_PURGE, KeyValue
from pydantic import ValidationError
from structlog.typing import FilteringBoundLogger

from agentguard.contracts.enforcement import (
    ENFORCEMENT_BUCKET,
    INCIDENT_STATE_BUCKET,
    RATE_MAX_WINDOW_S,
    RATE_STREAM,
    RATE_SUBJECTS,
    EnforcementEntry,
)
from agentguard.shared.broker import _tls_context
from agentguard.shared.errors import AgentguardError
from agentguard.shared.settings import NatsSettings

__all__ = [
    "EnforcementCache",
    "EnforcementSyncError",
    "EnforcementWriter",
    "RateCounter",
    "connect",
    "ensure_enforcement_store",
    "kv_put",
    "open_bucket",
]

# How long the server keeps the delete marker it places when an entry's TTL runs out.
_MARKER_TTL_S = 60.0


async def connect(
    settings: NatsSettings,
    name: str,
    reconnected_cb: Callable[[], Awaitable[None]] | None = None,
) -> Client:
    """A plain nats-py connection from settings, for helpers that live beside the broker."""
    return await nats.connect(
        servers=settings.servers,
        name=name,
        user_credentials=str(settings.creds_file) if settings.creds_file else None,
        tls=_tls_context(settings),
        connect_timeout=int(settings.connect_timeout_s),
        max_reconnect_attempts=-1,
        reconnected_cb=reconnected_cb,
    )


async def open_bucket(js: JetStreamContext, config: KeyValueConfig) -> KeyValue:
    """Create a KV bucket, or bind to it when it exists (another replica made it)."""
    try:
        return await js.create_key_value(config)
    except BadRequestError:
        # Exists (possibly with an older config): use it as it is rather than fight over it.
        return await js.key_value(config.bucket)


async def ensure_enforcement_store(js: JetStreamContext) -> None:
    """Create the enforcement and incident buckets and the rate-counter stream if missing."""
    await open_bucket(
        js,
        KeyValueConfig(
            bucket=ENFORCEMENT_BUCKET,
            description="Blocks, strict modes and debug switches (per-entry TTL).",
            history=1,
            storage=StorageType.FILE,
            limit_marker_ttl=_MARKER_TTL_S,
        ),
    )
    await open_bucket(
        js,
        KeyValueConfig(
            bucket=INCIDENT_STATE_BUCKET,
            description="Incident-responder history and open incidents (CAS-updated).",
            history=1,
            storage=StorageType.FILE,
            limit_marker_ttl=_MARKER_TTL_S,
        ),
    )
    rate = StreamConfig(
        name=RATE_STREAM,
        subjects=[RATE_SUBJECTS],
        description="Rate-limit counters, one subject per identity and window.",
        storage=StorageType.FILE,
        allow_msg_counter=True,
        # Counter streams refuse per-message TTLs; age retires windows once they are over.
        max_age=2 * RATE_MAX_WINDOW_S,
    )
    try:
        await js.add_stream(rate)
    except BadRequestError:
        await js.update_stream(rate)


async def kv_put(
    js: JetStreamContext,
    bucket: str,
    key: str,
    value: bytes,
    *,
    ttl_s: float,
    last_revision: int | None = None,
    timeout_s: float = 2.0,
) -> int:
    """Put value under key with a per-entry TTL; with last_revision, only if unchanged (CAS).

    nats-py's KeyValue.put has no TTL parameter, so this publishes to the bucket's subject
    with the `Nats-TTL` header, exactly what a KV put is on the wire. last_revision=0 means
    "only if the key does not exist". Raises KeyWrongLastSequenceError on a CAS conflict.
    """
    headers: dict[str, str] = {}
    if last_revision is not None:
        headers["Nats-Expected-Last-Subject-Sequence"] = str(last_revision)
    try:
        ack = await js.publish(
            f"$KV.{bucket}.{key}",
            value,
            timeout=timeout_s,
            headers=headers or None,
            msg_ttl=max(1, round(ttl_s)),
        )
    except nats.js.errors.APIError as err:
        if err.err_code in (10071, 10164):
            raise nats.js.errors.KeyWrongLastSequenceError(description=err.description) from None
        raise
    return ack.seq


class EnforcementWriter:
    """Writes and removes enforcement entries (responder, CLI)."""

    def __init__(self, connection: Callable[[], Client]) -> None:
        self._connection = connection

    @property
    def _js(self) -> JetStreamContext:
        return self._connection().jetstream()

    async def put(self, entry: EnforcementEntry) -> int:
        """Store entry until its expires_at (the KV TTL rounds up to whole seconds)."""
        ttl = (entry.expires_at - datetime.now(UTC)).total_seconds()
        payload = entry.model_dump_json().encode()
        return await kv_put(self._js, ENFORCEMENT_BUCKET, entry.key, payload, ttl_s=max(ttl, 1.0))

    async def delete(self, key: str) -> None:
        """Remove an entry; watchers see the delete at once."""
        kv = await self._js.key_value(ENFORCEMENT_BUCKET)
        await kv.delete(key)

    async def list(self) -> list[EnforcementEntry]:
        """Every stored entry (expired ones included until the server removes them)."""
        kv = await self._js.key_value(ENFORCEMENT_BUCKET)
        try:
            keys = await kv.keys()
        except nats.js.errors.NoKeysError:
            return []
        out: list[EnforcementEntry] = []
        for key in keys:
            try:
                got = await kv.get(key)
            except (nats.js.errors.KeyNotFoundError, nats.js.errors.KeyDeletedError):
                continue
            if got.value:
                with contextlib.suppress(ValidationError):
                    out.append(EnforcementEntry.model_validate_json(got.value))
        return out


class EnforcementSyncError(AgentguardError):
    """The enforcement bucket could not be loaded at start."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__(f"enforcement bucket not loaded within {timeout_s:.0f}s")
        self.timeout_s = timeout_s


class EnforcementCache:
    """An in-process mirror of ENFORCEMENT_BUCKET kept current by a KV watch.

    Lookups are dictionary reads (no network on the check path); the watch delivers a new
    block to every replica within milliseconds of the write.
    """

    def __init__(self, log: FilteringBoundLogger) -> None:
        self._log = log
        self._entries: dict[str, EnforcementEntry] = {}
        self._nc: Client | None = None
        self._task: asyncio.Task[None] | None = None
        self._watcher: KeyValue.KeyWatcher | None = None
        self._synced = asyncio.Event()
        self._resync_task: asyncio.Task[None] | None = None

    @property
    def entries(self) -> Mapping[str, EnforcementEntry]:
        """Current entries by key (expired ones are filtered by the reader)."""
        return self._entries

    async def start(self, settings: NatsSettings, name: str, timeout_s: float = 15.0) -> None:
        """Connect, watch the bucket and return once its current content is loaded.

        Raises EnforcementSyncError when the bucket cannot be loaded in time: a validator
        must not start answering with an empty blocklist (the worker exits and is restarted).
        """
        self._nc = await connect(settings, name, reconnected_cb=self._resync)
        await ensure_enforcement_store(self._nc.jetstream())
        await self._watch()
        try:
            await asyncio.wait_for(self._synced.wait(), timeout_s)
        except TimeoutError:
            self._log.error("enforcement_sync_failed", loaded=len(self._entries))
            await self.stop()
            raise EnforcementSyncError(timeout_s) from None

    async def stop(self) -> None:
        """Stop watching and close the connection."""
        await self._stop_watch(self._watcher, self._task)
        if self._nc is not None and not self._nc.is_closed:
            await self._nc.close()

    async def _watch(self) -> None:
        assert self._nc is not None
        kv = await self._nc.jetstream().key_value(ENFORCEMENT_BUCKET)
        watcher = await kv.watchall()
        old = self._watcher, self._task
        self._watcher = watcher
        self._task = asyncio.get_running_loop().create_task(self._run(watcher))
        await self._stop_watch(*old)

    async def _resync(self) -> None:
        # After a reconnect the ordered consumer would only notice the lost server state at
        # its next missed heartbeats (about 15 s); a fresh watch reloads the bucket at once.
        try:
            await self._watch()
        except Exception as exc:
            self._log.error("enforcement_resync_failed", error=type(exc).__name__)
        else:
            self._log.info("enforcement_resynced")

    @staticmethod
    async def _stop_watch(
        watcher: KeyValue.KeyWatcher | None, task: asyncio.Task[None] | None
    ) -> None:
        if watcher is not None:
            with contextlib.suppress(Exception):
                await watcher.stop()  # type: ignore[no-untyped-call]  # nats-py is untyped
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self, watcher: KeyValue.KeyWatcher) -> None:
        # A (re)watch first replays the whole bucket; it is built aside and swapped in, so
        # entries deleted while disconnected disappear and lookups never see a half load.
        loading: dict[str, EnforcementEntry] | None = {}
        try:
            async for update in watcher:
                if update is None:
                    if loading is not None:
                        self._entries, loading = loading, None
                        self._synced.set()
                    continue
                self._apply(self._entries if loading is None else loading, update)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # Without a watch the cache goes stale silently; start a fresh one.
            self._log.error("enforcement_watch_failed", error=type(exc).__name__)
            await asyncio.sleep(1.0)
            self._resync_task = asyncio.get_running_loop().create_task(self._resync())

    def _apply(self, entries: dict[str, EnforcementEntry], update: KeyValue.Entry) -> None:
        if update.operation in (KV_DEL, KV_PURGE) or not update.value:
            entries.pop(update.key, None)
            self._log.info("enforcement_removed", key=update.key)
            return
        try:
            entry = EnforcementEntry.model_validate_json(update.value)
        except ValidationError:
            self._log.error("enforcement_entry_unreadable", key=update.key)
            return
        entries[update.key] = entry
        self._log.info(
            "enforcement_applied",
            key=update.key,
            action=entry.action.value,
            expires_at=entry.expires_at.isoformat(),
        )


class RateCounter:
    """Atomic increments on RATE_STREAM (JetStream counters, `Nats-Incr`): one round trip."""

    def __init__(self, connection: Callable[[], Client]) -> None:
        self._connection = connection

    async def incr(self, subject: str, timeout_s: float) -> int:
        """Add one to the counter on subject and return its new total."""
        ack = (
            await self._connection()
            .jetstream()
            .publish(subject, b"", timeout=timeout_s, headers={"Nats-Incr": "1"})
        )
        if ack.val is None:
            msg = f"{RATE_STREAM} is not a counter stream"
            raise nats.errors.Error(msg)
        return int(ack.val)
