"""Plain next steps for errors that come from the plan, an add-on or a missing permission.

The API's own words are terse ("Analytics add-on required", "Forbidden"); the model should be able to tell the
user what to buy or reconnect. `explained` adds that hint without changing the error's type or message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from ..errors import LateAPIError, PlanLimitError, RateLimitError

ADDON = (
    "This needs Late's Analytics add-on, which this account does not have: the user can enable it in the "
    "Late dashboard (Billing), then ask again."
)
RECONNECT = (
    "The account lacks a permission this needs: reconnect it in the Late dashboard (or with a link from the "
    "connect toolset), granting every permission asked, then try again."
)
TOOLS_PLAN = (
    "The Tools API (downloads, transcripts, hashtag checks) needs a paid Late plan (Build, Accelerate or "
    "Unlimited) and has a daily limit per plan; upgrade in the Late dashboard or try again tomorrow."
)
TEAM_PLAN = "Team features need a Late plan with team members; the user can check the plan with usage_get."

_ADDON_CODES = frozenset({"analytics_addon_required"})
_SCOPE_CODES = frozenset({"missing_scope", "youtube_analytics_scope_missing"})


def hint_for(exc: LateAPIError, by_status: Mapping[int, str]) -> str | None:
    """The plain hint for this error, or None to keep the error's own."""
    details = exc.details or {}
    if exc.code in _ADDON_CODES or details.get("requiresAddon"):
        return ADDON
    if exc.code in _SCOPE_CODES or details.get("action") == "reconnect":
        return RECONNECT
    if isinstance(exc, PlanLimitError):
        return None
    if isinstance(exc, RateLimitError) and "day" not in exc.message.lower():
        return None  # the per-minute limit keeps its own "wait N s" hint; daily quotas get the plan's
    return by_status.get(exc.status)


@contextmanager
def explained(by_status: Mapping[int, str] | None = None) -> Iterator[None]:
    """Inside this block, API errors get the plan / add-on / permission hint that fits them."""
    try:
        yield
    except LateAPIError as exc:
        hint = hint_for(exc, by_status or {})
        if hint:
            exc.hint = hint
        raise
