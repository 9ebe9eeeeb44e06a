"""Latency the output-checker adds per streamed chunk (`make bench`, output part).

1. In process: `process_chunk` alone (the window scan, leak matchers, redaction), per chunk
   size, with a ~300-word system prompt and a session canary, as a user and a tool stream.
2. Over NATS: a real nats-server and the real output-checker worker process(es); each
   chunk is one request-reply, compared with a bare echo responder on the same server, so
   the difference is what the checker adds to a token stream. Measured with windows in
   the replica's memory, and with two replicas sharing windows through the KV bucket.
"""

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nats

from agentguard.cli.mesh import WORKERS, Mesh
from agentguard.client import GuardClient
from agentguard.contracts.streaming import RedactionMode
from agentguard.engines import EnginePolicy
from agentguard.output_checker.core import OutputRules
from agentguard.output_checker.leaks import PromptIndex
from agentguard.output_checker.stream import StreamLimits, StreamState, process_chunk
from agentguard.output_checker.textview import default_normalizer
from agentguard.shared.keystore import generate_key
from agentguard.shared.natsserver import EmbeddedNats

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devdata

NORM = default_normalizer()
CANARY = "agc-q7m2xkc4vd9hyt3bwzr5nfsa"


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    q = statistics.quantiles(ordered, n=100)
    return f"{q[49]:.3f} | {q[94]:.3f} | {q[98]:.3f} | {ordered[-1]:.3f}"


def corpus() -> tuple[str, list[str]]:
    rows = devdata.load("jailbreak_jackhhao_classification.jsonl")
    prompts = [r["text"] for r in rows if r["label"] == 0 and len(r["text"].split()) > 150]
    answers = [r["text"] for r in devdata.load("benign_alpaca_5000.jsonl")]
    return prompts[0][:2000], answers


def in_process(chunk_sizes: list[int], streams: int, answers: list[str], prompt: str) -> None:
    rules = OutputRules(normalizer=NORM, digest_key=b"bench", tool_allowlist=("example.com",))
    index = PromptIndex.build(prompt, NORM)
    rng = random.Random(7)
    print("\n## In process: `process_chunk` per chunk (ms)\n")
    print("| destination | chunk chars | chunks | p50 | p95 | p99 | max |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for destination in ("user", "tool"):
        for size in chunk_sizes:
            samples: list[float] = []
            for _ in range(streams):
                text = " ".join(rng.sample(answers, 6))
                state = StreamState(
                    stream_id="b",
                    policy=EnginePolicy(),
                    index=index,
                    canaries=(CANARY,),
                    destination=destination,
                    redaction=RedactionMode.PLACEHOLDER,
                )
                pieces = [text[i : i + size] for i in range(0, len(text), size)]
                for seq, piece in enumerate(pieces):
                    t0 = time.perf_counter()
                    process_chunk(
                        state,
                        seq,
                        piece,
                        seq == len(pieces) - 1,
                        rules=rules,
                        limits=StreamLimits(),
                    )
                    samples.append((time.perf_counter() - t0) * 1000)
            print(f"| {destination} | {size} | {len(samples)} | {percentiles(samples)} |")


async def over_nats(
    url: str, chunks: int, size: int, answers: list[str], prompt: str, *, label: str
) -> None:
    nc = await nats.connect(url)

    async def echo(msg: nats.aio.msg.Msg) -> None:
        await msg.respond(msg.data)

    await nc.subscribe("bench.echo", cb=echo)
    guard = GuardClient(nc)
    rng = random.Random(11)
    text = " ".join(rng.sample(answers, 200))
    pieces = [text[i : i + size] for i in range(0, len(text), size)][:chunks]
    base: list[float] = []
    checked: list[float] = []
    stream = guard.stream_output(system_prompt=prompt, canaries=(CANARY,))
    for piece in pieces:
        message = stream.chunk(piece).model_dump_json().encode()
        t0 = time.perf_counter()
        await nc.request("bench.echo", message, timeout=2)
        base.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        await stream.send(piece)
        checked.append((time.perf_counter() - t0) * 1000)
    await stream.close()
    await nc.drain()
    print(f"\n## Over NATS, {label}: one request-reply per {size}-char chunk (ms)\n")
    print("| path | chunks | p50 | p95 | p99 | max |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| echo responder (transport only) | {len(base)} | {percentiles(base)} |")
    print(f"| output-checker | {len(checked)} | {percentiles(checked)} |")
    added = statistics.median(checked) - statistics.median(base)
    print(f"\nMedian latency added by the output-checker per chunk: **{added:.3f} ms**")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=40, help="streams per in-process row")
    parser.add_argument("--chunks", type=int, default=2000, help="chunks over NATS")
    parser.add_argument("--no-mesh", action="store_true", help="skip the NATS measurement")
    args = parser.parse_args()
    prompt, answers = corpus()
    print("# Output-checker: latency per streamed chunk")
    print(f"\nSystem prompt: {len(prompt.split())} words; one session canary; window 1024.")
    in_process([4, 16, 64, 256], args.streams, answers, prompt)
    if args.no_mesh:
        return
    modes = (
        ("windows in the replica (stream_state=memory)", {}),
        (
            "2 replicas sharing windows in KV (stream_state=kv)",
            {
                "AGENTGUARD_OUTPUT_CHECKER_STREAM_STATE": "kv",
                "AGENTGUARD_OUTPUT_CHECKER_REDACTION_KEYS": json.dumps([generate_key()]),
            },
        ),
    )
    for label, env in modes:
        with tempfile.TemporaryDirectory() as tmp:
            server = EmbeddedNats(Path(tmp) / "nats").start()
            mesh = Mesh(root=Path(tmp), nats_url=server.url, extra_env=env)
            try:
                for name, module, prefix in WORKERS:
                    if name == "output-checker":
                        for index in range(2 if env else 1):
                            mesh.spawn(name, module, prefix, index)
                mesh.wait_ready(60)
                asyncio.run(over_nats(server.url, args.chunks, 16, answers, prompt, label=label))
            finally:
                mesh.stop()
                server.stop()


if __name__ == "__main__":
    main()
