"""usage_get: the plan, what it allows, and how much of it is used this billing period."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from ..models.usage import UsageOut, UsageStats
from ..timeutil import local, parse_api_datetime
from ._context import Ctx, state

if TYPE_CHECKING:
    from ..client import LateClient


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _room(stated: Any, used: int | None, limit: int | None) -> bool | None:
    """Whether one more fits: an older answer's own flag, else usage against the limit (-1 = unlimited)."""
    if isinstance(stated, bool):
        return stated
    if limit is not None and limit < 0:
        return True
    return used < limit if used is not None and limit is not None else None


def _profiles(used: int | None, limit: int | None) -> str:
    """The profiles in words: "2 of 10 profiles", "2 profiles (no limit)" for -1, nothing without a count."""
    if used is None:
        return ""
    if limit is None or limit < 0:
        return f"{used} profiles" + (" (no limit)" if limit is not None else "")
    return f"{used} of {limit} profiles"


async def usage_get(ctx: Ctx) -> UsageOut:
    """Show the Late plan, its limits and this period's usage (posts, profiles)."""
    app = state(ctx)
    return await usage_report(app.client, app.zone)


async def usage_report(client: LateClient, zone: tzinfo) -> UsageOut:
    """The plan and usage as the model reads them (the usage_get tool and the late://usage resource)."""
    return usage_out(await client.usage.stats(), zone)


def usage_out(stats: UsageStats, zone: tzinfo) -> UsageOut:
    """The plan and usage in one line and in fields."""
    extra = stats.model_extra or {}
    used, limit = _count(stats.usage.get("uploads")), _count(stats.limits.get("uploads"))
    p_used, p_limit = _count(stats.usage.get("profiles")), _count(stats.limits.get("profiles"))
    unlimited = limit is not None and limit < 0
    reset = parse_api_datetime(stats.usage.get("lastReset"))
    posts = f"{used} posts this period" + ("" if unlimited or limit is None else f" of {limit}")
    profiles = _profiles(p_used, p_limit)
    plan = stats.plan_name or "unknown"
    summary = f"{plan} plan ({stats.billing_period or 'billing period unknown'}): {posts}" + (
        f", {profiles}." if profiles else "."
    )
    can_upload = _room(extra.get("canUpload"), used, limit)
    if stats.has_access is False:
        can_upload = False
        summary += " This account has no API access on its plan."
    elif can_upload is False:
        summary += " The post limit is reached: no new posts until the period resets or the plan is upgraded."
    return UsageOut(
        plan=stats.plan_name,
        billing_period=stats.billing_period,
        uploads_used=used,
        uploads_limit=None if unlimited else limit,
        profiles_used=p_used,
        profiles_limit=None if p_limit is not None and p_limit < 0 else p_limit,
        can_upload=can_upload,
        can_create_profile=_room(extra.get("canCreateProfile"), p_used, p_limit),
        last_reset=local(reset, zone),
        summary=summary,
    )
