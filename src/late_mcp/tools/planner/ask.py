"""The series tool's arguments read into a `SeriesAsk`, every check made before any call."""

from __future__ import annotations

from datetime import date, datetime

from ...errors import InputError
from ...wallclock import chosen_zone, parse_hhmm
from .._shared import date_arg
from ..posts.args import TargetIn, platform_list
from ..slots import days_of
from .every import read_every
from .run import SeriesAsk
from .series import MAX_DATES, Series


def texts(content: str, contents: list[str] | None) -> tuple[str, ...]:
    """One text, or variations used in turn; exactly one of the two (media-only posts give neither)."""
    variations = tuple(c for c in (contents or []) if c.strip())
    if content.strip() and variations:
        raise InputError("Give content (one text) or contents (variations used in turn), not both.")
    if len(variations) > MAX_DATES:
        raise InputError(f"contents has {len(variations)} texts; a series uses at most {MAX_DATES}.")
    return variations or (content,)


def rhythm(
    every: str,
    on: str | list[str],
    at: str,
    start: str,
    count: int,
    until: str,
    timezone: str,
    default_zone: str,
    now: datetime,
) -> tuple[Series, str]:
    """The series' dates as asked (the tool's parameters, in its order), and the zone's name."""
    name, zone = chosen_zone(timezone, default_zone)
    unit, interval, on, nth = read_every(every, on)
    at_time = parse_hhmm(at)
    weekdays = frozenset((d - 1) % 7 for d in days_of(on))  # days_of counts from Sunday = 0
    first = date_arg(start, "start")
    last = date_arg(until, "until")
    series = Series(
        every=unit,
        weekdays=weekdays,
        at=at_time,
        start=date.fromisoformat(first) if first else now.astimezone(zone).date(),
        zone=zone,
        count=count,
        until=date.fromisoformat(last) if last else None,
        interval=interval,
        ahead=not first,
        nth=nth,
    )
    return series, name


def what(
    series: Series,
    zone_name: str,
    content: str,
    contents: list[str] | None,
    platforms: str | list[str],
    targets: list[TargetIn] | None,
    account_ids: str | list[str],
    profile_id: str,
    media_urls: str | list[str],
    title: str,
) -> SeriesAsk:
    """What each date posts where (the tool's parameters, in its order)."""
    if any(t.scheduled_for.strip() for t in targets or ()):
        raise InputError("A series sets each date's time with at: drop scheduled_for from the targets.")
    return SeriesAsk(
        series=series,
        zone_name=zone_name,
        contents=texts(content, contents),
        platforms=platform_list(platforms, targets),
        account_ids=account_ids,
        profile_id=profile_id,
        media_urls=media_urls,
        title=title,
        targets=targets,
    )
