"""GET /v1/usage-stats."""

from __future__ import annotations

from ..models.usage import UsageStats
from ._ops import operation
from ._transport import HTTP


class Usage:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/usage-stats")
    async def stats(self) -> UsageStats:
        return UsageStats.model_validate(await self._http.request("GET", "v1/usage-stats"))
