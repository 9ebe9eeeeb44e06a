"""The audit log's on-disk format: segment headers, hash-chained records, signed checkpoints.

Every line is one JSON object written with a fixed key order, so the verifier slices the
hashed and signed bytes out of the line instead of re-serialising them; that is what lets a
million records verify in seconds. The three kinds of line:

    {"segment":{"first_seq":0,"prev":"000…0","created_at":"…"}}            opens a segment
    {"hash":"<64 hex>","record":{"seq":0,"event_id":"…",…}}                one event
    {"checkpoint":{"index":0,"seq":41,"head":"<64 hex>",…},"sig":"<b64>"}   signed chain head

A record's hash is SHA-256 over the previous record's hash and the record's exact bytes,
so changing, dropping, reordering or inserting any record breaks every later link; a
checkpoint is an Ed25519 signature over the chain head, so rewriting the chain from the
tampered record onwards still fails at the next checkpoint.
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from agentguard.audit_sink.errors import FormatError

__all__ = [
    "CHECKPOINT_DOMAIN",
    "GENESIS",
    "Checkpoint",
    "Header",
    "Line",
    "Record",
    "chain_hash",
    "checkpoint_body",
    "checkpoint_message",
    "encode_checkpoint",
    "encode_header",
    "encode_record",
    "parse_line",
    "record_event_id",
]

GENESIS = "0" * 64
# Domain separation: a checkpoint signature can never be replayed as some other signature.
CHECKPOINT_DOMAIN = b"agentguard-audit-checkpoint/v1\n"

_RECORD_PREFIX = b'{"hash":"'
_RECORD_MIDDLE = b'","record":'
_RECORD_BODY_AT = len(_RECORD_PREFIX) + 64 + len(_RECORD_MIDDLE)
_SEQ_PREFIX = b'{"seq":'
_EVENT_ID_KEY = b'"event_id":"'
_CHECKPOINT_PREFIX = b'{"checkpoint":'
_SIG_KEY = b',"sig":"'
_HEADER_PREFIX = b'{"segment":'
_HEX = b"0123456789abcdef"


def _dumps(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def chain_hash(prev: str, record: bytes) -> str:
    """The hash of a record: SHA-256 (hex) over the previous hash, a newline and the record."""
    return hashlib.sha256(prev.encode("ascii") + b"\n" + record).hexdigest()


def encode_record(prev: str, record: dict[str, Any]) -> tuple[bytes, str]:
    """One record line (with its newline) chained to prev, and the record's hash.

    The record dict must start with "seq" then "event_id": the verifier and the sink's
    recovery read both without parsing the JSON.
    """
    body = _dumps(record)
    digest = chain_hash(prev, body)
    return _RECORD_PREFIX + digest.encode("ascii") + _RECORD_MIDDLE + body + b"}\n", digest


def encode_header(first_seq: int, prev: str, created_at: str) -> bytes:
    """The first line of a segment: where it starts in the chain."""
    header = {"first_seq": first_seq, "prev": prev, "created_at": created_at}
    return _HEADER_PREFIX + _dumps(header) + b"}\n"


def checkpoint_body(*, index: int, seq: int, head: str, at: str, key_id: str) -> bytes:
    """The signed part of a checkpoint: the chain head after record seq."""
    return _dumps({"index": index, "seq": seq, "head": head, "at": at, "key_id": key_id})


def checkpoint_message(body: bytes) -> bytes:
    """What the Ed25519 key signs for a checkpoint body."""
    return CHECKPOINT_DOMAIN + body


def encode_checkpoint(body: bytes, signature: bytes) -> bytes:
    """A checkpoint line (with its newline)."""
    sig = base64.b64encode(signature)
    return _CHECKPOINT_PREFIX + body + _SIG_KEY + sig + b'"}\n'


@dataclass(frozen=True, slots=True)
class Header:
    """A segment header line."""

    first_seq: int
    prev: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Record:
    """A record line, sliced: its stored hash, its seq and the exact hashed bytes."""

    hash: str
    seq: int
    body: bytes


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A checkpoint line: the signed body bytes, their fields and the signature."""

    index: int
    seq: int
    head: str
    at: str
    key_id: str
    body: bytes
    signature: bytes


Line = Header | Record | Checkpoint


def _is_hex64(value: bytes | str) -> bool:
    raw = value.encode("ascii", "replace") if isinstance(value, str) else value
    # translate() deletes the hex digits in C: anything left over is not lowercase hex.
    return len(raw) == 64 and not raw.translate(None, _HEX)


def _parse_record(line: bytes) -> Record:
    if line[73:_RECORD_BODY_AT] != _RECORD_MIDDLE or not line.endswith(b"}"):
        raise FormatError("malformed record line")
    digest = line[9:73]
    body = line[_RECORD_BODY_AT:-1]
    if not _is_hex64(digest) or not body.startswith(_SEQ_PREFIX):
        raise FormatError("malformed record line")
    end = body.find(b",", len(_SEQ_PREFIX))
    seq_text = body[len(_SEQ_PREFIX) : end]
    if end < 0 or not seq_text.isdigit():
        raise FormatError("record without a seq")
    return Record(hash=digest.decode("ascii"), seq=int(seq_text), body=body)


def _parse_checkpoint(line: bytes) -> Checkpoint:
    cut = line.rfind(_SIG_KEY)
    if cut < 0 or not line.endswith(b'"}'):
        raise FormatError("malformed checkpoint line")
    body = line[len(_CHECKPOINT_PREFIX) : cut]
    try:
        fields = json.loads(body)
        signature = base64.b64decode(line[cut + len(_SIG_KEY) : -2], validate=True)
        checkpoint = Checkpoint(
            index=int(fields["index"]),
            seq=int(fields["seq"]),
            head=str(fields["head"]),
            at=str(fields["at"]),
            key_id=str(fields["key_id"]),
            body=body,
            signature=signature,
        )
    except (ValueError, KeyError, TypeError):
        raise FormatError("malformed checkpoint line") from None
    if not _is_hex64(checkpoint.head):
        raise FormatError("malformed checkpoint line")
    return checkpoint


def _parse_header(line: bytes) -> Header:
    try:
        fields = json.loads(line)["segment"]
        header = Header(int(fields["first_seq"]), str(fields["prev"]), str(fields["created_at"]))
    except (ValueError, KeyError, TypeError):
        raise FormatError("malformed segment header") from None
    if not _is_hex64(header.prev):
        raise FormatError("malformed segment header")
    return header


def parse_line(line: bytes) -> Line:
    """Slice one line (without its newline); raises FormatError when it is not well formed."""
    if line.startswith(_RECORD_PREFIX):
        return _parse_record(line)
    if line.startswith(_CHECKPOINT_PREFIX):
        return _parse_checkpoint(line)
    if line.startswith(_HEADER_PREFIX):
        return _parse_header(line)
    raise FormatError("not an audit log line")


def record_event_id(body: bytes) -> str:
    """The event_id of a record body, read without parsing the JSON (ids never hold quotes)."""
    start = body.find(_EVENT_ID_KEY)
    if start < 0:
        raise FormatError("record without an event_id")
    start += len(_EVENT_ID_KEY)
    end = body.find(b'"', start)
    if end < 0:
        raise FormatError("record without an event_id")
    return body[start:end].decode("ascii", "replace")
