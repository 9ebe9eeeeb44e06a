"""The key store: settings and file sources, rotation, failures without key material."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from agentguard.shared.keystore import KeyStore, KeyStoreError, generate_key, read_key_files


def test_sources_order_and_comments(tmp_path: Path) -> None:
    first, second, third = generate_key(), generate_key(), generate_key()
    keyfile = tmp_path / "keys"
    keyfile.write_text(f"# newest last here\n{second}\n\n{third}\n")
    assert read_key_files([keyfile]) == [second, third]
    store = KeyStore.from_sources([SecretStr(first)], [keyfile])
    assert store.key_count == 3
    token = store.encrypt(b"x")
    assert KeyStore([first]).decrypt(token) == b"x"  # the first key encrypts


def test_bad_key_and_bad_token_errors_hold_no_secrets() -> None:
    with pytest.raises(KeyStoreError) as err:
        KeyStore(["not-a-fernet-key"])
    assert "not-a-fernet-key" not in str(err.value)
    with pytest.raises(KeyStoreError):
        KeyStore([])
    store = KeyStore([generate_key()])
    with pytest.raises(KeyStoreError):
        store.decrypt("garbage")
    with pytest.raises(KeyStoreError):
        store.decrypt("tökén")


def test_ttl_refuses_old_tokens() -> None:
    key = generate_key()
    store = KeyStore([key])
    assert store.decrypt(store.encrypt(b"v"), ttl_s=60) == b"v"
    old = Fernet(key).encrypt_at_time(b"v", current_time=1_000_000).decode()
    assert store.decrypt(old) == b"v"
    with pytest.raises(KeyStoreError):
        store.decrypt(old, ttl_s=60)
