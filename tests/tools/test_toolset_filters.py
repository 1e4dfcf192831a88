"""Choosing what the model sees: --toolsets (and all), --tools, --exclude-tools, --read-only, unknown names;
from settings, from the environment and the command line, and as listed by a real MCP client."""

from __future__ import annotations

import pytest
from mcp import Client

from late_mcp.config import ConfigError, Settings
from late_mcp.server import build_server
from late_mcp.startup import build_parser, settings_from
from late_mcp.tools import TOOLS, select_tools, toolset_names

TOOLSETS = (
    "core", "queue", "analytics", "logs", "accounts", "connect", "webhooks", "team", "media_tools", "live", "planner",
)  # fmt: skip


def names(settings: Settings) -> list[str]:
    return [spec.name for spec in select_tools(settings)]


def in_sets(*sets: str) -> list[str]:
    return [spec.name for spec in TOOLS if spec.toolset in sets]


def test_the_toolsets() -> None:
    assert tuple(toolset_names()) == TOOLSETS
    assert names(Settings()) == in_sets("core")  # the default


def test_toolsets_and_all() -> None:
    assert names(Settings(toolsets=("queue", "logs"))) == in_sets("queue", "logs")
    assert names(Settings(toolsets=("core", "analytics"))) == in_sets("core", "analytics")
    assert names(Settings(toolsets=("all",))) == [spec.name for spec in TOOLS]
    assert names(Settings(toolsets=("all", "queue"))) == [spec.name for spec in TOOLS]


def test_single_tools_and_exclusions() -> None:
    chosen = names(Settings(tools=("analytics_get", "logs_get")))
    assert chosen == [*in_sets("core"), "analytics_get", "logs_get"]
    only = names(Settings(toolsets=(), tools=("webhooks_list",)))
    assert only == ["webhooks_list"]
    without = names(Settings(toolsets=("webhooks",), exclude_tools=("webhooks_delete", "webhooks_test")))
    assert without == ["webhooks_list", "webhooks_save", "webhooks_logs"]
    # an exclusion wins over an explicit inclusion
    assert "now" not in names(Settings(tools=("now",), exclude_tools=("now",)))


def test_read_only_is_derived_from_the_annotations() -> None:
    for sets in (("core",), ("all",), ("connect", "team")):
        chosen = select_tools(Settings(toolsets=sets, read_only=True))
        everything = select_tools(Settings(toolsets=sets))
        assert chosen, sets
        assert all(spec.annotations.read_only_hint is True for spec in chosen)
        assert [s.name for s in chosen] == [s.name for s in everything if s.annotations.read_only_hint]
    read_only = names(Settings(toolsets=("all",), read_only=True))
    for writer in ("posts_create", "accounts_disconnect", "webhooks_delete", "connect_start", "team_invite"):
        assert writer not in read_only
    for reader in ("analytics_get", "logs_list", "team_api_keys_list", "media_check_hashtags", "now"):
        assert reader in read_only


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (Settings(toolsets=("quue",)), "Unknown toolset(s) quue"),
        (Settings(tools=("posts_explode",)), "Unknown tool(s) posts_explode"),
        (Settings(exclude_tools=("nope",)), "Unknown tool(s) nope"),
    ],
)
def test_unknown_names_are_config_errors(settings: Settings, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        select_tools(settings)


def test_environment_and_flags() -> None:
    env = {"LATE_TOOLSETS": "Core, Queue", "LATE_TOOLS": "logs_get", "LATE_EXCLUDE_TOOLS": "now", "LATE_READ_ONLY": "1"}
    from_env = Settings.from_env(env)
    assert (from_env.toolsets, from_env.tools, from_env.exclude_tools, from_env.read_only) == (
        ("core", "queue"),
        ("logs_get",),
        ("now",),
        True,
    )
    args = build_parser().parse_args(["--toolsets", "all", "--exclude-tools", "queue_delete", "--read-only"])
    flagged = settings_from(args, env={})
    assert flagged.toolsets == ("all",)
    assert flagged.exclude_tools == ("queue_delete",)
    assert flagged.read_only


async def test_what_a_client_lists() -> None:
    server = build_server(Settings(api_key="k", toolsets=("analytics", "webhooks"), read_only=True))
    async with Client(server) as client:
        listed = (await client.list_tools()).tools
    assert [t.name for t in listed] == ["analytics_get", "webhooks_list", "webhooks_logs", "toolsets"]
    assert all(t.annotations is not None and t.annotations.read_only_hint for t in listed)
