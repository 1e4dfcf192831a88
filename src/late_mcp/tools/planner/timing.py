"""When each target of a post goes out, and the posts of a period as placements for the clash checks.

A target with its own `scheduledFor` (the API's per-platform time) goes out then, not at the post's time; a
published target counts at its `publishedAt`. Reading the posts of a period is one paged `GET /v1/posts` with a
day's margin each side, so a duplicate across the period's edge is seen too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ...models.accounts import Account
from ...models.posts import PlatformTarget, Post
from .clashes import LIVE, Placement

if TYPE_CHECKING:
    from ...client import LateClient

#: the posts of one period are read in at most this many pages of 100
MAX_PAGES = 10


@dataclass(frozen=True)
class Timed:
    """The targets of one post that go out at one time."""

    post: Post
    at: datetime  # UTC
    targets: tuple[PlatformTarget, ...]


def target_at(post: Post, target: PlatformTarget) -> datetime | None:
    """When this target goes out (or went out): its own time, else its publish time, else the post's."""
    if target.status == "published" and target.published_at is not None:
        return target.published_at
    return target.scheduled_for or post.scheduled_for


def timed(post: Post, *, platform: str | None = None, accounts: set[str] | None = None) -> list[Timed]:
    """The post's targets grouped by the time each goes out; only those of `platform` / `accounts` if given."""
    groups: dict[datetime, list[PlatformTarget]] = {}
    for target in post.platforms:
        if platform and target.platform != platform:
            continue
        if accounts is not None and target.account_id not in accounts:
            continue
        at = target_at(post, target)
        if at is not None:
            groups.setdefault(at, []).append(target)
    return [Timed(post, at, tuple(targets)) for at, targets in sorted(groups.items())]


def who(target: PlatformTarget, names: dict[str, str]) -> str:
    """'twitter@acmestudio': the platform and the account's handle, from the post or the accounts list."""
    name = target.account_username or names.get(target.account_id or "")
    return f"{target.platform}@{name.lstrip('@')}" if name else target.platform


def handles(accounts: list[Account]) -> dict[str, str]:
    return {a.id: a.username or a.display_name or "" for a in accounts}


def placements(items: list[Timed], names: dict[str, str]) -> list[Placement]:
    """The targets that go out (drafts, failed and cancelled ones do not) as placements for the clash checks."""
    found = []
    for item in items:
        if item.post.status not in LIVE:
            continue
        for target in item.targets:
            if target.status in ("failed", "cancelled"):
                continue
            text = target.own_text or item.post.content or ""
            found.append(Placement(target.account_id or "", who(target, names), item.at, text, item.post.id))
    return found


async def posts_between(
    client: LateClient,
    start: datetime,
    end: datetime,
    *,
    platform: str | None = None,
    profile_id: str | None = None,
) -> tuple[list[Post], bool]:
    """Posts dated from a day before `start` to a day after `end`, and whether there were more than we read."""
    first = (start - timedelta(days=1)).date().isoformat()
    last = (end + timedelta(days=1)).date().isoformat()
    found: list[Post] = []
    for page in range(1, MAX_PAGES + 1):
        batch = await client.posts.list(
            page=page, limit=100, platform=platform, profile_id=profile_id, date_from=first, date_to=last
        )
        found.extend(batch.posts)
        if page >= batch.pagination.pages or not batch.posts:
            return found, False
    return found, True
