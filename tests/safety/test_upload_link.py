"""The upload link: a host with URL-mode elicitation is asked to open it; any other gets the link as text."""

from __future__ import annotations

from typing import Literal

import pytest
from mcp import types
from mcp.client.session import ClientRequestContext

from ..conftest import Sandbox
from .conftest import client, make_server


async def test_a_host_with_url_mode_is_asked_to_open_the_page(sandbox: Sandbox) -> None:
    opened: list[str] = []

    async def host(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        opened.append(params.url)
        return types.ElicitResult(action="accept")

    async with client(make_server(sandbox.app), host, mode="legacy") as t:  # type: ignore[arg-type]
        link = await t.ok("media_generate_upload_link", {})
    assert opened == [link["upload_url"]]
    assert link["next_step"].startswith("The upload page was opened")


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_otherwise_the_link_comes_back_as_text(sandbox: Sandbox, mode: Literal["auto", "legacy"]) -> None:
    async with client(make_server(sandbox.app), mode=mode) as t:
        link = await t.ok("media_generate_upload_link", {})
    assert link["next_step"].startswith("Give the user upload_url")
