"""Doctor's API checks: reachability and key, plan and usage, accounts and their health, the clock.

One cheap read (`GET /v1/accounts`) answers "is the API there and does it take the key"; the rest
runs only when that passes. The client is built exactly as the server builds it (same proxies, same
TLS), so what works here works for the host.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Awaitable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, TypeVar

import httpx

from ..errors import (
    AuthError,
    ForbiddenError,
    LateAPIError,
    LateError,
    LateTimeoutError,
    MissingKeyError,
    RateLimitError,
    ServerError,
    TransportError,
    clause,
)
from ..redaction import protect, redact
from .checks import KEYS_PAGE, Check, check_clock

if TYPE_CHECKING:
    from ..config import Settings
    from ..models.accounts import Account, AccountHealth
    from ..models.usage import UsageStats

T = TypeVar("T")
#: doctor should answer in seconds, not wait out the server's full retry budget
DOCTOR_TIMEOUT = 10.0
DOCTOR_RETRIES = 1


async def clock_check(base_url: str, transport: httpx.AsyncBaseTransport | None = None) -> Check:
    """Compare this machine's clock with the `Date` header of one small request to the API host.

    A client of its own (not a wrapped transport) so proxies from the environment apply exactly as they
    do for the server: httpx ignores them when a transport is passed in.
    """
    try:
        async with httpx.AsyncClient(transport=transport, timeout=DOCTOR_TIMEOUT) as client:
            sent = datetime.now(timezone.utc)
            response = await client.head(base_url)
            received = datetime.now(timezone.utc)
    except httpx.HTTPError:
        return check_clock(None, None)
    return check_clock(response.headers.get("date"), sent + (received - sent) / 2)


def api_failure(exc: LateError, base_url: str) -> Check:
    """What a failed first request means for the user, and the one thing to do about it."""
    name = "API"
    if isinstance(exc, MissingKeyError):
        return Check(
            name,
            "warning",
            "Not checked without an API key.",
            "`late-mcp doctor --sandbox` runs these checks against a local fake API.",
        )
    if isinstance(exc, AuthError):
        return Check(
            name,
            "problem",
            f"The API refused the key (401: {exc.message}).",
            f"The key is wrong, revoked or mistyped: create a new one at {KEYS_PAGE}, put it in the "
            "host config and restart the host.",
        )
    if isinstance(exc, RateLimitError):
        return Check(name, "warning", f"Rate limited (429: {exc.message}).", exc.hint)
    if isinstance(exc, ForbiddenError):
        return Check(
            name,
            "problem",
            f"The API refused access ({exc.status}: {exc.message}).",
            "Check the key's permissions and your plan in the Late dashboard.",
        )
    if isinstance(exc, ServerError):
        return Check(
            name,
            "problem",
            f"The API at {base_url} answered {exc.status} ({clause(exc.message)}): the problem is on Late's side.",
            "Try again in a few minutes.",
        )
    if isinstance(exc, LateTimeoutError):
        return Check(
            name,
            "problem",
            f"{base_url} did not answer within {DOCTOR_TIMEOUT:.0f} s.",
            "Check your connection, VPN, proxy or firewall, and try again.",
        )
    if isinstance(exc, TransportError):
        return Check(
            name,
            "problem",
            exc.message,
            "Check your internet connection, VPN/proxy/firewall, and LATE_BASE_URL "
            "(unset it for the default https://getlate.dev/api).",
        )
    if isinstance(exc, LateAPIError):
        return Check(name, "problem", f"The API answered {exc.status}: {exc.message}", exc.hint)
    return Check(name, "problem", str(exc), exc.hint)


def check_plan(usage: UsageStats | LateError) -> Check:
    if isinstance(usage, LateError):
        return Check("plan", "warning", f"Could not read plan and usage: {usage}", usage.hint)
    parts: list[str] = []
    status: tuple[str, str] = ("ok", "")
    for what in ("uploads", "profiles"):
        limit, used = usage.limits.get(what), usage.usage.get(what)
        if not isinstance(used, int):
            continue
        if not isinstance(limit, int) or limit < 0:
            parts.append(f"{what} {used} (unlimited)")
            continue
        parts.append(f"{what} {used}/{limit}")
        if used >= limit:
            status = ("problem", f"The {what} limit of the plan is reached: new {what} will be refused.")
        elif used >= 0.8 * limit and status[0] == "ok":
            status = ("warning", f"{used} of {limit} {what} used.")
    period = f" ({usage.billing_period})" if usage.billing_period else ""
    detail = f"{usage.plan_name or 'unknown plan'}{period}: {', '.join(parts) or 'no usage figures'}"
    if status[0] == "ok":
        return Check("plan", "ok", detail)
    fix = "Upgrade the plan in the Late dashboard, or wait for the next billing period."
    return Check("plan", "problem" if status[0] == "problem" else "warning", f"{detail}. {status[1]}", fix)


def check_accounts(accounts: list[Account]) -> Check:
    if not accounts:
        return Check(
            "accounts",
            "warning",
            "No social accounts are connected: there is nothing to post to.",
            "Connect accounts at https://getlate.dev (Dashboard > Accounts), then ask for accounts_list.",
        )
    per_platform = Counter(a.platform for a in accounts)
    listed = ", ".join(f"{platform} {n}" for platform, n in sorted(per_platform.items()))
    inactive = [a for a in accounts if not a.is_active]
    detail = f"{len(accounts)} connected: {listed}"
    if inactive:
        names = ", ".join(f"{a.platform} @{a.username or a.id}" for a in inactive)
        return Check("accounts", "warning", f"{detail}; inactive: {names}", "Reactivate them in the Late dashboard.")
    return Check("accounts", "ok", detail)


def check_health(health: list[AccountHealth] | LateError) -> Check:
    if isinstance(health, LateError):
        return Check("account health", "warning", f"Could not read account health: {health}", health.hint)
    broken = [h for h in health if h.needs_reconnect or h.can_post is False]
    if not broken:
        return Check("account health", "ok", f"all {len(health)} can post" if health else "no accounts to check")
    names = "; ".join(
        f"{h.platform} @{h.username or h.account_id}" + (f" ({', '.join(h.issues)})" if h.issues else "")
        for h in broken
    )
    return Check(
        "account health",
        "warning",
        f"{len(broken)} need reconnecting: {names}",
        "Reconnect them at https://getlate.dev (Dashboard > Accounts > Reconnect); posts to them fail until then.",
    )


async def _attempt(call: Awaitable[T]) -> T | LateError:
    try:
        return await call
    except LateError as exc:
        return exc


async def api_checks(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> list[Check]:
    """Key acceptance first; plan, accounts, health and clock after. Never raises for API trouble.

    The API's own words are quoted, so an API that echoes the key would print it into a report people paste into
    bug reports: the key is redacted from every check (and, through `protect`, from the logs).
    """
    protect(settings.api_key)
    checks = await _api_checks(settings, transport)
    return [dataclasses.replace(c, detail=redact(c.detail), fix=redact(c.fix)) for c in checks]


async def _api_checks(settings: Settings, transport: httpx.AsyncBaseTransport | None) -> list[Check]:
    from ..state import client_for

    quick = settings.with_overrides(
        timeout=min(settings.timeout, DOCTOR_TIMEOUT),
        max_retries=min(settings.max_retries, DOCTOR_RETRIES),
        max_retry_wait=min(settings.max_retry_wait, 5.0),
    )
    async with client_for(quick, transport=transport) as late:
        started = time.perf_counter()
        first = await _attempt(late.accounts.list())
        elapsed_ms = (time.perf_counter() - started) * 1000
        if isinstance(first, LateError):
            checks = [api_failure(first, settings.base_url)]
            if isinstance(first, LateAPIError):  # it answered, so its clock can still be read
                checks.append(await clock_check(settings.base_url, transport))
            return checks
        usage = await _attempt(late.usage.stats())
        health = await _attempt(late.accounts.health())
    api = Check("API", "ok", f"answered in {elapsed_ms:.0f} ms and accepted the key")
    clock = await clock_check(settings.base_url, transport)
    return [api, check_plan(usage), check_accounts(first), check_health(health), clock]
