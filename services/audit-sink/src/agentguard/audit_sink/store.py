"""Append-only JSONL audit store with fsync and event-id idempotence."""

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["JsonlAuditStore"]


class JsonlAuditStore:
    """One JSON line per event id; a redelivered event is recognised and not written twice."""

    def __init__(self, path: Path) -> None:
        self._path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._seen: set[str] = set()
        if path.exists():
            with path.open("rb") as fh:
                for line in fh:
                    try:
                        self._seen.add(str(json.loads(line)["event_id"]))
                    except (ValueError, KeyError):
                        continue  # a torn last line from a crash; the event will be redelivered
        self._fh = path.open("ab")

    def contains(self, event_id: str) -> bool:
        """Whether the event is already recorded."""
        return event_id in self._seen

    def append(self, event_id: str, body: dict[str, Any]) -> bool:
        """Write and fsync; returns False when the event was already there."""
        if event_id in self._seen:
            return False
        line = json.dumps({"event_id": event_id, "body": body}, separators=(",", ":"))
        self._fh.write(line.encode() + b"\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._seen.add(event_id)
        return True

    def close(self) -> None:
        """Close the file."""
        self._fh.close()

    @property
    def count(self) -> int:
        """Number of distinct events recorded."""
        return len(self._seen)
