"""Posts: create, update, delete, retry, the simulated publish, and the lazy publish clock.

Stored posts are the API's Post JSON with the account ids unpopulated and a few internal ``__`` keys (upload
quota accounting, attempt counters). Every function here runs inside ``store.transaction()``.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime, timedelta
from typing import Any

from late_mcp.sandbox import plans
from late_mcp.sandbox.accounts import account_ref, needs_reconnect, public
from late_mcp.sandbox.clock import get_zone, iso, localize, parse_instant
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.logs import record_publish_log
from late_mcp.sandbox.queues import find_queue, upcoming
from late_mcp.sandbox.store import Doc, Store
from late_mcp.sandbox.targets import location_ids, page_ids, target_key
from late_mcp.sandbox.validation import PLATFORMS, Target, check_media_items, thread_items, validate_target

STATUSES = ("draft", "scheduled", "publishing", "published", "failed", "partial", "cancelled")
EDITABLE = ("draft", "scheduled", "failed", "partial")
RETRYABLE = ("failed", "partial")
# Statuses that count for the 24 h duplicate-content check; drafts never do, and a failed post is not "posted".
_DUPLICATE_STATUSES = ("scheduled", "publishing", "published", "partial")
_SCHEDULE_MODES = ("isDraft", "publishNow", "scheduledFor", "queuedFromProfile")


# rendering ------------------------------------------------------------------------------------------------


def render_post(store: Store, post: Doc) -> Doc:
    out = public(post)
    out["platforms"] = []
    for entry in post.get("platforms", []):
        shown = {key: value for key, value in entry.items() if not key.startswith("__")}
        shown["accountId"] = account_ref(store, str(entry["accountId"]))
        out["platforms"].append(shown)
    return out


def get_post(store: Store, post_id: str) -> Doc:
    post = store.get("posts", post_id)
    if post is None:
        raise ApiError(404, "Not found")
    return post


# request parsing ------------------------------------------------------------------------------------------


def _opt_str(body: Doc, field: str) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request(f"{field} must be a string", field=field)
    return value


def _str_list(body: Doc, field: str) -> list[str]:
    value = body.get(field)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad_request(f"{field} must be an array of strings", field=field)
    return list(value)


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
        if platform == "tiktok" and isinstance(tiktok_settings, dict):
            # Root-level tiktokSettings merge into each TikTok target; per-platform values win (seed 001).
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
    subreddits (seed 001, "Multi-page/multi-location posting")."""
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


def validate_post(store: Store, post: Doc, *, draft: bool) -> None:
    if not draft and not post["platforms"]:
        raise bad_request("At least one platform is required (platforms: [{platform, accountId}])", field="platforms")
    for index, entry in enumerate(post["platforms"]):
        try:
            validate_target(
                target_of(post, entry),
                title=post.get("title"),
                tags=list(post.get("tags") or []),
                draft=draft,
                account=store.get("accounts", str(entry["accountId"])),
            )
        except ApiError as exc:
            if exc.details is not None and len(post["platforms"]) > 1:
                exc.details.setdefault("accountId", entry["accountId"])
                exc.details.setdefault("index", index)
            raise


def _schedule_time(store: Store, raw: str, zone_name: str) -> datetime:
    try:
        when = localize(raw, zone_name)
    except ValueError:
        raise bad_request(f"scheduledFor is not a valid ISO 8601 date-time: {raw!r}", field="scheduledFor") from None
    now = store.now()
    if when <= now:
        raise bad_request(
            "scheduledFor is in the past; choose a future time or set publishNow: true",
            field="scheduledFor",
            scheduledFor=iso(when),
            now=iso(now),
        )
    return when


def _timezone(body: Doc, default: str = "UTC") -> str:
    zone = body.get("timezone")
    if zone is None or zone == "":
        return default
    if not isinstance(zone, str):
        raise bad_request("timezone must be an IANA name such as Europe/Berlin", field="timezone")
    try:
        get_zone(zone)
    except ValueError:
        raise bad_request(
            f"Unknown timezone {zone!r}; use an IANA name such as Europe/Berlin", field="timezone"
        ) from None
    return zone


def _posted_text(post: Doc, entry: Doc) -> str:
    """The text one target publishes: a thread's items joined, else customContent or the post's content."""
    target = target_of(post, entry)
    items = _thread_or_none(target)
    if items is not None:
        return "\n".join(text for text, _ in items).strip()
    return target.content.strip()


def _thread_or_none(target: Target) -> list[tuple[str, list[dict[str, Any]]]] | None:
    try:
        return thread_items(target)
    except ApiError:
        return None


