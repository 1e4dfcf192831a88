"""What changed in a post since an update or edit of this server, outside its journal: in the Late dashboard, in
another app, or by a later write of this server whose answer was lost (journaled as failed, perhaps carried out).

Undoing the entry would put its old values back over such a change without a word, so it is refused: each field the
entry changed is compared as the post holds it now with what the entry left (its `after`). A field that is back to
the value the undo puts back is no loss; an entry journaled before it kept what it left cannot be checked, and the
undo says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from ..errors import InputError
from ..models.posts import Post
from . import fields
from .journal import Entry

#: a tool -> how this request names it, or None where it cannot have it (`tools._hints.named`)
Named = Callable[[str], "str | None"]
#: what sets each field again by hand (the fields no tool sets: the dashboard)
_SETS = {"text": "posts_update", "time": "posts_update", "title": "posts_update", "draft": "posts_update",
         "recycling": "posts_recycle"}  # fmt: skip


def as_is(tool: str) -> str:
    """Every tool named as it is (a server with all tools; the tool layer passes `named`)."""
    return tool


@dataclass(frozen=True)
class Changed:
    """One field changed since an entry, in words: its value now, as the entry left it, and before the entry."""

    words: str
    now: str
    left: str
    was: str


@dataclass
class Since:
    """The fields of an entry's post changed since it, and those the journal cannot check (it did not keep what the
    entry left), in words."""

    changed: list[Changed] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def compare(entry: Entry, post: Post, zone: tzinfo) -> Since:
    """Each field `entry` (an update or an edit) changed: the post's value now against what the entry left."""
    before, after = _kept(entry.before), _kept(entry.after)
    now = fields.snapshot(post)
    found = Since()
    if entry.action == "edit":
        platform, account = str(before.get("platform")), before.get("accountId")
        now = {"text": fields.text_on(post, platform, str(account) if account else None)}
        key = f"text on {platform}"
        before, after = {"text": before.get("content")}, {"text": after["content"]} if "content" in after else {}
        checked = [("text", key)]
    else:
        checked = [(k, fields.WORDS.get(k, k)) for k in fields.fields_of(before)]
    for key, words in checked:
        if key not in after:
            found.unknown.append(words)
            continue
        is_now, left, was = (fields.value(key, kept) for kept in (now, after, before))
        # the value left, or back to the value the undo puts back: nothing would be lost
        if not (fields.same(key, is_now, left) or fields.same(key, is_now, was)):
            found.changed.append(Changed(words, *(fields.shown(key, v, zone) for v in (is_now, left, was))))
    return found


def refuse_changed(
    entry: Entry, post: Post | None, zone: tzinfo, failed: Sequence[Entry] = (), named: Named = as_is
) -> str:
    """Refused when the post changed since `entry` outside the journal (`failed`: this server's later writes of the
    post journaled as failed, named as a possible cause; `named`: how this request has the tools the hint names);
    else what the plan adds about fields it cannot check."""
    if post is None:
        return ""
    found = compare(entry, post, zone)
    if found.changed:
        where = "in the Late dashboard or another app"
        if failed:
            where += f", or by {_listed(failed)} of this server, journaled as failed though its answer may have been "
            where += "lost after the change was made"
        what = "; ".join(
            f"{fields.the(c.words)} is now {c.now} (entry {entry.id} left {c.left})" for c in found.changed
        )
        old = "; ".join(f"{fields.the(c.words)} was {c.was}" for c in found.changed)
        raise InputError(
            f"Entry {entry.id} cannot be undone: post {entry.post_id} was changed since, outside this server's "
            f"journal ({where}): {what}. Putting entry {entry.id}'s old values back would overwrite that without a "
            "word.",
            hint=f"posts_get shows the post as it is now. To put an old value back all the same, set it by hand "
            f"{_where(entry, found, named)} (before entry {entry.id}, {old}).",
        )
    if not found.unknown:
        return ""
    unknown = ", ".join(fields.the(w) for w in found.unknown)
    return (
        f"; the journal did not keep what entry {entry.id} left ({unknown}), so a change made since outside this "
        "server is not checked: posts_get shows the post as it is now"
    )


def _where(entry: Entry, found: Since, named: Named) -> str:
    """Where the changed fields are set again: "with <tool>" for each tool this request can have, else the
    dashboard."""
    tools = ["posts_edit_published"] if entry.action == "edit" else [_SETS.get(c.words, "") for c in found.changed]
    ways = [f"with {n}" if (n := named(t) if t else None) else "in the Late dashboard" for t in tools]
    return " and ".join(dict.fromkeys(ways))


def _listed(failed: Sequence[Entry]) -> str:
    return ", ".join(f"entry {e.id} ({e.tool})" for e in failed)


def _kept(value: Any) -> dict[str, Any]:
    """An entry's `before` or `after` as a dict (a journal written elsewhere may hold anything)."""
    return value if isinstance(value, dict) else {}
