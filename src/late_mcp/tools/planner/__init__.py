"""Planner tools: the calendar by local day, the best times to post, and recurring series.

The time arithmetic models get wrong is done here, exactly: `wallclock` (a local time as an instant, skipped
and repeated times, clock changes), `series` (the dates of a rhythm), `clashes`, `timing` (when each target goes
out), `calendar`, `besttimes`, and `run` (a series checked or created through the posting domain). Those
modules know nothing of MCP; the tools below parse, call them, and return their result.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ...models.planner import BestTimes, Calendar, SeriesResult
from ...timeutil import now_utc
from .._args import platform_name
from .._context import Ctx, state
from .._params import MediaUrlsArg, PlatformsArg, PostAccountIdsArg, TitleArg
from .._shared import optional_id
from .._spec import read, tool, toolset, write
from ..posts.args import TargetsArg
from .ask import series_ask
from .besttimes import best_times
from .calendar import read_calendar, window_of
from .run import check_series, create_series, preview
from .series import MAX_DATES, Every
from .wallclock import chosen_zone

ZoneArg = Annotated[str, Field(description="IANA zone; default the user's")]
OnlyPlatformArg = Annotated[str, Field(description="Only this platform")]
OnlyProfileArg = Annotated[str, Field(description="Only this profile's accounts (and queue)")]


async def posts_calendar(
    ctx: Ctx,
    start: Annotated[str, Field(description="First day, YYYY-MM-DD; default today")] = "",
    days: Annotated[int, Field(ge=1, le=31)] = 7,
    profile_id: OnlyProfileArg = "",
    platform: OnlyPlatformArg = "",
    timezone: ZoneArg = "",
) -> Calendar:
    """Posts by local day: time, status, platform@account, preview, id; free queue slots; marks for empty
    days, clashes (same account <30 min, same text <24 h), failed or unapproved posts, clock changes."""
    app = state(ctx)
    name, zone = chosen_zone(timezone, app.settings.timezone)
    now = now_utc()
    window = window_of(start, days, zone, name, now=now)
    profile = optional_id(profile_id, "profile_id", list_tool="profiles_list")
    only = platform_name(platform) if platform.strip() else None
    return await read_calendar(app.client, window, now=now, profile_id=profile, platform=only)


async def posts_best_times(
    ctx: Ctx,
    platform: OnlyPlatformArg = "",
    account_id: Annotated[str, Field(description="Only this account")] = "",
    profile_id: OnlyProfileArg = "",
) -> BestTimes:
    """Best times to post from past engagement, best first, as local weekday and time (Analytics add-on;
    without it, the queue's slots). Says how many posts it rests on and how a clock change moves a slot."""
    app = state(ctx)
    return await best_times(
        app.client,
        app.zone,
        app.settings.timezone,
        now=now_utc(),
        platform=platform_name(platform) if platform.strip() else None,
        account_id=optional_id(account_id, "account_id", list_tool="accounts_list"),
        profile_id=optional_id(profile_id, "profile_id", list_tool="profiles_list") or "",
    )


async def posts_schedule_series(
    at: Annotated[str, Field(description="Local time, HH:MM")],
    ctx: Ctx,
    content: Annotated[str, Field(description="The text of every post")] = "",
    contents: Annotated[list[str] | None, Field(description="Variations, used in turn (repeats are refused)")] = None,
    platforms: PlatformsArg = "",
    targets: TargetsArg | None = None,
    every: Every = "week",
    on: Annotated[str, Field(description="Weekdays, e.g. 'mon,thu' or 'weekdays'")] = "",
    start: Annotated[str, Field(description="First date, YYYY-MM-DD; default today")] = "",
    count: Annotated[int, Field(ge=0, le=MAX_DATES, description="How many posts (or until)")] = 0,
    until: Annotated[str, Field(description="Last date, YYYY-MM-DD (or count)")] = "",
    timezone: ZoneArg = "",
    account_ids: PostAccountIdsArg = "",
    profile_id: Annotated[str, Field(description="Only use accounts of this profile")] = "",
    media_urls: MediaUrlsArg = "",
    title: TitleArg = "",
    dry_run: Annotated[bool, Field(description="Only list dates and checks (default); false creates")] = True,
) -> SeriesResult:
    """Schedule one post per date of a series ("every Monday at 09:00") at that local wall-clock time, DST
    included. dry_run lists each date (local, UTC) with rule problems and clashes; then dry_run=false."""
    app = state(ctx)
    name, zone = chosen_zone(timezone, app.settings.timezone)
    ask = series_ask(
        content=content, contents=contents, platforms=platforms, targets=targets, every=every, on=on, at=at,
        start=start, count=count, until=until, zone=zone, zone_name=name, now=now_utc(), account_ids=account_ids,
        profile_id=profile_id, media_urls=media_urls, title=title,
    )  # fmt: skip
    checked = await check_series(app.client, ask, now=now_utc())
    if dry_run:
        return preview(checked)
    return await create_series(app.client, checked, now=now_utc, sleep=app.waits.sleep, progress=ctx.report_progress)


TOOLSET = toolset(
    "planner",
    tool(posts_calendar, read("Posts calendar")),
    tool(posts_best_times, read("Best times to post")),
    tool(posts_schedule_series, write("Schedule a recurring series")),
)
