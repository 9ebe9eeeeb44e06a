"""Worker process plumbing: the ASGI app with health routes, and running it."""

from collections.abc import Awaitable, Callable, Sequence

import uvicorn
from faststream.asgi import AsgiFastStream, AsgiResponse, get, make_ping_asgi
from faststream.asgi.types import Scope
from faststream.nats import NatsBroker
from faststream.specification import AsyncAPI

__all__ = ["build_asgi", "serve"]


@get(include_in_schema=False)
async def _live(scope: Scope) -> AsgiResponse:
    # Liveness must not depend on NATS: a broker outage is not a reason to restart pods.
    del scope
    return AsgiResponse(b'{"status":"live"}', 200)


def build_asgi(
    broker: NatsBroker,
    *,
    title: str,
    description: str,
    on_startup: Sequence[Callable[[], Awaitable[None]]] = (),
    after_startup: Sequence[Callable[[], Awaitable[None]]] = (),
    on_shutdown: Sequence[Callable[[], Awaitable[None]]] = (),
    after_shutdown: Sequence[Callable[[], Awaitable[None]]] = (),
) -> AsgiFastStream:
    """FastStream ASGI app exposing /healthz (liveness) and /readyz (broker ping)."""
    app = AsgiFastStream(
        broker,
        asgi_routes=[
            ("/healthz", _live),
            ("/readyz", make_ping_asgi(broker, timeout=2.0, include_in_schema=False)),
        ],
        specification=AsyncAPI(broker, title=title, description=description, version="1.0"),
    )
    for hook in on_startup:
        app.on_startup(hook)
    for hook in after_startup:
        app.after_startup(hook)
    for hook in on_shutdown:
        app.on_shutdown(hook)
    for hook in after_shutdown:
        app.after_shutdown(hook)
    return app


def serve(app: AsgiFastStream, host: str, port: int) -> None:
    """Run the worker until SIGINT/SIGTERM; uvicorn's lifespan drains the broker."""
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on")
