"""/v1/posts: list, create, get, update, delete, retry; unpublish, edit and review."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import IO, Any

from ..errors import KeyedRequestFailed
from ..models.bulk import BulkUpload
from ..models.posts import Post, PostPage
from ._call import Reply, new_key
from ._ops import operation
from ._transport import HTTP, seg

#: the API's largest page
MAX_PAGE = 100


@dataclass(frozen=True)
class Created:
    """A create the API confirmed, and how: replayed under its key, after lost answers, in how many attempts."""

    post: Post
    reply: Reply


class Posts:
    def __init__(self, http: HTTP, *, publish_timeout: float) -> None:
        self._http = http
        self._publish_timeout = publish_timeout

    @operation("GET /v1/posts")
    async def list(
        self,
        *,
        page: int = 1,
        limit: int = 10,
        status: str | None = None,
        platform: str | None = None,
        profile_id: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        account_id: str | None = None,
        sort_by: str | None = None,
    ) -> PostPage:
        return await self._http.parsed(
            PostPage,
            "GET",
            "v1/posts",
            params={
                "page": page,
                "limit": limit,
                "status": status,
                "platform": platform,
                "profileId": profile_id,
                # fromDate / toDate: dateFrom / dateTo are their aliases "kept for existing callers"
                "fromDate": date_from,
                "toDate": date_to,
                "accountId": account_id,
                "sortBy": sort_by,
            },
        )

    async def iterate(
        self, *, status: str | None = None, platform: str | None = None, page_size: int = MAX_PAGE, max_pages: int = 0
    ) -> AsyncIterator[Post]:
        """Every post matching the filter, across all pages (at most `max_pages` when it is not 0)."""
        page = 1
        while True:
            batch = await self.list(page=page, limit=page_size, status=status, platform=platform)
            for post in batch.posts:
                yield post
            if page >= batch.pagination.pages or not batch.posts or page == max_pages:
                return
            page += 1

    @operation("GET /v1/posts")
    async def waiting_copies(self, post: Post) -> builtins.list[Post]:
        """The copies of a recycled post that are scheduled and not out yet (the API makes each copy ahead of its
        time, and stopping recycling leaves it in place): its account's scheduled posts, newest created first, up
        to 5 pages of 100."""
        account = next((t.account_id for t in post.platforms if t.account_id), None)
        found: builtins.list[Post] = []
        for number in range(1, 6):
            page = await self.list(
                page=number, status="scheduled", account_id=account, limit=100, sort_by="created-desc"
            )
            found += [p for p in page.posts if p.recycled_from_post_id == post.id]
            if number >= page.pagination.pages or len(page.posts) < 100:
                break
        return found

    @operation("GET /v1/posts/{postId}")
    async def get(self, post_id: str) -> Post:
        body = await self._http.request("GET", f"v1/posts/{seg(post_id)}")
        return Post.model_validate(body.get("post", body))

    async def create(self, payload: dict[str, Any], *, publish_now: bool = False) -> Post:
        """Create a post (see `create_keyed`)."""
        return (await self.create_keyed(payload, publish_now=publish_now)).post

    @operation("POST /v1/posts")
    async def create_keyed(
        self, payload: dict[str, Any], *, publish_now: bool = False, key: str | None = None
    ) -> Created:
        """Create a post under one Idempotency-Key (a fresh one unless given), sent again under that key when an
        answer is lost. The caller says whether it publishes now: that request gets the long timeout.

        Raises KeyedRequestFailed when no attempt was confirmed after one whose answer was lost.
        """
        reply = await self._http.send(
            "POST",
            "v1/posts",
            json=payload,
            timeout=self._publish_timeout if publish_now else None,
            idempotency_key=key or new_key(),
        )
        body = reply.body
        return Created(Post.model_validate(body.get("post", body)), reply)

    def made_after_all(self, post: Post, failure: KeyedRequestFailed | None = None) -> None:
        """The caller found that a create made `post` although its answer did not say so: the create that raised
        `failure` (its post found by content), or, with no failure, one more copy made by an API that ignored the
        key. Nothing to do here; the safety layer's `SafePosts` journals it."""

    @operation("PUT /v1/posts/{postId}")
    async def update(self, post_id: str, changes: dict[str, Any]) -> Post:
        body = await self._http.request("PUT", f"v1/posts/{seg(post_id)}", json=changes)
        return Post.model_validate(body.get("post", body))

    @operation("DELETE /v1/posts/{postId}")
    async def delete(self, post_id: str) -> None:
        """Delete a post. A retry after a lost answer that finds it gone is a success: that attempt deleted it."""
        await self._http.request("DELETE", f"v1/posts/{seg(post_id)}")

    @operation("POST /v1/posts/{postId}/retry")
    async def retry(self, post_id: str, *, listed: Post | None = None) -> Post:
        """Publishing again is slow like publish-now, so it gets the same timeout. `listed`: the post as the caller
        has just read it, for a wrapper that must see the post first (the safety layer) not to read it again."""
        body = await self._http.request("POST", f"v1/posts/{seg(post_id)}/retry", timeout=self._publish_timeout)
        return Post.model_validate(body.get("post", body))

    @operation("POST /v1/posts/{postId}/unpublish")
    async def unpublish(self, post_id: str, platform: str, account_id: str | None = None) -> dict[str, Any]:
        """Delete a published post from one platform (the API keeps the record, status cancelled or partial)."""
        body = {"platform": platform, **({"accountId": account_id} if account_id else {})}
        return dict(await self._http.request("POST", f"v1/posts/{seg(post_id)}/unpublish", json=body) or {})

    @operation("POST /v1/posts/{postId}/edit")
    async def edit_published(
        self, post_id: str, platform: str, content: str, account_id: str | None = None
    ) -> dict[str, Any]:
        """Change the text of a published post on one platform (X answers with the new post's id)."""
        body = {"platform": platform, "content": content, **({"accountId": account_id} if account_id else {})}
        return dict(await self._http.request("POST", f"v1/posts/{seg(post_id)}/edit", json=body) or {})

    @operation("POST /v1/posts/{postId}/review")
    async def review(self, post_id: str, decision: str) -> dict[str, Any]:
        """Approve (schedule) or reject (back to draft) a post pending approval."""
        body = {"decision": decision}
        return dict(await self._http.request("POST", f"v1/posts/{seg(post_id)}/review", json=body) or {})

    @operation("POST /v1/posts/bulk-upload")
    async def bulk_upload(
        self, content: bytes | IO[bytes], *, dry_run: bool, filename: str = "posts.csv"
    ) -> BulkUpload:
        """Validate (dry run) or schedule many posts from one CSV file, sent as multipart `file`.

        `content` may be an open file: it is streamed, never read whole. Creating posts is not idempotent,
        so like any POST this is never replayed once it may have been sent. The answer is BulkUploadResult for
        200 (all rows succeeded, or all failed) and 207 (mixed); a 400 is a refusal of the whole file.
        """
        return await self._http.parsed(
            BulkUpload,
            "POST",
            "v1/posts/bulk-upload",
            params={"dryRun": dry_run},
            files={"file": (filename, content, "text/csv")},
            timeout=self._publish_timeout,
        )
