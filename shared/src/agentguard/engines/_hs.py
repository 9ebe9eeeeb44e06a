"""A Hyperscan database as a prefilter: which of many patterns may match, in one scan.

RE2 builds its DFA while it reads, so text it has not seen costs it new states at nearly
every byte; Hyperscan compiles its automata ahead of time, so a new text costs what an old
one does. Compiling is the price (seconds for the engines' patterns), so a database is
written to a cache directory once and loaded from there (milliseconds) by every later
process on the machine: `AGENTGUARD_CACHE_DIR`, else `$XDG_CACHE_HOME/agentguard`, else
`~/.cache/agentguard`; an empty `AGENTGUARD_CACHE_DIR` turns the cache off.

The database reports candidates only (it is compiled in prefilter mode, from patterns the
caller has widened); the caller confirms each with the exact pattern.
"""

import contextlib
import hashlib
import importlib.metadata
import os
import platform
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import hyperscan
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["CacheSettings", "HyperscanSet", "build_hyperscan", "cache_dir", "escaped"]

_SHARED_FLAGS = (
    hyperscan.HS_FLAG_SINGLEMATCH  # one report per pattern: only "which", never "where"
    | hyperscan.HS_FLAG_PREFILTER  # may over-approximate what it cannot compile exactly
    | hyperscan.HS_FLAG_ALLOWEMPTY
)
_UTF8 = _SHARED_FLAGS | hyperscan.HS_FLAG_UTF8  # ASCII \w, \b and \s, as RE2 reads them
# On ASCII text a pattern matches the same in byte mode as in UTF-8 mode (a multi-byte
# character, a caseless K sign, can only match non-ASCII text), and byte-mode automata
# run about a third faster; most normalized texts are ASCII.
_BYTES = _SHARED_FLAGS
_STALE_SECONDS = 30 * 24 * 3600  # a cached database no process loaded for this long goes
# the package, the machine, and how patterns are written for it (`escaped`): a cached
# database compiled under another of these is compiled again
_VERSION = f"hyperscan-{importlib.metadata.version('hyperscan')}-{platform.machine()}-escapes-2"


