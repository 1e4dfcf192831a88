"""Recycling under the safety settings: the API makes a recycled post's copies itself, later, so they would escape
the daily cap and approval. Turning recycling on is refused while either is set; stopping it is not."""

from __future__ import annotations

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import Sandbox
from .conftest import Person, client, make_server

LINKEDIN = ACCOUNT_IDS["linkedin"]
SETS = {"toolsets": ("core", "planner"), "confirm": "off"}
POST = {"content": "An evergreen guide", "platform": "linkedin", "account_id": LINKEDIN, "schedule_minutes": 120}


async def test_recycling_is_refused_while_the_cap_or_approval_is_on(sandbox: Sandbox) -> None:
    async with client(make_server(sandbox.app, **SETS)) as t:
        post_id = (await t.ok("posts_create", POST))["post_id"]
    for setting in ({"max_posts_per_day": 20}, {"require_approval": True}):
        async with client(make_server(sandbox.app, **SETS)) as t:  # no rail: recycling goes on
            await t.ok("posts_recycle", {"post_id": post_id, "every": "every month, 2 times"})
        updates = await sandbox.watch(f"/api/v1/posts/{post_id}", method="PUT")
        before = sandbox.post_ids()
        async with client(make_server(sandbox.app, **SETS, **setting)) as t:
            on_create = await t.error("posts_create", {**POST, "content": "Another guide", "recycle": "every 2 weeks"})
            on_post = await t.error("posts_recycle", {"post_id": post_id, "every": "every 2 weeks, 3 times"})
            await t.ok("posts_recycle", {"post_id": post_id, "every": "off"})  # stopping is never refused
        for text in (on_create, on_post):
            assert "Recycling is refused while LATE_MAX_POSTS_PER_DAY or LATE_REQUIRE_APPROVAL is set" in text
            assert "Nothing was sent" in text
        assert sandbox.post_ids() == before
        assert await sandbox.hits(updates) == 1  # the stop only: neither refusal reached the API


async def test_refused_recycling_is_not_asked_about_first(sandbox: Sandbox) -> None:
    async with client(make_server(sandbox.app, **SETS)) as t:
        post_id = (await t.ok("posts_create", POST))["post_id"]
    yes = Person("accept")
    settings = {**SETS, "confirm": "all", "require_approval": True}
    async with client(make_server(sandbox.app, **settings), yes) as t:
        text = await t.error("posts_recycle", {"post_id": post_id, "every": "every 2 weeks"})
    assert "Recycling is refused while" in text
    assert yes.asked == []
