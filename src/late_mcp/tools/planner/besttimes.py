"""Best times to post: the API's engagement by weekday and UTC hour, as the user's local weekdays and hours.

A UTC hour is a different local hour in summer and in winter, so each slot is shown as it falls in the coming
weeks, and `later` says what it becomes after a clock change inside them. Without the Analytics add-on the
profile's queue slots stand in, marked as such. `next_best` is the choice a `scheduled_for="best"` would make.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from ...errors import InputError, LateAPIError, LateError
from ...models.planner import BestSlot, BestTimeAnswer, BestTimes
from ...timeutil import UTC
from ...wallclock import parse_hhmm, place, queue_zone, skipped_day
from .._args import unquoted
from .._shared import profile_or_default
from ..accounts.find import find_account

if TYPE_CHECKING:
    from ...client import LateClient

#: how far ahead "the coming weeks" reach when telling whether a slot's local time changes
HORIZON_WEEKS = 8
TOP = 10
PRICING = "https://getlate.dev/pricing"
#: tool -> how the person does something with it where this server runs ("with queue_create", "with queue_create,
#: from the queue toolset (...)", "in the Late dashboard"): a step we suggest must exist (tools/_hints.via)
Via = Callable[[str], str]
NO_ADDON = (
    "Best times come from Late's Analytics add-on, which this account does not have; the user can add it "
    f"under Billing in the Late dashboard (plans and add-ons: {PRICING})."
)


@dataclass(frozen=True)
class Weekly:
    """A time that comes back every week: a weekday (Monday = 0) and a wall-clock time in a zone."""

    weekday: int
    at: time
    zone: tzinfo
    engagement: float | None = None
    posts: int | None = None

    def occurrences(self, after: datetime, weeks: int = HORIZON_WEEKS) -> list[datetime]:
        """The next `weeks` instants (UTC) of this time after `after`."""
        local = after.astimezone(self.zone)
        day = local.date() + timedelta(days=(self.weekday - local.weekday()) % 7)
        found: list[datetime] = []
        while len(found) < weeks:
            at = place(day, self.at, self.zone).utc
            if at > after and not skipped_day(day, self.zone):
                found.append(at)
            day += timedelta(days=7)
        return found

    def slot(self, zone: tzinfo, now: datetime) -> BestSlot:
        """This time as the user reads it now, and after a clock change in the coming weeks."""
        instants = self.occurrences(now)
        labels = [f"{at.astimezone(zone):%a %H:%M}" for at in instants]
        utc = f"{instants[0]:%a %H:%M}" if self.zone is UTC else None
        later = _later(labels, [f"{at.astimezone(zone):%a %Y-%m-%d}" for at in instants])
        return BestSlot(local=labels[0], utc=utc, avg_engagement=self.engagement, posts=self.posts, later=later)


def _later(labels: list[str], days: list[str]) -> str | None:
    """The first change of a weekly slot's local time, and, when it changes again within the weeks shown, until
    when: a slot the clocks skip once, or a queue whose zone changes weeks before the user's, moves for a while."""
    changed = next((i for i, label in enumerate(labels) if label != labels[0]), None)
    if changed is None:
        return None
    back = next((i for i in range(changed + 1, len(labels)) if labels[i] != labels[changed]), None)
    if back is None:
        return f"{labels[changed]} from {days[changed]}"
    if back == changed + 1:
        return f"{labels[changed]} on {days[changed]} only"
    return f"{labels[changed]} from {days[changed]} to {days[back - 1]}, then {labels[back]}"


def ranked(answer: BestTimeAnswer) -> list[Weekly]:
    """The API's slots, best first (engagement, then how many posts it rests on); malformed ones left out.

    The API counts day_of_week from Monday = 0 (the SDK's reading); its hour is UTC.
    """
    slots = [
        Weekly(s.day_of_week, time(s.hour), UTC, round(s.avg_engagement, 2), s.post_count)
        for s in answer.slots
        if 0 <= s.day_of_week <= 6 and 0 <= s.hour <= 23
    ]
    return sorted(slots, key=lambda w: (-(w.engagement or 0.0), -(w.posts or 0), w.weekday, w.at))


