"""Posts tools: create (draft / scheduled / now / queue), cross-post, validate, list, get, update, delete, retry.

Each tool parses its arguments, calls the posting domain beside it and shapes the result: `when` (the mode and
time), `targets` (accounts, never guessed), `plan` (local checks, pre-flight rules, the body), `send` (once, and
what to do when the answer is lost), `text` (the results). Those modules know nothing of MCP.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated, Any

from pydantic import Field

from ...models.posts import PostDeleted, PostDetail, PostsList, PostWritten, RetryAll, Validation
from ...timeutil import iso_utc, now_utc, zone_or_error
from .._args import check_id, platform_name
from .._context import AppState, Ctx, state
from .._hints import explained, ids_from, named, queues_step, reconnect_where, upload_step, via, with_tool
from .._params import (
    DEFAULT_MINUTES,
    ContentArg,
    IsDraftArg,
    LimitArg,
    MediaUrlsArg,
    OptionsArg,
    PageArg,
    PlatformArg,
    PlatformsArg,
    PostAccountIdArg,
    PostAccountIdsArg,
    PostIdArg,
    PostProfileIdArg,
    PostQueueIdArg,
    PublishNowArg,
    ScheduledForArg,
    ScheduleMinutesArg,
    TimezoneArg,
    TitleArg,
    UseQueueArg,
)
from .args import StatusFilter, TargetIn, TargetsArg, platform_list
from .plan import PostDraft, plan_post
from .read import list_posts, post_detail
from .recycle import Recycle, RecycleArg, parse_recycle
from .retry import list_failed, retried, retry_all
from .send import not_failed, send_post
from .text import validation, written
from .update import Edit
from .when import NO_QUEUE_LIST, When, choose_when, one_time, target_times


def published_stays(ctx: Ctx) -> str:
    """What deleting a published post is told (the API answers 400): it is taken down from a platform by
    unpublishing it, where this request has that tool, else on the platform itself."""
    unpublish = with_tool(ctx, "posts_unpublish")
    down = f": from any but Instagram, TikTok and Snapchat {unpublish}, or" if unpublish else ","
    return (
        f"A published post stays on the platforms until it is taken down from each{down} on the platform itself. "
        "Drafts, scheduled and failed posts can be deleted."
    )


async def _publish(ctx: Ctx, draft: PostDraft, rule: str = "", recycle: Recycle | None = None) -> PostWritten:
    app = state(ctx)
    plan = await plan_post(app.client, replace(draft, upload=partial(upload_step, ctx)))
    if recycle is not None:
        plan = replace(plan, payload={**plan.payload, "recycling": recycle.body(app.zone)})
        rule = f"{rule} {recycle.describe()}".strip()
    # only a post this server asked to wait for approval waits for it: the step is worded for those alone
    review = (with_tool(ctx, "posts_review") or "") if app.settings.require_approval else ""
    retry = via(ctx)("posts_retry")
    queued = draft.when.mode == "queue"
    queues, resume = (queues_step(ctx), with_tool(ctx, "queue_update") or "") if queued else ("", "")
    done = await send_post(
        app.client, plan, zone=app.zone, now=now_utc, sleep=app.waits.sleep, review=review, retry=retry,
        queues=queues, resume=resume,
    )  # fmt: skip
    if not rule or done.already_posted:  # what "best" or recycling did is not what the post found already has
        return done
    return done.model_copy(update={"summary": f"{done.summary} {rule}"})


def _recycle(
    app: AppState, recycle: str, platforms: list[str], targets: list[TargetIn] | None = None
) -> Recycle | None:
    every = platforms + [platform_name(t.platform) for t in targets or ()]
    return parse_recycle(recycle, every, today=now_utc().astimezone(app.zone).date())


async def _best(
    ctx: Ctx,
    scheduled_for: str,
    minutes: int,
    timezone: str,
    platforms: list[str],
    profile_id: str,
    targets: list[TargetIn] | None = None,
) -> tuple[str, str, str]:
    """scheduled_for as given; for "best", the instant it means (with the offset of `timezone` when one is given,
    which `choose_when` would refuse to see disagree, else UTC), the rule that chose it and, for a time taken from
    the queue, the rule when the post goes through the queue instead (`Best.queued`; never where `_chosen` keeps
    it a time)."""
    if scheduled_for.strip().lower() != "best":
        return scheduled_for, "", ""
    one_time(minutes, scheduled_for)  # before any read: the refusal quotes "best", not the time it would choose
    from ..planner.best import best_time  # here: a server without the planner toolset need not load it

    app = state(ctx)
    named = zone_or_error(timezone) if timezone.strip() else None
    queue = not app.settings.require_approval and not any(t.scheduled_for.strip() for t in targets or ())
    best = await best_time(app.client, platforms, profile_id, app.zone, now=now_utc(), via=via(ctx), queue=queue)
    return best.at.astimezone(named).isoformat() if named else iso_utc(best.at), best.rule, best.queued


def _chosen(ctx: Ctx, asked: tuple[Any, ...], rule: str, queued: str) -> tuple[When, str]:
    """When the post goes out, and the rule to tell. A "best" time taken from the queue's next slot is checked as
    a time, then sent through the queue so the post holds that slot (`queued`: its rule, which `_best` leaves
    empty where a queued post cannot be: approval required, a target with its own time)."""
    when = choose_when(*asked, ids=partial(ids_from, ctx, "queue_list", NO_QUEUE_LIST))
    return (When("queue"), queued) if queued else (when, rule)


async def posts_create(
    content: ContentArg,
    platform: PlatformArg,
    ctx: Ctx,
    is_draft: IsDraftArg = False,
    publish_now: PublishNowArg = False,
    schedule_minutes: ScheduleMinutesArg = DEFAULT_MINUTES,
    media_urls: MediaUrlsArg = "",
    title: TitleArg = "",
    scheduled_for: ScheduledForArg = "",
    timezone: TimezoneArg = "",
    account_id: PostAccountIdArg = "",
    profile_id: PostProfileIdArg = "",
    options: OptionsArg | None = None,
    use_queue: UseQueueArg = False,
    queue_id: PostQueueIdArg = "",
    recycle: RecycleArg = "",
) -> PostWritten:
    """Create a post on one platform: draft (is_draft), now (publish_now), queue, or scheduled (default in 60 min)."""
    app = state(ctx)
    names, rule, queued = [platform_name(platform)], "", ""
    recycling = _recycle(app, recycle, names)
    if not (is_draft or publish_now or use_queue):
        scheduled_for, rule, queued = await _best(ctx, scheduled_for, schedule_minutes, timezone, names, profile_id)
    asked = (is_draft, publish_now, schedule_minutes, scheduled_for, timezone, app.zone, use_queue, queue_id)
    when, rule = _chosen(ctx, asked, rule, queued)
    draft = PostDraft(content, names, when, [account_id], profile_id, media_urls, title, options)
    return await _publish(ctx, draft, rule, recycling)


async def posts_publish_now(
    content: ContentArg,
    platform: PlatformArg,
    ctx: Ctx,
    media_urls: MediaUrlsArg = "",
    title: TitleArg = "",
    account_id: PostAccountIdArg = "",
    profile_id: PostProfileIdArg = "",
    options: OptionsArg | None = None,
) -> PostWritten:
    """Publish a post to one platform immediately; returns the live URL."""
    when = When("now")
    draft = PostDraft(content, [platform_name(platform)], when, [account_id], profile_id, media_urls, title, options)
    return await _publish(ctx, draft)


async def posts_cross_post(
    content: ContentArg,
    platforms: PlatformsArg,
    ctx: Ctx,
    is_draft: IsDraftArg = False,
    publish_now: PublishNowArg = False,
    media_urls: MediaUrlsArg = "",
    schedule_minutes: ScheduleMinutesArg = DEFAULT_MINUTES,
    scheduled_for: ScheduledForArg = "",
    timezone: TimezoneArg = "",
    title: TitleArg = "",
    account_ids: PostAccountIdsArg = "",
    profile_id: PostProfileIdArg = "",
    targets: TargetsArg | None = None,
    use_queue: UseQueueArg = False,
    queue_id: PostQueueIdArg = "",
    recycle: RecycleArg = "",
) -> PostWritten:
    """Post to several platforms at once (per-target text/media/options in targets): draft, now, queue or scheduled."""
    app = state(ctx)
    names, rule, queued = platform_list(platforms, targets), "", ""
    recycling = _recycle(app, recycle, names, targets)
    if not (is_draft or publish_now or use_queue):
        every = names + [platform_name(t.platform) for t in targets or () if platform_name(t.platform) not in names]
        scheduled_for, rule, queued = await _best(
            ctx, scheduled_for, schedule_minutes, timezone, every, profile_id, targets
        )
    asked = (is_draft, publish_now, schedule_minutes, scheduled_for, timezone, app.zone, use_queue, queue_id)
    when, rule = _chosen(ctx, asked, rule, queued)
    timed = target_times(targets, when, timezone, app.zone)
    draft = PostDraft(content, names, when, account_ids, profile_id, media_urls, title, None, timed)
    return await _publish(ctx, draft, rule, recycling)


async def posts_validate(
    content: ContentArg,
    platforms: PlatformsArg,
    ctx: Ctx,
    media_urls: MediaUrlsArg = "",
    title: TitleArg = "",
    account_ids: PostAccountIdsArg = "",
    options: OptionsArg | None = None,
    targets: TargetsArg | None = None,
    is_draft: IsDraftArg = False,
) -> Validation:
    """Check a proposed post against every platform's rules without creating it; lists problems and the body."""
    app = state(ctx)
    names = platform_list(platforms, targets)
    when = choose_when(is_draft, False, DEFAULT_MINUTES, "", "", app.zone)
    timed = target_times(targets, when, "", app.zone)  # as posts_cross_post sends them: UTC, checked ahead
    draft = PostDraft(
        content, names, when, account_ids, "", media_urls, title, options, timed, partial(upload_step, ctx)
    )
    return validation(await plan_post(app.client, draft), app.zone)


