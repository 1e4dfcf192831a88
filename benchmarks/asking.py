"""The cost of asking: the API requests a confirmed write sends, and how long the person waits after saying yes.

    uv run python benchmarks/asking.py [--latency 0.15]

Runs the server in this process against an in-memory sandbox behind a transport that notes every request and
holds each one `--latency` seconds (a real API's round trip), with an MCP client that supports elicitation and
answers yes, under both protocol eras and from a host that cannot ask. For each call it prints the reads before
the write, the requests in order, and the seconds from the answer to the write being sent (from the call's start
where nobody is asked). Prints figures; judges nothing (tests/safety/test_reads.py pins the request lists).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import anyio
import httpx
from mcp import Client, types
from mcp.client.session import ClientRequestContext

from late_mcp.config import Settings
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import ACCOUNT_IDS, oid, seeded_store
from late_mcp.server import build_server

KEY = "sk_" + "5a" * 32
WEBINAR = oid("post:scheduled-webinar")
TWITTER, LINKEDIN = ACCOUNT_IDS["twitter"], ACCOUNT_IDS["linkedin"]
NOW = {"content": "Live from the studio", "platform": "twitter", "account_id": TWITTER}
#: name, tool, arguments, settings
CALLS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("publish", "posts_publish_now", NOW, {}),
    ("create publish_now", "posts_create", {**NOW, "publish_now": True}, {}),
    ("cross-post, 2 platforms", "posts_cross_post",
     {"content": "Launch", "platforms": "twitter,linkedin", "account_ids": [TWITTER, LINKEDIN], "publish_now": True},
     {}),
    ("delete", "posts_delete", {"post_id": WEBINAR}, {}),
    ("update (LATE_CONFIRM=all)", "posts_update", {"post_id": WEBINAR, "content": "Edited"}, {"confirm": "all"}),
]  # fmt: skip


class Slow(httpx.AsyncBaseTransport):
    """The sandbox, each request held `latency` seconds and noted with the time it was sent."""

    def __init__(self, app: Any, latency: float) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.latency = latency
        self.sent: list[tuple[float, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((time.perf_counter(), f"{request.method} {request.url.path.removeprefix('/api')}"))
        await anyio.sleep(self.latency)
        return await self.inner.handle_async_request(request)


async def one(tool: str, args: dict[str, Any], settings: dict[str, Any], mode: str, latency: float) -> str:
    store = seeded_store(":memory:")
    store.api_key = KEY
    network = Slow(create_app(store), latency)
    server = build_server(
        Settings(api_key=KEY, base_url="http://127.0.0.1/api", timezone="Europe/Berlin", **settings),
        transport=network,
    )
    answered: list[float] = []

    async def person(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        answered.append(time.perf_counter())
        return types.ElicitResult(action="accept", content={"confirm": True})

    asks = mode != "no elicitation"
    async with Client(server, mode="legacy" if mode == "legacy" else "auto",
                      elicitation_callback=person if asks else None) as client:  # fmt: skip
        network.sent.clear()
        started = time.perf_counter()
        result = await client.call_tool(tool, args)
    store.close()
    if result.is_error:
        return f"error: {result.content}"
    reads = [what for _, what in network.sent if what.startswith("GET")]
    wrote = next(at for at, what in network.sent if not what.startswith("GET"))
    waited = wrote - (answered[-1] if answered else started)
    shown = " | ".join(what.replace(WEBINAR, "{id}").replace("/v1/", "") for _, what in network.sent)
    return f"{len(reads):>5} {waited:>8.2f}s   {shown}"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.15, help="seconds each API request takes (default 0.15)")
    latency = parser.parse_args().latency
    print(f"API latency {latency:.2f} s a request; reads before the write; seconds from the answer to the write")
    print(f"{'call':27} {'protocol':15} {'reads':>5} {'waited':>9}   requests")
    for name, tool, args, settings in CALLS:
        for mode in ("auto", "legacy", "no elicitation"):
            print(f"{name:27} {mode:15} {await one(tool, args, settings, mode, latency)}")


if __name__ == "__main__":
    anyio.run(main)
