"""posts_history and posts_undo: what this server wrote, and reversing one write (the domain is safety.undo)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Annotated, Any

from pydantic import Field

from ...errors import InputError, NotFoundError
from ...models.journal import History, HistoryEntry, UndoResult
from ...models.posts import Post
from ...safety.journal import KEEP, Entry
from ...safety.serving import grouped
from ...safety.since import Named
from ...safety.stamps import stamped_entries
from ...safety.undo import Against, Undone, pick, plan, undo
from ...safety.undo_group import plan_again, plan_series, undo_again, undo_series
from ...state import AppState
from ...timeutil import now_utc
from .._context import Ctx, state
from .._hints import named
from .._shared import fitting
from .changes import lost_creates, what_changed

STATELESS = "stateless HTTP: read from the metadata of the posts this server created (creates only; stdio keeps all)"

EntryIdArg = Annotated[int, Field(ge=0, description="Journal entry id from posts_history; 0 = the latest write")]


async def posts_history(
    ctx: Ctx, limit: Annotated[int, Field(ge=1, le=100)] = 20, older_than: Annotated[int, Field(ge=0)] = 0
) -> History:
    """What this server changed through the API, newest first: entry id (what undo takes), tool, post, outcome."""
    app = state(ctx)
    entries, where = await _entries(app, limit + 1, older_than)  # one more than shown: whether older ones exist
    rows = [_shown(e, app) for e in entries[:limit]]
    size = fitting(rows)  # as many as fit about 4 KB: limit=50 answered 7
    more = _older(entries, size, older_than, app.settings.stamp_posts)
    return History(entries=rows[:size], journal=where, more=more)


async def _entries(app: AppState, limit: int, older_than: int) -> tuple[list[Entry], str]:
    """The newest `limit` entries (before entry `older_than`, when given) and where they were read."""
    if app.settings.stamp_posts:
        stamped = await stamped_entries(app.client.posts)
        return [e for e in stamped if not older_than or e.id < older_than][:limit], STATELESS
    journal = app.journal
    where = journal.path if journal.available else f"unavailable: {journal.problem}"
    return journal.recent(limit, older_than), where


def _older(entries: list[Entry], shown: int, older_than: int, stateless: bool) -> str | None:
    """Whether entries older than the `shown` first exist, and the call that shows them: a model told nothing
    takes the newest entries for all there are, and an older write for one it cannot undo."""
    if len(entries) > shown:
        return f"Older entries exist: call again with older_than={entries[shown - 1].id}."
    if older_than and not entries:
        kept = "" if stateless else f" (the journal keeps each key's newest {KEEP} writes)"
        return f"No entries older than {older_than}{kept}."
    return None


async def posts_undo(ctx: Ctx, entry_id: EntryIdArg = 0) -> UndoResult:
    """Undo one write of this server: new post deleted or unpublished, update reverted, deleted post back."""
    app = state(ctx)
    entry = await _pick(app, entry_id)
    done = await _undo(app, entry, partial(named, ctx))
    return UndoResult(entry_id=entry.id, summary=done.did + ".", by_hand=done.by_hand, posts=done.each or None)


async def undo_question(app: AppState, args: Mapping[str, Any], named: Named) -> str:
    """The confirmation question for posts_undo (`named`: how this request has the tools a refusal names)."""
    entry = await _pick(app, int(args.get("entry_id") or 0))
    if entry.post_id:
        post = await _post(app, entry)
        return plan(entry, post, _against(app, entry, named)) + ". Confirm to go ahead."
    if entry.action == "delete":
        return plan_again(entry, app.zone, now_utc(), named) + ". Confirm to go ahead."
    lost = lost_creates(entry, app.zone)
    unknown = (
        f"; {len(lost)} create(s) whose answers were lost are unknown, so not deleted (check posts_list)"
        if lost
        else ""
    )
    return plan_series(entry, await _posts(app, entry), lost) + unknown + ". Confirm to go ahead."


async def _undo(app: AppState, entry: Entry, named: Named) -> Undone:
    """One entry undone. A group's writes (a series; the deletes of its undo; the drafts made again) are journaled
    together, as one entry undoing it, which stays undoable while some of its posts could not be done."""
    if entry.post_id:
        post = await _post(app, entry)
        return await undo(app.client, entry, post, _against(app, entry, named))
    from ...safety.writes import SafePosts  # the client is built by now; a server starts without it

    again = entry.action == "delete"
    with grouped() as group:
        if again:
            done = await undo_again(app.client, entry, _made_again(app, entry), app.zone, named)
        else:
            lost = lost_creates(entry, app.zone)
            done = await undo_series(app.client, entry, await _posts(app, entry), lost)
            done.by_hand += [f"{one}: its create's answers were lost; if posts_list shows it, delete it with "
                             "posts_delete" for one in lost]  # fmt: skip
    if isinstance(app.client.posts, SafePosts):
        action, verb = ("create", "made again") if again else ("delete", "deleted")
        after: dict[str, Any] = {"what": f"{len(group.made)} post(s) of {entry.action} entry {entry.id} {verb}"}
        after.update({"from": done.again} if again else {})
        app.client.posts.record_group(group, action, after=after, undoes=entry.id, complete=not done.left)
    return done


def _made_again(app: AppState, entry: Entry) -> set[str]:
    """The posts of a group delete that an earlier, partial undo of it already made again."""
    return {old for e in app.journal.undone_in_part(entry.id) for old in (e.after or {}).get("from") or {}}


async def _pick(app: AppState, entry_id: int) -> Entry:
    """The entry to undo: from the journal, or over stateless HTTP from the stamps of the posts it created."""
    if not app.settings.stamp_posts:
        return pick(app.journal, entry_id)
    entries = await stamped_entries(app.client.posts)
    live = [e for e in entries if (e.after or {}).get("status") != "cancelled"]
    found = [e for e in entries if e.id == entry_id] if entry_id else live[:1]
    if not found:
        raise InputError(
            f"No post created by this server carries entry {entry_id}."
            if entry_id
            else "Nothing to undo: no post created by this server is left.",
            hint="Over HTTP only creates can be undone (from the posts' metadata); other undos need stdio mode.",
        )
    return found[0]


async def _post(app: AppState, entry: Entry) -> Post | None:
    if entry.action == "delete":
        return None
    return await _read(app, entry.post_id)


def _against(app: AppState, entry: Entry, named: Named) -> Against:
    """What undoing `entry` is planned against: the person's zone, and this server's later writes of an update's
    or edit's post journaled as failed (their answers may have been lost after the change was made)."""
    failed = app.journal.failed_after(entry) if entry.action in ("update", "edit") else []
    return Against(app.zone, failed, named)


async def _posts(app: AppState, entry: Entry) -> dict[str, Post | None]:
    """Each post of a group entry as it is now (None: gone)."""
    return {post_id: await _read(app, post_id) for post_id in entry.post_ids}


async def _read(app: AppState, post_id: str) -> Post | None:
    """A post as it is now; None only when the API says it is gone (any other failure is the tool's error: a
    post that could not be read is not taken for deleted, and nothing is undone)."""
    try:
        return await app.client.posts.get(post_id)
    except NotFoundError:
        return None


def _shown(entry: Entry, app: AppState) -> HistoryEntry:
    return HistoryEntry(
        id=entry.id,
        at=entry.at.astimezone(app.zone),
        tool=entry.tool,
        action=entry.action,
        post_id=entry.post_id or None,
        what=what_changed(entry, app.zone),
        platforms=list(dict.fromkeys(entry.platforms)),
        outcome=_outcome(entry),
        undone_by=entry.undone_by,
        undoes=entry.undoes,
    )


def _outcome(entry: Entry) -> str:
    """The entry's outcome; a retry that went out on some platforms and failed again on others says which failed."""
    again = (entry.after or {}).get("failed_again") if entry.ok else None
    return f"partly failed: failed again on {again}; the others published" if again else entry.outcome
