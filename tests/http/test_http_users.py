"""Two users of one stateless HTTP server at once, through the SDK's streamable HTTP client over a real socket: each
sees only their own workspace, and a confirmation reaches the person who made the call, in both protocol eras."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, Literal

import anyio
import httpx
import httpx2
import pytest
from mcp import Client, types
from mcp.client.session import ClientRequestContext
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from late_mcp.config import Settings
from late_mcp.http_app import create_app
from late_mcp.sandbox.app import create_app as create_sandbox_app
from late_mcp.sandbox.seed import PROFILE_MAIN
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server

from ._servers import Workspaces, serving

BASE = "http://late.test/api"
Mode = Literal["auto", "legacy"]
Callback = Any  # the SDK's elicitation callback


@contextmanager
def http_server(stores: tuple[Store, ...], **settings: Any) -> Iterator[str]:
    """One late-mcp HTTP app before the users' workspaces; its MCP URL."""
    config = Settings(base_url=BASE, timezone="UTC", **settings)
    with serving(create_app(config, host="127.0.0.1", transport=Workspaces(list(stores)))) as url:
        yield url + "/mcp"


@asynccontextmanager
async def user(url: str, key: str, *, mode: Mode = "auto", person: Callback = None) -> AsyncIterator[Client]:
    async with (
        httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60) as http,
        Client(streamable_http_client(url, http_client=http), mode=mode, elicitation_callback=person) as client,
    ):
        yield client


def answering(action: str, asked: list[str]) -> Callback:
    """A person who answers every question with `action` and remembers what they were asked."""

    async def answer(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params.message)
        await anyio.sleep(0.01)  # let the other user's call overtake this one
        if action == "accept":
            return types.ElicitResult(action="accept", content={"confirm": True})
        return types.ElicitResult(action=action)  # type: ignore[arg-type]

    return answer


def contents(store: Store) -> set[str]:
    return {str(post.get("content")) for post in store.all("posts")}


async def connect_account(store: Store, username: str) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_sandbox_app(store))) as http:
        account = {"platform": "bluesky", "username": username}
        made = await http.post("http://127.0.0.1/_sandbox/accounts", json=account)
        assert made.status_code == 201, made.text


async def test_two_users_at_once_each_see_only_their_own_workspace(two_stores: tuple[Store, Store]) -> None:
    await connect_account(two_stores[1], "only-b.bsky.social")
    seen: dict[str, dict[str, Any]] = {}
    with http_server(two_stores) as url:

        async def work(name: str, store: Store) -> None:
            async with user(url, store.api_key) as client:
                accounts = (await client.call_tool("accounts_list", {})).structured_content or {}
                made = []
                for n in range(2):
                    draft = {"content": f"{name} draft {n}", "platform": "threads", "is_draft": True}
                    created = await client.call_tool("posts_create", draft)
                    assert not created.is_error, created.content
                    made.append((created.structured_content or {})["post_id"])
                listed = (await client.call_tool("posts_list", {"limit": 100})).structured_content or {}
                history = (await client.call_tool("posts_history", {})).structured_content or {}
                link = (await client.call_tool("media_generate_upload_link", {})).structured_content or {}
            seen[name] = {
                "usernames": {a["username"] for a in accounts["accounts"]},
                "made": made,
                "previews": {p["preview"] for p in listed["posts"]},
                "history": [(e["id"], e["post_id"]) for e in history["entries"]],
                "token": link["token"],
            }

        async with anyio.create_task_group() as tg:
            for name, store in zip("AB", two_stores, strict=True):
                tg.start_soon(work, name, store)

        a, b = seen["A"], seen["B"]
        assert "only-b.bsky.social" in b["usernames"]
        assert "only-b.bsky.social" not in a["usernames"]
        assert {"A draft 0", "A draft 1"} <= a["previews"]
        assert not {"B draft 0", "B draft 1"} & a["previews"]
        assert {"B draft 0", "B draft 1"} <= b["previews"]
        assert not {"A draft 0", "A draft 1"} & b["previews"]
        assert sorted(p for _, p in a["history"]) == sorted(a["made"])
        assert sorted(p for _, p in b["history"]) == sorted(b["made"])

        # What one user holds (a post id, a history entry, an upload token) is nothing to the other.
        async with user(url, two_stores[1].api_key) as other:
            assert (await other.call_tool("posts_get", {"post_id": a["made"][0]})).is_error
            assert (await other.call_tool("posts_undo", {"entry_id": a["history"][0][0]})).is_error
            assert (await other.call_tool("media_check_upload_status", {"token": a["token"]})).is_error
        async with user(url, two_stores[0].api_key) as owner:
            status = await owner.call_tool("media_check_upload_status", {"token": a["token"]})
            assert not status.is_error
            assert (status.structured_content or {})["status"] == "pending"
    assert {"A draft 0", "A draft 1"} <= contents(two_stores[0])
    assert "B draft 0" not in contents(two_stores[0])
    assert {"B draft 0", "B draft 1"} <= contents(two_stores[1])
    assert "A draft 0" not in contents(two_stores[1])


