"""The believable workspace a new sandbox starts with.

Two profiles (one default), accounts on nine platforms with two Twitter/X accounts in different profiles (so
account disambiguation is exercised), a Facebook page whose token has expired (publishing to it fails until it is
reconnected), and posts in every interesting state. Ids are deterministic so tests and docs can name them;
timestamps are relative to the sandbox clock at seeding time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from late_mcp.sandbox.clock import iso
from late_mcp.sandbox.entries import target_of
from late_mcp.sandbox.logs import record_connection_log, record_publish_log
from late_mcp.sandbox.publishing import platform_post, reconnect_message
from late_mcp.sandbox.store import Doc, Store


def oid(name: str) -> str:
    """A deterministic 24-hex id for a seeded object."""
    return hashlib.sha1(f"late-sandbox:{name}".encode(), usedforsecurity=False).hexdigest()[:24]


PROFILE_MAIN = oid("profile:acme")
PROFILE_PERSONAL = oid("profile:personal")
ACCOUNTS: dict[str, tuple[str, str, str, str]] = {
    # key: (profile, platform, username, displayName)
    "twitter": (PROFILE_MAIN, "twitter", "acmestudio", "Acme Studio"),
    "linkedin": (PROFILE_MAIN, "linkedin", "acme-studio", "Acme Studio"),
    "instagram": (PROFILE_MAIN, "instagram", "acme.studio", "Acme Studio"),
    "bluesky": (PROFILE_MAIN, "bluesky", "acmestudio.bsky.social", "Acme Studio"),
    "threads": (PROFILE_MAIN, "threads", "acme.studio", "Acme Studio"),
    "youtube": (PROFILE_MAIN, "youtube", "AcmeStudio", "Acme Studio"),
    "tiktok": (PROFILE_MAIN, "tiktok", "acmestudio", "Acme Studio"),
    "pinterest": (PROFILE_MAIN, "pinterest", "acmestudio", "Acme Studio"),
    "facebook": (PROFILE_MAIN, "facebook", "AcmeStudioHQ", "Acme Studio HQ"),
    "twitter_personal": (PROFILE_PERSONAL, "twitter", "janedoe_dev", "Jane Doe"),
    "bluesky_personal": (PROFILE_PERSONAL, "bluesky", "janedoe.bsky.social", "Jane Doe"),
    "linkedin_personal": (PROFILE_PERSONAL, "linkedin", "jane-doe", "Jane Doe"),
}
ACCOUNT_IDS = {key: oid(f"account:{key}") for key in ACCOUNTS}
NEEDS_RECONNECT = "facebook"
QUEUE_MAIN = oid("queue:acme")
PINTEREST_BOARD = "board-acme-inspiration"
# Where the seeded connections can post (see late_mcp.sandbox.targets): two Facebook Pages and two LinkedIn
# organizations behind one connection each (Posts reference, "Multi-page/multi-location posting"), three boards.
FACEBOOK_PAGES: list[Doc] = [
    {"id": "110234567890123", "name": "Acme Studio HQ", "username": "AcmeStudioHQ", "category": "Design studio"},
    {"id": "110234567890456", "name": "Acme Studio Events", "username": "AcmeStudioEvents", "category": "Event"},
]
LINKEDIN_ORGANIZATIONS: list[Doc] = [
    {
        "id": "90312345",
        "urn": "urn:li:organization:90312345",
        "name": "Acme Studio",
        "vanityName": "acme-studio",
        "localizedName": "Acme Studio",
    },
    {
        "id": "90398765",
        "urn": "urn:li:organization:90398765",
        "name": "Acme Labs",
        "vanityName": "acme-labs",
        "localizedName": "Acme Labs",
    },
]
PINTEREST_BOARDS: list[Doc] = [
    {
        "id": PINTEREST_BOARD,
        "name": "Inspiration",
        "description": "Warm minimal workspaces and studio moodboards",
        "privacy": "PUBLIC",
    },
    {"id": "board-acme-launches", "name": "Product launches", "description": "What we ship", "privacy": "PUBLIC"},
    {"id": "board-acme-drafts", "name": "Ideas", "description": "Not public yet", "privacy": "SECRET"},
]
CHOICES: dict[str, dict[str, list[Any]]] = {
    "facebook": {"pages": FACEBOOK_PAGES},
    "linkedin": {"organizations": LINKEDIN_ORGANIZATIONS},
    "linkedin_personal": {"organizations": []},
    "pinterest": {"boards": PINTEREST_BOARDS},
    "tiktok": {"privacyLevels": ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]},
}

_IMG = "https://cdn.example.com/acme/{}.jpg"
_VIDEO = "https://cdn.example.com/acme/{}.mp4"


def _account(key: str, now: datetime) -> Doc:
    from late_mcp.sandbox.accounts import PROFILE_URLS

    profile, platform, username, display = ACCOUNTS[key]
    broken = key == NEEDS_RECONNECT
    expires = now - timedelta(days=3) if broken else now + timedelta(days=55)
    followers = int(hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:6], 16) % 48000 + 120
    return {
        "_id": ACCOUNT_IDS[key],
        "platform": platform,
        "profileId": profile,
        "username": username,
        "displayName": display,
        "profileUrl": PROFILE_URLS[platform].format(u=username),
        "profilePicture": f"https://cdn.example.com/avatars/{platform}-{username}.png",
        "isActive": True,
        "tokenExpiresAt": iso(expires),
        "permissions": ["posts:write", "posts:read"],
        "followersCount": followers,
        "followersLastUpdated": iso(now - timedelta(hours=5)),
        "createdAt": iso(now - timedelta(days=40)),
        "__needsReconnect": broken,
        **({"__choices": CHOICES[key]} if key in CHOICES else {}),
    }


def _entry(key: str, **extra: Any) -> Doc:
    entry: Doc = {
        "platform": ACCOUNTS[key][1],
        "accountId": ACCOUNT_IDS[key],
        "status": "pending",
        "platformPostId": None,
        "platformPostUrl": None,
        "errorMessage": None,
        "publishedAt": None,
        "customContent": None,
        "customMedia": None,
        "platformSpecificData": {},
    }
    entry.update(extra)
    return entry


def _post(
    name: str,
    content: str,
    entries: list[Doc],
    *,
    status: str,
    created: datetime,
    scheduled: datetime | None = None,
    media: list[Doc] | None = None,
    title: str | None = None,
    tags: list[str] | None = None,
) -> Doc:
    return {
        "_id": oid(f"post:{name}"),
        "title": title,
        "content": content,
        "mediaItems": media or [],
        "platforms": entries,
        "scheduledFor": iso(scheduled),
        "timezone": "UTC",
        "status": status,
        "publishedAt": None,
        "isDraft": status == "draft",
        "queuedFromProfile": None,
        "queueId": None,
        "tags": tags or [],
        "hashtags": [],
        "mentions": [],
        "visibility": "public",
        "crosspostingEnabled": True,
        "metadata": {},
        "createdAt": iso(created),
        "updatedAt": iso(created),
        "__uploadCounted": status != "draft",
    }


def _finish(store: Store, post: Doc, when: datetime, failures: dict[str, str]) -> None:
    """Mark a seeded post's targets published or failed at ``when`` and write the matching logs."""
    accounts = {a["_id"]: a for a in store.all("accounts")}
    for index, entry in enumerate(post["platforms"]):
        account = accounts[entry["accountId"]]
        error = failures.get(entry["accountId"])
        if error is None:
            pid, url = platform_post(entry["platform"], account["username"], f"{post['_id']}:{index}:1")
            entry.update(
                {"status": "published", "platformPostId": pid, "platformPostUrl": url, "publishedAt": iso(when)}
            )
        else:
            entry.update(
                {
                    "status": "failed",
                    "errorMessage": error,
                    "__errorCode": "TOKEN_EXPIRED" if "Reconnect" in error else "RATE_LIMITED",
                    "__statusCode": 401 if "Reconnect" in error else 429,
                }
            )
        target = target_of(post, entry)
        log = record_publish_log(
            store, post, entry, account, action="publish", attempt=1, content=target.content, media=target.media
        )
        log["createdAt"] = iso(when)
        store.put("logs", log)
    post["__attempts"] = {str(i): 1 for i in range(len(post["platforms"]))}
    outcomes = [e["status"] for e in post["platforms"]]
    post["status"] = (
        "published"
        if all(s == "published" for s in outcomes)
        else "failed"
        if all(s == "failed" for s in outcomes)
        else "partial"
    )
    if post["status"] != "failed":
        post["publishedAt"] = iso(when)
    post["updatedAt"] = iso(when)


