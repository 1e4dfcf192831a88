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
from .._args import NeedsTool, blank, check_id, platform_name, text_list
from .._validation import closest
from ..accounts.connected import platform_name_or_none
from ..media_urls import as_sent, media_items
from .args import TargetIn

#: platformSpecificData keys that make one connection several targets (Late API docs, POST /v1/posts:
#: "Multi-page/multi-location posting")
SUB_TARGETS = ("pageId", "organizationUrn", "locationId", "subreddit")

#: the platforms whose title is platformSpecificData.title (the video's, the Pin's, the Reddit post's; each "defaults
#: to the first line of content"): the post's own `title` is "stored on the post for reference/display only"
#: (late-sdk Post.title), so a title asked for goes there too
TITLED = ("youtube", "pinterest", "reddit")


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
    tags: tuple[str, ...] = ()  # YouTube's tags, sent as the post's root `tags`
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

    Explicit ids win; every platform with several candidates is named in one error (never a guess).
    """
    chosen = [Target(platform_name(a.platform), a) for a in _by_id(accounts, account_ids)]
    _refuse_stray(chosen, platforms)
    covered = {t.platform for t in chosen}
    rest = [p for p in dict.fromkeys(platforms) if p not in covered]
    picked = _pick_each(accounts, rest, profile_id)
    chosen += [Target(p, picked[p]) for p in rest]
    _refuse_inactive([t.account for t in chosen])
    return chosen


def _by_id(accounts: Sequence[Account], account_ids: Sequence[str]) -> list[Account]:
    by_id = {a.id: a for a in accounts}
    unknown = [raw for raw in account_ids if raw not in by_id]
    if unknown:
        raise InputError(
            f"account_id {', '.join(map(repr, unknown))} {'is' if len(unknown) == 1 else 'are'} not one of your "
            "connected accounts. Call accounts_list."
        )
    return [by_id[raw] for raw in dict.fromkeys(account_ids)]


def _refuse_stray(chosen: Sequence[Target], platforms: Sequence[str]) -> None:
    stray = [t for t in chosen if platforms and t.platform not in platforms]
    if stray:
        raise InputError(
            f"account_id {stray[0].account.id} is a {stray[0].platform} account, but the post targets "
            f"{', '.join(platforms)}. Pass an account of that platform (accounts_get), or target {stray[0].platform}."
        )


def _pick_each(accounts: Sequence[Account], platforms: Sequence[str], profile_id: str | None) -> dict[str, Account]:
    """The one account of each platform; every platform without one, or with several, named in one error."""
    picked: dict[str, Account] = {}
    several: list[str] = []
    missing: list[str] = []
    for platform in platforms:
        candidates = [a for a in accounts if platform_name_or_none(a.platform) == platform]
        if profile_id:
            candidates = [a for a in candidates if a.profile_id == profile_id]
        if len(candidates) == 1:
            picked[platform] = candidates[0]
        elif candidates:
            several.append(f"{platform}: {'; '.join(_label(a) for a in candidates)}")
        else:
            missing.append(platform)
    problems = []
    if missing:
        connected = sorted({a.platform for a in accounts}) or ["none"]
        scope = f" in profile {profile_id}" if profile_id else ""
        problems.append(
            f"No {' or '.join(missing)} account is connected{scope}. Connected platforms: {', '.join(connected)}. "
            "Connect accounts at https://getlate.dev."
        )
    if several:
        problems.append(
            f"Several accounts are connected for {len(several)} platform{'s' if len(several) > 1 else ''}: "
            f"{'. '.join(several)}. Ask the user which one for each, then pass the ids as account_id(s)."
        )
    if several:
        raise AmbiguousAccountError(" ".join(problems))
    if problems:
        raise InputError(problems[0])
    return picked


def _refuse_inactive(accounts: Sequence[Account]) -> None:
    unique = {a.id: a for a in accounts}.values()
    inactive = [a for a in unique if not a.is_active or a.needs_reconnect]
    if inactive:
        raise NeedsTool(
            f"{'; '.join(_label(a) for a in inactive)} needs reconnecting before it can post",
            hint="Reconnect it in the Late dashboard (https://getlate.dev) or with a link from connect_start.",
            needs="connect_start",
            otherwise="Reconnect it in the Late dashboard (https://getlate.dev).",
        )


def youtube_tags(platform: str, raw: dict[str, Any]) -> tuple[str, ...]:
    """YouTube's tags given among its options: the API takes them as the post's root `tags` (POST /v1/posts:
    "Tags/keywords. YouTube constraints: ..."), and YouTubePlatformData has none."""
    tags = raw.get("tags")
    if platform != "youtube" or tags is None:
        return ()
    return tuple(text_list(tags, "youtube options.tags"))


def target_options(platform: str, raw: dict[str, Any], *, title: str) -> dict[str, Any]:
    """Validated platformSpecificData; a thread's items may be plain text or carry media_urls; YouTube, Pinterest
    and Reddit get the title (`TITLED`)."""
    data = {k: v for k, v in raw.items() if not (platform == "youtube" and k == "tags")}  # see youtube_tags
    items = data.pop("thread_items", data.get("threadItems"))
    if items is not None:
        if not isinstance(items, list):
            raise InputError("threadItems must be a list: ['first post', 'second post'] or [{content, media_urls}].")
        data["threadItems"] = [_thread_item(item, i) for i, item in enumerate(items)]
    options = parse_options(platform, data) if data else {}
    if title and platform in TITLED and "title" not in options:
        options["title"] = title
    return options


#: what a thread item may hold: our media_urls, or the API's own mediaItems
_ITEM_FIELDS = ("content", "media_urls", "mediaItems")


def _thread_item(item: Any, index: int) -> dict[str, Any]:
    """One thread item as the API takes it ({content, mediaItems}), from text or {content, media_urls}."""
    where = f"threadItems[{index}]"
    if isinstance(item, str):
        item = {"content": item}
    if not isinstance(item, dict):
        raise InputError(f"{where} must be text or {{content, media_urls}}, got {type(item).__name__}.")
    for key in item:
        if key not in _ITEM_FIELDS:
            guess = closest(key, _ITEM_FIELDS)
            raise InputError(
                f"{where}.{key} is not a field of a thread item{f': did you mean {guess}?' if guess else '.'} "
                "A thread item is {content, media_urls}."
            )
    converted: dict[str, Any] = {"content": item.get("content") or ""}
    if "media_urls" in item:
        converted["mediaItems"] = as_sent(media_items(item["media_urls"]))
    elif item.get("mediaItems"):
        converted["mediaItems"] = item["mediaItems"]
    if not isinstance(converted["content"], str):
        raise InputError(f"{where}.content must be text.")
    if blank(converted["content"]) and not converted.get("mediaItems"):
        raise InputError(f"{where} is empty (no visible text, no media): give it content or media_urls, or drop it.")
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
    """Resolve every target to one account (never a guess) with its own text, media and options.

    An id in `account_ids` whose platform has a target entry without an account is that entry's account (with
    several such ids, the entry goes to each of them); the other ids are accounts of the shared post.
    """
    given = _by_id(accounts, account_ids)
    specs = [(platform_name(t.platform), t) for t in targets]
    covered = {name for name, _ in specs}
    for_targets = [a for a in given if platform_name(a.platform) in covered]
    shared = [Target(platform_name(a.platform), a) for a in given if a not in for_targets]
    _refuse_stray(shared, platforms)
    plain = [p for p in dict.fromkeys(platforms) if p not in covered and p not in {t.platform for t in shared}]
    open_ = [name for name, spec in specs if not spec.account_id and name not in _platforms(for_targets)]
    picked = _pick_each(accounts, list(dict.fromkeys([*plain, *open_])), profile_id)
    chosen = shared + [Target(p, picked[p]) for p in plain]
    entries = [
        Entry(
            t.platform,
            t.account,
            options=target_options(t.platform, options, title=title),
            tags=youtube_tags(t.platform, options),
        )
        for t in chosen
    ]
    for name, spec in specs:
        for account in _accounts_for(accounts, name, spec, for_targets, picked):
            entries.append(_entry(name, account, spec, title))
    _refuse_inactive([e.account for e in entries])
    _refuse_other_profile([e.account for e in entries], profile_id)
    _each_once(entries)
    return entries


def _refuse_other_profile(accounts: Sequence[Account], profile_id: str | None) -> None:
    """profile_id uses only that profile's accounts (and, with use_queue, that profile's queue, which the API takes
    from the accounts' profile): an account named by id in another profile is a contradiction, refused, never
    settled by posting from the other profile or its queue."""
    other = {a.id: a for a in accounts if profile_id and a.profile_id and a.profile_id != profile_id}.values()
    if other:
        raise InputError(
            f"{'; '.join(_label(a) for a in other)} {'is' if len(other) == 1 else 'are'} not in profile {profile_id}, "
            "which profile_id names: a post uses that profile's accounts (and, with use_queue, its queue). Pass "
            "accounts of that profile (accounts_list), or leave profile_id out. Nothing was sent."
        )


def _platforms(accounts: Sequence[Account]) -> set[str]:
    return {platform_name(a.platform) for a in accounts}


def _accounts_for(
    accounts: Sequence[Account], name: str, spec: TargetIn, given: Sequence[Account], picked: dict[str, Account]
) -> list[Account]:
    """The account(s) one target entry posts with: its own account_id, the ids given for its platform, or the one
    connected account of that platform."""
    if spec.account_id:
        [account] = _by_id(accounts, [check_id(spec.account_id, "account_id", list_tool="accounts_list")])
        if platform_name(account.platform) != name:
            raise InputError(f"account_id {account.id} is a {account.platform} account, not a {name} one.")
        return [account]
    return [a for a in given if platform_name(a.platform) == name] or [picked[name]]


def _entry(name: str, account: Account, spec: TargetIn, title: str) -> Entry:
    if spec.content and blank(spec.content):
        raise InputError(f"targets ({name}).content has only invisible characters: give it text, or leave it out.")
    return Entry(
        name,
        account,
        content=spec.content or None,
        media=tuple(media_items(spec.media_urls)) if spec.media_urls else None,
        options=target_options(name, spec.options, title=title),
        tags=youtube_tags(name, spec.options),
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
