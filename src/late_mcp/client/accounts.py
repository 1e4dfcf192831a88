"""GET /v1/accounts and account health."""

from __future__ import annotations

import builtins

from ..models.accounts import Account, AccountHealth
from ._transport import HTTP, seg


class Accounts:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    async def list(self, *, profile_id: str | None = None) -> list[Account]:
        body = await self._http.request("GET", "v1/accounts", params={"profileId": profile_id})
        return [Account.model_validate(a) for a in body.get("accounts", [])]

    async def health(
        self, *, profile_id: str | None = None, platform: str | None = None
    ) -> builtins.list[AccountHealth]:
        body = await self._http.request(
            "GET", "v1/accounts/health", params={"profileId": profile_id, "platform": platform}
        )
        return [AccountHealth.model_validate(a) for a in body.get("accounts", [])]

    async def account_health(self, account_id: str) -> dict[str, object]:
        body: dict[str, object] = await self._http.request("GET", f"v1/accounts/{seg(account_id)}/health")
        return body