#: meta key set once the workspace is seeded, so reopening a data dir keeps what the user did with it
@dataclass(frozen=True)
class _Due:
    """A seeded scheduled post whose time has come: published, or failed on the accounts in ``failures``."""

    name: str
    accounts: list[str]
    #: (created, due) so many hours before now
    hours_ago: tuple[int, int]
    text: str
    failures: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


LAUNCH = "We just shipped Acme Studio 2.0 🚀 Faster exports, shared libraries and a brand-new editor."
HIRING = "We're hiring a product designer (remote, EU time zones)."
OPEN_DAY = "Studio open day this Saturday, 10:00-16:00. Coffee's on us."
WORKSHOPS = "Our autumn workshop series is open for registration."
TIP = "Tip: batch your captions on Monday, schedule on Tuesday, relax on Wednesday."


SEEDED = "seeded"


def seeded_store(data_dir: str | Path, *, reset: bool = False) -> Store:
    """Open the store in ``data_dir`` (see :meth:`Store.open`) with the demo workspace in it."""
    return ensure_seeded(Store.open(data_dir, reset=reset))


def ensure_seeded(store: Store) -> Store:
    """Seed a store that was never seeded (new, or wiped); one already seeded is left as the user left it."""
    if not store.meta_get(SEEDED, False):
        with store.transaction():
            seed_workspace(store)
            store.meta_set(SEEDED, True)
    return store


