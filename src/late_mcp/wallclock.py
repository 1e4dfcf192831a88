"""Wall-clock times in a zone, exactly: a local date and time as the instant it is, a day's bounds, and the
daylight-saving change a day holds.

People plan by the clock on the wall ("Mondays at 9"); the instant that is moves when the clocks change. Two
local times need a rule, and each is reported, never shifted silently: one that does not exist (clocks jump
forward over it) is read with the offset in effect before the jump, so it moves forward by the jump's length
(02:30 in a one-hour gap is 03:30); one that happens twice (clocks fall back) is the first. Both are fold=0,
the reading of RFC 5545 (3.3.5), Python's zoneinfo and Temporal's "compatible". A local date the clocks skip
whole (Pacific/Apia's 2011-12-30) has no time at all: `skipped_day`. Pure: no I/O; the zone and the day are
arguments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from .errors import InputError
from .timeutil import UTC, clock_time, local, zone_or_error
from .zones import find_zone, zone_said_in

_TINY = timedelta(microseconds=1)


@dataclass(frozen=True)
class Placed:
    """A wall-clock time asked for on a local date, and the instant it is (aware, in the zone)."""

    asked: datetime  # naive
    local: datetime
    note: str = ""  # set when the time was moved (it does not exist) or happens twice

    @property
    def utc(self) -> datetime:
        return self.local.astimezone(UTC)

    @property
    def moved(self) -> bool:
        return self.local.replace(tzinfo=None) != self.asked

    @property
    def ambiguous(self) -> bool:
        return not self.moved and bool(self.note)


@dataclass(frozen=True)
class Change:
    """A change of the zone's UTC offset: daylight saving starting or ending."""

    at: datetime  # the instant, UTC
    before: timedelta
    after: timedelta
    names: tuple[str, str]  # e.g. ("CET", "CEST")
    wall: datetime  # the wall-clock time at which it happens, on the clock before the change
    day: date | None = None  # the local day it belongs to: its wall time may be the midnight that ends it

    @property
    def forward(self) -> bool:
        return self.after > self.before

    def describe(self) -> str:
        way = "forward" if self.forward else "back"
        names = f" ({self.names[0]}→{self.names[1]})" if self.names[0] != self.names[1] else ""
        clock = "24:00" if self.day is not None and self.wall.date() > self.day else f"{self.wall:%H:%M}"
        return f"clocks go {way} {span(abs(self.after - self.before))} at {clock}{names}"


