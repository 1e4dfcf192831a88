"""Posts tools: create (draft / scheduled / now), cross-post, list, get, update, delete, retry.

The guardrails live here as plain functions: the mode, the time, the targets, the pre-flight
checks, and what to do when a create's answer is lost (look before trying again, never replay).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Annotated, Any, Literal

import anyio
from pydantic import BaseModel, ConfigDict, Field

from ..errors import (
    DuplicateError,
    InputError,
    LateAPIError,
    LateError,
    ServerError,
    TransportError,
)
from ..models.accounts import Account
from ..models.platform_options import parse_options
from ..models.posts import (
    MediaItem,
    PlatformStatus,
    PlatformTarget,
    Post,
    PostDeleted,
    PostDetail,
    PostsList,
    PostSummary,
    PostWritten,
    ProblemOut,
    RetryAll,
    RetryOutcome,
    Validation,
)
from ..rules import PLATFORMS, MediaRef, Problem, TargetDraft, check_post, format_problems
from ..timeutil import UTC, in_minutes, iso_utc, now_utc, parse_user_datetime, require_future, zone_or_error
from ._args import TextOrList, check_id, platform_name, text_list
from ._context import AppState, Ctx, state
from ._errors import reports_errors
from ._shared import side_by_side
from .accounts import PlatformArg, connected_accounts, resolve_targets
from .media import MediaUrlsArg, media_items

if TYPE_CHECKING:
    from ..client import LateClient

log = logging.getLogger("late_mcp.tools.posts")

Mode = Literal["draft", "now", "scheduled", "queue"]
StatusFilter = Literal["", "draft", "scheduled", "publishing", "published", "failed", "partial", "cancelled"]
EDITABLE = frozenset({"draft", "scheduled", "failed", "partial"})

PostId = Annotated[str, Field(description="The post ID")]
Content = Annotated[str, Field(description="The post text")]
IsDraft = Annotated[bool, Field(description="Save as draft only")]
PublishNow = Annotated[bool, Field(description="Publish immediately")]
#: about a year and a half: further ahead than platforms schedule, far below datetime's range
MAX_MINUTES = 800_000
ScheduleMinutes = Annotated[int, Field(ge=1, le=MAX_MINUTES, description="Schedule this many minutes from now")]
ScheduledFor = Annotated[
    str, Field(description="ISO 8601 time, e.g. 2026-12-01T09:00; without offset read in `timezone`")
]
TimezoneArg = Annotated[str, Field(description="IANA zone for scheduled_for; default the user's")]
Title = Annotated[str, Field(description="Post title; the video title on YouTube (max 100)")]
AccountId = Annotated[str, Field(description="Account ID when a platform has several accounts")]
ProfileIdArg = Annotated[str, Field(description="Only use accounts of this profile")]
Options = Annotated[
    dict[str, Any],
    Field(description="platformSpecificData, e.g. YouTube {visibility}, Pinterest {boardId}, TikTok consent"),
]
UseQueue = Annotated[bool, Field(description="Schedule in the profile's next free queue slot")]
QueueId = Annotated[str, Field(description="With use_queue: a specific queue")]


# One target of a cross-post with its own text, media or options (no docstring: it would cost schema bytes).
class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: str
    account_id: str = ""
    content: str = Field("", description="Replaces the shared text here")
    media_urls: TextOrList = ""
    options: dict[str, Any] = Field(default_factory=dict)


Targets = Annotated[
    list[TargetIn],
    Field(description="Per-target text/media/options, e.g. an X thread: options {threadItems}"),
]


@dataclass(frozen=True)
class When:
    mode: Mode
    at: datetime | None = None  # aware UTC, for scheduled
    queue_id: str | None = None


def choose_when(
    *,
    is_draft: bool,
    publish_now: bool,
    schedule_minutes: int,
    scheduled_for: str,
    timezone: str,
    zone: tzinfo,
    now: datetime | None = None,
    use_queue: bool = False,
    queue_id: str = "",
) -> When:
    """Exactly one mode; a scheduled time is aware, in the future, and read in the user's zone."""
    if sum((is_draft, publish_now, use_queue)) > 1:
        raise InputError("Choose one of is_draft, publish_now and use_queue (draft saves, publish_now posts now).")
    if scheduled_for.strip() and (is_draft or publish_now or use_queue):
        raise InputError("scheduled_for goes with a scheduled post: drop it, or set is_draft/publish_now false.")
    if queue_id.strip() and not use_queue:
        raise InputError("queue_id needs use_queue=true.")
    if is_draft:
        return When("draft")
    if publish_now:
        return When("now")
    if use_queue:
        qid = check_id(queue_id, "queue_id", list_tool="queue_list") if queue_id.strip() else None
        return When("queue", queue_id=qid)
    current = now or now_utc()
    if scheduled_for.strip():
        at = parse_user_datetime(scheduled_for, zone_or_error(timezone) if timezone.strip() else zone)
        require_future(at, now=current)
        return When("scheduled", at)
    return When("scheduled", in_minutes(schedule_minutes, now=current))


