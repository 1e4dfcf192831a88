"""MCP over stdio: the SDK's transport, fed by our own reader so that no message goes unanswered.

The SDK's stdio reader (mcp 2.3, ``mcp/server/stdio.py``) hands a line it cannot validate to the session as an
exception, and the session logs it at DEBUG and drops it: JSON nested about 200 deep (pydantic's parser limit), a
lone ``\\ud800`` escape, a cut-off frame or a request without ``method`` got no reply at all, and the host waited
for its own timeout. Over HTTP the same input is answered with 400 / -32700.

We do not patch the SDK. :func:`stdio_transport` wraps its ``stdio_server``, which takes the stdin to read as an
argument: we give it a line source (:class:`CheckedLines`) that passes on only what is a JSON-RPC message and
answers the rest itself, on the same write stream the SDK's stdout writer serialises (so stdout stays one JSON-RPC
message per line): the parse error (-32700) or invalid-request error (-32600) to the message's id where the id can
be read, otherwise one line on stderr. The SDK still owns stdout (fd 1 diverted to stderr while serving); since it
no longer opens stdin, :func:`_claim_stdin` does what it did for fd 0: read a private duplicate and point fd 0 at
the null device, so nothing else in the process can read protocol bytes.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import TYPE_CHECKING, Any, BinaryIO

import anyio
import pydantic
from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage
from mcp.types import INVALID_REQUEST, PARSE_ERROR, ErrorData, JSONRPCError, jsonrpc_message_adapter

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

log = logging.getLogger("late_mcp.stdio")

INVALID = (
    'Invalid request: a JSON-RPC 2.0 request is an object with "jsonrpc": "2.0", an id, a "method" string and, '
    'if any, "params" as an object.'
)


def run(server: MCPServer[Any]) -> None:
    """Serve `server` over stdio until stdin closes (what ``MCPServer.run()`` does, with our transport)."""
    anyio.run(serve, server)


async def serve(server: MCPServer[Any]) -> None:
    # The same three lines as MCPServer.run_stdio_async, which hard-wires the SDK's own stdio_server.
    lowlevel = server._lowlevel_server
    async with stdio_transport() as (read_stream, write_stream):
        await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())


@asynccontextmanager
async def stdio_transport() -> AsyncIterator[tuple[Any, Any]]:
    """The SDK's stdio streams, reading stdin through :class:`CheckedLines`."""
    source, restore = _claim_stdin()
    lines = CheckedLines(anyio.wrap_file(source))
    try:
        # stdio_server only iterates `stdin` line by line; CheckedLines does exactly that.
        async with stdio_server(stdin=lines) as (read_stream, write_stream):  # type: ignore[arg-type]
            lines.attach(write_stream.clone())
            yield read_stream, write_stream
    finally:
        restore()


class CheckedLines:
    """stdin's lines as text, minus the ones that are not JSON-RPC messages: those are answered or logged here.

    Blank lines are skipped. When stdin ends, the reply stream is closed, so the SDK's writer finishes too.
    """

    def __init__(self, source: anyio.AsyncFile[bytes]) -> None:
        self._source = source
        self._replies: Any = None  # a clone of the SDK's write stream: it exists only once stdio_server has begun
        self._attached = anyio.Event()

    def attach(self, replies: Any) -> None:
        self._replies = replies
        self._attached.set()

    def __aiter__(self) -> CheckedLines:
        return self

    async def __anext__(self) -> str:
        while True:
            raw = await self._source.readline()
            if not raw:
                if self._replies is not None:
                    await self._replies.aclose()
                raise StopAsyncIteration
            line = raw.decode("utf-8", errors="replace")  # as the SDK's reader decodes
            if not line.strip():
                continue
            try:
                jsonrpc_message_adapter.validate_json(line, by_name=False)
            except pydantic.ValidationError as exc:
                answer = answer_for(line, exc)
                if isinstance(answer, JSONRPCError):
                    await self._attached.wait()  # a bad first line can arrive before attach()
                    await self._replies.send(SessionMessage(answer))
                else:
                    log.warning("ignored a stdin line of %d bytes that is not a JSON-RPC message: %s", len(raw), answer)
                continue
            return line


def answer_for(line: str, error: pydantic.ValidationError) -> JSONRPCError | str:
    """The error reply to a line the SDK's validation refused, or (with no id to answer to) why it was ignored.

    A line that is not JSON for the SDK's parser (too deep, a lone surrogate) but is for Python's still has a
    readable id: it gets the parse error. Valid JSON that is no JSON-RPC message gets the invalid-request error.
    A response (from the client, to one of our requests) is never answered, however malformed.
    """
    first = error.errors(include_url=False, include_input=False, include_context=False)[0]
    unparsed = first["type"] == "json_invalid"
    try:
        message = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    except (ValueError, RecursionError):
        return "not JSON: nested too deep"
    if not isinstance(message, dict):
        return f"a JSON {type(message).__name__}, not a JSON-RPC object (batches are not part of MCP)"
    if "method" not in message and ("result" in message or "error" in message):
        return "a malformed response"
    msg_id = message.get("id")
    if not _answerable(msg_id):
        return "no id to answer to" if msg_id is None else "an id that cannot be sent back"
    if unparsed:
        reply = ErrorData(code=PARSE_ERROR, message=f"Parse error: {first['msg']}")
    else:
        reply = ErrorData(code=INVALID_REQUEST, message=INVALID)
    return JSONRPCError(jsonrpc="2.0", id=msg_id, error=reply)


def _answerable(msg_id: object) -> bool:
    """An id we can send back: an integer, or a string that is valid Unicode (a lone surrogate cannot be written)."""
    if isinstance(msg_id, bool):
        return False
    if isinstance(msg_id, int):
        return True
    if isinstance(msg_id, str):
        try:
            msg_id.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    return False


def _claim_stdin() -> tuple[BinaryIO, Callable[[], None]]:
    """Read the protocol from a private duplicate of fd 0 and point fd 0 at the null device until `restore`.

    Where descriptors cannot be moved (Windows, a closed stdin), stdin is read in place, as the SDK does then.
    """
    stream = sys.stdin.buffer
    if sys.platform == "win32":  # the SDK also rebinds the Windows handle; reading in place is the safe choice
        return stream, lambda: None
    import fcntl

    try:
        private = fcntl.fcntl(0, fcntl.F_DUPFD_CLOEXEC, 3)
    except OSError:
        return stream, lambda: None
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        try:
            os.dup2(null, 0)
        finally:
            os.close(null)
    except OSError:
        os.close(private)
        return stream, lambda: None

    def restore() -> None:
        with suppress(OSError):
            os.dup2(private, 0)

    # closefd=False: a worker thread may still be blocked reading it when the transport exits.
    return os.fdopen(private, "rb", closefd=False), restore
