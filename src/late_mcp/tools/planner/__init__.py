"""Planner tools: the calendar by local day, the best times to post, recurring series, and recycling (Late
reposting a post on a rhythm, `recycling`).

The time arithmetic models get wrong is done here, exactly: `wallclock` (a local time as an instant, skipped
and repeated times, clock changes), `series` (the dates of a rhythm), `clashes`, `timing` (when each target goes
out), `calendar`, `besttimes`, `run` (a series checked or created through the posting domain) and `recycling`
(the checked change of a post's recycling). Those modules know nothing of MCP; the tools below parse, call
them, and return their result.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated

from pydantic import Field, WithJsonSchema

from ...models.planner import BestTimes, Calendar, Recycled, SeriesResult
from ...timeutil import now_utc
from .._args import check_id, platform_name
from .._context import Ctx, state
from .._hints import upload_step, via
from .._params import MediaUrlsArg, PlatformsArg, PostAccountIdsArg, PostIdArg, PostProfileIdArg, TitleArg
from .._shared import known_profile
from .._spec import read, tool, toolset, write
from ..posts.args import TargetsArg
from ..posts.recycle import shown
from .ask import rhythm, what
from .besttimes import account_filter, best_times
from .calendar import calendar_of
from .recycling import recycling_change, still_going_out
from .run import check_series, create_series, preview
from .series import MAX_DATES

# The planner's own parameters (the shared ones come from _params).
ZoneArg = Annotated[str, Field(description="IANA zone; default the user's")]
OnlyPlatformArg = Annotated[str, Field(description="Only this platform")]
OnlyProfileArg = Annotated[str, Field(description="Only this profile's accounts (and queue)")]
FirstDayArg = Annotated[str, Field(description="First day, YYYY-MM-DD; default today")]
DaysArg = Annotated[int, Field(ge=1, le=31)]
AtArg = Annotated[str, Field(description="Local time, HH:MM")]
OneTextArg = Annotated[str, Field(description="The text of every post")]
TextsArg = Annotated[list[str], Field(description="Variations, used in turn (repeats are refused)")]
# text in the schema; a list of days (["mon", "thu"], as models often send them) is read too
OnArg = Annotated[
    str | list[str], WithJsonSchema({"type": "string"}), Field(description="Weekdays, e.g. 'mon,thu' or 'weekdays'")
]
FirstDateArg = Annotated[str, Field(description="First date, YYYY-MM-DD; default today")]
CountArg = Annotated[int, Field(ge=1, le=MAX_DATES, description="How many posts (or until)")]
UntilArg = Annotated[str, Field(description="Last date, YYYY-MM-DD (or count)")]
DryRunArg = Annotated[bool, Field(description="Only list dates and checks (default); false creates")]
EveryArg = Annotated[str, Field(description="'every 2 weeks, 5 times', 'every month until 2027-06-30', 'off'")]
# The schema offers the three units; `every.read_every` also takes what models send instead ("weekly", "2 weeks")
RhythmArg = Annotated[str, WithJsonSchema({"enum": ["day", "week", "month"], "type": "string"})]
VariationsArg = Annotated[list[str], Field(description="2-20 texts the copies use in turn; [] clears")]


async def posts_calendar(
    ctx: Ctx,
    start: FirstDayArg = "",
    days: DaysArg = 7,
    profile_id: OnlyProfileArg = "",
    platform: OnlyPlatformArg = "",
    timezone: ZoneArg = "",
) -> Calendar:
    """Posts by local day: time, status, platform@account, preview, id; free queue slots; marks for empty
    days, clashes (same account <30 min, same text <24 h), failed or unapproved posts, clock changes."""
    app = state(ctx)
    return await calendar_of(
        app.client,
        start,
        days,
        timezone.strip() or app.settings.timezone,
        now=now_utc(),
        profile_id=await known_profile(app.client, profile_id),
        platform=platform_name(platform) if platform.strip() else None,
        retry=via(ctx)("posts_retry"),
    )


async def posts_best_times(
    ctx: Ctx,
    platform: OnlyPlatformArg = "",
    account_id: Annotated[str, Field(description="Only this account")] = "",
    profile_id: OnlyProfileArg = "",
) -> BestTimes:
    """Best times to post from past engagement, best first, as local weekday and time (Analytics add-on;
    without it, the queue's slots). Says how many posts it rests on and how a clock change moves a slot."""
    app = state(ctx)
    only = platform_name(platform) if platform.strip() else None
    return await best_times(
        app.client,
        app.zone,
        app.settings.timezone,
        now=now_utc(),
        platform=only,
        account_id=await account_filter(app.client, account_id, only),
        profile_id=await known_profile(app.client, profile_id) or "",
        via=via(ctx),
    )


async def posts_schedule_series(
    at: AtArg,
    ctx: Ctx,
    content: OneTextArg = "",
    contents: TextsArg | None = None,
    platforms: PlatformsArg = "",
    account_ids: PostAccountIdsArg = "",
    profile_id: PostProfileIdArg = "",
    media_urls: MediaUrlsArg = "",
    title: TitleArg = "",
    targets: TargetsArg | None = None,
    every: RhythmArg = "week",
    on: OnArg = "",
    start: FirstDateArg = "",
    count: CountArg | None = None,
    until: UntilArg = "",
    timezone: ZoneArg = "",
    dry_run: DryRunArg = True,
) -> SeriesResult:
    """Schedule one post per date of a series ("every Monday at 09:00") at that local wall-clock time, DST
    included. dry_run lists each date (local, UTC) with rule problems and clashes; then dry_run=false."""
    app = state(ctx)
    series, name = rhythm(every, on, at, start, count or 0, until, timezone, app.settings.timezone, now_utc())
    ask = what(series, name, content, contents, platforms, targets, account_ids, profile_id, media_urls, title)
    ask = replace(ask, upload=partial(upload_step, ctx), via=via(ctx))
    checked = await check_series(app.client, ask, now=now_utc())
    if dry_run:
        return preview(checked)
    return await create_series(app.client, checked, now=now_utc, sleep=app.waits.sleep, progress=ctx.report_progress)


async def posts_recycle(
    post_id: PostIdArg, ctx: Ctx, every: EveryArg = "", variations: VariationsArg | None = None
) -> Recycled:
    """Set, change or stop Late reposting a post (published too) every N weeks/months, with text variations
    used in turn. Empty every keeps the rhythm. posts_undo restores the previous settings."""
    app = state(ctx)
    post = await app.client.posts.get(check_id(post_id, "post_id", list_tool="posts_list"))
    today = now_utc().astimezone(app.zone).date()
    change = recycling_change(post, every, variations, zone=app.zone, today=today)
    done = await app.client.posts.update(post.id, {"recycling": change.body})
    left = await still_going_out(app.client, done, app.zone, delete=via(ctx)("posts_delete")) if change.stops else ""
    shown_now = shown(done.recycling, app.zone)
    return Recycled(post_id=done.id, status=done.status, summary=change.summary + left, recycling=shown_now)


TOOLSET = toolset(
    "planner",
    tool(posts_calendar, read("Posts calendar")),
    tool(posts_best_times, read("Best times to post")),
    tool(posts_schedule_series, write("Schedule a recurring series")),
    tool(posts_recycle, write("Recycle a post", idempotent=True)),
)
