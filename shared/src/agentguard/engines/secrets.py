"""Secret detection: provider formats, keyed assignments and high-entropy strings.

Three layers, all RE2: (1) `PROVIDER_RULES`, vendor token shapes; (2) keyed values
(`secret_keyed`: `<credential-ish key> = <value>`, flags, setters, sentences); (3)
standalone high-entropy strings, off by default. Layers 2 and 3 drop values that are
placeholders (`xxxx`, `<your-key>`, `${VAR}`, `changeme`), code references, UUIDs and
hashes (layer 3 only), lockfile integrity hashes, sequential or low-entropy strings
(`secret_values`). Findings carry the type, the span of the value and a digest, never
the value.
"""

import base64
import binascii

from agentguard.contracts import Category, Finding
from agentguard.engines._findings import Coverage, finding
from agentguard.engines._rx import RuleSet, compile_rx, iter_spans
from agentguard.engines.secret_keyed import keyed_findings
from agentguard.engines.secret_rules import PROVIDER_RULES
from agentguard.engines.secret_rules_base import checksum_ok
from agentguard.engines.secret_values import (
    fake_token,
    is_hex,
    is_placeholder,
    shannon_entropy,
)

__all__ = ["detect_secrets", "is_placeholder", "shannon_entropy"]

_PROVIDERS = RuleSet(PROVIDER_RULES, reads="raw")
_LIMIT = 4096  # matches per layer: bounds memory on hostile input (work is linear anyway)
# values spelled in dictionary words, whose own check rejects made-up ones: the list holds
# placeholder words too (BIP39 has "example" and "sample": one phrase in 80 holds one)
_WORDED = frozenset({"WALLET_SEED_PHRASE"})
_BLOB = compile_rx(r"[A-Za-z0-9+/_-]{32,512}={0,2}")
_UUID = compile_rx(r"(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LOCKFILE_HINTS = (
    "sha512-",
    "sha384-",
    "sha256-",
    "sha1-",
    "integrity",
    "resolved",
    "hash",
    "checksum",
    "digest",
    "commit",
)
_ARMORED = ("PUBLIC KEY", "CERTIFICATE-----", "PGP SIGNATURE", "PGP MESSAGE")


def _public_by_design(rule: str, value: str, text: str, start: int) -> bool:
    """A Supabase anon key (a JWT whose role is `anon`, meant for browsers), the key in a
    Google Maps JavaScript loader URL or a Firebase web app's config, and New Relic's
    browser key in its loader snippet (in every page that uses them). Only those rules
    look at the text around the match."""
    if rule == "GCP_API_KEY":
        if "maps/api/js?" in text[max(0, start - 24) : start]:
            return True
        return "authdomain" in text[max(0, start - 200) : start + len(value) + 200].lower()
    if rule == "NEWRELIC_KEY":  # a browser agent's key, in every page's loader snippet
        return value.startswith("NRJS-") and "NREUM" in text[max(0, start - 400) : start]
    if rule != "JWT":
        return False
    payload = value.split(".")[1] if value.count(".") == 2 else ""
    try:
        claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        return False
    return b'"role":"anon"' in claims.replace(b" ", b"")


# the writer's own machine, as connection URLs name it (text to compare, not an address
# anything binds to)
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]", "host.docker.internal")  # noqa: S104


def _local_default(rule: str, text: str, start: int, end: int) -> bool:
    """A connection URL whose password is its user name, on the writer's own machine
    (`amqp://guest:guest@localhost`, `postgres://postgres:postgres@127.0.0.1`): a service's
    default account, not a credential."""
    if rule != "DATABASE_URL":
        return False
    value = text[start:end]
    return text.endswith("//" + value, 0, start - 1) and text.startswith(_LOCAL_HOSTS, end + 1)


def _toy(rule: str, value: str) -> bool:
    """Curl examples: passwords such as `test`, `pass`, `admin`, and a bare user name given
    with `-u name:` (an API key passed that way has digits), are not credentials."""
    if rule == "CURL_USER_KEY":
        return not any(c.isdigit() for c in value)
    return rule.startswith("CURL_") and value.isalpha() and len(value) < 10


