"""Plans and usage limits, from the API docs ("Plan Tiers & Limits", "Plan Limit Errors", "Rate Limits").

The workspace's plan is stored in meta so the control endpoint can switch it (e.g. to Free) and tests can reach
the documented 403 bodies quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.store import Store


@dataclass(frozen=True)
class Plan:
    name: str
    uploads: int  # per billing period; -1 = unlimited
    profiles: int
    requests_per_minute: int


# "Plan Tiers & Limits": Free 10 uploads/2 profiles, Basic 120/10, Professional unlimited/50, Advanced unlimited/150,
# Enterprise unlimited/250; rate limits Free 60, Basic 120, Professional 600, Advanced 1200 per minute.
PLANS: dict[str, Plan] = {
    "free": Plan("Free", 10, 2, 60),
    "basic": Plan("Basic", 120, 10, 120),
    "professional": Plan("Professional", -1, 50, 600),
    "advanced": Plan("Advanced", -1, 150, 1200),
    "enterprise": Plan("Enterprise", -1, 250, 1200),
}
DEFAULT_PLAN = "basic"


def current_plan(store: Store) -> Plan:
    return PLANS.get(str(store.meta_get("plan", DEFAULT_PLAN)).lower(), PLANS[DEFAULT_PLAN])


def uploads_used(store: Store) -> int:
    return int(store.meta_get("uploads_used", 0))


def set_uploads_used(store: Store, value: int) -> None:
    store.meta_set("uploads_used", max(0, value))


def billing_period(store: Store) -> str:
    return str(store.meta_get("billing_period", "monthly"))


def check_upload_allowed(store: Store) -> None:
    """403 with the documented body when the plan's upload allowance is used up."""
    plan = current_plan(store)
    used = uploads_used(store)
    if plan.uploads >= 0 and used >= plan.uploads:
        raise ApiError(
            403,
            f"Upload limit reached. Your {plan.name} plan allows {plan.uploads} uploads per month. "
            f"You have used {used}.",
            extra={
                "planName": plan.name,
                "limit": plan.uploads,
                "current": used,
                "billingPeriod": billing_period(store),
            },
        )


def check_profile_allowed(store: Store, current: int) -> None:
    plan = current_plan(store)
    if current >= plan.profiles:
        raise ApiError(
            403,
            f"Profile limit reached. Your {plan.name.lower()} plan allows {plan.profiles} profiles. "
            f"You currently have {current}.",
            {
                "resource": "profiles",
                "plan": plan.name.lower(),
                "currentUsage": current,
                "limit": plan.profiles,
                "window": "total",
            },
            extra={"planName": plan.name.lower(), "limit": plan.profiles, "current": current},
        )


def usage_stats(store: Store) -> dict[str, Any]:
    plan = current_plan(store)
    profiles = len(store.all("profiles"))
    used = uploads_used(store)
    return {
        "planName": plan.name,
        "billingPeriod": billing_period(store),
        "signupDate": store.meta_get("signup_date"),
        "limits": {"uploads": plan.uploads, "profiles": plan.profiles},
        "usage": {"uploads": used, "profiles": profiles, "lastReset": store.meta_get("last_reset")},
        # UsageStats has no canUpload / canCreateProfile (the seeds' fields): what is left is read off limits
        # and usage; hasAccess is the account's access to the API at all
        "billingSystem": "stripe",
        "hasAccess": True,
    }
