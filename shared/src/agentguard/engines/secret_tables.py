"""Markdown tables with a password column: the cells under a "Password" or "Senha" header.

A wiki page or a chat answer lists accounts as a table (`| System | User | Password |`),
and the value sits in a cell with nothing next to it that names it: only the column's
header does. Reads each line once, so the work is linear in the text.
"""

from collections.abc import Iterator
from itertools import pairwise

import re2

__all__ = ["password_cells"]

# a header cell that names the column's values as passwords, in the languages our users
# write (the cell's whole text, lower-cased, without markup)
_HEADERS = frozenset(
    (
        "password",
        "passwords",
        "passwort",
        "kennwort",
        "senha",
        "contraseña",
        "contrasena",
        "mot de passe",
        "wachtwoord",
        "hasło",
        "passwd",
        "pwd",
        "pw",
        "pass",
        "secret",
        "api key",
        "token",
    )
)
_SEPARATOR = re2.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
_MAX_COLUMNS = 32


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each cell's stripped text, in text offsets; a leading and a
    trailing pipe do not open empty cells."""
    bounds = [i for i, c in enumerate(line) if c == "|"]
    if not bounds:
        return []
    edges = [-1, *bounds, len(line)]
    out: list[tuple[int, int]] = []
    for left, right in pairwise(edges):
        start, end = left + 1, right
        while start < end and line[start] in " \t`*":
            start += 1
        while end > start and line[end - 1] in " \t`*":
            end -= 1
        out.append((offset + start, offset + end))
    if line[: bounds[0]].strip() == "":
        out = out[1:]
    if line[bounds[-1] + 1 :].strip() == "" and out:
        out = out[:-1]
    return out[:_MAX_COLUMNS]


def password_cells(text: str) -> Iterator[tuple[str, int, int]]:
    """(header, start, end) of each non-empty cell in a password column of a table."""
    if "|" not in text or "---" not in text:
        return
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    row = 0
    while row + 1 < len(lines):
        header, separator = lines[row], lines[row + 1]
        if "|" not in header or not _SEPARATOR.search(separator):
            row += 1
            continue
        titles = [text[a:b].lower() for a, b in _cells(header, offsets[row])]
        columns = [i for i, title in enumerate(titles) if title in _HEADERS]
        row += 2
        while row < len(lines) and "|" in lines[row]:
            cells = _cells(lines[row], offsets[row])
            for column in columns:
                if column < len(cells) and cells[column][0] < cells[column][1]:
                    yield titles[column], cells[column][0], cells[column][1]
            row += 1
