"""Where stream windows live between chunks: this replica's memory, or a shared KV bucket.

With one replica (or streams pinned to replicas) memory is enough. With several replicas
behind one queue group, any replica may get the next chunk, so the window lives in a NATS
KV bucket: loaded, advanced, and written back with compare-and-set, so two replicas never
both advance the same stream from the same point. Values hold raw output text, so they are
encrypted with the key store; the system prompt is stored once per digest, also encrypted.
"""

import json
import time
from collections.abc import Callable
from typing import Any, Protocol

from nats.aio.client import Client
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import (
    KeyDeletedError,
    KeyNotFoundError,
    KeyWrongLastSequenceError,
)
from nats.js.kv import KeyValue

from agentguard.contracts import Finding, PolicyHints
from agentguard.contracts.streaming import RedactionMode
from agentguard.engines import EnginePolicy
from agentguard.output_checker.core import IndexCache
from agentguard.output_checker.redaction import Numbering
from agentguard.output_checker.stream import StreamState, StreamTable
from agentguard.shared.digest import sha256_hex
from agentguard.shared.keystore import KeyStore
from agentguard.shared.kv import open_bucket

__all__ = ["KvStreamStore", "MemoryStreamStore", "StreamStore", "dump_state", "load_state"]

_VERSION = 1


class StreamStore(Protocol):
    """Load a stream's state with a revision token; save it back unless it moved meanwhile."""

    async def load(self, tenant_id: str, stream_id: str) -> tuple[StreamState | None, int]:
        """The state (None for a new stream) and the revision to save against."""

    async def save(self, tenant_id: str, stream_id: str, state: StreamState, revision: int) -> bool:
        """Store state; False when another writer got there first (reload and redo)."""

    async def remember_prompt(self, prompt: str) -> str:
        """Keep a system prompt where every replica can index it; returns its digest."""


class MemoryStreamStore:
    """This replica's memory (the default): the state object itself, mutated in place."""

    def __init__(self, table: StreamTable) -> None:
        self._table = table

    async def load(self, tenant_id: str, stream_id: str) -> tuple[StreamState | None, int]:
        """The live state; revision 0 for a new stream."""
        state = self._table.get((tenant_id, stream_id))
        return state, 0 if state is None else 1

    async def save(self, tenant_id: str, stream_id: str, state: StreamState, revision: int) -> bool:
        """Register a new stream, unless a concurrent chunk registered it first."""
        if revision == 0:
            return self._table.add((tenant_id, stream_id), state) is state
        return True

    async def remember_prompt(self, prompt: str) -> str:
        """Nothing to share: the index cache of this replica is enough."""
        return IndexCache.digest(prompt)


def dump_state(state: StreamState) -> bytes:
    """JSON of everything but the prompt index (rebuilt from the stored prompt)."""
    data: dict[str, Any] = {
        "v": _VERSION,
        "stream_id": state.stream_id,
        "hints": state.hints.model_dump(mode="json"),
        "prompt_digest": state.prompt_digest,
        "canaries": list(state.canaries),
        "destination": state.destination,
        "redaction": state.redaction.value,
        "next_seq": state.next_seq,
        "released": state.released,
        "context": state.context,
        "held": state.held,
        "pending": [[seq, text, final] for seq, (text, final) in state.pending.items()],
        "counts": state.numbering.counts,
        "assigned": state.numbering.assigned,
        "findings": [f.model_dump(mode="json") for f in state.findings],
        "redacted": state.redacted,
        "stopped": state.stopped,
        "closed": state.closed,
    }
    return json.dumps(data, separators=(",", ":")).encode()


