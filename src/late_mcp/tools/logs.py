"""Logs tools: why did a post fail, what did the platform answer, when did an account drop.

One `logs_list` for the three lists (all publishing attempts, one post's attempts, connection events),
and `logs_get` for a single attempt with the request and response bodies.
"""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Annotated, Literal

from pydantic import Field

from ..errors import InputError
from ..models.logs import ConnectionLog, LogDetail, LogOut, LogsList, PostLog
from ._args import check_id, platform_name
from ._context import Ctx, state
from ._errors import reports_errors
from ._shared import clip

LogKind = Literal["publishing", "post", "connection"]
StatusFilter = Literal["", "success", "failed", "pending", "skipped"]

_BODY_CHARS = 1500


def _s(value: object) -> str | None:
    """A field the API documents as a string but may send as a number or an object."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _local(log: PostLog | ConnectionLog, zone: tzinfo) -> LogOut:
    if isinstance(log, ConnectionLog):
        error = _s((log.error or {}).get("message"))
        who = _s((log.success or {}).get("username"))
        return LogOut(
            id=log.id,
            at=log.created_at.astimezone(zone) if log.created_at else None,
            platform=log.platform,
            account=who or log.account_id,
            event=log.event_type,
            status="failed" if (log.event_type or "").endswith("failed") else "success",
            error=clip(error, 300),
        )
    return LogOut(
        id=log.id,
        at=log.created_at.astimezone(zone) if log.created_at else None,
        platform=log.platform,
        account=log.account_username,
        event=log.action,
        status=log.status,
        code=log.status_code,
        post_id=log.post_id,
        error=clip(_s(log.response.get("errorMessage")), 300),
        url=_s(log.response.get("platformPostUrl")),
    )


@reports_errors
async def logs_list(
    ctx: Ctx,
    kind: Annotated[
        LogKind, Field(description="publishing: all attempts; post: one post's (post_id); connection: account events")
    ] = "publishing",
    post_id: str = "",
    status: StatusFilter = "",
    platform: str = "",
    days: Annotated[int, Field(ge=1, le=7, description="Look back (logs are kept 7 days)")] = 7,
    limit: Annotated[int, Field(ge=1, le=100)] = 20,
    skip: Annotated[int, Field(ge=0)] = 0,
) -> LogsList:
    """Publishing or connection logs, newest first: what each platform answered and why a post failed."""
    app = state(ctx)
    plat = platform_name(platform) if platform.strip() else None
    if kind == "post":
        pid = check_id(post_id, "post_id", list_tool="posts_list")
        logs = await app.client.logs.for_post(pid, limit=min(100, skip + limit))
        chosen = [log for log in logs if (not status or log.status == status) and (not plat or log.platform == plat)]
        window = chosen[skip : skip + limit]
        return LogsList(kind=kind, total=len(chosen), returned=len(window), logs=[_local(x, app.zone) for x in window])
    if kind == "connection":
        if status not in ("", "success", "failed"):
            raise InputError(f"Connection logs are only success or failed, not {status}.")
        conn = await app.client.logs.connections(
            platform=plat,
            status=status or None,
            days=days,
            limit=limit,
            skip=skip,
        )
        out = [_local(x, app.zone) for x in conn.logs]
        more = f"Call again with skip={skip + limit}." if conn.pagination.has_more else None
        return LogsList(kind=kind, total=conn.pagination.total or len(out), returned=len(out), logs=out, more=more)
    page = await app.client.logs.publishing(status=status or None, platform=plat, days=days, limit=limit, skip=skip)
    out = [_local(x, app.zone) for x in page.logs]
    more = f"Call again with skip={skip + limit}." if page.pagination.has_more else None
    return LogsList(kind=kind, total=page.pagination.total or len(out), returned=len(out), logs=out, more=more)


@reports_errors
async def logs_get(log_id: Annotated[str, Field(description="Log ID from logs_list")], ctx: Ctx) -> LogDetail:
    """One publishing attempt in full: endpoint, platform error code, request and response bodies."""
    app = state(ctx)
    log = await app.client.logs.get(check_id(log_id, "log_id", list_tool="logs_list"))
    media = log.request.get("mediaUrls")
    return LogDetail(
        id=log.id,
        at=log.created_at.astimezone(app.zone) if log.created_at else None,
        platform=log.platform,
        account=log.account_username,
        event=log.action,
        status=log.status,
        code=log.status_code,
        post_id=log.post_id,
        content=clip(log.post_content or _s(log.request.get("contentPreview")), 300),
        endpoint=log.endpoint,
        error=_s(log.response.get("errorMessage")),
        error_code=_s(log.response.get("errorCode")),
        url=_s(log.response.get("platformPostUrl")),
        duration_ms=log.duration_ms,
        attempt=log.attempt_number,
        media_urls=[str(m) for m in media] if isinstance(media, list) else [],
        request_body=clip(_s(log.request.get("rawBody")), _BODY_CHARS),
        response_body=clip(_s(log.response.get("rawBody")), _BODY_CHARS),
    )
