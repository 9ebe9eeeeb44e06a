"""Shared pieces of the provider rule tables: assignment shapes and checksums."""

import base64
import binascii
import string

from agentguard.engines._rx import Rule

__all__ = [
    "BOUNDARY_END",
    "BOUNDARY_START",
    "PLACEHOLDER_WORDS",
    "braced_ciphertext",
    "checksum_ok",
    "composed",
    "decodes_with_nul",
    "keyed",
    "radix_value",
]

_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
# Substrings that mark a documentation placeholder, a variable reference or a toy value.
PLACEHOLDER_WORDS = (
    "example",
    "sample",
    "your",
    "xxxx",
    "****",
    "...",
    "dummy",
    "changeme",
    "change_me",
    "change-me",
    "changeit",  # the JDK keystore's default password
    "placeholder",
    "generate",  # `SESSION_SECRET=generate-with-openssl-rand-hex-32`
    "removed",  # `authtok = [removed before sharing]`
    "deleted",  # Windows unattend.xml: `*SENSITIVE*DATA*DELETED*`
    "missing",  # Spring: `${RABBITMQ_PASSWORD:?missing}`
    "clave",  # Spanish and Portuguese "your key": `tu-clave-de-openai`, `sua-chave`
    "chave",
    "votre",
    "redacted",
    "insert",
    "replace",
    "todo",
    "fixme",
    "<",
    ">",
    "${",
    "{{",
    "%(",
    "$(",
    "process.env",
    "environ",
    "getenv",
    "env(",
    "env.",
    "secrets.",
    "vault.",
    "none",
    "null",
    "undefined",
    "fake",
    "notreal",
    "not_real",
    "******",
    "0000000",
    "1234567",
    "abcdef",
    "qwerty",
    "password",
    "secret",
    "token",
    "aaaaaa",
    "###",
    "abc123",
    "masked",  # CI logs: `[MASKED]`
    "filtered",  # Sentry's scrubbed fields: `[Filtered]`
)
_CRC_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_")

# `=`, `:=`, Makefile `::=`/`:::=`/`?=`, `:`, `=>`, `||:`, `env["K"] = v`, XML
# `key="…" value="…"`, and the quoted pair of a call or tuple: `setenv("K", "v")`
_ASSIGN = (
    r"""(?:["']?\]?\s*(?:=|:{1,3}=|:|=>|\|\|:|\?=)\s*["'`]?|["']\s+value\s*=\s*["']"""
    r"""|["'][ \t]*,[ \t]*["'])"""
)
# Consumed (RE2 has no look-behind), so rules keep the value itself in group 1.
# A URL's "://" may come right before a token (https://ghp_…@github.com: a token as user).
BOUNDARY_START = r"(?:^|[^\w.@/+-]|://)"
BOUNDARY_END = r"(?:\b|$)"


def composed(value: str) -> bool:
    """Upper case, lower case and a digit: a password's make-up, which a variable's name
    (`$HOME`, `$dbPass`, `@Value`, `*alias`) seldom has."""
    return (
        any(c.isupper() for c in value)
        and any(c.islower() for c in value)
        and any(c.isdigit() for c in value)
    )


def decodes_with_nul(value: str) -> bool:
    """Base64 that decodes to NUL-separated fields, as SASL PLAIN's `\0user\0password`."""
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return raw.count(b"\x00") >= 1 and len(raw) - raw.count(b"\x00") >= 4


_BASE64_CHARS = frozenset(string.ascii_letters + string.digits + "+/=")


def braced_ciphertext(value: str) -> bool:
    """Base64 in braces, as Jenkins (`{AQAAABAAAAAQ…}`) and Maven (`{gY1UWMgY…=}`) write the
    secrets they keep encrypted."""
    inner = value[1:-1]
    return (
        value.startswith("{")
        and value.endswith("}")
        and len(inner) >= 16
        and _BASE64_CHARS.issuperset(inner)
    )


def keyed(name: str, keyword: str, value: str, score: float, why: str) -> Rule:
    """A value only recognisable next to its key name (`twilio_token = …`, `--twilio-token …`)."""
    return Rule(
        name,
        rf"(?i)(?:{keyword}[\w.-]{{0,24}}{_ASSIGN}|--{keyword}[\w.-]{{0,24}}[ \t]+[\"']?)"
        rf"({value})(?:[\"'`\s,;&]|$)",
        score,
        why,
    )


def checksum_ok(token: str) -> bool | None:
    """The vendor's own checksum, where one is defined; None when the format has none.

    GitHub's classic tokens and npm's tokens end in the CRC32 of their 30 random characters,
    base62-encoded in 6 characters (GitHub, "Behind GitHub's new authentication token
    formats", 2021; npm adopted the same format). A mismatch means a made-up or mistyped
    token: still reported, with less confidence.
    """
    if len(token) != 40 or not token.startswith(_CRC_PREFIXES):  # prefix 4 + random 30 + checksum 6
        return None
    body, check = token[4:34], token[34:]
    value = radix_value(check, _BASE62)
    return value is not None and value == binascii.crc32(body.encode("ascii", "replace"))


def radix_value(digits: str, alphabet: str) -> int | None:
    """The number `digits` write in base `len(alphabet)` (base62, base58), or None when a
    character is not a digit of it."""
    value, base = 0, len(alphabet)
    for char in digits:
        digit = alphabet.find(char)
        if digit < 0:
            return None
        value = value * base + digit
    return value
