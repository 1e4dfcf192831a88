"""Every live or destructive tool asks first: accept sends the write, decline and cancel send nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from ..conftest import Sandbox, Tools
from .conftest import LINKEDIN, TWITTER, Answer, Person, client, make_server

POST = {"content": "Ask me first", "platform": "twitter", "account_id": TWITTER}
Setup = Callable[[Tools, Sandbox], Awaitable[dict[str, Any]]]


async def nothing(t: Tools, sandbox: Sandbox) -> dict[str, Any]:
    return {}


async def draft(t: Tools, sandbox: Sandbox) -> dict[str, Any]:
    return {"post_id": (await t.ok("posts_create", {**POST, "is_draft": True}))["post_id"]}


async def journaled_draft(t: Tools, sandbox: Sandbox) -> dict[str, Any]:
    """A draft this server created: posts_undo's default (the latest entry) deletes it."""
    await draft(t, sandbox)
    return {}


async def published(t: Tools, sandbox: Sandbox) -> dict[str, Any]:
    return {"post_id": (await t.ok("posts_publish_now", POST))["post_id"]}


async def failed(t: Tools, sandbox: Sandbox) -> dict[str, Any]:
    """A failed post whose account is fixed since (a retry to a broken account is refused before asking)."""
    post = next(p for p in sandbox.store.all("posts") if p["status"] == "failed")
    for target in post["platforms"]:
        await sandbox.heal_account(str(target["accountId"]))
    return {"post_id": str(post["_id"])}


async def pending(t: Tools, sandbox: Sandbox) -> dict[str, Any]:
    made = await draft(t, sandbox)
    [doc] = [p for p in sandbox.store.all("posts") if p["_id"] == made["post_id"]]
    sandbox.store.put("posts", {**doc, "status": "pending_approval", "isDraft": False})
    return made


#: tool, the setup that gives it something to act on, its other arguments
# fmt: off
CASES: list[tuple[str, Setup, dict[str, Any]]] = [
    ("posts_publish_now", nothing, POST),
    ("posts_create", nothing, {**POST, "publish_now": True}),
    ("posts_cross_post", nothing, {"content": "Both", "platforms": "twitter,linkedin", "publish_now": True,
                                   "account_ids": f"{TWITTER},{LINKEDIN}"}),
    ("posts_delete", draft, {}),
    ("posts_retry", failed, {}),
    ("posts_retry_all_failed", nothing, {}),
    ("posts_undo", journaled_draft, {}),
    ("posts_unpublish", published, {"platform": "twitter"}),
    ("posts_edit_published", published, {"platform": "twitter", "content": "Edited"}),
    ("posts_review", pending, {"decision": "approve"}),
]
# fmt: on


async def _writes(sandbox: Sandbox) -> list[int]:
    return [await sandbox.watch("/api/v1/*", method=m) for m in ("POST", "PUT", "DELETE")]


@pytest.mark.parametrize("answer", ["accept", "decline", "cancel"])
@pytest.mark.parametrize(("tool", "setup", "args"), CASES, ids=[c[0] for c in CASES])
async def test_each_confirmable_tool(
    sandbox: Sandbox, tmp_path: Path, tool: str, setup: Setup, args: dict[str, Any], answer: Answer
) -> None:
    settings: dict[str, Any] = {"journal": str(tmp_path / "j.sqlite3"), "toolsets": ("core", "live")}
    async with client(make_server(sandbox.app, confirm="off", **settings)) as t:
        given = await setup(t, sandbox)
    watched = await _writes(sandbox)
    person = Person(answer)
    async with client(make_server(sandbox.app, **settings), person) as t:
        result = await t.call(tool, {**given, **args})
    sent = sum([await sandbox.hits(w) for w in watched])
    assert len(person.asked) == 1, person.asked
    if answer == "accept":
        assert sent >= 1, result.content
    else:
        assert result.is_error
        assert sent == 0
