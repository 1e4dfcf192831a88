"""The fallback for an API that does not honour the Idempotency-Key: which posts a create made, found by content.

A post counts as this request's only when it was created after the request was sent (on the API's clock), in the
mode asked (a draft; scheduled at the time asked; published now; queued), with the same content, on exactly the
accounts asked for. Anything else (an older post with the same text, a draft when publishing was asked) is not
this request's post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ...errors import LateError
from ...models.posts import Post
from .when import When

if TYPE_CHECKING:
    from ...client import LateClient

#: how far back a lost create is looked for (pages of 100 of the target account's posts, newest created first)
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
        """`local` is this machine's time just before sending."""
        return cls(payload, when, earliest(client, local))

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


def earliest(client: LateClient, local: datetime) -> datetime:
    """The earliest creation time (on the API's clock when its Date was seen) of anything a request sent at
    `local` (this machine's time just before sending) can have made."""
    api = client.http.api_time(local)
    return api - DATE_SLACK if api is not None else local - CLOCK_SLACK


async def posts_made(client: LateClient, sent: Sent) -> list[Post]:
    """Every post this request could have made (see `Sent.made`), newest first.

    The first target account's posts, newest created first (`sortBy=created-desc`), from `fromDate` on: the
    search stops at the first post created before the request was sent, so it is usually one page. A draft is
    looked for without `fromDate`: the SDK does not say which of a post's times that filter compares, and a
    draft has no schedule. Past LOOKUP_PAGES pages the answer is unknown, and that is an error, never "none".
    """
    found: list[Post] = []
    account = sent.payload["platforms"][0]["accountId"]
    since = None if sent.when.mode == "draft" else sent.since.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for page in range(1, LOOKUP_PAGES + 1):
        batch = await client.posts.list(
            page=page, limit=100, account_id=account, sort_by="created-desc", date_from=since
        )
        for post in batch.posts:
            if post.created_at is not None and post.created_at < sent.since:
                return found
            if sent.made(post):
                found.append(post)
        if page >= batch.pagination.pages or not batch.posts:
            return found
    raise LateError(
        "The create request's answer was lost and there are too many posts to check whether it was created.",
        hint="Do not send it again yet: look for it with posts_list first.",
    )