async def posts_list(
    ctx: Ctx,
    status: Annotated[StatusFilter, Field(description="Empty for all")] = "",
    limit: LimitArg = 10,
    page: PageArg = 1,
) -> PostsList:
    """List posts by status, newest first (scheduled: soonest first): id, accounts, times, preview, total."""
    app = state(ctx)
    return await list_posts(app.client, status, limit, page, app.zone)


async def posts_get(post_id: PostIdArg, ctx: Ctx) -> PostDetail:
    """Get a post in full: content, media, schedule, and per-platform status, URL and error."""
    app = state(ctx)
    return await post_detail(app.client, post_id, app.zone)


async def posts_update(
    post_id: PostIdArg,
    ctx: Ctx,
    content: Annotated[str, Field(description="New text; empty keeps it")] = "",
    scheduled_for: Annotated[str, Field(description="New ISO 8601 time (schedules a draft); empty keeps it")] = "",
    title: Annotated[str, Field(description="New title; empty keeps it")] = "",
    timezone: TimezoneArg = "",
) -> PostWritten:
    """Edit a post not yet published (draft, scheduled, failed or cancelled); only the fields given change."""
    app = state(ctx)
    pid = check_id(post_id, "post_id", list_tool="posts_list")
    edit = Edit.of(content, scheduled_for, title, timezone, zone=app.zone)
    current = await app.client.posts.get(pid)
    post = await app.client.posts.update(pid, edit.body(pid, current, upload=partial(upload_step, ctx)))
    return edit.told(written(post, app.zone, retry=via(ctx)("posts_retry"), named=edit.named), current, post)


