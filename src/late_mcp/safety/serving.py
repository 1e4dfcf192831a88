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


@dataclass(frozen=True)
class Lost:
    """A create inside `grouped()` whose every answer was lost and whose post was not found afterwards: it may
    still have been made (as a posts_create's lost create may), so the group's entry names it for the person to
    check; nothing can undo it, since its post is not known."""

    #: when it was to go out (the `scheduledFor` sent, UTC), None for a draft or "now"
    at: str | None
    text: str
    targets: tuple[Target, ...]
    #: the failure, so the create is forgotten here once its post is found after all
    failure: object = field(compare=False, repr=False)

    def kept(self) -> dict[str, Any]:
        """As the group's journal entry keeps it (in `after["lost"]`)."""
        return {"at": self.at, "text": self.text, "platforms": [t.platform for t in self.targets]}


@dataclass
class Group:
    """The writes of one step the person thinks of as one (a series, the undo of a series)."""

    made: list[Made] = field(default_factory=list)
    #: creates whose answers were all lost and whose posts were not found
    lost: list[Lost] = field(default_factory=list)
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
