"""The query parameters the client sends on the reads whose filters decide an answer (the lost-create lookups:
posts newest-created first from an instant on one account, profiles by exact name) are the SDK's own, and sortBy's
value is one the SDK lists. The API answers an unknown parameter with 400, so a wrong name here is a lookup that
always fails."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import late
import pytest

from late_mcp.client import LateClient

from ._table import QUERIES

Read = Callable[[LateClient], Awaitable[object]]
#: each read with every filter the client can send
READS: dict[str, Read] = {
    "GET /v1/posts": lambda c: c.posts.list(
        page=2,
        limit=100,
        status="failed",
        platform="twitter",
        profile_id="p",
        date_from="2026-11-24T20:00:00Z",
        date_to="2026-11-25",
        account_id="a",
        sort_by="created-desc",
    ),
    "GET /v1/profiles": lambda c: c.profiles.list(name="Brand"),
    "GET /v1/accounts": lambda c: c.accounts.list(profile_id="p"),
    "GET /v1/logs": lambda c: c.logs.publishing(
        status="failed", platform="twitter", action="post.published", days=30, limit=10, skip=5
    ),
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


async def _sent(read: Read) -> dict[str, str]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"posts": [], "profiles": [], "accounts": [], "logs": [], "pagination": {}})

    client = LateClient(
        api_key="sk_" + "0" * 64, base_url="https://late.test/api", transport=httpx.MockTransport(answer)
    )
    try:
        await read(client)
    finally:
        await client.aclose()
    [request] = seen
    return dict(request.url.params)


def test_every_table_row_has_a_read() -> None:
    assert sorted(READS) == sorted(QUERIES)


@pytest.mark.parametrize("op", sorted(QUERIES))
async def test_the_query_parameters_sent_are_the_sdks(op: str) -> None:
    resource, method = QUERIES[op]
    accepted = {_camel(name) for name in inspect.signature(getattr(resource, method)).parameters if name != "self"}
    sent = await _sent(READS[op])
    assert sent, f"{op}: nothing sent, nothing checked"
    assert sorted(set(sent) - accepted) == [], f"{op} accepts {sorted(accepted)}"


def _literal(tool: str, name: str) -> set[str]:
    """The values of a generated tool's Literal argument, read from the SDK's source: importing its MCP module
    needs fastmcp, which the SDK's venv does not have."""
    source = Path(late.__file__).parent / "mcp" / "generated_tools.py"
    for node in ast.walk(ast.parse(source.read_text("utf-8"))):
        if isinstance(node, ast.FunctionDef) and node.name == tool:
            [arg] = [a for a in node.args.args + node.args.kwonlyargs if a.arg == name]
            assert arg.annotation is not None
            return {
                n.value for n in ast.walk(arg.annotation) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
    raise AssertionError(f"{tool} not in the SDK")


async def test_the_lookups_sort_order_is_one_the_sdk_lists() -> None:
    orders = _literal("posts_list_posts", "sort_by")
    assert {"created-desc", "scheduled-desc"} <= orders
    assert (await _sent(READS["GET /v1/posts"]))["sortBy"] in orders