async def posts_delete(post_id: PostIdArg, ctx: Ctx) -> PostDeleted:
    """Delete a post that is not published yet (published posts cannot be deleted)."""
    pid = check_id(post_id, "post_id", list_tool="posts_list")
    with explained(ctx, {400: published_stays(ctx)}):
        await state(ctx).client.posts.delete(pid)
    return PostDeleted(post_id=pid)


async def posts_retry(post_id: PostIdArg, ctx: Ctx) -> PostWritten:
    """Retry publishing a failed or partly failed post."""
    app = state(ctx)
    pid = check_id(post_id, "post_id", list_tool="posts_list_failed")
    post = await retried(app.client, pid, app.zone, where=partial(reconnect_where, ctx))
    retry = via(ctx)("posts_retry")
    return written(not_failed(post, retried=True, retry=retry), app.zone, retry=retry)


async def posts_list_failed(ctx: Ctx, limit: LimitArg = 10) -> PostsList:
    """List failed posts (all platforms failed or some did), newest first, with ids to retry."""
    app = state(ctx)
    return await list_failed(app.client, limit, app.zone, named(ctx, "posts_list"))


async def posts_retry_all_failed(ctx: Ctx) -> RetryAll:
    """Retry every failed or partly failed post (all pages); reports each outcome, and skips posts whose account
    must be reconnected first."""
    app = state(ctx)
    return await retry_all(
        app.client,
        concurrency=app.settings.concurrency,
        progress=ctx.report_progress,
        zone=app.zone,
        where=partial(reconnect_where, ctx),
    )
