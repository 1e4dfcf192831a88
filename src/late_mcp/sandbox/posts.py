"""Posts: create, update, delete, retry and list, with the checks a write must pass (the simulated publish is
in :mod:`late_mcp.sandbox.publishing`, a post's platform entries in :mod:`late_mcp.sandbox.entries`).

Stored posts are the API's Post JSON with the account ids unpopulated and a few internal ``__`` keys (upload
quota accounting, attempt counters). Every function here runs inside ``store.transaction()``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from late_mcp.sandbox import plans
from late_mcp.sandbox.accounts import account_ref, cooling_down, public
from late_mcp.sandbox.clock import get_zone, iso, localize, parse_instant
from late_mcp.sandbox.entries import entry_key, parse_platforms, posted_text, resolved_key, target_of
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.params import date_param, int_param, opt_str, str_list
from late_mcp.sandbox.post_target import check_media_items
from late_mcp.sandbox.publishing import outcome, publish
from late_mcp.sandbox.queues import find_queue, upcoming
from late_mcp.sandbox.recycling import check_recycling, recycling_of, schedule_next
from late_mcp.sandbox.store import Doc, Store
from late_mcp.sandbox.validation import validate_target

# The post statuses (the API's Post status enum); "pending_approval" is set by requiresApproval, "cancelled" by
# unpublishing every platform entry.
STATUSES = ("draft", "pending_approval", "scheduled", "publishing", "published", "partial", "failed", "cancelled")
# PUT /v1/posts/{id}: "Draft, scheduled, failed, partial, and cancelled posts can be edited."
EDITABLE = ("draft", "scheduled", "failed", "partial", "cancelled")
RETRYABLE = ("failed", "partial")
# Statuses that count for the 24 h duplicate-content check; drafts never do, and a failed post is not "posted".
_DUPLICATE_STATUSES = ("scheduled", "publishing", "published", "partial")
_SCHEDULE_MODES = ("isDraft", "publishNow", "scheduledFor", "queuedFromProfile")
# What a post says of itself in the API's Post: post-level publishedAt, isDraft and crosspostingEnabled are
# the sandbox's own bookkeeping (published times are per platform entry), never shown.
_NOT_SHOWN = ("publishedAt", "isDraft", "crosspostingEnabled")
# GET /v1/posts: "A query parameter that is not listed here returns 400 naming it and the accepted parameters".
LIST_PARAMS = (
    "page",
    "limit",
    "offset",
    "fields",
    "source",
    "status",
    "platform",
    "profileId",
    "createdBy",
    "fromDate",
    "toDate",
    "dateFrom",
    "dateTo",
    "includeHidden",
    "search",
    "tags",
    "tag",
    "sortBy",
    "accountId",
)
SORTS = ("scheduled-desc", "scheduled-asc", "created-desc", "created-asc", "status", "platform")


# rendering ------------------------------------------------------------------------------------------------


def render_post(store: Store, post: Doc) -> Doc:
    out = {key: value for key, value in public(post).items() if key not in _NOT_SHOWN}
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


def _parse_time(raw: object, zone_name: str, field: str) -> datetime:
    if not isinstance(raw, str):
        raise bad_request(f"{field} must be an ISO 8601 string", field=field)
    try:
        return localize(raw, zone_name)
    except ValueError:
        raise bad_request(f"{field} is not a valid ISO 8601 date-time: {raw!r}", field=field) from None


def _entry_times(store: Store, post: Doc, root: object, zone: str) -> datetime:
    """The post's time: the root scheduledFor, else the earliest per-platform one (POST /v1/posts: "Optional
    per-platform scheduled time override. When omitted, the top-level scheduledFor is used")."""
    times = []
    for index, entry in enumerate(post["platforms"]):
        if entry.get("scheduledFor"):
            own = _parse_time(entry["scheduledFor"], zone, f"platforms[{index}].scheduledFor")
            entry["scheduledFor"] = iso(own)
            times.append(own)
    if root:
        return _parse_time(root, zone, "scheduledFor")
    return min(times)


def _root_settings(body: Doc) -> dict[str, Doc]:
    """Root-level tiktokSettings / facebookSettings: merged into each target of that platform (POST /v1/posts)."""
    roots = {"tiktok": body.get("tiktokSettings"), "facebook": body.get("facebookSettings")}
    return {platform: value for platform, value in roots.items() if isinstance(value, dict)}


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


