"""Team: users, member invite tokens, platform connection invites, and listing API keys.

Creating or deleting API keys (POST /v1/api-keys, DELETE /v1/api-keys/{keyId}) is deliberately not here: an
assistant must never mint or revoke credentials, so no code path can send those requests.
"""

from __future__ import annotations

from ..models.team import ApiKey, InviteToken, PlatformInvite, User, Users
from ._ops import operation
from ._transport import HTTP, items, seg


class Team:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/users")
    async def users(self) -> Users:
        return Users.model_validate(await self._http.request("GET", "v1/users"))

    @operation("GET /v1/users/{userId}")
    async def user(self, user_id: str) -> User:
        body = await self._http.request("GET", f"v1/users/{seg(user_id)}")
        return User.model_validate(body.get("user", body))

    @operation("POST /v1/invite/tokens")
    async def invite_member(self, *, profile_ids: list[str] | None = None) -> InviteToken:
        """A single-use, 7-day link that grants a team member all profiles, or only `profile_ids`."""
        payload: dict[str, object] = {"scope": "profiles" if profile_ids else "all"}
        if profile_ids:
            payload["profileIds"] = profile_ids
        return InviteToken.model_validate(await self._http.request("POST", "v1/invite/tokens", json=payload))

    @operation("GET /v1/platform-invites")
    async def platform_invites(self, *, profile_id: str | None = None) -> list[PlatformInvite]:
        body = await self._http.request("GET", "v1/platform-invites", params={"profileId": profile_id})
        return [PlatformInvite.model_validate(i) for i in items(body, "invites")]

    @operation("POST /v1/platform-invites")
    async def invite_platform(self, *, profile_id: str, platform: str) -> PlatformInvite:
        """A 7-day link for someone else to connect their `platform` account to one of our profiles."""
        body = await self._http.request(
            "POST", "v1/platform-invites", json={"profileId": profile_id, "platform": platform}
        )
        return PlatformInvite.model_validate(body.get("invite", body))

    @operation("DELETE /v1/platform-invites")
    async def revoke_platform_invite(self, invite_id: str) -> None:
        await self._http.request("DELETE", "v1/platform-invites", params={"id": invite_id})

    @operation("GET /v1/api-keys")
    async def api_keys(self) -> list[ApiKey]:
        body = await self._http.request("GET", "v1/api-keys")
        return [ApiKey.model_validate(k) for k in items(body, "apiKeys")]
