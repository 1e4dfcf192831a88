"""Plan and usage."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import APIModel


class UsageStats(APIModel):
    plan_name: str | None = Field(None, alias="planName")
    billing_period: str | None = Field(None, alias="billingPeriod")
    limits: dict[str, Any] = Field(default_factory=dict)
    usage: dict[str, Any] = Field(default_factory=dict)
