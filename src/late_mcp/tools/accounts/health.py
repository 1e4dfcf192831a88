"""accounts_health: whether each connected account can post, and what to fix (reconnect, permissions)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ...errors import LateError
from ...models.accounts import Account, AccountHealth, AccountHealthDetail, HealthOut, HealthReport
from ...timeutil import local, parse_api_datetime
from .._args import platform_name
from .._context import Ctx, state
from .._hints import DASHBOARD, reconnect_where
from .._shared import optional_id, side_by_side
from .cooldown import cooling
from .find import account_id_arg

if TYPE_CHECKING:
    from ...client import LateClient

log = logging.getLogger("late_mcp.tools.accounts")

#: the issue an account in its publishing cooldown gets (then who, and until when)
COOLDOWN = "publishing cooldown (posts refused, drafts excepted): "


async def accounts_health(
    ctx: Ctx,
    account_id: Annotated[str, Field(description="One account in detail (permissions, fixes)")] = "",
    platform: str = "",
    profile_id: str = "",
) -> HealthReport:
    """Check connected accounts: the ones with a problem (token, posting, reconnect) and what to fix; healthy
    ones are counted. account_id: one account in detail."""
    app = state(ctx)
    if account_id.strip():
        reports = await _one(app.client, account_id_arg(account_id), app.zone)
    else:
        reports = await _all(app.client, platform=platform, profile_id=profile_id, zone=app.zone)
    every, empty = bool(account_id.strip()), no_match(platform, profile_id)
    return health_report(reports, every=every, where=partial(reconnect_where, ctx), empty=empty)


async def _one(client: LateClient, account_id: str, zone: tzinfo) -> list[HealthOut]:
    """One account in detail, and its publishing cooldown (which the health answer does not report)."""
    raw, accounts = await side_by_side(lambda: client.accounts.account_health(account_id), lambda: _listed(client))
    return _cooled([_detail(AccountHealthDetail.model_validate(raw), zone)], accounts, zone)


async def _all(client: LateClient, *, platform: str, profile_id: str, zone: tzinfo) -> list[HealthOut]:
    """Every account's health, and their publishing cooldowns; the filters are checked before any call."""
    pid = optional_id(profile_id, "profile_id", list_tool="profiles_list")
    name = platform_name(platform) if platform.strip() else None

    async def health() -> list[AccountHealth]:
        return await client.accounts.health(profile_id=pid, platform=name)

    rows, accounts = await side_by_side(health, lambda: _listed(client))
    return _cooled([_row(r, zone) for r in rows], accounts, zone)


async def _listed(client: LateClient) -> list[Account]:
    """The accounts, for their cooldowns; best effort: health is what was asked for."""
    try:
        return await client.accounts.list()
    except LateError as exc:
        log.info("accounts list unavailable for cooldowns: %r", exc)
        return []


def _cooled(reports: list[HealthOut], accounts: list[Account], zone: tzinfo) -> list[HealthOut]:
    """An account in its publishing cooldown cannot post until it ends, whatever its health says."""
    until = {c.account_id: c.text(zone) for c in cooling(accounts)}
    return [
        r.model_copy(update={"can_post": False, "issues": [*r.issues, f"{COOLDOWN}{until[r.account_id]}"]})
        if r.account_id in until
        else r
        for r in reports
    ]


def _row(row: AccountHealth, zone: tzinfo) -> HealthOut:
    expires = (row.model_extra or {}).get("tokenExpiresAt")
    return _out(row, needs_reconnect=row.needs_reconnect, token_expires_at=_local(expires, zone), issues=row.issues)


def _detail(detail: AccountHealthDetail, zone: tzinfo) -> HealthOut:
    token = detail.token_status
    return _out(
        detail,
        needs_reconnect=token.get("valid") is False or bool(detail.missing_required),
        token_expires_at=_local(token.get("expiresAt"), zone),
        issues=detail.issues + [f"missing permission: {scope}" for scope in detail.missing_required],
        recommendations=detail.recommendations,
    )


def _out(source: AccountHealth | AccountHealthDetail, **found: Any) -> HealthOut:
    """What both health answers say alike (who, the status, whether it can post), and what each found."""
    who = {"account_id": source.account_id, "platform": source.platform, "username": source.username}
    return HealthOut(**who, status=source.status, can_post=source.can_post, **found)


def _local(value: Any, zone: tzinfo) -> datetime | None:
    return local(parse_api_datetime(value), zone)


def no_match(platform: str, profile_id: str) -> str | None:
    """What a filtered health check that found no account says (None without filters)."""
    given = [f"{name}={value.strip()}" for name, value in (("platform", platform), ("profile_id", profile_id))]
    given = [g for g in given if not g.endswith("=")]
    return f"No connected account matches {' and '.join(given)}: check the filter." if given else None


def health_report(
    reports: list[HealthOut],
    *,
    every: bool = False,
    where: Callable[[], str] = lambda: DASHBOARD,
    empty: str | None = None,
) -> HealthReport:
    """The counts by status, the accounts with a problem (`every`: all of them), who to reconnect `where()` (worded
    only when someone must reconnect), and who is in a publishing cooldown; `empty`: the next step when no account
    was found."""
    broken = [r for r in reports if r.needs_reconnect]
    step = None
    if broken:
        names = ", ".join(f"{r.platform} @{(r.username or r.account_id).lstrip('@')}" for r in broken)
        step = f"Reconnect {names} {where()}."
    shown = reports if every else [r for r in reports if r.status != "healthy" or r.needs_reconnect or r.issues]
    cooling_down = [i.removeprefix(COOLDOWN) for r in reports for i in r.issues if i.startswith(COOLDOWN)]
    return HealthReport(
        total=len(reports),
        healthy=sum(r.status == "healthy" for r in reports),
        warning=sum(r.status == "warning" for r in reports),
        error=sum(r.status == "error" for r in reports),
        needs_reconnect=len(broken),
        accounts=shown,
        cooling_down=cooling_down or None,
        next_step=step or (None if reports else empty),
    )