@dataclass(frozen=True)
class Entry:
    """What one target gets: its account, and its own text/media/options where they differ."""

    platform: str
    account: Account
    content: str | None = None  # None: the shared content
    media: tuple[MediaItem, ...] | None = None  # None: the shared media
    options: dict[str, Any] = field(default_factory=dict)


def target_options(platform: str, raw: dict[str, Any], *, title: str) -> dict[str, Any]:
    """Validated platformSpecificData; thread items may carry media_urls; YouTube gets the title."""
    data = dict(raw)
    items = data.get("threadItems", data.get("thread_items"))
    if isinstance(items, list):
        converted = []
        for item in items:
            if isinstance(item, dict) and "media_urls" in item:
                urls = item["media_urls"]
                item = {k: v for k, v in item.items() if k != "media_urls"}
                item["mediaItems"] = [{"type": m.type, "url": m.url} for m in media_items(urls)]
            converted.append(item)
        data.pop("thread_items", None)
        data["threadItems"] = converted
    options = parse_options(platform, data) if data else {}
    if title and platform == "youtube" and "title" not in options:
        # YouTube guide: the video title is platformSpecificData.title (else the first line of content).
        options["title"] = title
    return options


def build_entries(
    accounts: list[Account],
    *,
    platforms: list[str],
    account_ids: list[str],
    profile_id: str | None,
    targets: list[TargetIn],
    options: dict[str, Any],
    title: str,
) -> list[Entry]:
    """Resolve every target to one account (never a guess) with its own text, media and options."""
    covered = {platform_name(t.platform) for t in targets}
    plain = resolve_targets(
        accounts,
        platforms=[p for p in platforms if p not in covered],
        account_ids=[a for a in account_ids if not any(a == t.account_id for t in targets)],
        profile_id=profile_id,
    )
    entries = [Entry(t.platform, t.account, options=target_options(t.platform, options, title=title)) for t in plain]
    for spec in targets:
        name = platform_name(spec.platform)
        ids = [check_id(spec.account_id, "account_id", list_tool="accounts_list")] if spec.account_id else []
        [resolved] = resolve_targets(accounts, platforms=[name], account_ids=ids, profile_id=profile_id)
        entries.append(
            Entry(
                name,
                resolved.account,
                content=spec.content or None,
                media=tuple(media_items(spec.media_urls)) if spec.media_urls else None,
                options=target_options(name, spec.options, title=title),
            )
        )
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        # One connection may post to several pages/organizations/locations/subreddits, never to one twice.
        where = next((str(entry.options[k]) for k in _SUB_TARGETS if entry.options.get(k)), "")
        if (entry.account.id, where) in seen:
            raise InputError(
                f"{entry.platform} account {entry.account.id} is targeted twice{f' ({where})' if where else ''}: "
                "list each account once, or give each entry its own pageId/organizationUrn/locationId/subreddit."
            )
        seen.add((entry.account.id, where))
    return entries


#: platformSpecificData keys that make one connection several targets (seed 001, multi-page posting)
_SUB_TARGETS = ("pageId", "organizationUrn", "locationId", "subreddit")


