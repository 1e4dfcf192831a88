"""What happens to a post after it is written: approval review and unpublishing (the API's
POST /v1/posts/{postId}/review and /unpublish). Every function here runs inside ``store.transaction()``.
"""

from __future__ import annotations

from late_mcp.sandbox.clock import iso
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.params import opt_str
from late_mcp.sandbox.store import Doc, Store

# "Not supported on Instagram, TikTok, or Snapchat" (POST /v1/posts/{postId}/unpublish).
UNPUBLISHABLE = (
    "threads",
    "facebook",
    "twitter",
    "linkedin",
    "youtube",
    "pinterest",
    "reddit",
    "bluesky",
    "googlebusiness",
    "telegram",
)


def review_post(store: Store, post: Doc, body: Doc) -> str:
    """approve schedules the post for its time; reject returns it to draft; 409 unless pending_approval."""
    decision = body.get("decision")
    if decision not in ("approve", "reject"):
        raise bad_request("decision must be approve or reject", field="decision")
    if post["status"] != "pending_approval":
        raise ApiError(409, f"Only a post pending approval can be reviewed; this post is {post['status']}")
    post["status"] = "scheduled" if decision == "approve" else "draft"
    post["updatedAt"] = iso(store.now())
    store.put("posts", post)
    return "Post approved" if decision == "approve" else "Post returned to draft"


def unpublish_post(store: Store, post: Doc, body: Doc) -> str:
    """Delete one platform's copy of a published post; the post is kept, `cancelled` once nothing is live."""
    platform = opt_str(body, "platform")
    if platform not in UNPUBLISHABLE:
        raise bad_request(
            f"platform must be one of {', '.join(UNPUBLISHABLE)} (Instagram, TikTok and Snapchat posts cannot be "
            "deleted through the API)",
            field="platform",
        )
    account_id = opt_str(body, "accountId")
    live = [
        e
        for e in post["platforms"]
        if e["platform"] == platform and e["status"] == "published" and account_id in (None, e["accountId"])
    ]
    if not live:
        raise bad_request(f"This post has no published {platform} entry", field="platform")
    if len(live) > 1:
        raise bad_request(f"The post was published to several {platform} accounts: give accountId", field="accountId")
    now = iso(store.now())
    live[0].update({"status": "cancelled", "removedFromPlatformAt": now})
    remaining = [e for e in post["platforms"] if e["status"] == "published"]
    post["status"] = "partial" if remaining else "cancelled"
    post["updatedAt"] = now
    store.put("posts", post)
    return f"Post deleted from {platform}"
