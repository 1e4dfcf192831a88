"""A minimal raw JSON-RPC client over a subprocess's stdio: exact timings, no SDK client in the way.

Every stdout line is parsed; a line that is not a JSON-RPC message is kept in `bad_lines` (it would corrupt a
real host's session).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import time
from pathlib import Path
from typing import Any

PROTOCOL_VERSION = "2025-11-25"
_LINE_LIMIT = 64 * 1024 * 1024


class RPCError(RuntimeError):
    pass


class StdioSession:
    """One server process; requests may be pipelined (each waits for its own id)."""

    def __init__(self, proc: asyncio.subprocess.Process, started: float) -> None:
        self.proc = proc
        self.started = started
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[tuple[dict[str, Any], int]]] = {}
        self.bad_lines: list[bytes] = []
        self.notifications: list[dict[str, Any]] = []
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def spawn(cls, argv: list[str], env: dict[str, str]) -> StdioSession:
        started = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env=env,
            limit=_LINE_LIMIT,
        )
        return cls(proc, started)

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        while True:
            line = await self.proc.stdout.readline()
            if not line:
                break
            try:
                message = json.loads(line)
            except ValueError:
                self.bad_lines.append(line)
                continue
            if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
                self.bad_lines.append(line)
                continue
            msg_id = message.get("id")
            if "method" in message:
                self.notifications.append(message)
            elif isinstance(msg_id, int) and msg_id in self._waiting:
                self._waiting.pop(msg_id).set_result((message, len(line)))
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(RPCError("the server closed stdout"))

    async def _write(self, message: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(message).encode() + b"\n")
        await self.proc.stdin.drain()

    async def request_raw(self, method: str, params: dict[str, Any] | None = None) -> tuple[dict[str, Any], int]:
        """The whole response message and its size in bytes on the wire."""
        msg_id = next(self._ids)
        future: asyncio.Future[tuple[dict[str, Any], int]] = asyncio.get_running_loop().create_future()
        self._waiting[msg_id] = future
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        await self._write(message)
        return await future

    async def request(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        message, _ = await self.request_raw(method, params)
        if "error" in message:
            raise RPCError(f"{method}: {message['error']}")
        result: dict[str, Any] = message["result"]
        return result

    async def notify(self, method: str, params: dict[str, Any] | None = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        await self._write(message)

    async def initialize(self) -> dict[str, Any]:
        result = await self.request(
            "initialize",
            {
                "protocolVersion": PROTOCOL_VERSION,
                "capabilities": {},
                "clientInfo": {"name": "late-mcp-bench", "version": "1"},
            },
        )
        await self.notify("notifications/initialized")
        return result

    async def call(self, name: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.request("tools/call", {"name": name, "arguments": arguments or {}})

    def peak_rss_kib(self) -> int | None:
        """VmHWM (peak resident set) of the server process, from /proc (Linux)."""
        try:
            text = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        for line in text.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return None

    async def close(self) -> None:
        if self.proc.stdin is not None and not self.proc.stdin.is_closing():
            self.proc.stdin.close()
        try:
            await asyncio.wait_for(self.proc.wait(), 10)
        except asyncio.TimeoutError:
            self.proc.kill()
            await self.proc.wait()
        await self._reader


def child_env(**extra: str) -> dict[str, str]:
    """The parent's environment minus anything Late, plus `extra`. Python caches compiled modules as it does on a
    user's machine: with PYTHONDONTWRITEBYTECODE (set in some CI and sandbox images) every start would compile the
    SDK and late-mcp from source, and the figures would measure the compiler."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("LATE_", "ZERNIO_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(extra)
    return env