def build_payload(
    *, content: str, entries: list[Entry], media: list[MediaItem], title: str, when: When
) -> dict[str, Any]:
    """The POST /v1/posts body."""
    platforms: list[dict[str, Any]] = []
    for entry in entries:
        item: dict[str, Any] = {"platform": entry.platform, "accountId": entry.account.id}
        if entry.content is not None:
            item["customContent"] = entry.content
        if entry.media is not None:
            item["customMedia"] = [{"type": m.type, "url": m.url} for m in entry.media]
        if entry.options:
            item["platformSpecificData"] = entry.options
        platforms.append(item)
    payload: dict[str, Any] = {"content": content, "platforms": platforms}
    if media:
        payload["mediaItems"] = [{"type": m.type, "url": m.url} for m in media]
    if title:
        payload["title"] = title
    if when.mode == "draft":
        payload["isDraft"] = True
    elif when.mode == "now":
        payload["publishNow"] = True
    elif when.mode == "queue":
        profiles = {entry.account.profile_id for entry in entries}
        if len(profiles) != 1 or None in profiles:
            raise InputError("use_queue needs every target in one profile (the queue belongs to a profile).")
        payload["queuedFromProfile"] = profiles.pop()
        if when.queue_id:
            payload["queueId"] = when.queue_id
    else:
        assert when.at is not None
        # An explicit UTC instant: unambiguous whatever the API does with `timezone`.
        payload["scheduledFor"] = iso_utc(when.at)
        payload["timezone"] = "UTC"
    return payload


def problems_of(
    content: str, entries: list[Entry], media: list[MediaItem], title: str, *, draft: bool
) -> list[Problem]:
    """Every reason the platforms' documented rules say this post would fail, for every target."""
    drafts = [
        TargetDraft(
            platform=e.platform,
            content=e.content if e.content is not None else content,
            media=tuple(_ref(m) for m in (e.media if e.media is not None else media)),
            options=e.options,
            title=title or None,
        )
        for e in entries
    ]
    return check_post(drafts, draft=draft)


def _ref(item: MediaItem) -> MediaRef:
    kind = item.type if item.type in ("image", "video", "gif", "document") else "image"
    return MediaRef(url=item.url or "", type=kind)  # type: ignore[arg-type]


def _who(status: PlatformStatus) -> str:
    return f"{status.platform} (@{status.username.lstrip('@')})" if status.username else status.platform


def _fmt(when: datetime, zone: tzinfo) -> str:
    local = when.astimezone(zone)
    return f"{local:%a %Y-%m-%d %H:%M} {local.tzname()} ({when.astimezone(UTC):%H:%M} UTC)"


def written(post: Post, zone: tzinfo, *, already: bool = False, note: str = "") -> PostWritten:
    """The result of a write, with one line that says what happened where."""
    statuses = [PlatformStatus.of(p) for p in post.platforms]
    names = ", ".join(_who(s) for s in statuses) or "no platform"
    status = post.status or "unknown"
    if already:
        summary = f"Already posted: post {post.id} ({status}) has this content for {names}; nothing new was created."
    elif status == "draft":
        summary = f"Draft saved for {names}."
    elif status == "scheduled" and post.scheduled_for:
        summary = f"Scheduled for {names} at {_fmt(post.scheduled_for, zone)}."
    elif status == "published":
        urls = [s.url for s in statuses if s.url]
        summary = f"Published to {names}." + (f" {' '.join(urls)}" if urls else "")
    elif status == "partial":
        failed = [f"{s.platform}: {s.error or 'failed'}" for s in statuses if s.status == "failed"]
        summary = f"Partly published. Failed on {'; '.join(failed)}. Fix and call posts_retry."
    else:
        summary = f"Post {post.id} is {status} for {names}."
    if note:
        summary = f"{note} {summary}"
    return PostWritten(
        post_id=post.id,
        status=post.status,
        summary=summary,
        platforms=statuses,
        scheduled_for=post.scheduled_for.astimezone(zone) if post.scheduled_for else None,
        scheduled_for_utc=post.scheduled_for,
        already_posted=already,
    )


