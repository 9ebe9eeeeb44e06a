"""Where the output-checker finds a session's issued canaries: the NATS KV bucket."""

import asyncio
import json
from collections.abc import Callable
from typing import Protocol

from nats.aio.client import Client
from nats.js.errors import BucketNotFoundError, KeyDeletedError, KeyNotFoundError
from nats.js.kv import KeyValue

from agentguard.contracts.streaming import canary_key

__all__ = ["CanaryStore", "KvCanaryStore", "decode_canaries"]


class CanaryStore(Protocol):
    """Read port: a session's canaries; raises when the lookup itself failed."""

    async def lookup(self, tenant_id: str, session_id: str) -> tuple[str, ...]:
        """Canaries issued for (tenant, session); empty when none were issued."""


def decode_canaries(raw: bytes | None) -> tuple[str, ...]:
    """The KV value: a JSON list of canary strings (anything else reads as none)."""
    if not raw:
        return ()
    try:
        value = json.loads(raw)
    except ValueError:
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str) and v)


class KvCanaryStore:
    """Reads the KV bucket prompt-guard writes; a missing bucket means nothing was issued."""

    def __init__(self, connection: Callable[[], Client], bucket: str, timeout_s: float) -> None:
        self._connection = connection
        self._bucket = bucket
        self._timeout_s = timeout_s
        self._kv: KeyValue | None = None

    async def _store(self) -> KeyValue | None:
        if self._kv is None:
            try:
                self._kv = await self._connection().jetstream().key_value(self._bucket)
            except BucketNotFoundError:
                return None
        return self._kv

    async def lookup(self, tenant_id: str, session_id: str) -> tuple[str, ...]:
        """Canaries for the session (errors other than 'not found' propagate)."""
        async with asyncio.timeout(self._timeout_s):
            kv = await self._store()
            if kv is None:
                return ()
            try:
                entry = await kv.get(canary_key(tenant_id, session_id))
            except (KeyNotFoundError, KeyDeletedError):
                return ()
            return decode_canaries(entry.value)
