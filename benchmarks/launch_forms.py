"""How fast a host's launch of late-mcp answers `initialize`, for each launch form the docs offer, with the package
index reachable and unreachable.

    uv run python benchmarks/launch_forms.py [--runs N] [--json out.json]

The forms, as `late-mcp config --launch ...` writes them (docs/hosts.md):
  installed   the script `uv tool install <clone>` puts on PATH, by absolute path (the default)
  uvx         uvx --from <clone> late-mcp
  uv run      uv run --directory <clone> late-mcp (the Inspector line for a clone)
`--launch pypi` (uvx late-mcp) cannot be measured before the package is published.

The tool is installed into a temporary uv tool directory (nothing of the user's is touched). "Offline" points uv at
an index on a closed loopback port (UV_DEFAULT_INDEX, no config files), as on a plane or behind a broken proxy;
uv's cache stays, as it would on the user's machine. Each spawn sends `initialize` on stdin and times the reply; a
form that fails or exceeds the limit is reported as such. It judges nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CLONE = Path(__file__).resolve().parents[1]
UNREACHABLE = "http://127.0.0.1:9/simple"  # the discard port: nothing listens there
LIMIT_S = 60.0
INITIALIZE = (
    json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "launch-bench", "version": "1"},
            },
        }
    )
    + "\n"
).encode()


async def time_to_initialize(argv: list[str], env: dict[str, str]) -> float | str:
    """Seconds from spawn to the initialize reply, or why there was none."""
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        *argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdin.write(INITIALIZE)
    await proc.stdin.drain()
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), LIMIT_S)
        elapsed = time.perf_counter() - started
        if b'"id":1' in line.replace(b" ", b""):
            return elapsed
        err = (await asyncio.wait_for(proc.stderr.read(), 10)).decode(errors="replace").strip().splitlines()
        return f"failed after {elapsed:.1f} s: {err[-1][:90] if err else 'no output'}"
    except asyncio.TimeoutError:
        return f"no answer within {LIMIT_S:.0f} s"
    finally:
        if proc.returncode is None:
            proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()


def _env(base: dict[str, str], *, offline: bool) -> dict[str, str]:
    env = {k: v for k, v in base.items() if not k.startswith(("LATE_", "ZERNIO_", "VIRTUAL_ENV"))}
    env["LATE_API_KEY"] = "sk_" + "0" * 64  # a key, so the server starts quietly; initialize never uses it
    if offline:
        env.update(UV_DEFAULT_INDEX=UNREACHABLE, UV_INDEX_URL=UNREACHABLE, UV_NO_CONFIG="1", UV_HTTP_TIMEOUT="10")
        for name in ("UV_INDEX", "UV_EXTRA_INDEX_URL", "UV_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"):
            env.pop(name, None)
    return env


def _summary(results: list[float | str]) -> dict[str, Any]:
    times = [r for r in results if isinstance(r, float)]
    failures = [r for r in results if isinstance(r, str)]
    out: dict[str, Any] = {"runs": len(results), "ok": len(times)}
    if times:
        out["median_ms"] = round(statistics.median(times) * 1000, 1)
        out["min_ms"] = round(min(times) * 1000, 1)
    if failures:
        out["failure"] = failures[0]
    return out


async def measure(runs: int) -> dict[str, Any]:
    uv = shutil.which("uv")
    uvx = shutil.which("uvx")
    if uv is None or uvx is None:
        raise SystemExit("launch_forms: uv and uvx must be on PATH")
    with tempfile.TemporaryDirectory(prefix="late-launch-") as tmp:
        tools, bin_dir = Path(tmp, "tools"), Path(tmp, "bin")
        base = {**os.environ, "UV_TOOL_DIR": str(tools), "UV_TOOL_BIN_DIR": str(bin_dir)}
        installer = await asyncio.create_subprocess_exec(uv, "tool", "install", "--quiet", str(CLONE), env=base)
        if await asyncio.wait_for(installer.wait(), 600) != 0:
            raise SystemExit("launch_forms: uv tool install failed")
        forms = {
            "installed": [str(bin_dir / "late-mcp")],
            "uvx": [uvx, "--from", str(CLONE), "late-mcp"],
            "uv run": [uv, "run", "--directory", str(CLONE), "late-mcp"],
        }
        report: dict[str, Any] = {"runs": runs, "forms": {}}
        for name, argv in forms.items():
            report["forms"][name] = {"argv": [Path(argv[0]).name, *argv[1:]]}
            for network in ("online", "offline"):
                env = _env(base, offline=network == "offline")
                await time_to_initialize(argv, env)  # one discarded warm-up: caches, .pyc
                results = [await time_to_initialize(argv, env) for _ in range(runs)]
                report["forms"][name][network] = _summary(results)
        return report


def table(report: dict[str, Any]) -> str:
    lines = [
        f"spawn -> initialize reply, median of {report['runs']} after one warm-up",
        "",
        f"{'launch form':<12}  {'index reachable':<22}  index unreachable",
    ]
    for name, form in report["forms"].items():
        cells = []
        for network in ("online", "offline"):
            fig = form[network]
            cells.append(f"{fig['median_ms']:.0f} ms" if fig["ok"] == fig["runs"] else fig.get("failure", "?"))
        lines.append(f"{name:<12}  {cells[0]:<22}  {cells[1]}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="spawns per form and network state (default 5)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON to PATH")
    args = parser.parse_args()
    report = asyncio.run(measure(args.runs))
    print(table(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
