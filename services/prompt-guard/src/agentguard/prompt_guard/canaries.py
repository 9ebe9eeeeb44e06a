"""Canary tokens: minting (pure) and the KV bucket where the output-checker finds them."""

import base64
import json
import secrets
from collections.abc import Callable
from typing import Protocol

from nats.aio.client import Client
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import (
    KeyDeletedError,
    KeyNotFoundError,
    KeyWrongLastSequenceError,
)
from nats.js.kv import KeyValue

from agentguard.contracts.streaming import CANARY_PREFIX, canary_key
from agentguard.shared.kv import open_bucket

__all__ = ["CanaryWriter", "KvCanaryWriter", "new_canary"]

# A session rarely needs more; older canaries fall off the list first.
_MAX_PER_SESSION = 16
_CAS_ATTEMPTS = 5


def new_canary(entropy: Callable[[int], bytes] = secrets.token_bytes) -> str:
    """`agc-` + 24 base32 characters (120 random bits): unique, and odd enough to never
    occur in an ordinary answer, even after spacing and case are stripped."""
    body = base64.b32encode(entropy(15)).decode("ascii").lower()
    return f"{CANARY_PREFIX}{body}"


class CanaryWriter(Protocol):
    """Write port: remember a canary for (tenant, session)."""

    async def add(self, tenant_id: str, session_id: str, canary: str) -> None:
        """Store canary with the session's others; raises when it could not be stored."""


class KvCanaryWriter:
    """Appends to the session's list in the KV bucket with compare-and-set."""

    def __init__(self, connection: Callable[[], Client], bucket: str, ttl_s: float) -> None:
        self._connection = connection
        self._bucket = bucket
        self._ttl_s = ttl_s
        self._kv: KeyValue | None = None

    async def ensure_bucket(self) -> KeyValue:
        """Create the bucket (or bind to it, when another replica made it already)."""
        if self._kv is None:
            config = KeyValueConfig(
                bucket=self._bucket,
                ttl=self._ttl_s,
                history=1,
                storage=StorageType.FILE,
                description="Canary tokens by tenant and session (agentguard).",
            )
            self._kv = await open_bucket(self._connection().jetstream(), config)
        return self._kv

    async def add(self, tenant_id: str, session_id: str, canary: str) -> None:
        """Append canary to the session's list; retries when a concurrent writer won."""
        kv = await self.ensure_bucket()
        key = canary_key(tenant_id, session_id)
        for _ in range(_CAS_ATTEMPTS):
            try:
                entry = await kv.get(key)
            except (KeyNotFoundError, KeyDeletedError):
                entry = None
            current: list[str] = []
            if entry is not None and entry.value:
                loaded = json.loads(entry.value)
                current = (
                    [c for c in loaded if isinstance(c, str)] if isinstance(loaded, list) else []
                )
            value = json.dumps([*current, canary][-_MAX_PER_SESSION:]).encode()
            try:
                if entry is None:
                    await kv.create(key, value)
                else:
                    await kv.update(key, value, last=entry.revision)
            except KeyWrongLastSequenceError:
                continue
            return
        msg = "canary store kept changing under concurrent writers"
        raise RuntimeError(msg)
