"""Undoing a group's entry in one step: a series (or the posts a group undo made again) -> its posts not out yet
deleted; the deletes of a series' undo -> each post made again, scheduled for its time while that is ahead, else
as a draft. Each post's outcome is reported; one that fails leaves the entry undoable, to retry the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from ..errors import InputError, KeyedRequestFailed, LateError, clause
from ..models.posts import Post
from ..timeutil import now_utc
from .journal import Entry
from .restore import again_body, requeue_step, unqueued, went_again
from .since import Named, as_is
from .undo import NOT_OUT, Undone, undoing

if TYPE_CHECKING:
    from ..client import LateClient


def plan_series(entry: Entry, posts: dict[str, Post | None], lost: Sequence[str] = ()) -> str:
    """What undoing a series (or the posts a group undo made again) will do: delete its posts not out yet; refused
    when none is left to delete, naming the creates whose answers were `lost` (they may exist all the same)."""
    what = f"entry {entry.id} ({_group(entry)} {len(entry.post_ids)} posts by {entry.tool})"
    waiting = [i for i, p in posts.items() if p is not None and p.status in NOT_OUT]
    if not waiting:
        raise InputError(
            f"{what[0].upper()}{what[1:]} cannot be undone: none of its posts is left to delete.",
            hint=f"Its create(s) whose answers were lost may have been made all the same: {'; '.join(lost)}. Check "
            "posts_list, and delete one found there with posts_delete."
            if lost
            else None,
        )
    kept = [i for i, p in posts.items() if p is not None and p.status not in NOT_OUT]
    gone = [i for i, p in posts.items() if p is None]
    text = f"Undo {what}: delete the {len(waiting)} post(s) not published yet"
    text += f"; {len(kept)} already out stay as they are" if kept else ""
    return text + (f"; {len(gone)} no longer exist" if gone else "")


async def undo_series(
    client: LateClient, entry: Entry, posts: dict[str, Post | None], lost: Sequence[str] = ()
) -> Undone:
    """Carry out `plan_series`: one delete per waiting post (journaled together as one entry by the caller's
    group), each post's outcome reported; a delete the API refuses is reported and the others go on."""
    did = plan_series(entry, posts, lost)
    each, failed = [], []
    token = undoing.set(entry.id)
    try:
        for post_id, post in posts.items():
            if post is None:
                each.append(f"{post_id}: no longer exists")
            elif post.status not in NOT_OUT:
                each.append(f"{post_id}: already {post.status}, cannot be deleted; left as is")
            else:
                outcome = await _delete(client, post_id, post.status)
                each.append(f"{post_id}: {outcome}")
                failed += [outcome] if outcome.startswith("not ") else []
    finally:
        undoing.reset(token)
    waiting = sum(1 for p in posts.values() if p is not None and p.status in NOT_OUT)
    return Undone(entry, did + _partly(entry, waiting, failed, "deleted"), each=each, left=len(failed))


def plan_again(entry: Entry, zone: tzinfo, now: datetime, named: Named = as_is, *, done: bool = False) -> str:
    """What undoing a group's deletes (the undo of a series) will do: make each deleted post again, scheduled for
    its time while that is ahead (`again_body`), else as a draft; those that held a queue slot hold none again
    (`unqueued`), and the question names the person's other way (`done`: said after the undo)."""
    kept = (entry.before or {}).get("posts") or {}
    what = f"entry {entry.id} ({_group(entry)} {len(entry.post_ids)} posts by {entry.tool})"
    if not kept:  # journaled before the group kept its posts' content
        raise InputError(f"{what[0].upper()}{what[1:]} cannot be undone: the journal kept no copy of its posts.")
    timed = sum(1 for before in kept.values() if again_body(before, now)[1] is not None)
    how = (
        "each scheduled for its time as before"
        if timed == len(kept)
        else f"{timed} scheduled for their times as before, the other {len(kept) - timed} as drafts"
        if timed
        else "as drafts"
    )
    queued = [before for before in kept.values() if unqueued(before, again_body(before, now)[1])]
    if queued:
        how += (
            f"; {len(queued)} of them by time, no longer holding a queue slot, so posts queued later can get the "
            "same times" + ("" if done else requeue_step(queued, named, done=False))
        )
    return f"Undo {what}: make the {len(kept)} post(s) again, {how}"


async def undo_again(
    client: LateClient, entry: Entry, done_before: set[str], zone: tzinfo, named: Named = as_is
) -> Undone:
    """Carry out `plan_again`: one post per deleted post from its snapshot (journaled together by the caller's
    group); a post an earlier, partial undo of this entry already made again is not made twice."""
    now = now_utc()  # one clock for what is said and what is done
    did = plan_again(entry, zone, now, named, done=True)
    kept: dict[str, dict[str, Any]] = (entry.before or {}).get("posts") or {}
    each, failed, again = [], [], {}
    token = undoing.set(entry.id)
    try:
        for post_id, before in kept.items():
            if post_id in done_before:
                each.append(f"{post_id}: already made again by an earlier undo")
                continue
            body, at = again_body(before, now)
            try:
                created = await client.posts.create_keyed(body)
            except LateError as exc:
                lost = isinstance(exc, KeyedRequestFailed) and not exc.settled
                failed.append(f"not confirmed (every answer lost, it may have been made: {clause(str(exc))})" if lost
                              else f"not made again ({clause(str(exc))})")  # fmt: skip
                each.append(f"{post_id}: {failed[-1]}")
                continue
            again[post_id] = created.post.id
            slot = ", by time, no longer in its queue slot" if unqueued(before, at) else ""
            each.append(f"{post_id}: made again as {created.post.id}, {went_again(before, at, zone)}{slot}")
    finally:
        undoing.reset(token)
    todo = len(kept) - len(done_before & kept.keys())
    queued = [kept[old] for old in again if unqueued(kept[old], again_body(kept[old], now)[1])]
    step = requeue_step(queued, named, done=True)
    return Undone(
        entry, did + _partly(entry, todo, failed, "made again") + step, each=each, left=len(failed), again=again
    )


def _group(entry: Entry) -> str:
    return "a series of" if entry.action == "series" else f"{entry.action} of"


def _partly(entry: Entry, todo: int, failed: list[str], verb: str) -> str:
    """A group undone in part: how far it got, and that undoing the entry again retries the rest."""
    if not failed:
        return ""
    why = "; ".join(dict.fromkeys(_reason(f) for f in failed))
    lost = sum(1 for f in failed if f.startswith("not confirmed"))
    again = (
        f"check posts_list for the {lost} not confirmed before undoing entry {entry.id} again (that would make them "
        "a second time)"
        if lost
        else f"posts_undo {entry.id} again to retry"
    )
    return f". {todo - len(failed)} of {todo} {verb}; {len(failed)} not {why}; {again}"


def _reason(failed: str) -> str:
    """A failure as it follows "N not": "(its error)", or "confirmed (...)" for a create whose answers were lost."""
    return failed.removeprefix("not deleted ").removeprefix("not made again ").removeprefix("not ")


async def _delete(client: LateClient, post_id: str, status: str | None) -> str:
    try:
        await client.posts.delete(post_id)
    except LateError as exc:
        return f"not deleted ({clause(str(exc))})"
    return f"deleted (was {status})"
