"""The simulated publish: per-target outcomes, believable platform post ids and URLs, logs, and the lazy clock
that publishes scheduled posts once their time has come. Every function here runs inside ``store.transaction()``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from late_mcp.sandbox.accounts import needs_reconnect
from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.entries import default_target, entry_key, target_of, thread_or_none
from late_mcp.sandbox.logs import record_publish_log
from late_mcp.sandbox.recycling import after_publish
from late_mcp.sandbox.store import Doc, Store

#: where every link the sandbox makes up points
FAKE_ORIGIN = "https://sandbox.invalid"


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


#: platform -> (id prefix, digits after it, URL template): posts whose id is a number, or an URN around one;
#: the URL may use {pid}, {user} and {code} (a short base64-like code, as Instagram and Threads show)
_NUMBERED: dict[str, tuple[str, int, str]] = {
    "twitter": ("18", 17, "https://x.com/{user}/status/{pid}"),
    "linkedin": ("urn:li:share:7", 18, "https://www.linkedin.com/feed/update/{pid}/"),
    "instagram": ("179", 14, "https://www.instagram.com/p/{code}/"),
    "threads": ("184", 14, "https://www.threads.net/@{user}/post/{code}"),
    "tiktok": ("73", 17, "https://www.tiktok.com/@{user}/video/{pid}"),
    "pinterest": ("10", 16, "https://www.pinterest.com/pin/{pid}/"),
}


def platform_post(platform: str, username: str, seed: str, target: str | None = None) -> tuple[str, str]:
    """A believable (platformPostId, platformPostUrl) pair, deterministic in ``seed``; ``target`` is the Page,
    organization, location or subreddit the entry posts to, when it names one. The URL has the platform's shape
    under a host that cannot exist (see :func:`fake_url`)."""
    pid, url = _real_shape(platform, username, seed, target)
    return pid, fake_url(url)


def fake_url(url: str) -> str:
    """``https://x.com/a/status/1`` -> ``https://sandbox.invalid/x.com/a/status/1``: a sandbox post was never
    published, and a link that looked real would open someone else's post (or a 404) on the real platform.
    ``.invalid`` is reserved (RFC 2606): it never resolves."""
    return url.replace("https://", f"{FAKE_ORIGIN}/", 1) if url.startswith("https://") else url


def _real_shape(platform: str, username: str, seed: str, target: str | None) -> tuple[str, str]:
    user = username.lstrip("@")
    if platform in _NUMBERED:
        prefix, digits, url = _NUMBERED[platform]
        pid = prefix + _digits(seed, digits)
        return pid, url.format(pid=pid, user=user, code=_code(seed, 11))
    if platform == "bluesky":
        rkey = _code(seed, 13).lower().replace("_", "2").replace("-", "3")
        return f"at://did:plc:{_code(seed + 'did', 24).lower()}/app.bsky.feed.post/{rkey}", (
            f"https://bsky.app/profile/{user}/post/{rkey}"
        )
    if platform == "youtube":
        vid = _code(seed, 11)
        return vid, f"https://www.youtube.com/watch?v={vid}"
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


def entry_time(post: Doc, entry: Doc) -> datetime | None:
    """When one platform entry goes out: its own scheduledFor override, else the post's."""
    when = entry.get("scheduledFor") or post.get("scheduledFor")
    return parse_instant(str(when)) if when else None


def publish(store: Store, post: Doc, *, action: str, due: datetime | None = None) -> None:
    """Simulate publishing every not-yet-published target; record a log per attempt and set the post status.

    A target fails when its account needs reconnection (or was disconnected or deleted after the post was
    created); otherwise it is published with a deterministic platformPostId and platformPostUrl. With ``due``
    only the entries whose own time has come go out; the post stays scheduled while others wait.
    """
    now = store.now()
    attempts: dict[str, int] = post.setdefault("__attempts", {})
    waiting = False
    for index, entry in enumerate(post["platforms"]):
        if entry.get("status") in ("published", "cancelled"):
            continue
        when = entry_time(post, entry)
        if due is not None and when is not None and when > due:
            waiting = True
            continue
        account = store.get("accounts", str(entry["accountId"]))
        attempt = attempts.get(str(index), 0) + 1
        attempts[str(index)] = attempt
        target = target_of(post, entry)
        items = thread_or_none(target)
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
    outcomes = [entry["status"] for entry in post["platforms"] if entry["status"] != "cancelled"]
    if waiting:
        post["status"] = "scheduled"
    elif outcomes and all(s == "published" for s in outcomes):
        post["status"] = "published"
    elif any(s == "published" for s in outcomes):
        post["status"] = "partial"
    else:
        post["status"] = "failed"
    if post["status"] in ("published", "partial"):
        post["publishedAt"] = iso(now)
    post["isDraft"] = False
    post["updatedAt"] = iso(now)
    after_publish(store, post)


def process_due(store: Store) -> int:
    """Publish every scheduled post whose time has come (oldest first); returns how many were processed. A
    recycled copy made by a publish is always scheduled after now (`recycling.schedule_next`), so one pass does."""
    with store.transaction():
        now = store.now()
        due = [(when, p) for p in store.all("posts") if (when := _next_time(p)) is not None and when <= now]
        due.sort(key=lambda pair: pair[0])
        for _, post in due:
            publish(store, post, action="publish", due=now)
            store.put("posts", post)
    return len(due)


def _next_time(post: Doc) -> datetime | None:
    """When a scheduled post next has an entry to publish; None for any other post."""
    if post.get("status") != "scheduled":
        return None
    times = [
        when
        for entry in post["platforms"]
        if entry.get("status") not in ("published", "cancelled") and (when := entry_time(post, entry)) is not None
    ]
    return min(times, default=None)


def outcome(post: Doc, verb: str) -> tuple[int, str]:
    status = post["status"]
    if status == "published":
        return 200, "Post published successfully"
    if status == "partial":
        return 207, "Post published to some platforms; others failed"
    # PostPublishIncompleteResponse: "the 207 returned by createPost and updatePost when the post was saved but
    # the inline publish did not fully succeed", with `error` when no platform published.
    return 207, f"Post failed to publish on every platform ({verb})"
