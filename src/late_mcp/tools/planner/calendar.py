"""The calendar: a period by local day in the user's zone, each day's posts, free queue slots and marks.

Marks say what needs a look: an empty day, two posts on one account under 30 minutes apart, the same text on one
account within 24 hours (the API refuses it), failed posts, posts waiting for approval, and the clocks changing
that day. `build_calendar` is pure; `read_calendar` makes the calls (posts, accounts and queues side by side).
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from ...errors import InputError, LateAPIError, clause
from ...models.planner import Calendar, CalendarDay
from ...models.posts import Post
from ...models.queue import QueueSchedule
from ...wallclock import Placed, change_on, chosen_zone, day_bounds, hhmm, parse_hhmm, place, queue_zone, skipped_day
from .._hints import DASHBOARD
from .._shared import date_arg, fitting, side_by_side
from .clashes import CLASH_WINDOW, Pair, Placement, pairs
from .timing import Timed, handles, placements, posts_between, timed, who

if TYPE_CHECKING:
    from ...client import LateClient

log = logging.getLogger("late_mcp.tools.planner")

MAX_DAYS = 31
#: a day's clash and duplicate marks shown one by one; the rest are counted (posts at one time pair up n(n-1)/2 ways)
MAX_PAIR_MARKS = 3
PREVIEW = 36


@dataclass(frozen=True)
class Window:
    """Local days [start, start + days) in one zone."""

    start: date
    days: int
    zone: tzinfo
    zone_name: str

    @property
    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return day_bounds(self.start, self.zone)[0], day_bounds(self.dates[-1], self.zone)[1]

    def period(self) -> str:
        last = self.dates[-1]
        return f"{self.start:%a %Y-%m-%d}" + (f" to {last:%a %Y-%m-%d}" if self.days > 1 else "")


def window_of(start: str, days: int, zone: tzinfo, zone_name: str, *, now: datetime) -> Window:
    """The period asked for: from `start` (YYYY-MM-DD, default today in the zone), `days` long."""
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"days={days}: give 1 to {MAX_DAYS} days (a month at most; page on with next_start).")
    first = date_arg(start, "start")
    return Window(date.fromisoformat(first) if first else now.astimezone(zone).date(), days, zone, zone_name)


async def calendar_of(
    client: LateClient,
    start: str,
    days: int | str,
    zone_name: str,
    *,
    now: datetime,
    profile_id: str | None = None,
    platform: str | None = None,
    retry: str = DASHBOARD,
) -> Calendar:
    """The calendar of `days` local days from `start` in `zone_name` (the tool's and the resource's view); `retry`:
    how a failed post is retried where this server runs ("with posts_retry", "in the Late dashboard")."""
    if isinstance(days, str):
        if not days.strip().isdigit():
            raise InputError(f"days={days!r}: give a number of days, 1 to {MAX_DAYS}.")
        days = int(days)
    name, zone = chosen_zone(zone_name, zone_name)
    window = window_of(start, days, zone, name, now=now)
    return await read_calendar(client, window, now=now, profile_id=profile_id, platform=platform, retry=retry)


@dataclass(frozen=True)
class Sources:
    """What the calendar is made of, as read from the API."""

    posts: list[Post]
    names: dict[str, str]  # account id -> handle
    queues: list[QueueSchedule]
    accounts: set[str] | None = None  # only these accounts' targets (a profile's), or all
    truncated: bool = False
    queue_note: str = ""
    profiles: dict[str, str] = field(default_factory=dict)  # account id -> profile id: whose posts meet a queue's slot


async def read_calendar(
    client: LateClient,
    window: Window,
    *,
    now: datetime,
    profile_id: str | None,
    platform: str | None,
    retry: str = DASHBOARD,
) -> Calendar:
    """Read the period's posts, the accounts and the queues, then build the calendar. The posts are read on every
    platform and `platform` kept here: a queued post on another platform still takes its queue's slot."""
    start, end = window.bounds
    (posts, truncated), accounts, (queues, queue_note) = await side_by_side(
        lambda: posts_between(client, start, end, profile_id=profile_id),
        client.accounts.list,
        lambda: _queues(client, profile_id),
    )
    mine = {a.id for a in accounts if a.profile_id == profile_id} if profile_id else None
    profiles = {a.id: a.profile_id for a in accounts if a.profile_id}
    sources = Sources(posts, handles(accounts), queues, mine, truncated, queue_note, profiles)
    return build_calendar(window, sources, now=now, platform=platform, retry=retry)


