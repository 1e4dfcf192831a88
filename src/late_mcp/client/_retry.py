"""When to try a request again, and how long to wait first."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
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

    def backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff for attempt 0, 1, 2..."""
        return random.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))


def server_wait(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds the API asked us to wait (Retry-After, else X-RateLimit-Reset when nothing remains)."""
    current = time.time() if now is None else now
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(retry_after).timestamp() - current)
            except (TypeError, ValueError, IndexError):
                pass
    remaining = headers.get("x-ratelimit-remaining")
    reset = headers.get("x-ratelimit-reset")
    if reset and remaining is not None and remaining.strip() == "0":
        try:
            value = float(reset)
        except ValueError:
            return None
        # Reset is documented as unix seconds; tolerate milliseconds and relative seconds too.
        if value > 1e12:
            value /= 1000
        return max(0.0, value - current) if value > 1e9 else max(0.0, value)
    return None
