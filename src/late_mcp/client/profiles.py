"""/v1/profiles CRUD."""

from __future__ import annotations

from typing import Any

from ..models.profiles import Profile
from ._transport import HTTP, seg


class Profiles:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    async def list(self) -> list[Profile]:
        body = await self._http.request("GET", "v1/profiles")
        return [Profile.model_validate(p) for p in body.get("profiles", [])]

    async def get(self, profile_id: str) -> Profile:
        body = await self._http.request("GET", f"v1/profiles/{seg(profile_id)}")
        return Profile.model_validate(body.get("profile", body))

    async def create(self, *, name: str, description: str | None = None, color: str | None = None) -> Profile:
        payload: dict[str, Any] = {"name": name}
        if description:
            payload["description"] = description
        if color:
            payload["color"] = color
        body = await self._http.request("POST", "v1/profiles", json=payload)
        return Profile.model_validate(body.get("profile", body))

    async def update(self, profile_id: str, changes: dict[str, Any]) -> Profile:
        body = await self._http.request("PUT", f"v1/profiles/{seg(profile_id)}", json=changes)
        return Profile.model_validate(body.get("profile", body))

    async def delete(self, profile_id: str) -> None:
        await self._http.request("DELETE", f"v1/profiles/{seg(profile_id)}")
