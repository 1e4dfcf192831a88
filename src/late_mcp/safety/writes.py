"""Every post write this server makes passes here: the guard rails first, then the write, then its journal entry.

`SafePosts` stands in for the client's `Posts` (the app state installs it), so create, publish now, update,
delete, retry and the live-post operations are guarded and journaled whichever tool or domain module calls them,
without those modules knowing. The tool being served is read from `current_tool`, which the tool layer sets.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import IO, Any, TypeVar
from weakref import WeakKeyDictionary

from ..client.posts import Created, Posts
from ..errors import InputError, KeyedRequestFailed, LateError
from ..models.accounts import Account
from ..models.bulk import BulkUpload
from ..models.posts import Post
from .fields import failed_again, snapshot, text_on, update_left
from .guards import DAY, Guards, Target
from .journal import Journal
from .serving import Group, Lost, Made, current_group, current_tool
from .stamps import stamped, stamped_entries
from .undo import undoing

T = TypeVar("T")
Clock = Callable[[], datetime]
AccountsFn = Callable[[], Awaitable[list[Account]]]


#: the fields of a post an update may change, as the API names them
_FIELDS = ("content", "title", "mediaItems", "platforms", "scheduledFor", "timezone", "isDraft", "recycling")


class SafePosts(Posts):
    """The client's posts area with the guard rails and the journal around every write."""

    def __init__(
        self,
        inner: Posts,
        *,
        journal: Journal,
        guards: Guards,
        accounts: AccountsFn,
        now: Clock,
        stamp: bool = False,
        require_approval: bool = False,
    ) -> None:
        super().__init__(inner._http, publish_timeout=inner._publish_timeout)
        #: LATE_REQUIRE_APPROVAL: scheduled creates go in pending approval
        self.require_approval = require_approval
        #: stateless HTTP: no journal here; each created post carries its stamp in metadata (safety.stamps)
        self.stamp = stamp
        self.journal = journal
        self.guards = guards
        self._accounts = accounts
        self._now = now
        #: creates whose answers were all lost, and their journal entries (journaled as failed until found)
        self._unconfirmed: WeakKeyDictionary[KeyedRequestFailed, int] = WeakKeyDictionary()

    async def create_keyed(
        self, payload: dict[str, Any], *, publish_now: bool = False, key: str | None = None
    ) -> Created:
        targets = [Target(str(p.get("platform")), str(p.get("accountId") or "")) for p in payload.get("platforms", [])]
        await self._check_accounts(targets)
        queued = bool(payload.get("queueId") or payload.get("queuedFromProfile"))
        self.refused_outright(publish_now=publish_now, recycling=_recycling_on(payload), queued=queued)
        now = self._now()
        self.guards.check_daily(await self._creates_since(now - DAY), now)
        if self.stamp:
            group = current_group()
            payload = stamped(payload, tool=current_tool.get(), now=now, group=group.id if group else None)
        if self.require_approval and payload.get("scheduledFor"):
            # The API accepts approval only on a post scheduled for a time: drafts and "now" go without it, and a
            # queued post was refused above.
            payload = {**payload, "requiresApproval": True}
        action = "publish" if publish_now else "create"
        try:
            created = await super().create_keyed(payload, publish_now=publish_now, key=key)
        except LateError as exc:
            entry = self._record(action, "", targets, outcome=str(exc), request_id=exc.request_id or "")
            if isinstance(exc, KeyedRequestFailed):
                self._unconfirmed_create(exc, entry, payload, targets)
            raise
        post = created.post
        self._record(action, post.id, _targets(post) or targets, request_id=created.reply.request_id,
                     after={"status": post.status})  # fmt: skip
        return created

    def _unconfirmed_create(
        self, exc: KeyedRequestFailed, entry: int | None, payload: dict[str, Any], targets: list[Target]
    ) -> None:
        """A create whose answers were all lost: its failed entry is kept, to settle if its post is found. Inside a
        group (whose entry journals no failure) it is kept as lost, for the group's entry to name, unless the API
        settled it (refused it after looking the key up: then nothing was made)."""
        if entry is not None:
            self._unconfirmed[exc] = entry
            return
        group = current_group()
        if group is not None and not exc.settled:
            group.lost.append(Lost(payload.get("scheduledFor"), _text_of(payload), tuple(targets), exc))

    async def bulk_upload(
        self, content: bytes | IO[bytes], *, dry_run: bool, filename: str = "posts.csv"
    ) -> BulkUpload:
        """A real bulk upload: the API reads the CSV and creates its posts, so the guard rails cannot check it row
        by row; while one of them (or LATE_REQUIRE_APPROVAL) is on it is refused before sending. A dry run changes
        nothing and always runs. Each post it creates gets a journal entry, so posts_undo can take it back."""
        self.refused_outright(bulk=not dry_run)
        result = await super().bulk_upload(content, dry_run=dry_run, filename=filename)
        if not dry_run:
            for row in result.results:
                if row.ok and row.created_post_id:
                    self._record("create", row.created_post_id, [], after={"row": row.row_index})
        return result

    def refused_outright(
        self,
        *,
        publish_now: bool = False,
        bulk: bool = False,
        recycling: bool = False,
        queued: bool = False,
        retry: bool = False,
    ) -> None:
        """The refusals the person's settings make whatever the API would say; checked here before sending, and by
        the tool layer before it asks the person (a yes would change nothing).

        A real bulk upload while a guard rail or approval is on: the API creates a CSV's posts itself, so they
        cannot be checked. Turning recycling on while the daily cap or approval is on: the API makes the copies
        itself, later, past both. Stopping recycling is always allowed. A post added to a queue while approval is
        on: the API cannot hold a queued post for approval. A retry while nothing may publish at once: it does."""
        if publish_now:
            self.guards.check_publish_now()
        if retry:  # a retry publishes at once; a new time goes out then (under approval only a new post waits)
            self.guards.check_publish_now(
                "Create it again with posts_create and scheduled_for, and delete this one with posts_delete"
                if self.require_approval
                else "Give it a new time with posts_update scheduled_for (it goes out then)"
            )
        if bulk and (self.guards.active or self.require_approval):
            raise InputError(
                "posts_bulk_upload is refused while LATE_ALLOW_ACCOUNTS, LATE_ALLOW_PUBLISH_NOW=false, "
                "LATE_MAX_POSTS_PER_DAY or LATE_REQUIRE_APPROVAL is set: the API creates a CSV's posts itself, so "
                "they cannot be checked against those settings. Create the posts with posts_create instead, or ask "
                "the person to change the setting. Nothing was sent."
            )
        if recycling and (self.guards.max_posts_per_day > 0 or self.require_approval):
            raise InputError(
                "Recycling is refused while LATE_MAX_POSTS_PER_DAY or LATE_REQUIRE_APPROVAL is set: the API makes "
                "the copies itself, later, so they would not be counted against the cap nor wait for approval. "
                "Schedule each repeat as a post of its own (posts_create with scheduled_for), or ask the person to "
                "change the setting. Nothing was sent."
            )
        if queued and self.require_approval:
            raise InputError(
                "Adding a post to a queue is refused while LATE_REQUIRE_APPROVAL is set: Late cannot hold a queued "
                "post for approval, so it would publish unapproved. Give scheduled_for (a time) instead, and it "
                "waits for approval; or ask the person to change the setting. Nothing was sent."
            )

    def made_after_all(self, post: Post, failure: KeyedRequestFailed | None = None) -> None:
        """The create journaled as failed made `post` after all: its entry becomes a create of that post (so undo
        can take it back); a copy the API made when it ignored the key gets an entry of its own."""
        entry = self._unconfirmed.pop(failure, None) if failure is not None else None
        group = current_group()
        if group is not None and failure is not None:  # found after all: no longer lost
            group.lost = [lost for lost in group.lost if lost.failure is not failure]
        targets = _targets(post)
        if entry is None:
            action = "create" if post.status in ("draft", "scheduled", "pending_approval", None) else "publish"
            self._record(action, post.id, targets, after={"status": post.status})
            return
        platforms, accounts = [t.platform for t in targets], [t.account_id for t in targets]
        self.journal.settle(entry, post_id=post.id, platforms=platforms, accounts=accounts,
                            after={"status": post.status})  # fmt: skip

    async def update(self, post_id: str, changes: dict[str, Any]) -> Post:
        self.refused_outright(recycling=_recycling_on(changes))
        current = await self._guarded(post_id)
        changes = self._for_approval(current, changes)
        was = snapshot(current)
        before = {k: was.get(k) for k in _FIELDS if k in changes}
        if "scheduledFor" in changes or "isDraft" in changes:  # a draft given a time: undo makes it a draft again;
            # a scheduled post made a draft (by an undo): undoing that schedules it again, at its time
            before.update(isDraft=was["isDraft"], scheduledFor=was["scheduledFor"])
        call = super().update(post_id, changes)
        return await self._write("update", current, lambda: call, before, kept=update_left(changes, before))

    def _for_approval(self, current: Post, changes: dict[str, Any]) -> dict[str, Any]:
        """Under LATE_REQUIRE_APPROVAL a post given a time must wait for approval as a new one does: a draft is
        submitted for it (`requiresApproval`, which the API takes only on a draft and never with `isDraft`); a failed,
        cancelled or partial post would publish unapproved (the API cannot submit it), so that is refused."""
        if not (self.require_approval and changes.get("scheduledFor")):
            return changes
        if current.status == "draft":
            return {**{k: v for k, v in changes.items() if k != "isDraft"}, "requiresApproval": True}
        if current.status in ("failed", "cancelled", "partial"):
            raise InputError(
                f"Post {current.id} is {current.status}: giving it a time is refused while LATE_REQUIRE_APPROVAL is "
                "set, because Late submits only drafts for approval, so it would publish unapproved. Nothing was "
                "sent.",
                hint="Create it again with posts_create and scheduled_for (it then waits for approval) and delete "
                "this one with posts_delete, or ask the person to change the setting.",
            )
        return changes

    async def delete(self, post_id: str) -> None:
        current = await self._guarded(post_id)

        async def go() -> None:
            await super(SafePosts, self).delete(post_id)

        await self._write("delete", current, go, snapshot(current))

    async def retry(self, post_id: str, *, listed: Post | None = None) -> Post:
        self.refused_outright(retry=True)
        current = await self._guarded(post_id, listed=listed)
        # journaled with the targets it publishes again: undoing it leaves the ones live before it alone
        again = [t for t in _targets(current) if t not in _targets(current, live=True)]
        retried = [(t.platform, t.account_id) for t in again]

        def judged(post: Post) -> tuple[dict[str, Any], str]:
            """What failed again, kept for posts_history; when every target did, nothing went out: not "ok"."""
            words, every = failed_again(post, retried)
            return ({"failed_again": words} if words else {}), (f"failed again: {words}" if every else "ok")

        call = super().retry(post_id, listed=listed)
        return await self._write("retry", current, lambda: call, kept=lambda p: judged(p)[0], targets=again,
                                 outcome=lambda p: judged(p)[1])  # fmt: skip

    async def unpublish(self, post_id: str, platform: str, account_id: str | None = None) -> dict[str, Any]:
        current = await self._guarded(post_id, platform=platform)
        before = {"platform": platform, "accountId": account_id}
        call = super().unpublish(post_id, platform, account_id)
        return await self._write("unpublish", current, lambda: call, before, targets=_on(current, platform, account_id))

    async def edit_published(
        self, post_id: str, platform: str, content: str, account_id: str | None = None
    ) -> dict[str, Any]:
        current = await self._guarded(post_id, platform=platform)
        before = {"platform": platform, "accountId": account_id, "content": text_on(current, platform, account_id)}
        call = super().edit_published(post_id, platform, content, account_id)
        on = _on(current, platform, account_id)
        return await self._write("edit", current, lambda: call, before, left={"content": content}, targets=on)

    async def review(self, post_id: str, decision: str) -> dict[str, Any]:
        current = await self._guarded(post_id)
        call = super().review(post_id, decision)
        return await self._write("review", current, lambda: call, {"decision": decision})

    async def _guarded(self, post_id: str, *, platform: str = "", listed: Post | None = None) -> Post:
        """The post as it is now (or as the caller just listed it), refused when it is on an account the person did
        not allow."""
        current = listed if listed is not None and listed.id == post_id else await self.get(post_id)
        targets = [t for t in _targets(current) if not platform or t.platform == platform]
        await self._check_accounts(targets)
        return current

    async def _write(
        self,
        action: str,
        current: Post,
        call: Callable[[], Awaitable[T]],
        before: dict[str, Any] | None = None,
        *,
        kept: Callable[[Post], dict[str, Any]] | None = None,
        left: dict[str, Any] | None = None,
        targets: list[Target] | None = None,
        outcome: Callable[[Post], str] | None = None,
    ) -> T:
        """Carry out `call` and journal it (on `targets`, default every target of the post); `kept` adds what the
        written post now holds to the entry's `after`, `left` what a write that answers no post left; `outcome`
        judges the written post (default "ok")."""
        targets = _targets(current) if targets is None else targets
        try:
            result = await call()
        except LateError as exc:
            self._record(action, current.id, targets, outcome=str(exc), request_id=exc.request_id or "")
            raise
        after, judged = left, "ok"
        if isinstance(result, Post):
            after = {"status": result.status, **(kept(result) if kept is not None else {})}
            judged = outcome(result) if outcome is not None else "ok"
        self._record(action, current.id, targets, before=before, after=after, outcome=judged)
        return result

    async def _creates_since(self, since: datetime) -> list[datetime]:
        """When each create in the window was made: from the journal, or from the API's stamped posts over HTTP."""
        if not self.stamp or self.guards.max_posts_per_day <= 0:
            group = current_group()
            # a group's posts count once: from its journal entry once written, from the group until then
            unsaved = group.made if group is not None and group.entry is None else []
            ours = [m.at for m in unsaved if m.action in ("create", "publish")]
            return sorted(self.journal.creates_since(since) + [at for at in ours if at >= since])
        return sorted(e.at for e in await stamped_entries(self) if e.at >= since for _ in e.post_ids)

    async def _check_accounts(self, targets: list[Target]) -> None:
        if not self.guards.allow_accounts:
            return
        if any(not self.guards.allowed(t) for t in targets) and any(
            e.startswith("@") for e in self.guards.allow_accounts
        ):
            names = {a.id: a.username or "" for a in await self._accounts()}
            targets = [Target(t.platform, t.account_id, t.username or names.get(t.account_id, "")) for t in targets]
        self.guards.check_accounts(targets)

    def record_group(
        self, group: Group, action: str, *, after: dict[str, Any], undoes: int | None = None, complete: bool = True
    ) -> int | None:
        """One journal entry for every write of `group` (none when it made nothing and lost nothing): post ids in
        `after`, and the creates whose answers were all lost (`after["lost"]`: when, text, platforms; no post id, so
        undo cannot touch them); each post's previous state (a delete's snapshot) in `before["posts"]`; not
        `complete`: the entry it undoes stays undoable. Only lost creates: a failed entry (nothing known to undo).
        Called again for the same group, it amends that entry to the group as it is now."""
        if not group.made and not group.lost:
            return None
        made = [t for m in group.made for t in m.targets]
        targets = list(dict.fromkeys(made + [t for lost in group.lost for t in lost.targets]))
        after = {**after, "post_ids": group.post_ids}
        if group.lost:
            after["lost"] = [lost.kept() for lost in group.lost]
        outcome = "ok" if group.made else (
            f"not confirmed: every answer of {len(group.lost)} create(s) was lost and no post of theirs was found"
        )  # fmt: skip
        was = {m.post_id: m.before for m in group.made if m.before is not None}
        before = {"posts": was} if was else None
        if group.entry is not None:
            platforms, accounts = [t.platform for t in targets], [t.account_id for t in targets]
            self.journal.amend(
                group.entry, platforms=platforms, accounts=accounts, before=before, after=after, outcome=outcome
            )
        else:
            group.entry = self._record(action, "", targets, before=before, after=after, undoes=undoes,
                                       complete=complete, grouping=False, outcome=outcome)  # fmt: skip
        return group.entry

    def _record(
        self, action: str, post_id: str, targets: list[Target], *, grouping: bool = True, **fields: Any
    ) -> int | None:
        group = current_group() if grouping else None
        if group is not None:
            if fields.get("outcome", "ok") == "ok" and post_id:
                group.made.append(Made(action, post_id, tuple(targets), self._now(), fields.get("before")))
            return None
        return self.journal.record(
            tool=current_tool.get() or "late-mcp",
            action=action,
            post_id=post_id,
            platforms=[t.platform for t in targets],
            accounts=[t.account_id for t in targets],
            at=self._now(),
            **{"undoes": undoing.get(), **fields},
        )


def _targets(post: Post, *, live: bool = False) -> list[Target]:
    """The post's targets (`live`: only those published or taken down, which a retry leaves alone)."""
    return [
        Target(p.platform, p.account_id or "", p.account_username or "")
        for p in post.platforms
        if not live or p.status in ("published", "cancelled")
    ]


def _on(post: Post, platform: str, account_id: str | None) -> list[Target]:
    """The targets a write on one platform (one account of it, if named) touches: its entry's, so another platform's
    history and limits (X's five edits) are not counted with it."""
    return [t for t in _targets(post) if t.platform == platform and (not account_id or t.account_id == account_id)]


def _text_of(payload: dict[str, Any]) -> str:
    """A create's text, as far as a journal line needs it: the post's, else the first platform's own."""
    own = [str(p.get("customContent")) for p in payload.get("platforms", []) if p.get("customContent")]
    return str(payload.get("content") or (own[0] if own else ""))[:200]


def _recycling_on(body: dict[str, Any]) -> bool:
    """Whether a create or update body turns recycling on (or keeps it on while changing it)."""
    recycling = body.get("recycling")
    return isinstance(recycling, dict) and recycling.get("enabled") is not False
