"""tools / call: listing, argument parsing, real calls against the sandbox, and the progress bar."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import pytest

from late_mcp.commands import terminal
from late_mcp.commands.progress import ProgressBar
from late_mcp.commands.render import render
from late_mcp.config import Settings
from late_mcp.sandbox.runner import RunningSandbox


def run(main: Any, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def tools() -> list[Any]:
    return terminal.server_tools(Settings())


# ---------------------------------------------------------------- tools


#: the tool set of the API docs' "Social Media MCP" page; the server may offer more (new tools are additions)
DOCUMENTED = [
    "accounts_list",
    "accounts_get",
    "profiles_list",
    "profiles_get",
    "profiles_create",
    "profiles_update",
    "profiles_delete",
    "posts_list",
    "posts_get",
    "posts_create",
    "posts_publish_now",
    "posts_cross_post",
    "posts_update",
    "posts_delete",
    "posts_retry",
    "posts_list_failed",
    "posts_retry_all_failed",
    "media_generate_upload_link",
    "media_check_upload_status",
]


def test_tools_lists_every_tool_one_line_each(tools: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(terminal.tools_main, [], capsys)
    assert code == 0
    body, footer = out.rstrip().rsplit("\n\n", 1)
    lines = body.splitlines()
    assert len(DOCUMENTED) == 19
    assert len(lines) == len(tools) >= 19
    assert footer.startswith(f"{len(tools)} tools.")
    by_name = {line.split()[0]: line.split()[1] for line in lines}
    assert set(DOCUMENTED) <= set(by_name)
    assert by_name["accounts_list"] == "read-only"
    assert by_name["posts_delete"] == "destructive"
    assert by_name["profiles_create"] == "writes"


def test_tools_json_is_the_mcp_listing(tools: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(terminal.tools_main, ["--json"], capsys)
    listing = json.loads(out)
    assert code == 0
    assert [t["name"] for t in listing] == [t.name for t in tools]
    assert listing[0]["inputSchema"]["type"] == "object"


def test_tools_follows_the_server_flags(tools: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(terminal.tools_main, ["--read-only"], capsys)
    names = [line.split()[0] for line in out.rstrip().rsplit("\n\n", 1)[0].splitlines()]
    assert code == 0
    assert "accounts_list" in names
    assert "posts_delete" not in names


def test_tools_name_shows_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(terminal.tools_main, ["posts_list"], capsys)
    assert code == 0
    assert "limit  (integer, default 10)" in out
    code, _, err = run(terminal.tools_main, ["post_list"], capsys)
    assert code == 2
    assert "posts_list" in err


# ---------------------------------------------------------------- argument parsing


def test_a_real_tool_that_is_not_offered_says_which_setting_offers_it(capsys: pytest.CaptureFixture[str]) -> None:
    # "no tool named posts_calendar" would send a person looking for a typo; the tool exists, its toolset is off.
    code, _, err = run(terminal.tools_main, ["posts_calendar"], capsys)
    assert code == 2
    assert "planner toolset, which is off" in err
    assert "--toolsets core,planner" in err
    code, out, _ = run(terminal.tools_main, ["--toolsets", "core,planner", "posts_calendar"], capsys)
    assert code == 0
    assert out.startswith("posts_calendar")
    code, _, err = run(terminal.call_main, ["posts_delete", "post_id=x", "--read-only"], capsys)
    assert code == 2
    assert "read-only mode" in err
    code, _, err = run(terminal.call_main, ["posts_get", "post_id=x", "--exclude-tools", "posts_get"], capsys)
    assert code == 2
    assert "excluded" in err


def test_values_are_json_when_they_parse(tools: list[Any]) -> None:
    tool = terminal.find_tool(tools, "posts_create")
    args = terminal.parse_arguments(
        [
            "content=2024",
            "platform=bluesky",
            "is_draft=true",
            "schedule_minutes=5",
            "title=a=b",
            'options={"visibility": "private"}',
        ],
        {},
        tool,
    )
    # content and title only take text, so "2024" stays text; "a=b" splits on the first "=" only
    assert args == {
        "content": "2024",
        "platform": "bluesky",
        "is_draft": True,
        "schedule_minutes": 5,
        "title": "a=b",
        "options": {"visibility": "private"},
    }
    either = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    assert terminal.coerce('["a"]', either) == ["a"]
    assert terminal.coerce("[not json", either) == "[not json"
    assert terminal.coerce("null", {"anyOf": [{"type": "string"}, {"type": "null"}]}) == "null"
    assert terminal.coerce("5", None) == 5


def test_json_object_and_pairs_combine(tools: list[Any]) -> None:
    rest, base, as_json = terminal.split_json_flag(
        ["posts_list", "--json", '{"limit": 3, "status": "failed"}', "limit=7", "--json"]
    )
    assert rest == ["posts_list", "limit=7"]
    assert as_json is True
    tool = terminal.find_tool(tools, "posts_list")
    assert terminal.parse_arguments(["limit=7"], base or {}, tool) == {"limit": 7, "status": "failed"}
    with pytest.raises(terminal.UsageError, match="JSON object"):
        terminal.split_json_flag(["--json", "[1]"])


def test_unknown_parameter_is_named_with_a_suggestion(tools: list[Any]) -> None:
    with pytest.raises(terminal.UsageError, match=r"no parameter 'limt' \(did you mean limit\?\)"):
        terminal.parse_arguments(["limt=5"], {}, terminal.find_tool(tools, "posts_list"))
    with pytest.raises(terminal.UsageError, match="key=value"):
        terminal.parse_arguments(["limit"], {}, terminal.find_tool(tools, "posts_list"))
    # a model writes the arguments as JSON where pairs go: the message gives the command that takes it
    with pytest.raises(
        terminal.UsageError, match=r"""goes after --json, in place of the key=value pairs: --json '\{"limit": 5\}'"""
    ):
        terminal.parse_arguments(['{"limit": 5}'], {}, terminal.find_tool(tools, "posts_list"))


def test_render_is_readable() -> None:
    text = render(
        {"count": 1, "note": None, "items": [{"id": "p1", "ok": True, "tags": []}], "body": "line one\nline two"}
    )
    assert text.splitlines() == [
        "count: 1",
        "items:",
        "  - id: p1",
        "    ok: true",
        "    tags: []",
        "body: |",
        "  line one",
        "  line two",
    ]


# ---------------------------------------------------------------- call


def test_call_against_the_sandbox(use_sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(terminal.call_main, ["accounts_list"], capsys)
    assert code == 0
    assert out.startswith("count: 12\naccounts:\n  - id: ")
    code, out, _ = run(terminal.call_main, ["posts_list", "limit=2", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["returned"] == 2


def test_call_with_sandbox_flag_needs_no_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(terminal.call_main, ["profiles_list", "--sandbox", "--data-dir", ":memory:", "--raw"], capsys)
    assert code == 0
    raw = json.loads(out)
    assert raw["structuredContent"]["profiles"]
    assert raw["content"][0]["type"] == "text"


def test_a_link_into_a_sandbox_that_stopped_with_the_command_is_called_dead(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`call media_generate_upload_link --sandbox` prints a link to a sandbox that is gone when the command ends."""
    argv = ["media_generate_upload_link", "--sandbox", "--data-dir", ":memory:"]
    code, out, err = run(terminal.call_main, argv, capsys)
    assert code == 0
    assert "upload_url: http://127.0.0.1:" in out
    assert "no longer answer" in err
    assert "late-mcp sandbox" in err
    code, _, err = run(terminal.call_main, ["profiles_list", "--sandbox", "--data-dir", ":memory:"], capsys)
    assert (code, err) == (0, "")  # no link, no note