def _failed_publish(post: Post, *, retried: bool = False) -> LateError | None:
    """A publish that came back failed is an error for the model, with the reason per platform."""
    if post.status != "failed":
        return None
    reasons = "; ".join(f"{p.platform}: {p.error_message or 'failed'}" for p in post.platforms)
    what = "was retried but publishing failed again" if retried else "was created but publishing failed"
    return LateError(
        f"Post {post.id} {what} ({reasons}).",
        hint="Fix the cause (e.g. reconnect the account), then call posts_retry with this post_id.",
    )


#: how far back a lost create is looked for (pages of 100 posts of the target's platform)
LOOKUP_PAGES = 20
#: after a create with no answer: how often, and how many seconds apart, to look for the post again
LOOKUP_RETRIES = 3
LOOKUP_WAIT = 2.0


async def find_created(client: LateClient, payload: dict[str, Any], *, since: datetime) -> Post | None:
    """After a create whose answer was lost: the post it made, if it made one.

    Same content and the same accounts, created since just before we sent it. The list is not sorted by
    creation time, so every page of the target platform's posts is searched; if there are more than
    LOOKUP_PAGES pages the answer is unknown, and that is an error, never "not created".
    """
    wanted_accounts = sorted(p["accountId"] for p in payload["platforms"])
    seen = 0
    async for post in client.posts.iterate(platform=payload["platforms"][0]["platform"], max_pages=LOOKUP_PAGES):
        seen += 1
        if (post.content or "") != payload.get("content", ""):
            continue
        if sorted(p.account_id or "" for p in post.platforms) != wanted_accounts:
            continue
        if post.created_at is not None and post.created_at >= since:
            return post
    if seen >= LOOKUP_PAGES * 100:
        raise LateError(
            "The create request's answer was lost and there are too many posts to check whether it was created.",
            hint="Do not send it again yet: look for it with posts_list first.",
        )
    return None


@dataclass(frozen=True)
class Plan:
    """A post ready to send: the body, and what the pre-flight rules say of it."""

    payload: dict[str, Any]
    problems: list[Problem]


async def plan_post(
    app: AppState,
    *,
    content: str,
    platforms: list[str],
    account_ids: list[str],
    profile_id: str,
    when: When,
    media_urls: str | list[str],
    title: str,
    options: dict[str, Any] | None = None,
    targets: list[TargetIn] | None = None,
) -> Plan:
    """Everything before sending: local checks, one accounts call, the pre-flight rules, the body."""
    media = media_items(media_urls)
    targets = targets or []
    if not content.strip() and not media and not targets and not (options or {}).get("threadItems"):
        raise InputError("content is empty and there is no media: give the post some text or media_urls.")
    ids = [check_id(a, "account_id", list_tool="accounts_list") for a in account_ids]
    profile = check_id(profile_id, "profile_id", list_tool="profiles_list") if profile_id.strip() else None
    accounts = await connected_accounts(app.client)
    entries = build_entries(
        accounts,
        platforms=platforms,
        account_ids=ids,
        profile_id=profile,
        targets=targets,
        options=options or {},
        title=title,
    )
    if not entries:
        raise InputError("No target: name platforms or give targets.")
    if not content.strip() and not media:
        # Seed 001: content may be empty when media is attached, every target has its own text, or a
        # target is a thread (its items are the text).
        bare = [e.platform for e in entries if not (e.content or e.media or e.options.get("threadItems"))]
        if bare:
            raise InputError(
                f"content is empty and there is no media for {', '.join(bare)}: give the post text or media_urls."
            )
    problems = problems_of(content, entries, media, title, draft=when.mode == "draft")
    payload = build_payload(content=content, entries=entries, media=media, title=title, when=when)
    return Plan(payload=payload, problems=problems)


