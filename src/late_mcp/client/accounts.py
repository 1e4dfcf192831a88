"""/v1/accounts: list, health, and managing one account (name, disconnect, where it posts, reviews)."""

from __future__ import annotations

import builtins
from typing import Any, TypeVar

from pydantic import BaseModel

from ..models.accounts import (
    Account,
    AccountChange,
    AccountHealth,
    Choice,
    CreatorInfo,
    LinkedInMention,
    Reviews,
)
from ._ops import operation
from ._transport import HTTP, items, seg

M = TypeVar("M", bound=BaseModel)


class Accounts:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    async def _choices(
        self, account_id: str, path: str, key: str, params: dict[str, Any] | None = None
    ) -> builtins.list[Choice]:
        """Where a connection can post (pages, locations, organizations, boards, subreddits), each listed under
        `key`; tokens the API includes (a Page's `access_token`) are dropped, never kept or shown."""
        body = await self._http.request("GET", f"v1/accounts/{seg(account_id)}/{path}", params=params)
        found = [c for c in items(body, key) if isinstance(c, dict)]
        return [Choice.model_validate({k: v for k, v in c.items() if k != "access_token"}) for c in found]

    async def _get(self, model: type[M], account_id: str, path: str, params: dict[str, Any]) -> M:
        """One of a connection's own sub-resources (`v1/accounts/{id}/<path>`), read as `model`."""
        return await self._http.parsed(model, "GET", f"v1/accounts/{seg(account_id)}/{path}", params=params)

    async def _change(self, account_id: str, path: str, payload: dict[str, Any]) -> AccountChange:
        """Set where a connection posts by default: a PUT on the same sub-resource its choices are listed at."""
        return await self._http.parsed(AccountChange, "PUT", f"v1/accounts/{seg(account_id)}/{path}", json=payload)

    @operation("GET /v1/accounts")
    async def list(self, *, profile_id: str | None = None) -> list[Account]:
        """The accounts that can post: `excludeHidden` leaves out those with enabled: false (still listed by
        default, though they cannot be posted to); the same filter is applied here for an API that ignores it."""
        body = await self._http.request("GET", "v1/accounts", params={"profileId": profile_id, "excludeHidden": True})
        accounts = [Account.model_validate(a) for a in items(body, "accounts")]
        return [a for a in accounts if a.enabled is not False]

    @operation("GET /v1/accounts/{accountId}/tiktok/creator-info")
    async def tiktok_creator_info(self, account_id: str, *, media_type: str = "video") -> CreatorInfo:
        """What a TikTok account offers for a video or photo post: its privacy levels, interaction settings."""
        return await self._get(CreatorInfo, account_id, "tiktok/creator-info", {"mediaType": media_type})

    @operation("GET /v1/accounts/health")
    async def health(
        self, *, profile_id: str | None = None, platform: str | None = None
    ) -> builtins.list[AccountHealth]:
        body = await self._http.request(
            "GET", "v1/accounts/health", params={"profileId": profile_id, "platform": platform}
        )
        return [AccountHealth.model_validate(a) for a in items(body, "accounts")]

    @operation("GET /v1/accounts/{accountId}/health")
    async def account_health(self, account_id: str) -> dict[str, object]:
        body: dict[str, object] = await self._http.request("GET", f"v1/accounts/{seg(account_id)}/health")
        return body

    # --- management (the `accounts` toolset) -------------------------------------------------------

    @operation("PUT /v1/accounts/{accountId}")
    async def update(
        self, account_id: str, *, username: str | None = None, display_name: str | None = None
    ) -> AccountChange:
        payload = {k: v for k, v in (("username", username), ("displayName", display_name)) if v}
        return await self._http.parsed(AccountChange, "PUT", f"v1/accounts/{seg(account_id)}", json=payload)

    @operation("DELETE /v1/accounts/{accountId}")
    async def disconnect(self, account_id: str) -> None:
        await self._http.request("DELETE", f"v1/accounts/{seg(account_id)}")

    @operation("GET /v1/accounts/{accountId}/gmb-reviews")
    async def gmb_reviews(self, account_id: str, *, page_size: int = 20, page_token: str | None = None) -> Reviews:
        return await self._get(Reviews, account_id, "gmb-reviews", {"pageSize": page_size, "pageToken": page_token})

    @operation("GET /v1/accounts/{accountId}/facebook-page")
    async def facebook_pages(self, account_id: str) -> builtins.list[Choice]:
        """The Pages behind a Facebook connection (the API docs: multi-page posting); page tokens are dropped."""
        return await self._choices(account_id, "facebook-page", "pages")

    @operation("GET /v1/accounts/{accountId}/gmb-locations")
    async def gmb_locations(self, account_id: str) -> builtins.list[Choice]:
        """The locations behind a Google Business connection (the API docs: multi-location posting)."""
        # "default 100, max 500": an account with more than 100 locations is listed whole up to the maximum
        return await self._choices(account_id, "gmb-locations", "locations", {"limit": 500})

    @operation("PUT /v1/accounts/{accountId}/gmb-locations")
    async def set_gmb_location(
        self, account_id: str, location_id: str, *, google_account_id: str | None = None
    ) -> AccountChange:
        """Switch which Google Business location the connection posts to by default (`selectedLocationId`, and
        the Google account that owns it as `googleAccountId`, the current name of the legacy `accountId`)."""
        payload = {"selectedLocationId": location_id}
        if google_account_id:
            payload["googleAccountId"] = google_account_id
        return await self._change(account_id, "gmb-locations", payload)

    @operation("PUT /v1/accounts/{accountId}/facebook-page")
    async def set_facebook_page(self, account_id: str, page_id: str) -> AccountChange:
        return await self._change(account_id, "facebook-page", {"selectedPageId": page_id})

    @operation("GET /v1/accounts/{accountId}/linkedin-organizations")
    async def linkedin_organizations(self, account_id: str) -> builtins.list[Choice]:
        return await self._choices(account_id, "linkedin-organizations", "organizations")

    @operation("PUT /v1/accounts/{accountId}/linkedin-organization")
    async def set_linkedin_type(self, account_id: str, *, organization: dict[str, Any] | None = None) -> AccountChange:
        """Post as an organization (give it, as listed by `linkedin_organizations`) or as the person (None)."""
        payload: dict[str, Any] = {"accountType": "organization" if organization else "personal"}
        if organization:
            payload["selectedOrganization"] = organization
        return await self._change(account_id, "linkedin-organization", payload)

    @operation("GET /v1/accounts/{accountId}/linkedin-mentions")
    async def linkedin_mention(self, account_id: str, url: str, *, display_name: str | None = None) -> LinkedInMention:
        params = {"url": url, "displayName": display_name}
        return await self._get(LinkedInMention, account_id, "linkedin-mentions", params)

    @operation("GET /v1/accounts/{accountId}/pinterest-boards")
    async def pinterest_boards(self, account_id: str) -> builtins.list[Choice]:
        return await self._choices(account_id, "pinterest-boards", "boards")

    @operation("PUT /v1/accounts/{accountId}/pinterest-boards")
    async def set_pinterest_board(
        self, account_id: str, board_id: str, *, board_name: str | None = None
    ) -> AccountChange:
        payload = {"defaultBoardId": board_id}
        if board_name:
            payload["defaultBoardName"] = board_name
        return await self._change(account_id, "pinterest-boards", payload)

    @operation("GET /v1/accounts/{accountId}/reddit-subreddits")
    async def reddit_subreddits(self, account_id: str) -> builtins.list[Choice]:
        return await self._choices(account_id, "reddit-subreddits", "subreddits")

    @operation("PUT /v1/accounts/{accountId}/reddit-subreddits")
    async def set_reddit_subreddit(self, account_id: str, subreddit: str) -> AccountChange:
        return await self._change(account_id, "reddit-subreddits", {"defaultSubreddit": subreddit})
