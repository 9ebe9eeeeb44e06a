"""Reading the audit log back: every record, filtered by time, tenant, user, category, decision."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agentguard.audit_sink.core import iso_utc
from agentguard.audit_sink.store import segment_paths
from agentguard.audit_sink.verify import resolve_active

__all__ = ["RecordFilter", "iter_records", "parse_time", "query_records"]

_RECORD_PREFIX = b'{"hash":"'


def parse_time(value: str) -> str:
    """An ISO 8601 time (naive means UTC) in the log's fixed-width form, for comparisons."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return iso_utc(moment)


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """Conditions a record must all meet; None means any. Times bound `occurred_at`."""

    since: str | None = None
    until: str | None = None
    tenant_id: str | None = None
    user_id: str | None = None
    category: str | None = None
    decision: str | None = None
    kind: str | None = None

    def matches(self, record: dict[str, Any]) -> bool:
        """Whether the record meets every condition (since inclusive, until exclusive)."""
        occurred = str(record.get("occurred_at", ""))
        return (
            (self.since is None or occurred >= self.since)
            and (self.until is None or occurred < self.until)
            and (self.tenant_id is None or record.get("tenant_id") == self.tenant_id)
            and (self.user_id is None or record.get("user_id") == self.user_id)
            and (self.decision is None or record.get("decision") == self.decision)
            and (self.kind is None or record.get("kind") == self.kind)
            and (self.category is None or self.category in record.get("categories", ()))
        )


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every record of the log at path (directory or active segment), oldest first."""
    for segment in segment_paths(resolve_active(path)):
        with segment.open("rb") as fh:
            for line in fh:
                if line.startswith(_RECORD_PREFIX) and line.endswith(b"\n"):
                    record: dict[str, Any] = json.loads(line)["record"]
                    yield record


def query_records(
    path: Path, where: RecordFilter, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """The records that match, oldest first, at most limit of them."""
    found = 0
    for record in iter_records(path):
        if limit is not None and found >= limit:
            return
        if where.matches(record):
            found += 1
            yield record
