"""late-mcp over streamable HTTP: calls per second for many concurrent users, latency, and the server's memory.

    uv run python benchmarks/http_users.py [--users 1,10,50] [--calls 20]

Starts `late-mcp sandbox` and `late-mcp --transport streamable-http` (each its own process, loopback), then runs
that many users at once, each an SDK client (`mcp.Client` over streamable HTTP, its own connection) making calls
one after another, in both protocol eras: `now` (no API call: the MCP and HTTP cost alone) and `posts_get` (one
API call). The SDK client runs in this process and its CPU counts against the figures; on a machine with few
cores the sandbox, the server and the clients share them. Prints figures; judges nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stdio import child_env
from bench import LATE_MCP, Sandbox, summary

ROW = "{:7} {:10} {:>5} {:>6} {:>8} {:>8} {:>8} {:>8}"


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():  # not Linux: no figure
        return float("nan")
    return int(status.read_text().split("VmRSS:")[1].split()[0]) / 1024


async def start_server(base_url: str) -> tuple[asyncio.subprocess.Process, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = child_env(LATE_BASE_URL=base_url, LATE_TIMEZONE="UTC", LATE_LOG_LEVEL="WARNING")
    proc = await asyncio.create_subprocess_exec(
        LATE_MCP, "--transport", "streamable-http", "--port", str(port),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient() as http:
        for _ in range(1200):
            try:
                if (await http.get(url + "/healthz")).status_code == 200:
                    return proc, url + "/mcp"
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    proc.terminate()
    raise RuntimeError("the HTTP server did not start")


async def users_at_once(
    url: str, key: str, mode: str, tool: str, args: dict[str, Any], users: int, calls: int
) -> dict[str, Any]:
    latencies: list[float] = []

    async def one() -> None:
        async with (
            httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=120) as http,
            Client(streamable_http_client(url, http_client=http), mode=mode) as client,  # type: ignore[arg-type]
        ):
            for _ in range(calls):
                started = time.perf_counter()
                await client.call_tool(tool, args)
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for _ in range(users):
            tg.start_soon(one)
    elapsed = time.perf_counter() - started
    return {"calls_per_s": round(len(latencies) / elapsed, 1), **summary(latencies)}


async def run(users: list[int], calls: int) -> None:
    sandbox = await Sandbox.start()
    try:
        await sandbox.set(rate_limit_per_minute=10_000_000)  # the benchmark, not the API's limit
        post = (await sandbox.http.get("v1/posts", params={"limit": 1})).json()["posts"][0]["_id"]
        proc, url = await start_server(sandbox.base_url)
        try:
            print(f"server idle: {rss_mb(proc.pid):.0f} MiB RSS")
            print(ROW.format("era", "tool", "users", "calls", "calls/s", "p50 ms", "p95 ms", "RSS MiB"))
            for mode in ("auto", "legacy"):
                for tool, args in (("now", {}), ("posts_get", {"post_id": post})):
                    for n in users:
                        got = await users_at_once(url, sandbox.api_key, mode, tool, args, n, calls)
                        shown = (got["calls_per_s"], got["median_ms"], got["p95_ms"], f"{rss_mb(proc.pid):.0f}")
                        print(ROW.format(mode, tool, n, n * calls, *shown))
        finally:
            proc.terminate()
            await proc.wait()
    finally:
        await sandbox.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", default="1,10,50", help="concurrent users per run, comma-separated")
    parser.add_argument("--calls", type=int, default=20, help="calls per user per run")
    args = parser.parse_args()
    asyncio.run(run([int(n) for n in args.users.split(",")], args.calls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
