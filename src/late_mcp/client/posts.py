"""/v1/posts: list, create, get, update, delete, retry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from ..models.posts import Post, PostPage
from ._transport import HTTP, seg

#: the API's largest page
MAX_PAGE = 100


class Posts:
    def __init__(self, http: HTTP, *, publish_timeout: float) -> None:
        self._http = http
        self._publish_timeout = publish_timeout

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
                "dateFrom": date_from,
                "dateTo": date_to,
            },
        )
        return PostPage.model_validate(body)

    async def iterate(self, *, status: str | None = None, page_size: int = MAX_PAGE) -> AsyncIterator[Post]:
        """Every post matching the filter, across all pages."""
        page = 1
        while True:
            batch = await self.list(page=page, limit=page_size, status=status)
            for post in batch.posts:
                yield post
            if page >= batch.pagination.pages or not batch.posts:
                return
            page += 1

    async def get(self, post_id: str) -> Post:
        body = await self._http.request("GET", f"v1/posts/{seg(post_id)}")
        return Post.model_validate(body.get("post", body))

    async def create(self, payload: dict[str, Any], *, publish_now: bool = False) -> Post:
        """Create a post. The caller says whether it publishes now: that request gets the long timeout."""
        body = await self._http.request(
            "POST",
            "v1/posts",
            json=payload,
            timeout=self._publish_timeout if publish_now else None,
        )
        return Post.model_validate(body.get("post", body))

    async def update(self, post_id: str, changes: dict[str, Any]) -> Post:
        body = await self._http.request("PUT", f"v1/posts/{seg(post_id)}", json=changes)
        return Post.model_validate(body.get("post", body))

    async def delete(self, post_id: str) -> None:
        await self._http.request("DELETE", f"v1/posts/{seg(post_id)}")

    async def retry(self, post_id: str) -> Post:
        """Publishing again is slow like publish-now, so it gets the same timeout."""
        body = await self._http.request("POST", f"v1/posts/{seg(post_id)}/retry", timeout=self._publish_timeout)
        return Post.model_validate(body.get("post", body))
