"""A real series whose server is killed (SIGKILL) half way: the posts it made are already in the journal, as one
series entry that posts_undo takes back, because the entry is saved after each post and not only at the end."""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from late_mcp.safety.journal import Journal
from late_mcp.sandbox.runner import RunningSandbox
from late_mcp.sandbox.seed import ACCOUNT_IDS

pytestmark = pytest.mark.e2e

TEXTS = [f"Killed series, day {n}: a post of its own." for n in range(1, 6)]


def _mine(sandbox: RunningSandbox) -> dict[str, str]:
    """The series' posts now at the API: text -> id."""
    answer = httpx.get(
        f"{sandbox.base_url}/v1/posts",
        params={"limit": 100},
        headers={"Authorization": f"Bearer {sandbox.api_key}"},
    )
    return {p["content"]: p["_id"] for p in answer.json()["posts"] if p["content"] in TEXTS}


def test_a_series_killed_mid_run_leaves_the_posts_it_made_undoable(
    late_mcp_exe: str, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    # every create waits 3 s at the API, so the kill lands while the third date is in flight
    httpx.post(
        f"{sandbox.root_url}/_sandbox/faults", json={"path": "/api/v1/posts", "method": "POST", "latency_ms": 3000}
    )
    journal = tmp_path / "journal.sqlite3"
    env = {
        **os.environ,
        "LATE_API_KEY": sandbox.api_key,
        "LATE_BASE_URL": sandbox.base_url,
        "LATE_TIMEZONE": "UTC",
        "LATE_JOURNAL": str(journal),
        "LATE_TOOLSETS": "core,planner",
    }
    start = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    args = {"at": "09:00", "every": "day", "start": start, "count": 5, "platforms": "bluesky", "dry_run": False}
    args["account_ids"] = ACCOUNT_IDS["bluesky"]
    words = [f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in args.items()]
    command = [late_mcp_exe, "call", "posts_schedule_series", *words, f"contents={json.dumps(TEXTS)}"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(_mine(sandbox)) < 2:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
            assert time.monotonic() < deadline, "the series did not make two posts in 60 s"
            time.sleep(0.1)
        time.sleep(1.0)  # the second answer is back and journaled; the third create waits at the API
        proc.kill()
    finally:
        proc.kill()
        proc.wait(10)

    made = _mine(sandbox)
    entries = Journal(journal, sandbox.api_key).recent()
    assert [e.action for e in entries] == ["series"]
    [series] = entries
    first_two = [made[TEXTS[0]], made[TEXTS[1]]]
    # the third may still be created by the API after the kill (its answer went nowhere): that one is the
    # lost-answer case, not journaled
    assert list(series.post_ids) == first_two
    after: dict[str, Any] = series.after or {}
    assert after["what"].startswith("2 posts every day at 09:00 UTC")

    # the next server takes the series back in one step
    httpx.delete(f"{sandbox.root_url}/_sandbox/faults")
    undo = [late_mcp_exe, "call", "--confirm", "off", "posts_undo"]
    done = subprocess.run(undo, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    left = _mine(sandbox)
    assert not set(first_two) & set(left.values())
