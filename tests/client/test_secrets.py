"""The API key never shows: not in Settings, an error's str/repr/hint/traceback, nor a DEBUG log record."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.config import Settings
from late_mcp.errors import LateError

from .conftest import KEY, FakeAPI, MakeClient, R


def _failures() -> dict[str, Callable[[], FakeAPI]]:
    return {
        "401": lambda: FakeAPI(R(401, {"error": "Invalid API key"})),
        "403 plan": lambda: FakeAPI(R(403, {"error": "Limit", "planName": "Free", "limit": 10, "current": 10})),
        "404 empty": lambda: FakeAPI(R(404)),
        "409 duplicate": lambda: FakeAPI(R(409, {"error": "dup", "details": {"existingPostId": "p0"}})),
        "429 long": lambda: FakeAPI(R(429, {"error": "slow"}, headers={"Retry-After": "999"})),
        "503 html": lambda: FakeAPI(R(503, text="<h1>down</h1>")),
        "connect": lambda: FakeAPI(httpx.ConnectError),
        "read timeout": lambda: FakeAPI(httpx.ReadTimeout),
        "dropped": lambda: FakeAPI(httpx.RemoteProtocolError),
    }


CALLS: dict[str, Callable[[LateClient], Awaitable[object]]] = {
    "get": lambda c: c.posts.get("post_1"),
    "create": lambda c: c.posts.create({"content": "x"}, publish_now=True),
}


def _texts(err: BaseException) -> list[str]:
    texts = [str(err), repr(err), *map(str, err.args), "".join(traceback.format_exception(err))]
    if isinstance(err, LateError):
        texts.append(err.hint)
        texts.append(repr(vars(err)))
    return texts


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("failure", list(_failures()))
async def test_errors_never_contain_the_key(failure: str, call: str, make_client: MakeClient) -> None:
    client = make_client(_failures()[failure](), retry=RetryPolicy(max_retries=1))

    with pytest.raises(LateError) as caught:
        await CALLS[call](client)

    for text in _texts(caught.value):
        assert KEY not in text
        assert KEY[3:] not in text  # not even without its sk_ prefix


def test_settings_repr_and_str_hide_the_key() -> None:
    settings = Settings(api_key=KEY, base_url="https://example.test/api")
    overridden = Settings.from_env({"LATE_API_KEY": f"  '{KEY}'  ", "LATE_TIMEZONE": "UTC"}).with_overrides(timeout=9.0)

    for value in (settings, overridden):
        assert value.api_key == KEY  # the key is there ...
        for text in (repr(value), str(value), f"{value}", f"{value!r}"):
            assert KEY not in text  # ... but never shown
            assert "api_key" not in text


async def test_client_repr_hides_the_key(make_client: MakeClient) -> None:
    client = make_client(FakeAPI())
    assert KEY not in repr(client)
    assert KEY not in repr(client.http)


async def test_debug_logs_never_contain_the_key(make_client: MakeClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api = FakeAPI(
        R(200, {"accounts": []}),
        R(503, {"error": "down"}),
        R(200, {"post": {"_id": "p1"}}),
        httpx.ConnectError,
        R(201, {"post": {"_id": "p2"}}),
        R(401, {"error": "Invalid API key"}),
        httpx.ReadTimeout,
        R(429, {"error": "slow"}, headers={"Retry-After": "999"}),
    )
    client = make_client(api)

    await client.accounts.list()
    await client.posts.get("p1")  # 503 then 200: a retry is logged
    await client.posts.create({"content": "x"})  # connect error then 201
    for call in (client.usage.stats(), client.posts.create({"content": "y"}), client.profiles.list()):
        with pytest.raises(LateError):
            await call

    records = caplog.records
    assert any(r.name.startswith("late_mcp") and r.levelno == logging.DEBUG for r in records)
    assert any("retrying" in r.getMessage() for r in records)
    for record in records:
        texts = [record.getMessage(), str(record.msg), repr(record.args), record.exc_text or ""]
        if record.exc_info and record.exc_info[1] is not None:
            texts.append("".join(traceback.format_exception(record.exc_info[1])))
        assert all(KEY not in text for text in texts), record.name
    assert KEY not in caplog.text
