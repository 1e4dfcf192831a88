"""The fallback for an API that does not honour the Idempotency-Key: which posts a create made, found by content.

A post counts as this request's only when it was created after the request was sent (on the API's clock), in the
mode asked (a draft; scheduled at the time asked; published now; queued), with the same content, on exactly the
accounts asked for. Anything else (an older post with the same text, a draft when publishing was asked) is not
this request's post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ...errors import LateError
from ...models.posts import Post
from .when import When

if TYPE_CHECKING:
    from ...client import LateClient

#: how far back a lost create is looked for (pages of 100 posts of the target's platform)
LOOKUP_PAGES = 20
#: the API's Date header has one-second resolution and the answer takes a moment to arrive
DATE_SLACK = timedelta(seconds=5)
#: before any Date header was seen, this machine's clock may be this far from the API's
CLOCK_SLACK = timedelta(minutes=10)
#: statuses of a post published, or being published, when it was created
_NOW = ("publishing", "published", "partial", "failed")


@dataclass(frozen=True)
class Sent:
    """A create as it went out: the body, the mode, and the earliest creation time its post can have."""

    payload: dict[str, Any]
    when: When
    since: datetime

    @classmethod
    def at(cls, client: LateClient, payload: dict[str, Any], when: When, local: datetime) -> Sent:
        """`local` is this machine's time just before sending; on the API's clock when its Date was seen."""
        api = client.http.api_time(local)
        since = api - DATE_SLACK if api is not None else local - CLOCK_SLACK
        return cls(payload, when, since)

    def made(self, post: Post) -> bool:
        """Could this request have made `post`? Same content and accounts, created after sending, in its mode."""
        if (post.content or "") != self.payload.get("content", ""):
            return False
        if {p.account_id for p in post.platforms} != {p["accountId"] for p in self.payload["platforms"]}:
            return False
        if post.created_at is None or post.created_at < self.since:
            return False
        return self._in_mode(post)

    def _in_mode(self, post: Post) -> bool:
        mode = self.when.mode
        if mode == "draft":
            return post.status == "draft"
        if mode == "now":
            return post.status in _NOW
        if post.status in ("draft", None) or post.scheduled_for is None:
            return False
        if mode == "queue":
            return True
        at = self.when.at
        return at is not None and abs((post.scheduled_for - at).total_seconds()) < 1


async def posts_made(client: LateClient, sent: Sent) -> list[Post]:
    """Every post this request could have made (see `Sent.made`), newest first.

    The list is not sorted by creation time, so every page of the first target's platform is searched; past
    LOOKUP_PAGES pages the answer is unknown, and that is an error, never "none".
    """
    found: list[Post] = []
    seen = 0
    platform = sent.payload["platforms"][0]["platform"]
    async for post in client.posts.iterate(platform=platform, max_pages=LOOKUP_PAGES):
        seen += 1
        if sent.made(post):
            found.append(post)
    if seen >= LOOKUP_PAGES * 100:
        raise LateError(
            "The create request's answer was lost and there are too many posts to check whether it was created.",
            hint="Do not send it again yet: look for it with posts_list first.",
        )
    return sorted(found, key=lambda p: p.created_at or datetime.min, reverse=True)
