"""A fix for nats-py's pull fetch timeouts, installed by `make_broker`.

nats-py 2.16 raises the builtin `TimeoutError` on two paths of a batch fetch (when less
than about 100 µs of the timeout is left for its lingering pull request) and its own
`nats.errors.TimeoutError` everywhere else. FastStream 0.7's pull loops catch only the
latter. In the batch loop, which fetches until its deadline, the builtin error ends the
loop and throws away the messages already fetched for the batch; FastStream restarts the
task, and JetStream redelivers those messages only after the consumer's ack wait (30 s
for the audit sink). Under bursts, that held back tens of audit records at a time.
"""

import functools
from collections.abc import Awaitable, Callable
from typing import Any

import nats.errors
from nats.aio.msg import Msg
from nats.js.client import JetStreamContext

__all__ = ["install_fetch_timeout_fix"]

_MARK = "_agentguard_fetch_timeout_fix"
Fetch = Callable[..., Awaitable[list[Msg]]]


def install_fetch_timeout_fix() -> None:
    """Make every timeout of `PullSubscription.fetch` a `nats.errors.TimeoutError`.

    Idempotent. The original stays reachable as `fetch.__wrapped__`.
    """
    pull = JetStreamContext.PullSubscription
    original: Fetch = pull.fetch
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    async def fetch(self: Any, *args: Any, **kwargs: Any) -> list[Msg]:
        try:
            return await original(self, *args, **kwargs)
        except nats.errors.TimeoutError:
            raise
        except TimeoutError as exc:
            raise nats.errors.TimeoutError from exc

    setattr(fetch, _MARK, True)
    setattr(pull, "fetch", fetch)  # noqa: B010  (mypy refuses assigning to a method)
