"""Over stdio, a message the server cannot take still gets an answer, or at least a line on stderr.

The SDK's stdio reader dropped such lines without a word: JSON nested about 200 deep, a lone surrogate escape, a
request without "method" got no reply at all, so the host waited until its own timeout. Now: the JSON-RPC parse
error (-32700) or invalid-request error (-32600) to the request's id where the id can be read, one stderr line
otherwise; stdout stays pure JSON-RPC and the session goes on. Through the real `late-mcp` process, raw bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._rawstdio import RawSession, clean_env, non_jsonrpc_lines

DEEP = 200  # pydantic's JSON parser stops at 200 levels; Python's reads this deep
ANSWERED = [
    # (what, raw line, id, code)
    (
        "nested 200 deep",
        b'{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"now","arguments":{"x":'
        + b"[" * DEEP
        + b"]" * DEEP
        + b"}}}",
        11,
        -32700,
    ),
    ("a lone surrogate", b'{"jsonrpc":"2.0","id":"twelve","method":"ping","params":{"a":"\\ud800"}}', "twelve", -32700),
    ("no method", b'{"jsonrpc":"2.0","id":13}', 13, -32600),
    ("method not a string", b'{"jsonrpc":"2.0","id":14,"method":42}', 14, -32600),
    ("params not an object", b'{"jsonrpc":"2.0","id":15,"method":"ping","params":"x"}', 15, -32600),
]
UNANSWERABLE = [
    # (what, raw line): no id to answer to, so one line on stderr each
    ("a cut-off frame", b'{"jsonrpc":"2.0","id":21,"method":"pi'),
    ("not UTF-8, not JSON", b"\xff\xfe\x00garbage"),
    ("nested far too deep", b"[" * 100_000 + b"]" * 100_000),
    ("a lone surrogate as the id", b'{"jsonrpc":"2.0","id":"\\udc00","method":"ping"}'),
    ("a batch", b'[{"jsonrpc":"2.0","id":22,"method":"ping"}]'),
    ("a notification without a method", b'{"jsonrpc":"2.0","params":{}}'),
    ("a malformed response", b'{"jsonrpc":"2.0","id":23,"error":"not an object"}'),
]


async def test_every_bad_message_is_answered_or_logged(tmp_path: Path) -> None:
    stderr = tmp_path / "stderr.log"
    session = await RawSession.start(["--sandbox", "--data-dir", ":memory:"], clean_env(), stderr)
    try:
        await session.initialize()
        for _, line, _, _ in ANSWERED:
            await session.send_line(line)
        for _, line in UNANSWERABLE:
            await session.send_line(line)
        await session.send_line(b"")  # a blank line is no message: nothing to say about it
        assert (await session.request("ping"))["result"] == {}
        called = await session.call("now", {})
        assert called["result"]["isError"] is False
    finally:
        raw = await session.close()

    assert session.proc.returncode == 0  # stdin closed: the transport ended by itself (close() kills after 15 s)
    assert non_jsonrpc_lines(raw) == []
    replies = [json.loads(line) for line in raw.splitlines()]
    errors: dict[Any, dict[str, Any]] = {r["id"]: r["error"] for r in replies if "error" in r}
    for what, _, msg_id, code in ANSWERED:
        assert msg_id in errors, f"{what}: no reply"
        assert errors[msg_id]["code"] == code, (what, errors[msg_id])
    assert set(errors) == {msg_id for _, _, msg_id, _ in ANSWERED}  # nothing answered to a response or a guess
    logged = [line for line in stderr.read_text(errors="replace").splitlines() if "late_mcp.stdio" in line]
    assert len(logged) == len(UNANSWERABLE), logged
    assert all("Traceback" not in line and "garbage" not in line for line in logged)
