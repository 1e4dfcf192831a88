"""An API that echoes the Authorization header back must not make the server repeat the key.

A 401 that quotes the header, a proxy's 502 page that prints the request, a 200 whose fields contain it: each used
to put the key into tool results and INFO logs. The configured key (stdio) and each HTTP request's key (streamable
HTTP) are redacted from every text the server sends or logs, whatever produced it.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from starlette.testclient import TestClient

from late_mcp.commands.apichecks import api_checks
from late_mcp.config import Settings
from late_mcp.http_app import create_app
from late_mcp.redaction import protect
from late_mcp.server import build_server

KEY = "sk_" + "e7c0" * 16
USER_KEY = "sk_" + "b1d2" * 16  # an HTTP user's own key
BASE = "https://api.example.test/api"


def _account(auth: str) -> dict[str, Any]:
    return {"_id": "acc1", "platform": "twitter", "username": auth, "displayName": f"echo {auth[7:40]}"}


Echo = Callable[[httpx.Request], httpx.Response]


def echo_401(request: httpx.Request) -> httpx.Response:
    return httpx.Response(401, json={"error": f"Invalid key: {request.headers.get('authorization', '')}"})


def echo_502_html(request: httpx.Request) -> httpx.Response:
    page = f"<html><body><h1>502 Bad Gateway</h1><pre>Authorization: {request.headers.get('authorization', '')}</pre>"
    return httpx.Response(502, text=page, headers={"Content-Type": "text/html"})


def echo_200(request: httpx.Request) -> httpx.Response:
    auth = request.headers.get("authorization", "")
    if request.url.path.endswith("/accounts"):
        return httpx.Response(200, json={"accounts": [_account(auth)]})
    return httpx.Response(200, json={"profiles": [], "note": auth})


def echo_401_bare(request: httpx.Request) -> httpx.Response:
    """A 401 that quotes the token without its `sk_` (what some gateways log): only that form is in the text."""
    token = request.headers.get("authorization", "").removeprefix("Bearer ").removeprefix("sk_")
    return httpx.Response(401, json={"error": f"token {token} is not valid"})


ECHOES = {"401": echo_401, "401 without sk_": echo_401_bare, "502 html": echo_502_html, "200": echo_200}


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            parts.append("".join(traceback.format_exception(*record.exc_info)))
        parts.append(record.exc_text or "")
    return "\n".join(parts)


def _leaks(text: str, key: str) -> bool:
    """The key, its part after sk_, or a long prefix of it (a truncated echo)."""
    return key in text or key[3:] in text or key[:24] in text


@pytest.mark.parametrize("echo", list(ECHOES))
async def test_stdio_server_never_repeats_the_configured_key(echo: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    settings = Settings(api_key=KEY, base_url=BASE, timezone="UTC", max_retries=0)
    server = build_server(settings, transport=httpx.MockTransport(ECHOES[echo]))
    shown: list[str] = []
    async with Client(server) as client:
        for name in ("accounts_list", "profiles_list"):
            result = await client.call_tool(name, {})
            shown.append(json.dumps(result.model_dump(mode="json")))
        try:
            shown.append((await client.read_resource("late://accounts")).model_dump_json())
        except MCPError as exc:
            shown.append(f"{exc} {exc.data}")
    assert any("redacted" in text for text in shown), shown
    for text in shown:
        assert not _leaks(text, KEY), text
    assert not _leaks(_logged(caplog), KEY)


@pytest.mark.parametrize("echo", list(ECHOES))
def test_http_server_never_repeats_the_requests_key(echo: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    settings = Settings(api_key=None, base_url=BASE, timezone="UTC", max_retries=0)
    app = create_app(settings, host="127.0.0.1", transport=httpx.MockTransport(ECHOES[echo]))
    headers = {
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
        "Authorization": f"Bearer {USER_KEY}",
    }
    with TestClient(app, base_url="http://127.0.0.1:8000") as http:
        bodies = []
        for i, (method, params) in enumerate(
            [
                ("tools/call", {"name": "accounts_list", "arguments": {}}),
                ("resources/read", {"uri": "late://accounts"}),
            ]
        ):
            body = {"jsonrpc": "2.0", "id": i + 1, "method": method, "params": params}
            response = http.post("/mcp", content=json.dumps(body), headers=headers)
            assert response.status_code == 200, response.text
            bodies.append(response.text)
    assert any("redacted" in body for body in bodies), bodies
    for body in bodies:
        assert not _leaks(body, USER_KEY), body
    assert not _leaks(_logged(caplog), USER_KEY)


@pytest.mark.parametrize("echo", ["401", "401 without sk_", "502 html"])
async def test_doctor_never_prints_the_key_the_api_echoed(echo: str, caplog: pytest.LogCaptureFixture) -> None:
    """Doctor quotes the API's own words, and its report is what people paste into bug reports."""
    caplog.set_level(logging.DEBUG)
    settings = Settings(api_key=KEY, base_url=BASE, timezone="UTC", max_retries=0)
    checks = await api_checks(settings, httpx.MockTransport(ECHOES[echo]))
    report = json.dumps([c.as_dict() for c in checks])
    assert checks[0].status == "problem"
    assert "redacted" in report, report
    assert not _leaks(report, KEY), report
    assert not _leaks(_logged(caplog), KEY)


def test_logs_lose_any_key_shaped_text_but_keep_words_that_merely_contain_sk(caplog: pytest.LogCaptureFixture) -> None:
    """Over HTTP a log line can hold a key this process was never given (one a user put in the URL)."""
    protect(None)  # installs the log-record factory, as building a server does
    caplog.set_level(logging.INFO)
    stranger = "sk_" + "9f" * 32
    log = logging.getLogger("late_mcp.test")
    log.info('127.0.0.1 - "POST /mcp?api_key=%s HTTP/1.1" 401', stranger)
    log.info("Bearer %s", stranger)
    log.info("task_%s done, disk_%s full", "0123456789abcdef0123", "A" * 20)
    logged = _logged(caplog)
    assert not _leaks(logged, stranger)
    assert logged.count("[redacted key]") == 2
    assert "task_0123456789abcdef0123 done, disk_AAAAAAAAAAAAAAAAAAAA full" in logged


def test_a_redacted_access_log_line_still_formats_under_uvicorns_own_logging() -> None:
    """`uvicorn --factory` formats access lines from the record's arguments (AccessFormatter unpacks them): the key
    is taken out of the arguments, so the line is written, clean, instead of a logging error."""
    from uvicorn.logging import AccessFormatter

    protect(None)
    stranger = "sk_" + "7a" * 32
    args = ("127.0.0.1:5000", "POST", f"/mcp?api_key={stranger}", "1.1", 401)
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', args, None
    )
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False).format(record)
    assert line == '127.0.0.1:5000 - "POST /mcp?api_key=[redacted key] HTTP/1.1" 401 Unauthorized'
