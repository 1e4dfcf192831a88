"""What lives as long as the server process: the settings, one Late client, and the pauses it takes.

The client knows HTTP and the API, never these settings: `client_for` is the one place that reads one into the
other (the tools' state and `late-mcp doctor` both build their client there).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Protocol

import anyio

from .config import Settings
from .safety.guards import Guards
from .safety.journal import Journal

if TYPE_CHECKING:
    import httpx
    from mcp.server.mcpserver import Context

    from .client import LateClient

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Waits:
    """The pauses the server picks itself; a wait the API asks for (Retry-After) is always honoured in full.

    Tests shorten them: what is retried or looked for again, and how often, stays the same.
    """

    #: the jittered backoff before a retry as (first, longest) in seconds; None keeps the client's own
    backoff: tuple[float, float] | None = None
    #: how a pause between two looks for a post whose create got no answer is slept
    sleep: Sleep = anyio.sleep


#: the pauses a real server takes
DEFAULT_WAITS = Waits()


def client_for(
    settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None, waits: Waits = DEFAULT_WAITS
) -> LateClient:
    """The Late client these settings describe (key, URL, timeouts, retries)."""
    from .client import LateClient, RetryPolicy

    retry = RetryPolicy(
        max_retries=settings.max_retries, max_wait=settings.max_retry_wait, max_total_wait=settings.max_total_wait
    )
    if waits.backoff is not None:
        retry = replace(retry, base_delay=waits.backoff[0], max_delay=waits.backoff[1])
    return LateClient(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        publish_timeout=settings.publish_timeout,
        retry=retry,
        transport=transport,
    )


#: (request, tool) -> how that request reaches a tool a message suggests: the tool's name when it is offered, its
#: toolset and how to turn that on when the `toolsets` tool can, None when this server cannot offer it (read-only
#: mode, excluded, a fixed tool list without it). server_tools.Reach is the server's.
Reach = Callable[["Context[Any] | None", str], "str | None"]


def nowhere(ctx: Context[Any] | None, name: str) -> str | None:
    """The reach of a state built outside a server (resources, doctor): no tool to suggest."""
    return None


class ToolsetSwitch(Protocol):
    """Which toolsets this server offers, and turning more on while it runs (the `toolsets` tool)."""

    #: stateless HTTP: no session to change; each request names its toolsets instead
    stateless: bool

    def on(self, ctx: Context[Any] | None = None) -> dict[str, bool]:
        """toolset -> whether its tools are offered to this request (partly offered counts as on)."""
        ...

    def check(self, asked: list[str]) -> list[str]:
        """The toolset names as given, each known; an InputError listing the known ones otherwise."""
        ...

    async def enable(self, ctx: Context[Any], asked: list[str]) -> list[str]:
        """Offer these toolsets' tools from now on and tell the client; the names of the tools added."""
        ...


@dataclass
class AppState:
    """One client and one set of settings for the whole process.

    The client (and httpx with it) is built on the first tool call, not at start: the host waits for
    `initialize`, and no API call is needed to answer it.
    """

    settings: Settings
    transport: httpx.AsyncBaseTransport | None = None
    waits: Waits = field(default_factory=Waits)
    toolsets: ToolsetSwitch | None = None
    reach: Reach = nowhere
    _client: LateClient | None = field(default=None, repr=False)
    _journal: Journal | None = field(default=None, repr=False)
    #: stateless HTTP: every request stands alone and the process serves many people, so nothing one request
    #: learns about its host (or its person) may change what another is told
    stateless: bool = False
    #: stdio: the host was found unable to ask the person, and a result has said so (it is said once)
    told_no_confirm: bool = False

    @property
    def client(self) -> LateClient:
        """The client, its posts area guarded and journaled (`safety.writes`)."""
        if self._client is None:
            from .safety.writes import SafePosts
            from .timeutil import now_utc

            client = client_for(self.settings, transport=self.transport, waits=self.waits)
            client.posts = SafePosts(
                client.posts,
                journal=self.journal,
                guards=self.guards,
                accounts=client.accounts.list,
                now=now_utc,
                stamp=self.settings.stamp_posts,
                require_approval=self.settings.require_approval,
            )
            self._client = client
        return self._client

    @property
    def guards(self) -> Guards:
        s = self.settings
        return Guards(s.allow_accounts, s.allow_publish_now, s.max_posts_per_day)

    @property
    def journal(self) -> Journal:
        """Opened on first use; a journal that cannot be opened is unavailable, never fatal."""
        if self._journal is None:
            self._journal = (
                Journal(self.settings.journal, self.settings.api_key)
                if self.settings.journal
                else Journal.off("the journal is off (LATE_JOURNAL=off): this server keeps no record of its writes")
            )
        return self._journal

    @property
    def zone(self) -> tzinfo:
        return self.settings.zone

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
        if self._journal is not None:
            self._journal.close()


def state(ctx: Context[Any]) -> AppState:
    """The app state of the request a tool or resource is serving."""
    app = ctx.request_context.lifespan_context
    assert isinstance(app, AppState)
    return app
