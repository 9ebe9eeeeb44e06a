"""The test server really is a nats-server with JetStream."""

import pytest
from nats.aio.client import Client

pytestmark = pytest.mark.integration


async def test_server_has_jetstream(nc: Client) -> None:
    info = await nc.jetstream().account_info()
    assert info.limits is not None
    assert nc.connected_server_version.major >= 2
