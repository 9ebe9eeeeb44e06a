"""Keyed digests so events and logs can correlate texts without holding them."""

import hashlib
import hmac

__all__ = ["keyed_digest", "sha256_hex"]


def keyed_digest(key: bytes, data: str | bytes) -> str:
    """HMAC-SHA256 (hex) of data; without the key a digest reveals nothing guessable."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hmac.new(key, raw, hashlib.sha256).hexdigest()


def sha256_hex(data: bytes) -> str:
    """Plain SHA-256 (hex), for payload identity in dead letters."""
    return hashlib.sha256(data).hexdigest()
