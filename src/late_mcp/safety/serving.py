"""What the tool call being served is doing: which tool it is (set by the tool layer), and the group its writes
are collected in when one step makes several (a series). Read where writes are journaled and stamped.

Apart from the client on purpose: the tool layer imports it, and a server answers `initialize` and `tools/list`
without loading httpx or the API client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .guards import Target

current_tool: ContextVar[str] = ContextVar("late_mcp_current_tool", default="")


@dataclass(frozen=True)
class Made:
    """One successful write made inside `grouped()`."""

    action: str
    post_id: str
    targets: tuple[Target, ...]
    at: datetime
    #: what the post was before the write (a delete: its snapshot, so the group's undo can make it again)
    before: dict[str, Any] | None = None


@dataclass
class Group:
    """The writes of one step the person thinks of as one (a series, the undo of a series)."""

    made: list[Made] = field(default_factory=list)
    #: its journal entry once written: saving the group again amends that entry (a series is saved after each
    #: post, so a server killed mid-run leaves the posts already made undoable)
    entry: int | None = None
    #: over stateless HTTP, the stamp its posts share (milliseconds, like every stamp's id)
    id: int = field(default_factory=lambda: int(datetime.now(timezone.utc).timestamp() * 1000))

    @property
    def post_ids(self) -> list[str]:
        return [m.post_id for m in self.made]


_group: ContextVar[Group | None] = ContextVar("late_mcp_group", default=None)


def current_group() -> Group | None:
    """The group the writes being made now belong to, if any."""
    return _group.get()


@contextmanager
def grouped() -> Iterator[Group]:
    """Writes made inside are not journaled one by one but collected, for `SafePosts.record_group` to journal
    as one entry (so posts_undo takes them back in one step); failures inside are the caller's to report."""
    group = Group()
    token = _group.set(group)
    try:
        yield group
    finally:
        _group.reset(token)
