"""The journal of a stateless server: over HTTP nothing is kept on the machine, so each post this server creates
carries a stamp in its own `metadata` (`{"lateMcp": {"journal": <id>, "at": ..., "tool": ...}}`). Any replica can
then find what it created (history, undo of a create, the daily cap) by reading the API's posts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..models.posts import Post
from .journal import Entry

if TYPE_CHECKING:
    from ..client.posts import Posts

KEY = "lateMcp"
#: how many pages of 100 posts are read for stamps (newest first is not guaranteed, so a bound, not a cutoff)
PAGES = 3


def stamped(payload: dict[str, Any], *, tool: str, now: datetime, group: int | None = None) -> dict[str, Any]:
    """The create body with this server's stamp added to its metadata (the id is the time in ms: unique enough
    per account, and an int like a journal entry's). The posts of a group (a series) share the group's id and
    say so, and are read back as one entry."""
    mark: dict[str, Any] = {"journal": int(now.timestamp() * 1000), "at": now.isoformat(), "tool": tool or "late-mcp"}
    if group is not None:
        mark.update(journal=group, group=True)
    given = payload.get("metadata")
    metadata: dict[str, Any] = given if isinstance(given, dict) else {}
    return {**payload, "metadata": {**metadata, KEY: mark}}


def entry_of(post: Post) -> Entry | None:
    """A journal entry read back from a post's stamp; None for posts this server did not create."""
    metadata = (post.model_extra or {}).get("metadata")
    mark = metadata.get(KEY) if isinstance(metadata, dict) else None
    if not isinstance(mark, dict) or not isinstance(mark.get("journal"), int):
        return None
    try:
        at = datetime.fromisoformat(str(mark.get("at")))
    except ValueError:
        return None
    grouped = mark.get("group") is True
    action = "series" if grouped else "publish" if mark.get("tool") == "posts_publish_now" else "create"
    return Entry(
        id=mark["journal"],
        at=at,
        tool=str(mark.get("tool") or ""),
        action=action,
        post_id="" if grouped else post.id,
        platforms=tuple(p.platform for p in post.platforms),
        accounts=tuple(p.account_id or "" for p in post.platforms),
        outcome="ok",
        after={"post_ids": [post.id], "what": _what(1)} if grouped else {"status": post.status},
    )


async def stamped_entries(posts: Posts) -> list[Entry]:
    """The entries of every stamped post the API still has, newest first; a group's posts as one entry."""
    entries: dict[int, Entry] = {}
    async for post in posts.iterate(max_pages=PAGES):
        entry = entry_of(post)
        if entry is None:
            continue
        known = entries.get(entry.id)
        if known is not None and known.action == entry.action == "series":
            ids = [*known.post_ids, *entry.post_ids]
            entry = replace(
                known,
                platforms=tuple(dict.fromkeys(known.platforms + entry.platforms)),
                accounts=tuple(dict.fromkeys(known.accounts + entry.accounts)),
                after={"post_ids": ids, "what": _what(len(ids))},
            )
        entries[entry.id] = entry
    return sorted(entries.values(), key=lambda e: e.id, reverse=True)


def _what(posts: int) -> str:
    return f"{posts} post(s) of a series, still there"
