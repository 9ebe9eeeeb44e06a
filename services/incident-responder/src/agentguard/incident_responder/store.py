"""The responder's state in INCIDENT_STATE_BUCKET: per-actor records, compare-and-set."""

from collections.abc import Callable

import nats.js.errors
from nats.aio.client import Client
from nats.js.kv import KeyValue

from agentguard.contracts.enforcement import INCIDENT_STATE_BUCKET
from agentguard.incident_responder.core import ActorState
from agentguard.incident_responder.errors import StateConflictError
from agentguard.shared.kv import kv_put

__all__ = ["KvStateStore"]


class KvStateStore:
    """Actor states and the incident-id index, in a NATS KV bucket."""

    def __init__(self, connection: Callable[[], Client], ttl_s: float) -> None:
        self._connection = connection
        self._ttl_s = ttl_s

    async def _kv(self) -> KeyValue:
        return await self._connection().jetstream().key_value(INCIDENT_STATE_BUCKET)

    async def load(self, key: str) -> tuple[ActorState, int]:
        """The actor's state and its revision (0 when none, for create-only writes)."""
        kv = await self._kv()
        try:
            entry = await kv.get(key)
        except nats.js.errors.KeyNotFoundError:
            return ActorState(), 0
        except nats.js.errors.KeyDeletedError as err:
            # Expired or deleted: the marker's revision is what the next write must follow.
            return ActorState(), int(err.entry.revision or 0) if err.entry else 0
        if not entry.value:
            return ActorState(), int(entry.revision or 0)
        return ActorState.model_validate_json(entry.value), int(entry.revision or 0)

    async def save(self, key: str, state: ActorState, revision: int) -> int:
        """Write state if the key is still at revision and return the new revision.

        Raises StateConflictError if another writer got there first.
        """
        js = self._connection().jetstream()
        payload = state.model_dump_json().encode()
        try:
            return await kv_put(
                js, INCIDENT_STATE_BUCKET, key, payload, ttl_s=self._ttl_s, last_revision=revision
            )
        except nats.js.errors.KeyWrongLastSequenceError:
            raise StateConflictError(key) from None

    async def put_index(self, index_key: str, actor_key: str) -> None:
        """Remember which actor an incident belongs to (for acknowledge and resolve)."""
        js = self._connection().jetstream()
        await kv_put(js, INCIDENT_STATE_BUCKET, index_key, actor_key.encode(), ttl_s=self._ttl_s)

    async def actor_for(self, index_key: str) -> str | None:
        """The actor key of an incident, if known."""
        kv = await self._kv()
        try:
            entry = await kv.get(index_key)
        except (nats.js.errors.KeyNotFoundError, nats.js.errors.KeyDeletedError):
            return None
        return entry.value.decode() if entry.value else None