def load_state(raw: bytes, base: EnginePolicy) -> StreamState:
    """The state from `dump_state` (index left empty: the caller restores it)."""
    data = json.loads(raw)
    if data.get("v") != _VERSION:
        msg = f"stream state version {data.get('v')!r} is not supported"
        raise ValueError(msg)
    hints = PolicyHints.model_validate(data["hints"])
    return StreamState(
        stream_id=data["stream_id"],
        policy=EnginePolicy.from_hints(hints, base),
        index=None,
        canaries=tuple(data["canaries"]),
        destination=data["destination"],
        redaction=RedactionMode(data["redaction"]),
        hints=hints,
        prompt_digest=data["prompt_digest"],
        next_seq=data["next_seq"],
        released=data["released"],
        context=data["context"],
        held=data["held"],
        pending={seq: (text, final) for seq, text, final in data["pending"]},
        numbering=Numbering(counts=data["counts"], assigned=data["assigned"]),
        findings=[Finding.model_validate(f) for f in data["findings"]],
        redacted=data["redacted"],
        stopped=data["stopped"],
        closed=data["closed"],
    )


class KvStreamStore:
    """Shared windows in a NATS KV bucket, encrypted, with compare-and-set writes."""

    def __init__(
        self,
        connection: Callable[[], Client],
        *,
        bucket: str,
        ttl_s: float,
        keystore: KeyStore,
        indexes: IndexCache,
        base: EnginePolicy,
    ) -> None:
        self._connection = connection
        self._bucket = bucket
        self._ttl_s = ttl_s
        self._keystore = keystore
        self._indexes = indexes
        self._base = base
        self._kv: KeyValue | None = None
        self._prompts_saved: dict[str, float] = {}

    async def ensure_bucket(self) -> KeyValue:
        """Create the bucket (memory storage: windows are short-lived) or bind to it."""
        if self._kv is None:
            config = KeyValueConfig(
                bucket=self._bucket,
                ttl=self._ttl_s,
                history=1,
                storage=StorageType.MEMORY,
                description="Output-checker stream windows (encrypted).",
            )
            self._kv = await open_bucket(self._connection().jetstream(), config)
        return self._kv

    @staticmethod
    def _key(tenant_id: str, stream_id: str) -> str:
        return "s." + sha256_hex(f"{tenant_id}\x00{stream_id}".encode())

    async def load(self, tenant_id: str, stream_id: str) -> tuple[StreamState | None, int]:
        """Decrypt and decode the window; restore its prompt index from the prompt entry."""
        kv = await self.ensure_bucket()
        try:
            entry = await kv.get(self._key(tenant_id, stream_id))
        except (KeyNotFoundError, KeyDeletedError):
            return None, 0
        if entry.value is None or entry.revision is None:
            return None, 0
        state = load_state(self._keystore.decrypt(entry.value.decode("ascii")), self._base)
        if state.prompt_digest is not None:
            state.index = self._indexes.lookup(state.prompt_digest)
            if state.index is None:
                prompt = await kv.get("p." + state.prompt_digest)
                if prompt.value is not None:
                    text = self._keystore.decrypt(prompt.value.decode("ascii")).decode()
                    state.index = self._indexes.get(text)
        return state, entry.revision

    async def save(self, tenant_id: str, stream_id: str, state: StreamState, revision: int) -> bool:
        """Write the window back unless another replica advanced it since `load`."""
        kv = await self.ensure_bucket()
        value = self._keystore.encrypt(dump_state(state)).encode("ascii")
        key = self._key(tenant_id, stream_id)
        try:
            if revision == 0:
                await kv.create(key, value)
            else:
                await kv.update(key, value, last=revision)
        except KeyWrongLastSequenceError:
            return False
        return True

    async def remember_prompt(self, prompt: str) -> str:
        """Store a system prompt per digest (encrypted), refreshed well within the TTL."""
        digest = IndexCache.digest(prompt)
        now = time.monotonic()
        if now - self._prompts_saved.get(digest, -self._ttl_s) >= self._ttl_s / 2:
            kv = await self.ensure_bucket()
            await kv.put("p." + digest, self._keystore.encrypt(prompt.encode()).encode("ascii"))
            self._prompts_saved[digest] = now
            if len(self._prompts_saved) > 4096:
                self._prompts_saved.clear()
        return digest
