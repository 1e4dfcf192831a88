"""A post's platform entries: read from a request, where each one posts, and the text it publishes.

An entry is ``{platform, accountId, customContent?, customMedia?, platformSpecificData?}`` plus its publishing
state; the same account may stand in several entries only to post to different Pages, organizations, locations or
subreddits (the API docs, Posts, "Multi-page/multi-location posting").
"""

from __future__ import annotations

from typing import Any

from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.post_target import PLATFORMS, Target, check_media_items
from late_mcp.sandbox.store import Doc, Store
from late_mcp.sandbox.targets import location_ids, page_ids, target_key
from late_mcp.sandbox.validation import thread_items


def parse_platforms(store: Store, raw: Any, tiktok_settings: Any = None) -> list[Doc]:
    """Resolve ``platforms`` against the user's accounts: unknown, mismatched or inactive accounts are 400."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise bad_request("platforms must be an array of {platform, accountId}", field="platforms")
    entries: list[Doc] = []
    for index, item in enumerate(raw):
        where = f"platforms[{index}]"
        if not isinstance(item, dict):
            raise bad_request(f"{where} must be an object with platform and accountId", field=where)
        account_id = item.get("accountId")
        if isinstance(account_id, dict):  # a populated account object sent back as-is
            account_id = account_id.get("_id")
        if not isinstance(account_id, str) or not account_id:
            raise bad_request(
                f"{where}.accountId is required (list accounts with GET /v1/accounts)", field=f"{where}.accountId"
            )
        account = store.get("accounts", account_id)
        if account is None:
            raise bad_request(f"Account not found: {account_id}", field=f"{where}.accountId", accountId=account_id)
        platform = item.get("platform") or account["platform"]
        if platform not in PLATFORMS:
            raise bad_request(f"Unknown platform {platform!r}", field=f"{where}.platform", platform=platform)
        if platform != account["platform"]:
            raise bad_request(
                f"Account {account_id} is a {account['platform']} account, not {platform}",
                field=f"{where}.platform",
                accountId=account_id,
                platform=platform,
                accountPlatform=account["platform"],
            )
        if not account.get("isActive", True):
            raise bad_request(
                f"Account @{account['username']} ({platform}) is disconnected; reconnect it before posting",
                field=f"{where}.accountId",
                accountId=account_id,
                platform=platform,
            )
        custom = item.get("customContent")
        if custom is not None and not isinstance(custom, str):
            raise bad_request(f"{where}.customContent must be a string", field=f"{where}.customContent")
        custom_media = item.get("customMedia")
        if custom_media is not None:
            custom_media = check_media_items(custom_media, f"{where}.customMedia")
        specific = item.get("platformSpecificData")
        if specific is not None and not isinstance(specific, dict):
            raise bad_request(f"{where}.platformSpecificData must be an object", field=f"{where}.platformSpecificData")
        specific = dict(specific or {})
        own_time = item.get("scheduledFor")
        if own_time is not None and not isinstance(own_time, str):
            raise bad_request(f"{where}.scheduledFor must be an ISO 8601 string", field=f"{where}.scheduledFor")
        if platform == "tiktok" and isinstance(tiktok_settings, dict):
            # Root-level tiktokSettings merge into each TikTok target; per-platform values win (Posts reference).
            specific["tiktokSettings"] = {**tiktok_settings, **dict(specific.get("tiktokSettings") or {})}
        entries.append(
            {
                "platform": platform,
                "accountId": account_id,
                "status": "pending",
                "platformPostId": None,
                "platformPostUrl": None,
                "errorMessage": None,
                "publishedAt": None,
                "customContent": custom,
                "customMedia": custom_media,
                "platformSpecificData": specific,
                "scheduledFor": own_time or None,
            }
        )
    _check_repeats(store, entries)
    return entries


def entry_key(entry: Doc) -> tuple[str, str, str | None]:
    """What one platform entry posts to: the account, and the page/organization/location/subreddit if any."""
    specific = entry.get("platformSpecificData")
    key = target_key(str(entry["platform"]), specific if isinstance(specific, dict) else {})
    return str(entry["accountId"]), str(entry["platform"]), key


def resolved_key(store: Store, entry: Doc) -> tuple[str, str, str | None]:
    """:func:`entry_key` with an omitted Page or location read as the connection's selected one."""
    account_id, platform, where = entry_key(entry)
    return account_id, platform, where or default_target(store.get("accounts", account_id))


def default_target(account: Doc | None) -> str | None:
    """Where an entry without pageId / locationId posts: the connection's selected Page or location (Platform
    Settings, Facebook: "uses default page if omitted")."""
    if account is None:
        return None
    if account.get("platform") == "facebook":
        pages = page_ids(account)
        return str(account.get("selectedPageId") or (pages[0] if pages else "")) or None
    if account.get("platform") == "googlebusiness":
        locations = location_ids(account)
        return str(account.get("selectedLocationId") or (locations[0] if locations else "")) or None
    return None


def _check_repeats(store: Store, entries: list[Doc]) -> None:
    """The same account may appear more than once only to post to different Pages, organizations, locations or
    subreddits (Posts reference, "Multi-page/multi-location posting")."""
    seen: dict[tuple[str, str, str | None], int] = {}
    for index, entry in enumerate(entries):
        key = resolved_key(store, entry)
        if key in seen:
            account = store.get("accounts", key[0]) or {}
            where = f"platforms[{index}]"
            target = f" ({key[2]})" if key[2] else ""
            raise bad_request(
                f"Account @{account.get('username', key[0])} ({key[1]}) is listed twice for the same target{target}; "
                "repeat an account only with a different pageId, organizationUrn, locationId or subreddit",
                field=where,
                accountId=key[0],
                platform=key[1],
                duplicateOf=f"platforms[{seen[key]}]",
            )
        seen[key] = index


def target_of(post: Doc, entry: Doc) -> Target:
    custom = entry.get("customContent")
    content = custom if isinstance(custom, str) else str(post.get("content") or "")
    media = entry.get("customMedia") or post.get("mediaItems") or []
    return Target(
        str(entry["platform"]),
        str(entry["accountId"]),
        content,
        list(media),
        dict(entry.get("platformSpecificData") or {}),
    )


def posted_text(post: Doc, entry: Doc) -> str:
    """The text one target publishes: a thread's items joined, else customContent or the post's content."""
    target = target_of(post, entry)
    items = thread_or_none(target)
    if items is not None:
        return "\n".join(text for text, _ in items).strip()
    return target.content.strip()


def thread_or_none(target: Target) -> list[tuple[str, list[dict[str, Any]]]] | None:
    try:
        return thread_items(target)
    except ApiError:
        return None