def test_a_sandbox_data_dir_it_cannot_use_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, out, err = run(terminal.call_main, ["now", "--sandbox", "--data-dir", str(blocker / "sandbox")], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("late-mcp call: cannot use ")
    assert "Traceback" not in err


def test_tool_error_goes_to_stderr_with_exit_1(use_sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(terminal.call_main, ["posts_get", "post_id=nonexistent"], capsys)
    assert code == 1
    assert out == ""
    assert "posts_get failed" in err
    assert "404" in err


def test_unknown_tool_lists_close_names_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(terminal.call_main, ["post_get", "post_id=x"], capsys)
    assert code == 2
    assert "Did you mean: posts_get" in err


def test_missing_key_is_the_tools_own_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(terminal.call_main, ["accounts_list"], capsys)
    assert code == 1
    assert "LATE_API_KEY" in err


# ---------------------------------------------------------------- progress bar


def test_progress_bar_draws_only_on_a_terminal() -> None:
    quiet = io.StringIO()
    anyio.run(ProgressBar(quiet).update, 1, 2, "half")
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    bar = ProgressBar(shown, enabled=True)
    anyio.run(bar.update, 2, 4, "retried 2 of 4")
    anyio.run(bar.update, 4, 4, "retried 4 of 4")
    bar.close()
    assert shown.getvalue().count("\r") == 2
    assert "] 4/4 retried 4 of 4" in shown.getvalue()
    assert shown.getvalue().endswith("\n")


def _run_retry_all(stderr_on_pty: bool) -> tuple[int, str, str]:
    """`late-mcp call posts_retry_all_failed --sandbox` as a user would run it, stderr on a pty or a pipe."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    argv = [sys.executable, "-m", "late_mcp", "call", "posts_retry_all_failed", "--sandbox", "--data-dir", ":memory:"]
    if not stderr_on_pty:
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
        return done.returncode, done.stdout, done.stderr
    master, slave = os.openpty()
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, env=env) as proc:
        os.close(slave)
        chunks: list[bytes] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(master, 4096)
                except OSError:  # EIO: the child closed its end
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        out = proc.stdout.read().decode() if proc.stdout else ""
        code = proc.wait(timeout=10)
    os.close(master)
    return code, out, b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_pseudo_terminal() -> None:
    code, out, err = _run_retry_all(stderr_on_pty=True)
    assert code == 0, err
    assert "found: 3" in out
    assert "\r[" in err
    assert "█" in err
    assert "] 1/1 retried 1 of 1" in err  # the two posts on the expired Facebook page are skipped, not retried


def test_no_progress_bar_in_a_pipe() -> None:
    code, out, err = _run_retry_all(stderr_on_pty=False)
    assert code == 0, err
    assert "found: 3" in out
    assert "\r" not in err
    assert "█" not in err
    assert "1/1" not in err


def test_call_help_shows_json_in_its_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`--json` is taken out before argparse reads the rest, yet the usage line and the options list it."""
    assert terminal.call_main([]) == 2
    usage = capsys.readouterr().err.split("\n\n")[0]
    assert "[--json ['{...}']]" in usage
