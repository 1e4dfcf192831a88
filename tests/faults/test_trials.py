"""Randomized fault trials on creates and deletes, counted at the sandbox.

Each create trial: a random create (draft / scheduled / now; one target or two), sometimes after a post with the
same text already exists, under a random fault on POST /v1/posts that fails once, twice or every time: carried
out and its answer lost (dropped, a 5xx, answered too late), refused before it was carried out (dropped, a 5xx, a
stall, a 429), or slow enough that a retry finds its key in flight; sometimes the listing that a lost answer may
need fails too. Each delete trial: a scheduled post deleted under a fault on its DELETE.

What the tool said must be true of the sandbox: created, exactly that one new post; already posted, no new post
and the existing one named; not created, no new post; in progress, the post appears once the API is done; never
two posts. The figures are printed (run with `-s -n 0` to see them).
"""

from __future__ import annotations

import asyncio
import os
import random
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from mcp import Client

from late_mcp.sandbox.runner import RunningSandbox

from .conftest import Control, build_server, settings_for, text_of
from .test_creates import verdict

#: the client's timeout in the trials (seconds); the sandbox's stalls are longer
TIMEOUT = 0.25
#: faults on POST /v1/posts: kind -> rule fields
KINDS: dict[str, dict[str, Any]] = {
    "none": {},
    "carried out, dropped": {"drop": True, "after": True},
    "carried out, 500": {"status": 500, "after": True},
    "carried out, 503": {"status": 503, "after": True},
    "carried out, too late": {"timeout": True, "timeout_s": 0.4, "after": True},
    "refused, dropped": {"drop": True},
    "refused, 500": {"status": 500},
    "refused, 502": {"status": 502},
    "refused, stalled": {"timeout": True, "timeout_s": 0.4},
    "refused, 429": {"status": 429, "retry_after": 0},
    "key in flight": {"processing_ms": 400},
}
DELETE_KINDS: dict[str, dict[str, Any]] = {
    "carried out, dropped": {"drop": True, "after": True},
    "carried out, 502": {"status": 502, "after": True},
    "refused, dropped": {"drop": True},
    "refused, 503": {"status": 503},
}


def _trials() -> int:
    return int(os.environ.get("LATE_FAULT_TRIALS", "100"))


