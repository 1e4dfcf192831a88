"""Webhooks: where Late sends post and account events, and how the deliveries went."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from pydantic import AliasChoices, Field

from ..timeutil import local
from ._base import APIDateTime, APIModel, Result, id_field


class Webhook(APIModel):
    id: str = id_field()
    name: str | None = None
    url: str | None = None
    events: list[str] = Field(default_factory=list)
    is_active: bool = Field(True, alias="isActive")
    last_fired_at: APIDateTime = Field(None, alias="lastFiredAt")
    failure_count: int | None = Field(None, alias="failureCount")
    custom_headers: dict[str, Any] = Field(default_factory=dict, alias="customHeaders")


class WebhookLog(APIModel):
    """WebhookLog: a delivery row has no `_id` (older answers had one); `eventId` names the event delivered."""

    id: str | None = Field(None, validation_alias=AliasChoices("_id", "id"))
    event_id: str | None = Field(None, alias="eventId")
    webhook_id: str | None = Field(None, alias="webhookId")
    webhook_name: str | None = Field(None, alias="webhookName")
    event: str | None = None
    url: str | None = None
    status: str | None = None
    status_code: int | None = Field(None, alias="statusCode")
    error_message: str | None = Field(None, alias="errorMessage")
    attempt_number: int | None = Field(None, alias="attemptNumber")
    response_time: int | None = Field(None, alias="responseTime")
    created_at: APIDateTime = Field(None, alias="createdAt")


class WebhookTest(APIModel):
    success: bool = True
    message: str | None = None


# --- tool results -----------------------------------------------------------------------------


class WebhookOut(Result):
    id: str
    name: str | None = None
    url: str | None = None
    events: list[str]
    active: bool
    failures: int | None = Field(None, description="Consecutive failed deliveries")
    last_fired_at: datetime | None = None
    header_names: list[str] = Field(default_factory=list, description="Custom headers sent (values hidden)")

    @classmethod
    def of(cls, hook: Webhook, zone: tzinfo) -> WebhookOut:
        """The webhook as the model sees it: header names only, never their values or the secret."""
        return cls.carry(
            hook,
            active=hook.is_active,
            failures=hook.failure_count,
            last_fired_at=local(hook.last_fired_at, zone),
            header_names=sorted(hook.custom_headers),
        )


class WebhooksList(Result):
    count: int
    webhooks: list[WebhookOut]


class WebhookSaved(Result):
    webhook: WebhookOut
    created: bool
    summary: str


class WebhookDeleted(Result):
    webhook_id: str
    deleted: bool = True


class WebhookTested(Result):
    webhook_id: str
    delivered: bool
    message: str | None = None


class DeliveryOut(Result):
    id: str
    at: datetime | None = None
    webhook: str | None = None
    webhook_id: str | None = Field(None, description="The webhook's id, for the other webhook tools")
    event: str | None = None
    status: str | None = None
    code: int | None = Field(None, description="HTTP status from the endpoint")
    error: str | None = None
    ms: int | None = Field(None, description="Response time")


class DeliveriesList(Result):
    count: int
    deliveries: list[DeliveryOut]
