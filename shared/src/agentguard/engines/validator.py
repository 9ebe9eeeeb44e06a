"""The validator's detectors: size, hidden characters, SQLi/XSS, shell commands, banned terms.

Web and shell rules run on the normalized view (homoglyphs and zero-width padding cannot
hide `rm -rf /`), for JSON tool-call arguments also on the decoded string values, and on
base64, hex and URL-encoded payloads decoded (`echo cm0gLXJmIC8= | base64 -d | sh`).
"""

import contextlib
import html
import json
import unicodedata
from functools import lru_cache
from urllib.parse import unquote

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no stubs
import re2

from agentguard.contracts import Category, Finding
from agentguard.engines._findings import finding
from agentguard.engines._rx import RuleSet, well_formed
from agentguard.engines.decode import payloads
from agentguard.engines.mentions import MENTION_NOTE, MENTION_SCORE, mentioned
from agentguard.engines.normalize import Normalized, normalize
from agentguard.engines.web_rules import SHELL_RULES, SQLI_RULES, XSS_RULES

__all__ = ["banned_terms", "hidden_chars", "length", "shell", "sqli", "xss"]

# One pass over the text answers "could any web or shell rule match?" for all three checks;
# each check owns a slice of the combined rule indices, and its own set is only asked with
# those (`views=False`: no pass of its own to build or hold).
_SQLI = RuleSet(SQLI_RULES, views=False)
_XSS = RuleSet(XSS_RULES, views=False)
_SHELL = RuleSet(SHELL_RULES, views=False)
_ANY_WEB = RuleSet((*SQLI_RULES, *XSS_RULES, *SHELL_RULES))
_OFFSETS = {"sqli": 0, "xss": len(SQLI_RULES), "shell": len(SQLI_RULES) + len(XSS_RULES)}
_SLICES = {
    "sqli": frozenset(range(len(SQLI_RULES))),
    "xss": frozenset(range(len(SQLI_RULES), len(SQLI_RULES) + len(XSS_RULES))),
    "shell": frozenset(range(len(SQLI_RULES) + len(XSS_RULES), len(_ANY_WEB.rules))),
}
_JSON_LIMIT = 65_536
_REASON_LIMIT = 300  # the contract's `Finding.reason`


def length(text: str, max_chars: int) -> list[Finding]:
    """One finding when the text exceeds the policy's size limit."""
    if len(text) <= max_chars:
        return []
    reason = f"{len(text)} characters, limit {max_chars}"
    return [
        finding(
            "validator.length", Category.LENGTH, "TOO_LONG", (max_chars, len(text)), 1.0, reason
        )
    ]


def hidden_chars(norm: Normalized) -> list[Finding]:
    """Null bytes, control, zero-width, bidi and tag characters found while normalizing."""
    return list(norm.findings)


def _ruleset(
    rules: RuleSet, category: Category, prefix: str, norm: Normalized, hits: list[int]
) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for rule, start, end in rules.scan(norm.text, limit=1, hits=hits):
        if rule.name in seen:
            continue
        seen.add(rule.name)
        out.append(
            finding(
                f"{prefix}.{rule.name}",
                category,
                rule.name.upper(),
                norm.span(start, end),
                rule.score,
                rule.why,
            )
        )
    return out


def _json_strings(text: str) -> str | None:
    """The string values of a JSON document (tool-call arguments), joined by newlines."""
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")) or len(text) > _JSON_LIMIT:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    values: list[str] = []
    stack = [data]
    while stack and len(values) < 1024:
        item = stack.pop()
        if isinstance(item, str):
            values.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(item.values()))  # popped in document order
        elif isinstance(item, list):
            if item and all(isinstance(part, str) for part in item):
                values.append(" ".join(item))  # an argv: ["bash", "-c", "…"] is one command
            else:
                stack.extend(reversed(item))
    # JSON escapes can spell lone surrogates (`"\\ud800"`), which RE2 cannot read
    return well_formed("\n".join(values))


