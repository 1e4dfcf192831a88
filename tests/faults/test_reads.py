"""Reads under rate limits, server errors, dropped connections, and the API going away mid-session."""

from __future__ import annotations

import time
from pathlib import Path

from mcp import Client

from late_mcp.sandbox.runner import RunningSandbox, start_sandbox

from .conftest import Control, build_server, settings_for, text_of


async def test_429_with_retry_after_on_a_read_waits_then_recovers(sandbox: RunningSandbox, control: Control) -> None:
    rule = control.fault(path="/v1/posts", method="GET", fail_count=1, status=429, retry_after=1)
    async with Client(build_server(settings_for(sandbox))) as client:
        started = time.monotonic()
        result = await client.call_tool("posts_list", {})
        waited = time.monotonic() - started
    assert not result.is_error, text_of(result)
    assert control.hits(rule) == 2  # refused once, answered on the retry
    assert waited >= 0.9  # it honoured Retry-After (a lower bound: cannot flake)


async def test_429_longer_than_the_cap_tells_the_model_when_to_come_back(
    sandbox: RunningSandbox, control: Control
) -> None:
    rule = control.fault(path="/v1/posts", method="GET", status=429, retry_after=120)
    async with Client(build_server(settings_for(sandbox, max_retry_wait=5))) as client:
        result = await client.call_tool("posts_list", {})
    assert result.is_error
    text = text_of(result)
    assert "120" in text
    assert "wait" in text.lower()
    assert control.hits(rule) == 1  # it did not wait, and did not hammer the API


async def test_429_on_a_create_is_sent_again_because_it_was_refused_unprocessed(
    sandbox: RunningSandbox, control: Control
) -> None:
    rule = control.fault(path="/v1/posts", method="POST", fail_count=1, status=429, retry_after=1)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool(
            "posts_create", {"content": "after a 429", "platform": "threads", "is_draft": True}
        )
    assert not result.is_error, text_of(result)
    assert control.hits(rule) == 2
    assert len(control.with_content("after a 429")) == 1


async def test_5xx_on_reads_recovered_within_the_retry_budget(sandbox: RunningSandbox, control: Control) -> None:
    rule = control.fault(path="/v1/posts", method="GET", fail_count=3, status=503)
    async with Client(build_server(settings_for(sandbox, max_retries=3))) as client:
        result = await client.call_tool("posts_list", {})
    assert not result.is_error, text_of(result)
    assert control.hits(rule) == 4


async def test_5xx_beyond_the_budget_is_a_clear_error(sandbox: RunningSandbox, control: Control) -> None:
    rule = control.fault(path="/v1/posts", method="GET", status=502)
    async with Client(build_server(settings_for(sandbox, max_retries=2))) as client:
        result = await client.call_tool("posts_list", {})
        assert result.is_error
        text = text_of(result)
        assert "502" in text
        assert "try again" in text.lower()
        assert control.hits(rule) == 3
        control.clear()
        again = await client.call_tool("posts_list", {})  # the same session works once the API does
        assert not again.is_error


async def test_dropped_connections_on_reads_recovered(sandbox: RunningSandbox, control: Control) -> None:
    rule = control.fault(path="/v1/accounts", method="GET", fail_count=2, drop=True)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("accounts_list", {})
    assert not result.is_error, text_of(result)
    assert control.hits(rule) == 3


async def test_dropped_connections_beyond_the_budget_are_a_clear_error(
    sandbox: RunningSandbox, control: Control
) -> None:
    rule = control.fault(path="/v1/accounts", method="GET", drop=True)
    async with Client(build_server(settings_for(sandbox, max_retries=1))) as client:
        result = await client.call_tool("accounts_list", {})
    assert result.is_error
    assert "reach the Late API" in text_of(result)
    assert control.hits(rule) == 2


async def test_the_api_going_away_and_coming_back_needs_no_restart(tmp_path: Path) -> None:
    data = tmp_path / "sandbox"
    first = start_sandbox(data_dir=data)
    port, key, base_url = first.port, first.api_key, first.base_url
    settings = settings_for(first, timeout=2)
    try:
        async with Client(build_server(settings)) as client:
            assert not (await client.call_tool("accounts_list", {})).is_error
            first.stop()
            down = await client.call_tool("accounts_list", {})
            assert down.is_error
            assert "reach the Late API" in text_of(down)
            down_write = await client.call_tool(
                "posts_create", {"content": "while down", "platform": "threads", "is_draft": True}
            )
            assert down_write.is_error
            second = start_sandbox(data_dir=data, port=port)
            try:
                assert (second.api_key, second.base_url) == (key, base_url)
                back = await client.call_tool("accounts_list", {})
                assert not back.is_error, text_of(back)
                made = await client.call_tool(
                    "posts_create", {"content": "after the outage", "platform": "threads", "is_draft": True}
                )
                assert not made.is_error, text_of(made)
            finally:
                second.stop()
    finally:
        first.stop()
