"""/v1/connect: start OAuth, complete it by hand, Bluesky and Telegram, and the headless selection steps.

The headless steps authenticate with the short-lived `X-Connect-Token` from the OAuth redirect as well as
the API key.
"""

from __future__ import annotations

from typing import Any

from ..models.connect import AuthStart, Connected, PendingData, TelegramCode, TelegramStatus
from ._ops import operation
from ._transport import HTTP, items, seg

#: platform -> (GET path listing what the user can pick, key of the list in the answer)
OPTIONS: dict[str, tuple[str, str]] = {
    "facebook": ("v1/connect/facebook/select-page", "pages"),
    "googlebusiness": ("v1/connect/googlebusiness/locations", "locations"),
    "linkedin": ("v1/connect/linkedin/organizations", "organizations"),
    "pinterest": ("v1/connect/pinterest/select-board", "boards"),
    "snapchat": ("v1/connect/snapchat/select-profile", "publicProfiles"),
}
#: platform -> POST path that saves the pick and finishes the connection
SELECT: dict[str, str] = {
    "facebook": "v1/connect/facebook/select-page",
    "googlebusiness": "v1/connect/googlebusiness/select-location",
    "linkedin": "v1/connect/linkedin/select-organization",
    "pinterest": "v1/connect/pinterest/select-board",
    "snapchat": "v1/connect/snapchat/select-profile",
}


def _token_header(connect_token: str | None) -> dict[str, str] | None:
    return {"X-Connect-Token": connect_token} if connect_token else None


class Connect:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/connect/{platform}")
    async def start(
        self, platform: str, profile_id: str, *, redirect_url: str | None = None, headless: bool = False
    ) -> AuthStart:
        """The OAuth URL the user opens to connect `platform` to a profile."""
        return await self._http.parsed(
            AuthStart,
            "GET",
            f"v1/connect/{seg(platform)}",
            params={"profileId": profile_id, "redirect_url": redirect_url, "headless": headless or None},
        )

    @operation("GET /v1/connect/pending-data")
    async def pending_data(self, token: str) -> PendingData:
        """What a headless redirect's pendingDataToken stands for; repeatable until the selection is saved."""
        return await self._http.parsed(PendingData, "GET", "v1/connect/pending-data", params={"token": token})

    @operation("POST /v1/connect/{platform}")
    async def complete(self, platform: str, *, code: str, state: str, profile_id: str) -> Connected:
        """Finish an OAuth flow by hand with the `code` and `state` the platform redirected with."""
        return await self._http.parsed(
            Connected,
            "POST",
            f"v1/connect/{seg(platform)}",
            json={"code": code, "state": state, "profileId": profile_id},
        )

    @operation("POST /v1/connect/bluesky/credentials")
    async def bluesky(
        self, *, identifier: str, app_password: str, state: str, redirect_uri: str | None = None
    ) -> Connected:
        """Connect Bluesky with an app password; `state` is `{userId}-{profileId}`."""
        payload = {"identifier": identifier, "appPassword": app_password, "state": state}
        if redirect_uri:
            payload["redirectUri"] = redirect_uri
        return Connected.model_validate(
            await self._http.request("POST", "v1/connect/bluesky/credentials", json=payload)
        )

    @operation("GET /v1/connect/telegram")
    async def telegram_code(self, profile_id: str) -> TelegramCode:
        return await self._http.parsed(TelegramCode, "GET", "v1/connect/telegram", params={"profileId": profile_id})

    @operation("POST /v1/connect/telegram")
    async def telegram_connect(self, *, chat_id: str, profile_id: str) -> Connected:
        return await self._http.parsed(
            Connected, "POST", "v1/connect/telegram", json={"chatId": chat_id, "profileId": profile_id}
        )

    @operation("PATCH /v1/connect/telegram")
    async def telegram_status(self, code: str) -> TelegramStatus:
        return await self._http.parsed(TelegramStatus, "PATCH", "v1/connect/telegram", params={"code": code})

    @operation(
        "GET /v1/connect/facebook/select-page",
        "GET /v1/connect/googlebusiness/locations",
        "GET /v1/connect/linkedin/organizations",
        "GET /v1/connect/pinterest/select-board",
        "GET /v1/connect/snapchat/select-profile",
    )
    async def options(
        self,
        platform: str,
        *,
        temp_token: str | None = None,
        pending_token: str | None = None,
        profile_id: str | None = None,
        connect_token: str | None = None,
        org_ids: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        """What the user can pick after a headless OAuth: pages, locations, organizations, boards, profiles.

        Google Business lists by `pendingDataToken` ("Preferred over tempToken because it preserves server-side
        token storage"); Pinterest and Snapchat need the redirect's X-Connect-Token.
        """
        path, key = OPTIONS[platform]
        params: dict[str, Any] = {"tempToken": temp_token, "pendingDataToken": pending_token}
        if platform == "linkedin":
            params["orgIds"] = ",".join(org_ids or [])
        else:
            params["profileId"] = profile_id
        body = await self._http.request("GET", path, params=params, headers=_token_header(connect_token))
        return [item for item in items(body, key) if isinstance(item, dict)]

    @operation(
        "POST /v1/connect/facebook/select-page",
        "POST /v1/connect/googlebusiness/select-location",
        "POST /v1/connect/linkedin/select-organization",
        "POST /v1/connect/pinterest/select-board",
        "POST /v1/connect/snapchat/select-profile",
    )
    async def select(self, platform: str, payload: dict[str, Any], *, connect_token: str | None = None) -> Connected:
        """Save the user's pick and finish the headless connection."""
        return await self._http.parsed(
            Connected, "POST", SELECT[platform], json=payload, headers=_token_header(connect_token)
        )