async def _queues(client: LateClient, profile_id: str | None) -> tuple[list[QueueSchedule], str]:
    """The queues of the profile (or of every profile); without them the calendar still shows the posts."""
    try:
        ids = [profile_id] if profile_id else [p.id for p in await client.profiles.list()]
        found = await side_by_side(*(functools.partial(client.queue.list, pid) for pid in ids))
    except LateAPIError as exc:
        log.info("queues unavailable: %r", exc)
        return [], f"Free queue slots are not shown: the queues could not be read ({clause(exc.message)})."
    return [q for queues in found for q in queues if q.active and q.slots], ""


def build_calendar(
    window: Window, sources: Sources, *, now: datetime, platform: str | None = None, retry: str = DASHBOARD
) -> Calendar:
    """The calendar of `window` from what was read: pure, so every mark is tested without the API (`retry`: see
    `calendar_of`)."""
    zone = window.zone
    start, end = window.bounds
    items = [t for post in sources.posts for t in timed(post, platform=platform, accounts=sources.accounts)]
    items = [t for t in items if t.post.status != "cancelled"]
    shown = sorted((t for t in items if start <= t.at < end), key=lambda t: (t.at, t.post.id))
    found = [p for p in pairs(placements(items, sources.names)) if start <= p.second.at < end]
    free = _free_slots(window, sources, now=now)
    days = []
    for day in window.dates:
        today = [t for t in shown if t.at.astimezone(zone).date() == day]
        clocks = change_on(day, zone)
        lines = [_line(t, sources.names, zone, zoned=clocks is not None) for t in today]
        marks = _marks(today, [p for p in found if p.second.at.astimezone(zone).date() == day], zone, retry)
        if clocks is not None:
            marks.append(clocks.describe())
        slots = [label for at, label in free if at.astimezone(zone).date() == day]
        days.append(CalendarDay(day=f"{day:%a %Y-%m-%d}", posts=lines or None, free=slots or None, marks=marks or None))
    kept = fitting(days)
    if kept < window.days:  # the first days that fit one answer, and where the rest starts
        short = build_calendar(replace(window, days=kept), sources, now=now, platform=platform, retry=retry)
        rest = f"start={short.next_start} and days={window.days - kept}"
        cut = f"Only {kept} of the {window.days} days asked fit one answer: call again with {rest} for the rest."
        return short.model_copy(update={"note": " ".join(n for n in (cut, short.note) if n)})
    unknown = [queue_zone(q.timezone, zone, queue=q.name or q.id)[1] for q in sources.queues]
    notes = [n for n in (sources.queue_note, *unknown, _truncated(sources.truncated)) if n]
    return Calendar(
        timezone=window.zone_name,
        period=window.period(),
        summary=_summary(shown, found, days, window),
        days=days,
        next_start=(window.start + timedelta(days=window.days)).isoformat(),
        note=" ".join(notes) or None,
    )


def _line(item: Timed, names: dict[str, str], zone: tzinfo, *, zoned: bool) -> str:
    """'09:00 scheduled twitter@acmestudio,linkedin@acme-studio “Join our live demo on…” 65f0c2…'."""
    local = item.at.astimezone(zone)
    time = f"{hhmm(local)} {local.tzname()}" if zoned else hhmm(local)
    failed = item.post.status != "failed"
    targets = ",".join(who(t, names) + ("(failed)" if failed and t.status == "failed" else "") for t in item.targets)
    text = " ".join((item.post.content or item.post.title or "").split())
    text = text if len(text) <= PREVIEW else text[: PREVIEW - 1].rstrip() + "…"
    return f"{time} {item.post.status or 'unknown'} {targets} “{text}” {item.post.id}"


def _marks(today: list[Timed], found: list[Pair], zone: tzinfo, retry: str) -> list[str]:
    if not today:
        return ["empty day"]
    said = list(dict.fromkeys(pair.describe(zone) for pair in found))  # several posts at one time read alike
    marks = said[:MAX_PAIR_MARKS]
    if len(said) > MAX_PAIR_MARKS:
        marks.append(f"{len(said) - MAX_PAIR_MARKS} more clashes or duplicates this day")
    failed = sum(1 for t in today if t.post.status == "failed" or any(x.status == "failed" for x in t.targets))
    waiting = sum(1 for t in today if t.post.status == "pending_approval")
    if failed:
        marks.append(f"{failed} failed: fix, then retry {retry}")
    if waiting:
        marks.append(f"{waiting} pending approval: they do not go out until approved")
    return marks