def check_duplicates(store: Store, post: Doc) -> None:
    """409 when the same text went to the same account (and the same Page, organization, location or subreddit)
    within 24 h (drafts and failed posts don't count)."""
    cutoff = store.now() - timedelta(hours=24)
    for entry in post["platforms"]:
        text = _posted_text(post, entry)
        if not text:
            continue
        for other in store.all("posts"):
            if other["_id"] == post["_id"] or other.get("status") not in _DUPLICATE_STATUSES:
                continue
            if parse_instant(str(other["createdAt"])) < cutoff:
                continue
            for other_entry in other.get("platforms", []):
                if resolved_key(store, other_entry) != resolved_key(store, entry):
                    continue
                if _posted_text(other, other_entry) == text:
                    raise ApiError(
                        409,
                        "This exact content was already posted to this account within the last 24 hours.",
                        {
                            "accountId": entry["accountId"],
                            "platform": entry["platform"],
                            "existingPostId": other["_id"],
                        },
                    )


def _count_upload(store: Store, post: Doc) -> None:
    """Each non-draft post uses one upload from the plan's allowance (seed 004, "What's Tracked")."""
    if post.get("__uploadCounted"):
        return
    plans.check_upload_allowed(store)
    plans.set_uploads_used(store, plans.uploads_used(store) + 1)
    post["__uploadCounted"] = True


# publishing -----------------------------------------------------------------------------------------------


def _digits(seed: str, length: int) -> str:
    number = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return str(number)[:length]