class Trials:
    """One sandbox, one MCP client, and the figures."""

    def __init__(self, client: Client, control: Control, rng: random.Random) -> None:
        self.client = client
        self.control = control
        self.rng = rng
        self.kinds: Counter[str] = Counter()
        self.repeats: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.linkedin = control.account_id("linkedin")  # two LinkedIn accounts exist: name this one
        self.threads = control.account_id("threads")

    async def create(self, trial: int) -> None:
        rng = self.rng
        kind = rng.choice(list(KINDS))
        times = rng.choice([1, 1, 2, 10])  # 10: more than the client's 1 + 3 attempts
        mode = rng.choice(["draft", "scheduled", "now"])
        existing_mode = rng.choice([None, None, None, "draft", "scheduled", "now"])
        content = f"trial {trial} {uuid.uuid4().hex[:8]}"
        cross = rng.random() < 0.5
        tool, args = self._args(content, mode, cross)
        existing = self._existing(content, existing_mode, cross) if existing_mode else None
        if existing:  # made ten seconds before the request is sent, on the API's clock
            self.control.http.post("/_sandbox/clock", json={"advance": 10}).raise_for_status()
        self.control.clear()
        if kind == "key in flight":  # not a failure: every attempt takes this long while its key is held
            self.control.fault(path="/v1/posts", method="POST", **KINDS[kind])
        elif kind != "none":
            self.control.fault(path="/v1/posts", method="POST", fail_count=times, **KINDS[kind])
        if rng.random() < 0.1:  # and sometimes the listing a lost answer may need fails too
            self.control.fault(path="/v1/posts", method="GET", fail_count=rng.randint(1, 5), status=503)
        result = await self.client.call_tool(tool, args)
        self.control.clear()
        if existing:
            self.control.http.post("/_sandbox/clock", json={"reset": True}).raise_for_status()
        said = verdict(result)
        label = f"{kind}, fails {times if times < 10 else 'every time'}" + (", same text exists" if existing else "")
        self.kinds[kind] += 1
        if kind not in ("none", "key in flight"):
            self.repeats["fails once" if times == 1 else "fails twice" if times == 2 else "fails every time"] += 1
        if existing:
            self.kinds[f"same text exists ({existing_mode})"] += 1
        self.outcomes[said] += 1
        await asyncio.sleep(0.5 if said in ("in progress", "unknown") else 0)  # the API finishes what it started
        new = [p["_id"] for p in self.control.with_content(content) if p["_id"] != existing]
        where = f"trial {trial} ({label}, {tool} {mode}): {text_of(result)[:300]}"
        data = result.structured_content or {}
        if said == "created":
            assert new == [data["post_id"]], where
        elif said == "already posted":
            assert (new, data["post_id"]) == ([], existing), where
        elif said == "not created":
            assert new == [], where
        elif said == "in progress":  # made once when the API is done, or refused (a duplicate of the older post)
            assert len(new) <= 1, where
            self.outcomes[f"in progress, then {'made' if new else 'refused'}"] += 1
        else:
            assert said == "unknown", where
            assert len(new) <= 1, where

    def _args(self, content: str, mode: str, cross: bool) -> tuple[str, dict[str, Any]]:
        if cross:
            tool, args = "posts_cross_post", {"content": content, "platforms": "threads,linkedin",
                                              "account_ids": self.linkedin}  # fmt: skip
        else:
            tool, args = "posts_create", {"content": content, "platform": "threads"}
        if mode == "draft":
            args["is_draft"] = True
        elif mode == "now":
            args["publish_now"] = True
        else:
            args["schedule_minutes"] = self.rng.randint(5, 600)
        return tool, args

    def _existing(self, content: str, mode: str, cross: bool) -> str:
        """A post with this text on the same accounts, made before the trial (through the API, no fault)."""
        targets = [{"platform": "threads", "accountId": self.threads}]
        if cross:
            targets.append({"platform": "linkedin", "accountId": self.linkedin})
        body: dict[str, Any] = {"content": content, "platforms": targets}
        if mode == "draft":
            body["isDraft"] = True
        elif mode == "now":
            body["publishNow"] = True
        else:
            body["scheduledFor"] = (datetime.now(timezone.utc) + timedelta(hours=5)).isoformat()
        response = self.control.api.post("v1/posts", json=body)
        response.raise_for_status()
        return str(response.json()["post"]["_id"])

    async def delete(self, trial: int) -> None:
        kind = self.rng.choice(list(DELETE_KINDS))
        # A delete whose every answer is lost after it was done cannot be told apart from one never done: those
        # recover within the attempts here; a refusal may last.
        times = self.rng.choice([1, 2] if kind.startswith("carried out") else [1, 2, 10])
        content = f"delete trial {trial} {uuid.uuid4().hex[:8]}"
        post_id = self._existing(content, "scheduled", cross=False)
        self.control.clear()
        self.control.fault(path=f"/v1/posts/{post_id}", method="DELETE", fail_count=times, **DELETE_KINDS[kind])
        result = await self.client.call_tool("posts_delete", {"post_id": post_id})
        self.control.clear()
        self.kinds[f"delete, {kind}"] += 1
        left = self.control.with_content(content)
        where = f"delete trial {trial} ({kind}, fails {times}): {text_of(result)[:300]}"
        if result.is_error:
            self.outcomes["delete failed"] += 1
            assert [p["_id"] for p in left] == [post_id], where
            assert "Not found" not in text_of(result), where
        else:
            self.outcomes["deleted"] += 1
            assert left == [], where


async def test_randomized_fault_trials_leave_exactly_one_post_per_success(
    sandbox: RunningSandbox, control: Control, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = int(os.environ.get("LATE_FAULT_SEED", "20261122"))
    settings = settings_for(sandbox, timeout=TIMEOUT, publish_timeout=TIMEOUT)
    async with Client(build_server(settings)) as client:
        trials = Trials(client, control, random.Random(seed))
        for trial in range(_trials()):
            await (trials.delete(trial) if trials.rng.random() < 0.15 else trials.create(trial))
    with capsys.disabled():
        print(f"\nfault trials (seed {seed}): {_trials()}")
        for name, count in sorted(trials.kinds.items()):
            print(f"  {count:3d}  {name}")
        print("faults on creates: " + ", ".join(f"{name} {count}" for name, count in sorted(trials.repeats.items())))
        print("outcomes: " + ", ".join(f"{name} {count}" for name, count in sorted(trials.outcomes.items())))
    assert {"created", "not created", "already posted", "deleted"} <= set(trials.outcomes), trials.outcomes
