"""/v1/webhooks: settings CRUD (up to 10 per user), a test delivery, and delivery logs."""

from __future__ import annotations

import builtins
from typing import Any

from ..models.webhooks import Webhook, WebhookLog, WebhookTest
from ._ops import operation
from ._transport import HTTP, items


class Webhooks:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/webhooks/settings")
    async def list(self) -> builtins.list[Webhook]:
        body = await self._http.request("GET", "v1/webhooks/settings")
        return [Webhook.model_validate(w) for w in items(body, "webhooks")]

    @operation("POST /v1/webhooks/settings")
    async def create(self, fields: dict[str, Any]) -> Webhook:
        """`fields` in the API's names: name, url, secret, events, isActive, customHeaders."""
        body = await self._http.request("POST", "v1/webhooks/settings", json=fields)
        return Webhook.model_validate(body.get("webhook", body))

    @operation("PUT /v1/webhooks/settings")
    async def update(self, webhook_id: str, fields: dict[str, Any]) -> Webhook:
        """Only the given fields change."""
        # webhookId: "the same name the other /v1/webhooks operations use" (the older `_id` is still accepted)
        body = await self._http.request("PUT", "v1/webhooks/settings", json={"webhookId": webhook_id, **fields})
        return Webhook.model_validate(body.get("webhook", body))

    @operation("DELETE /v1/webhooks/settings")
    async def delete(self, webhook_id: str) -> None:
        # webhookId (`id` is its older alias, "kept for existing callers")
        await self._http.request("DELETE", "v1/webhooks/settings", params={"webhookId": webhook_id})

    @operation("POST /v1/webhooks/test")
    async def test(self, webhook_id: str) -> WebhookTest:
        """Send a `webhook.test` event to the webhook's URL."""
        return await self._http.parsed(WebhookTest, "POST", "v1/webhooks/test", json={"webhookId": webhook_id})

    @operation("GET /v1/webhooks/logs")
    async def logs(
        self,
        *,
        webhook_id: str | None = None,
        status: str | None = None,
        event: str | None = None,
        limit: int = 50,
    ) -> builtins.list[WebhookLog]:
        body = await self._http.request(
            "GET",
            "v1/webhooks/logs",
            params={"webhookId": webhook_id, "status": status, "event": event, "limit": limit},
        )
        return [WebhookLog.model_validate(item) for item in items(body, "logs")]
