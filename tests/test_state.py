"""The server's settings read into a Late client (`late_mcp.state.client_for`): every knob reaches the client,
and the pauses the server picks itself can be shortened without touching the decisions."""

from __future__ import annotations

import httpx
import pytest

from late_mcp.client import RetryPolicy
from late_mcp.config import Settings
from late_mcp.errors import KeyedRequestFailed, RateLimitError, ServerError
from late_mcp.startup import build_parser, settings_from
from late_mcp.state import Waits, client_for

from .client.conftest import FakeAPI, R, read_timeout


async def test_client_for_wires_every_knob() -> None:
    api = FakeAPI(R(503, {"error": "down"}))
    settings = Settings(
        api_key="sk_test",
        base_url="https://other.example/api",
        timeout=11.0,
        publish_timeout=222.0,
        max_retries=0,
        max_retry_wait=5.0,
    )
    async with client_for(settings, transport=httpx.MockTransport(api)) as late:
        with pytest.raises(KeyedRequestFailed):  # its one answer was lost: not "failed", unconfirmed
            await late.posts.create({"content": "x"}, publish_now=True)
        with pytest.raises(ServerError):
            await late.accounts.list()

    assert api.calls == 2  # max_retries=0: the GET was not retried either
    first, second = api.requests
    assert str(second.url) == "https://other.example/api/v1/accounts?excludeHidden=true"
    assert second.headers["authorization"] == "Bearer sk_test"
    assert (read_timeout(first), read_timeout(second)) == (222.0, 11.0)


async def test_client_for_max_retry_wait() -> None:
    api = FakeAPI(R(429, {"error": "slow"}, headers={"Retry-After": "6"}))
    settings = Settings(api_key="sk_test", max_retries=3, max_retry_wait=5.0)
    async with client_for(settings, transport=httpx.MockTransport(api)) as late:
        with pytest.raises(RateLimitError) as caught:
            await late.accounts.list()
    assert caught.value.retry_after == 6.0
    assert api.calls == 1


def test_the_total_wait_of_a_call_comes_from_the_settings_flag_and_env() -> None:
    assert Settings().max_total_wait == 20.0
    env = {"LATE_MAX_TOTAL_WAIT": "12"}
    assert client_for(Settings.from_env(env)).http.retry.max_total_wait == 12.0
    flagged = settings_from(build_parser().parse_args(["--max-total-wait", "7.5"]), env)
    assert client_for(flagged).http.retry.max_total_wait == 7.5


def test_waits_shorten_the_backoff_not_the_retry_budget() -> None:
    settings = Settings(api_key="sk_test", max_retries=4, max_retry_wait=7.0)
    normal = client_for(settings).http.retry
    short = client_for(settings, waits=Waits(backoff=(0.01, 0.02))).http.retry
    assert (normal.base_delay, normal.max_delay) == (RetryPolicy().base_delay, RetryPolicy().max_delay)
    assert (short.base_delay, short.max_delay) == (0.01, 0.02)
    assert (short.max_retries, short.max_wait) == (normal.max_retries, normal.max_wait) == (4, 7.0)
    assert all(short.backoff(attempt) <= 0.02 for attempt in range(10))