async def send_post(app: AppState, plan: Plan, when: When) -> PostWritten:
    """Create the post once. A lost answer is never replayed: look for the post, then report."""
    if plan.problems:
        raise InputError(format_problems(plan.problems))
    if when.at is not None:
        require_future(when.at)  # the accounts call took time; still in the future?
    payload = plan.payload
    # Generous: this machine's clock may be behind the API's. An identical post to the same accounts in the
    # last 24 h would have been refused as a duplicate, so a match in this window is this request's post.
    sent_at = now_utc() - timedelta(minutes=10)
    try:
        post = await app.client.posts.create(payload, publish_now=when.mode == "now")
    except DuplicateError as exc:
        if not exc.existing_post_id:
            raise
        try:
            existing = await app.client.posts.get(exc.existing_post_id)
        except LateError:
            existing = None
        wanted = {p["accountId"] for p in payload["platforms"]}
        have = {p.account_id for p in existing.platforms} if existing else set()
        if existing is None or not wanted <= have:
            missing = sorted(p["platform"] for p in payload["platforms"] if p["accountId"] not in have)
            raise LateError(
                f"Nothing was created: post {exc.existing_post_id} already has this content for some of these "
                f"accounts (the API refuses the same text to the same account within 24 hours), so "
                f"{', '.join(missing) or 'the other targets'} did not get it either.",
                hint="Send it again without the targets that already have it, or change the text.",
            ) from None
        return written(existing, app.zone, already=True)
    except (TransportError, ServerError) as exc:
        maybe_sent = isinstance(exc, ServerError) or exc.maybe_sent
        if not maybe_sent:
            raise
        log.warning("create answer lost (%r); checking whether the post exists", exc)
        # No answer at all (or a gateway's): the API may still be working on it, so look again for a while.
        unsure = isinstance(exc, TransportError) or exc.status in (502, 503, 504)
        looks = 1 + (LOOKUP_RETRIES if unsure else 0)
        found = None
        for attempt in range(looks):
            if attempt:
                await anyio.sleep(LOOKUP_WAIT)
            try:
                found = await find_created(app.client, payload, since=sent_at)
            except (LateAPIError, TransportError):
                raise LateError(
                    f"The create request failed ({exc}) and the API could not be asked whether the post exists.",
                    hint="Do not send it again yet: call posts_list in a minute to check, then decide.",
                ) from None
            if found is not None:
                break
        if found is None and unsure:
            raise LateError(
                f"The create request got no answer ({exc}) and the post has not appeared since.",
                hint="It was probably not created, but the API may still be finishing it: check posts_list "
                "in a minute before sending it again.",
            ) from None
        if found is None:
            raise LateError(
                f"The create request failed ({exc}) and no such post exists, so nothing was posted.",
                hint="It is safe to try again.",
            ) from None
        failure = _failed_publish(found)
        if failure is not None:
            raise failure from None
        return written(found, app.zone, note="The API's answer was lost, but the post was created.")
    failure = _failed_publish(post)
    if failure is not None:
        raise failure
    return written(post, app.zone)


# --- the tools ----------------------------------------------------------------------------------


async def _single(
    app: AppState,
    content: str,
    platform: str,
    account_id: str,
    profile_id: str,
    when: When,
    media_urls: str,
    title: str,
    options: dict[str, Any] | None,
) -> PostWritten:
    """A post to one platform (posts_create, posts_publish_now)."""
    plan = await plan_post(
        app,
        content=content,
        platforms=[platform_name(platform)],
        account_ids=[account_id] if account_id.strip() else [],
        profile_id=profile_id,
        when=when,
        media_urls=media_urls,
        title=title,
        options=options,
    )
    return await send_post(app, plan, when)


@reports_errors
async def posts_create(
    content: Content,
    platform: PlatformArg,
    ctx: Ctx,
    is_draft: IsDraft = False,
    publish_now: PublishNow = False,
    schedule_minutes: ScheduleMinutes = 60,
    media_urls: MediaUrlsArg = "",
    title: Title = "",
    scheduled_for: ScheduledFor = "",
    timezone: TimezoneArg = "",
    account_id: AccountId = "",
    profile_id: ProfileIdArg = "",
    options: Options | None = None,
    use_queue: UseQueue = False,
    queue_id: QueueId = "",
) -> PostWritten:
    """Create a post on one platform: draft (is_draft), now (publish_now), queue, or scheduled (default in 60 min)."""
    app = state(ctx)
    when = choose_when(
        is_draft=is_draft,
        publish_now=publish_now,
        schedule_minutes=schedule_minutes,
        scheduled_for=scheduled_for,
        timezone=timezone,
        zone=app.zone,
        use_queue=use_queue,
        queue_id=queue_id,
    )
    return await _single(app, content, platform, account_id, profile_id, when, media_urls, title, options)


