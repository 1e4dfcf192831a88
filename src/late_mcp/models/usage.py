"""Plan and usage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from ._base import APIModel, Result


class UsageStats(APIModel):
    """UsageStats: limits (-1 = unlimited) and usage; no canUpload / canCreateProfile (read from older answers)."""

    plan_name: str | None = Field(None, alias="planName")
    has_access: bool | None = Field(None, alias="hasAccess")
    billing_period: str | None = Field(None, alias="billingPeriod")
    limits: dict[str, Any] = Field(default_factory=dict)
    usage: dict[str, Any] = Field(default_factory=dict)


class UsageOut(Result):
    plan: str | None = None
    billing_period: str | None = None
    uploads_used: int | None = Field(None, description="Posts created this billing period")
    uploads_limit: int | None = Field(None, description="Absent when unlimited")
    profiles_used: int | None = None
    profiles_limit: int | None = None
    can_upload: bool | None = None
    can_create_profile: bool | None = None
    last_reset: datetime | None = None
    summary: str