def _blob_ok(text: str, start: int, value: str) -> bool:
    """Standalone high-entropy string: mixed classes, not a hash, UUID or lockfile entry."""
    if _UUID.search(value) or is_hex(value) or is_placeholder(value) or len(value) > 100:
        return False
    end = start + len(value)
    before, after = text[start - 1 : start] or " ", text[end : end + 1] or " "
    if before not in " \t\n\"'`=:" or after not in " \t\n\"'`,;":
        return False  # part of a URL, path, signature blob or longer token
    context = text[max(0, start - 32) : start].lower()
    if any(hint in context for hint in (*_LOCKFILE_HINTS, "public", "pub_", "pubkey")):
        return False
    if value.count("-") > 2:
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
        )
    )
    return classes == 3 and value.count("/") <= 2 and shannon_entropy(value) >= 4.3


def _decodes_to_text(value: str) -> bool:
    """Base64 that decodes to readable text is encoded data, not a key."""
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), altchars=b"-_", validate=False)
    except (binascii.Error, ValueError):
        return False
    printable = sum(32 <= b < 127 for b in raw)
    return bool(raw) and printable >= 0.9 * len(raw)


def _provider_findings(text: str, taken: Coverage) -> list[Finding]:
    """Vendor-format findings; every span judged (kept, or public by design) is `taken`."""
    found: list[Finding] = []
    for rule, start, end in _PROVIDERS.scan(text, limit=_LIMIT):
        value = text[start:end]
        # a structural match is a file's shape, not a token a placeholder could fill
        if not rule.structural and (
            (rule.name not in _WORDED and fake_token(value, text[end : end + 6]))
            or _toy(rule.name, value)
            or _local_default(rule.name, text, start, end)
        ):
            continue
        if _public_by_design(rule.name, value, text, start):
            taken.append((start, end))  # nor is it a generic key's value
            continue
        score, why = rule.score, rule.why
        checked = checksum_ok(value)
        if checked is not None:
            score = 0.99 if checked else 0.8
            why += " (checksum verified)" if checked else " (checksum mismatch: likely made up)"
        found.append(
            finding(
                f"secrets.{rule.name.lower()}",
                Category.SECRET,
                rule.name,
                (start, end),
                score,
                why,
                value=value,
            )
        )
        taken.append((start, end))
    if any(f.type == "PRIVATE_KEY" for f in found):  # the key itself says it all
        found = [f for f in found if f.type != "GCP_SERVICE_ACCOUNT"]
    return found


_REPEATS = 32  # distinct values looked for again: bounds the work on a text full of keys


def _repeated(text: str, found: list[Finding], taken: Coverage) -> None:
    """Append a finding for every other whole-token copy of a value already found: the
    same key is often written twice (`user:` and `password:` of an SMTP relay that takes
    its token as both, a key and the URL it is in), and redaction must hide every copy."""
    seen: set[str] = set()
    for first in found[:]:
        value = text[first.start : first.end]
        if len(value) < 8 or value.isalpha() or value in seen:
            continue  # a word (`postgres:postgres`) says too little to mark its copies
        seen.add(value)
        if len(seen) > _REPEATS:
            return
        at = text.find(value)
        while at >= 0:
            end = at + len(value)
            whole = not (text[at - 1 : at].isalnum() or text[end : end + 1].isalnum())
            if len(found) > _LIMIT:
                return  # the same bound as every layer's
            if whole and not taken.overlaps(at, end):
                found.append(
                    finding(
                        first.detector,
                        Category.SECRET,
                        first.type,
                        (at, end),
                        first.score,
                        f"the same value as the {first.type} at {first.start}",
                        value=value,
                    )
                )
                taken.append((at, end))
            at = text.find(value, end)


def detect_secrets(text: str, *, entropy: bool = False) -> list[Finding]:
    """Credential findings (type, span of the value, digest); never the value itself.

    `entropy=True` adds the standalone high-entropy layer (random-looking strings with no
    credential key nearby). It is off by default: on gitleaks' samples it found no secret
    the other layers missed and raised false alarms from 11% to 16% (docs/engines.md).
    """
    taken = Coverage(len(text))
    found = _provider_findings(text, taken)
    keyed_findings(text, found, taken, _LIMIT)
    _repeated(text, found, taken)
    if not entropy or any(armor in text for armor in _ARMORED):
        return found  # public keys and certificates are long base64 by design
    for start, end in iter_spans(_BLOB, text, limit=_LIMIT):
        value = text[start:end]
        if (
            not taken.overlaps(start, end)
            and _blob_ok(text, start, value)
            and not _decodes_to_text(value)
        ):
            found.append(
                finding(
                    "secrets.entropy",
                    Category.SECRET,
                    "HIGH_ENTROPY",
                    (start, end),
                    0.55,
                    f"high-entropy string ({shannon_entropy(value):.1f} bits/char)",
                    layer="entropy",
                    value=value,
                )
            )
    return found
