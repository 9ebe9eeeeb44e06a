"""Streaming helper: send a model's output chunk by chunk, deliver only what the mesh releases.

    stream = guard.stream_output(session_id="s-1", system_prompt=prompt)
    async for token in llm_tokens():
        verdict = await stream.send(token)
        if verdict.action is ChunkAction.STOP:
            break  # a blocking leak: stop the model and deliver nothing more
        deliver(verdict.emit)
    deliver((await stream.close()).emit)

`emit` may be empty while the mesh holds back a tail it cannot judge yet; `close()` releases
the rest. After a stop every further `send` returns the stop without asking the mesh.
"""

import nats.errors
from nats.aio.client import Client

from agentguard.client.errors import GuardTimeoutError, NoRespondersError, RejectedError
from agentguard.contracts import ErrorReply, Identity, PolicyHints, new_id
from agentguard.contracts.streaming import (
    ChunkAction,
    ChunkVerdict,
    OutputChunk,
    RedactionMode,
    output_stream_subject,
    parse_chunk_reply,
)

__all__ = ["OutputStream"]


class OutputStream:
    """One streamed model response; numbers chunks and remembers a stop."""

    def __init__(
        self,
        nc: Client,
        *,
        stream_id: str | None = None,
        identity: Identity | None = None,
        system_prompt: str | None = None,
        canaries: tuple[str, ...] = (),
        destination: str = "user",
        redaction: RedactionMode | None = None,
        policy: PolicyHints | None = None,
        timeout_s: float = 2.0,
    ) -> None:
        self._nc = nc
        self.stream_id = stream_id or new_id()
        self._identity = identity or Identity()
        self._system_prompt = system_prompt
        self._canaries = canaries
        self._destination: str = "tool" if destination == "tool" else "user"
        self._redaction = redaction
        self._policy = policy or PolicyHints()
        self._timeout_s = timeout_s
        self._seq = 0
        self._last: ChunkVerdict | None = None
        self.vaults: list[str] = []

    @property
    def stopped(self) -> bool:
        """Whether the mesh stopped this stream."""
        return self._last is not None and self._last.action is ChunkAction.STOP

    def chunk(self, text: str, *, final: bool = False, seq: int | None = None) -> OutputChunk:
        """The next chunk message (system prompt on the first only); seq for replays."""
        number = self._seq if seq is None else seq
        return OutputChunk(
            correlation_id=self.stream_id,
            stream_id=self.stream_id,
            seq=number,
            text=text,
            final=final,
            identity=self._identity,
            system_prompt=self._system_prompt if number == 0 else None,
            canaries=self._canaries,
            destination="tool" if self._destination == "tool" else "user",
            redaction=self._redaction,
            policy=self._policy,
        )

    async def send(self, text: str, *, final: bool = False) -> ChunkVerdict:
        """Judge the next chunk; returns what may be delivered now."""
        if self.stopped and self._last is not None:
            return self._last
        message = self.chunk(text, final=final)
        self._seq += 1
        verdict = await self.send_chunk(message)
        self._last = verdict
        if verdict.vault:
            self.vaults.append(verdict.vault)
        return verdict

    async def close(self) -> ChunkVerdict:
        """Send the final (empty) chunk: the mesh releases everything it held."""
        return await self.send("", final=True)

    async def send_chunk(self, message: OutputChunk) -> ChunkVerdict:
        """Send one prepared chunk as is (for replays and out-of-order delivery)."""
        subject = output_stream_subject(message.stream_id)
        try:
            msg = await self._nc.request(
                subject, message.model_dump_json().encode(), timeout=self._timeout_s
            )
        except nats.errors.NoRespondersError:
            raise NoRespondersError(subject) from None
        except nats.errors.TimeoutError:
            raise GuardTimeoutError(subject, self._timeout_s, message.message_id) from None
        reply = parse_chunk_reply(msg.data)
        if isinstance(reply, ErrorReply):
            raise RejectedError(reply.code, reply.reason, reply.request_id)
        return reply
