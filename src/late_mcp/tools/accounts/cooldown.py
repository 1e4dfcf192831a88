"""Accounts in their publishing cooldown (`SocialAccount.rateLimitedUntil`): shown wherever accounts are, and the
429 the API answers for them explained, with the end in the user's zone.

The SDK: a cooldown starts when a post to the account fails for spam, abuse or rate limits (or after 10 failures
in an hour), doubles with each start inside a day (10, 20, 40 minutes... capped at 24 hours), and while it lasts
"POST /v1/posts (drafts excepted) and POST /v1/posts/{postId}/retry return 429 for this account". A value in the
past means it is over.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from ...errors import CooldownError, LateError, clause
from ...timeutil import UTC, local, now_utc, parse_api_datetime

if TYPE_CHECKING:
    from ...client import LateClient
    from ...models.accounts import Account

log = logging.getLogger("late_mcp.tools.accounts")

WHAT_TO_DO = (
    "Do not send it again before then: it would be refused the same way. Wait until then, save it as a draft "
    "(drafts are accepted), or leave that account out."
)


@dataclass(frozen=True)
class Cooling:
    """One account in its cooldown: who, and until when."""

    account_id: str
    who: str  # "twitter @acme"
    until: datetime

    def text(self, zone: tzinfo) -> str:
        return f"{self.who} until {when_text(self.until, zone)}"


def when_text(when: datetime, zone: tzinfo) -> str:
    """A moment as the user reads it: their zone's wall clock, to the minute, and the zone's name."""
    shown = local(when, zone)  # in UTC where the zone cannot show it (the calendar's last hours)
    name = "UTC" if shown.tzinfo is UTC else getattr(zone, "key", None) or zone
    return f"{shown.isoformat(timespec='minutes')} ({name})"


def cooling(accounts: Iterable[Account], now: datetime | None = None) -> list[Cooling]:
    """The accounts whose cooldown has not ended yet."""
    current = now or now_utc()
    return [
        Cooling(a.id, f"{a.platform} @{(a.username or a.id).lstrip('@')}", a.rate_limited_until)
        for a in accounts
        if a.rate_limited_until is not None and a.rate_limited_until > current
    ]


def cooling_note(found: list[Cooling], zone: tzinfo) -> str | None:
    """One line for a list of accounts: which are cooling down, and what that means for posting."""
    if not found:
        return None
    names = "; ".join(c.text(zone) for c in found)
    return f"In a publishing cooldown (posts to it are refused, drafts excepted): {names}."


def named_accounts(accounts: list[dict[str, Any]]) -> list[Cooling]:
    """Accounts as the API names them in a 429 or a bulk result (`RateLimitedAccount` shapes)."""
    out: list[Cooling] = []
    for raw in accounts:
        until = parse_api_datetime(raw.get("rateLimitedUntil"))
        account_id = str(raw.get("accountId") or "")
        if until is not None:
            who = f"{raw.get('platform') or 'account'} @{str(raw.get('username') or account_id).lstrip('@')}"
            out.append(Cooling(account_id, who, until))
    return out


async def cooldown_error(
    client: LateClient, exc: CooldownError, zone: tzinfo, *, account_ids: set[str] | None = None, what: str = ""
) -> LateError:
    """The 429 explained: which account, until when (in the user's zone), what to do. When the answer names no
    account, the accounts list says which of `account_ids` (None: any) is cooling down."""
    found = named_accounts(exc.accounts)
    if not found:
        try:
            listed = await client.accounts.list()
        except LateError as failure:
            log.info("could not list accounts to explain a cooldown: %r", failure)
            listed = []
        found = [c for c in cooling(listed) if account_ids is None or c.account_id in account_ids]
    prefix = f"{what} " if what else ""
    if not found:
        return LateError(
            f"{prefix}The API refused it with 429 and asked for no wait ({clause(exc.message)}): an account is "
            "likely in its publishing cooldown (accounts_list shows cooling_down_until).",
            hint=WHAT_TO_DO,
            request_id=exc.request_id,
        )
    return refused_for(found, zone, prefix, request_id=exc.request_id)


def refused_for(found: list[Cooling], zone: tzinfo, prefix: str = "", *, request_id: str | None = None) -> LateError:
    """Why the API refuses (or would refuse) a post or a retry to the accounts `found` cooling down: who, until
    when, what to do."""
    names = "; ".join(c.text(zone) for c in found)
    return LateError(
        f"{prefix}Late refuses posts to an account in its publishing cooldown (it follows failed or abusive posts): "
        f"{names}.",
        hint=WHAT_TO_DO,
        request_id=request_id,
    )
