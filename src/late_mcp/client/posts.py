"""/v1/posts: list, create, get, update, delete, retry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import IO, Any

from ..models.bulk import BulkUpload
from ..models.posts import Post, PostPage
from ._ops import operation
from ._transport import HTTP, seg

#: the API's largest page
MAX_PAGE = 100


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
    ) -> PostPage:
        body = await self._http.request(
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
            },
        )
        return PostPage.model_validate(body)

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

    @operation("GET /v1/posts/{postId}")
    async def get(self, post_id: str) -> Post:
        body = await self._http.request("GET", f"v1/posts/{seg(post_id)}")
        return Post.model_validate(body.get("post", body))

    @operation("POST /v1/posts")
    async def create(self, payload: dict[str, Any], *, publish_now: bool = False) -> Post:
        """Create a post. The caller says whether it publishes now: that request gets the long timeout."""
        body = await self._http.request(
            "POST",
            "v1/posts",
            json=payload,
            timeout=self._publish_timeout if publish_now else None,
        )
        return Post.model_validate(body.get("post", body))

    @operation("PUT /v1/posts/{postId}")
    async def update(self, post_id: str, changes: dict[str, Any]) -> Post:
        body = await self._http.request("PUT", f"v1/posts/{seg(post_id)}", json=changes)
        return Post.model_validate(body.get("post", body))

    @operation("DELETE /v1/posts/{postId}")
    async def delete(self, post_id: str) -> None:
        await self._http.request("DELETE", f"v1/posts/{seg(post_id)}")

    @operation("POST /v1/posts/{postId}/retry")
    async def retry(self, post_id: str) -> Post:
        """Publishing again is slow like publish-now, so it gets the same timeout."""
        body = await self._http.request("POST", f"v1/posts/{seg(post_id)}/retry", timeout=self._publish_timeout)
        return Post.model_validate(body.get("post", body))

    @operation("POST /v1/posts/bulk-upload")
    async def bulk_upload(
        self, content: bytes | IO[bytes], *, dry_run: bool, filename: str = "posts.csv"
    ) -> BulkUpload:
        """Validate (dry run) or schedule many posts from one CSV file, sent as multipart `file`.

        `content` may be an open file: it is streamed, never read whole. Creating posts is not idempotent,
        so like any POST this is never replayed once it may have been sent. The answer is BulkUploadResult for
        200 (all rows succeeded, or all failed) and 207 (mixed); a 400 is a refusal of the whole file.
        """
        body = await self._http.request(
            "POST",
            "v1/posts/bulk-upload",
            params={"dryRun": dry_run},
            files={"file": (filename, content, "text/csv")},
            timeout=self._publish_timeout,
        )
        return BulkUpload.model_validate(body)
