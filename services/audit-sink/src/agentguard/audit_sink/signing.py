"""Ed25519 checkpoint keys: load, generate a dev key, sign and verify checkpoint bodies."""

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from agentguard.audit_sink.chain import checkpoint_message
from agentguard.audit_sink.errors import SigningKeyError

__all__ = [
    "DEV_KEY_PREFIX",
    "CheckpointSigner",
    "CheckpointVerifier",
    "generate_key_files",
    "key_id",
    "load_private_key",
    "load_public_key",
    "public_key_path",
]

# Dev keys carry this file-name prefix; outside dev a key so named is refused.
DEV_KEY_PREFIX = "dev-"


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short, stable name of a public key: the first 16 hex of SHA-256 over its raw bytes."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_path(private_path: Path) -> Path:
    """Where the public half of a private key file is written (same name, .pub)."""
    return private_path.with_suffix(".pub")


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM (PKCS#8, unencrypted) file."""
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise SigningKeyError("signing key file not found", str(path)) from None
    except (OSError, ValueError, TypeError):
        raise SigningKeyError("signing key file is not a PEM private key", str(path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError("signing key is not an Ed25519 key", str(path))
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM (SubjectPublicKeyInfo) file."""
    try:
        key = load_pem_public_key(path.read_bytes())
    except FileNotFoundError:
        raise SigningKeyError("public key file not found", str(path)) from None
    except (OSError, ValueError):
        raise SigningKeyError("public key file is not a PEM public key", str(path)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError("public key is not an Ed25519 key", str(path))
    return key


def generate_key_files(private_path: Path) -> Ed25519PrivateKey:
    """Create a fresh key pair: the private key readable by the owner only, the public beside it.

    Fails rather than overwrite: replacing a key would orphan the existing checkpoints.
    """
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    private_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    public = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    public_key_path(private_path).write_bytes(public)
    return key


class CheckpointSigner:
    """Signs checkpoint bodies with the sink's private key."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.key_id = key_id(key.public_key())

    def sign(self, body: bytes) -> bytes:
        """The Ed25519 signature of a checkpoint body (domain-separated)."""
        return self._key.sign(checkpoint_message(body))


class CheckpointVerifier:
    """Checks checkpoint signatures with the public key only."""

    def __init__(self, key: Ed25519PublicKey) -> None:
        self._key = key
        self.key_id = key_id(key)

    def valid(self, body: bytes, signature: bytes) -> bool:
        """Whether signature is this key's signature of the checkpoint body."""
        try:
            self._key.verify(signature, checkpoint_message(body))
        except InvalidSignature:
            return False
        return True
