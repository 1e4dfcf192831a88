"""One pass of a confirmed call: each GET it makes is sent once.

A call the person confirms runs its checks more than once: rehearsed before the question, then the question's own
reads (the accounts it names, the post it shows), then the tool for real. Where no person's time passes between
them, the API's answer to the same GET is the same fact, so a pass keeps each successful GET's answer and gives it
again instead of asking the API (`client._transport` asks `remembered`, then `remember`s).

A pass forgets at the moment a person's time passes (`afresh`: the question sent mid-call under the handshake
protocol), so the reads after an answer are made after it. It stops keeping anything at its first write (`wrote`):
reads after a write must see what it did, and a loop that waits for the API to change must reach the API. Nothing
is kept across calls or users: the tool layer opens one pass per round of a confirmed call (`tools._safety`), and
outside a pass nothing is remembered. A leaf: it imports nothing of the project.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any


class _Pass:
    """The answers one pass has had, by request; `keeping` until its first write."""

    def __init__(self) -> None:
        self.answers: dict[Hashable, Any] = {}
        self.keeping = True


_current: ContextVar[_Pass | None] = ContextVar("late_mcp_pass", default=None)


@contextmanager
def one_pass() -> Iterator[None]:
    """Inside, a GET made twice is sent once (until the pass's first write, or `afresh`)."""
    token = _current.set(_Pass())
    try:
        yield
    finally:
        _current.reset(token)


def remembered(key: Hashable) -> tuple[bool, Any]:
    """(True, a copy of the answer) when this pass already had `key`'s answer; else (False, None)."""
    current = _current.get()
    if current is None or not current.keeping or key not in current.answers:
        return False, None
    return True, copy.deepcopy(current.answers[key])


def remember(key: Hashable, answer: Any) -> None:
    """Keep `key`'s answer for the rest of the pass (a copy: the caller may change its own)."""
    current = _current.get()
    if current is not None and current.keeping:
        current.answers[key] = copy.deepcopy(answer)


def afresh() -> None:
    """Forget every answer kept: a person's time passes here, and what they answer must be read after."""
    current = _current.get()
    if current is not None:
        current.answers.clear()


def wrote() -> None:
    """A write is being sent: from here on every read of the pass goes to the API."""
    current = _current.get()
    if current is not None:
        current.keeping = False
        current.answers.clear()
