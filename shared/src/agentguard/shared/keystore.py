"""The project's key store: Fernet keys with rotation (MultiFernet) for reversible redaction.

The first key encrypts; every key decrypts, so a new key is put in front and old keys are
retired once `rotate` has re-encrypted what must survive. Keys come from settings
(`SecretStr`) or mounted files (one key per line, `#` comments), never from code.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr

from agentguard.shared.errors import AgentguardError

__all__ = ["KeyStore", "KeyStoreError", "generate_key", "read_key_files"]


class KeyStoreError(AgentguardError):
    """No usable key, a malformed key, or a token no key can open (reason says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def generate_key() -> str:
    """A fresh Fernet key (URL-safe base64 of 32 random bytes)."""
    return Fernet.generate_key().decode()


def read_key_files(paths: Iterable[Path]) -> list[str]:
    """Keys from files, in order: one per line, blank lines and `#` comments skipped."""
    keys: list[str] = []
    for path in paths:
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                keys.append(stripped)
    return keys


class KeyStore:
    """Encrypt with the newest key, decrypt with any; tokens are URL-safe strings."""

    def __init__(self, keys: Sequence[str | bytes | SecretStr]) -> None:
        raw = [k.get_secret_value() if isinstance(k, SecretStr) else k for k in keys]
        if not raw:
            raise KeyStoreError("the key store needs at least one Fernet key")
        try:
            fernets = [Fernet(k) for k in raw]
        except ValueError:
            # The key itself must not reach the message.
            raise KeyStoreError("a configured key is not a valid Fernet key") from None
        self._multi = MultiFernet(fernets)
        self._count = len(fernets)

    @classmethod
    def from_sources(
        cls, keys: Sequence[SecretStr] = (), key_files: Sequence[Path] = ()
    ) -> "KeyStore":
        """Keys from settings first (newest first), then from files."""
        return cls([*keys, *read_key_files(key_files)])

    @property
    def key_count(self) -> int:
        """How many keys can decrypt (the first also encrypts)."""
        return self._count

    def encrypt(self, data: bytes) -> str:
        """Encrypt and authenticate data with the newest key."""
        return self._multi.encrypt(data).decode("ascii")

    def decrypt(self, token: str, *, ttl_s: int | None = None) -> bytes:
        """Open a token made with any known key; optionally refuse tokens older than ttl_s."""
        try:
            return self._multi.decrypt(token.encode("ascii"), ttl=ttl_s)
        except (InvalidToken, UnicodeEncodeError):
            raise KeyStoreError("token is invalid, expired, or made with an unknown key") from None

    def rotate(self, token: str) -> str:
        """Re-encrypt a token under the newest key (keeps its original timestamp)."""
        try:
            return self._multi.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError):
            raise KeyStoreError("token is invalid or made with an unknown key") from None
