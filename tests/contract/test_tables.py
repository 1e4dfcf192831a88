"""The API's tables that the client and the sandbox each keep (the sandbox is the test oracle and never imports the
client's): the webhook events, the presign content types, the bulk CSV columns. Each copy is checked against the
SDK where the SDK lists the values, and the two copies against each other, with the differences shown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import late
from late.models._generated import models as M

from late_mcp import localfiles
from late_mcp.sandbox import bulk as sandbox_bulk
from late_mcp.sandbox import routes_webhooks, uploads
from late_mcp.tools import webhooks
from late_mcp.tools.posts import bulk_csv


def differ(ours: Iterable[str], theirs: Iterable[str], a: str, b: str) -> str:
    mine, other = set(ours), set(theirs)
    return f"only in {a}: {sorted(mine - other)}; only in {b}: {sorted(other - mine)}"


def test_webhook_events_are_the_sdks_and_the_same_on_both_sides() -> None:
    sdk = {event.value for event in M.Event}
    assert set(webhooks.EVENTS) == set(routes_webhooks.EVENTS), differ(
        webhooks.EVENTS, routes_webhooks.EVENTS, "the client", "the sandbox"
    )
    assert set(webhooks.EVENTS) <= sdk, f"not an SDK Event: {sorted(set(webhooks.EVENTS) - sdk)}"


def test_presign_content_types_are_the_sdks() -> None:
    sdk = {kind.value for kind in M.MediaContentType}
    assert set(uploads.PRESIGN_TYPES) == sdk, differ(uploads.PRESIGN_TYPES, sdk, "the sandbox", "the SDK")
    assert set(localfiles.KINDS) <= sdk, f"not an SDK MediaContentType: {sorted(set(localfiles.KINDS) - sdk)}"


def _bulk_text() -> str:
    """The bulk upload operation's description in the SDK: the one place it names the CSV columns (read as text:
    that module needs an MCP framework the contract venv does not install)."""
    source = (Path(late.__file__).parent / "mcp" / "generated_tools.py").read_text(encoding="utf-8")
    start = source.index('"""Bulk upload from CSV')
    return source[start : source.index("Args:", start)]


def test_bulk_columns_are_the_same_on_both_sides_and_cover_what_the_sdk_names() -> None:
    assert set(bulk_csv.COLUMNS) == set(sandbox_bulk.COLUMNS), differ(
        bulk_csv.COLUMNS, sandbox_bulk.COLUMNS, "the client", "the sandbox"
    )
    assert set(bulk_csv.ALIASES) == set(sandbox_bulk.ALIASES), differ(
        bulk_csv.ALIASES, sandbox_bulk.ALIASES, "the client", "the sandbox"
    )
    assert set(bulk_csv.PREFIXES) == set(sandbox_bulk.PREFIXES)
    named = set(re.findall(r"`([A-Za-z_]+(?:<platform>)?)(?:=true)?`", _bulk_text()))
    assert {"platforms", "post_content", "schedule_time_<platform>", "scheduledFor"} <= named  # the text was read
    for column in named:
        if column.endswith("<platform>"):
            assert column.removesuffix("<platform>") in bulk_csv.PREFIXES, column
        else:  # a column, an alias, or an example of a per-platform one (`custom_content_tiktok`)
            assert bulk_csv.is_column(column), column