@reports_errors
async def posts_publish_now(
    content: Content,
    platform: PlatformArg,
    ctx: Ctx,
    media_urls: MediaUrlsArg = "",
    title: Title = "",
    account_id: AccountId = "",
    profile_id: ProfileIdArg = "",
    options: Options | None = None,
) -> PostWritten:
    """Publish a post to one platform immediately; returns the live URL."""
    return await _single(state(ctx), content, platform, account_id, profile_id, When("now"), media_urls, title, options)


async def _cross_plan(
    app: AppState,
    *,
    content: str,
    platforms: str | list[str],
    targets: list[TargetIn] | None,
    is_draft: bool,
    publish_now: bool,
    use_queue: bool,
    queue_id: str,
    media_urls: str | list[str],
    schedule_minutes: int,
    scheduled_for: str,
    timezone: str,
    title: str,
    account_ids: str | list[str],
    profile_id: str,
    options: dict[str, Any] | None,
) -> tuple[Plan, When]:
    names = list(dict.fromkeys(platform_name(p) for p in text_list(platforms, "platforms")))
    if not names and not targets:
        raise InputError("platforms is empty: name at least one, e.g. 'twitter,linkedin', or give targets.")
    when = choose_when(
        is_draft=is_draft,
        publish_now=publish_now,
        schedule_minutes=schedule_minutes,
        scheduled_for=scheduled_for,
        timezone=timezone,
        zone=app.zone,
        use_queue=use_queue,
        queue_id=queue_id,
    )
    if options and len(names) != 1:
        raise InputError("options apply to one platform: put per-platform options in targets instead.")
    plan = await plan_post(
        app,
        content=content,
        platforms=names,
        account_ids=text_list(account_ids, "account_ids"),
        profile_id=profile_id,
        when=when,
        media_urls=media_urls,
        title=title,
        options=options,
        targets=targets,
    )
    return plan, when


@reports_errors
async def posts_cross_post(
    content: Content,
    platforms: Annotated[TextOrList, Field(description="Comma-separated, e.g. 'twitter,linkedin'")],
    ctx: Ctx,
    is_draft: IsDraft = False,
    publish_now: PublishNow = False,
    media_urls: MediaUrlsArg = "",
    schedule_minutes: ScheduleMinutes = 60,
    scheduled_for: ScheduledFor = "",
    timezone: TimezoneArg = "",
    title: Title = "",
    account_ids: Annotated[TextOrList, Field(description="Account IDs where a platform has several")] = "",
    profile_id: ProfileIdArg = "",
    targets: Targets | None = None,
    use_queue: UseQueue = False,
    queue_id: QueueId = "",
) -> PostWritten:
    """Post to several platforms at once (per-target text/media/options in targets): draft, now, queue or scheduled."""
    app = state(ctx)
    plan, when = await _cross_plan(
        app,
        content=content,
        platforms=platforms,
        targets=targets,
        is_draft=is_draft,
        publish_now=publish_now,
        use_queue=use_queue,
        queue_id=queue_id,
        media_urls=media_urls,
        schedule_minutes=schedule_minutes,
        scheduled_for=scheduled_for,
        timezone=timezone,
        title=title,
        account_ids=account_ids,
        profile_id=profile_id,
        options=None,
    )
    return await send_post(app, plan, when)


@reports_errors
async def posts_validate(
    content: Content,
    platforms: Annotated[TextOrList, Field(description="Comma-separated, e.g. 'twitter,linkedin'")],
    ctx: Ctx,
    media_urls: MediaUrlsArg = "",
    title: Title = "",
    account_ids: Annotated[TextOrList, Field(description="Account IDs where a platform has several")] = "",
    options: Options | None = None,
    targets: Targets | None = None,
    is_draft: IsDraft = False,
) -> Validation:
    """Check a proposed post against every platform's rules without creating it; lists problems and the body."""
    app = state(ctx)
    plan, _ = await _cross_plan(
        app,
        content=content,
        platforms=platforms,
        targets=targets,
        is_draft=is_draft,
        publish_now=False,
        use_queue=False,
        queue_id="",
        media_urls=media_urls,
        schedule_minutes=60,
        scheduled_for="",
        timezone="",
        title=title,
        account_ids=account_ids,
        profile_id="",
        options=options,
    )
    return Validation(
        ok=not plan.problems,
        summary=format_problems(plan.problems),
        problems=[ProblemOut(platform=p.platform, field=p.field, message=p.message) for p in plan.problems],
        would_send=plan.payload,
    )


