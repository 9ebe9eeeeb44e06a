"""Decode-and-rescan: find embedded encoded payloads and return their plain text.

Each payload becomes a `View`: decoded text plus the span of the original it came from, so
the injection rules and the classifier can judge hidden instructions and still point at
the right place. Work is bounded: at most `MAX_VIEWS` payloads, each at most
`MAX_PAYLOAD` characters, nesting depth 2.
"""

import base64
import binascii
import codecs
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import numpy as np
import re2

from agentguard.engines._rx import Rule, RuleSet, compile_rx, iter_spans
from agentguard.engines.confusables import LEET
from agentguard.engines.gibberish import ascii_words, vocabulary_bytes
from agentguard.engines.normalize import LEET_BYTES, Normalized

__all__ = [
    "GLUED_RUNS",
    "MAX_PAYLOAD",
    "MAX_VIEWS",
    "View",
    "camel_split",
    "decoded_views",
    "deglued_view",
    "despaced_view",
    "leet_view",
    "payloads",
    "rot13_view",
]

MAX_VIEWS = 12
MAX_PAYLOAD = 16_384

_PATTERNS = (
    ("base64", r"[A-Za-z0-9+/_-]{16,}={0,2}"),
    ("hex", r"(?:(?:\\x|0x)?[0-9A-Fa-f]{2}[ :,]?){8,}"),
    ("url", r"(?:%[0-9A-Fa-f]{2}[^%\s]{0,4}){4,}"),
    ("spacing", r"(?:\b[A-Za-z][ .\-_*/|]{1,3}){4,}[A-Za-z]\b"),
)
_B64, _HEX, _URL, _SPACED = (compile_rx(pattern) for _kind, pattern in _PATTERNS)
_SEPARATORS = str.maketrans("", "", " .-_*/|")
_HEX_NOISE = str.maketrans("", "", " :,")


@dataclass(frozen=True, slots=True)
class View:
    """Decoded text of one payload and the original span it came from."""

    kind: str
    text: str
    start: int
    end: int