def _admit(store: Store, post: Doc, *, draft: bool, creating: bool) -> None:
    """What a post must pass before it is saved, created or edited: a draft only its shape; anything that will
    publish also the duplicate rule and the plan's upload allowance, and a new one the accounts' cooldowns (which
    the API documents for creating a post and for retrying one)."""
    validate_post(store, post, draft=draft)
    check_recycling(store, post)
    if not draft:
        if creating:
            refuse_cooling(store, post)
        check_duplicates(store, post)
        _count_upload(store, post)


def _count_upload(store: Store, post: Doc) -> None:
    """Each non-draft post uses one upload from the plan's allowance (API docs, usage: "What's Tracked")."""
    if post.get("__uploadCounted"):
        return
    plans.check_upload_allowed(store)
    plans.set_uploads_used(store, plans.uploads_used(store) + 1)
    post["__uploadCounted"] = True


# operations -----------------------------------------------------------------------------------------------


def _create_mode(body: Doc) -> str:
    """How a new post goes out. POST /v1/posts: "When none of scheduledFor, publishNow, or queuedFromProfile are
    provided, the post defaults to draft automatically"; a time on every platform entry schedules it too;
    requiresApproval "Needs scheduledFor, at the root or on every platform; cannot be combined with isDraft,
    publishNow, queuedFromProfile or queueId"."""
    flags = {
        "isDraft": body.get("isDraft") is True,
        "publishNow": body.get("publishNow") is True,
        "scheduledFor": bool(body.get("scheduledFor")),
        "queuedFromProfile": bool(body.get("queuedFromProfile")),
    }
    chosen = [name for name in _SCHEDULE_MODES if flags[name]]
    if len(chosen) > 1:
        raise bad_request(
            f"Choose only one of isDraft, publishNow, scheduledFor, queuedFromProfile (got {', '.join(chosen)})",
            conflicting=chosen,
        )
    raw = body.get("platforms")
    entries: list[Any] = raw if isinstance(raw, list) else []
    every_entry_timed = bool(entries) and all(isinstance(e, dict) and e.get("scheduledFor") for e in entries)
    mode = chosen[0] if chosen else ("scheduledFor" if every_entry_timed else "isDraft")
    if body.get("requiresApproval") is True:
        if mode != "scheduledFor" or body.get("queueId"):
            raise bad_request(
                "requiresApproval needs scheduledFor (at the root or on every platform) and cannot be combined "
                "with isDraft, publishNow, queuedFromProfile or queueId",
                field="requiresApproval",
            )
        return "approval"
    return mode