@reports_errors
async def posts_list(
    ctx: Ctx,
    status: Annotated[StatusFilter, Field(description="Empty for all")] = "",
    limit: Annotated[int, Field(ge=1, le=100)] = 10,
    page: Annotated[int, Field(ge=1)] = 1,
) -> PostsList:
    """List posts, newest first, optionally by status: id, status, platforms, time, preview, total."""
    app = state(ctx)
    result = await app.client.posts.list(page=page, limit=limit, status=status or None)
    return _listing(result.posts, result.pagination.total, result.pagination.pages, page, limit, app.zone)


def _listing(posts: list[Post], total: int, pages: int, page: int, limit: int, zone: tzinfo) -> PostsList:
    left = total - (page - 1) * limit - len(posts)
    more = f"{left} more: call again with page={page + 1}." if page < pages and left > 0 else None
    return PostsList(total=total, returned=len(posts), posts=[PostSummary.of(p, zone) for p in posts], more=more)


@reports_errors
async def posts_get(post_id: PostId, ctx: Ctx) -> PostDetail:
    """Get a post in full: content, media, schedule, and per-platform status, URL and error."""
    app = state(ctx)
    post = await app.client.posts.get(check_id(post_id, "post_id", list_tool="posts_list"))
    return PostDetail.of(post, app.zone)


@reports_errors
async def posts_update(
    post_id: PostId,
    ctx: Ctx,
    content: Annotated[str, Field(description="New text; empty keeps it")] = "",
    scheduled_for: Annotated[str, Field(description="New ISO 8601 time (schedules a draft); empty keeps it")] = "",
    title: Annotated[str, Field(description="New title; empty keeps it")] = "",
    timezone: TimezoneArg = "",
) -> PostWritten:
    """Edit a draft, scheduled or failed post; only the fields given change."""
    app = state(ctx)
    pid = check_id(post_id, "post_id", list_tool="posts_list")
    if not (content.strip() or scheduled_for.strip() or title.strip()):
        raise InputError("Nothing to update: give content, scheduled_for or title.")
    changes: dict[str, Any] = {}
    at: datetime | None = None
    if scheduled_for.strip():
        at = parse_user_datetime(scheduled_for, zone_or_error(timezone) if timezone.strip() else app.zone)
        require_future(at)
    current = await app.client.posts.get(pid)
    if current.status not in EDITABLE:
        raise InputError(
            f"Post {pid} is {current.status}; only draft, scheduled, failed and partial posts can be edited."
        )
    if content.strip():
        changes["content"] = content
    if title.strip():
        changes["title"] = title
        if any(p.platform == "youtube" for p in current.platforms):
            # The API replaces `platforms` whole: resend every target as it is, with only YouTube's title new.
            changes["platforms"] = [
                _as_sent(p, title=title if p.platform == "youtube" else None) for p in current.platforms
            ]
    if at is not None:
        changes["scheduledFor"] = iso_utc(at)
        changes["timezone"] = "UTC"
        changes["isDraft"] = False
    if content.strip() or title.strip() or at is not None:
        entries = [
            Entry(
                p.platform,
                Account(_id=p.account_id or "?", platform=p.platform),
                content=_extra(p, "customContent") if isinstance(_extra(p, "customContent"), str) else None,
                media=tuple(MediaItem.model_validate(m) for m in _extra(p, "customMedia"))
                if isinstance(_extra(p, "customMedia"), list)
                else None,
                options=_psd(p),
            )
            for p in current.platforms
        ]
        problems = problems_of(
            content or current.content or "",
            [e for e in entries if e.platform in PLATFORMS],  # a platform newer than our rules: the API decides
            current.media_items,
            title or current.title or "",
            draft=current.status == "draft" and at is None,
        )
        if problems:
            raise InputError(format_problems(problems))
    post = await app.client.posts.update(pid, changes)
    return written(post, app.zone)


