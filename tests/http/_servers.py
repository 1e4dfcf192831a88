"""Helpers for the streamable HTTP tests: real server processes, a recording stand-in Late API."""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.app import create_app as create_sandbox_app
from late_mcp.sandbox.store import Store


def late_mcp_exe() -> str:
    candidate = Path(sys.executable).parent / "late-mcp"
    found = str(candidate) if candidate.exists() else shutil.which("late-mcp")
    if not found:
        pytest.fail("the late-mcp console script is not installed; run `uv sync`")
    return found


def loopback_socket() -> socket.socket:
    """A listening loopback socket made as asyncio expects (IPPROTO_TCP, so accepted sockets get TCP_NODELAY)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def make_key(i: int) -> str:
    return "sk_" + hashlib.sha256(f"user-{i}".encode()).hexdigest()


@dataclass
class HttpServer:
    proc: subprocess.Popen[bytes]
    url: str
    stderr_path: Path
    stdout_path: Path

    @property
    def mcp_url(self) -> str:
        return self.url + "/mcp"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def spawn_http_server(
    tmp: Path, base_url: str, *, env: dict[str, str] | None = None, name: str = "server"
) -> HttpServer:
    """`late-mcp --transport streamable-http` on a free loopback port (not waited for: see `wait_ready`)."""
    port = free_port()
    child_env = {k: v for k, v in os.environ.items() if not k.startswith(("LATE_", "ZERNIO_"))}
    child_env.update({"LATE_BASE_URL": base_url, "LATE_TIMEZONE": "UTC"})
    child_env.update(env or {})
    stderr_path, stdout_path = tmp / f"{name}.stderr", tmp / f"{name}.stdout"
    with open(stderr_path, "wb") as err, open(stdout_path, "wb") as out:
        proc = subprocess.Popen(
            [late_mcp_exe(), "--transport", "streamable-http", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=child_env,
        )
    return HttpServer(proc, f"http://127.0.0.1:{port}", stderr_path, stdout_path)


def wait_ready(*servers: HttpServer) -> None:
    """Return once every server's /healthz answers; fail with its stderr if one exits or takes too long."""
    deadline = time.monotonic() + 90  # a start is a few seconds idle, but 15-20 s each on a loaded 2-core machine
    for server in servers:
        while True:
            if server.proc.poll() is not None:
                pytest.fail(f"the HTTP server exited: {server.stderr()}")
            try:
                if httpx.get(server.url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                for other in servers:
                    other.stop()
                pytest.fail(f"the HTTP server did not start: {server.stderr()}")
            time.sleep(0.05)


def start_http_server(
    tmp: Path, base_url: str, *, env: dict[str, str] | None = None, name: str = "server"
) -> HttpServer:
    server = spawn_http_server(tmp, base_url, env=env, name=name)
    wait_ready(server)
    return server


@contextmanager
def serving(app: Any, *, lifespan: Literal["on", "off"] = "on") -> Iterator[str]:
    """An ASGI app served by uvicorn on a free loopback port in a thread, as a deployment runs it: its URL."""
    sock = loopback_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, log_level="warning", lifespan=lifespan)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            pytest.fail("the ASGI app did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


class Workspaces(httpx.AsyncBaseTransport):
    """Several Late workspaces behind one API URL, as the real API keeps them: each request reaches the sandbox
    whose key it carries (one sandbox has one key); an unknown key reaches the first, which answers 401, and so
    does a request without one (a presigned upload: only the first user's uploads can be sent)."""

    def __init__(self, stores: list[Store]) -> None:
        self._by_key = {store.api_key: httpx.ASGITransport(app=create_sandbox_app(store)) for store in stores}
        self._first = self._by_key[stores[0].api_key]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = request.headers.get("authorization", "").removeprefix("Bearer ")
        return await self._by_key.get(key, self._first).handle_async_request(request)


# --- a stand-in Late API that records which key each request carried ------------------------------------------------


@dataclass
class Recorder:
    """Each request: (key, method, path). Answers posts_get/posts_list with the fingerprint of the key it saw."""

    seen: list[tuple[str | None, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""

    def app(self) -> Starlette:
        async def post(request: Request) -> JSONResponse:
            key = self._record(request)
            await asyncio.sleep(random.uniform(0, 0.03))  # overlap the requests of different users
            pid = request.path_params["post_id"]
            return JSONResponse({"post": self._post(pid, key)})

        async def posts(request: Request) -> JSONResponse:
            key = self._record(request)
            await asyncio.sleep(random.uniform(0, 0.03))
            return JSONResponse(
                {"posts": [self._post("listed", key)], "pagination": {"page": 1, "limit": 10, "total": 1, "pages": 1}}
            )

        return Starlette(
            routes=[
                Route("/api/v1/posts/{post_id}", post, methods=["GET"]),
                Route("/api/v1/posts", posts, methods=["GET"]),
            ]
        )

    def _record(self, request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        key = auth[len("Bearer ") :] if auth.startswith("Bearer ") else None
        with self.lock:
            self.seen.append((key, request.method, request.url.path))
        return key

    @staticmethod
    def _post(pid: str, key: str | None) -> dict[str, object]:
        return {
            "_id": pid,
            "content": f"key:{fingerprint(key) if key else 'none'}",
            "status": "draft",
            "platforms": [],
        }
