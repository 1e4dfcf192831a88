"""Where a post goes: each platform or target resolved to exactly one connected account (never a guess), with
its own text, media and validated options where they differ from the shared ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import AmbiguousAccountError, InputError
from ...models.accounts import Account
from ...models.posts import MediaItem
from ...rules import parse_options
from .._args import check_id, platform_name
from ..accounts.connected import platform_name_or_none
from ..media_urls import as_sent, media_items
from .args import TargetIn

#: platformSpecificData keys that make one connection several targets (Late API docs, POST /v1/posts:
#: "Multi-page/multi-location posting")
SUB_TARGETS = ("pageId", "organizationUrn", "locationId", "subreddit")


@dataclass(frozen=True)
class Target:
    platform: str
    account: Account


@dataclass(frozen=True)
class Entry:
    """What one target gets: its account, and its own text/media/options where they differ."""

    platform: str
    account: Account
    content: str | None = None  # None: the shared content
    media: tuple[MediaItem, ...] | None = None  # None: the shared media
    options: dict[str, Any] = field(default_factory=dict)
    scheduled_for: str | None = None  # a UTC instant (when.target_times); None: the post's time


def _label(account: Account) -> str:
    who = f"@{account.username.lstrip('@')}" if account.username else account.display_name or "?"
    profile = f", profile {account.profile_name or account.profile_id}" if account.profile_id else ""
    return f"{account.id} ({account.platform} {who}{profile})"


def resolve_targets(
    accounts: Sequence[Account],
    *,
    platforms: Sequence[str],
    account_ids: Sequence[str] = (),
    profile_id: str | None = None,
) -> list[Target]:
    """Pick exactly one active account per requested platform, or explain why not.

    Explicit ids win; a platform with several candidates is an error listing them (never a guess).
    """
    chosen = _by_id(accounts, platforms, account_ids)
    covered = {t.platform for t in chosen}
    for platform in platforms:
        if platform not in covered:
            chosen.append(Target(platform, _only_account(accounts, platform, profile_id)))
            covered.add(platform)
    inactive = [t for t in chosen if not t.account.is_active or t.account.needs_reconnect]
    if inactive:
        raise InputError(
            f"{'; '.join(_label(t.account) for t in inactive)} needs reconnecting before it can post. "
            "Reconnect it at https://getlate.dev."
        )
    return chosen


def _by_id(accounts: Sequence[Account], platforms: Sequence[str], account_ids: Sequence[str]) -> list[Target]:
    by_id = {a.id: a for a in accounts}
    chosen: list[Target] = []
    for raw in account_ids:
        account = by_id.get(raw)
        if account is None:
            raise InputError(f"account_id {raw!r} is not one of your connected accounts. Call accounts_list.")
        chosen.append(Target(platform_name(account.platform), account))
    stray = [t for t in chosen if platforms and t.platform not in platforms]
    if stray:
        raise InputError(
            f"account_id {stray[0].account.id} is a {stray[0].platform} account, but the post targets "
            f"{', '.join(platforms)}. Pass an account of that platform (accounts_get), or target {stray[0].platform}."
        )
    return chosen


def _only_account(accounts: Sequence[Account], platform: str, profile_id: str | None) -> Account:
    candidates = [a for a in accounts if platform_name_or_none(a.platform) == platform]
    if profile_id:
        candidates = [a for a in candidates if a.profile_id == profile_id]
    if not candidates:
        connected = sorted({a.platform for a in accounts}) or ["none"]
        scope = f" in profile {profile_id}" if profile_id else ""
        raise InputError(
            f"No {platform} account is connected{scope}. Connected platforms: {', '.join(connected)}. "
            "Connect accounts at https://getlate.dev."
        )
    if len(candidates) > 1:
        raise AmbiguousAccountError(
            f"Several {platform} accounts are connected: {'; '.join(_label(a) for a in candidates)}. "
            "Ask the user which one, then pass its id as account_id(s)."
        )
    return candidates[0]


def target_options(platform: str, raw: dict[str, Any], *, title: str) -> dict[str, Any]:
    """Validated platformSpecificData; thread items may carry media_urls; YouTube gets the title."""
    data = dict(raw)
    items = data.get("threadItems", data.get("thread_items"))
    if isinstance(items, list):
        data.pop("thread_items", None)
        data["threadItems"] = [_thread_item(item) for item in items]
    options = parse_options(platform, data) if data else {}
    if title and platform == "youtube" and "title" not in options:
        # YouTube guide: the video title is platformSpecificData.title (else the first line of content).
        options["title"] = title
    return options


def _thread_item(item: Any) -> Any:
    if not (isinstance(item, dict) and "media_urls" in item):
        return item
    converted = {k: v for k, v in item.items() if k != "media_urls"}
    converted["mediaItems"] = as_sent(media_items(item["media_urls"]))
    return converted


def build_entries(
    accounts: list[Account],
    *,
    platforms: list[str],
    account_ids: list[str],
    profile_id: str | None,
    targets: list[TargetIn],
    options: dict[str, Any],
    title: str,
) -> list[Entry]:
    """Resolve every target to one account (never a guess) with its own text, media and options."""
    covered = {platform_name(t.platform) for t in targets}
    plain = resolve_targets(
        accounts,
        platforms=[p for p in platforms if p not in covered],
        account_ids=[a for a in account_ids if not any(a == t.account_id for t in targets)],
        profile_id=profile_id,
    )
    entries = [Entry(t.platform, t.account, options=target_options(t.platform, options, title=title)) for t in plain]
    entries += [_entry(accounts, spec, profile_id, title) for spec in targets]
    _each_once(entries)
    return entries


def _entry(accounts: list[Account], spec: TargetIn, profile_id: str | None, title: str) -> Entry:
    name = platform_name(spec.platform)
    ids = [check_id(spec.account_id, "account_id", list_tool="accounts_list")] if spec.account_id else []
    [resolved] = resolve_targets(accounts, platforms=[name], account_ids=ids, profile_id=profile_id)
    return Entry(
        name,
        resolved.account,
        content=spec.content or None,
        media=tuple(media_items(spec.media_urls)) if spec.media_urls else None,
        options=target_options(name, spec.options, title=title),
        scheduled_for=spec.scheduled_for or None,
    )


def _each_once(entries: list[Entry]) -> None:
    """One connection may post to several pages/organizations/locations/subreddits, never to one twice."""
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        where = next((str(entry.options[k]) for k in SUB_TARGETS if entry.options.get(k)), "")
        if (entry.account.id, where) in seen:
            raise InputError(
                f"{entry.platform} account {entry.account.id} is targeted twice{f' ({where})' if where else ''}: "
                "list each account once, or give each entry its own pageId/organizationUrn/locationId/subreddit."
            )
        seen.add((entry.account.id, where))