def seed_workspace(store: Store) -> None:
    """Write the demo workspace into ``store`` (callers use :func:`ensure_seeded`, which does it once)."""
    now = store.now().replace(microsecond=0)
    store.meta_set("user_id", oid("user"))
    store.meta_set("plan", "basic")
    store.meta_set("billing_period", "monthly")
    store.meta_set("signup_date", iso(now - timedelta(days=200)))
    store.meta_set("last_reset", iso(now.replace(day=1, hour=0, minute=0, second=0)))
    store.meta_set("analytics_addon", True)

    store.put(
        "profiles",
        {
            "_id": PROFILE_MAIN,
            "userId": oid("user"),
            "name": "Acme Studio",
            "description": "The studio's brand accounts",
            "color": "#4f46e5",
            "isDefault": True,
            "createdAt": iso(now - timedelta(days=60)),
        },
    )
    store.put(
        "profiles",
        {
            "_id": PROFILE_PERSONAL,
            "userId": oid("user"),
            "name": "Jane Doe (personal)",
            "description": "Founder's own accounts",
            "color": "#f59e0b",
            "isDefault": False,
            "createdAt": iso(now - timedelta(days=45)),
        },
    )
    for key in ACCOUNTS:
        account = _account(key, now)
        store.put("accounts", account)
        log = record_connection_log(store, account, "connect_success")
        log["createdAt"] = iso(now - timedelta(days=6, hours=len(key)))
        store.put("connection_logs", log)
    facebook = store.get("accounts", ACCOUNT_IDS[NEEDS_RECONNECT])
    if facebook is not None:
        log = record_connection_log(
            store,
            facebook,
            "reconnect_failed",
            error="The user has not authorized the application or the session expired",
        )
        log["createdAt"] = iso(now - timedelta(days=2))
        store.put("connection_logs", log)

    store.put(
        "queues",
        {
            "_id": QUEUE_MAIN,
            "profileId": PROFILE_MAIN,
            "name": "Weekday mornings",
            "timezone": "America/New_York",
            "slots": [{"dayOfWeek": d, "time": "09:00"} for d in (1, 2, 3, 4, 5)]
            + [{"dayOfWeek": d, "time": "15:30"} for d in (2, 4)],
            "active": True,
            "isDefault": True,
            "createdAt": iso(now - timedelta(days=30)),
            "updatedAt": iso(now - timedelta(days=30)),
        },
    )

    posts: list[Doc] = [
        _post(
            "draft-newsletter",
            "Draft: three lessons from shipping our design system in public. "
            "(add the case-study link before scheduling)",
            [_entry("linkedin")],
            status="draft",
            created=now - timedelta(days=2),
        ),
        _post(
            "draft-reel",
            "Behind the scenes at the studio ✨",
            [_entry("instagram")],
            status="draft",
            created=now - timedelta(hours=20),
        ),
        _post("draft-personal", "", [_entry("twitter_personal")], status="draft", created=now - timedelta(hours=3)),
        _post(
            "scheduled-webinar",
            "Join our live demo on Thursday: building a content calendar in 15 minutes. Free, no signup wall. 🗓️",
            [_entry("twitter"), _entry("linkedin")],
            status="scheduled",
            created=now - timedelta(hours=6),
            scheduled=now + timedelta(days=1),
        ),
        _post(
            "scheduled-pin",
            "Moodboard: warm minimal workspaces",
            [_entry("pinterest", platformSpecificData={"boardId": PINTEREST_BOARD})],
            status="scheduled",
            created=now - timedelta(hours=5),
            scheduled=now + timedelta(days=2, hours=3),
            media=[{"type": "image", "url": _IMG.format("moodboard")}],
        ),
        _post(
            "scheduled-personal",
            "Writing up what a year of building in public taught me. Thread next week.",
            [_entry("bluesky_personal")],
            status="scheduled",
            created=now - timedelta(hours=2),
            scheduled=now + timedelta(days=3, hours=1),
        ),
        _post(
            "scheduled-youtube",
            "How we plan a month of content in one afternoon.",
            [_entry("youtube")],
            status="scheduled",
            created=now - timedelta(hours=1),
            scheduled=now + timedelta(days=4),
            media=[{"type": "video", "url": _VIDEO.format("plan")}],
            title="Plan a month of content in one afternoon",
            tags=["content", "planning"],
        ),
    ]
    expired = {ACCOUNT_IDS["facebook"]: reconnect_message("facebook")}
    rate_limited = {ACCOUNT_IDS["twitter"]: "X API rate limit exceeded (429 Too Many Requests). Retry later."}
    # Scheduled posts whose time has come: created and due so many hours ago, failed on the accounts in `failures`.
    golden = {"media": [{"type": "image", "url": _IMG.format("golden-hour")}]}
    done = [
        _Due("published-launch", ["twitter", "bluesky", "threads"], (72, 48), text=LAUNCH),
        _Due("published-photo", ["instagram"], (48, 24), text="Golden hour at the new studio.", extra=golden),
        _Due("published-hiring", ["linkedin", "twitter_personal"], (120, 96), text=HIRING),
        _Due("partial-event", ["twitter", "facebook"], (26, 26), text=OPEN_DAY, failures=expired),
        _Due("failed-facebook", ["facebook"], (9, 6), text=WORKSHOPS, failures=expired),
        _Due("failed-ratelimit", ["twitter"], (4, 3), text=TIP, failures=rate_limited),
    ]
    for due in done:
        created, late = (timedelta(hours=h) for h in due.hours_ago)
        entries = [_entry(key) for key in due.accounts]
        post = _post(
            due.name, due.text, entries, status="scheduled", created=now - created, scheduled=now - late, **due.extra
        )
        _finish(store, post, now - late, due.failures)
        posts.append(post)

    for post in posts:
        store.put("posts", post)
    store.meta_set("uploads_used", sum(1 for p in posts if p.get("__uploadCounted")))
