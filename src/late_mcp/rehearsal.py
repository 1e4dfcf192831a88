"""A rehearsal: a tool run up to its first write, so every check it makes before sending (arguments, accounts,
platform rules, guard rails) runs and nothing is sent.

The tool layer rehearses a call before it asks the person to confirm it (`tools._safety`): a call the checks refuse
is refused then, never asked about. The stop is in the client's transport (`client._transport`), the one door every
request passes, so no tool needs a separate list of its checks; reads go through as usual. A leaf: it imports
nothing, so the tool layer can use it without loading the client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: whether the call being served is a rehearsal
rehearsing: ContextVar[bool] = ContextVar("late_mcp_rehearsing", default=False)

_READS = ("GET", "HEAD", "OPTIONS")


class Rehearsed(BaseException):
    """Raised instead of a rehearsal's first write: every check before it passed.

    A BaseException, so no `except LateError` or `except Exception` on the way turns it into an outcome or a
    journal entry.
    """


def stop_before(method: str, what: str) -> None:
    """Raise `Rehearsed` instead of sending a write (`method` other than a read) during a rehearsal."""
    if rehearsing.get() and method.upper() not in _READS:
        raise Rehearsed(f"{method.upper()} {what}")


@contextmanager
def rehearsal() -> Iterator[None]:
    """Inside, no write leaves this process."""
    token = rehearsing.set(True)
    try:
        yield
    finally:
        rehearsing.reset(token)
