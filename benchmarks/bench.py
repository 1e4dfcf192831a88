"""late-mcp benchmark: cold start, tool-list size, warm call latency, concurrency, bulk retry, peak memory.

    uv run python benchmarks/bench.py [--quick] [--json out.json]

Spawns the installed `late-mcp` (beside this interpreter) over stdio against the sandbox API (`late-mcp
sandbox` in its own process on loopback), and talks raw JSON-RPC to it (no client library in the
timings). Prints a table and, with --json, writes every figure. It judges nothing: the targets are printed
beside the figures for the reader.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _stdio import RPCError, StdioSession, child_env

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
LATE_MCP = str(BIN / "late-mcp")
BARE = [sys.executable, str(HERE / "bare_server.py")]

TARGETS = {
    "cold_start_ratio": 1.25,
    "overhead_ms": 3.0,
    "concurrent_reads_s": 0.6,
    "retry_all_failed_s": 1.2,
    "peak_rss_mb": 120.0,
}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values_s: list[float]) -> dict[str, Any]:
    ms = [v * 1000 for v in values_s]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "min_ms": round(min(ms), 3),
        "max_ms": round(max(ms), 3),
    }


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "os": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "mcp": metadata.version("mcp"),
        "late_mcp": metadata.version("late-mcp"),
    }


# --- the sandbox, in its own process ------------------------------------------------------------------------------


class Sandbox:
    def __init__(self, proc: asyncio.subprocess.Process, base_url: str, api_key: str) -> None:
        self.proc = proc
        self.base_url = base_url
        self.root_url = base_url.removesuffix("/api")
        self.api_key = api_key
        self.http = httpx.AsyncClient(
            base_url=base_url + "/", headers={"Authorization": f"Bearer {api_key}"}, timeout=30
        )
        self.control = httpx.AsyncClient(base_url=self.root_url, timeout=30)
        self._drain = asyncio.create_task(self._drain_stderr())

    @classmethod
    async def start(cls) -> Sandbox:
        """`late-mcp sandbox` on a free loopback port; its banner (stderr) gives the URL and the demo key."""
        proc = await asyncio.create_subprocess_exec(
            LATE_MCP, "sandbox", "--port", "0", "--data-dir", ":memory:",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=child_env(),
        )  # fmt: skip
        assert proc.stderr is not None
        base_url = key = None
        while base_url is None or key is None:
            line = (await asyncio.wait_for(proc.stderr.readline(), 60)).decode()
            if not line:
                raise RuntimeError("the sandbox exited before it was ready")
            if match := re.search(r"running at (\S+)", line):
                base_url = match.group(1)
            if match := re.search(r"demo API key:\s+(\S+)", line):
                key = match.group(1)
        return cls(proc, base_url, key)

    async def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        while await self.proc.stderr.readline():
            pass

    async def set(self, **settings: Any) -> None:
        (await self.control.post("/_sandbox/settings", json=settings)).raise_for_status()

    async def latency(self, ms: int) -> None:
        await self.clear_faults()
        rule = {"path": "/api/v1/*", "latency_ms": ms}
        (await self.control.post("/_sandbox/faults", json=rule)).raise_for_status()

    async def clear_faults(self) -> None:
        (await self.control.delete("/_sandbox/faults")).raise_for_status()

    async def account(self, account_id: str, **state: Any) -> None:
        (await self.control.post(f"/_sandbox/accounts/{account_id}", json=state)).raise_for_status()

    async def stop(self) -> None:
        await self.http.aclose()
        await self.control.aclose()
        self.proc.terminate()
        await self.proc.wait()
        self._drain.cancel()


# --- the figures ---------------------------------------------------------------------------------------------------


async def cold_start(argv: list[str], env: dict[str, str]) -> tuple[float, float, int | None]:
    """Seconds from spawn to the initialize reply and to the tools/list reply; peak RSS in KiB."""
    session = await StdioSession.spawn(argv, env)
    try:
        await session.request(
            "initialize",
            {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}},
        )
        t_init = time.perf_counter() - session.started
        await session.notify("notifications/initialized")
        await session.request("tools/list")
        t_list = time.perf_counter() - session.started
        rss = session.peak_rss_kib()
    finally:
        await session.close()
    return t_init, t_list, rss


async def bench_cold_start(runs: int, env: dict[str, str], *, warm_up: bool = True) -> dict[str, Any]:
    kinds = {"late_mcp": [LATE_MCP], "bare_mcpserver": BARE}
    times: dict[str, dict[str, list[float]]] = {k: {"init": [], "list": []} for k in kinds}
    rss: dict[str, list[int]] = {k: [] for k in kinds}
    for argv in kinds.values() if warm_up else ():  # one discarded warm-up each (file cache, .pyc)
        await cold_start(argv, env)
    for _ in range(runs):
        for kind, argv in kinds.items():  # alternate, so drift hits both alike
            t_init, t_list, peak = await cold_start(argv, env)
            times[kind]["init"].append(t_init)
            times[kind]["list"].append(t_list)
            if peak:
                rss[kind].append(peak)
    out: dict[str, Any] = {}
    for kind in kinds:
        out[kind] = {
            "initialize": summary(times[kind]["init"]),
            "tools_list": summary(times[kind]["list"]),
            "peak_rss_mb": round(max(rss[kind]) / 1024, 1) if rss[kind] else None,
        }
    for step in ("initialize", "tools_list"):
        out[f"ratio_{step}"] = round(out["late_mcp"][step]["median_ms"] / out["bare_mcpserver"][step]["median_ms"], 3)
    return out


async def tools_list_size(env: dict[str, str], *extra: str) -> dict[str, Any]:
    session = await StdioSession.spawn([LATE_MCP, *extra], env)
    try:
        await session.initialize()
        message, size = await session.request_raw("tools/list")
    finally:
        await session.close()
    tools = message["result"]["tools"]
    return {"tools": len(tools), "bytes": size, "args": list(extra)}


async def bench_warm_reads(session: StdioSession, sandbox: Sandbox, post_id: str, calls: int) -> dict[str, Any]:
    """posts_get through the server vs the same GET straight to the sandbox, interleaved."""
    direct: list[float] = []
    tool: list[float] = []
    for _ in range(5):  # warm both paths (connection pools, caches)
        await sandbox.http.get(f"v1/posts/{post_id}")
        await session.call("posts_get", {"post_id": post_id})
    for _ in range(calls):
        started = time.perf_counter()
        (await sandbox.http.get(f"v1/posts/{post_id}")).raise_for_status()
        direct.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = await session.call("posts_get", {"post_id": post_id})
        tool.append(time.perf_counter() - started)
        if result.get("isError"):
            raise RPCError(f"posts_get failed: {result['content']}")
    through, own = summary(tool), summary(direct)
    return {
        "tool": "posts_get",
        "calls": calls,
        "through_server": through,
        "sandbox_alone": own,
        "overhead_median_ms": round(through["median_ms"] - own["median_ms"], 3),
        "overhead_p95_ms": round(through["p95_ms"] - own["p95_ms"], 3),
    }


async def bench_concurrent_reads(session: StdioSession, sandbox: Sandbox, post_id: str, n: int) -> dict[str, Any]:
    await sandbox.latency(200)
    try:
        started = time.perf_counter()
        results = await asyncio.gather(*(session.call("posts_get", {"post_id": post_id}) for _ in range(n)))
        wall = time.perf_counter() - started
    finally:
        await sandbox.clear_faults()
    errors = sum(1 for r in results if r.get("isError"))
    return {"reads": n, "added_latency_ms": 200, "wall_s": round(wall, 3), "errors": errors}


async def make_failed_posts(sandbox: Sandbox, n: int, tag: str) -> None:
    """n failed posts: publish now to an account marked as needing reconnection, then make it healthy again."""
    accounts = (await sandbox.http.get("v1/accounts")).json()["accounts"]
    account = next(a for a in accounts if a["platform"] == "threads")
    # Start from zero failed posts so the figure is about exactly n.
    for status in ("failed", "partial"):
        listed = (await sandbox.http.get("v1/posts", params={"status": status, "limit": 100})).json()
        for post in listed.get("posts", []):
            await sandbox.http.delete(f"v1/posts/{post['_id']}")
    await sandbox.account(account["_id"], needsReconnect=True)
    for i in range(n):
        body = {
            "content": f"benchmark {tag} post {i} {time.time_ns()}",
            "platforms": [{"platform": account["platform"], "accountId": account["_id"]}],
            "publishNow": True,
        }
        response = await sandbox.http.post("v1/posts", json=body)
        if response.status_code >= 400:
            raise RuntimeError(f"could not create a failed post: {response.status_code} {response.text}")
    await sandbox.account(account["_id"], needsReconnect=False)


async def bench_retry_all(sandbox: Sandbox, env: dict[str, str], n: int, concurrency: int) -> dict[str, Any]:
    await make_failed_posts(sandbox, n, f"c{concurrency}")
    session = await StdioSession.spawn([LATE_MCP], {**env, "LATE_CONCURRENCY": str(concurrency)})
    try:
        await session.initialize()
        await sandbox.latency(200)
        try:
            started = time.perf_counter()
            result = await session.call("posts_retry_all_failed")
            wall = time.perf_counter() - started
        finally:
            await sandbox.clear_faults()
    finally:
        await session.close()
    data = result.get("structuredContent") or {}
    return {
        "concurrency": concurrency,
        "added_latency_ms": 200,
        "found": data.get("found"),
        "succeeded": data.get("succeeded"),
        "wall_s": round(wall, 3),
        "is_error": bool(result.get("isError")),
    }


async def run(quick: bool) -> dict[str, Any]:
    cold_runs, warm_calls = (1, 10) if quick else (9, 100)
    sandbox = await Sandbox.start()
    # The servers journal their writes as a user's would (that cost is measured), but into a folder of the run,
    # never the developer's own journal.
    with tempfile.TemporaryDirectory(prefix="late-mcp-bench-") as data_home:
        try:
            return await _measure(sandbox, data_home, cold_runs, warm_calls, quick)
        finally:
            await sandbox.stop()


async def _measure(sandbox: Sandbox, data_home: str, cold_runs: int, warm_calls: int, quick: bool) -> dict[str, Any]:
    await sandbox.set(rate_limit_per_minute=1_000_000)
    env = child_env(
        LATE_API_KEY=sandbox.api_key, LATE_BASE_URL=sandbox.base_url, LATE_TIMEZONE="UTC", XDG_DATA_HOME=data_home
    )
    report: dict[str, Any] = {"machine": machine(), "quick": quick}
    report["cold_start"] = await bench_cold_start(cold_runs, env, warm_up=not quick)
    report["tools_list"] = {
        "default": await tools_list_size(env),
        "all": await tools_list_size(env, "--toolsets", "all"),
    }
    session = await StdioSession.spawn([LATE_MCP], env)
    try:
        await session.initialize()
        listed = await session.call("posts_list", {"limit": 1})
        post_id = listed["structuredContent"]["posts"][0]["id"]
        report["warm_read"] = await bench_warm_reads(session, sandbox, post_id, warm_calls)
        report["concurrent_reads"] = await bench_concurrent_reads(session, sandbox, post_id, 20)
        rss = session.peak_rss_kib()
        report["stdout_bad_lines"] = len(session.bad_lines)
    finally:
        await session.close()
    concurrencies = (5,) if quick else (5, 10)
    report["retry_all_failed"] = [await bench_retry_all(sandbox, env, 20, c) for c in concurrencies]
    report["peak_rss_mb"] = {"late_mcp_session": round(rss / 1024, 1) if rss else None}
    report["targets"] = TARGETS
    return report


def table(report: dict[str, Any]) -> str:
    cold = report["cold_start"]
    warm = report["warm_read"]
    rows: list[tuple[str, str, str]] = []

    def add(name: str, value: str, target: str = "") -> None:
        rows.append((name, value, target))

    n = cold["late_mcp"]["initialize"]["n"]
    add(f"cold start -> initialize, median of {n} (late-mcp)", f"{cold['late_mcp']['initialize']['median_ms']:.0f} ms")
    add(
        f"cold start -> initialize, median of {n} (bare MCPServer)",
        f"{cold['bare_mcpserver']['initialize']['median_ms']:.0f} ms",
    )
    add("cold start ratio, initialize", f"{cold['ratio_initialize']:.2f}x", f"<= {TARGETS['cold_start_ratio']}x")
    add(f"cold start -> tools/list, median of {n} (late-mcp)", f"{cold['late_mcp']['tools_list']['median_ms']:.0f} ms")
    add(
        f"cold start -> tools/list, median of {n} (bare MCPServer)",
        f"{cold['bare_mcpserver']['tools_list']['median_ms']:.0f} ms",
    )
    add("cold start ratio, tools/list", f"{cold['ratio_tools_list']:.2f}x", f"<= {TARGETS['cold_start_ratio']}x")
    for name, info in report["tools_list"].items():
        add(f"tools/list size, {name} toolsets", f"{info['bytes']:,} B ({info['tools']} tools)")
    add(
        f"warm posts_get, median / p95 of {warm['calls']}",
        f"{warm['through_server']['median_ms']:.2f} / {warm['through_server']['p95_ms']:.2f} ms",
    )
    add(
        "  same GET straight to the sandbox",
        f"{warm['sandbox_alone']['median_ms']:.2f} / {warm['sandbox_alone']['p95_ms']:.2f} ms",
    )
    add("  our overhead (median)", f"{warm['overhead_median_ms']:.2f} ms", f"< {TARGETS['overhead_ms']:.0f} ms")
    conc = report["concurrent_reads"]
    add(
        f"{conc['reads']} concurrent reads, +200 ms per request",
        f"{conc['wall_s']:.3f} s wall",
        f"< {TARGETS['concurrent_reads_s']} s",
    )
    for retry in report["retry_all_failed"]:
        add(
            f"retry {retry['found']} failed posts, +200 ms, concurrency {retry['concurrency']}",
            f"{retry['wall_s']:.3f} s wall ({retry['succeeded']} ok)",
            f"< {TARGETS['retry_all_failed_s']} s",
        )
    add(
        "peak RSS of the server (VmHWM, after the session)",
        f"{report['peak_rss_mb']['late_mcp_session']} MB",
        f"< {TARGETS['peak_rss_mb']:.0f} MB",
    )
    add("peak RSS, bare MCPServer after tools/list", f"{cold['bare_mcpserver']['peak_rss_mb']} MB")
    add("non-JSON-RPC lines on stdout", str(report["stdout_bad_lines"]), "0")
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    m = report["machine"]
    lines = [
        f"late-mcp {m['late_mcp']} benchmark, mcp {m['mcp']}, Python {m['python']}, {m['os']}, "
        f"{m['cpu']} ({m['cpus']} CPUs, {m['memory_gb']} GB)" + (" [--quick]" if report["quick"] else ""),
        "",
        f"{'figure':<{width}}  {'value':<{vwidth}}  target",
        f"{'-' * width}  {'-' * vwidth}  ------",
    ]
    lines += [f"{name:<{width}}  {value:<{vwidth}}  {target}" for name, value, target in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few repetitions (CI: keeps the script working)")
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON to PATH ('-' for stdout)")
    args = parser.parse_args()
    if not Path(LATE_MCP).exists():
        print(f"bench: {LATE_MCP} not found; run `uv sync` first", file=sys.stderr)
        return 2
    report = asyncio.run(run(args.quick))
    print(table(report))
    if args.json == "-":
        print(json.dumps(report, indent=2))
    elif args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
