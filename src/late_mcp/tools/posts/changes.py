"""The detail of a posts_history line: what one journaled write changed, in words.

Read from what the entry kept (`before`: the previous values; `after`: what the write left) and shown in the
person's time zone: recycling turned on with its rhythm, changed, or turned off; the fields an update changed;
the platform an edit or an unpublish touched; a review's decision. A group's entry (a series) carries its own
line in `after["what"]`, followed here by its creates whose answers were all lost (`after["lost"]`), for the person
to check. An entry journaled before a detail was kept says as much as it can; a failed write changed nothing, so
its line is its outcome alone.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from pydantic import ValidationError

from ...models.posts import RecyclingState
from ...safety.fields import WORDS, own_times, quoted
from ...safety.journal import Entry
from ...timeutil import local
from .recycle import shown

#: the fields an update's line names in words (a time is said with what it was)
_NAMED = ("content", "title", "mediaItems", "platforms", "isDraft")
#: a history line names this many lost creates of a series and counts the rest: one line of 56 was over 5 KB
LOST_NAMED = 10
_REVIEWED = {"approve": "approved: scheduled", "reject": "rejected: back to draft"}


def what_changed(entry: Entry, zone: tzinfo) -> str | None:
    """The words after the action on a history line, or None when the action says it all (create, delete...)."""
    before, after = _kept(entry.before), _kept(entry.after)
    if "what" in after or not entry.post_id:
        lost = lost_creates(entry, zone)
        named = "; ".join(lost[:LOST_NAMED]) + (
            f"; and {len(lost) - LOST_NAMED} more, the last {lost[-1]}" if len(lost) > LOST_NAMED else ""
        )
        tail = (
            f"every answer lost for {len(lost)} create(s) and no post found, but it may still appear (check "
            f"posts_list before sending it again; undo cannot remove it): {named}"
        )
        found = [str(after["what"])] if after.get("what") else []
        return "; ".join(found + ([tail] if lost else [])) or None
    platform = before.get("platform")
    if entry.action == "update":
        return _update(before, after, zone)
    if entry.action == "edit" and platform:
        return f"text edited on {platform} (was {quoted(before.get('content'))})"
    if entry.action == "unpublish" and platform:
        return f"unpublished from {platform}"
    if entry.action == "review":
        return _REVIEWED.get(str(before.get("decision")))
    return None


def lost_creates(entry: Entry, zone: tzinfo) -> list[str]:
    """A group's creates whose answers were all lost (`after["lost"]`): 'Mon 2027-03-08 09:00 on bluesky 'text''."""
    kept = _kept(entry.after).get("lost")
    if not isinstance(kept, list):
        return []
    return [
        f"{_local(lost['at'], zone) if lost.get('at') else 'not scheduled'} on {_listed(lost.get('platforms'))}"
        f" {quoted(lost.get('text'))}"
        for lost in kept
        if isinstance(lost, dict)
    ]


def _update(before: dict[str, Any], after: dict[str, Any], zone: tzinfo) -> str | None:
    parts = [_recycling(before["recycling"], after, zone)] if "recycling" in before else []
    timed = "scheduledFor" in before  # a time given or moved: isDraft is kept with it, for the undo
    # not changes of their own: isDraft is kept with a time, and the targets are resent whole with a YouTube title
    # or with their own times moved with the post's
    said = {"isDraft", "platforms"} if timed else set()
    said |= {"platforms"} if "title" in before else set()
    fields = [WORDS[key] for key in _NAMED if key in before and key not in said]
    if timed:
        was = before["scheduledFor"]
        fields.append("time (was a draft)" if before.get("isDraft") or not was else f"time (was {_local(was, zone)})")
        fields[-1] += " with the platforms' own times" if own_times(before) else ""
    if fields:
        parts.append("changed " + ", ".join(fields))
    return "; ".join(parts) or None


def _recycling(was: dict[str, Any] | None, after: dict[str, Any], zone: tzinfo) -> str:
    """Recycling turned on (with its rhythm), changed (new and old rhythm), or turned off (with the old one)."""
    old = _rhythm(was, zone)
    then = f" (was {old})" if old else ""
    new = _rhythm(after["recycling"], zone) if "recycling" in after else ""
    if "" in (old, new):  # journaled before the new settings were kept, or not readable here
        return "recycling changed" + then
    if new is None:
        return "recycling turned off" + then
    if old is None:
        return f"recycling turned on: {new}"
    return f"recycling changed: {new}{then}"


def _rhythm(config: dict[str, Any] | None, zone: tzinfo) -> str | None:
    """'every 2 months, ends after 2027-12-31 23:59, 2 text variations'; None when recycling is off, '' when the
    settings cannot be read (kept by another version)."""
    if not config or (isinstance(config, dict) and config.get("enabled") is False):
        return None
    try:
        out = shown(RecyclingState.model_validate(config), zone)
    except ValidationError:
        return ""
    if out is None:
        return None
    text = f"every {out.every}"
    text += f", ends {out.ends}" if out.ends else ""
    return text + (f", {out.variations} text variations" if out.variations else "")


def _kept(value: Any) -> dict[str, Any]:
    """An entry's `before` or `after` as a dict (a journal written elsewhere may hold anything)."""
    return value if isinstance(value, dict) else {}


def _listed(platforms: Any) -> str:
    return platforms if isinstance(platforms, str) else ", ".join(str(p) for p in platforms or [])


def _local(value: Any, zone: tzinfo) -> str:
    try:
        return f"{local(datetime.fromisoformat(str(value)), zone):%a %Y-%m-%d %H:%M}"
    except ValueError:
        return str(value)
