"""/v1/profiles CRUD."""

from __future__ import annotations

from typing import Any

from ..models.profiles import Profile
from ._ops import operation
from ._transport import HTTP, items, seg


class Profiles:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/profiles")
    async def list(self) -> list[Profile]:
        body = await self._http.request("GET", "v1/profiles")
        return [Profile.model_validate(p) for p in items(body, "profiles")]

    @operation("GET /v1/profiles/{profileId}")
    async def get(self, profile_id: str) -> Profile:
        body = await self._http.request("GET", f"v1/profiles/{seg(profile_id)}")
        return Profile.model_validate(body.get("profile", body))

    @operation("POST /v1/profiles")
    async def create(self, *, name: str, description: str | None = None, color: str | None = None) -> Profile:
        payload: dict[str, Any] = {"name": name}
        if description:
            payload["description"] = description
        if color:
            payload["color"] = color
        body = await self._http.request("POST", "v1/profiles", json=payload)
        return Profile.model_validate(body.get("profile", body))

    @operation("PUT /v1/profiles/{profileId}")
    async def update(self, profile_id: str, changes: dict[str, Any]) -> Profile:
        body = await self._http.request("PUT", f"v1/profiles/{seg(profile_id)}", json=changes)
        return Profile.model_validate(body.get("profile", body))

    @operation("DELETE /v1/profiles/{profileId}")
    async def delete(self, profile_id: str) -> None:
        await self._http.request("DELETE", f"v1/profiles/{seg(profile_id)}")
