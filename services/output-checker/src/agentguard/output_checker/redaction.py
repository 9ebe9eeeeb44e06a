"""Redaction of credentials and PII: placeholder, reversible, mask and hash modes.

Spans come from findings on the original text, so the text between them is copied through
unchanged. Placeholders are numbered per type and stay stable within one response (the
same value gets the same placeholder, across chunks too, via `Numbering`). Reversible mode
puts the originals in an encrypted vault (the key store's MultiFernet): whoever holds a key
can `restore`, nobody else learns the values.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from agentguard.contracts import Category, Finding
from agentguard.contracts.streaming import RedactionMode
from agentguard.shared.digest import keyed_digest
from agentguard.shared.keystore import KeyStore, KeyStoreError

__all__ = [
    "REDACTABLE",
    "Numbering",
    "Redaction",
    "RedactionError",
    "label_of",
    "redact_findings",
    "restore",
]

REDACTABLE = frozenset({Category.PII, Category.SECRET})

# Short, readable placeholder labels for the engines' finding types.
_LABELS = {
    "AWS_ACCESS_KEY": "AWS_KEY",
    "AWS_SECRET_KEY": "AWS_SECRET",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CARD",
    "US_SSN": "SSN",
    "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP",
}
_UNSAFE = re.compile(r"[^A-Z0-9_]")
_VAULT_VERSION = 1


class RedactionError(KeyStoreError):
    """Reversible redaction without a key store, or a vault that cannot be opened."""


def label_of(finding: Finding) -> str:
    """Placeholder label of a finding type ('AWS_ACCESS_KEY' → 'AWS_KEY')."""
    kind = finding.type.upper()
    return _LABELS.get(kind, _UNSAFE.sub("_", kind)[:32] or "REDACTED")


@dataclass
class Numbering:
    """Placeholder numbers per label; keyed by a digest of the value, never the value."""

    counts: dict[str, int] = field(default_factory=dict)
    assigned: dict[str, str] = field(default_factory=dict)

    def placeholder(self, label: str, value: str, key: bytes) -> str:
        """[LABEL_n], the same n for the same value within this numbering."""
        ref = keyed_digest(key, f"{label}\x00{value}")
        if ref not in self.assigned:
            self.counts[label] = self.counts.get(label, 0) + 1
            self.assigned[ref] = f"[{label}_{self.counts[label]}]"
        return self.assigned[ref]


@dataclass(frozen=True, slots=True)
class Redaction:
    """A redacted text, how many values it replaced and, in reversible mode, the vault."""

    text: str
    replaced: int
    vault: str | None = None


def _merged(findings: Iterable[Finding]) -> list[tuple[int, int, Finding]]:
    """Redactable spans, overlaps merged (a secret wins over PII, then the longer span)."""
    spans = sorted(
        ((f.start, f.end, f) for f in findings if f.category in REDACTABLE and f.end > f.start),
        key=lambda s: (s[0], -s[1]),
    )
    merged: list[tuple[int, int, Finding]] = []
    for start, end, finding in spans:
        if merged and start < merged[-1][1]:
            prev_start, prev_end, prev = merged[-1]
            rank = (finding.category is Category.SECRET, end - start)
            keep = (
                finding
                if rank > (prev.category is Category.SECRET, prev_end - prev_start)
                else prev
            )
            merged[-1] = (prev_start, max(prev_end, end), keep)
        else:
            merged.append((start, end, finding))
    return merged


def _mask(value: str) -> str:
    keep = 4 if len(value) >= 12 else 0
    return "*" * (len(value) - keep) + value[len(value) - keep :]


def redact_findings(
    text: str,
    findings: Iterable[Finding],
    *,
    mode: RedactionMode,
    digest_key: bytes,
    numbering: Numbering | None = None,
    keystore: KeyStore | None = None,
) -> Redaction:
    """Replace every redactable finding's span of text according to mode."""
    if mode is RedactionMode.REVERSIBLE and keystore is None:
        raise RedactionError("reversible redaction needs a key store")
    numbering = numbering if numbering is not None else Numbering()
    out: list[str] = []
    originals: dict[str, str] = {}
    cursor = 0
    spans = _merged(findings)
    for start, end, finding in spans:
        value = text[start:end]
        label = label_of(finding)
        if mode is RedactionMode.MASK:
            replacement = _mask(value)
        elif mode is RedactionMode.HASH:
            replacement = f"[{label}:{keyed_digest(digest_key, value)[:12]}]"
        else:
            replacement = numbering.placeholder(label, value, digest_key)
            originals[replacement] = value
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = end
    out.append(text[cursor:])
    vault = None
    if mode is RedactionMode.REVERSIBLE and originals and keystore is not None:
        payload = json.dumps({"v": _VAULT_VERSION, "items": originals}).encode()
        vault = keystore.encrypt(payload)
    return Redaction(text="".join(out), replaced=len(spans), vault=vault)


def restore(text: str, vault: str, keystore: KeyStore, *, ttl_s: int | None = None) -> str:
    """Put the originals back in place of the vault's placeholders."""
    try:
        data = json.loads(keystore.decrypt(vault, ttl_s=ttl_s))
    except ValueError:
        raise RedactionError("vault content is not readable") from None
    if not isinstance(data, dict) or data.get("v") != _VAULT_VERSION:
        raise RedactionError("vault has an unknown layout")
    items = data.get("items")
    if not isinstance(items, dict):
        raise RedactionError("vault has an unknown layout")
    if not items:
        return text
    pattern = re.compile("|".join(re.escape(p) for p in sorted(items, key=len, reverse=True)))
    return pattern.sub(lambda m: str(items[m.group()]), text)
