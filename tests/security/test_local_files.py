"""media_upload_file reads files on the user's disk: it must refuse what it should not read, without reading it.

Refused: directories, devices, FIFOs, sockets, symlinks and `..` paths that leave the allowed directories, files
over the limit. "Without reading" is checked by recording every os.open and anyio.open_file during the call, and
every request that reaches the API. (posts_bulk_upload reads local .csv files too: its rules are in
test_bulk_files.py.)
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from late_mcp import localfiles
from late_mcp.config import Settings
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import seeded_store
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
BASE = "http://sandbox.test/api"
DEVICES = [d for d in ("/dev/zero", "/dev/urandom", "/dev/null") if os.path.exists(d)]


@dataclass
class Spy:
    opened: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def touched(self, path: Path | str) -> bool:
        target = str(path)
        return any(o == target or o == os.path.realpath(target) for o in self.opened)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    record = Spy()
    real_os_open = os.open
    real_open_file = anyio.open_file

    def os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        record.opened.append(os.fsdecode(path))
        return real_os_open(path, flags, mode, dir_fd=dir_fd)

    async def open_file(file: Any, *args: Any, **kwargs: Any) -> Any:
        record.opened.append(os.fsdecode(file))
        return await real_open_file(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(anyio, "open_file", open_file)
    return record


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    yield opened
    opened.close()


class Recording(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, spy: Spy) -> None:
        self.inner = inner
        self.spy = spy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.spy.requests.append(f"{request.method} {request.url.path}")
        return await self.inner.handle_async_request(request)


def server_for(store: Store, spy: Spy, *media_dirs: Path) -> Any:
    settings = Settings(
        api_key=store.api_key, base_url=BASE, timezone="UTC", media_dirs=tuple(str(d) for d in media_dirs)
    )
    return build_server(settings, transport=Recording(httpx.ASGITransport(app=create_app(store)), spy))


def text_of(result: Any) -> str:
    return " ".join(getattr(b, "text", "") for b in result.content)


async def refuse(client: Client, spy: Spy, path: Path | str, why: str, **extra: Any) -> None:
    spy.opened.clear()
    spy.requests.clear()
    result = await client.call_tool("media_upload_file", {"paths": str(path), **extra})
    assert result.is_error, f"{path} was accepted"
    assert why in text_of(result), text_of(result)
    assert not spy.touched(path), f"{path} was opened before being refused"
    assert not any(r.startswith("PUT") or "presign" in r for r in spy.requests), spy.requests


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Path]:
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    (allowed / "photo.jpg").write_bytes(JPEG)
    (outside / "secret.jpg").write_bytes(JPEG)
    (allowed / "escape.jpg").symlink_to(outside / "secret.jpg")
    (allowed / "passwd.jpg").symlink_to("/etc/passwd")
    (allowed / "outdir").symlink_to(outside, target_is_directory=True)
    (allowed / "inside.jpg").symlink_to(allowed / "photo.jpg")
    os.mkfifo(allowed / "pipe.jpg")
    huge = allowed / "huge.jpg"
    with huge.open("wb") as fh:  # sparse: no disk used
        fh.write(JPEG[:16])
        fh.truncate(localfiles.API_MAX_BYTES + 1)
    big = allowed / "big.jpg"
    with big.open("wb") as fh:
        fh.write(JPEG[:16])
        fh.truncate(60 * 1024 * 1024)
    (allowed / "empty.jpg").write_bytes(b"")
    return {"allowed": allowed, "outside": outside}


async def test_refusals_inside_and_outside_the_allowed_directory(
    store: Store, spy: Spy, world: dict[str, Path]
) -> None:
    allowed, outside = world["allowed"], world["outside"]
    sock_path = allowed / "s.jpg"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(sock_path))
    try:
        async with Client(server_for(store, spy, allowed)) as client:
            await refuse(client, spy, allowed, "is a directory")
            await refuse(client, spy, allowed / "pipe.jpg", "not a regular file")
            await refuse(client, spy, sock_path, "not a regular file")
            await refuse(client, spy, allowed / "escape.jpg", "outside the directories")
            await refuse(client, spy, allowed / "passwd.jpg", "outside the directories")
            await refuse(client, spy, allowed / "outdir" / "secret.jpg", "outside the directories")
            await refuse(client, spy, f"{allowed}/../outside/secret.jpg", "outside the directories")
            await refuse(client, spy, outside / "secret.jpg", "outside the directories")
            await refuse(client, spy, "/dev/zero", "outside the directories")
            await refuse(client, spy, allowed / "huge.jpg", "the limit here is")
            await refuse(client, spy, allowed / "empty.jpg", "is empty")
            await refuse(client, spy, "photo.jpg", "not an absolute path")
            # Over a platform's limit: refused before any byte is sent (its first bytes tell its type).
            spy.requests.clear()
            result = await client.call_tool(
                "media_upload_file", {"paths": str(allowed / "big.jpg"), "platform": "threads"}
            )
            assert result.is_error
            assert "allows" in text_of(result)
            assert not any(r.startswith("PUT") or "presign" in r for r in spy.requests)

            # The controls: a file inside, and a symlink that stays inside, are uploaded.
            for ok in (allowed / "photo.jpg", allowed / "inside.jpg"):
                spy.opened.clear()
                spy.requests.clear()
                result = await client.call_tool("media_upload_file", {"paths": str(ok)})
                assert not result.is_error, text_of(result)
                assert (result.structured_content or {})["media_urls"]
                assert spy.touched(ok)  # the spy sees reads: the refusals above really read nothing
                assert any(r.startswith("PUT") for r in spy.requests)
    finally:
        sock.close()


async def test_devices_and_fifos_are_refused_with_no_allow_list(store: Store, spy: Spy, world: dict[str, Path]) -> None:
    allowed = world["allowed"]
    async with Client(server_for(store, spy)) as client:
        for device in DEVICES:
            await refuse(client, spy, device, "not a regular file")
        await refuse(client, spy, allowed / "pipe.jpg", "not a regular file")
        await refuse(client, spy, "/proc/self/environ", "is empty")  # size 0 in stat: never read
        await refuse(client, spy, allowed, "is a directory")
        await refuse(client, spy, allowed / "huge.jpg", "the limit here is")