_JS_ESCAPE = re2.compile(r"\\{1,2}(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))")
_IIS_ESCAPE = re2.compile(r"%u([0-9a-fA-F]{4})")


def _code_point(match: "re2._Match[str]") -> str:
    point = int(match.group(1) or match.group(2), 16)
    # half of a surrogate pair escaped alone (`\\ud800`): no text RE2 could read
    return "\ufffd" if 0xD800 <= point < 0xE000 else chr(point)


def _form_spaces(text: str) -> str:
    """`+` read as a form-encoded space where a run of them joins two non-space characters
    (`'+OR+1=1`); form-encoded text holds no raw spaces, so a `+` beside one is a plus
    (`a + b`), and rewriting it would only make a view that no rule reads differently.
    One `find` per run (a callback per match cost 8 µs a run)."""
    if "+" not in text:
        return text
    out: list[str] = []
    last, size = 0, len(text)
    at = text.find("+")
    while at >= 0:
        end = at + 1
        while end < size and text[end] == "+":
            end += 1
        if at > 0 and end < size and not (text[at - 1].isspace() or text[end].isspace()):
            out.append(text[last:at])
            out.append(" " * (end - at))
            last = end
        at = text.find("+", end)
    out.append(text[last:])
    return "".join(out)


@lru_cache(maxsize=4)
def _unescaped(text: str) -> str | None:
    """`text` with URL (also doubled and `%uXXXX`), HTML-entity, JavaScript `\\uXXXX`/`\\xXX`
    and UTF-7 escapes undone, three times over (payloads are encoded up to three deep),
    then NFKC (a decoded fullwidth `＜script＞`); None when nothing changes. A payload is written
    escaped to pass filters that look for `<script` or `' OR`; the browser or the database
    sees it unescaped."""
    if not ("%" in text or "&" in text or "\\" in text or "+" in text):  # "+" covers UTF-7
        return None
    plain = text
    for _ in range(3):
        before = plain
        if "%u" in plain:
            plain = _IIS_ESCAPE.sub(_code_point, plain)
        if "%" in plain or ("+" in plain and "=" in plain):
            plain = unquote(_form_spaces(plain))
        if "&" in plain:
            plain = html.unescape(plain)
        if "\\" in plain:
            plain = _JS_ESCAPE.sub(_code_point, plain)
        if "+AD" in plain and plain.isascii():
            with contextlib.suppress(UnicodeDecodeError):
                plain = well_formed(plain.encode("ascii").decode("utf-7"))
        if plain == before:
            break
    if not plain.isascii():
        plain = unicodedata.normalize("NFKC", plain)
    return plain if plain != text else None


@lru_cache(maxsize=16)  # the text and its views, read by all three checks
def _web_hits(text: str) -> frozenset[int]:
    # candidates: every reader searches them for spans (`RuleSet.scan`), which confirms
    return frozenset(_ANY_WEB.hits(text, exact=False))


def _kind_hits(kind: str, text: str) -> list[int]:
    """One check's candidate rule indices in `text` (a superset of those that match),
    read off the shared web pass: a view (JSON arguments, unescaped text) costs one
    prefilter pass for the three checks, not one each."""
    offset, mine = _OFFSETS[kind], _SLICES[kind]
    return sorted(index - offset for index in _web_hits(text) if index in mine)


@lru_cache(maxsize=4)
def _json_view(text: str) -> str | None:
    """`_json_strings(text)` for text that opens like JSON (parsed once for all three checks)."""
    if text[:1] in "{[" or text.lstrip()[:1] in "{[":
        # no `prime`: the combined pass holds every detector's patterns, and on
        # symbol-dense text RE2 gives up its DFA for the much slower NFA (about 28 µs a
        # byte); the three web sets' own passes cost a fraction of that
        return _json_strings(text)
    return None


