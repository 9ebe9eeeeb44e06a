"""`agentguard scan`: the engines offline, one JSON verdict per JSONL line."""

import json
import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from agentguard.contracts import Decision, Provenance
from agentguard.engines import EnginePolicy, ScanResult, scan_input

__all__ = ["scan", "scan_stream", "verdict_line"]


def verdict_line(result: ScanResult) -> dict[str, Any]:
    """The documented per-line output."""
    return {
        "allowed": result.decision is not Decision.BLOCK,
        "decision": result.decision.value,
        "risk": round(result.risk, 4),
        "findings": [
            {
                "category": f.category.value,
                "type": f.type,
                "start": f.start,
                "end": f.end,
                "score": round(f.score, 4),
                "detector": f.detector,
            }
            for f in result.findings
        ],
    }


def _error_line(reason: str) -> dict[str, Any]:
    # A bad line still gets exactly one output line, so outputs stay aligned with inputs.
    return {"allowed": False, "decision": "error", "risk": 1.0, "findings": [], "error": reason}


def scan_stream(source: TextIO, sink: TextIO, policy: EnginePolicy) -> int:
    """Scan every line of source; returns the number of lines that were not valid input."""
    errors = 0
    for line in source:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError("text must be a string")
            provenance = Provenance(record.get("provenance", Provenance.USER.value))
        except (ValueError, KeyError, TypeError) as exc:
            errors += 1
            out = _error_line(f"{type(exc).__name__}: line is not {{'text': str}}")
        else:
            out = verdict_line(scan_input(text, provenance, policy))
        sink.write(json.dumps(out, separators=(",", ":")) + "\n")
    return errors


def scan(
    input_file: Annotated[
        Path | None, typer.Option("--input", help="JSONL file (default: stdin).")
    ] = None,
    threshold: Annotated[float, typer.Option(help="Block threshold.")] = 0.5,
) -> None:
    """Read JSONL ({"text": ...}) and write one JSON verdict per line, in order."""
    policy = EnginePolicy(block_threshold=threshold)
    if input_file is None:
        errors = scan_stream(sys.stdin, sys.stdout, policy)
    else:
        with input_file.open(encoding="utf-8") as fh:
            errors = scan_stream(fh, sys.stdout, policy)
    sys.stdout.flush()
    raise typer.Exit(1 if errors else 0)
