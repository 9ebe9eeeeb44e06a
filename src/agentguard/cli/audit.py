"""`agentguard audit`: verify the tamper-evident audit log offline, and query it."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from agentguard.audit_sink.errors import AuditError
from agentguard.audit_sink.query import RecordFilter, parse_time, query_records
from agentguard.audit_sink.signing import CheckpointVerifier, load_public_key
from agentguard.audit_sink.verify import verify_log
from agentguard.contracts import Category, Decision

__all__ = ["app", "query", "verify"]

app = typer.Typer(
    help="Verify and query the audit log the audit-sink writes.",
    no_args_is_help=True,
    add_completion=False,
)

_DEFAULT_LOG = Path("var/audit")
PathArg = Annotated[
    Path, typer.Argument(help="Log directory, or its active segment (audit.jsonl).")
]


@app.command("verify")
def verify(  # noqa: PLR0917 - typer maps each CLI option to one parameter
    public_key: Annotated[
        Path, typer.Option("--public-key", "-k", help="Ed25519 public key (PEM) of the sink.")
    ],
    path: PathArg = _DEFAULT_LOG,
    require_genesis: Annotated[
        bool, typer.Option(help="Fail unless the log starts at seq 0 (nothing pruned).")
    ] = False,
    allow_unsigned_tail: Annotated[
        bool, typer.Option(help="Accept records after the last checkpoint (a live copy).")
    ] = False,
    expect_seq: Annotated[
        int | None, typer.Option(help="Seq of an externally kept anchor that must be present.")
    ] = None,
    expect_hash: Annotated[
        str | None, typer.Option(help="Hash the record at --expect-seq must have.")
    ] = None,
    max_age: Annotated[
        float | None,
        typer.Option(help="Fail if the last checkpoint is older than this many seconds."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the whole log with the public key; report the first bad record. Exit 1 if bad."""
    if (expect_seq is None) != (expect_hash is None):
        raise typer.BadParameter("--expect-seq and --expect-hash go together")
    try:
        verifier = CheckpointVerifier(load_public_key(public_key))
        expect = None if expect_seq is None or expect_hash is None else (expect_seq, expect_hash)
        report = verify_log(
            path,
            verifier,
            require_genesis=require_genesis,
            allow_unsigned_tail=allow_unsigned_tail,
            expect=expect,
            max_age_s=max_age,
        )
    except (AuditError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    elif report.problem is None:
        print(
            f"OK: {report.records} records (seq {report.first_seq}..{report.last_seq}),"
            f" {report.checkpoints} checkpoints, {report.segments} segments,"
            f" verified in {report.seconds:.2f}s; head {report.head}"
        )
    else:
        p = report.problem
        print(f"TAMPERED: {p.kind} at {p.segment} line {p.line} (seq {p.seq}): {p.message}")
    if not report.ok:
        raise typer.Exit(1)


@app.command("query")
def query(  # noqa: PLR0917 - typer maps each CLI option to one parameter
    path: PathArg = _DEFAULT_LOG,
    since: Annotated[str | None, typer.Option(help="occurred_at >= this (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option(help="occurred_at < this (ISO 8601).")] = None,
    tenant: Annotated[str | None, typer.Option(help="Tenant id.")] = None,
    user: Annotated[str | None, typer.Option(help="User id.")] = None,
    category: Annotated[Category | None, typer.Option(help="Finding category.")] = None,
    decision: Annotated[Decision | None, typer.Option(help="Verdict decision.")] = None,
    kind: Annotated[str | None, typer.Option(help="verdict_issued or violation_detected.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many records.")] = None,
    array: Annotated[
        bool, typer.Option("--array", help="One JSON array instead of JSON Lines.")
    ] = False,
) -> None:
    """Print matching records as JSON (one per line, oldest first). Run `verify` first."""
    try:
        where = RecordFilter(
            since=None if since is None else parse_time(since),
            until=None if until is None else parse_time(until),
            tenant_id=tenant,
            user_id=user,
            category=None if category is None else category.value,
            decision=None if decision is None else decision.value,
            kind=kind,
        )
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO 8601 time: {exc}") from None
    try:
        records = query_records(path, where, limit)
        if array:
            print(json.dumps(list(records)))
        else:
            for record in records:
                sys.stdout.write(json.dumps(record, separators=(",", ":")) + "\n")
    except (AuditError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