def span(delta: timedelta) -> str:
    """'1 h', '30 min', '1 h 30 min', '2 days 3 h' (whole minutes)."""
    days, minutes = divmod(int(delta.total_seconds() // 60), 24 * 60)
    hours, rest = divmod(minutes, 60)
    parts = (
        f"{days} day{'s' if days != 1 else ''}" if days else "",
        f"{hours} h" if hours else "",
        f"{rest} min" if rest else "",
    )
    return " ".join(part for part in parts if part) or "0 min"


def parse_hhmm(text: str, field: str = "at") -> time:
    """'09:00', '9:00', '09:00:00' or '9am' as a time (`timeutil.clock_time`); anything else is refused with the
    expected form."""
    at = clock_time(text)
    if at is None:
        said = zone_said_in(text, field, "a time of day")
        raise InputError(said or f"{field}={text!r} is not a time of day: use HH:MM such as 09:00 or 18:30.")
    return at


def exists(naive: datetime, zone: tzinfo) -> bool:
    """Whether the wall-clock time happens at all in `zone` (not skipped by clocks jumping forward)."""
    aware = naive.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def place(day: date, at: time, zone: tzinfo) -> Placed:
    """The instant `at` on `day` in `zone`: a skipped time moves forward by the length of the jump, a repeated
    one takes its first occurrence; both say so in `note`.

    One rule for a skipped time everywhere (series, queue slots, best times, and the time a refusal of a single
    post or a bulk row suggests): read it with the offset before the jump, as RFC 5545 does for a recurrence,
    zoneinfo does for fold=0 and Temporal's "compatible" does, so what we say matches what calendar apps and
    date libraries make of it. It keeps the time since the last valid one (a daily 02:30 stays 24 hours after
    the day before's) and, where a whole local day is skipped, the time of day (not the next midnight).
    """
    naive = datetime.combine(day, at)
    if not exists(naive, zone):
        local = _skipped_to(naive, zone)
        to = f"{local:%Y-%m-%d %H:%M}" if local.date() != day else f"{local:%H:%M}"
        note = f"{naive:%H:%M} does not exist on {day} (clocks jump forward): moved to {to}"
        return Placed(naive, local, note)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        note = f"{naive:%H:%M} happens twice on {day} (clocks go back): the first, {first:%Z}, is used"
        return Placed(naive, first, note)
    return Placed(naive, first)


def _skipped_to(naive: datetime, zone: tzinfo) -> datetime:
    """Where a wall time the clocks skip is taken to be: read with the offset before the jump (see `place`)."""
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def skipped_day(day: date, zone: tzinfo) -> bool:
    """Whether the clocks skip the whole local day (no instant has that date there): a series or a weekly slot has
    no time that day, as RFC 5545 leaves out a date that does not exist (a 30 February)."""
    start, end = day_bounds(day, zone)
    return start == end


def _offset(instant: datetime, zone: tzinfo) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _first_at(lo: datetime, hi: datetime, zone: tzinfo) -> datetime:
    """The first whole second in (lo, hi] whose offset is hi's (lo's differs): offsets change on the second."""
    target = _offset(hi, zone)
    low, high = math.floor(lo.timestamp()), math.ceil(hi.timestamp())
    while high - low > 1:
        mid = (low + high) // 2
        if _offset(datetime.fromtimestamp(mid, UTC), zone) == target:
            high = mid
        else:
            low = mid
    return datetime.fromtimestamp(high, UTC)


def weekly_in_changes(weekly: list[tuple[int, str]], zone: tzinfo, start: date, days: int = 366) -> list[str]:
    """Weekly wall times (Monday = 0, 'HH:MM'; others left out) that a clock change in the `days` from `start`
    skips or repeats, each as a sentence: a queue keeps its slots' wall time, and that week the API must put the
    post somewhere else."""
    readable = [(weekday, at) for weekday, text in weekly if (at := clock_time(text)) is not None]
    found = []
    for day in (start + timedelta(days=n) for n in range(days)):
        times = sorted({at for weekday, at in readable if weekday == day.weekday()})
        change = change_on(day, zone) if times else None
        if change is None:
            continue
        for at in times:
            naive = datetime.combine(day, at)
            if not exists(naive, zone):
                found.append(f"{day:%a} {at:%H:%M} does not exist on {day:%a %Y-%m-%d} ({change.describe()})")
            elif naive.replace(tzinfo=zone, fold=0).utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset():
                found.append(f"{day:%a} {at:%H:%M} happens twice on {day:%a %Y-%m-%d} ({change.describe()})")
    return found


def day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The instants (UTC) a local day starts and the next one starts: 23 or 25 hours apart on a change."""
    return _midnight(day, zone), _midnight(day + timedelta(days=1), zone)


def _midnight(day: date, zone: tzinfo) -> datetime:
    # Read with the offset in effect before: a day whose midnight is skipped starts where the jump happens.
    return datetime.combine(day, time(0)).replace(tzinfo=zone, fold=0).astimezone(UTC)


def change_on(day: date, zone: tzinfo) -> Change | None:
    """The offset change the local day holds, if any (at most one per day in every zone there is)."""
    start, end = day_bounds(day, zone)
    before, after = _offset(start - _TINY, zone), _offset(end - _TINY, zone)
    if before == after:
        return None
    at = _first_at(start - _TINY, end - _TINY, zone)
    return Change(
        at=at,
        before=before,
        after=after,
        names=((at - _TINY).astimezone(zone).tzname() or "", at.astimezone(zone).tzname() or ""),
        wall=(at + before).replace(tzinfo=None),
        day=day,
    )


def chosen_zone(timezone: str, default: str) -> tuple[str, tzinfo]:
    """A tool's `timezone` argument (or the user's zone when empty): its name and the zone."""
    name = timezone.strip() or default
    return name, zone_or_error(name)


def queue_zone(name: str | None, fallback: tzinfo, *, queue: str = "") -> tuple[tzinfo, str]:
    """The zone a queue names, and "" ; or, when this machine knows no zone by that name (its zone database older
    than the API's), `fallback` (the user's zone) and the sentence that says so: the queue's slots, wall times in
    its own zone, are then read in the user's, and a result that shows them must say it."""
    zone = find_zone(name) if name else None
    if zone is not None:
        return zone, ""
    which = f"Queue {queue!r}" if queue else "The queue"
    what = f"its time zone {name!r} is not one this machine knows" if name else "it names no time zone"
    user = getattr(fallback, "key", None) or str(fallback)
    return fallback, (
        f"{which}: {what}, so its slots are read in your zone ({user}) instead; where the two differ, its times "
        "here are off by the difference."
    )


def hhmm(local: datetime) -> str:
    return f"{local:%H:%M}"


def local_label(when: datetime, zone: tzinfo) -> str:
    """'Mon 2026-03-30 09:00 CEST': what a person reads."""
    shown = local(when, zone)
    return f"{shown:%a %Y-%m-%d %H:%M} {shown.tzname()}"


def utc_label(when: datetime) -> str:
    """'2026-03-30T07:00Z': the instant, short."""
    return f"{when.astimezone(UTC):%Y-%m-%dT%H:%MZ}"
