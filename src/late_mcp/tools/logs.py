"""Logs tools: why did a post fail, what did the platform answer, when did an account drop.

One `logs_list` for the three lists (all publishing attempts, one post's attempts, connection events),
and `logs_get` for a single attempt with the request and response bodies.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from ..errors import InputError
from ..models.logs import ConnectionLog, LogDetail, LogOut, LogsList, PostLog
from ..timeutil import local
from ._args import check_id, platform_name, unquoted
from ._context import Ctx, state
from ._params import DEFAULT_LOG_DAYS, LimitArg
from ._shared import clip, fitting
from ._spec import read, tool, toolset

if TYPE_CHECKING:
    from ..client import LateClient

LogKind = Literal["publishing", "post", "connection"]
StatusFilter = Literal["", "success", "failed", "pending", "skipped"]

_BODY_CHARS = 1500


async def logs_list(
    ctx: Ctx,
    kind: Annotated[
        LogKind, Field(description="publishing: all attempts; post: one post's (post_id); connection: account events")
    ] = "publishing",
    post_id: str = "",
    status: StatusFilter = "",
    platform: str = "",
    days: Annotated[int, Field(ge=1, le=90, description="Look back (logs are kept 90 days)")] = DEFAULT_LOG_DAYS,
    limit: LimitArg = 20,
    skip: Annotated[int, Field(ge=0)] = 0,
) -> LogsList:
    """Publishing or connection logs, newest first: what each platform answered and why a post failed."""
    app = state(ctx)
    plat = platform_name(platform) if platform.strip() else None
    query = Query(kind, post_id, status, plat, days, limit, skip)
    page = await KINDS[kind](app.client, query)
    out = [log_line(x, app.zone) for x in page.logs]
    kept = fitting(out)
    return LogsList(kind=kind, total=page.total, returned=kept, logs=out[:kept], more=query.next_step(page, kept))


@dataclass(frozen=True)
class Query:
    """logs_list's arguments, checked; fields carry the tool's parameter names, in the tool's order."""

    kind: LogKind
    post_id: str
    status: str
    platform: str | None
    days: int
    limit: int
    skip: int

    def __post_init__(self) -> None:
        if self.post_id.strip() and self.kind != "post":
            raise InputError(f"post_id is read only by kind=post (one post's attempts), not kind={self.kind}.")
        if self.kind == "post" and self.days != DEFAULT_LOG_DAYS:  # the default, given or not, changes nothing
            raise InputError("kind=post does not read days: one post's attempts come whole (its full history).")

    def more(self, has_more: bool) -> str | None:
        return f"Call again with skip={self.skip + self.limit}." if has_more else None

    def next_step(self, page: Page, kept: int) -> str | None:
        """How to see more: past the end, the rest of a page that did not fit one answer, or the next page."""
        if not page.logs and page.total and self.skip >= page.total:
            return f"skip={self.skip} is past the end: {page.total} log(s) in all; call with a smaller skip."
        if kept < len(page.logs):
            left = len(page.logs) - kept
            return (
                f"{left} more of this page left out to keep the answer short: call again with skip={self.skip + kept}."
            )
        return page.more


@dataclass(frozen=True)
class Page:
    """The logs of one call, the total they are part of, and how to see more."""

    logs: Sequence[PostLog | ConnectionLog]
    total: int
    more: str | None = None


async def _post(client: LateClient, q: Query) -> Page:
    # One post's logs come whole (at most 100): filtered and windowed here.
    if not unquoted(q.post_id):
        raise InputError(
            "kind=post needs post_id, the post whose attempts to show; kind=publishing lists every post's."
        )
    pid = check_id(q.post_id, "post_id", list_tool="posts_list")
    logs = await client.logs.for_post(pid, limit=min(100, q.skip + q.limit))
    chosen = [
        log
        for log in logs
        if (not q.status or log.status == q.status) and (not q.platform or log.platform == q.platform)
    ]
    return Page(chosen[q.skip : q.skip + q.limit], len(chosen))


async def _connection(client: LateClient, q: Query) -> Page:
    if q.status not in ("", "success", "failed"):
        raise InputError(f"Connection logs are only success or failed, not {q.status}.")
    found = await client.logs.connections(
        platform=q.platform, status=q.status or None, days=q.days, limit=q.limit, skip=q.skip
    )
    return Page(found.logs, found.pagination.total or len(found.logs), q.more(found.pagination.has_more))


async def _publishing(client: LateClient, q: Query) -> Page:
    found = await client.logs.publishing(
        status=q.status or None, platform=q.platform, days=q.days, limit=q.limit, skip=q.skip
    )
    return Page(found.logs, found.pagination.total or len(found.logs), q.more(found.pagination.has_more))


#: kind -> the function that reads it
KINDS: dict[str, Callable[[LateClient, Query], Awaitable[Page]]] = {
    "publishing": _publishing,
    "post": _post,
    "connection": _connection,
}


async def logs_get(log_id: Annotated[str, Field(description="Log ID from logs_list")], ctx: Ctx) -> LogDetail:
    """One publishing attempt in full: endpoint, platform error code, request and response bodies."""
    app = state(ctx)
    log = await app.client.logs.get(check_id(log_id, "log_id", list_tool="logs_list"))
    return log_detail(log, app.zone)


# --- the results ----------------------------------------------------------------------------------------------


def _s(value: object) -> str | None:
    """A field the API documents as a string but may send as a number or an object."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _attempt(log: PostLog, zone: tzinfo) -> dict[str, Any]:
    """What a publishing attempt's line and its full view both show."""
    return {
        "id": log.id,
        "at": local(log.created_at, zone),
        "platform": log.platform,
        "account": log.account_username,
        "event": log.action,
        "status": log.status,
        "code": log.status_code,
        "post_id": log.post_id,
        "url": _s(log.response.get("platformPostUrl")),
    }


def log_line(log: PostLog | ConnectionLog, zone: tzinfo) -> LogOut:
    """One line of a list: a publishing attempt, or a connection event."""
    if isinstance(log, PostLog):
        return LogOut(**_attempt(log, zone), error=clip(_s(log.response.get("errorMessage")), 300))
    return LogOut(
        id=log.id,
        at=local(log.created_at, zone),
        platform=log.platform,
        account=_s((log.success or {}).get("username")) or log.account_id,
        event=log.event_type,
        status="failed" if (log.event_type or "").endswith("failed") else "success",
        error=clip(_s((log.error or {}).get("message")), 300),
    )


def log_detail(log: PostLog, zone: tzinfo) -> LogDetail:
    """One publishing attempt with what was sent and what came back (cut to a readable length)."""
    media = log.request.get("mediaUrls")
    return LogDetail(
        **_attempt(log, zone),
        content=clip(log.post_content or _s(log.request.get("contentPreview")), 300),
        endpoint=log.endpoint,
        error=_s(log.response.get("errorMessage")),
        error_code=_s(log.response.get("errorCode")),
        duration_ms=log.duration_ms,
        attempt=log.attempt_number,
        media_urls=[str(m) for m in media] if isinstance(media, list) else [],
        request_body=clip(_s(log.request.get("rawBody")), _BODY_CHARS),
        response_body=clip(_s(log.response.get("rawBody")), _BODY_CHARS),
    )


TOOLSET = toolset("logs", tool(logs_list, read("List logs")), tool(logs_get, read("Get log")))
