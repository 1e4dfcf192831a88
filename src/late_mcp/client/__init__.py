"""Async Late API client: `async with LateClient(api_key=...) as late: await late.posts.list()`.

It knows HTTP and the API's shapes, nothing of MCP or of the server's settings (`late_mcp.state.client_for`
builds one from those).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

import anyio
import httpx

from ..config import DEFAULT_BASE_URL
from ._ops import OPERATIONS, Operation
from ._retry import RetryPolicy
from ._transport import HTTP, Sleep
from .accounts import Accounts
from .media import Media
from .posts import Posts
from .profiles import Profiles
from .usage import Usage

if TYPE_CHECKING:
    from .account_groups import AccountGroups
    from .analytics import Analytics
    from .connect import Connect
    from .logs import Logs
    from .media_tools import MediaTools
    from .queue import Queue
    from .team import Team
    from .webhooks import Webhooks

__all__ = ["LateClient", "Operation", "RetryPolicy", "operations"]


class LateClient:
    """One HTTP connection pool and one resource object per API area."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        publish_timeout: float = 300.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self.http = HTTP(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            retry=retry or RetryPolicy(),
            transport=transport,
            sleep=sleep,
        )
        self.accounts = Accounts(self.http)
        self.profiles = Profiles(self.http)
        self.posts = Posts(self.http, publish_timeout=publish_timeout)
        self.media = Media(self.http, upload_timeout=publish_timeout)
        self.usage = Usage(self.http)

    # The areas outside the default toolset are built on first use, so starting the server (which the host
    # waits for) does not import their models.
    @cached_property
    def queue(self) -> Queue:
        from .queue import Queue

        return Queue(self.http)

    @cached_property
    def analytics(self) -> Analytics:
        from .analytics import Analytics

        return Analytics(self.http)

    @cached_property
    def logs(self) -> Logs:
        from .logs import Logs

        return Logs(self.http)

    @cached_property
    def account_groups(self) -> AccountGroups:
        from .account_groups import AccountGroups

        return AccountGroups(self.http)

    @cached_property
    def connect(self) -> Connect:
        from .connect import Connect

        return Connect(self.http)

    @cached_property
    def webhooks(self) -> Webhooks:
        from .webhooks import Webhooks

        return Webhooks(self.http)

    @cached_property
    def team(self) -> Team:
        from .team import Team

        return Team(self.http)

    @cached_property
    def media_tools(self) -> MediaTools:
        from .media_tools import MediaTools

        return MediaTools(self.http)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> LateClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


def operations() -> list[Operation]:
    """Every documented operation a client method sends, after importing every area (some load on first use)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return list(OPERATIONS)
