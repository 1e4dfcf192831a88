"""How long one tool call may wait on rate limits, end to end: a bounded total, and absurd waits as readable errors."""

from __future__ import annotations

import httpx
import pytest
from mcp import Client

from late_mcp.config import Settings
from late_mcp.sandbox.runner import RunningSandbox

from .conftest import Control, build_server, settings_for, text_of


async def test_three_retry_after_29_do_not_add_up_past_the_cap(sandbox: RunningSandbox, control: Control) -> None:
    """Repro: three `Retry-After: 29` once made one accounts_list take 87 s. A 29 s wait does not fit in the
    default 20 s total: the call answers at once with the wait still needed, and does not hammer the API."""
    rule = control.fault(path="/v1/accounts", method="GET", status=429, retry_after=29)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("accounts_list", {})
    assert result.is_error
    text = text_of(result)
    assert "wait about 29 s" in text, text
    assert "20 s one call may wait" in text, text
    assert control.hits(rule) == 1


async def test_the_total_wait_is_a_setting_and_counts_every_wait(sandbox: RunningSandbox, control: Control) -> None:
    rule = control.fault(path="/v1/accounts", method="GET", status=429, retry_after=1)
    async with Client(build_server(settings_for(sandbox, max_total_wait=1.5))) as client:
        result = await client.call_tool("accounts_list", {})
    assert result.is_error
    assert "1 s used" in text_of(result), text_of(result)
    assert control.hits(rule) == 2  # waited 1 s once; a second 1 s would pass 1.5 s


def _limited(headers: dict[str, str]) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(429, json={"error": "Slow down"}, headers=headers))


@pytest.mark.parametrize(
    "headers",
    [{"Retry-After": "inf"}, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1e400"}],
)
async def test_an_absurd_retry_after_is_a_readable_error_not_a_bare_one(headers: dict[str, str]) -> None:
    """Repro: `Retry-After: inf` / `X-RateLimit-Reset: 1e400` ended in a bare "Error executing tool" (an
    OverflowError while rounding the wait)."""
    settings = Settings(api_key="sk_test", base_url="https://late.invalid/api", timezone="UTC")
    async with Client(build_server(settings, transport=_limited(headers))) as client:
        result = await client.call_tool("accounts_list", {})
    assert result.is_error
    text = text_of(result)
    assert "Slow down" in text, text
    assert "too long" in text, text
    assert "inf" not in text.replace("information", "")
