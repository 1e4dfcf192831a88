"""Logs: publishing attempts (all, per post, one in full) and account connection events.

Today's API lists every kind at one `GET /v1/logs` chosen by `type` (publishing, connections, webhooks...), with
`days` up to 90; the seeds' per-kind paths are not in its spec. Connection events are read there first, and from
the older `GET /v1/connections/logs` only when that answers 404 (an API without the `type` listing).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import NotFoundError
from ..models.logs import ConnectionLogPage, LogPage, PostLog
from ._ops import operation
from ._transport import HTTP, items, seg

#: a 404 on a path only the seeds document: the id may be unknown, or the API may no longer serve the path. Today's
#: spec lists logs at GET /v1/logs only (no postId filter), so the step that surely exists is that listing.
POST_LOGS_GONE = (
    "Either the post id is unknown, or this API no longer serves one post's logs (today's spec has no such path, and "
    "no filter by post on its log listing): use logs_list with kind=publishing, filtered by platform and status, "
    "instead."
)
LOG_GONE = (
    "Either the log id is unknown, or this API no longer serves one log in full (today's spec has no such path): "
    "logs_list with kind=publishing lists the attempts with their ids and each one's error, filtered by platform "
    "and status."
)


@contextmanager
def _seeds_only(hint: str) -> Iterator[None]:
    try:
        yield
    except NotFoundError as exc:
        exc.hint = hint
        raise


class Logs:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/logs")
    async def publishing(
        self,
        *,
        status: str | None = None,
        platform: str | None = None,
        action: str | None = None,
        days: int = 7,
        limit: int = 50,
        skip: int = 0,
    ) -> LogPage:
        """Publishing logs of every post, newest first (`type=publishing`, the API's default)."""
        return await self._http.parsed(
            LogPage,
            "GET",
            "v1/logs",
            params={
                "type": "publishing",
                "status": status,
                "platform": platform,
                "action": action,
                "days": days,
                "limit": limit,
                "skip": skip,
            },
        )

    @operation("GET /v1/posts/{postId}/logs")
    async def for_post(self, post_id: str, *, limit: int = 50) -> list[PostLog]:
        """The seeds' path: today's spec has neither it nor a postId filter on GET /v1/logs (`POST_LOGS_GONE`)."""
        with _seeds_only(POST_LOGS_GONE):
            body = await self._http.request("GET", f"v1/posts/{seg(post_id)}/logs", params={"limit": limit})
        return [PostLog.model_validate(item) for item in items(body, "logs")]

    @operation("GET /v1/logs/{logId}")
    async def get(self, log_id: str) -> PostLog:
        """One log with the full request and response bodies (the seeds' path, like `for_post`)."""
        with _seeds_only(LOG_GONE):
            body = await self._http.request("GET", f"v1/logs/{seg(log_id)}")
        return PostLog.model_validate(body.get("log", body))

    @operation("GET /v1/logs", "GET /v1/connections/logs")
    async def connections(
        self,
        *,
        platform: str | None = None,
        event_type: str | None = None,
        status: str | None = None,
        days: int = 7,
        limit: int = 50,
        skip: int = 0,
    ) -> ConnectionLogPage:
        """Account connect / disconnect / reconnect events: `GET /v1/logs?type=connections`, or the seeds'
        `GET /v1/connections/logs` where that listing is not found."""
        params = {"platform": platform, "status": status, "days": days, "limit": limit, "skip": skip}
        try:
            return await self._http.parsed(
                ConnectionLogPage, "GET", "v1/logs", params={"type": "connections", "action": event_type, **params}
            )
        except NotFoundError:
            return await self._http.parsed(
                ConnectionLogPage, "GET", "v1/connections/logs", params={"eventType": event_type, **params}
            )
