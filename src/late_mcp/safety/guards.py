"""Guard rails the person sets and the model cannot talk its way round: which accounts may be written to, whether
anything may go out right now, and how many posts a day.

Each refusal is raised before the write is sent, names the setting, and says how the person changes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..errors import LateError

DAY = timedelta(hours=24)

_NO_WAY_ROUND = "This is the person's own guard rail: do not look for a way round it; tell them."


class Refused(LateError):
    """A write the person's settings forbid; nothing was sent."""


@dataclass(frozen=True)
class Target:
    """One account a write touches, as far as it is known."""

    platform: str
    account_id: str
    username: str = ""


@dataclass(frozen=True)
class Guards:
    """The rails in force. `allow_accounts` holds ids and @usernames (empty: every account)."""

    allow_accounts: tuple[str, ...] = ()
    allow_publish_now: bool = True
    max_posts_per_day: int = 0

    @property
    def active(self) -> bool:
        return bool(self.allow_accounts) or not self.allow_publish_now or self.max_posts_per_day > 0

    def allowed(self, target: Target) -> bool:
        if not self.allow_accounts:
            return True
        names = {target.account_id.lower(), "@" + target.username.lower().lstrip("@")} - {"@"}
        return any(entry.lower() in names for entry in self.allow_accounts)

    def check_accounts(self, targets: Iterable[Target]) -> None:
        refused = [t for t in targets if not self.allowed(t)]
        if refused:
            which = ", ".join(f"{t.platform} {('@' + t.username.lstrip('@')) if t.username else t.account_id}"
                              for t in refused)  # fmt: skip
            raise Refused(
                f"Refused by LATE_ALLOW_ACCOUNTS: {which} is not among the accounts this server may write to "
                f"({', '.join(self.allow_accounts)}); nothing was sent.",
                hint=f"The person can add it to LATE_ALLOW_ACCOUNTS in the server's settings. {_NO_WAY_ROUND}",
            )

    def check_publish_now(self, instead: str = "Schedule it instead (scheduling still works)") -> None:
        """Refused when nothing may go out at once (a post published now, a failed one retried); `instead`: what
        schedules it."""
        if not self.allow_publish_now:
            raise Refused(
                "Refused by LATE_ALLOW_PUBLISH_NOW=false: nothing may be published immediately; nothing was sent.",
                hint=f"{instead}, or the person sets LATE_ALLOW_PUBLISH_NOW=true. {_NO_WAY_ROUND}",
            )

    def check_daily(self, made: Sequence[datetime], now: datetime) -> None:
        """`made`: when each create of the last 24 hours was made, oldest first."""
        if self.max_posts_per_day <= 0:
            return
        recent = [at for at in made if at > now - DAY]
        if len(recent) >= self.max_posts_per_day:
            next_at = recent[len(recent) - self.max_posts_per_day] + DAY
            raise Refused(
                f"Refused by LATE_MAX_POSTS_PER_DAY={self.max_posts_per_day}: {len(recent)} posts were created in "
                f"the last 24 hours; the next one is allowed at {next_at.isoformat(timespec='minutes')}. Nothing "
                "was sent.",
                hint=f"Wait until then, or the person raises LATE_MAX_POSTS_PER_DAY. {_NO_WAY_ROUND}",
            )

    def lines(self) -> list[str]:
        """The rails in force, one line each (doctor)."""
        lines = [
            f"LATE_ALLOW_ACCOUNTS: only {', '.join(self.allow_accounts)}" if self.allow_accounts else "",
            "LATE_ALLOW_PUBLISH_NOW=false: nothing goes out immediately" if not self.allow_publish_now else "",
            f"LATE_MAX_POSTS_PER_DAY={self.max_posts_per_day}" if self.max_posts_per_day > 0 else "",
        ]
        return [line for line in lines if line]
