"""Fixtures for the enforcement integration tests: incident-stream reader, webhook receiver."""

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from nats.aio.client import Client
from nats.js.api import DeliverPolicy

from agentguard.contracts.enforcement import IncidentEvent, parse_incident_event
from agentguard.contracts.subjects import subject_token

# (headers, body) of every POST the receiver got, in order.
Requests = list[tuple[dict[str, str], bytes]]
ReadIncidents = Callable[[str, float], Awaitable[list[IncidentEvent]]]
StartReceiver = Callable[[int, int], tuple[str, Requests]]


@pytest.fixture
def unique() -> Callable[[str], str]:
    """Ids (tenants, users) no other test uses on the shared server."""
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:10]}"


async def _incident_events(nc: Client, tenant: str, settle_s: float) -> list[IncidentEvent]:
    sub = await nc.jetstream().subscribe(
        f"security.incidents.*.{subject_token(tenant)}",
        ordered_consumer=True,
        deliver_policy=DeliverPolicy.ALL,
    )
    out: list[IncidentEvent] = []
    try:
        while True:
            try:
                msg = await sub.next_msg(timeout=settle_s)
            except TimeoutError:
                return out
            out.append(parse_incident_event(msg.data))
    finally:
        await sub.unsubscribe()


@pytest.fixture
def read_incidents(nc: Client) -> ReadIncidents:
    """Every incident event of a tenant stored so far (waits settle_s for stragglers)."""

    async def read(tenant: str, settle_s: float = 0.3) -> list[IncidentEvent]:
        return await _incident_events(nc, tenant, settle_s)

    return read


@pytest.fixture
def wait_incidents(nc: Client) -> Callable[[str, str, float], Awaitable[list[IncidentEvent]]]:
    """Poll a tenant's incident events until one of `kind` (e.g. 'incident_opened') exists."""

    async def wait(tenant: str, kind: str, timeout_s: float) -> list[IncidentEvent]:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            events = await _incident_events(nc, tenant, 0.2)
            if any(e.kind == kind for e in events):
                return events
            if asyncio.get_running_loop().time() > deadline:
                pytest.fail(f"no {kind} for {tenant} within {timeout_s}s: {events}")

    return wait


@contextmanager
def webhook_receiver(fail_first: int = 0, status: int = 500) -> Iterator[tuple[str, Requests]]:
    """An HTTP server on 127.0.0.1 failing its first `fail_first` POSTs with `status`."""
    requests: Requests = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                requests.append((dict(self.headers.items()), body))
                failing = len(requests) <= fail_first
            self.send_response(status if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            del format, args

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def start_receiver() -> Iterator[StartReceiver]:
    """Start local webhook receivers: start(fail_first, status) -> (url, requests)."""
    with ExitStack() as stack:
        yield lambda fail_first, status: stack.enter_context(webhook_receiver(fail_first, status))


@pytest.fixture(scope="module")
def module_receiver() -> Iterator[tuple[str, Requests]]:
    """One always-accepting webhook receiver for a whole module."""
    with webhook_receiver(0, 500) as got:
        yield got
