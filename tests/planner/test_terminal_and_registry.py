"""The calendar as a table in the terminal (`late-mcp call posts_calendar`), and the planner's place in the
registry: an optional toolset that a default server does not even import."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from late_mcp.commands import terminal
from late_mcp.commands.render import render_result
from late_mcp.models.posts import Post
from late_mcp.timeutil import UTC, iso_utc
from late_mcp.tools import TOOLSETS, toolset
from late_mcp.tools.planner.calendar import Sources, Window, build_calendar

BERLIN = ZoneInfo("Europe/Berlin")


def sample() -> dict[str, object]:
    def post(pid: str, at: datetime, text: str, account: str = "tw") -> Post:
        return Post.model_validate(
            {
                "_id": pid,
                "content": text,
                "status": "scheduled",
                "scheduledFor": iso_utc(at),
                "platforms": [{"platform": "twitter", "accountId": account, "account_username": "acme"}],
            }
        )

    posts = [
        post("p1", datetime(2027, 3, 28, 0, 30, tzinfo=UTC), "Before"),
        post("p2", datetime(2027, 3, 28, 8, 0, tzinfo=UTC), "A longer text that the calendar will cut short"),
        post("p3", datetime(2027, 3, 28, 8, 10, tzinfo=UTC), "Too close"),
    ]
    window = Window(date(2027, 3, 27), 2, BERLIN, "Europe/Berlin")
    cal = build_calendar(window, Sources(posts, {"tw": "acme"}, []), now=datetime(2027, 3, 1, tzinfo=UTC))
    dumped: dict[str, object] = cal.model_dump(mode="json")
    return dumped


def test_the_calendar_renders_as_aligned_day_blocks() -> None:
    text = render_result("posts_calendar", sample())
    lines = text.splitlines()
    assert lines[0].startswith("Sat 2027-03-27 to Sun 2027-03-28 (Europe/Berlin): 3 posts on 1 of 2 days; 1 clash")
    assert lines[2:4] == ["Sat 2027-03-27", "  ! empty day"]
    assert lines[4] == "Sun 2027-03-28"
    rows = lines[5:8]
    assert [row.split()[0:2] for row in rows] == [["01:30", "CET"], ["10:00", "CEST"], ["10:10", "CEST"]]
    assert len({row.index("scheduled") for row in rows}) == 1  # columns line up
    assert len({row.rindex(" p") for row in rows}) == 1
    assert "  ! clash on twitter@acme: 10 min after p2 at 10:00 (under 30 min apart)" in lines
    assert "  ! clocks go forward 1 h at 02:00 (CET→CEST)" in lines
    assert lines[-1] == "next period: start=2027-03-29"
    assert render_result("posts_list", {"total": 1}) == "total: 1"


def test_call_prints_the_table(capsys: pytest.CaptureFixture[str], clean_env: Path) -> None:
    code = terminal.call_main(["posts_calendar", "days=2", "--sandbox", "--data-dir", ":memory:", "--toolsets",
                               "planner"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "(Europe/Berlin)" in out.splitlines()[0]
    assert "next period: start=" in out


def test_the_planner_is_optional_and_not_loaded_by_default() -> None:
    assert "planner" in TOOLSETS
    assert [spec.name for spec in toolset("planner")] == [
        "posts_calendar",
        "posts_best_times",
        "posts_schedule_series",
        "posts_recycle",
    ]
    assert [spec.read_only for spec in toolset("planner")] == [True, True, False, False]
    code = (
        "import sys\n"
        "from late_mcp.config import Settings\n"
        "from late_mcp.server import build_server\n"
        "build_server(Settings(api_key='k'))\n"
        "print(any(m.startswith('late_mcp.tools.planner') for m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
