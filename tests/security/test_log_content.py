"""What the server's log may carry: the tool, the outcome, the error's class and the time, never a person's content.

The real `late-mcp` process over stdio (its own logging set-up, stderr captured as a host's log file), in front of
a stand-in Late API that does what the real one may: refuse a post with a message that quotes its text and media
URL, and answer a read in a shape the client does not expect, the post's text inside. The tools' answers carry
those texts to the model; the log must not, at any level, unless the operator opts in (LATE_LOG_CONTENT with
DEBUG), which is checked too so the search below is known to find the text when it is there.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.redaction import protect

from ..http._servers import serving

pytestmark = pytest.mark.e2e

TEXT = "Surprise party for Dana at 14 Maple Street, Friday 9pm"
URL = "https://cdn.example.test/private/dana-invite.jpg"
ACCOUNT = {"_id": "acc1", "platform": "twitter", "username": "acme", "displayName": "Acme", "isActive": True}


def stand_in_api() -> Starlette:
    async def accounts(_: Request) -> JSONResponse:
        return JSONResponse({"accounts": [ACCOUNT]})

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"accounts": []})

    async def create(request: Request) -> JSONResponse:
        body = await request.json()
        media = ", ".join(item.get("url", "") for item in body.get("mediaItems", []))
        return JSONResponse({"error": f"Rejected: {body.get('content')!r} with {media}"}, status_code=400)

    async def read(request: Request) -> JSONResponse:  # platforms should be a list: the client cannot read it
        return JSONResponse({"post": {"_id": request.path_params["pid"], "content": TEXT, "platforms": TEXT}})

    return Starlette(
        routes=[
            Route("/api/v1/accounts", accounts),
            Route("/api/v1/accounts/health", health),
            Route("/api/v1/posts", create, methods=["POST"]),
            Route("/api/v1/posts/{pid}", read),
        ]
    )


async def session_log(tmp_path: Path, api: str, **env: str) -> str:
    """Three calls (a refused create, an unreadable answer, a success) over stdio; the server's stderr."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LATE_", "ZERNIO_"))}
    base.update({"LATE_API_KEY": "sk_" + "5" * 64, "LATE_BASE_URL": api, "LATE_TIMEZONE": "UTC"})
    base.update({"LATE_JOURNAL": "off", "XDG_DATA_HOME": str(tmp_path), **env})
    exe = str(Path(sys.executable).parent / "late-mcp")
    log = tmp_path / "stderr.log"
    with log.open("w") as errlog:
        server = stdio_client(StdioServerParameters(command=exe, env=base), errlog=errlog)
        async with Client(server) as client:
            made = await client.call_tool(
                "posts_create", {"content": TEXT, "platform": "twitter", "media_urls": [URL], "is_draft": True}
            )
            read = await client.call_tool("posts_get", {"post_id": "p1"})
            listed = await client.call_tool("accounts_list", {})
    refused = made.content[0].text  # type: ignore[union-attr]
    assert made.is_error, refused
    assert TEXT in refused, refused  # the model is told, media URL too; the log is the question
    assert URL in refused, refused
    assert read.is_error
    assert "shape" in read.content[0].text  # type: ignore[union-attr]
    assert not listed.is_error, listed.content
    return log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("level", ["default", "INFO", "DEBUG"])
async def test_no_level_logs_a_persons_content(tmp_path: Path, level: str) -> None:
    with serving(stand_in_api(), lifespan="off") as url:
        logged = await session_log(tmp_path, f"{url}/api", **({} if level == "default" else {"LATE_LOG_LEVEL": level}))
    for secret in (TEXT, "Surprise party", "Maple Street", "Friday 9pm", URL, "dana-invite"):  # or a part of one
        assert secret not in logged, f"{secret!r} reached the log:\n{logged}"
    assert "posts_get: unexpected API answer: 1 problem(s), first: platforms: Input should be a valid list" in logged
    if level != "default":  # what an operator reads instead: the tool, the outcome, the error's class, the time
        assert "posts_create failed in " in logged, logged
        assert " ms: BadRequestError (400, POST /v1/posts, x-request-id " in logged, logged  # what support asks for
        assert "Tool 'posts_create' failed (message not logged)" in logged, logged  # the MCP SDK's own line
        assert "accounts_list done in " in logged, logged


async def test_content_is_logged_only_when_the_operator_opts_in_at_debug(tmp_path: Path) -> None:
    with serving(stand_in_api(), lifespan="off") as url:
        logged = await session_log(tmp_path, f"{url}/api", LATE_LOG_LEVEL="DEBUG", LATE_LOG_CONTENT="true")
    assert TEXT in logged
    assert URL in logged
    assert "sk_" + "5" * 64 not in logged  # the key stays out whatever is opted in


def test_a_traceback_keeps_its_frames_and_classes_not_its_messages(caplog: pytest.LogCaptureFixture) -> None:
    """An unexpected exception (a bug) is logged with where it broke, without the text it was raised with."""
    protect(None)  # the log-record factory every server installs

    def broken(text: str) -> None:
        try:
            {}[text]
        except KeyError as exc:
            raise ValueError(f"could not post {text!r}") from exc

    with caplog.at_level(logging.ERROR, logger="late_mcp.server"):
        try:
            broken(TEXT)
        except ValueError:
            logging.getLogger("late_mcp.server").exception("tools/call failed")
        logging.getLogger("late_mcp.server").error("gave up: %r", ConnectionError(URL))
    first, second = caplog.records
    shown = logging.Formatter().format(first)
    assert "in broken" in shown, shown
    assert "KeyError: (message not logged)" in shown, shown
    assert "ValueError: (message not logged)" in shown, shown
    assert "direct cause" in shown, shown
    assert second.getMessage() == "gave up: ConnectionError"
    for secret in ("Surprise party", URL):
        assert secret not in shown + second.getMessage()


def test_a_record_that_is_not_a_format_string_is_logged_as_it_is(caplog: pytest.LogCaptureFixture) -> None:
    protect(None)
    with caplog.at_level(logging.INFO, logger="mcp.server.mcpserver.server"):
        logging.getLogger("mcp.server.mcpserver.server").info(["not", "a", "string"])  # unhashable: no lookup fails
    assert caplog.records[0].getMessage() == "['not', 'a', 'string']"
