"""Stopping a process someone started in a terminal: the first Ctrl-C (or SIGTERM) stops it cleanly, a second
Ctrl-C forces it.

Handlers here never raise KeyboardInterrupt. An exception raised inside ``Thread.join`` makes CPython 3.11 mark
the joined thread as finished while it still runs (the lock-release path of bpo-45274), so a stop that waited for
the sandbox's server thread did not wait at all: requests in flight were cut off and the store was closed under
the running server. A flag that the waiting code polls has none of that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Coroutine
from types import FrameType, TracebackType
from typing import Any

#: exit status of a forced stop (128 + SIGINT, as a shell reports it)
FORCED = 130
_SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


class StopRequests:
    """SIGINT and SIGTERM while the block runs: the first sets :attr:`requested` and calls ``on_stop``, the second
    exits at once with status 130. Installed only in the main thread (the only one Python delivers signals to)."""

    def __init__(self, name: str, on_stop: Callable[[], None] | None = None) -> None:
        self.name = name
        self.on_stop = on_stop
        self.requested = threading.Event()
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopRequests:
        if threading.current_thread() is threading.main_thread():
            for sig in _SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested.is_set():
            _say(f"{self.name}: forced to stop.")
            os._exit(FORCED)
        self.requested.set()
        _say(f"{self.name}: stopping (press Ctrl-C again to force).")
        if self.on_stop is not None:
            self.on_stop()


def _say(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr closed: stopping matters more than saying so
        sys.stderr.write(f"\n{text}\n")
        sys.stderr.flush()


def serve_until_stopped(
    serve: Callable[[], Coroutine[Any, Any, None]],
    stops: StopRequests,
    *,
    cleanup: Callable[[], None],
    grace: float = 2.0,
) -> None:
    """Run ``serve()`` until it returns or a stop is requested; then cancel it, run ``cleanup`` and return.

    The MCP SDK reads stdin in a worker thread that no cancel can interrupt while a terminal (or a host that sends
    SIGTERM without closing the pipe) keeps stdin open, and the interpreter would wait for that thread forever. So
    when the cancelled server has not finished after ``grace`` seconds, everything else is already closed (the
    session, the API client); ``cleanup`` runs, the output is flushed and the process exits with status 0 instead
    of waiting for a line that will never come.
    """

    async def main() -> None:
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()

        def wake_up() -> None:
            loop.call_soon_threadsafe(wake.set)

        stops.on_stop = wake_up
        if stops.requested.is_set():
            return
        task = asyncio.ensure_future(serve())
        waiter = asyncio.ensure_future(wake.wait())
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if task.done():
            task.result()
            return
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=grace)
        if not done:
            cleanup()
            logging.shutdown()
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            os._exit(0)

    try:
        asyncio.run(main())
    finally:
        cleanup()
