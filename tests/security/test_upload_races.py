"""media_upload_file sends the bytes it checked, or nothing: a file changed after its check is refused.

Through a real socket to the sandbox, so a body shorter or longer than its Content-Length meets the real HTTP
stack (h11), as it would meet cloud storage. The changes are made at exact points by a transport that wraps the
real one: after the API presigned the upload (between the check and the upload), and after the first piece of the
file went out (during the upload).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client

from late_mcp import localfiles
from late_mcp.config import Settings
from late_mcp.errors import InputError
from late_mcp.sandbox.runner import RunningSandbox
from late_mcp.server import build_server

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00"
SIZE = 3 * 1024 * 1024 + 17  # four 1 MiB pieces, the last one short


class Meddler(httpx.AsyncBaseTransport):
    """The real network, with a hook after the presign answer and one after the first piece of an upload."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.after_presign: Callable[[], None] | None = None
        self.after_first_piece: Callable[[], None] | None = None
        self.puts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            self.puts += 1
            request.stream = _Watched(request.stream, self.after_first_piece)
        response = await self.inner.handle_async_request(request)
        if request.url.path.endswith("/media/presign") and self.after_presign:
            self.after_presign()
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class _Watched(httpx.AsyncByteStream):
    """A request body passed on piece by piece, calling `hook` once the first piece has gone."""

    def __init__(self, inner: Any, hook: Callable[[], None] | None) -> None:
        self.inner = inner
        self.hook = hook

    async def __aiter__(self) -> AsyncIterator[bytes]:
        first = True
        async for piece in self.inner:
            yield piece
            if first and self.hook:
                self.hook()
            first = False


def _jpeg(path: Path) -> None:
    path.write_bytes(JPEG + os.urandom(SIZE - len(JPEG)))


def _overwrite_in_place(path: Path, head: bytes) -> None:
    """What `cp other file` or a program rewriting the file does: same inode, new bytes."""
    with path.open("r+b") as fh:
        fh.write(head + os.urandom(path.stat().st_size - len(head)))


def _append(path: Path) -> None:
    with path.open("ab") as fh:
        fh.write(b"\x00" * 5000)


def _truncate(path: Path) -> None:
    os.truncate(path, 1024 * 1024 + 10)


async def _upload(sandbox: RunningSandbox, meddler: Meddler, path: Path) -> Any:
    settings = Settings(
        api_key=sandbox.api_key, base_url=sandbox.base_url, timezone="UTC", media_dirs=(str(path.parent),)
    )
    async with Client(build_server(settings, transport=meddler)) as client:
        return await client.call_tool("media_upload_file", {"paths": str(path)})


def _text(result: Any) -> str:
    return " ".join(getattr(b, "text", "") for b in result.content)


def _stored(sandbox: RunningSandbox) -> list[bytes]:
    """The bytes of every file the sandbox's storage accepted."""
    uploaded = [m for m in sandbox.store.all("media") if m.get("status") == "uploaded"]
    return [sandbox.store.media_path(m["_id"]).read_bytes() for m in uploaded]


@pytest.mark.parametrize(
    ("head", "keep_times"),
    [(ELF, False), (ELF, True), (JPEG, True)],
    ids=["elf", "elf-times-kept", "jpeg-times-kept"],
)
async def test_a_file_overwritten_after_its_check_is_not_sent(
    sandbox: RunningSandbox, tmp_path: Path, head: bytes, keep_times: bool
) -> None:
    """The repro: checked as a JPEG, overwritten in place with an ELF binary, sent as image/jpeg. With the JPEG
    head kept, and the size and modification time too, only the change time gives the rewrite away (an ELF head
    is also caught by the type check on the first piece sent)."""
    photo = tmp_path / "photo.jpg"
    _jpeg(photo)
    meddler = Meddler()

    def swap() -> None:
        before = photo.stat()
        _overwrite_in_place(photo, head)
        if keep_times:  # the writer also puts the modification time back
            os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
            while photo.stat().st_ctime_ns == before.st_ctime_ns:  # the clock's tick had not moved: move it
                time.sleep(0.005)
                os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert photo.stat().st_mtime_ns == before.st_mtime_ns
        assert photo.stat().st_size == before.st_size

    meddler.after_presign = swap
    result = await _upload(sandbox, meddler, photo)
    assert result.is_error, _text(result)
    assert "changed after it was checked" in _text(result), _text(result)
    assert not any(data.startswith(b"\x7fELF") for data in _stored(sandbox))
    assert _stored(sandbox) == []


def _for_a_link_out(photo: Path) -> None:
    """The checked file replaced by a symlink to a JPEG outside LATE_MEDIA_DIRS, same bytes at the start."""
    secret = photo.parent.parent / "outside" / "secret.jpg"
    secret.parent.mkdir()
    _jpeg(secret)
    photo.unlink()
    photo.symlink_to(secret)


def _for_a_fifo(photo: Path) -> None:
    """The checked file replaced by a FIFO, which a blocking read would wait on for ever."""
    photo.unlink()
    os.mkfifo(photo)


@pytest.mark.parametrize(
    ("swap", "said"),
    [(_for_a_link_out, "cannot be opened"), (_for_a_fifo, "changed while it was being checked")],
    ids=["symlink-out", "fifo"],
)
async def test_a_file_swapped_after_its_check_is_not_read(
    sandbox: RunningSandbox, tmp_path: Path, swap: Callable[[Path], None], said: str
) -> None:
    """Every read opens the path again without following a link or blocking, and checks it is the file checked."""
    media = tmp_path / "media"
    media.mkdir()
    photo = media / "photo.jpg"
    _jpeg(photo)
    meddler = Meddler()
    meddler.after_presign = lambda: swap(photo)
    result = await _upload(sandbox, meddler, photo)
    assert result.is_error, _text(result)
    assert str(photo) in _text(result), _text(result)
    assert said in _text(result), _text(result)
    assert _stored(sandbox) == []


@pytest.mark.parametrize("change", [_append, _truncate, lambda p: _overwrite_in_place(p, JPEG)])
async def test_a_file_that_changes_while_uploading_is_refused_in_words(
    sandbox: RunningSandbox, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    photo = tmp_path / "photo.jpg"
    _jpeg(photo)
    meddler = Meddler()
    meddler.after_first_piece = lambda: change(photo)
    result = await _upload(sandbox, meddler, photo)
    assert result.is_error, _text(result)
    assert "changed while" in _text(result), _text(result)
    assert _stored(sandbox) == []


async def test_an_unchanged_file_goes_through(sandbox: RunningSandbox, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    _jpeg(photo)
    result = await _upload(sandbox, Meddler(), photo)
    assert not result.is_error, _text(result)
    assert _stored(sandbox) == [photo.read_bytes()]


async def test_the_type_is_judged_on_the_bytes_sent(tmp_path: Path) -> None:
    """Even when nothing in the file's metadata gives the swap away, the first piece sent must still be a JPEG."""
    photo = tmp_path / "photo.jpg"
    _jpeg(photo)
    checked = localfiles.inspect(str(photo))
    _overwrite_in_place(photo, ELF)
    unnoticed = dataclasses.replace(checked, stat=photo.stat())  # as if size and times had not moved
    sent: list[bytes] = []

    async def send() -> None:
        async for piece in localfiles.chunks(unnoticed):
            sent.append(piece)

    with pytest.raises(InputError, match="no longer image/jpeg"):
        await send()
    assert sent == []