class CacheSettings(BaseSettings):
    """Where compiled databases are kept (read when a database is built)."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    agentguard_cache_dir: str | None = Field(
        default=None,
        validation_alias="AGENTGUARD_CACHE_DIR",
        description="The cache directory; empty turns the cache off.",
    )
    xdg_cache_home: str | None = Field(
        default=None,
        validation_alias="XDG_CACHE_HOME",
        description="The user's cache base (XDG); default ~/.cache.",
    )

    def directory(self) -> Path | None:
        """The cache directory, or None when the cache is turned off."""
        if self.agentguard_cache_dir is not None:
            return Path(self.agentguard_cache_dir) if self.agentguard_cache_dir else None
        base = self.xdg_cache_home or str(Path.home() / ".cache")
        return Path(base) / "agentguard"


def cache_dir() -> Path | None:
    """Where compiled databases are kept now, or None when the cache is turned off."""
    return CacheSettings().directory()


def _report(index: int, _start: int, _end: int, _flags: int, found: object) -> None:
    cast(list[int], found).append(index)


class _Database:
    """A compiled database and a scratch space per thread (one scan at a time each)."""

    __slots__ = ("_database", "_scratch")

    def __init__(self, database: hyperscan.Database) -> None:
        self._database = database
        self._scratch = threading.local()

    def scan(self, data: bytes, found: list[int]) -> None:
        scratch = getattr(self._scratch, "space", None)
        if scratch is None:
            scratch = self._scratch.space = hyperscan.Scratch(self._database)
        self._database.scan(data, match_event_handler=_report, context=found, scratch=scratch)


class HyperscanSet:
    """Candidates among the patterns the databases were compiled from (by their index):
    one UTF-8 database for any text, and for ASCII text a byte-mode one (with a UTF-8 one
    for the few patterns byte mode refuses, such as `\\x{200b}`)."""

    __slots__ = ("_ascii", "_ascii_rest", "_utf8")

    def __init__(
        self, utf8: _Database, ascii_only: _Database | None, ascii_rest: _Database | None
    ) -> None:
        self._utf8 = utf8
        self._ascii = ascii_only
        self._ascii_rest = ascii_rest

    def candidates(self, data: bytes, ascii: bool = False) -> list[int]:
        """Indices of the patterns that may match in UTF-8 `data` (no order promised);
        `ascii` says that `data` is ASCII."""
        found: list[int] = []
        if not ascii or self._ascii is None:
            self._utf8.scan(data, found)
            return found
        self._ascii.scan(data, found)
        if self._ascii_rest is not None:
            self._ascii_rest.scan(data, found)
        return found


# characters whose case-insensitive match takes an ASCII letter (`(?i)\x{212a}` matches k)
_FOLDS_TO_ASCII = frozenset("\u212a\u017f\u0130\u0131\u212b")


def escaped(pattern: str, utf8: bool) -> bytes:
    """`pattern` in ASCII, each non-ASCII character written as an escape: `\\x{f1}` for
    UTF-8 mode, its UTF-8 bytes for byte mode (`(?:\\xc3\\xb1)` as an atom outside a
    class, so a quantifier after it still takes the whole character; the bare bytes in a
    class, which matches the same on ASCII text, the only text byte mode reads).

    The pinned Hyperscan (see pyproject) refuses any expression with a non-ASCII byte in
    it ("Expression is not valid UTF-8"), and a refused pattern falls back to RE2; escaped,
    it means the same. A pattern with `\\Q…\\E` (where an escape is literal text) is left
    as it is."""
    if pattern.isascii() or "\\Q" in pattern:
        return pattern.encode("utf-8")
    out: list[str] = []
    at, size = 0, len(pattern)
    opened = -1  # where the class being read opened, or -1 outside one
    while at < size:
        char = pattern[at]
        if char == "\\" and at + 1 < size:
            after = pattern[at + 1]
            at += 2
            if after.isascii():
                out.append(char + after)
                continue
            char = after  # `\\é` is `é`: the escape below stands for it
        else:
            at += 1
            if char == "[" and opened >= 0 and pattern.startswith(":", at):
                close = pattern.find(":]", at)  # a POSIX class inside a class: `[:alpha:]`
                if close >= 0:
                    out.append(pattern[at - 1 : close + 2])
                    at = close + 2
                    continue
            if char == "[" and opened < 0:
                opened = at  # a `^` and a `]` right after it are members
            elif char == "]" and opened >= 0 and at - 1 > opened + (pattern[opened] == "^"):
                opened = -1
        if char.isascii():
            out.append(char)
        elif utf8 or char in _FOLDS_TO_ASCII:
            # byte mode refuses a code point over \xff: a character whose case folds to an
            # ASCII letter (the Kelvin sign) then takes the UTF-8 database, where it folds
            out.append(f"\\x{{{ord(char):x}}}")
        else:
            raw = "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))
            out.append(raw if opened >= 0 else f"(?:{raw})")
    return "".join(out).encode("ascii")


def _compile(patterns: Sequence[str], indices: Sequence[int], flags: int) -> hyperscan.Database:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    utf8 = bool(flags & hyperscan.HS_FLAG_UTF8)
    database.compile(
        expressions=[escaped(patterns[i], utf8) for i in indices],
        ids=list(indices),
        elements=len(indices),
        flags=flags,
    )
    return database


def _compilable(patterns: Sequence[str], indices: list[int], flags: int) -> list[int]:
    """The indices whose patterns Hyperscan accepts, found by halving on a compile error
    (the error does not say which pattern it was)."""
    try:
        _compile(patterns, indices, flags)
    except hyperscan.error:
        if len(indices) == 1:
            return []
        half = len(indices) // 2
        return _compilable(patterns, indices[:half], flags) + _compilable(
            patterns, indices[half:], flags
        )
    return indices


def _digest(patterns: Sequence[str], indices: Sequence[int], flags: int) -> str:
    hashed = hashlib.sha256(f"{_VERSION}-{flags}".encode())
    for index in indices:
        hashed.update(f"\0{index}\0".encode() + patterns[index].encode("utf-8"))
    return hashed.hexdigest()[:32]


def _load(path: Path) -> tuple[hyperscan.Database, list[int]] | None:
    """A cached database and the indices it holds, or None (absent, unsafe or stale)."""
    try:
        info = path.stat()
        # a database is code for the scanner: only one this user wrote and no one else can
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return None
        blob = path.read_bytes()
        header, _, serialized = blob.partition(b"\n")
        indices = [int(i) for i in header.split(b",") if i]
        database = hyperscan.loadb(serialized, hyperscan.HS_MODE_BLOCK)
    except (OSError, ValueError, hyperscan.error):
        return None
    with contextlib.suppress(OSError):  # a read-only place (a baked image) is never pruned
        os.utime(path)  # in use: not stale (see _prune)
    return database, indices


def _prune(where: Path) -> None:
    """Remove databases no process has loaded for a month (their patterns changed)."""
    cutoff = time.time() - _STALE_SECONDS
    for old in where.glob("prefilter-*.hsdb"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            continue


def _store(path: Path, database: hyperscan.Database, indices: list[int]) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
        header = ",".join(str(i) for i in indices).encode()
        temporary.write_bytes(header + b"\n" + hyperscan.dumpb(database))
        temporary.chmod(0o600)
        temporary.replace(path)  # atomic: a concurrent reader sees the old file or this one
        _prune(path.parent)
    except OSError:
        pass  # a read-only cache place: every process compiles for itself


def _database(
    patterns: Sequence[str], indices: list[int], flags: int
) -> tuple[_Database, list[int]] | None:
    """A database over the `indices` of `patterns` it accepts, and those indices (None
    when it accepts none); loaded from the cache directory when a process compiled the
    same patterns before."""
    where = cache_dir()
    name = f"prefilter-{_digest(patterns, indices, flags)}.hsdb"
    path = None if where is None else where / name
    cached = None if path is None else _load(path)
    if cached is not None:
        return _Database(cached[0]), cached[1]
    try:
        database = _compile(patterns, indices, flags)
    except hyperscan.error:
        indices = _compilable(patterns, indices, flags)
        if not indices:
            return None
        database = _compile(patterns, indices, flags)
    if path is not None:
        _store(path, database, indices)
    return _Database(database), indices


def build_hyperscan(
    patterns: Sequence[str], ascii_patterns: Sequence[str] | None = None
) -> tuple[HyperscanSet, tuple[int, ...]]:
    """Databases over `patterns` and the indices Hyperscan could not take (for another
    engine). `ascii_patterns`, when given, are the same patterns as they read ASCII text
    (one for one, matching exactly where `patterns` do on ASCII text): the byte-mode
    database is compiled from them."""
    if not patterns:
        raise ValueError("a Hyperscan database needs at least one pattern")
    if ascii_patterns is not None and len(ascii_patterns) != len(patterns):
        raise ValueError("one ASCII form per pattern")
    built = _database(patterns, list(range(len(patterns))), _UTF8)
    if built is None:
        raise ValueError("Hyperscan accepted none of the patterns")
    utf8, taken = built
    in_ascii = patterns if ascii_patterns is None else ascii_patterns
    ascii_only, in_bytes = _database(in_ascii, taken, _BYTES) or (None, [])
    ascii_rest = None
    rest = sorted(set(taken) - set(in_bytes))
    if ascii_only is not None and rest:
        built = _database(patterns, rest, _UTF8)
        if built is None or len(built[1]) != len(rest):  # cannot happen: UTF-8 took them
            ascii_only = None
        else:
            ascii_rest = built[0]
    held = set(taken)
    rejected = tuple(i for i in range(len(patterns)) if i not in held)
    return HyperscanSet(utf8, ascii_only, ascii_rest), rejected
