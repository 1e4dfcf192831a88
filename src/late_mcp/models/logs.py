"""Publishing, per-post and connection logs (kept 90 days by the API)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, model_validator

from ._base import APIDateTime, APIModel, RefId, Result, id_field


class LogPagination(APIModel):
    total: int = 0
    limit: int = 0
    skip: int = 0
    has_more: bool = Field(False, alias="hasMore")


class PostLog(APIModel):
    """One publishing attempt on one platform (`PostLog`, `PostLogDetail`)."""

    id: str = id_field()
    post_id: RefId = Field(None, alias="postId")
    post_content: str | None = None
    platform: str | None = None
    account_id: RefId = Field(None, alias="accountId")
    account_username: str | None = Field(None, alias="accountUsername")
    action: str | None = None
    status: str | None = None
    status_code: int | None = Field(None, alias="statusCode")
    endpoint: str | None = None
    request: dict[str, Any] = Field(default_factory=dict)
    response: dict[str, Any] = Field(default_factory=dict)
    duration_ms: int | None = Field(None, alias="durationMs")
    attempt_number: int | None = Field(None, alias="attemptNumber")
    created_at: APIDateTime = Field(None, alias="createdAt")

    @model_validator(mode="before")
    @classmethod
    def _populated(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("postId"), dict):
            data = {**data, "post_content": data["postId"].get("content")}
        if isinstance(data, dict) and not data.get("accountUsername") and isinstance(data.get("accountId"), dict):
            data = {**data, "accountUsername": data["accountId"].get("username")}
        return data


class LogPage(APIModel):
    logs: list[PostLog] = Field(default_factory=list)
    pagination: LogPagination = Field(default_factory=LogPagination)


class ConnectionLog(APIModel):
    id: str = id_field()
    platform: str | None = None
    account_id: RefId = Field(None, alias="accountId")
    profile_id: RefId = Field(None, alias="profileId")
    event_type: str | None = Field(None, alias="eventType")
    connection_method: str | None = Field(None, alias="connectionMethod")
    error: dict[str, Any] | None = None
    success: dict[str, Any] | None = None
    created_at: APIDateTime = Field(None, alias="createdAt")


class ConnectionLogPage(APIModel):
    logs: list[ConnectionLog] = Field(default_factory=list)
    pagination: LogPagination = Field(default_factory=LogPagination)


# --- tool results -----------------------------------------------------------------------------


class LogOut(Result):
    id: str
    at: datetime | None = Field(None, description="In the user's time zone")
    platform: str | None = None
    account: str | None = None
    event: str | None = Field(None, description="publish, retry, ... or a connection event")
    status: str | None = None
    code: int | None = Field(None, description="The platform's HTTP status")
    post_id: str | None = None
    error: str | None = None
    url: str | None = None


class LogsList(Result):
    kind: str
    total: int
    returned: int
    logs: list[LogOut]
    more: str | None = None


class LogDetail(Result):
    id: str
    at: datetime | None = None
    platform: str | None = None
    account: str | None = None
    event: str | None = None
    status: str | None = None
    code: int | None = None
    post_id: str | None = None
    content: str | None = None
    endpoint: str | None = None
    error: str | None = None
    error_code: str | None = None
    url: str | None = None
    duration_ms: int | None = None
    attempt: int | None = None
    media_urls: list[str] = Field(default_factory=list)
    request_body: str | None = Field(None, description="What was sent to the platform (truncated)")
    response_body: str | None = Field(None, description="What the platform answered (truncated)")
