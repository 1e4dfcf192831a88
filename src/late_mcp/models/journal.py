"""Results of the journal tools: what this server did, and what an undo did."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from ._base import Result


class HistoryEntry(Result):
    id: int = Field(description="Pass to posts_undo")
    at: datetime = Field(description="In the user's time zone")
    tool: str
    action: str = Field(description="create, publish, update, delete, retry, unpublish, edit, review, series")
    post_id: str | None = None
    what: str | None = Field(
        None, description="What changed (recycling, fields, platform, review); a series: its posts, dates, rhythm"
    )
    platforms: list[str] = Field(default_factory=list)
    outcome: str = Field(description="ok, or what went wrong")
    undone_by: int | None = None
    undoes: int | None = None


class History(Result):
    entries: list[HistoryEntry]
    journal: str = Field(description="Where the journal is, or why it is unavailable")
    more: str | None = None


class UndoResult(Result):
    entry_id: int
    summary: str = Field(description="What was undone; tell the user")
    by_hand: list[str] = Field(default_factory=list, description="What the user must remove themselves")
    posts: list[str] | None = Field(None, description="A series: what happened to each of its posts")


class LiveChange(Result):
    post_id: str
    platform: str | None = None
    status: str | None = Field(None, description="The post's status after the change")
    new_id: str | None = Field(None, description="X: an edit is a new post with this id")
    summary: str

    @classmethod
    def of(cls, post_id: str, platform: str | None, answer: dict[str, Any], summary: str) -> LiveChange:
        found = answer.get("post")
        post: dict[str, Any] = found if isinstance(found, dict) else {}
        status = answer.get("status") or post.get("status")
        new_id = answer.get("id") if platform == "twitter" else None
        return cls(post_id=post_id, platform=platform, status=status, new_id=new_id, summary=summary)
