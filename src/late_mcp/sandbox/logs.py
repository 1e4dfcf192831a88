"""Publishing and connection logs: one entry per platform per attempt, shaped like the Logs reference's PostLog."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.store import Doc, Store

RETENTION_DAYS = 90  # GET /v1/logs: "Logs are retained for 90 days" (the seeds said 7)

ENDPOINTS: dict[str, str] = {
    "twitter": "api.x.com/2/tweets",
    "linkedin": "api.linkedin.com/rest/posts",
    "instagram": "graph.facebook.com/me/media_publish",
    "facebook": "graph.facebook.com/{page-id}/feed",
    "threads": "graph.threads.net/me/threads_publish",
    "tiktok": "open.tiktokapis.com/v2/post/publish/video/init/",
    "youtube": "www.googleapis.com/upload/youtube/v3/videos",
    "pinterest": "api.pinterest.com/v5/pins",
    "bluesky": "bsky.social/xrpc/com.atproto.repo.createRecord",
}


def record_publish_log(
    store: Store,
    post: Doc,
    entry: Doc,
    account: Doc | None,
    *,
    action: str,
    attempt: int,
    content: str,
    media: list[dict[str, Any]],
) -> Doc:
    """Store one PostLog for one platform attempt; the response part mirrors the entry's outcome."""
    platform = str(entry["platform"])
    success = entry["status"] == "published"
    response: dict[str, Any]
    if success:
        response = {
            "platformPostId": entry["platformPostId"],
            "platformPostUrl": entry["platformPostUrl"],
            "rawBody": json.dumps({"id": entry["platformPostId"]}),
        }
    else:
        response = {
            "errorMessage": entry.get("errorMessage"),
            "errorCode": entry.get("__errorCode"),
            "rawBody": json.dumps({"error": entry.get("errorMessage")}),
        }
    raw_request = json.dumps({"text": content, "media": [m.get("url") for m in media]})[:5000]
    log = {
        "_id": store.new_id(),
        "postId": post["_id"],
        "userId": store.meta_get("user_id"),
        "profileId": account.get("profileId") if account else None,
        "platform": platform,
        "accountId": entry["accountId"],
        "accountUsername": account.get("username") if account else None,
        "action": action,
        "status": "success" if success else "failed",
        "statusCode": 200 if success else int(entry.get("__statusCode") or 400),
        "endpoint": ENDPOINTS.get(platform, f"api.{platform}.com/publish"),
        "request": {
            "contentPreview": content[:200],
            "mediaCount": len(media),
            "mediaTypes": [str(m.get("type", "image")) for m in media],
            "mediaUrls": [str(m.get("url")) for m in media],
            "scheduledFor": post.get("scheduledFor"),
            "rawBody": raw_request,
        },
        "response": response,
        "durationMs": 180 + (int(str(post["_id"])[-4:], 16) % 2400),
        "attemptNumber": attempt,
        "createdAt": iso(store.now()),
    }
    store.put("logs", log)
    return log


def record_connection_log(store: Store, account: Doc, event: str, *, error: str | None = None) -> Doc:
    log: dict[str, Any] = {
        "_id": store.new_id(),
        "userId": store.meta_get("user_id"),
        "profileId": account.get("profileId"),
        "accountId": account["_id"],
        "platform": account["platform"],
        "eventType": event,
        "connectionMethod": "app_password" if account["platform"] == "bluesky" else "oauth",
        "context": {"hasCustomRedirectUrl": False},
        "createdAt": iso(store.now()),
    }
    if error is None:
        log["success"] = {
            "displayName": account.get("displayName"),
            "username": account.get("username"),
            "profilePicture": account.get("profilePicture"),
            "tokenExpiresAt": account.get("tokenExpiresAt"),
        }
    else:
        log["error"] = {"code": "token_expired", "message": error}
    store.put("connection_logs", log)
    return log


def recent(store: Store, kind: str, days: int) -> list[Doc]:
    """Logs of a kind within ``days`` (and the 90-day retention), newest first."""
    cutoff = store.now() - timedelta(days=min(days, RETENTION_DAYS))
    logs = [log for log in store.all(kind) if parse_instant(str(log["createdAt"])) >= cutoff]
    logs.sort(key=lambda log: str(log["createdAt"]), reverse=True)
    return logs


def post_summary(store: Store, post_id: str, *, detailed: bool) -> dict[str, Any] | str:
    post = store.get("posts", post_id)
    if post is None:
        return post_id
    out = {"_id": post["_id"], "content": post.get("content"), "status": post.get("status")}
    if detailed:
        out["scheduledFor"] = post.get("scheduledFor")
        out["mediaItems"] = post.get("mediaItems", [])
    return out
