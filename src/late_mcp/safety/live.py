"""The API's limits on changing a post that is out, checked before anything is sent (the API reference, Posts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from ..errors import InputError
from ..models.posts import PlatformTarget, Post
from ..timeutil import now_utc
from .journal import Entry

#: platforms POST /v1/posts/{id}/unpublish accepts (the API reference); the others are removed by hand
UNPUBLISHABLE = frozenset(
    {"threads", "facebook", "twitter", "linkedin", "youtube", "pinterest", "reddit", "bluesky", "googlebusiness",
     "telegram"}
)  # fmt: skip
EDITABLE_LIVE = frozenset(
    {"twitter", "discord", "facebook", "reddit", "linkedin", "telegram", "pinterest", "googlebusiness", "youtube",
     "slack"}
)  # fmt: skip
X_WINDOW = timedelta(hours=1)
X_EDITS = 5


def _live(post: Post, platform: str) -> list[PlatformTarget]:
    live = [t for t in post.platforms if t.platform == platform and t.status == "published"]
    if not live:
        raise InputError(
            f"Post {post.id} is not published on {platform} (it is {post.status}); nothing to change there."
        )
    return live


def check_unpublish(post: Post, platform: str) -> None:
    if platform not in UNPUBLISHABLE:
        raise InputError(
            f"The API cannot unpublish from {platform} (only {', '.join(sorted(UNPUBLISHABLE))}).",
            hint=f"The person deletes it by hand in the {platform} app.",
        )
    _live(post, platform)


def check_edit(post: Post, platform: str, journal: Sequence[Entry], now: datetime | None = None) -> None:
    if platform not in EDITABLE_LIVE:
        raise InputError(
            f"The API cannot edit a published post on {platform} (only {', '.join(sorted(EDITABLE_LIVE))})."
        )
    live = _live(post, platform)
    if platform != "twitter":
        return
    target = live[0]
    if (target.model_extra or {}).get("platformSpecificData", {}).get("threadItems"):
        raise InputError("X threads cannot be edited.")
    published = target.published_at or post.published_at
    if published is not None and (now or now_utc()) - published > X_WINDOW:
        raise InputError("X allows edits only within one hour of publishing; this post is older.")
    mine = [e for e in journal if e.action == "edit" and e.ok and e.post_id == post.id]
    edits = sum(1 for e in mine if (e.before or {}).get("platform") == platform)
    if edits >= X_EDITS:
        raise InputError(f"X allows at most {X_EDITS} edits of a post; this server has made {edits}.")
