"""Reversing one journal entry: what undoing it means, and doing it.

create (not out yet) -> delete; create or publish that went out -> unpublish each live platform, a retry each one
it published again (where the API can: not Instagram, TikTok or Snapchat); an unpublish cannot be undone; update ->
the previous fields put back; delete -> the post made again with its content, media and targets, scheduled for its
time (each target at its own) while that is ahead (a queued post by time, no longer holding its slot, which the
question and answer say), else as a draft; edit of a live post -> the previous text. A
group's entry (a series, the deletes of its undo) is undone in `undo_group`. The writes go through the guarded,
journaled client, marked (`undoing`) as undoing the entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from ..errors import InputError, LateError
from ..models.posts import EDITABLE, PlatformTarget, Post
from ..timeutil import now_utc, parse_api_datetime
from ..wallclock import local_label
from .fields import fields_of, put_back, said
from .journal import Entry, Journal
from .live import UNPUBLISHABLE
from .restore import again_body, refuse_past, requeue_step, restore_body, unqueued, went_again
from .since import Named, as_is, refuse_changed

if TYPE_CHECKING:
    from ..client import LateClient

#: the journal entry the writes in progress undo (SafePosts records it on their own entries)
undoing: ContextVar[int | None] = ContextVar("late_mcp_undoing", default=None)

#: a post in these has not gone out: undoing its create deletes it
NOT_OUT = ("draft", "scheduled", "failed", "pending_approval", "cancelled")
_WENT_OUT = ("create", "publish", "retry")


@dataclass
class Undone:
    """What undoing did, and what is left for the person to do by hand."""

    entry: Entry
    did: str
    by_hand: list[str] = field(default_factory=list)
    #: a series: what happened to each of its posts
    each: list[str] = field(default_factory=list)
    #: a group: how many of its posts could not be done (the entry then stays undoable, to retry them)
    left: int = 0
    #: a group delete undone: each deleted post's id -> the id of the draft made again from it
    again: dict[str, str] = field(default_factory=dict)


def pick(journal: Journal, entry_id: int) -> Entry:
    """The entry to undo (0: the newest write not undone yet), refused when there is nothing to undo."""
    if not journal.available:
        fix = (
            "Remove LATE_JOURNAL=off from the server's settings and restart to record writes from then on; "
            if journal.turned_off
            else "Fix the journal file named there (or remove it) and restart the server; "
        )
        raise LateError(
            f"Nothing can be undone: {journal.problem or 'the journal is unavailable'}.",
            hint=f"{fix}posts_get and posts_list show the posts as they are.",
        )
    entry = journal.get(entry_id) if entry_id else journal.latest_undoable()
    if entry is None:
        raise InputError(
            f"No journal entry {entry_id}." if entry_id else "Nothing to undo: the journal has no write left to undo."
        )
    if entry.undone_by is not None:
        raise InputError(f"Entry {entry.id} was already undone (by entry {entry.undone_by}).")
    if not entry.ok:
        raise InputError(f"Entry {entry.id} failed ({entry.outcome}), so it changed nothing to undo.")
    if not entry.post_ids:
        raise InputError(f"Entry {entry.id} names no post; nothing to undo.")
    if entry.action in ("update", "edit"):
        _refuse_deleted(entry, journal)
        _refuse_overwriting(entry, journal.later_on(entry))
    return entry


def _refuse_deleted(entry: Entry, journal: Journal) -> None:
    """A post deleted since (by a delete, or a series' undo) has nothing to put old values back on; a delete undone
    made it again under a new id. Refused, saying where the post is or how to get it back."""
    gone = journal.deleted_after(entry)
    if gone is None:
        return
    hint = (
        f"posts_undo entry_id={gone.id} makes the post again (a new post with its own id)."
        if gone.post_id
        else f"posts_undo entry_id={gone.id} makes its posts again as drafts (new posts with their own ids)."
    )
    for again in (journal.get(gone.undone_by or 0), *journal.undone_in_part(gone.id)):
        new = again and (again.post_id or ((again.after or {}).get("from") or {}).get(entry.post_id))
        if again and new:
            hint = f"Entry {again.id} made it again as {new}, a new post: posts_get shows it, posts_update "
            hint += "changes it."
            break
    raise InputError(
        f"Post {entry.post_id} was deleted after entry {entry.id} (entry {gone.id}, by {gone.tool}), so entry "
        f"{entry.id} cannot be undone.",
        hint=hint,
    )


def _refuse_overwriting(entry: Entry, later: list[Entry]) -> None:
    """Putting an old value back over a later change of the same field would lose that change without a word:
    refused, naming the later entries to undo first (newest first)."""
    platform = (entry.before or {}).get("platform")
    later = [e for e in later if not _other_account(entry, e)]
    off = [e for e in later if e.action == "unpublish" and (e.before or {}).get("platform") == platform]
    if entry.action == "edit" and off:
        raise InputError(
            f"Post {entry.post_id} was unpublished from {platform} after entry {entry.id} (entry {off[0].id}), so "
            f"entry {entry.id}'s text cannot be put back there: the post is no longer live on {platform}.",
            hint="An unpublish cannot be undone; to post the old text again, create a new post (posts_create).",
        )
    mine = _fields(entry)
    clash = [e for e in later if _fields(e) & mine]
    if not clash:
        return
    fields = said(sorted(mine & set().union(*(_fields(e) for e in clash))), article=True)
    ids = ", ".join(str(e.id) for e in clash)
    first = " then ".join(f"posts_undo entry_id={e.id}" for e in clash)
    raise InputError(
        f"Entry {entry.id} cannot be undone yet: later {'entries' if len(clash) > 1 else 'entry'} {ids} changed "
        f"{fields} of post {entry.post_id} again, and putting entry {entry.id}'s old values back would overwrite "
        "that without a word.",
        hint=f"Undo the later change first ({first}), then entry {entry.id}; posts_get shows the post as it is now.",
    )


def _other_account(entry: Entry, later: Entry) -> bool:
    """Whether an edit and a later edit or unpublish of the same platform reach different accounts (a post on two
    LinkedIn accounts): the later one leaves this one's text alone. An account not named is any of them."""
    if entry.action != "edit" or later.action not in ("edit", "unpublish"):
        return False
    mine, theirs = ((e.before or {}).get("accountId") for e in (entry, later))
    return bool(mine and theirs and mine != theirs)


def _fields(entry: Entry) -> set[str]:
    """The post's fields a write changed (its `before` keys): a time is one field however it was set, and an edit
    of a live post changes its text on that one platform."""
    if entry.action == "edit":
        return {f"text on {(entry.before or {}).get('platform')}"}
    if entry.action != "update":
        return set()
    return set(fields_of(entry.before or {}))


@dataclass(frozen=True)
class Against:
    """What an undo is planned against: `zone` for the times it shows; `failed`, this server's later writes of the
    post journaled as failed (`Journal.failed_after`); `named`, how this request has the tools a refusal names;
    `now`, the clock for a time no longer ahead (None: the real one); `done`, said after the undo, not asked."""

    zone: tzinfo = timezone.utc
    failed: Sequence[Entry] = ()
    named: Named = as_is
    now: datetime | None = None
    done: bool = False


def plan(entry: Entry, post: Post | None, against: Against = Against()) -> str:
    """What undoing `entry` will do, in words for the person (and the confirmation question); an update or edit
    of a post changed since outside the journal is refused."""
    zone, failed, named = against.zone, against.failed, against.named
    what = f"entry {entry.id} ({entry.action} of post {entry.post_id} by {entry.tool})"
    if not entry.post_id:  # a group's entry: plan_series or plan_again (history._undo picks), never here
        raise InputError(f"Entry {entry.id} ({entry.action} of {len(entry.post_ids)} posts) cannot be undone.")
    if entry.action == "delete":
        before, now = entry.before or {}, against.now or now_utc()
        again, lost_slot = _again(before, zone, now), unqueued(before, again_body(before, now)[1])
        step = requeue_step([before], named, done=False) if lost_slot and not against.done else ""
        return f"Undo {what}: make the post again {again}{_not_recycled(before, named)}{step}"
    if entry.action == "update":
        _refuse_uneditable(entry, post, what, named)
        unchecked = refuse_changed(entry, post, zone, failed, named)
        refuse_past(entry.post_id, entry.before or {}, post, against.now or now_utc(), zone, named)
        return f"Undo {what}: put back {put_back(entry.before or {}, zone)}{unchecked}"
    if entry.action == "edit":
        unchecked = refuse_changed(entry, post, zone, failed, named)
        return f"Undo {what}: put the previous text back on {(entry.before or {}).get('platform')}{unchecked}"
    if entry.action == "unpublish":
        hint = named("posts_create") and f"To post its text again, create a new post ({named('posts_create')})."
        raise InputError(
            f"{what[0].upper()}{what[1:]} cannot be undone: an unpublished post cannot be put back up.", hint=hint
        )
    if post is None:
        raise InputError(f"Post {entry.post_id} no longer exists, so {what} cannot be undone.")
    if entry.action in _WENT_OUT:
        if post.status in NOT_OUT and entry.action == "create":
            return f"Undo {what}: delete the post (it is {post.status})"
        live = [t.platform for t in _live(entry, post)]
        if live:
            return f"Undo {what}: remove the live post from {', '.join(live)}"
        if entry.action == "retry":
            raise InputError(f"{what[0].upper()}{what[1:]} has nothing to undo: nothing it retried "
                             f"({', '.join(entry.platforms) or 'no platform'}) is live now, so there is nothing to "
                             "take down.")  # fmt: skip
    raise InputError(f"{what[0].upper()}{what[1:]} cannot be undone: the post is {post.status}.")


def _again(before: dict[str, Any], zone: tzinfo, now: datetime) -> str:
    """How a deleted post comes back: scheduled for its time as before, or a draft, saying why when it had one."""
    _, at = again_body(before, now)
    if at is not None:
        held = ", held for approval again" if before.get("status") == "pending_approval" else ""
        return f"{went_again(before, at, zone)} as before{held}{unqueued(before, at)}"
    had = before.get("scheduledFor") if before.get("status") in ("scheduled", "pending_approval") else None
    when = parse_api_datetime(had)
    return "as a draft" + (f" (its time, {local_label(when, zone)}, is no longer ahead)" if when else "")


def _refuse_uneditable(entry: Entry, post: Post | None, what: str, named: Named) -> None:
    """The API edits only draft, scheduled, failed, partial and cancelled posts (any post's recycling, though; a
    draft submitted for approval goes back by a rejection): refused before sending, since its 400 would say to
    change the request and try again. Unknown status: sent."""
    if post is None or post.status in (*EDITABLE, None) or not (entry.before or {}).keys() - {"status", "recycling"}:
        return
    if post.status == "pending_approval" and restore_body(entry.before or {}, post).get("isDraft"):
        return  # a draft submitted for approval: a rejection takes it back to a draft (_carry_out)
    edit = named("posts_edit_published") if post.status == "published" else None
    raise InputError(
        f"Post {entry.post_id} is {post.status} now, so {what} cannot be undone: the API changes only draft, "
        "scheduled, failed, partial and cancelled posts.",
        hint=f"To change the text of a published post on one platform, use {edit}." if edit else None,
    )


async def undo(client: LateClient, entry: Entry, post: Post | None, against: Against = Against()) -> Undone:
    """Carry out `plan(entry, post, against)`."""
    now = against.now or now_utc()  # one clock for what is said and what is done
    did = plan(entry, post, replace(against, now=now, done=True))
    token = undoing.set(entry.id)
    try:
        return await _carry_out(client, entry, post, did, replace(against, now=now))
    finally:
        undoing.reset(token)


async def _carry_out(client: LateClient, entry: Entry, post: Post | None, did: str, against: Against) -> Undone:
    before, now = entry.before or {}, against.now or now_utc()
    if entry.action == "delete":  # a new post: its id is what the person looks for next
        body, at = again_body(before, now)
        made = await client.posts.create_keyed(body)
        step = requeue_step([before], against.named, done=True) if unqueued(before, at) else ""
        return Undone(entry, f"{did}: {made.post.id}, a new post{step}")
    if entry.action == "update":
        body = restore_body(before, post)
        if body.get("isDraft") and post is not None and post.status == "pending_approval":
            # a draft the update submitted for approval (LATE_REQUIRE_APPROVAL): the API's way back is a rejection
            await client.posts.review(entry.post_id, "reject")
        done = await client.posts.update(entry.post_id, body)
        if body.get("recycling", {}).get("enabled") is not False:
            return Undone(entry, did)
        # Recycling off again: a copy the API scheduled meanwhile is a post of its own and still goes out.
        copies = await client.posts.waiting_copies(done)
        return Undone(
            entry, did, [f"copy {c.id} was already scheduled and still goes out: posts_delete" for c in copies]
        )
    if entry.action == "edit":
        account = before.get("accountId")
        await client.posts.edit_published(entry.post_id, str(before["platform"]), str(before["content"]), account)
        return Undone(entry, did)
    assert post is not None  # plan() refused otherwise
    if post.status in NOT_OUT:
        await client.posts.delete(entry.post_id)
        return Undone(entry, did)
    by_hand = []
    for target in _live(entry, post):
        if target.platform not in UNPUBLISHABLE:
            where = target.platform_post_url or f"the {target.platform} app"
            by_hand.append(f"{target.platform}: the API cannot unpublish there; delete it by hand ({where})")
            continue
        await client.posts.unpublish(entry.post_id, target.platform, target.account_id)
    return Undone(entry, did, by_hand)


def _not_recycled(before: dict[str, Any], named: Named) -> str:
    """A deleted post that was recycled comes back without it: turning recycling on again is the person's call."""
    if not (before.get("recycling") or {}).get("enabled"):
        return ""
    tool = named("posts_recycle")
    return f" (it was recycled; the new post is not{f': {tool} turns it on' if tool else ''})"


def _live(entry: Entry, post: Post) -> list[PlatformTarget]:
    """The live targets `entry` put there: a retry's are those journaled with it (the others were live before)."""
    mine = set(zip(entry.platforms, entry.accounts, strict=False))
    live = [t for t in post.platforms if t.status == "published"]
    return [t for t in live if (t.platform, t.account_id or "") in mine] if entry.action == "retry" else live
