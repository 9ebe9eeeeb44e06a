"""Blocks in the KV bucket: watch propagation to a cache, per-entry TTL expiry, unblock."""

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import nats
import nats.errors
import nats.js.errors
import pytest
import structlog
from nats.aio.client import Client

from agentguard.contracts import Identity
from agentguard.contracts.enforcement import (
    ENFORCEMENT_BUCKET,
    EnforcementAction,
    EnforcementEntry,
    TargetKind,
)
from agentguard.shared.kv import EnforcementCache, EnforcementWriter, ensure_enforcement_store
from agentguard.shared.natsserver import EmbeddedNats
from agentguard.shared.settings import NatsSettings
from agentguard.validator.enforcement import gate_for

pytestmark = pytest.mark.integration


def _block(tenant: str, user: str, ttl_s: float) -> EnforcementEntry:
    now = datetime.now(UTC)
    return EnforcementEntry(
        action=EnforcementAction.BLOCK,
        tenant_id=tenant,
        target=TargetKind.USER,
        value=user,
        reason="test",
        created_by="test",
        created_at=now,
        expires_at=now + timedelta(seconds=ttl_s),
    )


def _has(cache: EnforcementCache, key: str) -> bool:
    return key in cache.entries


async def _until(check: Callable[[], bool], timeout_s: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        if check():
            return time.perf_counter() - started
        await asyncio.sleep(0.005)
    pytest.fail(f"condition not met within {timeout_s}s")


async def test_block_propagates_then_expires_by_ttl(
    nc: Client, nats_url: str, unique: Callable[[str], str]
) -> None:
    await ensure_enforcement_store(nc.jetstream())
    caches = [EnforcementCache(structlog.get_logger()) for _ in range(2)]
    for cache in caches:
        await cache.start(NatsSettings(url=nats_url), name="test")
    try:
        tenant, user = unique("ttl"), "mallory"
        entry = _block(tenant, user, ttl_s=2)
        ident = Identity(tenant_id=tenant, user_id=user)
        await EnforcementWriter(lambda: nc).put(entry)
        for cache in caches:
            seen_after = await _until(partial(_has, cache, entry.key), 1.0)
            assert seen_after < 1.0
            assert gate_for(ident, cache.entries, datetime.now(UTC)).block == entry

        # Readers stop applying it at expires_at, before the server even removes it.
        await asyncio.sleep((entry.expires_at - datetime.now(UTC)).total_seconds() + 0.01)
        assert gate_for(ident, caches[0].entries, datetime.now(UTC)).block is None
        # The server's per-entry TTL then removes it, and the watch reports the removal.
        await _until(lambda: all(entry.key not in c.entries for c in caches), 4.0)
        kv = await nc.jetstream().key_value(ENFORCEMENT_BUCKET)
        try:
            left = await kv.get(entry.key)
        except (nats.js.errors.KeyNotFoundError, nats.js.errors.KeyDeletedError):
            pass
        else:  # the server's expiry marker (Nats-Marker-Reason: MaxAge) carries no value
            assert not left.value
    finally:
        for cache in caches:
            await cache.stop()


async def test_unblock_lands_at_once_and_other_tenants_are_untouched(
    nc: Client, nats_url: str, unique: Callable[[str], str]
) -> None:
    await ensure_enforcement_store(nc.jetstream())
    cache = EnforcementCache(structlog.get_logger())
    await cache.start(NatsSettings(url=nats_url), name="test")
    try:
        tenant = unique("unblock")
        entry = _block(tenant, "u1", ttl_s=600)
        writer = EnforcementWriter(lambda: nc)
        await writer.put(entry)
        await _until(lambda: entry.key in cache.entries, 1.0)
        other = Identity(tenant_id=unique("other"), user_id="u1")
        assert gate_for(other, cache.entries, datetime.now(UTC)).block is None
        assert any(e.key == entry.key for e in await writer.list())
        await writer.delete(entry.key)
        await _until(lambda: entry.key not in cache.entries, 1.0)
    finally:
        await cache.stop()


async def test_cache_loads_existing_entries_before_start_returns(
    nc: Client, nats_url: str, unique: Callable[[str], str]
) -> None:
    await ensure_enforcement_store(nc.jetstream())
    entry = _block(unique("preload"), "u", ttl_s=600)
    await EnforcementWriter(lambda: nc).put(entry)
    cache = EnforcementCache(structlog.get_logger())
    await cache.start(NatsSettings(url=nats_url), name="test")
    try:
        assert entry.key in cache.entries  # no waiting: start() returns once synced
    finally:
        await cache.stop()


async def test_watch_reloads_at_once_after_a_nats_restart(tmp_path: Path) -> None:
    # Its own server: restarting the session's server would disturb other tests.
    with EmbeddedNats(tmp_path / "nats") as server:
        nc = await nats.connect(server.url, max_reconnect_attempts=-1)
        await ensure_enforcement_store(nc.jetstream())
        cache = EnforcementCache(structlog.get_logger())
        await cache.start(NatsSettings(url=server.url), name="test")
        try:
            writer = EnforcementWriter(lambda: nc)
            before = _block("restart", "a", ttl_s=600)
            await writer.put(before)
            await _until(partial(_has, cache, before.key), 1.0)
            await asyncio.to_thread(server.restart)
            after = _block("restart", "b", ttl_s=600)
            for _ in range(100):  # until the writer's own connection is back
                try:
                    await writer.put(after)
                    break
                except (nats.errors.Error, TimeoutError):
                    await asyncio.sleep(0.1)
            # Without the resync on reconnect this took ~18 s (missed ordered-consumer beats).
            await _until(partial(_has, cache, after.key), 1.0)
            assert before.key in cache.entries
        finally:
            await cache.stop()
            await nc.close()
