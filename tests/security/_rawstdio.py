"""A raw JSON-RPC session with the real `late-mcp` process: every byte of its stdout is kept for inspection."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest


def late_mcp_exe() -> str:
    candidate = Path(sys.executable).parent / "late-mcp"
    found = str(candidate) if candidate.exists() else shutil.which("late-mcp")
    if not found:
        pytest.fail("the late-mcp console script is not installed; run `uv sync`")
    return found


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LATE_", "ZERNIO_"))}
    env.update(extra)
    return env


class RawSession:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.raw = bytearray()  # everything the server wrote to stdout, byte for byte
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._buffer = b""
        self._reader = asyncio.ensure_future(self._read())

    @classmethod
    async def start(cls, args: list[str], env: dict[str, str], stderr_path: Path) -> RawSession:
        stderr = stderr_path.open("ab")  # the child keeps its own copy of the descriptor
        try:
            proc = await asyncio.create_subprocess_exec(
                late_mcp_exe(),
                *args,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=stderr,
                env=env,
                limit=64 * 1024 * 1024,
            )
        finally:
            stderr.close()
        return cls(proc)

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := await self.proc.stdout.read(65536):
            self.raw += chunk
            self._buffer += chunk
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                try:
                    message = json.loads(line)
                except ValueError:
                    continue  # judged later, from `raw`
                if isinstance(message, dict) and "method" not in message and message.get("id") in self._waiting:
                    self._waiting.pop(message["id"]).set_result(message)
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(RuntimeError("the server closed stdout"))

    async def send_line(self, line: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + b"\n")
        await self.proc.stdin.drain()

    async def request(self, method: str, params: Any = None, *, timeout: float = 60) -> dict[str, Any]:
        msg_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[msg_id] = future
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        await self.send_line(json.dumps(message).encode())
        return await asyncio.wait_for(future, timeout)

    async def notify(self, method: str, params: Any = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        await self.send_line(json.dumps(message).encode())

    async def initialize(self) -> dict[str, Any]:
        reply = await self.request(
            "initialize",
            {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "hygiene", "version": "1"}},
        )
        await self.notify("notifications/initialized")
        return reply

    async def call(self, name: str, arguments: Any) -> dict[str, Any]:
        return await self.request("tools/call", {"name": name, "arguments": arguments})

    async def close(self) -> bytes:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            await asyncio.wait_for(self.proc.wait(), 15)
        except asyncio.TimeoutError:
            self.proc.kill()
            await self.proc.wait()
        await self._reader
        return bytes(self.raw)


def non_jsonrpc_lines(raw: bytes) -> list[bytes]:
    """Every stdout line that is not one JSON-RPC 2.0 message (a request, notification or response)."""
    bad: list[bytes] = []
    if raw and not raw.endswith(b"\n"):
        bad.append(b"(no newline at the end) " + raw[-200:])
    for line in raw.split(b"\n"):
        if not line:
            continue
        try:
            message = json.loads(line)
        except ValueError:
            bad.append(line[:300])
            continue
        ok = isinstance(message, dict) and message.get("jsonrpc") == "2.0"
        ok = ok and ("method" in message or ("id" in message and ("result" in message or "error" in message)))
        if not ok:
            bad.append(line[:300])
    return bad


def tool_results(raw: bytes) -> list[dict[str, Any]]:
    """The results of tools/call requests in a session's stdout."""
    out = []
    for line in raw.split(b"\n"):
        try:
            message = json.loads(line)
        except ValueError:
            continue
        result = message.get("result") if isinstance(message, dict) else None
        if isinstance(result, dict) and "content" in result and "isError" in result:
            out.append(result)
    return out
