"""What can still be done to a post once it is out, and approval (the API reference, Posts):

- POST /v1/posts/{postId}/unpublish {platform, accountId?}: deletes the live copy on one platform (threads,
  facebook, twitter, linkedin, youtube, pinterest, reddit, bluesky, googlebusiness, telegram; not Instagram,
  TikTok or Snapchat). The record is kept; the entry becomes cancelled, the post cancelled when no entry is left
  live, else partial. accountId is required when several accounts on that platform have the post.
- POST /v1/posts/{postId}/edit {platform, content, accountId?}: changes a live post's text (twitter, discord,
  facebook, reddit, linkedin, telegram, pinterest, googlebusiness, youtube, slack). X: within one hour of
  publishing, at most five edits, threads cannot be edited, and the edit is a new post with a new id. 409 when
  several accounts on the platform have the post and no accountId says which.
- POST /v1/posts/{postId}/review {decision: approve|reject}: approve schedules a pending_approval post (published
  by the scheduler when its time has come), reject returns it to draft; 409 when it is not pending_approval.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.publishing import platform_post
from late_mcp.sandbox.store import Store

Doc = dict[str, Any]

UNPUBLISH = ("threads", "facebook", "twitter", "linkedin", "youtube", "pinterest", "reddit", "bluesky",
             "googlebusiness", "telegram")  # fmt: skip
EDIT = ("twitter", "discord", "facebook", "reddit", "linkedin", "telegram", "pinterest", "googlebusiness", "youtube",
        "slack")  # fmt: skip
X_EDIT_WINDOW = timedelta(hours=1)
X_MAX_EDITS = 5


def _platform(body: Doc, allowed: tuple[str, ...], what: str) -> str:
    platform = body.get("platform")
    if not isinstance(platform, str) or not platform:
        raise bad_request("platform is required", field="platform")
    if platform not in allowed:
        raise bad_request(f"{what} is not supported on {platform}", field="platform", supported=list(allowed))
    return platform


def _live_entry(post: Doc, platform: str, account_id: Any, *, several: int) -> Doc:
    entries = [e for e in post["platforms"] if e["platform"] == platform and e.get("status") == "published"]
    if isinstance(account_id, str) and account_id:
        entries = [e for e in entries if str(e["accountId"]) == account_id]
    if not entries:
        raise bad_request(f"This post is not published on {platform}", field="platform")
    if len(entries) > 1:
        raise ApiError(several, f"The post is published on several {platform} accounts: give accountId")
    found: Doc = entries[0]
    return found


def unpublish(store: Store, post: Doc, body: Doc) -> Doc:
    platform = _platform(body, UNPUBLISH, "Unpublishing")
    entry = _live_entry(post, platform, body.get("accountId"), several=400)
    entry.update({"status": "cancelled", "platformPostUrl": None})
    live = any(e.get("status") == "published" for e in post["platforms"])
    post["status"] = "partial" if live else "cancelled"
    post["updatedAt"] = iso(store.now())
    store.put("posts", post)
    return {"message": f"Post deleted from {platform}", "status": post["status"]}


def edit(store: Store, post: Doc, body: Doc) -> Doc:
    platform = _platform(body, EDIT, "Editing a published post")
    content = body.get("content")
    if not isinstance(content, str) or not content.strip():
        raise bad_request("content is required", field="content")
    entry = _live_entry(post, platform, body.get("accountId"), several=409)
    edits = int(entry.get("__edits", 0))
    if platform == "twitter":
        specific = entry.get("platformSpecificData") or {}
        if isinstance(specific, dict) and specific.get("threadItems"):
            raise bad_request("Threads cannot be edited on X", field="platform")
        published = entry.get("publishedAt") or post.get("publishedAt")
        if published and store.now() - parse_instant(str(published)) > X_EDIT_WINDOW:
            raise bad_request("X allows edits only within one hour of publishing", field="platform")
        if edits >= X_MAX_EDITS:
            raise bad_request(f"X allows at most {X_MAX_EDITS} edits of a post", field="platform")
        pid, url = platform_post(platform, str(entry.get("username") or "user"), f"{post['_id']}:edit:{edits + 1}")
        entry.update({"platformPostId": pid, "platformPostUrl": url})
    entry["customContent"] = content
    entry["__edits"] = edits + 1
    post["updatedAt"] = iso(store.now())
    store.put("posts", post)
    return {"message": f"Post edited on {platform}", "id": entry.get("platformPostId")}


def review(store: Store, post: Doc, body: Doc) -> Doc:
    decision = body.get("decision")
    if decision not in ("approve", "reject"):
        raise bad_request("decision must be approve or reject", field="decision")
    if post["status"] != "pending_approval":
        raise ApiError(409, f"Only posts pending approval can be reviewed; this post is {post['status']}")
    post["status"] = "scheduled" if decision == "approve" else "draft"
    post["isDraft"] = decision == "reject"
    post["updatedAt"] = iso(store.now())
    store.put("posts", post)
    return {"message": f"Post {'approved' if decision == 'approve' else 'rejected'}", "status": post["status"]}