def _code(seed: str, length: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    number = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    chars = []
    for _ in range(length):
        number, rest = divmod(number, len(alphabet))
        chars.append(alphabet[rest])
    return "".join(chars)


def platform_post(platform: str, username: str, seed: str, target: str | None = None) -> tuple[str, str]:
    """A believable (platformPostId, platformPostUrl) pair, deterministic in ``seed``; ``target`` is the Page,
    organization, location or subreddit the entry posts to, when it names one."""
    user = username.lstrip("@")
    if platform == "twitter":
        pid = "18" + _digits(seed, 17)
        return pid, f"https://x.com/{user}/status/{pid}"
    if platform == "linkedin":
        pid = "urn:li:share:7" + _digits(seed, 18)
        return pid, f"https://www.linkedin.com/feed/update/{pid}/"
    if platform == "instagram":
        code = _code(seed, 11)
        return "179" + _digits(seed, 14), f"https://www.instagram.com/p/{code}/"
    if platform == "threads":
        code = _code(seed, 11)
        return "184" + _digits(seed, 14), f"https://www.threads.net/@{user}/post/{code}"
    if platform == "bluesky":
        rkey = _code(seed, 13).lower().replace("_", "2").replace("-", "3")
        return f"at://did:plc:{_code(seed + 'did', 24).lower()}/app.bsky.feed.post/{rkey}", (
            f"https://bsky.app/profile/{user}/post/{rkey}"
        )
    if platform == "youtube":
        vid = _code(seed, 11)
        return vid, f"https://www.youtube.com/watch?v={vid}"
    if platform == "tiktok":
        pid = "73" + _digits(seed, 17)
        return pid, f"https://www.tiktok.com/@{user}/video/{pid}"
    if platform == "pinterest":
        pid = "10" + _digits(seed, 16)
        return pid, f"https://www.pinterest.com/pin/{pid}/"
    if platform == "facebook":
        pid = (target or _digits(seed, 15)) + "_" + _digits(seed + "p", 16)
        return pid, f"https://www.facebook.com/{pid.replace('_', '/posts/')}"
    if platform == "reddit":
        pid = _code(seed, 7).lower().replace("_", "x").replace("-", "y")
        return f"t3_{pid}", f"https://www.reddit.com/r/{target or 'u_' + user}/comments/{pid}/"
    pid = _digits(seed, 16)
    return pid, f"https://{platform}.example/{user}/{pid}"


def reconnect_message(platform: str) -> str:
    names = {
        "twitter": "X",
        "facebook": "Facebook",
        "tiktok": "TikTok",
        "instagram": "Instagram",
        "linkedin": "LinkedIn",
        "youtube": "YouTube",
    }
    name = names.get(platform, platform.capitalize())
    return f"{name} access token expired or was revoked. Reconnect the account in Late, then retry this post."


def publish(store: Store, post: Doc, *, action: str) -> None:
    """Simulate publishing every not-yet-published target; record a log per attempt and set the post status.

    A target fails when its account needs reconnection (or was disconnected or deleted after the post was
    created); otherwise it is published with a deterministic platformPostId and platformPostUrl.
    """
    now = store.now()
    attempts: dict[str, int] = post.setdefault("__attempts", {})
    for index, entry in enumerate(post["platforms"]):
        if entry.get("status") == "published":
            continue
        account = store.get("accounts", str(entry["accountId"]))
        attempt = attempts.get(str(index), 0) + 1
        attempts[str(index)] = attempt
        target = target_of(post, entry)
        items = _thread_or_none(target)
        sent_text, sent_media = (items[0][0], items[0][1]) if items else (target.content, target.media)
        entry.pop("threadPosts", None)
        if account is None or not account.get("isActive", True) or needs_reconnect(account):
            entry.update(
                {
                    "status": "failed",
                    "errorMessage": reconnect_message(str(entry["platform"])),
                    "platformPostId": None,
                    "platformPostUrl": None,
                    "publishedAt": None,
                    "__errorCode": "TOKEN_EXPIRED",
                    "__statusCode": 401,
                }
            )
        else:
            platform = str(entry["platform"])
            where = entry_key(entry)[2] or default_target(account)
            seed = f"{post['_id']}:{index}:{attempt}"
            pid, url = platform_post(platform, str(account["username"]), seed, where)
            entry.update(
                {
                    "status": "published",
                    "platformPostId": pid,
                    "platformPostUrl": url,
                    "publishedAt": iso(now),
                    "errorMessage": None,
                }
            )
            if items is not None:
                # A thread publishes as the root post and its replies, in order (Platform Settings, Threads:
                # "Sequence of posts (root then replies in order)"); the entry's id and URL are the root's.
                thread = [{"index": 0, "platformPostId": pid, "platformPostUrl": url}]
                for number in range(1, len(items)):
                    reply_id, reply_url = platform_post(platform, str(account["username"]), f"{seed}:{number}", where)
                    thread.append({"index": number, "platformPostId": reply_id, "platformPostUrl": reply_url})
                entry["threadPosts"] = thread
            entry.pop("__errorCode", None)
            entry.pop("__statusCode", None)
        record_publish_log(
            store, post, entry, account, action=action, attempt=attempt, content=sent_text, media=sent_media
        )
    outcomes = [entry["status"] for entry in post["platforms"]]
    if outcomes and all(s == "published" for s in outcomes):
        post["status"] = "published"
    elif any(s == "published" for s in outcomes):
        post["status"] = "partial"
    else:
        post["status"] = "failed"
    if post["status"] in ("published", "partial"):
        post["publishedAt"] = iso(now)
    post["isDraft"] = False
    post["updatedAt"] = iso(now)


def process_due(store: Store) -> int:
    """Publish every scheduled post whose time has come (oldest first); returns how many were processed."""
    with store.transaction():
        now = store.now()
        due = [
            p
            for p in store.all("posts")
            if p.get("status") == "scheduled" and p.get("scheduledFor") and parse_instant(str(p["scheduledFor"])) <= now
        ]
        due.sort(key=lambda p: str(p["scheduledFor"]))
        for post in due:
            publish(store, post, action="publish")
            store.put("posts", post)
    return len(due)


def _outcome(post: Doc, verb: str) -> tuple[int, str]:
    status = post["status"]
    if status == "published":
        return 200, "Post published successfully"
    if status == "partial":
        return 207, "Post published to some platforms; others failed"
    return 200, f"Post failed to publish on every platform ({verb})"


# operations -----------------------------------------------------------------------------------------------


def create_post(store: Store, body: Doc) -> tuple[int, str, Doc]:
    """POST /v1/posts. Returns (status code, message, stored post)."""
    flags = {
        "isDraft": body.get("isDraft") is True,
        "publishNow": body.get("publishNow") is True,
        "scheduledFor": bool(body.get("scheduledFor")),
        "queuedFromProfile": bool(body.get("queuedFromProfile")),
    }
    chosen = [name for name in _SCHEDULE_MODES if flags[name]]
    if not chosen:
        raise bad_request(
            "Say when to post: set exactly one of isDraft, publishNow, scheduledFor or queuedFromProfile",
            field="scheduledFor",
        )
    if len(chosen) > 1:
        raise bad_request(
            f"Choose only one of isDraft, publishNow, scheduledFor, queuedFromProfile (got {', '.join(chosen)})",
            conflicting=chosen,
        )
    mode = chosen[0]
    now = store.now()
    zone = _timezone(body)
    title = _opt_str(body, "title")
    content = _opt_str(body, "content")
    post: Doc = {
        "_id": store.new_id(),
        "title": title,
        "content": content or "",
        "mediaItems": check_media_items(body.get("mediaItems"), "mediaItems"),
        "platforms": parse_platforms(store, body.get("platforms"), body.get("tiktokSettings")),
        "scheduledFor": None,
        "timezone": zone,
        "status": "draft",
        "publishedAt": None,
        "isDraft": mode == "isDraft",
        "queuedFromProfile": None,
        "queueId": None,
        "tags": _str_list(body, "tags"),
        "hashtags": _str_list(body, "hashtags"),
        "mentions": _str_list(body, "mentions"),
        "visibility": body.get("visibility") or "public",
        "crosspostingEnabled": body.get("crosspostingEnabled", True) is not False,
        "metadata": body.get("metadata") if isinstance(body.get("metadata"), dict) else {},
        "createdAt": iso(now),
        "updatedAt": iso(now),
    }
    if mode == "scheduledFor":
        raw = body["scheduledFor"]
        if not isinstance(raw, str):
            raise bad_request("scheduledFor must be an ISO 8601 string", field="scheduledFor")
        post["scheduledFor"] = iso(_schedule_time(store, raw, zone))
        post["status"] = "scheduled"
    elif mode == "queuedFromProfile":
        profile_id = str(body["queuedFromProfile"])
        if store.get("profiles", profile_id) is None:
            raise bad_request(f"Profile not found: {profile_id}", field="queuedFromProfile")
        queue_id = body.get("queueId")
        queue = find_queue(store, profile_id, str(queue_id) if queue_id else None)
        if queue is None:
            raise bad_request(
                "This profile has no queue; create one with PUT /v1/queue/slots",
                field="queueId" if queue_id else "queuedFromProfile",
            )
        if not queue.get("active", True):
            raise bad_request(f"Queue {queue['name']!r} is not active", field="queueId")
        slots = upcoming(store, queue, 1)
        if not slots:
            raise bad_request(f"Queue {queue['name']!r} has no free slot", field="queueId")
        post.update(
            {
                "scheduledFor": iso(slots[0]),
                "timezone": queue["timezone"],
                "status": "scheduled",
                "queuedFromProfile": profile_id,
                "queueId": queue["_id"],
            }
        )
    draft = mode == "isDraft"
    validate_post(store, post, draft=draft)
    if not draft:
        check_duplicates(store, post)
        _count_upload(store, post)
    if mode == "publishNow":
        publish(store, post, action="publish")
        code, message = _outcome(post, "publish")
        code = 207 if code == 207 else 201
    elif draft:
        code, message = 201, "Draft saved successfully"
    else:
        code, message = 201, "Post scheduled successfully"
    store.put("posts", post)
    return code, message, post


def update_post(store: Store, post: Doc, body: Doc) -> tuple[int, str, Doc]:
    """PUT /v1/posts/{id}: only draft, scheduled, failed and partial posts can be edited (seed 001)."""
    status = str(post["status"])
    if status not in EDITABLE:
        raise bad_request(
            f"Only draft, scheduled, failed and partial posts can be edited; this post is {status}", status=status
        )
    new = copy.deepcopy(post)
    for field in ("title", "content"):
        if field in body:
            new[field] = _opt_str(body, field) or ("" if field == "content" else None)
    for field in ("tags", "hashtags", "mentions"):
        if field in body:
            new[field] = _str_list(body, field)
    if "visibility" in body:
        new["visibility"] = body["visibility"]
    if isinstance(body.get("metadata"), dict):
        new["metadata"] = body["metadata"]
    if "timezone" in body:
        new["timezone"] = _timezone(body)
    if "mediaItems" in body:
        new["mediaItems"] = check_media_items(body["mediaItems"], "mediaItems")
    if "platforms" in body:
        fresh = parse_platforms(store, body["platforms"], body.get("tiktokSettings"))
        published = {entry_key(e): e for e in post["platforms"] if e["status"] == "published"}
        new["platforms"] = [published.get(entry_key(e), e) for e in fresh]

    publish_now = body.get("publishNow") is True
    scheduled_raw = body.get("scheduledFor")
    draft_flag = body.get("isDraft")
    if sum([publish_now, bool(scheduled_raw), draft_flag is True]) > 1:
        raise bad_request("Choose only one of isDraft, publishNow, scheduledFor")
    if publish_now:
        target_status = "publish"
    elif scheduled_raw:
        if not isinstance(scheduled_raw, str):
            raise bad_request("scheduledFor must be an ISO 8601 string", field="scheduledFor")
        new["scheduledFor"] = iso(_schedule_time(store, scheduled_raw, str(new["timezone"])))
        target_status = "scheduled"
    elif draft_flag is True:
        target_status = "draft"
    elif draft_flag is False and status == "draft":
        when = new.get("scheduledFor")
        if not when or parse_instant(str(when)) <= store.now():
            raise bad_request(
                "Give a future scheduledFor (or publishNow: true) to turn a draft into a post", field="scheduledFor"
            )
        target_status = "scheduled"
    else:
        target_status = status
    if target_status in ("scheduled", "publish"):
        # A failed target gets another chance when the post is rescheduled or published again.
        for entry in new["platforms"]:
            if entry["status"] != "published":
                entry.update({"status": "pending", "errorMessage": None})
    draft = target_status == "draft"
    validate_post(store, new, draft=draft)
    if not draft:
        check_duplicates(store, new)
        _count_upload(store, new)
    new["updatedAt"] = iso(store.now())
    code, message = 200, "Post updated successfully"
    if target_status == "publish":
        publish(store, new, action="publish")
        code, message = _outcome(new, "publish")
    else:
        new["status"] = target_status
        new["isDraft"] = draft
    store.put("posts", new)
    return code, message, new


def delete_post(store: Store, post: Doc) -> None:
    """Published posts cannot be deleted; a scheduled post's upload is refunded (seed 001)."""
    if post["status"] == "published":
        raise bad_request("Published posts cannot be deleted", status="published")
    if post.get("__uploadCounted") and post["status"] in ("scheduled", "draft"):
        plans.set_uploads_used(store, plans.uploads_used(store) - 1)
    store.delete("posts", str(post["_id"]))


def retry_post(store: Store, post: Doc) -> tuple[int, str, Doc]:
    """Only failed or partial posts can be retried; 409 while one is publishing (seed 002)."""
    status = str(post["status"])
    if status == "publishing":
        raise ApiError(409, "Post is currently publishing", {"status": status})
    if status not in RETRYABLE:
        raise bad_request(f"Only failed or partial posts can be retried; this post is {status}", status=status)
    publish(store, post, action="retry")
    store.put("posts", post)
    code, message = _outcome(post, "retry")
    return code, message, post


def effective_date(post: Doc) -> str:
    return str(post.get("scheduledFor") or post.get("publishedAt") or post.get("createdAt"))


def list_posts(store: Store, query: dict[str, str]) -> Doc:
    page = int_param(query, "page", 1, minimum=1)
    limit = int_param(query, "limit", 10, minimum=1, maximum=100)
    status = query.get("status")
    if status and status not in STATUSES:
        raise bad_request(f"status must be one of {', '.join(STATUSES)}", field="status")
    platform = query.get("platform")
    profile_id = query.get("profileId")
    date_from = _date_param(query, "dateFrom")
    date_to = _date_param(query, "dateTo")
    profile_accounts = {a["_id"] for a in store.all("accounts") if a["profileId"] == profile_id}
    selected: list[Doc] = []
    for post in store.all("posts"):
        if status and post["status"] != status:
            continue
        if platform and platform != "all" and all(e["platform"] != platform for e in post["platforms"]):
            continue
        if (
            profile_id
            and profile_id != "all"
            and post.get("queuedFromProfile") != profile_id
            and all(e["accountId"] not in profile_accounts for e in post["platforms"])
        ):
            continue
        when = parse_instant(effective_date(post))
        if date_from and when < date_from:
            continue
        if date_to and when >= date_to + timedelta(days=1):
            continue
        selected.append(post)
    selected.sort(key=lambda p: (effective_date(p), str(p["createdAt"]), str(p["_id"])), reverse=True)
    total = len(selected)
    window = selected[(page - 1) * limit : page * limit]
    return {
        "posts": [render_post(store, post) for post in window],
        "pagination": {"page": page, "limit": limit, "total": total, "pages": -(-total // limit)},
    }


def int_param(query: dict[str, str], name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"{name} must be an integer", field=name) from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise bad_request(f"{name} must be {bound}", field=name)
    return value


def _date_param(query: dict[str, str], name: str) -> datetime | None:
    raw = query.get(name)
    if not raw:
        return None
    try:
        return localize(raw[:10] if len(raw) >= 10 and "T" not in raw else raw, "UTC")
    except ValueError:
        raise bad_request(f"{name} must be a date (YYYY-MM-DD)", field=name) from None
