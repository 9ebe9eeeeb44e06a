"""Redaction modes, stable placeholders, and the reversible round trip with key rotation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentguard.contracts import Category, Finding
from agentguard.contracts.streaming import RedactionMode
from agentguard.output_checker.redaction import (
    Numbering,
    RedactionError,
    redact_findings,
    restore,
)
from agentguard.shared.keystore import KeyStore, KeyStoreError, generate_key

KEY = b"test-digest-key"
AWS = "AKIAQ3EGTXR7N6VZ4K2P"


def _f(text: str, value: str, kind: str, category: Category = Category.PII) -> Finding:
    start = text.index(value)
    return Finding(
        detector="t", category=category, type=kind, start=start, end=start + len(value), score=0.9
    )


def _findings(text: str) -> list[Finding]:
    out = []
    for value, kind, cat in (
        ("ann@example.com", "EMAIL", Category.PII),
        ("bob@example.org", "EMAIL", Category.PII),
        (AWS, "AWS_ACCESS_KEY", Category.SECRET),
    ):
        at = -1
        while (at := text.find(value, at + 1)) >= 0:
            out.append(
                Finding(
                    detector="t", category=cat, type=kind, start=at, end=at + len(value), score=0.9
                )
            )
    return out


TEXT = f"Mail ann@example.com, then bob@example.org, again ann@example.com; key {AWS}."


def test_placeholders_are_typed_and_stable() -> None:
    result = redact_findings(TEXT, _findings(TEXT), mode=RedactionMode.PLACEHOLDER, digest_key=KEY)
    assert result.text == "Mail [EMAIL_1], then [EMAIL_2], again [EMAIL_1]; key [AWS_KEY_1]."
    assert result.replaced == 4
    assert result.vault is None


def test_numbering_carries_across_calls() -> None:
    numbering = Numbering()
    first = redact_findings(
        "a ann@example.com",
        _findings("a ann@example.com"),
        mode=RedactionMode.PLACEHOLDER,
        digest_key=KEY,
        numbering=numbering,
    )
    second = redact_findings(
        "b bob@example.org ann@example.com",
        _findings("b bob@example.org ann@example.com"),
        mode=RedactionMode.PLACEHOLDER,
        digest_key=KEY,
        numbering=numbering,
    )
    assert first.text == "a [EMAIL_1]"
    assert second.text == "b [EMAIL_2] [EMAIL_1]"
    assert all("example" not in ref for ref in numbering.assigned)


def test_mask_and_hash_modes() -> None:
    masked = redact_findings(TEXT, _findings(TEXT), mode=RedactionMode.MASK, digest_key=KEY)
    assert "****************4K2P" in masked.text
    assert "ann@" not in masked.text
    assert len(masked.text) == len(TEXT)
    hashed = redact_findings(TEXT, _findings(TEXT), mode=RedactionMode.HASH, digest_key=KEY)
    assert hashed.text.count("[EMAIL:") == 3
    first, _, third = (part.split("]")[0] for part in hashed.text.split("[EMAIL:")[1:])
    assert first == third
    assert AWS not in hashed.text


def test_reversible_round_trip() -> None:
    store = KeyStore([generate_key()])
    result = redact_findings(
        TEXT, _findings(TEXT), mode=RedactionMode.REVERSIBLE, digest_key=KEY, keystore=store
    )
    assert AWS not in result.text
    assert "ann@example.com" not in result.text
    assert result.vault is not None
    assert AWS not in result.vault
    assert restore(result.text, result.vault, store) == TEXT


def test_reversible_survives_key_rotation_and_refuses_strangers() -> None:
    old, new = generate_key(), generate_key()
    result = redact_findings(
        TEXT,
        _findings(TEXT),
        mode=RedactionMode.REVERSIBLE,
        digest_key=KEY,
        keystore=KeyStore([old]),
    )
    assert result.vault is not None
    rotated = KeyStore([new, old])
    assert restore(result.text, result.vault, rotated) == TEXT
    with pytest.raises(KeyStoreError):
        restore(result.text, result.vault, KeyStore([new]))
    # Once re-encrypted under the new key, the old key can be retired.
    moved = rotated.rotate(result.vault)
    assert restore(result.text, moved, KeyStore([new])) == TEXT


def test_reversible_needs_a_keystore() -> None:
    with pytest.raises(RedactionError):
        redact_findings(TEXT, _findings(TEXT), mode=RedactionMode.REVERSIBLE, digest_key=KEY)


def test_overlapping_findings_merge_and_secret_wins() -> None:
    text = f"token {AWS}@example.com end"
    findings = [
        _f(text, f"{AWS}@example.com", "EMAIL"),
        _f(text, AWS, "AWS_ACCESS_KEY", Category.SECRET),
    ]
    result = redact_findings(text, findings, mode=RedactionMode.PLACEHOLDER, digest_key=KEY)
    assert result.text == "token [AWS_KEY_1] end"


_SAFE = st.text(alphabet=st.characters(blacklist_characters="[]"), max_size=40)


@given(before=_SAFE, middle=_SAFE, after=_SAFE)
def test_surrounding_text_is_never_broken(before: str, middle: str, after: str) -> None:
    text = f"{before}ann@example.com{middle}{AWS}{after}"
    store = KeyStore([generate_key()])
    findings = [
        Finding(
            detector="t",
            category=Category.PII,
            type="EMAIL",
            start=len(before),
            end=len(before) + 15,
            score=0.9,
        ),
        Finding(
            detector="t",
            category=Category.SECRET,
            type="AWS_ACCESS_KEY",
            start=len(before) + 15 + len(middle),
            end=len(before) + 15 + len(middle) + 20,
            score=0.9,
        ),
    ]
    result = redact_findings(
        text, findings, mode=RedactionMode.REVERSIBLE, digest_key=KEY, keystore=store
    )
    assert result.text == f"{before}[EMAIL_1]{middle}[AWS_KEY_1]{after}"
    assert result.vault is not None
    assert restore(result.text, result.vault, store) == text
