"""/v1/account-groups CRUD."""

from __future__ import annotations

import builtins
from typing import Any

from ..models.account_groups import AccountGroup
from ._ops import operation
from ._transport import HTTP, items, seg


class AccountGroups:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/account-groups")
    async def list(self) -> builtins.list[AccountGroup]:
        body = await self._http.request("GET", "v1/account-groups")
        return [AccountGroup.model_validate(g) for g in items(body, "groups")]

    @operation("POST /v1/account-groups")
    async def create(self, *, name: str, account_ids: builtins.list[str]) -> AccountGroup:
        body = await self._http.request("POST", "v1/account-groups", json={"name": name, "accountIds": account_ids})
        return AccountGroup.model_validate(body.get("group", body))

    @operation("PUT /v1/account-groups/{groupId}")
    async def update(
        self, group_id: str, *, name: str | None = None, account_ids: builtins.list[str] | None = None
    ) -> AccountGroup:
        payload: dict[str, Any] = {}
        if name:
            payload["name"] = name
        if account_ids is not None:
            payload["accountIds"] = account_ids
        body = await self._http.request("PUT", f"v1/account-groups/{seg(group_id)}", json=payload)
        group = body.get("group") if isinstance(body.get("group"), dict) else {}
        # The reference leaves the updated group's shape open: fill in what we sent.
        fallback = {"_id": group_id, "name": name or "", "accountIds": account_ids or []}
        return AccountGroup.model_validate({**fallback, **group})

    @operation("DELETE /v1/account-groups/{groupId}")
    async def delete(self, group_id: str) -> None:
        await self._http.request("DELETE", f"v1/account-groups/{seg(group_id)}")
