"""/v1/profiles CRUD."""

from __future__ import annotations

from typing import Any

from ..models.profiles import Profile
from ._call import new_key
from ._ops import operation
from ._transport import HTTP, items, seg


class Profiles:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/profiles")
    async def list(self, *, name: str | None = None) -> list[Profile]:
        """Every profile, or those named exactly `name` (the SDK: "to recover a profile id after an ambiguous
        create")."""
        body = await self._http.request("GET", "v1/profiles", params={"name": name})
        return [Profile.model_validate(p) for p in items(body, "profiles")]

    @operation("GET /v1/profiles/{profileId}")
    async def get(self, profile_id: str) -> Profile:
        body = await self._http.request("GET", f"v1/profiles/{seg(profile_id)}")
        return Profile.model_validate(body.get("profile", body))

    @operation("POST /v1/profiles")
    async def create(
        self, *, name: str, description: str | None = None, color: str | None = None, key: str | None = None
    ) -> Profile:
        """Create a profile under one Idempotency-Key (a fresh one unless given), sent again under that key when
        an answer is lost, so a retry cannot make a second profile.

        Raises ProfileExistsError (409, `existing_profile_id`) when the name is taken, KeyedRequestFailed when no
        attempt was confirmed after one whose answer was lost (`tools/profile_made.py` settles both)."""
        payload: dict[str, Any] = {"name": name}
        if description:
            payload["description"] = description
        if color:
            payload["color"] = color
        reply = await self._http.send("POST", "v1/profiles", json=payload, idempotency_key=key or new_key())
        return Profile.model_validate(reply.body.get("profile", reply.body))

    @operation("PUT /v1/profiles/{profileId}")
    async def update(self, profile_id: str, changes: dict[str, Any]) -> Profile:
        body = await self._http.request("PUT", f"v1/profiles/{seg(profile_id)}", json=changes)
        return Profile.model_validate(body.get("profile", body))

    @operation("DELETE /v1/profiles/{profileId}")
    async def delete(self, profile_id: str) -> None:
        await self._http.request("DELETE", f"v1/profiles/{seg(profile_id)}")