@pytest.mark.parametrize("refusal", ["decline", "cancel"])
async def test_each_user_is_asked_and_their_answer_counts_for_their_call_only(
    two_stores: tuple[Store, Store], refusal: str
) -> None:
    """The 2026 protocol asks in input-required rounds over stateless HTTP: A says yes while B says no."""
    asked: dict[str, list[str]] = {"A": [], "B": []}
    answers = {"A": "accept", "B": refusal}
    results: dict[str, list[bool]] = {"A": [], "B": []}
    with http_server(two_stores) as url:

        async def work(name: str, store: Store) -> None:
            async with user(url, store.api_key, person=answering(answers[name], asked[name])) as client:
                for n in range(3):
                    post = {"content": f"{name} now {n}", "platform": "threads", "publish_now": True}
                    results[name].append((await client.call_tool("posts_create", post)).is_error)

        async with anyio.create_task_group() as tg:
            for name, store in zip("AB", two_stores, strict=True):
                tg.start_soon(work, name, store)
    assert results == {"A": [False] * 3, "B": [True] * 3}
    for name in "AB":
        assert [q.split("'")[1] for q in asked[name]] == [f"{name} now {n}" for n in range(3)]
    assert {"A now 0", "A now 1", "A now 2"} <= contents(two_stores[0])
    assert not {c for c in contents(two_stores[1]) if "now" in c}


@pytest.mark.parametrize(("mode", "elicits"), [("auto", False), ("legacy", True), ("legacy", False)])
async def test_every_user_whose_call_could_not_be_asked_about_is_told(
    two_stores: tuple[Store, Store], mode: Mode, elicits: bool
) -> None:
    """No session over stateless HTTP: the note that a write went ahead unasked belongs in each such result, not
    only in the first of the whole process (which another user got). A legacy client that declares elicitation
    cannot be asked either: stateless HTTP has no channel for the handshake era's elicitation/create."""
    asked: list[str] = []
    person = answering("decline", asked) if elicits else None
    with http_server(two_stores) as url:
        for store in two_stores:
            async with user(url, store.api_key, mode=mode, person=person) as client:
                for n in range(2):
                    post = {"content": f"unasked {n}", "platform": "threads", "publish_now": True}
                    result = await client.call_tool("posts_create", post)
                    assert not result.is_error, result.content
                    summary = (result.structured_content or {})["summary"]
                    assert "went ahead without asking" in summary, summary
                    assert "LATE_CONFIRM_REQUIRED=true" in summary
    assert asked == []


async def test_confirm_required_refuses_what_a_legacy_client_cannot_be_asked_over_http(
    two_stores: tuple[Store, Store],
) -> None:
    asked: list[str] = []
    with http_server(two_stores, confirm_required=True) as url:
        async with user(url, two_stores[0].api_key, mode="legacy", person=answering("accept", asked)) as client:
            post = {"content": "must be asked", "platform": "threads", "publish_now": True}
            result = await client.call_tool("posts_create", post)
    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert "LATE_CONFIRM_REQUIRED=true" in text
    assert "nothing was sent" in text
    assert "2026-07-28" in text, text  # says what would let it ask: the newer protocol
    assert asked == []
    assert "must be asked" not in contents(two_stores[0])


async def test_one_users_question_state_is_nothing_to_another(two_stores: tuple[Store, Store]) -> None:
    """The sealed state of A's question (2026 protocol) carried by B, with a yes, must not stand for B's answer."""
    post = {"content": "A's question", "platform": "threads", "publish_now": True}
    nobody: list[str] = []  # the rounds are driven by hand below; the callback only declares elicitation
    with http_server(two_stores) as url:
        async with user(url, two_stores[0].api_key, person=answering("accept", nobody)) as a:
            asked = await a.session.call_tool("posts_create", post, allow_input_required=True)
        assert isinstance(asked, types.InputRequiredResult)
        assert asked.request_state
        assert asked.input_requests
        yes = {key: types.ElicitResult(action="accept", content={"confirm": True}) for key in asked.input_requests}
        async with user(url, two_stores[1].api_key, person=answering("accept", nobody)) as b:
            with pytest.raises(MCPError, match="requestState"):
                await b.session.call_tool("posts_create", post, input_responses=yes, request_state=asked.request_state)
        async with user(url, two_stores[0].api_key, person=answering("accept", nobody)) as a:  # good for A's own call
            done = await a.session.call_tool(
                "posts_create", post, input_responses=yes, request_state=asked.request_state
            )
            assert not done.is_error, done.content
    assert "A's question" in contents(two_stores[0])
    assert "A's question" not in contents(two_stores[1])