def _with_json(rules: RuleSet, category: Category, kind: str, norm: Normalized) -> list[Finding]:
    prefix = f"validator.{kind}"
    hits = _kind_hits(kind, norm.text)
    found = _ruleset(rules, category, prefix, norm, hits) if hits else []
    names = {f.type for f in found}
    # rescans: JSON argument values as a whole, then each decoded payload at its span
    rescans: list[tuple[str, tuple[int, int], str]] = []
    decoded = _json_view(norm.text)
    if decoded and decoded != norm.text:
        rescans.append((decoded, (0, len(norm.original)), "in JSON arguments"))
    for payload_kind, plain, start, end in payloads(norm.text):
        rescans.append((plain, norm.span(start, end), f"after {payload_kind} decoding"))
    # last: a whole-text view, so a payload decoded above keeps its precise span
    for source in (norm.text, decoded):
        unescaped = _unescaped(source) if source else None
        if unescaped:  # not primed either: see `_json_view`
            rescans.append((unescaped, (0, len(norm.original)), "after unescaping"))
    for text, span, note in rescans:
        for rule, _s, _e in rules.scan(text, limit=1, hits=_kind_hits(kind, text)):
            if rule.name.upper() not in names:
                names.add(rule.name.upper())
                found.append(
                    finding(
                        f"{prefix}.{rule.name}",
                        category,
                        rule.name.upper(),
                        span,
                        rule.score,
                        f"{rule.why} ({note})",
                        layer="decode",
                    )
                )
    return found


def sqli(norm: Normalized) -> list[Finding]:
    """SQL injection structures (break-out + tautology, UNION SELECT, stacked queries...)."""
    return _with_json(_SQLI, Category.SQLI, "sqli", norm)


def xss(norm: Normalized) -> list[Finding]:
    """Script injection structures (active script, event handlers, javascript: URIs)."""
    return _with_json(_XSS, Category.XSS, "xss", norm)


# hidden or decoded commands are never a quotation: no demotion for them
_NEVER_MENTIONED = frozenset({"OBFUSCATED_COMMAND", "OBFUSCATED_MORE", "ENCODED_SHELL"})


def _as_mention(found: Finding) -> Finding:
    return found.model_copy(
        update={
            "score": min(found.score, MENTION_SCORE),
            "reason": found.reason[: _REASON_LIMIT - len(MENTION_NOTE)] + MENTION_NOTE,
        }
    )


def shell(norm: Normalized) -> list[Finding]:
    """Dangerous shell commands in text and in JSON tool-call arguments; a command quoted
    only to ask about it or warn against it (`mentions.py`) is flagged below the blocking
    line."""
    found = _with_json(_SHELL, Category.COMMAND, "shell", norm)
    if not found or "`" not in norm.text:
        return found
    quotes = [norm.span(start, end) for start, end in mentioned(norm.text)]
    if not quotes:
        return found
    return [
        _as_mention(f)
        if f.layer != "decode"
        and f.type not in _NEVER_MENTIONED
        and any(start <= f.start and f.end <= end for start, end in quotes)
        else f
        for f in found
    ]


@lru_cache(maxsize=64)
def _automaton(terms: tuple[str, ...]) -> "ahocorasick.Automaton | None":
    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        key = normalize(term.strip()).leet
        if key:
            automaton.add_word(key, (index, key))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


def banned_terms(norm: Normalized, terms: tuple[str, ...]) -> list[Finding]:
    """Tenant-banned words/phrases, matched on whole words of the leet-folded view."""
    automaton = _automaton(terms)
    if automaton is None:
        return []
    view = norm.leet
    out: list[Finding] = []
    for end_index, (index, key) in automaton.iter(view):
        start, end = end_index - len(key) + 1, end_index + 1
        before = view[start - 1] if start else " "
        after = view[end] if end < len(view) else " "
        if before.isalnum() or after.isalnum():
            continue
        out.append(
            finding(
                "validator.banned",
                Category.CONTENT,
                "BANNED_TERM",
                norm.span(start, end),
                0.9,
                f"tenant-banned term #{index}",
            )
        )
        if len(out) >= 32:
            break
    return out
