"""TLS (and mTLS) to NATS is configuration only: the same broker factory, new settings."""

import datetime as dt
import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from nats.errors import NoServersError

from agentguard.shared.broker import make_broker, provision_streams
from agentguard.shared.natsserver import EmbeddedNats
from agentguard.shared.settings import NatsSettings

pytestmark = pytest.mark.integration


def _key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return key


def _cert(
    path: Path,
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[str, ec.EllipticCurvePrivateKey] | None,
    *,
    ca: bool = False,
) -> None:
    now = dt.datetime.now(dt.UTC)
    issuer_name, issuer_key = issuer or (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    cert = builder.sign(issuer_key, hashes.SHA256())
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


@pytest.fixture
def pki(tmp_path: Path) -> Path:
    ca_key = _key(tmp_path / "ca.key")
    _cert(tmp_path / "ca.crt", "agentguard-test-ca", ca_key, None, ca=True)
    for name in ("server", "client"):
        key = _key(tmp_path / f"{name}.key")
        _cert(tmp_path / f"{name}.crt", name, key, ("agentguard-test-ca", ca_key))
    return tmp_path


async def test_workers_connect_over_mutual_tls(pki: Path) -> None:
    args = (
        "--tlsverify",
        "--tlscert", str(pki / "server.crt"),
        "--tlskey", str(pki / "server.key"),
        "--tlscacert", str(pki / "ca.crt"),
    )  # fmt: skip
    with EmbeddedNats(pki / "nats", extra_args=args) as server:
        settings = NatsSettings(
            url=f"tls://127.0.0.1:{server.port}",
            tls_ca=pki / "ca.crt",
            tls_cert=pki / "client.crt",
            tls_key=pki / "client.key",
        )
        broker = make_broker(settings, name="tls-test")
        await broker.start()
        try:
            assert await broker.ping(timeout=2.0)
        finally:
            await broker.stop()
        await provision_streams(settings)


async def test_client_without_certificate_is_refused(pki: Path) -> None:
    args = (
        "--tlsverify",
        "--tlscert", str(pki / "server.crt"),
        "--tlskey", str(pki / "server.key"),
        "--tlscacert", str(pki / "ca.crt"),
    )  # fmt: skip
    with EmbeddedNats(pki / "nats", extra_args=args) as server:
        settings = NatsSettings(
            url=f"tls://127.0.0.1:{server.port}", tls_ca=pki / "ca.crt", connect_timeout_s=1
        )
        with pytest.raises((NoServersError, OSError)):
            await provision_streams(settings)
