"""Audit-sink benchmarks: fsync'd write rate, end-to-end rate through NATS, verify speed.

`python -m agentguard.audit_sink.bench` prints one JSON object:
- store: records/s into SegmentedAuditLog, one fsync per batch, a checkpoint per 4096;
- e2e: events/s the real worker drains from a JetStream backlog (nats-server with
  sync_interval always), every event fsync'd, signed and acked;
- verify: seconds for `verify_log` over a log of --verify records.
"""

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nats
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nats.errors import Error as NatsError
from nats.js.errors import Error as JsError

from agentguard.audit_sink.core import audit_fields
from agentguard.audit_sink.query import iter_records
from agentguard.audit_sink.signing import CheckpointSigner, CheckpointVerifier
from agentguard.audit_sink.soak import SinkProcess, make_event, start_nats
from agentguard.audit_sink.store import SegmentedAuditLog
from agentguard.audit_sink.verify import verify_log
from agentguard.contracts.subjects import DURABLE_AUDIT, STREAM_EVENTS
from agentguard.shared.broker import ensure_streams
from agentguard.shared.codec import encode

__all__ = ["bench_e2e", "bench_store", "bench_verify", "main"]


def _items(start: int, stop: int) -> list[tuple[str, dict[str, Any]]]:
    now = datetime.now(UTC)
    items = []
    for i in range(start, stop):
        event = make_event("bench", i)[1]
        items.append((event.message_id, audit_fields(event, recorded_at=now, digest_key=b"k")))
    return items


def _write_log(root: Path, records: int, key: Ed25519PrivateKey) -> None:
    log = SegmentedAuditLog(root / "audit.jsonl", CheckpointSigner(key))
    for start in range(0, records, 4096):
        log.append(_items(start, min(start + 4096, records)))
        log.checkpoint()
    log.close()


def bench_store(root: Path, records: int, batch: int) -> dict[str, Any]:
    """Sustained records/s into the log: encode, chain, write, one fsync per batch."""
    batches = [_items(s, min(s + batch, records)) for s in range(0, records, batch)]
    log = SegmentedAuditLog(root / "audit.jsonl", CheckpointSigner(Ed25519PrivateKey.generate()))
    started = time.perf_counter()
    for items in batches:
        log.append(items)
        if log.unsigned >= 4096:
            log.checkpoint()
    log.close()
    seconds = time.perf_counter() - started
    return {
        "records": records,
        "batch": batch,
        "fsyncs": len(batches),
        "seconds": round(seconds, 2),
        "records_per_s": round(records / seconds),
    }


def bench_verify(root: Path, records: int) -> dict[str, Any]:
    """Build a log of `records` and time a full verification."""
    key = Ed25519PrivateKey.generate()
    started = time.perf_counter()
    _write_log(root, records, key)
    built = time.perf_counter() - started
    size = sum(p.stat().st_size for p in root.glob("*.jsonl"))
    report = verify_log(root, CheckpointVerifier(key.public_key()))
    return {
        "records": records,
        "ok": report.ok,
        "log_mb": round(size / 1e6, 1),
        "segments": report.segments,
        "checkpoints": report.checkpoints,
        "build_seconds": round(built, 1),
        "verify_seconds": report.seconds,
        "verified_per_s": round(records / max(report.seconds, 1e-9)),
    }


async def _backlog(url: str, events: int) -> None:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await ensure_streams(js)
        for start in range(0, events, 500):
            batch = [make_event("e2e", i) for i in range(start, min(start + 500, events))]
            await asyncio.gather(
                *(js.publish(s, encode(e), headers={"Nats-Msg-Id": e.message_id}) for s, e in batch)
            )
    finally:
        await nc.close()


async def _drained(url: str, timeout_s: float) -> None:
    nc = await nats.connect(url)
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                info = await nc.jetstream().consumer_info(STREAM_EVENTS, DURABLE_AUDIT)
                if info.num_pending == 0 and info.num_ack_pending == 0:
                    return
            except (NatsError, JsError):
                pass
            await asyncio.sleep(0.05)
        msg = "the audit-sink did not drain the backlog in time"
        raise TimeoutError(msg)
    finally:
        await nc.close()


def bench_e2e(root: Path, events: int, batch: int) -> dict[str, Any]:
    """Events/s the real worker drains from a JetStream backlog, fsync'd, signed and acked."""
    server = start_nats(root / "nats")
    sink = SinkProcess(
        root / "sink", server.url, env={"AGENTGUARD_AUDIT_SINK_BATCH_SIZE": str(batch)}
    )
    try:
        asyncio.run(_backlog(server.url, events))
        started = time.perf_counter()
        sink.start()
        asyncio.run(_drained(server.url, timeout_s=120 + events / 100))
        wall = time.perf_counter() - started
    finally:
        sink.stop()
        server.stop()
    stamps = [r["recorded_at"] for r in iter_records(sink.log_path)]
    first = datetime.fromisoformat(stamps[0].replace("Z", "+00:00"))
    last = datetime.fromisoformat(stamps[-1].replace("Z", "+00:00"))
    span = max((last - first).total_seconds(), 1e-6)
    return {
        "events": events,
        "batch": batch,
        "recorded": len(stamps),
        "wall_seconds_incl_start": round(wall, 2),
        "events_per_s": round(len(stamps) / span),
    }


def main() -> None:
    """CLI: run the selected benchmarks and print their results as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=int, default=50_000, help="records (0 skips)")
    parser.add_argument("--e2e", type=int, default=20_000, help="events (0 skips)")
    parser.add_argument("--verify", type=int, default=1_000_000, help="records (0 skips)")
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    out: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        if args.store:
            out["store"] = bench_store(work / "store", args.store, args.batch)
        if args.e2e:
            out["e2e"] = bench_e2e(work / "e2e", args.e2e, args.batch)
        if args.verify:
            out["verify"] = bench_verify(work / "verify", args.verify)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
