"""Bulk scheduling from a CSV, end to end: a dry run and a real run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN

from ..conftest import BERLIN, Sandbox, parse_dt
from ..conftest import tools as session
from .conftest import RecordingTransport

CSV = (
    "content,accountIds,platforms,profileId,scheduledFor,timezone\n"
    f"Monday tip: plan a week in one sitting,{ACCOUNT_IDS['linkedin']},,,2099-03-02T09:00,Europe/Berlin\n"
    f"Tuesday tip: batch your captions,,twitter,{PROFILE_MAIN},2099-03-03T09:00:00Z,\n"
    f"Too late,{ACCOUNT_IDS['bluesky']},,,2001-01-01T00:00:00Z,\n"
    "Which account?,,twitter,,2099-03-05T09:00:00Z,\n"
)


async def _bulk(s: Any, tool_args: dict[str, Any], *, dry_run: bool) -> dict[str, Any]:
    result: dict[str, Any] = await s.ok("posts_bulk_upload", {**tool_args, "dry_run": dry_run})
    return result


def _args(schema: dict[str, Any], path: Path) -> dict[str, Any]:
    """The tool's way in: a local file when the tool takes a path, else the CSV text."""
    return {"path": str(path)} if "path" in schema.get("properties", {}) else {"csv": CSV}


async def test_bulk_csv_dry_run_then_real_run(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport, tmp_path: Path
) -> None:
    (tmp_path / "week.csv").write_text(CSV, encoding="utf-8")
    before = await sandbox.total()
    async with session(server) as s:
        [tool] = [t for t in (await s.client.list_tools()).tools if t.name == "posts_bulk_upload"]
        args = _args(tool.input_schema, tmp_path / "week.csv")
        dry = await _bulk(s, args, dry_run=True)
        assert await sandbox.total() == before  # a dry run creates nothing
        real = await _bulk(s, args, dry_run=False)

    assert (dry["dry_run"], dry["rows"], dry["created"], dry["failed"]) == (True, 4, 0, 2)
    assert [e["row"] for e in dry["errors"]] == [4, 5]  # spreadsheet rows: the header is row 1
    assert "past" in dry["errors"][0]["error"]
    assert "several twitter accounts" in dry["errors"][1]["error"]
    planned = [parse_dt(p["scheduled_for"]) for p in dry["posts"]]
    assert [t.utcoffset() for t in planned] == [t.astimezone(BERLIN).utcoffset() for t in planned]  # user's zone
    assert [t.isoformat() for t in planned] == ["2099-03-02T09:00:00+01:00", "2099-03-03T10:00:00+01:00"]
    assert "nothing was created" in dry["summary"]

    assert (real["dry_run"], real["rows"], real["created"], real["failed"]) == (False, 4, 2, 2)
    assert [e["row"] for e in real["errors"]] == [4, 5]
    assert await sandbox.total() == before + 2
    stored = [await sandbox.post(p["id"]) for p in real["posts"]]
    assert [p["status"] for p in stored] == ["scheduled", "scheduled"]
    assert [p["scheduledFor"] for p in stored] == ["2099-03-02T08:00:00.000Z", "2099-03-03T09:00:00.000Z"]
    assert [p["platforms"][0]["accountId"]["_id"] for p in stored] == [ACCOUNT_IDS["linkedin"], ACCOUNT_IDS["twitter"]]
    bulk_calls = [m for m, p in transport.requests if p == "/api/v1/posts/bulk-upload"]
    assert bulk_calls == ["POST", "POST"]


async def test_bulk_upload_takes_a_local_csv_file(server: MCPServer[Any], tmp_path: Path) -> None:
    (tmp_path / "week.csv").write_text(CSV, encoding="utf-8")
    async with session(server) as s:
        [tool] = [t for t in (await s.client.list_tools()).tools if t.name == "posts_bulk_upload"]
        assert "path" in tool.input_schema["properties"]
        result = await s.ok("posts_bulk_upload", {"path": str(tmp_path / "week.csv"), "dry_run": True})
    assert result["rows"] == 4
