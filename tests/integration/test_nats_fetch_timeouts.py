"""nats-py's builtin TimeoutError from a pull fetch, and our fix (`agentguard.shared.natsfix`)."""

from collections import Counter
from collections.abc import Awaitable, Callable

import nats.errors
import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import StreamConfig
from nats.js.client import JetStreamContext

from agentguard.shared.natsfix import install_fetch_timeout_fix

pytestmark = pytest.mark.integration

# around the ~100 µs nats-py keeps back for its lingering pull request
TINY_TIMEOUTS_S = (0.0001, 0.0003, 0.0005)
TRIES = 300


async def _timeouts(fetch: Callable[[float], Awaitable[list[Msg]]]) -> Counter[str]:
    kinds: Counter[str] = Counter()
    for i in range(TRIES):
        try:
            await fetch(TINY_TIMEOUTS_S[i % len(TINY_TIMEOUTS_S)])
        except nats.errors.TimeoutError:
            kinds["nats"] += 1
        except TimeoutError:
            kinds["builtin"] += 1
    return kinds


async def test_every_fetch_timeout_is_one_faststream_catches(nc: Client) -> None:
    install_fetch_timeout_fix()
    install_fetch_timeout_fix()  # idempotent: still one wrapper
    fetch = JetStreamContext.PullSubscription.fetch
    original = fetch.__wrapped__  # type: ignore[attr-defined]
    assert not hasattr(original, "__wrapped__")
    js = nc.jetstream()
    await js.add_stream(StreamConfig(name="FETCH_TIMEOUTS", subjects=["fetch-timeouts.>"]))
    try:
        sub = await js.pull_subscribe("fetch-timeouts.>", durable="d", stream="FETCH_TIMEOUTS")
        # The upstream behaviour the fix exists for: if this starts failing, nats-py fixed it
        # and the fix can go.
        unfixed = await _timeouts(lambda t: original(sub, batch=10, timeout=t))
        assert unfixed["builtin"] > 0
        fixed = await _timeouts(lambda t: sub.fetch(batch=10, timeout=t))
        assert fixed["builtin"] == 0
        assert fixed["nats"] > 0
    finally:
        await js.delete_stream("FETCH_TIMEOUTS")
