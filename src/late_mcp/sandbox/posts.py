"""Posts: create, update, delete, retry and list, with the checks a write must pass (the simulated publish is
in :mod:`late_mcp.sandbox.publishing`, a post's platform entries in :mod:`late_mcp.sandbox.entries`).

Stored posts are the API's Post JSON with the account ids unpopulated and a few internal ``__`` keys (upload
quota accounting, attempt counters). Every function here runs inside ``store.transaction()``.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from late_mcp.sandbox import plans
from late_mcp.sandbox.accounts import account_ref, public
from late_mcp.sandbox.clock import get_zone, iso, localize, parse_instant
from late_mcp.sandbox.entries import entry_key, parse_platforms, posted_text, resolved_key, target_of
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.params import date_param, int_param, opt_str, str_list
from late_mcp.sandbox.post_target import check_media_items
from late_mcp.sandbox.publishing import outcome, publish
from late_mcp.sandbox.queues import find_queue, upcoming
from late_mcp.sandbox.store import Doc, Store
from late_mcp.sandbox.validation import validate_target

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


# checks ---------------------------------------------------------------------------------------------------


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


def recycling_of(raw: Any, entries: list[Doc]) -> Doc:
    """A RecyclingConfig checked as the API docs give it, stored as its RecyclingState (counters at zero)."""
    if not isinstance(raw, dict):
        raise bad_request("recycling must be an object", field="recycling")
    enabled = raw.get("enabled", True) is not False
    gap = raw.get("gap")
    if enabled and (isinstance(gap, bool) or not isinstance(gap, int) or gap < 1):
        raise bad_request(
            "recycling.gap is required when enabling recycling (an integer, at least 1)", field="recycling.gap"
        )
    freq = raw.get("gapFreq", "month")
    if freq not in ("week", "month"):
        raise bad_request("recycling.gapFreq must be week or month", field="recycling.gapFreq")
    count = raw.get("expireCount")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise bad_request("recycling.expireCount must be an integer, at least 1", field="recycling.expireCount")
    expires = raw.get("expireDate")
    if expires is not None:
        try:
            expires = iso(parse_instant(str(expires)))
        except ValueError:
            raise bad_request(
                "recycling.expireDate must be an ISO 8601 date-time", field="recycling.expireDate"
            ) from None
    variations = raw.get("contentVariations") or []
    if not isinstance(variations, list) or not all(isinstance(v, str) for v in variations):
        raise bad_request("recycling.contentVariations must be a list of strings", field="recycling.contentVariations")
    if len(variations) == 1 or len(variations) > 20:
        raise bad_request("recycling.contentVariations takes 2 to 20 texts", field="recycling.contentVariations")
    excluded = sorted({str(e["platform"]) for e in entries if e["platform"] in ("youtube", "tiktok")})
    if enabled and excluded:
        raise bad_request(f"Recycling is not available for {', '.join(excluded)}", field="recycling")
    return {
        "enabled": enabled,
        "gap": gap,
        "gapFreq": freq,
        "startDate": raw.get("startDate"),
        "expireCount": count,
        "expireDate": expires,
        "contentVariations": variations,
        "contentVariationIndex": 0,
        "recycleCount": 0,
        "nextRecycleAt": None,
        "lastRecycledAt": None,
    }


def _every_platform_timed(raw: Any) -> bool:
    """Each platform carries its own scheduledFor: the post is scheduled without a post-level time."""
    return isinstance(raw, list) and bool(raw) and all(isinstance(i, dict) and i.get("scheduledFor") for i in raw)


def _own_times(store: Store, entries: list[Doc], zone_name: str) -> None:
    """Per-platform scheduledFor overrides the post's time for that platform (Posts reference, platforms[]);
    read like the post's own (the post's timezone without an offset) and refused in the past."""
    for entry in entries:
        if entry.get("scheduledFor"):
            entry["scheduledFor"] = iso(_schedule_time(store, str(entry["scheduledFor"]), zone_name))


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


def check_duplicates(store: Store, post: Doc) -> None:
    """409 when the same text went to the same account (and the same Page, organization, location or subreddit)
    within 24 h (drafts and failed posts don't count)."""
    cutoff = store.now() - timedelta(hours=24)
    for entry in post["platforms"]:
        text = posted_text(post, entry)
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
                if posted_text(other, other_entry) == text:
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
    """Each non-draft post uses one upload from the plan's allowance (API docs, usage: "What's Tracked")."""
    if post.get("__uploadCounted"):
        return
    plans.check_upload_allowed(store)
    plans.set_uploads_used(store, plans.uploads_used(store) + 1)
    post["__uploadCounted"] = True


# operations -----------------------------------------------------------------------------------------------


def create_post(store: Store, body: Doc) -> tuple[int, str, Doc]:
    """POST /v1/posts. Returns (status code, message, stored post)."""
    flags = {
        "isDraft": body.get("isDraft") is True,
        "publishNow": body.get("publishNow") is True,
        "scheduledFor": bool(body.get("scheduledFor")) or _every_platform_timed(body.get("platforms")),
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
    title = opt_str(body, "title")
    content = opt_str(body, "content")
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
        "tags": str_list(body, "tags"),
        "hashtags": str_list(body, "hashtags"),
        "mentions": str_list(body, "mentions"),
        "visibility": body.get("visibility") or "public",
        "crosspostingEnabled": body.get("crosspostingEnabled", True) is not False,
        "metadata": body.get("metadata") if isinstance(body.get("metadata"), dict) else {},
        "recycling": None,
        "createdAt": iso(now),
        "updatedAt": iso(now),
    }
    _own_times(store, post["platforms"], zone)
    if body.get("recycling") is not None:
        post["recycling"] = recycling_of(body["recycling"], post["platforms"])
    if mode == "scheduledFor":
        raw = body.get("scheduledFor")
        if raw and not isinstance(raw, str):
            raise bad_request("scheduledFor must be an ISO 8601 string", field="scheduledFor")
        # Without a post-level time every platform has its own (flags above): the post is due at the first.
        first = min(str(e["scheduledFor"]) for e in post["platforms"]) if not raw else None
        post["scheduledFor"] = iso(_schedule_time(store, raw, zone)) if isinstance(raw, str) else first
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
        code, message = outcome(post, "publish")
        code = 207 if code == 207 else 201
    elif draft:
        code, message = 201, "Draft saved successfully"
    else:
        code, message = 201, "Post scheduled successfully"
    store.put("posts", post)
    return code, message, post


def update_post(store: Store, post: Doc, body: Doc) -> tuple[int, str, Doc]:
    """PUT /v1/posts/{id}: only draft, scheduled, failed and partial posts can be edited (Posts reference)."""
    status = str(post["status"])
    if status not in EDITABLE:
        raise bad_request(
            f"Only draft, scheduled, failed and partial posts can be edited; this post is {status}", status=status
        )
    new = copy.deepcopy(post)
    for field in ("title", "content"):
        if field in body:
            new[field] = opt_str(body, field) or ("" if field == "content" else None)
    for field in ("tags", "hashtags", "mentions"):
        if field in body:
            new[field] = str_list(body, field)
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
        _own_times(store, fresh, str(new["timezone"]))
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
        code, message = outcome(new, "publish")
    else:
        new["status"] = target_status
        new["isDraft"] = draft
    store.put("posts", new)
    return code, message, new


def delete_post(store: Store, post: Doc) -> None:
    """Published posts cannot be deleted; a scheduled post's upload is refunded (Posts reference)."""
    if post["status"] == "published":
        raise bad_request("Published posts cannot be deleted", status="published")
    if post.get("__uploadCounted") and post["status"] in ("scheduled", "draft"):
        plans.set_uploads_used(store, plans.uploads_used(store) - 1)
    store.delete("posts", str(post["_id"]))


def retry_post(store: Store, post: Doc) -> tuple[int, str, Doc]:
    """Only failed or partial posts can be retried; 409 while one is publishing (Posts API Reference)."""
    status = str(post["status"])
    if status == "publishing":
        raise ApiError(409, "Post is currently publishing", {"status": status})
    if status not in RETRYABLE:
        raise bad_request(f"Only failed or partial posts can be retried; this post is {status}", status=status)
    publish(store, post, action="retry")
    store.put("posts", post)
    code, message = outcome(post, "retry")
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
    date_from = date_param(query, "dateFrom")
    date_to = date_param(query, "dateTo")
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