def next_best(slots: list[Weekly], after: datetime, *, top: int = 3) -> tuple[datetime, Weekly] | None:
    """The soonest occurrence after `after` of one of the `top` best slots (`slots` ranked best first)."""
    choices = [(w.occurrences(after, 1)[0], w) for w in slots[:top]]
    return min(choices, key=lambda c: c[0]) if choices else None


def needs_addon(exc: LateAPIError) -> bool:
    """The API's way of saying the Analytics add-on is missing (402, or a 403 that says so)."""
    return (
        exc.status == 402
        or exc.code == "analytics_addon_required"
        or (exc.status == 403 and "add-on" in exc.message.lower())
    )


async def best_times(
    client: LateClient,
    zone: tzinfo,
    zone_name: str,
    *,
    now: datetime,
    platform: str | None,
    account_id: str | None,
    profile_id: str,
    via: Via,
) -> BestTimes:
    """The best slots in local time; without the add-on, the profile's queue slots (or a clear error, with the
    queue step `via` says)."""
    try:
        answer = await client.analytics.best_time(
            platform=platform, profile_id=profile_id or None, account_id=account_id
        )
    except LateAPIError as exc:
        if not needs_addon(exc):
            raise
        return await queue_slots(client, zone, zone_name, now=now, profile_id=profile_id, via=via)
    best = ranked(answer)
    shown = [w.slot(zone, now) for w in best[:TOP]]
    basis = sum(w.posts or 0 for w in best)
    if not shown:
        summary = "No published posts with engagement data yet" + (f" on {platform}" if platform else "") + "."
        note = "Publish for a few weeks first; meanwhile the queue's slots are a fair default: see them "
        note += f"{via('queue_list')}."
        return BestTimes(timezone=zone_name, source="analytics", summary=summary, slots=[], based_on_posts=0, note=note)
    top = ", ".join(s.local for s in shown[:3])
    summary = f"Best times{f' on {platform}' if platform else ''} ({zone_name}), from {basis} posts: {top}."
    if any(s.later for s in shown):
        summary += " Clocks change in the coming weeks: `later` gives a slot's local time after the change."
    return BestTimes(timezone=zone_name, source="analytics", summary=summary, slots=shown, based_on_posts=basis)


async def queue_slots(
    client: LateClient, zone: tzinfo, zone_name: str, *, now: datetime, profile_id: str, via: Via
) -> BestTimes:
    """The fallback without the add-on: the weekly slots of the profile's queues, in local time."""
    pid = await profile_or_default(client, profile_id)
    queues = [
        (queue, *queue_zone(queue.timezone, zone, queue=queue.name or queue.id))
        for queue in await client.queue.list(pid)
        if queue.active
    ]
    weekly = [
        Weekly((slot.day_of_week - 1) % 7, parse_hhmm(slot.time, "slot"), there)
        for queue, there, _ in queues
        for slot in queue.slots  # dayOfWeek: 0 = Sunday
    ]
    if not weekly:
        raise LateError(
            NO_ADDON + " This profile has no queue to fall back on either.",
            hint=f"Pick times yourself, or set up a queue of weekly slots {via('queue_create')}.",
        )
    shown = [w.slot(zone, now) for w in weekly]
    shown.sort(key=lambda s: _week_order(s.local))
    summary = f"{len(shown)} queue slots of profile {pid} in {zone_name} (no engagement data: see note)."
    note = " ".join([NO_ADDON, *(unknown for _, _, unknown in queues if unknown)])
    return BestTimes(timezone=zone_name, source="queue", summary=summary, slots=shown, note=note)


async def account_filter(client: LateClient, account_id: str, platform: str | None) -> str | None:
    """The one account to read (None: all): a connected one, on `platform` where one is given too, so a wrong or
    mismatched id is refused rather than answered with "no data yet"."""
    if not unquoted(account_id):
        return None
    account = await find_account(client, account_id)
    if platform and account.platform != platform:
        raise InputError(
            f"account_id {account.id} is {account.platform} @{account.username}, not {platform}: give an account on "
            f"{platform}, or leave platform or account_id empty."
        )
    return account.id


def _week_order(label: str) -> tuple[int, str]:
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return days.index(label[:3]), label[4:]