async def test_local_files_over_http_stay_inside_the_media_dirs(
    two_stores: tuple[Store, Store], tmp_path: Path
) -> None:
    """With LATE_MEDIA_DIRS the server's files are offered, confined to those directories however a path is put."""
    media, outside = tmp_path / "media", tmp_path / "outside"
    media.mkdir()
    outside.mkdir()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    (media / "ok.png").write_bytes(png)
    (outside / "secret.png").write_bytes(png)
    (media / "link.png").symlink_to(outside / "secret.png")
    (media / "dir").symlink_to(outside)
    refused = [
        f"{media}/../outside/secret.png",
        f"{media}/link.png",
        f"{media}/dir/secret.png",
        f"{outside}/secret.png",
        "../outside/secret.png",
        "/etc/passwd",
    ]
    with http_server(two_stores, media_dirs=(str(media),)) as url:
        async with user(url, two_stores[0].api_key) as client:  # the first: its presigned upload reaches its sandbox
            for path in refused:
                result = await client.call_tool("media_upload_file", {"paths": path})
                assert result.is_error, path
                text = result.content[0].text  # type: ignore[union-attr]
                assert "outside the directories" in text or "not an absolute path" in text, text
            relative = await client.call_tool("media_upload_file", {"paths": "ok.png"})
            hint = relative.content[0].text  # type: ignore[union-attr]
            assert f"inside {media}" in hint, hint  # the server's folders...
            assert "~/" not in hint  # ...not a home folder, which would be the server's too
            sent = await client.call_tool("media_upload_file", {"paths": str(media / "ok.png")})
    assert not sent.is_error, sent.content
    assert (sent.structured_content or {})["files"][0]["path"] == str(media / "ok.png")


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_delete_that_went_ahead_unasked_says_so_too(two_stores: tuple[Store, Store], mode: Mode) -> None:
    """A result without a summary (a delete's) carries the note as a text of its own, over HTTP every time."""
    store = two_stores[0]
    with http_server(two_stores) as url:
        async with user(url, store.api_key, mode=mode) as client:
            for n in range(2):
                draft = {"content": f"to delete {n}", "platform": "threads", "is_draft": True}
                post_id = ((await client.call_tool("posts_create", draft)).structured_content or {})["post_id"]
                deleted = await client.call_tool("posts_delete", {"post_id": post_id})
                assert not deleted.is_error, deleted.content
                assert (deleted.structured_content or {})["deleted"] is True  # the structured answer is unchanged
                texts = [block.text for block in deleted.content if isinstance(block, types.TextContent)]
                assert any("went ahead without asking" in text for text in texts), texts
    assert not {c for c in contents(store) if c.startswith("to delete")}


class Sent(Workspaces):
    """The users' workspaces, remembering (method, path) of every request the HTTP server sends them."""

    def __init__(self, stores: list[Store]) -> None:
        super().__init__(stores)
        self.requests: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        return await super().handle_async_request(request)


async def test_bulk_csv_over_http_takes_text_and_rows_and_refuses_a_path(
    two_stores: tuple[Store, Store], tmp_path: Path
) -> None:
    """Without LATE_MEDIA_DIRS the server's files are not offered, yet a CSV sent as text needs none: the bulk tool
    is listed, takes `csv` and `rows`, and refuses `path` before it reads, asks or sends anything. Over stdio (the
    same tool, a server that is not stateless) the path is read as before."""
    store = two_stores[0]
    csv = (
        "platforms,profiles,schedule_time,tz,post_content\n"
        f"linkedin,{PROFILE_MAIN},2099-03-02T09:00,Europe/Berlin,Monday tip: plan a week in one sitting\n"
        f"bluesky,{PROFILE_MAIN},,,When?\n"
    )
    sheet = tmp_path / "week.csv"
    sheet.write_text(csv, encoding="utf-8")
    sent, asked = Sent(list(two_stores)), list[str]()
    config = Settings(base_url=BASE, timezone="UTC", toolsets=("core", "queue"))
    with serving(create_app(config, host="127.0.0.1", transport=sent)) as url:
        async with user(url + "/mcp", store.api_key, person=answering("accept", asked)) as client:
            listed = {tool.name for tool in (await client.list_tools()).tools}
            text = await client.call_tool("posts_bulk_upload", {"csv": csv})
            row = {"platforms": "linkedin", "post_content": "x"}
            rows = await client.call_tool("posts_bulk_upload", {"rows": [row]})
            before = list(sent.requests)
            refused = await client.call_tool("posts_bulk_upload", {"path": str(sheet), "dry_run": False})
    assert "posts_bulk_upload" in listed
    assert "media_upload_file" not in listed  # it has nothing but a path
    assert not text.is_error, text.content
    assert (text.structured_content or {})["valid"] == 1
    [problem] = (text.structured_content or {})["problems"]
    assert problem["row"] == 2
    assert problem["errors"][0].startswith("row 2: no time to post at")
    assert not rows.is_error, rows.content
    assert ("POST", "/api/v1/posts/bulk-upload") in before
    assert refused.is_error
    message = refused.content[0].text  # type: ignore[union-attr]
    assert "Send the CSV text itself as csv, or the rows as rows" in message, message
    assert sent.requests == before  # nothing sent...
    assert asked == []  # ...and the person not asked about a call that cannot run
    assert not [p for p in store.all("posts") if "Monday tip" in str(p.get("content"))]

    stdio = build_server(config.with_overrides(api_key=store.api_key), transport=Workspaces(list(two_stores)))
    async with Client(stdio) as client:
        read = await client.call_tool("posts_bulk_upload", {"path": str(sheet)})
    assert not read.is_error, read.content
    assert (read.structured_content or {})["valid"] == 1
