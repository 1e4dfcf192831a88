"""Logs: publishing attempts (all, per post, one in full) and account connection events."""

from __future__ import annotations

from ..models.logs import ConnectionLogPage, LogPage, PostLog
from ._ops import operation
from ._transport import HTTP, items, seg


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
        """Publishing logs of every post, newest first.

        Seed 000 marks /v1/logs deprecated in favour of /v1/posts/logs (same query, same answer); the API
        reference still documents it, so this stays on the documented path.
        """
        body = await self._http.request(
            "GET",
            "v1/logs",
            params={
                "status": status,
                "platform": platform,
                "action": action,
                "days": days,
                "limit": limit,
                "skip": skip,
            },
        )
        return LogPage.model_validate(body)

    @operation("GET /v1/posts/{postId}/logs")
    async def for_post(self, post_id: str, *, limit: int = 50) -> list[PostLog]:
        body = await self._http.request("GET", f"v1/posts/{seg(post_id)}/logs", params={"limit": limit})
        return [PostLog.model_validate(item) for item in items(body, "logs")]

    @operation("GET /v1/logs/{logId}")
    async def get(self, log_id: str) -> PostLog:
        """One log with the full request and response bodies."""
        body = await self._http.request("GET", f"v1/logs/{seg(log_id)}")
        return PostLog.model_validate(body.get("log", body))

    @operation("GET /v1/connections/logs")
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
        """Account connect / disconnect / reconnect events (seed 000)."""
        body = await self._http.request(
            "GET",
            "v1/connections/logs",
            params={
                "platform": platform,
                "eventType": event_type,
                "status": status,
                "days": days,
                "limit": limit,
                "skip": skip,
            },
        )
        return ConnectionLogPage.model_validate(body)