def _free_slots(window: Window, sources: Sources, *, now: datetime) -> list[tuple[datetime, str]]:
    """Each queue slot in the period that is still ahead and holds no post of that queue, as (instant, local
    'HH:MM', with the queue's name when there are several). The API's queue counts only its own posts ("Do not
    call /v1/queue/next-slot and then use that time in scheduledFor. That bypasses the queue system"), so a slot
    beside a post scheduled by time or in another queue is free, and says which posts of its profile are there."""
    start, end = window.bounds
    queues = sources.queues
    defaults = {q.profile_id: q.id for q in queues if q.is_default and q.profile_id}
    live = ("scheduled", "publishing")
    taken = {(_queue_of(p, defaults), p.scheduled_for) for p in sources.posts if p.status in live}
    near = placements([t for post in sources.posts for t in timed(post)], sources.names)
    found: list[tuple[datetime, str]] = []
    for queue in queues:
        for placed in _slots_of(queue, window):
            at = placed.utc
            if start <= at < end and at > now and (queue.id, at) not in taken:
                label = _slot_label(placed, window.zone)
                label = f"{label} ({queue.name})" if len(queues) > 1 and queue.name else label
                found.append((at, label + _beside(at, queue, near, sources.profiles, window.zone)))
    return sorted(found)


def _slots_of(queue: QueueSchedule, window: Window) -> Iterator[Placed]:
    """The queue's slots on the local days (in the queue's zone) that overlap the period."""
    zone, _ = queue_zone(queue.timezone, window.zone)  # said in the calendar's note (`build_calendar`)
    start, end = window.bounds
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        for slot in queue.slots:
            if slot.day_of_week % 7 == (day.weekday() + 1) % 7 and not skipped_day(day, zone):  # from Sunday = 0
                yield place(day, parse_hhmm(slot.time, "slot"), zone)


def _beside(at: datetime, queue: QueueSchedule, near: list[Placement], profiles: dict[str, str], zone: tzinfo) -> str:
    """' (free in the queue, but twitter@acmestudio already has a post at 09:00)': the posts of the queue's
    profile under 30 minutes from a free slot, which the next queued post still takes; '' when there are none."""
    local = at.astimezone(zone)
    said: dict[tuple[str, str], None] = {}  # (who, when), in time order, each once
    for one in sorted(near, key=lambda p: (p.at, p.who)):
        if abs(one.at - at) < CLASH_WINDOW and queue.profile_id in (None, profiles.get(one.account)):
            theirs = one.at.astimezone(zone)
            said[one.who, hhmm(theirs) if theirs.date() == local.date() else f"{theirs:%a %H:%M}"] = None
    if len(said) == 1:
        ((who, when),) = said
        return f" (free in the queue, but {who} already has a post at {when})"
    shown = [f"{who} at {when}" for who, when in list(said)[:MAX_PAIR_MARKS]]
    more = f" and {len(said) - len(shown)} more" if len(said) > len(shown) else ""
    return f" (free in the queue, but these already have posts: {', '.join(shown)}{more})" if said else ""


def _slot_label(placed: Placed, zone: tzinfo) -> str:
    """'09:00'; on a day the clocks change, with the zone's name, and for a slot the change skips or repeats in
    the queue's zone, that Late decides when it is (the API keeps a slot's wall time; where it puts one that day
    is its own choice)."""
    local = placed.utc.astimezone(zone)
    if not placed.note and change_on(local.date(), zone) is None:
        return hhmm(local)
    why = "does not exist that day: Late picks the time" if placed.moved else "happens twice that day: Late picks which"
    return f"{hhmm(local)} {local.tzname()}" + (f" ({placed.asked:%H:%M} {why})" if placed.note else "")


def _queue_of(post: Post, defaults: dict[str, str]) -> str | None:
    """The queue a post holds a slot of: its `queueId`, else the default queue of its `queuedFromProfile` (the
    Post schema gives `queueId` only "if the post was scheduled via a specific queue"; without one the API used
    "the profile's default queue")."""
    value = post.queue_id or defaults.get(post.queued_from_profile or "")
    return str(value) if value else None


def _summary(shown: list[Timed], found: list[Pair], days: list[CalendarDay], window: Window) -> str:
    posts = len({t.post.id for t in shown})
    busy = sum(1 for d in days if d.posts)
    parts = [f"{posts} post{'s' if posts != 1 else ''} on {busy} of {window.days} days"]
    kinds = Counter(p.kind for p in found)
    parts += [
        f"{n} {kind}{'es' if kind == 'clash' else 's'}" if n > 1 else f"1 {kind}" for kind, n in sorted(kinds.items())
    ]
    free = sum(len(d.free or []) for d in days)
    if free:
        parts.append(f"{free} free queue slot{'s' if free > 1 else ''}")
    clocks = [d.day for d in days if any(m.startswith("clocks go") for m in d.marks or [])]
    if clocks:
        parts.append(f"clocks change on {', '.join(clocks)}")
    return f"{window.period()} ({window.zone_name}): " + "; ".join(parts) + "."


def _truncated(truncated: bool) -> str:
    if not truncated:
        return ""
    return "More than 1000 posts in this period: only the first 1000 are shown; ask for fewer days."
