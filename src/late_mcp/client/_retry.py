"""When to try a request again, how long to wait first, and how long one tool call may wait in all."""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

#: methods whose repetition cannot create anything twice
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    #: the longest wait we accept from the API's own Retry-After / reset headers
    max_wait: float = 30.0
    #: the longest all the waits of one tool call may add up to (MCP hosts often give up on a call after 60 s)
    max_total_wait: float = 20.0

    def backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff for attempt 0, 1, 2..."""
        return random.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))

    def in_flight_wait(self, attempt: int) -> float:
        """After a 409 "key still in flight": a short, growing wait, without jitter (one client, one key)."""
        return float(min(self.max_delay, self.base_delay * (2**attempt)))


#: seconds already waited by the tool call running in this context (a one-item list, shared by its tasks)
_WAITED: ContextVar[list[float] | None] = ContextVar("late_mcp_waited", default=None)


@contextlib.contextmanager
def one_call() -> Iterator[None]:
    """Every wait of the requests made inside counts against one total: `RetryPolicy.max_total_wait`."""
    token = _WAITED.set([0.0])
    try:
        yield
    finally:
        _WAITED.reset(token)


def waited() -> list[float]:
    """The running tool call's count of seconds waited; outside `one_call`, a new count (one request's)."""
    return _WAITED.get() or [0.0]


#: a wait beyond this many seconds (about a year) is no wait at all, only "too long"
ABSURD = 3e7


def server_wait(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds the API asked us to wait (Retry-After, else X-RateLimit-Reset when nothing remains).

    An infinite or absurd value (`inf`, `1e400`) is `math.inf`: "too long", never a number to print or round.
    """
    return _sane(_asked_wait(headers, time.time() if now is None else now))


def _sane(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return math.inf if value > ABSURD else value


def _asked_wait(headers: Mapping[str, str], current: float) -> float | None:
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            seconds = float(retry_after)
            return None if math.isnan(seconds) else max(0.0, seconds)
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(retry_after).timestamp() - current)
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
    remaining = headers.get("x-ratelimit-remaining")
    reset = headers.get("x-ratelimit-reset")
    if reset and remaining is not None and remaining.strip() == "0":
        try:
            value = float(reset)
        except ValueError:
            return None
        if math.isnan(value):
            return None
        # Reset is documented as unix seconds; tolerate milliseconds and relative seconds too.
        if value > 1e12:
            value /= 1000
        return max(0.0, value - current) if value > 1e9 else max(0.0, value)
    return None
