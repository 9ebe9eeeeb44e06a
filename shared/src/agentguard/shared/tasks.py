"""Background work that must not delay a reply but must finish before shutdown."""

import asyncio
from collections.abc import Coroutine
from typing import Any

__all__ = ["TaskTracker"]


class TaskTracker:
    """Keeps strong references to fire-and-forget tasks and drains them on shutdown."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Start coro in the background."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout_s: float = 5.0) -> None:
        """Wait for pending tasks, up to timeout_s."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout_s)

    @property
    def pending(self) -> int:
        """How many tasks are still running."""
        return len(self._tasks)
