"""What asking costs: every request a confirmed write sends, in order, under both protocol eras."""

from __future__ import annotations

from typing import Any, Literal

import httpx
import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import oid

from ..conftest import ZONE_NAME, Sandbox, serve
from .conftest import LINKEDIN, TWITTER, Person, client

WEBINAR = oid("post:scheduled-webinar")
NOW = {"content": "Live from the studio", "platform": "twitter", "account_id": TWITTER}
ACCOUNTS, HEALTH = "GET /v1/accounts?excludeHidden=true", "GET /v1/accounts/health"
POST = f"GET /v1/posts/{WEBINAR}"


class Recorder(httpx.AsyncBaseTransport):
    """The sandbox app, noting every API request in order (method, path and query)."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.sent: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        query = f"?{request.url.query.decode()}" if request.url.query else ""
        self.sent.append(f"{request.method} {request.url.path.removeprefix('/api')}{query}")
        return await self.inner.handle_async_request(request)


def _served(recorder: Recorder, **settings: Any) -> MCPServer[Any]:
    """A server whose every API request `recorder` notes (settings as `make_server`'s)."""
    return serve(recorder, **{"timezone": ZONE_NAME, "max_retries": 1, **settings})


#: (tool, arguments, settings, mode, the requests sent: before the question | after the answer, then the write).
#: Under the 2026 protocol the first round (rehearsal and question) reads once, and the round carrying the answer
#: reads again, once: the question is built again from those reads (an answer counts only for the same words) and
#: the tool runs on them. Under the handshake protocol the question's reads are made before it is sent, and the
#: question is built again after the answer from new reads, which the tool then runs on.
SENT: list[tuple[str, dict[str, Any], dict[str, Any], Literal["auto", "legacy"], list[str]]] = [
    ("posts_publish_now", NOW, {}, "auto", [ACCOUNTS, HEALTH, ACCOUNTS, HEALTH, "POST /v1/posts"]),
    ("posts_publish_now", NOW, {}, "legacy", [ACCOUNTS, HEALTH, ACCOUNTS, HEALTH, "POST /v1/posts"]),
    ("posts_create", {**NOW, "publish_now": True}, {}, "auto", [ACCOUNTS, HEALTH, ACCOUNTS, HEALTH, "POST /v1/posts"]),
    ("posts_cross_post", {"content": "Launch", "platforms": "twitter,linkedin", "account_ids": [TWITTER, LINKEDIN],
                          "publish_now": True}, {}, "legacy", [ACCOUNTS, HEALTH, ACCOUNTS, HEALTH, "POST /v1/posts"]),
    ("posts_delete", {"post_id": WEBINAR}, {}, "auto", [POST, POST, f"DELETE /v1/posts/{WEBINAR}"]),
    ("posts_delete", {"post_id": WEBINAR}, {}, "legacy", [POST, POST, f"DELETE /v1/posts/{WEBINAR}"]),
    ("posts_update", {"post_id": WEBINAR, "content": "Edited"}, {"confirm": "all"}, "auto",
     [POST, POST, f"PUT /v1/posts/{WEBINAR}"]),
    ("posts_update", {"post_id": WEBINAR, "content": "Edited"}, {"confirm": "all"}, "legacy",
     [POST, POST, f"PUT /v1/posts/{WEBINAR}"]),
]  # fmt: skip


@pytest.mark.parametrize(("tool", "args", "settings", "mode", "sent"), SENT)
async def test_a_confirmed_write_reads_once_before_the_question_and_once_after_the_answer(
    sandbox: Sandbox,
    tool: str,
    args: dict[str, Any],
    settings: dict[str, Any],
    mode: Literal["auto", "legacy"],
    sent: list[str],
) -> None:
    recorder = Recorder(sandbox.app)
    person = Person("accept")
    async with client(_served(recorder, **settings), person, mode=mode) as t:
        recorder.sent.clear()
        await t.ok(tool, args)
    assert len(person.asked) == 1
    assert recorder.sent == sent


@pytest.mark.parametrize(
    ("tool", "args", "settings", "sent"),
    [
        ("posts_publish_now", NOW, {}, [ACCOUNTS, HEALTH, "POST /v1/posts"]),
        # the tool reads the post, and its journal entry keeps the same read as the post before the change
        ("posts_update", {"post_id": WEBINAR, "content": "Edited"}, {"confirm": "all"},
         [POST, f"PUT /v1/posts/{WEBINAR}"]),
    ],
)  # fmt: skip
async def test_a_host_that_cannot_ask_reads_once(
    sandbox: Sandbox, tool: str, args: dict[str, Any], settings: dict[str, Any], sent: list[str]
) -> None:
    recorder = Recorder(sandbox.app)
    async with client(_served(recorder, **settings)) as t:
        recorder.sent.clear()
        await t.ok(tool, args)
    assert recorder.sent == sent