def create_post(store: Store, body: Doc) -> tuple[int, str, Doc]:
    """POST /v1/posts. Returns (status code, message, stored post)."""
    mode = _create_mode(body)
    now = store.now()
    zone = _timezone(body)
    title = opt_str(body, "title")
    content = opt_str(body, "content")
    post: Doc = {
        "_id": store.new_id(),
        "title": title,
        "content": content or "",
        "mediaItems": check_media_items(body.get("mediaItems"), "mediaItems"),
        "platforms": parse_platforms(store, body.get("platforms"), _root_settings(body)),
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
    if body.get("recycling") is not None:
        post["recycling"] = recycling_of(body["recycling"], post["platforms"])
    if mode in ("scheduledFor", "approval"):
        when = _entry_times(store, post, body.get("scheduledFor"), zone)
        post["scheduledFor"] = iso(when)
        # "A value already in the past is published synchronously in the same request" (POST /v1/posts).
        mode = "publishNow" if when <= now and mode == "scheduledFor" else mode
        post["status"] = "pending_approval" if mode == "approval" else "scheduled"
    elif mode == "queuedFromProfile":
        profile_id = str(body["queuedFromProfile"])
        if store.get("profiles", profile_id) is None:
            raise bad_request(f"Profile not found: {profile_id}", field="queuedFromProfile")
        queue_id = body.get("queueId")
        queue = find_queue(store, profile_id, str(queue_id) if queue_id else None)
        if queue is None and queue_id:  # POST /v1/posts documents its refusals as 400 (validation), never 404
            raise bad_request(f"Queue not found for this profile: {queue_id}", field="queueId")
        if queue is None:
            raise bad_request(
                "This profile has no queue; create one with PUT /v1/queue/slots", field="queuedFromProfile"
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
    _admit(store, post, draft=draft, creating=True)
    if mode == "publishNow":
        publish(store, post, action="publish")
        code, message = outcome(post, "publish")
        code = 207 if code == 207 else 201
    elif mode == "approval":
        code, message = 201, "Post saved for approval"
    elif draft:
        code, message = 201, "Draft saved successfully"
    else:
        code, message = 201, "Post scheduled successfully"
    store.put("posts", post)
    return code, message, post


def update_post(store: Store, post: Doc, body: Doc) -> tuple[int, str, Doc]:
    """PUT /v1/posts/{id}: "Draft, scheduled, failed, partial, and cancelled posts can be edited"; "Published
    posts can only have their recycling config updated"."""
    status = str(post["status"])
    if status == "published" and "recycling" in body:
        if set(body) - {"recycling"}:
            raise bad_request("Published posts can only have their recycling config updated", status=status)
        return _recycling_only(store, post, body["recycling"])
    if status not in EDITABLE:
        raise bad_request(
            f"Only draft, scheduled, failed, partial and cancelled posts can be edited; this post is {status}",
            status=status,
        )
    if ("tiktokSettings" in body or "facebookSettings" in body) and "platforms" not in body:
        raise bad_request("tiktokSettings and facebookSettings need a platforms array", field="platforms")
    if body.get("requiresApproval") is True:
        # PUT /v1/posts/{postId} requiresApproval: "Send true on a draft to submit it for approval ... Cannot be
        # combined with isDraft, publishNow, queuedFromProfile or queueId. Returns 409 when the post is not a draft."
        # Read strictly: any isDraft beside it is a combination.
        mixed = [k for k in ("isDraft", "publishNow", "queuedFromProfile", "queueId") if k in body]
        if mixed:
            raise bad_request(f"requiresApproval cannot be combined with {', '.join(mixed)}", conflicting=mixed)
        if status != "draft":
            raise ApiError(409, "Only a draft can be submitted for approval", {"status": status})
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
        fresh = parse_platforms(store, body["platforms"], _root_settings(body))
        _own_times(store, fresh, str(new["timezone"]))
        published = {entry_key(e): e for e in post["platforms"] if e["status"] == "published"}
        new["platforms"] = [published.get(entry_key(e), e) for e in fresh]
    if "recycling" in body:
        new["recycling"] = recycling_of(body["recycling"], new["platforms"], post.get("recycling"))

    publish_now = body.get("publishNow") is True
    scheduled_raw = body.get("scheduledFor")
    draft_flag = body.get("isDraft")
    if sum([publish_now, bool(scheduled_raw), draft_flag is True]) > 1:
        raise bad_request("Choose only one of isDraft, publishNow, scheduledFor")
    if scheduled_raw:
        if not isinstance(scheduled_raw, str):
            raise bad_request("scheduledFor must be an ISO 8601 string", field="scheduledFor")
        new["scheduledFor"] = iso(_schedule_time(store, scheduled_raw, str(new["timezone"])))
    if publish_now:
        target_status = "publish"
    elif body.get("requiresApproval") is True:
        if not new.get("scheduledFor"):
            raise bad_request("requiresApproval needs scheduledFor", field="scheduledFor")
        target_status = "pending_approval"
    elif scheduled_raw and (status != "draft" or draft_flag is False):
        # "If isDraft is omitted the post keeps its current draft status, so sending only scheduledFor to a draft
        # returns 200 but the post remains a draft" (PUT /v1/posts/{id}).
        target_status = "scheduled"
    elif draft_flag is True:
        target_status = "draft"
    elif draft_flag is False and status in ("draft", "cancelled"):
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
    _admit(store, new, draft=draft, creating=False)
    new["updatedAt"] = iso(store.now())
    code, message = 200, "Post updated successfully"
    if target_status == "publish":
        publish(store, new, action="publish")
        code, message = outcome(new, "publish")
    else:
        new["status"] = target_status
        new["isDraft"] = draft
    schedule_next(store, new)  # a partly published post given recycling
    store.put("posts", new)
    return code, message, new


def _recycling_only(store: Store, post: Doc, raw: Any) -> tuple[int, str, Doc]:
    """A published post's recycling settings changed; when they allow a copy and none waits, it is made now."""
    new = copy.deepcopy(post)
    new["recycling"] = recycling_of(raw, new["platforms"], post.get("recycling"))
    check_recycling(store, new)
    schedule_next(store, new)
    new["updatedAt"] = iso(store.now())
    store.put("posts", new)
    return 200, "Post updated successfully", new


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
    refuse_cooling(store, post)
    publish(store, post, action="retry")
    store.put("posts", post)
    code, message = outcome(post, "retry")
    return (200 if post["status"] == "failed" else code), message, post


def refuse_cooling(store: Store, post: Doc) -> None:
    """429 when a target account is in its publishing cooldown (SocialAccount.rateLimitedUntil): an account's
    refusal, not the request rate limit, so no Retry-After; the body names each account as a RateLimitedAccount."""
    cooling = cooling_down(store, [str(e["accountId"]) for e in post["platforms"]])
    if cooling:
        names = ", ".join(f"@{a['username']} ({a['platform']}) until {a['rateLimitedUntil']}" for a in cooling)
        raise ApiError(
            429,
            f"Account in publishing cooldown: {names}",
            {"rateLimitedAccounts": cooling},
            extra={"type": "rate_limit_error"},
        )


def effective_date(post: Doc) -> str:
    published = [str(e["publishedAt"]) for e in post.get("platforms", []) if e.get("publishedAt")]
    return str(post.get("scheduledFor") or (max(published) if published else None) or post.get("createdAt"))


def _sort_key(sort: str) -> tuple[Callable[[Doc], tuple[str, ...]], bool]:
    if sort.startswith("created"):
        return (lambda p: (str(p["createdAt"]), str(p["_id"]))), sort.endswith("desc")
    if sort == "status":
        return (lambda p: (str(p["status"]), effective_date(p))), False
    if sort == "platform":
        return (lambda p: (min((str(e["platform"]) for e in p["platforms"]), default=""), effective_date(p))), False
    return (lambda p: (effective_date(p), str(p["createdAt"]), str(p["_id"]))), sort.endswith("desc")


def _window_end(query: dict[str, str], name: str) -> datetime | None:
    """Where a toDate window ends: after that whole day, or at that instant when it is a full date-time."""
    end = date_param(query, name)
    if end is None:
        return None
    return end if "T" in query[name] else end + timedelta(days=1)


def list_posts(store: Store, query: dict[str, str]) -> Doc:
    unknown = sorted(set(query) - set(LIST_PARAMS))
    if unknown:
        raise bad_request(
            f"Unknown query parameter {unknown[0]!r}; accepted: {', '.join(LIST_PARAMS)}",
            field=unknown[0],
            accepted=list(LIST_PARAMS),
        )
    page = int_param(query, "page", 1, minimum=1)
    limit = int_param(query, "limit", 10, minimum=1, maximum=100)
    offset = int_param(query, "offset", (page - 1) * limit, minimum=0)
    status = query.get("status")
    if status and status not in STATUSES:
        raise bad_request(f"status must be one of {', '.join(STATUSES)}", field="status")
    sort = query.get("sortBy") or "scheduled-desc"
    if sort not in SORTS:
        raise bad_request(f"sortBy must be one of {', '.join(SORTS)}", field="sortBy")
    platform = query.get("platform")
    profile_id = query.get("profileId")
    account_id = query.get("accountId")
    search = (query.get("search") or "").lower()
    # fromDate / toDate; dateFrom / dateTo are their aliases "kept for existing callers".
    date_from = date_param(query, "fromDate") or date_param(query, "dateFrom")
    date_to = _window_end(query, "toDate") or _window_end(query, "dateTo")
    profile_accounts = {a["_id"] for a in store.all("accounts") if a["profileId"] == profile_id}
    selected: list[Doc] = []
    for post in store.all("posts"):
        if status and post["status"] != status:
            continue
        if platform and platform != "all" and all(e["platform"] != platform for e in post["platforms"]):
            continue
        if account_id and all(e["accountId"] != account_id for e in post["platforms"]):
            continue
        if search and search not in str(post.get("content") or "").lower():
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
        if date_to and when >= date_to:
            continue
        selected.append(post)
    key, reverse = _sort_key(sort)
    selected.sort(key=key, reverse=reverse)
    total = len(selected)
    window = selected[offset : offset + limit]
    return {
        "posts": [render_post(store, post) for post in window],
        "pagination": {"page": offset // limit + 1, "limit": limit, "total": total, "pages": -(-total // limit)},
    }
