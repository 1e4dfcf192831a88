"""The bodies an undo sends: an update's previous values put back (a field that was empty is cleared, not left
out), a deleted post made again (scheduled as it was while its time is ahead; a queued one by time, holding no
slot, which `unqueued` says), and the times an undo would put back that are no longer ahead (refused first).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from ..errors import InputError
from ..models.posts import Post
from ..timeutil import local, parse_api_datetime
from ..wallclock import local_label
from .since import Named

#: what clears a field the API's PUT takes (the SDK leaves out a field given as None, so None cannot clear one)
_CLEARED: dict[str, Any] = {"content": "", "title": "", "mediaItems": []}


#: what a deleted post is made again with (its time apart)
_MADE_AGAIN = ("content", "title", "mediaItems", "platforms", "tags")
#: how far ahead a time must still be to be sent again: nearer, it may have passed when the API reads it
LEAD = timedelta(minutes=1)
#: a deleted post in these had a time of its own, which making it again keeps
_TIMED = ("scheduled", "pending_approval")


def again_body(before: dict[str, Any], now: datetime) -> tuple[dict[str, Any], datetime | None]:
    """The body that makes a deleted post again, and the time it goes out: a scheduled post is scheduled again for
    its time (each target keeping its own) while every one of those is still ahead, held for approval again if it
    was, so undoing a delete puts the post back as it was; otherwise it comes back a draft (time None), which goes
    nowhere until given a time."""
    at = parse_api_datetime(before.get("scheduledFor")) if before.get("status") in _TIMED else None
    own = [parse_api_datetime(p.get("scheduledFor")) for p in before.get("platforms") or []]
    if at is None or any(t is not None and t <= now + LEAD for t in (at, *own)):
        return {**draft_body(before), "isDraft": True}, None
    body = {k: before[k] for k in _MADE_AGAIN if before.get(k)}
    # a post held for approval is held again: made again unheld, it would go out unapproved
    held = {"requiresApproval": True} if before.get("status") == "pending_approval" else {}
    return {**body, "scheduledFor": before["scheduledFor"], "timezone": "UTC", **held}, at


def went_again(before: dict[str, Any], at: datetime | None, zone: tzinfo) -> str:
    """How a post made again goes out, as the undo of one delete and of a group's say it: 'a draft', or 'scheduled
    for Mon 2099-05-04 09:00 CEST (twitter at 12:00)', naming each platform whose own time is not the post's
    (`again_body` keeps each), short: its day and zone only where they are not the post's."""
    if at is None:
        return "a draft"
    there = local(at, zone)
    own = []
    for target in before.get("platforms") or []:
        when = parse_api_datetime(target.get("scheduledFor"))
        if when is None or when == at:
            continue
        mine = local(when, zone)
        same = mine.date() == there.date() and mine.tzname() == there.tzname()
        own.append(f"{target.get('platform')} at {f'{mine:%H:%M}' if same else local_label(when, zone)}")
    return f"scheduled for {local_label(at, zone)}" + (f" ({', '.join(own)})" if own else "")


def unqueued(before: dict[str, Any], at: datetime | None) -> str:
    """What a queued post made again at its time loses, said after its time ('' for any other post): Late puts a
    post in a queue's slot only when it picks the slot itself (POST /v1/posts: queuedFromProfile "without
    scheduledFor"; a time from the queue sent as scheduledFor "bypasses the queue system and can cause duplicate slot
    assignments"), and no call puts a post back in a given slot, so it comes back scheduled by time."""
    if at is None or not (before.get("queueId") or before.get("queuedFromProfile")):
        return ""
    return ", by time: it no longer holds its queue slot, so a post queued later can get the same time"


def requeue_step(queued: list[dict[str, Any]], named: Named, *, done: bool) -> str:
    """The person's other way for the `queued` posts (snapshots) `unqueued` spoke of: posted again through the
    queue, each takes the next free slot (declined before the undo, or deleted after it) of its queue, named where
    they all had the same one (use_queue alone takes the profile's default queue)."""
    cross = any(len(before.get("platforms") or []) > 1 for before in queued)
    queues = {before.get("queueId") for before in queued}
    tool = named("posts_cross_post" if cross else "posts_create")
    if not tool or not queued:
        return ""
    many, delete = len(queued) > 1, named("posts_delete")
    it = "them" if many else "it"
    first = f"delete {it}{f' with {delete}' if delete else ''} and" if done else "decline and"
    slot = "slots" if many else "slot"
    which = f" queue_id={next(iter(queues))}" if len(queues) == 1 and None not in queues else ""
    return f"; to take the queue's next free {slot} instead, {first} post {it} again with {tool} use_queue=true{which}"


def draft_body(before: dict[str, Any]) -> dict[str, Any]:
    """A deleted post's snapshot as the body that makes it again (the caller adds isDraft): a draft has no time,
    so its targets come back without their own times too."""
    body = {k: before[k] for k in _MADE_AGAIN if before.get(k)}
    if body.get("platforms"):
        body["platforms"] = [{k: v for k, v in p.items() if k != "scheduledFor"} for p in body["platforms"]]
    return body


def restore_body(before: dict[str, Any], post: Post | None = None) -> dict[str, Any]:
    """The PUT body that puts an update's previous values back: a field empty before is sent empty, which clears
    it. A target live now keeps what it has (the API keeps a published target), so its own past time is not sent."""
    body: dict[str, Any] = {k: _CLEARED[k] if before[k] is None else before[k] for k in _CLEARED if k in before}
    if before.get("platforms") is not None:
        live = _live(post)
        body["platforms"] = [
            {k: v for k, v in p.items() if k != "scheduledFor"} if _key(p) in live else p for p in before["platforms"]
        ]
    if "recycling" in before:  # the settings as they were; none before: turned off again
        body["recycling"] = before["recycling"] or {"enabled": False}
    if "scheduledFor" in before:
        if before.get("isDraft") or not before["scheduledFor"]:
            body["isDraft"] = True
        else:  # a draft since (an undo made it one) is scheduled again, as posts_update does
            body.update(scheduledFor=before["scheduledFor"], timezone="UTC", isDraft=False)
    return body


def refuse_past(
    post_id: str, before: dict[str, Any], post: Post | None, now: datetime, zone: tzinfo, named: Named
) -> None:
    """An undo that would put back a time no longer ahead (the post's, or a target's own not live yet) is refused
    before asking: the API refuses a past time (the real one may publish at once)."""
    body = restore_body(before, post)
    times = [body.get("scheduledFor")] + [p.get("scheduledFor") for p in body.get("platforms") or []]
    past = sorted(at for at in map(parse_api_datetime, times) if at is not None and at <= now)
    if not past:
        return
    tool = named("posts_update")
    raise InputError(
        f"The time this undo would put back, {local(past[0], zone):%a %Y-%m-%d %H:%M %Z}, has passed, so post "
        f"{post_id} cannot go back to it.",
        hint=f"To schedule it again, give it a new time with {tool}." if tool else None,
    )


def _key(target: dict[str, Any]) -> tuple[str, str]:
    return str(target.get("platform")), str(target.get("accountId") or "")


def _live(post: Post | None) -> set[tuple[str, str]]:
    if post is None:
        return set()
    return {(t.platform, t.account_id or "") for t in post.platforms if t.status == "published"}