def _printable(raw: bytes, *, prose: bool = True) -> str | None:
    """The bytes as text if they read as text: printable UTF-8 and, for `prose`, mostly
    letters with a space (a command or a script tag is neither, and still text)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text:
        return None
    good = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    if not prose:
        # all printable, and a space or some length: random bytes (hashes, ids) decode to
        # a short printable run now and then, never to a long one
        plausible = " " in text or len(text) >= 12
        return text if len(text) >= 4 and good == len(text) and plausible else None
    letters = sum(1 for c in text if c.isalpha())
    if good < 0.9 * len(text) or letters < 0.5 * len(text.replace(" ", "")) or " " not in text:
        return None
    return text


def _b64(token: str, *, prose: bool = True) -> str | None:
    token = token.rstrip("=")
    if len(token) > MAX_PAYLOAD or token.isalpha() or token.isdigit():
        return None
    padded = token + "=" * (-len(token) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None
    return _printable(raw, prose=prose)


def _hex(token: str, *, prose: bool = True) -> str | None:
    digits = token.replace("\\x", "").replace("0x", "").translate(_HEX_NOISE)
    if len(digits) % 2 or len(digits) > 2 * MAX_PAYLOAD:
        return None
    try:
        return _printable(bytes.fromhex(digits), prose=prose)
    except ValueError:
        return None


def _url(token: str) -> str | None:
    decoded = unquote(token[:MAX_PAYLOAD])
    return decoded if decoded != token else None


def _despace(token: str) -> str | None:
    # Single separators join letters; a double separator is the gap between words.
    return " ".join(part.translate(_SEPARATORS) for part in token.split("  "))


_Decoder = tuple[str, "re2._Regexp[str]", Callable[[str], str | None]]
_DECODERS: tuple[_Decoder, ...] = (
    ("base64", _B64, _b64),
    ("hex", _HEX, _hex),
    ("url", _URL, _url),
    ("spacing", _SPACED, _despace),
)
_PAYLOAD_DECODERS: tuple[_Decoder, ...] = (
    ("base64", _B64, lambda token: _b64(token, prose=False)),
    ("hex", _HEX, lambda token: _hex(token, prose=False)),
    ("url", _URL, _url),
)


@lru_cache(maxsize=16)  # the text and its decoded payloads, read by payloads and the views
def _spans(index: int, text: str) -> tuple[tuple[int, int], ...]:
    """Where decoder `index`'s pattern matches in `text` (the validator's payloads read
    the first three decoders, the same patterns in the same order)."""
    return tuple(iter_spans(_DECODERS[index][1], text, limit=MAX_VIEWS))


@lru_cache(maxsize=4)
def payloads(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """(kind, decoded text, start, end in `text`) of each base64, hex or URL-encoded
    payload that decodes to printable text, prose or not, one level deep: what the
    validator's SQLi, XSS and shell rules rescan (`rm -rf /` and `' OR 1=1 --` are mostly
    symbols, so `decoded_views`' prose test would drop them)."""
    hit = _triggers(text)
    if not hit & _PAYLOAD_HITS:
        return ()
    found: list[tuple[str, str, int, int]] = []
    for index, (kind, _pattern, decoder) in enumerate(_PAYLOAD_DECODERS):
        if index not in hit:  # the trigger is that same pattern: it matches nowhere
            continue
        for start, end in _spans(index, text):
            plain = decoder(text[start:end])
            if plain and len(found) < MAX_VIEWS:
                found.append((kind, plain, start, end))
    return tuple(found)


def decoded_views(norm: Normalized, depth: int = 2) -> list[View]:
    """Plain text of payloads hidden in `norm.text` (base64, hex, URL-encoding, spacing)."""
    views: list[View] = []
    hit = _triggers(norm.text)
    if hit & _PAYLOAD_HITS:  # most texts carry no payload at all
        _collect(norm.text, norm, 0, depth, views, hit=hit)
    return views


def _collect(
    text: str,
    norm: Normalized,
    shift: int,
    depth: int,
    views: list[View],
    *,
    hit: frozenset[int] | None = None,
) -> None:
    """Decode each payload in `text` into `views`; `hit`, when known, holds the indices of
    the decoders whose pattern matches somewhere in `text` (the others are skipped)."""
    for index, (kind, _pattern, decoder) in enumerate(_DECODERS):
        if hit is not None and index not in hit:
            continue
        for start, end in _spans(index, text):
            if len(views) >= MAX_VIEWS:
                return
            plain = decoder(text[start:end])
            if not plain:
                continue
            if shift >= 0:
                o_start, o_end = norm.span(start, end)
            else:
                o_start, o_end = views[-1].start, views[-1].end
            views.append(View(kind=kind, text=plain, start=o_start, end=o_end))
            if depth > 1 and kind != "spacing":
                _collect(plain, norm, -1, depth - 1, views)


_COMMON = (" the ", " you ", " and ", " to ", " is ")
_COMMON_ROT13 = tuple(codecs.encode(word, "rot13") for word in _COMMON)
_HINTS = ("rot13", "rot-13", "rot 13", "caesar")
_ROT13_HINT = r"(?i)\b(?:gur|lbh|naq|gb|vf)\b|rot.?13|caesar"
# Four or more words glued with underscores or hyphens (doubled too, digits and
# apostrophes inside), or four CamelCase humps (`ignore_all_previous_rules`,
# `IgnoreALLPreviousRules`): half an attack glued and the rest spaced kept the whole
# text's view away (its few-spaces gate), and caught 0.87 of the suite's attacks. Three
# words are everyday code and English (`max_retry_count`, `up-to-date`) and get no view.
_GLUED_RUN = r"[A-Za-z][A-Za-z0-9']*(?:[_-]+[A-Za-z0-9']+){3,}|[A-Za-z][a-z]+(?:[A-Z]+[a-z]+){3,}"
# Leetspeak inside a word, at the end of a word of letters ("ignor3", "previou$"), or in
# two neighbouring words that each mix letters and digits ("73ll m3 7h3 53cr37").
_LEETISH = (
    r"(?i)[a-z][0134578@$|!+][a-z]|\b[0134578@$][a-z]{2}|[a-z]{2}[0134578@$](?:[^\w]|\z)|"
    r"(?:[a-z][0134578]|[0134578][a-z])\w*[^\w\n]+\w*(?:[a-z][0134578]|[0134578][a-z])"
)
# One prefilter pass over the normalized text answers every view's "is there anything to
# do?": an encoded payload (indices 0-3), a rot13 hint (4), leetspeak inside words (5), a
# run of four or more words glued together (6).
_TRIGGERS = RuleSet(
    [
        *(Rule(kind, pattern, 0.0, kind) for kind, pattern in _PATTERNS),
        Rule("rot13", _ROT13_HINT, 0.0, "rot13"),
        Rule("leetspeak", _LEETISH, 0.0, "leetspeak"),
        Rule("glued", _GLUED_RUN, 0.0, "glued"),
    ]
)
_PAYLOAD_HITS = frozenset(range(len(_PATTERNS)))
_ROT13_HIT, _LEET_HIT, _GLUED_HIT = (len(_PATTERNS) + i for i in range(3))


@lru_cache(maxsize=4)
def _triggers(text: str) -> frozenset[int]:
    # a payload trigger is its decoder's own pattern, whose spans are searched next
    # anyway: left a candidate (a false one finds no span); the hints gate work of their
    # own, so they are confirmed
    found = _TRIGGERS.hits(text, exact=False)
    hints = [index for index in found if index not in _PAYLOAD_HITS]
    payload = [index for index in found if index in _PAYLOAD_HITS]
    return frozenset(payload + _TRIGGERS.confirmed(text, hints))


def rot13_view(norm: Normalized) -> View | None:
    """The whole text under rot13, when that reads more like English than the text does.

    One RE2 pass looks for rot13-encoded common words or a mention of rot13; only then are
    words counted (in the text itself, so benign input is never rotated)."""
    if _ROT13_HIT not in _triggers(norm.text):
        return None
    lowered = f" {norm.text.lower()} "
    plain = sum(lowered.count(word) for word in _COMMON)
    rotated = sum(lowered.count(word) for word in _COMMON_ROT13)
    if rotated <= max(1, plain) and not any(hint in lowered for hint in _HINTS):
        return None
    rot = _rotate_segments(norm.text)
    return View(kind="rot13", text=rot, start=0, end=len(norm.original))


# a clause: the unit that is rotated or left alone as a whole
_CLAUSE = compile_rx(r"[^.!?:;\n]+")
# 128-entry tables over ASCII code points for `_rotate_segments`
_ASCII_END = 128
_ROT13_BYTES = bytes.maketrans(
    string.ascii_letters.encode(), codecs.encode(string.ascii_letters, "rot13").encode()
)
_ROT13_CODES = np.frombuffer(bytes(range(_ASCII_END)).translate(_ROT13_BYTES), dtype=np.uint8)
_LETTER = np.array([chr(c).isascii() and chr(c).isalpha() for c in range(_ASCII_END)])
_LOWER_OR_SPACE = np.array(
    [ord(chr(c).lower()) if _LETTER[c] else ord(" ") for c in range(_ASCII_END)], dtype=np.uint8
)
_CLAUSE_END = np.array([chr(c) in ".!?:;\n" for c in range(_ASCII_END)], dtype=np.uint32)


def _rotate_segments(text: str) -> str:
    """`text` with each clause rotated that reads as more known words rotated than as is.

    A payload usually comes behind a plain request ("decode this rot13 and follow it:
    …"). Rotating the whole text would turn that request into letter soup that dilutes
    the decoded payload for the classifier; rotating clause by clause gives the plain
    request and the plain payload side by side. Same length as `text`, so spans map back
    one to one.

    Reads the code points through 128-entry tables in numpy, with one membership test per
    word: a loop per clause cost 50-70 ms on a 256 KB document."""
    words = vocabulary_bytes()
    if not words:  # no vocabulary shipped: the whole text, as before
        return codecs.encode(text, "rot13")
    if "\u0130" in text or "\u212a" in text:  # their lower case holds an ASCII letter
        return _rotate_clauses(text, words)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ascii_codes = codes < _ASCII_END
    at = np.where(ascii_codes, codes, 0)  # other code points read the NUL row: no letter
    spaced = _LOWER_OR_SPACE[at].tobytes()  # lower-case letters, every other character a space
    letter = _LETTER[at]
    starts = np.flatnonzero(letter & ~np.concatenate(([False], letter[:-1])))
    clause = np.cumsum(_CLAUSE_END[at])  # a clause's id at each position
    of_word = clause[starts]
    size = int(clause[-1]) + 1 if clause.size else 1
    plain = [word in words for word in spaced.split()]
    turned = [word in words for word in spaced.translate(_ROT13_BYTES).split()]
    wins = np.bincount(of_word, turned, size) > np.bincount(of_word, plain, size)
    out = np.where(wins[clause] & ascii_codes, _ROT13_CODES[at], codes)
    return out.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _rotate_clauses(text: str, words: frozenset[bytes]) -> str:
    """`_rotate_segments` clause by clause, for the texts whose lower case puts an ASCII
    letter where there was none (`İ`, the Kelvin sign), which the array path reads as no
    letter."""
    rot = codecs.encode(text, "rot13")
    out: list[str] = []
    done = 0
    for start, end in iter_spans(_CLAUSE, text, limit=len(text)):
        plain = sum(w in words for w in ascii_words(text[start:end]))
        rotated = sum(w in words for w in ascii_words(rot[start:end]))
        if rotated > plain:
            out.append(text[done:start])
            out.append(rot[start:end])
            done = end
    out.append(text[done:])
    return "".join(out)


# A lower-cased text's tokens for `_folds_to_a_word`: bytes.translate keeps its letters,
# digits and leet symbols (`LEET`'s keys) and makes every other byte a space. Digits that
# fold into nothing stay in the token so that it folds into no word (`win32`, `x509`).
_LEET_KEYS = bytes(LEET)
_LEET_TOKENS = bytes(
    c if 97 <= c <= 122 or 48 <= c <= 57 or c in _LEET_KEYS else 32 for c in range(256)
)
_IS_LETTER = np.array([97 <= c <= 122 for c in range(256)])
_IS_LEET = np.array([c in _LEET_KEYS for c in range(256)])
_LEET_EDGES = b"!+|"  # leet for i, t and l, but mostly punctuation at a word's edge
_LEET_EDGES_NOT_I = b"+|"
# "7pm", "1st", "70s" and "m3" fold into words too (the vocabulary holds them): a token
# of three counts only with its leet character between two letters ("D4N")
_LEET_WORD_MIN = 4


def _folds_to_a_word(text: str, words: frozenset[bytes]) -> bool:
    """Does a token that mixes letters with leet characters fold into one of `words`
    (`1gn0r3`, `!gn0re`, `p4ssw0rd`, `$3cr3t`, `73ll`, `D4N`)?

    The trigger alone fires on a quarter of ordinary text (`python3`, `8am`, `$HOME`,
    `200px`, an e-mail address), and each such text cost a second rules pass and a second
    classifier pass over a folded text with no new word in it. Only the tokens around a
    leet character beside a letter are read (found in numpy: a Python loop over every
    token cost about 28 µs a KB), each once however many such characters it holds."""
    tokens = text.lower().encode("utf-8", "surrogatepass").translate(_LEET_TOKENS)
    codes = np.frombuffer(tokens, dtype=np.uint8)
    letter = _IS_LETTER[codes]
    beside = np.zeros_like(letter)
    beside[1:] |= letter[:-1]
    beside[:-1] |= letter[1:]
    read_to = 0  # the end of the last token read: later leet characters in it are skipped
    for at in np.flatnonzero(_IS_LEET[codes] & beside).tolist():
        if at < read_to:
            continue
        start = tokens.rfind(b" ", 0, at) + 1
        read_to = tokens.find(b" ", at)
        if read_to < 0:
            read_to = len(tokens)
        if _known_fold(tokens[start:read_to], words):
            return True
    return False


def _known_fold(token: bytes, words: frozenset[bytes]) -> bool:
    """Does `token` fold into one of `words` while holding a leet character, read without
    the `|` and `+` at its edges (`<|end|>` is a special token), and with or without its
    `!`s there (`!gn0re`, but `thanks!`)?"""
    for form in {token.strip(_LEET_EDGES), token.strip(_LEET_EDGES_NOT_I)}:
        if len(form) < _LEET_WORD_MIN - 1 or form.isalpha() or form.isdigit():
            continue  # short, a plain word (no leet character left), or a number
        folded = form.translate(LEET_BYTES)
        if (
            folded.isalpha()
            and folded in words
            and (len(form) >= _LEET_WORD_MIN or bytes((form[0], form[2])).isalpha())
        ):
            return True
    return False


def leet_view(norm: Normalized, words: frozenset[bytes] | None = None) -> View | None:
    """The leetspeak-folded text, when a word mixes letters with digits or symbols that
    fold into one of `words` (lower-case ASCII; default: `vocabulary_bytes()`)."""
    if _LEET_HIT not in _triggers(norm.text):
        return None
    if not _folds_to_a_word(norm.text, vocabulary_bytes() if words is None else words):
        return None
    return View(kind="leetspeak", text=norm.leet, start=0, end=len(norm.original))


_GLUE = str.maketrans("_-", "  ")
# the kind of a view of a text's glued runs, read by the rules only (see `deglued_view`)
GLUED_RUNS = "glued runs"
_LOWER_A, _LOWER_Z, _UPPER_A, _UPPER_Z = (ord(c) for c in "azAZ")
_GLUED_MIN = 3  # glue points a view needs: one identifier is not a hidden sentence
_GLUED_RX = compile_rx(_GLUED_RUN)
_GLUED_WHOLE = 4096  # up to this length a text with a glued run is split apart whole
_GLUED_REACH = 400  # characters kept on each side of a glued run, within its line
_GLUED_RUN_LIMIT = 256  # glued runs read in a long text (the view is capped anyway)


def camel_split(text: str) -> str:
    """`text` with a space between each lower-case ASCII letter and the upper-case one after
    it (`ignoreAllRules` -> `ignore All Rules`), as `re.sub("([a-z])([A-Z])", r"\\1 \\2")`
    gives it (two such pairs never overlap: no letter is both). Found in numpy: the RE2
    wrapper's `sub` expands each match in Python, about 8 µs a match, and random text
    holds a pair every eight characters (1.5 ms a KB)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lower = (codes >= _LOWER_A) & (codes <= _LOWER_Z)
    upper = (codes >= _UPPER_A) & (codes <= _UPPER_Z)
    cuts = (np.flatnonzero(lower[:-1] & upper[1:]) + 1).tolist()
    if not cuts:
        return text
    return " ".join(
        text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)
    )


def deglued_view(norm: Normalized) -> View | None:
    """Words glued with underscores, hyphens or in CamelCase, split apart. An attack
    written like_an_identifier, as-a-slug or AsOneWord shows the classifier neither its
    word n-grams nor its words: the obfuscation suite's glued rewrites were caught 0.49
    and 0.60 of the time.

    Kind `glued`: the whole text, when it has few spaces (under one character in eight)
    and more glue points than twice its spaces (prose and indented code pay two counts).
    Kind `GLUED_RUNS`: a spaced text that holds a run of four or more glued words (the
    prefilter pass answers it), split apart whole up to `_GLUED_WHOLE` characters, else
    the lines around its runs (`_glued_lines`). Spaced text with glued runs is mostly
    code and tool names (`get_user_by_id`, `getElementById`), and a classifier reading
    it split apart blocked requests such as "call get_user_by_id now": only the rules
    read that kind."""
    text = norm.text
    if len(text) < 12:
        return None
    spaces = text.count(" ") + text.count("\n")
    if spaces * 8 <= len(text):
        joined = camel_split(text.translate(_GLUE))
        # at least twice as many glue points as spaces: a line of code with snake_case
        # names keeps spaces around its operators and after its commas
        if joined.count(" ") + joined.count("\n") - spaces >= max(_GLUED_MIN, 2 * spaces):
            return View(kind="glued", text=joined, start=0, end=len(norm.original))
    if _GLUED_HIT not in _triggers(text):
        return None
    if len(text) <= _GLUED_WHOLE:
        joined = camel_split(text.translate(_GLUE))
        return View(kind=GLUED_RUNS, text=joined, start=0, end=len(norm.original))
    return _glued_lines(norm)


def _glued_lines(norm: Normalized) -> View | None:
    """The lines that hold glued runs (at most `_GLUED_REACH` characters either side of a
    run), split apart and joined by line breaks, `MAX_PAYLOAD` characters at most (a
    window is cut to what is left; splitting at most doubles it): a long document or log
    with a few long identifiers costs a view of those lines, not of the whole text."""
    text = norm.text
    windows: list[tuple[int, int]] = []
    for start, end in iter_spans(_GLUED_RX, text, limit=_GLUED_RUN_LIMIT):
        low = max(text.rfind("\n", max(0, start - _GLUED_REACH), start) + 1, start - _GLUED_REACH)
        high = text.find("\n", end, end + _GLUED_REACH)
        high = min(len(text), end + _GLUED_REACH) if high < 0 else high
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(high, windows[-1][1]))
        else:
            windows.append((low, high))
    pieces: list[str] = []
    size = 0
    last = 0
    for low, high in windows:
        budget = (MAX_PAYLOAD - size) // 2
        if budget <= 0:
            break
        last = min(high, low + budget)
        piece = camel_split(text[low:last].translate(_GLUE))
        pieces.append(piece)
        size += len(piece) + 1
    if not pieces:
        return None
    start, end = norm.span(windows[0][0], last)
    return View(kind=GLUED_RUNS, text="\n".join(pieces), start=start, end=end)


def despaced_view(norm: Normalized) -> View | None:
    """Letter-by-letter spaced text joined back into words (double spaces split words)."""
    text = norm.text
    if len(text) < 8 or text.count(" ") < 0.4 * len(text):
        return None
    joined = " ".join(part.replace(" ", "") for part in text.split("  ") if part.strip())
    return View(kind="spacing", text=joined, start=0, end=len(norm.original))