def _extra(target: PlatformTarget, key: str) -> Any:
    return (target.model_extra or {}).get(key)


def _psd(target: PlatformTarget) -> dict[str, Any]:
    value = _extra(target, "platformSpecificData")
    return dict(value) if isinstance(value, dict) else {}


def _as_sent(target: PlatformTarget, *, title: str | None) -> dict[str, Any]:
    """A target as the create body had it (own text, media, options), for a PUT that replaces the list."""
    item: dict[str, Any] = {"platform": target.platform, "accountId": target.account_id}
    for key in ("customContent", "customMedia"):
        if _extra(target, key) is not None:
            item[key] = _extra(target, key)
    options = _psd(target)
    if title is not None:
        options["title"] = title
    if options:
        item["platformSpecificData"] = options
    return item


@reports_errors
async def posts_delete(post_id: PostId, ctx: Ctx) -> PostDeleted:
    """Delete a post that is not published yet (published posts cannot be deleted)."""
    pid = check_id(post_id, "post_id", list_tool="posts_list")
    await state(ctx).client.posts.delete(pid)
    return PostDeleted(post_id=pid)


@reports_errors
async def posts_retry(post_id: PostId, ctx: Ctx) -> PostWritten:
    """Retry publishing a failed or partly failed post."""
    app = state(ctx)
    post = await app.client.posts.retry(check_id(post_id, "post_id", list_tool="posts_list_failed"))
    failure = _failed_publish(post, retried=True)
    if failure is not None:
        raise failure
    return written(post, app.zone)


@reports_errors
async def posts_list_failed(ctx: Ctx, limit: Annotated[int, Field(ge=1, le=100)] = 10) -> PostsList:
    """List failed posts (all platforms failed or some did), newest first, with ids to retry."""
    app = state(ctx)
    # Two plain awaits, not a task group: an error must reach reports_errors as itself, not in a group.
    pages = {
        status: await app.client.posts.list(page=1, limit=limit, status=status) for status in ("failed", "partial")
    }
    posts = pages["failed"].posts + pages["partial"].posts
    posts.sort(key=lambda p: p.updated_at or p.created_at or now_utc(), reverse=True)
    total = pages["failed"].pagination.total + pages["partial"].pagination.total
    shown = posts[:limit]
    return PostsList(
        total=total,
        returned=len(shown),
        posts=[PostSummary.of(p, app.zone) for p in shown],
        more=f"{total - len(shown)} more failed posts not shown; raise limit." if total > len(shown) else None,
    )


@reports_errors
async def posts_retry_all_failed(ctx: Ctx) -> RetryAll:
    """Retry every failed or partly failed post (all pages); reports the outcome per post."""
    app = state(ctx)

    async def every(status: str) -> list[str]:
        return [post.id async for post in app.client.posts.iterate(status=status)]

    failed, partial = await side_by_side(lambda: every("failed"), lambda: every("partial"))
    ids = list(dict.fromkeys([*failed, *partial]))
    outcomes: dict[str, RetryOutcome] = {}
    limiter = anyio.CapacityLimiter(app.settings.concurrency)

    async def retry_one(pid: str) -> None:
        async with limiter:
            try:
                post = await app.client.posts.retry(pid)
            except LateAPIError as exc:
                outcomes[pid] = RetryOutcome(post_id=pid, ok=False, error=f"{exc.status}: {exc.message}")
            except LateError as exc:
                outcomes[pid] = RetryOutcome(post_id=pid, ok=False, error=str(exc))
            else:
                error = "; ".join(f"{p.platform}: {p.error_message}" for p in post.platforms if p.status == "failed")
                outcomes[pid] = RetryOutcome(
                    post_id=pid, ok=post.status == "published", status=post.status, error=error or None
                )
            await ctx.report_progress(len(outcomes), len(ids), f"retried {len(outcomes)} of {len(ids)}")

    async with anyio.create_task_group() as tg:
        for pid in ids:
            tg.start_soon(retry_one, pid)
    results = [outcomes[pid] for pid in ids]
    ok = sum(1 for r in results if r.ok)
    return RetryAll(found=len(ids), succeeded=ok, failed=len(ids) - ok, results=results)
