"""posts_list_failed with more failed posts than fit one answer: the rows that fit, and posts_list calls that go on
with each status right after the last one shown."""

from __future__ import annotations

import re
from typing import Any

from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ...conftest import Sandbox, text_of, tools
from ..conftest import make_server
from .test_read import next_step

TEXT = "Our spring sale starts now: every plan is a third off until Sunday, and the new planner comes with it for free."


async def fifty_failed(sandbox: Sandbox) -> dict[str, list[str]]:
    """The three seeded failed posts and 47 more published now to the Facebook account that needs reconnecting:
    alone they fail, beside X they partly fail (two of three). Each status's ids in the API's order."""
    facebook = {"platform": "facebook", "accountId": ACCOUNT_IDS["facebook"]}
    twitter = {"platform": "twitter", "accountId": ACCOUNT_IDS["twitter"]}
    for n in range(47):
        targets = [facebook] if n % 3 == 0 else [facebook, twitter]
        body = {"content": f"{n:02d} {TEXT}", "publishNow": True, "platforms": targets}
        assert (await sandbox.api("POST", "posts", json=body)).status_code in (200, 201, 207)
    return {
        status: [p["_id"] for p in (await sandbox.get("posts", status=status, limit=100))["posts"]]
        for status in ("failed", "partial")
    }


def named_calls(more: str) -> list[dict[str, Any]]:
    """The posts_list calls `more` names: 'posts_list status=failed page=2 limit=4 (…)'."""
    found = re.findall(r"posts_list status=(\w+) page=(\d+) limit=(\d+)", more)
    assert found, more
    return [{"status": status, "page": int(page), "limit": int(limit)} for status, page, limit in found]


async def test_fifty_failed_posts_fit_one_answer_and_posts_list_reaches_each_other_once(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """limit=50 answered about 14 KB; now about 4 KB, and the posts_list calls its `more` names, followed with
    their own `more`, reach every other failed and partly failed post exactly once."""
    api = await fifty_failed(sandbox)
    assert sum(map(len, api.values())) == 50
    seen: dict[str, list[str]] = {"failed": [], "partial": []}
    sizes = []
    async with tools(server) as t:
        first = await t.call("posts_list_failed", {"limit": 50})
        out = first.structured_content
        assert out is not None
        sizes.append(len(text_of(first).encode()))
        for row in out["posts"]:
            seen[row["status"]].append(row["id"])
        assert (out["total"], out["returned"]) == (50, len(out["posts"]))
        assert 0 < out["returned"] < 50
        assert out["more"].startswith(f"{50 - out['returned']} more failed posts not shown: posts_list status=")
        for args in named_calls(out["more"]):
            while True:
                result = await t.call("posts_list", args)
                page = result.structured_content
                assert page is not None
                sizes.append(len(text_of(result).encode()))
                seen[args["status"]] += [p["id"] for p in page["posts"]]
                if "more" not in page:
                    break
                args = next_step(args, page["more"])
    assert seen == api  # each status in the API's order: none left out, none twice
    assert all(size <= 4096 for size in sizes), sizes


async def test_a_status_with_none_shown_goes_on_from_its_first_page(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """limit=1 shows the newest of both statuses; the other status is named from its page 1."""
    api = await fifty_failed(sandbox)
    async with tools(server) as t:
        out = await t.ok("posts_list_failed", {"limit": 1})
    [row] = out["posts"]
    other = "partial" if row["status"] == "failed" else "failed"
    assert row["id"] == api[row["status"]][0]
    assert named_calls(out["more"]) == [
        {"status": "failed", "page": 2 if other == "partial" else 1, "limit": 1},
        {"status": "partial", "page": 2 if other == "failed" else 1, "limit": 1},
    ]


async def test_without_posts_list_it_says_how_many_are_left_and_where_to_see_them(
    app: Starlette, sandbox: Sandbox
) -> None:
    """posts_list excluded: no call this server cannot make is named."""
    await fifty_failed(sandbox)
    async with tools(make_server(app, exclude_tools=("posts_list",))) as t:
        out = await t.ok("posts_list_failed", {"limit": 50})
    assert out["more"] == f"{50 - out['returned']} more failed posts not shown; see them in the Late dashboard."


async def test_a_status_shown_once_goes_on_wide_not_one_post_a_call(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """limit=1 names "page=2 limit=1" for the status it showed (the only page that starts at its second post);
    that page fits whole, and kept, limit=1 walked the other 30-odd posts one call each. It widens."""
    api = await fifty_failed(sandbox)
    async with tools(server) as t:
        out = await t.ok("posts_list_failed", {"limit": 1})
        [row] = out["posts"]
        args = next(a for a in named_calls(out["more"]) if a["status"] == row["status"])
        assert (args["page"], args["limit"]) == (2, 1)
        seen, calls = [row["id"]], 0
        while True:
            page = await t.ok("posts_list", args)
            calls += 1
            seen += [p["id"] for p in page["posts"]]
            if "more" not in page:
                break
            args = next_step(args, page["more"])
    assert seen == api[row["status"]]
    assert len(seen) > 25
    assert calls <= 8, calls  # 1, 2, 4, 8, then 8 or 10 a call
