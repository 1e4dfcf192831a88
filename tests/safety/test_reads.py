"""What asking costs: every request a confirmed write sends, in order, under both protocol eras; and the reads after
the answer that keep what is sent what the person saw (a post edited, deleted or an account disconnected while they
were asked)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import pytest
from mcp import types
from mcp.client.session import ClientRequestContext
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import oid

from ..conftest import ZONE_NAME, Sandbox, serve
from .conftest import LINKEDIN, TWITTER, Person, client, make_server

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


@dataclass
class Meanwhile(Person):
    """A person during whose first answer something changes at the API (`change`, run once)."""

    change: Callable[[], Awaitable[Any]] | None = None

    async def __call__(self, context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        change, self.change = self.change, None
        if change is not None:
            await change()
        return await super().__call__(context, params)


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


async def test_a_post_edited_while_the_person_is_asked_is_asked_about_again_under_the_2026_protocol(
    sandbox: Sandbox,
) -> None:
    """The round carrying the answer builds the question again from its own reads: the words changed, so the SDK
    asks again, and the post deleted is the one the second question showed."""
    person = Meanwhile("accept", change=lambda: sandbox.api("PUT", f"posts/{WEBINAR}", json={"content": "Moved"}))
    async with client(make_server(sandbox.app), person, mode="auto") as t:
        await t.ok("posts_delete", {"post_id": WEBINAR})
    first, second = person.asked
    assert "Moved" not in first
    assert "Moved" in second
    assert await sandbox.post(WEBINAR) is None


async def test_a_post_edited_while_the_person_is_asked_is_not_deleted_under_the_handshake_protocol(
    sandbox: Sandbox,
) -> None:
    """The answer came mid-call, to a question read before it: built again after the answer, it says something
    else, so nothing is sent."""
    person = Meanwhile("accept", change=lambda: sandbox.api("PUT", f"posts/{WEBINAR}", json={"content": "Moved"}))
    async with client(make_server(sandbox.app), person, mode="legacy") as t:
        text = await t.error("posts_delete", {"post_id": WEBINAR})
    assert "Nothing was sent" in text
    assert "Call posts_delete again" in text
    assert len(person.asked) == 1
    kept = await sandbox.post(WEBINAR)
    assert kept is not None
    assert kept["content"] == "Moved"


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_post_deleted_while_the_person_is_asked_sends_nothing(
    sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    recorder = Recorder(sandbox.app)
    person = Meanwhile("accept", change=lambda: sandbox.api("DELETE", f"posts/{WEBINAR}"))
    async with client(_served(recorder, confirm="all"), person, mode=mode) as t:
        recorder.sent.clear()
        text = await t.error("posts_update", {"post_id": WEBINAR, "content": "Edited"})
    assert "not found" in text.lower()
    assert recorder.sent == [POST, POST]


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_an_account_disconnected_while_the_person_is_asked_gets_nothing(
    sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    recorder = Recorder(sandbox.app)
    person = Meanwhile("accept", change=lambda: sandbox.control(f"accounts/{TWITTER}", {"needsReconnect": True}))
    async with client(_served(recorder), person, mode=mode) as t:
        recorder.sent.clear()
        text = await t.error("posts_publish_now", NOW)
    assert "reconnect" in text.lower()
    assert [r for r in recorder.sent if not r.startswith("GET")] == []
    assert recorder.sent[-2:] == [ACCOUNTS, HEALTH]  # read again after the answer
