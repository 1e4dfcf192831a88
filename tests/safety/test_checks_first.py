"""The person is never asked to confirm what the server already knows it will refuse: every tool that asks runs its
own checks (arguments, accounts, the platforms' rules, guard rails) before the question, and sends nothing.

Each family is driven through a real MCP client whose elicitation callback records whether it was called.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

import pytest

from late_mcp.models.posts import Post
from late_mcp.safety.fields import failed_again
from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, oid

from ..conftest import Sandbox
from .conftest import TWITTER, Person, client, make_server

FACEBOOK = ACCOUNT_IDS["facebook"]  # seeded as needing reconnecting
PARTIAL_EVENT = oid("post:partial-event")  # published on X, failed on Facebook
FAILED_FACEBOOK = oid("post:failed-facebook")
WEBINAR = oid("post:scheduled-webinar")
NEWSLETTER = oid("post:draft-newsletter")  # a LinkedIn draft
#: both protocol eras: the question in an input-required round, and as elicitation/create
MODES: list[Literal["auto", "legacy"]] = ["auto", "legacy"]

#: (tool, arguments, settings, words the refusal says): each call is refused by a check the tool makes itself
REFUSED: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    # creates: the platforms' rules (Instagram needs media), an account that needs reconnecting
    ("posts_publish_now", {"content": "Hi", "platform": "instagram"}, {}, "would fail"),
    ("posts_cross_post", {"content": "Hi", "platforms": "threads,instagram", "publish_now": True}, {}, "would fail"),
    ("posts_create", {"content": "Hi", "platform": "facebook", "publish_now": True}, {}, "reconnect"),
    ("posts_create", {"content": "Hi", "platform": "instagram", "schedule_minutes": 90}, {"confirm": "all"},
     "would fail"),
    # an update to a time gone by
    ("posts_update", {"post_id": WEBINAR, "scheduled_for": "2020-01-06T09:00"}, {"confirm": "all"}, "past"),
    # a delete the guard rails refuse (LinkedIn is not an allowed account)
    ("posts_delete", {"post_id": NEWSLETTER}, {"allow_accounts": ("@acmestudio",)}, "LATE_ALLOW_ACCOUNTS"),
    # a retry whose failed account must be reconnected first
    ("posts_retry", {"post_id": FAILED_FACEBOOK}, {}, "reconnect"),
    # a retry of a post that did not fail (the API retries only failed and partly failed posts)
    ("posts_retry", {"post_id": WEBINAR}, {}, "only a failed or partly failed post"),
    # a real bulk upload given nothing to upload
    ("posts_bulk_upload", {"dry_run": False}, {"toolsets": ("core", "queue")}, "Give one of"),
    # a series on Instagram without media
    ("posts_schedule_series", {"content": "Weekly", "platforms": "instagram", "at": "09:00", "count": 2,
                               "dry_run": False}, {"confirm": "all", "toolsets": ("core", "planner")}, "fail"),
    # live posts: a scheduled post has nothing live to remove or edit
    ("posts_unpublish", {"post_id": WEBINAR, "platform": "twitter"}, {"toolsets": ("core", "live")}, "not published"),
    ("posts_edit_published", {"post_id": WEBINAR, "platform": "twitter", "content": "Fixed"},
     {"toolsets": ("core", "live")}, "not published"),
    # recycling every "now and then"; a webhook whose name is too long
    ("posts_recycle", {"post_id": WEBINAR, "every": "now and then"},
     {"confirm": "all", "toolsets": ("core", "planner")}, "every"),
    ("webhooks_save", {"url": "https://example.com/hook", "events": ["post.published"], "name": "x" * 60},
     {"confirm": "all", "toolsets": ("core", "webhooks")}, "longer than 50"),
    # a profile given a colour that is none; an account that does not exist
    ("profiles_update", {"profile_id": PROFILE_MAIN, "color": "not a colour"}, {"confirm": "all"}, "color"),
    ("accounts_disconnect", {"account_id": "0123456789abcdef01234567"}, {"toolsets": ("core", "accounts")},
     "0123456789abcdef01234567"),
]  # fmt: skip


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("tool", "args", "settings", "said"), REFUSED, ids=[r[0] for r in REFUSED])
async def test_a_call_its_checks_refuse_is_refused_without_asking(
    sandbox: Sandbox,
    tool: str,
    args: dict[str, Any],
    settings: dict[str, Any],
    said: str,
    mode: Literal["auto", "legacy"],
) -> None:
    person = Person("accept")
    writes = [await sandbox.watch("/api/v1/*", method=m) for m in ("POST", "PUT", "PATCH", "DELETE")]
    before = sandbox.post_ids()
    async with client(make_server(sandbox.app, **settings), person, mode=mode) as t:
        text = await t.error(tool, args)
    assert person.asked == [], f"{tool} asked before refusing: {text}"
    assert said.lower() in text.lower()
    assert [await sandbox.hits(w) for w in writes] == [0, 0, 0, 0]
    assert sandbox.post_ids() == before


@pytest.mark.parametrize("mode", MODES)
async def test_a_call_whose_checks_pass_is_asked_once_then_sent_and_journaled_once(
    sandbox: Sandbox, tmp_path: Path, mode: Literal["auto", "legacy"]
) -> None:
    """The rehearsal sends and journals nothing and the question still comes: one create, after one yes."""
    person = Person("accept")
    creates = await sandbox.watch("/api/v1/posts", method="POST")
    async with client(make_server(sandbox.app, journal=str(tmp_path / "j.sqlite3")), person, mode=mode) as t:
        made = await t.ok("posts_publish_now", {"content": "Checked, asked, sent", "platform": "twitter",
                                                "account_id": TWITTER})  # fmt: skip
        history = await t.ok("posts_history", {})
    assert len(person.asked) == 1
    assert await sandbox.hits(creates) == 1
    assert made["status"] == "published"
    assert [(e["action"], e["outcome"]) for e in history["entries"]] == [("publish", "ok")]


async def test_a_series_whose_checks_pass_is_asked_once_and_journaled_as_one_entry(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """A series writes from a group whose journal entry is saved even when it stops: its rehearsal saves none."""
    person = Person("accept")
    settings = {"confirm": "all", "toolsets": ("core", "planner"), "journal": str(tmp_path / "j.sqlite3")}
    async with client(make_server(sandbox.app, **settings), person) as t:
        series = {"contents": ["Week one", "Week two"], "platforms": "twitter", "account_ids": TWITTER, "at": "09:00"}
        done = await t.ok("posts_schedule_series", {**series, "count": 2, "dry_run": False})
        history = await t.ok("posts_history", {})
    assert len(person.asked) == 1
    assert done["created"] == 2
    assert [e["action"] for e in history["entries"]] == ["series"]


async def test_a_declined_call_that_passed_its_checks_journals_nothing(sandbox: Sandbox, tmp_path: Path) -> None:
    journal = str(tmp_path / "journal.sqlite3")
    person = Person("decline")
    async with client(make_server(sandbox.app, journal=journal), person) as t:
        await t.error("posts_publish_now", {"content": "Not today", "platform": "twitter", "account_id": TWITTER})
        history = await t.ok("posts_history", {})
    assert len(person.asked) == 1
    assert history["entries"] == []


async def test_a_retry_refused_for_reconnecting_names_the_account_and_where(sandbox: Sandbox) -> None:
    async with client(make_server(sandbox.app, toolsets=("core", "connect")), Person("accept")) as t:
        offered = await t.error("posts_retry", {"post_id": PARTIAL_EVENT})
    async with client(make_server(sandbox.app, dynamic_toolsets=False), Person("accept")) as t:
        unreachable = await t.error("posts_retry", {"post_id": PARTIAL_EVENT})
    for text in (offered, unreachable):
        assert "facebook @AcmeStudioHQ" in text
        assert "Nothing was sent" in text
        assert "Late dashboard" in text
    assert "connect_start" in offered
    assert "connect_start" not in unreachable


async def test_a_retry_that_fails_again_on_one_platform_says_so_in_history(sandbox: Sandbox, tmp_path: Path) -> None:
    """Failed on X and Facebook; X is fixed, Facebook is not: the retry publishes X and fails again on Facebook."""
    journal = str(tmp_path / "journal.sqlite3")
    await sandbox.control(f"accounts/{TWITTER}", {"needsReconnect": True})
    made = await sandbox.api("POST", "posts", json={
        "content": "Open day", "publishNow": True,
        "platforms": [{"platform": "twitter", "accountId": TWITTER}, {"platform": "facebook", "accountId": FACEBOOK}],
    })  # fmt: skip
    post_id = made.json()["post"]["_id"]
    assert (await sandbox.post(post_id) or {}).get("status") == "failed"
    await sandbox.heal_account(TWITTER)
    async with client(make_server(sandbox.app, journal=journal, confirm="off"), Person("accept")) as t:
        retried = await t.ok("posts_retry", {"post_id": post_id})
        history = await t.ok("posts_history", {})
    assert retried["status"] == "partial"
    [entry] = [e for e in history["entries"] if e["action"] == "retry"]
    assert entry["outcome"] != "ok"
    assert "failed again on facebook @AcmeStudioHQ" in entry["outcome"]
    assert "the others published" in entry["outcome"]


def test_a_retry_that_failed_everywhere_is_told_as_failed() -> None:
    post = Post.model_validate(
        {"_id": "p1", "status": "failed", "platforms": [
            {"platform": "facebook", "accountId": {"_id": "a1", "username": "hq"}, "status": "failed",
             "errorMessage": "Token expired"},
            {"platform": "twitter", "accountId": {"_id": "a2", "username": "x"}, "status": "published"},
        ]}
    )  # fmt: skip
    assert failed_again(post, [("facebook", "a1")]) == ("facebook @hq: Token expired", True)
    assert failed_again(post, [("facebook", "a1"), ("twitter", "a2")]) == ("facebook @hq: Token expired", False)
    assert failed_again(post, [("twitter", "a2")]) == ("", False)


async def test_a_post_or_retry_to_an_account_in_its_cooldown_is_refused_without_asking(sandbox: Sandbox) -> None:
    """The accounts list shows X cooling down for 30 minutes: the API would refuse both (429); nothing is asked."""
    until = sandbox.store.now().replace(microsecond=0) + timedelta(minutes=30)
    await sandbox.control(f"accounts/{TWITTER}", {"rateLimitedUntil": until.isoformat()})
    person = Person("accept")
    writes = await sandbox.watch("/api/v1/*", method="POST")
    async with client(make_server(sandbox.app), person) as t:
        created = await t.error("posts_publish_now", {"content": "Now?", "platform": "twitter", "account_id": TWITTER})
        retried = await t.error("posts_retry", {"post_id": oid("post:failed-ratelimit")})
    assert person.asked == []
    assert await sandbox.hits(writes) == 0
    for text in (created, retried):
        assert "publishing cooldown" in text
        assert "twitter @acmestudio until" in text


async def test_a_retry_asks_only_when_some_failed_account_can_publish_and_says_which_fails_again(
    sandbox: Sandbox,
) -> None:
    """Failed on X (fixed since) and on Facebook (still to reconnect): the retry can publish X, so it is asked, and
    the question says Facebook will fail again."""
    await sandbox.control(f"accounts/{TWITTER}", {"needsReconnect": True})
    made = await sandbox.api("POST", "posts", json={
        "content": "Open day", "publishNow": True,
        "platforms": [{"platform": "twitter", "accountId": TWITTER}, {"platform": "facebook", "accountId": FACEBOOK}],
    })  # fmt: skip
    await sandbox.heal_account(TWITTER)
    person = Person("decline")
    async with client(make_server(sandbox.app), person) as t:
        await t.error("posts_retry", {"post_id": made.json()["post"]["_id"]})
    [question] = person.asked
    assert "facebook @AcmeStudioHQ (needs reconnecting: fails again)" in question
    assert "twitter @acmestudio:" in question


@pytest.mark.parametrize("mode", MODES)
async def test_a_call_that_would_send_nothing_is_not_asked_about(
    sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    """Every failed post would be skipped (Facebook needs reconnecting, X is cooling down): retrying them all sends
    nothing, so the person is not asked to confirm it; the answer says why each was skipped."""
    until = sandbox.store.now().replace(microsecond=0) + timedelta(minutes=30)
    await sandbox.control(f"accounts/{TWITTER}", {"rateLimitedUntil": until.isoformat()})
    person = Person("accept")
    writes = [await sandbox.watch("/api/v1/*", method=m) for m in ("POST", "PUT", "PATCH", "DELETE")]
    async with client(make_server(sandbox.app), person, mode=mode) as t:
        out = await t.ok("posts_retry_all_failed", {})
    assert person.asked == []
    assert [await sandbox.hits(w) for w in writes] == [0, 0, 0, 0]
    assert out["succeeded"] == 0
    assert {s["post_id"] for s in out["skipped"]} == {PARTIAL_EVENT, FAILED_FACEBOOK}
    [cooling] = out["results"]
    assert "Not retried" in cooling["error"]
    assert "publishing cooldown" in cooling["error"]


async def test_a_call_found_with_nothing_to_send_that_then_would_send_stops_before_sending() -> None:
    """Nobody was asked because the check found nothing to send; if by the run something changed and the tool
    would send, it stops at the door and says so: a write is never sent unasked."""
    from mcp.server.elicitation import AcceptedElicitation
    from mcp.server.mcpserver.exceptions import ToolError

    from late_mcp.rehearsal import stop_before
    from late_mcp.tools._safety import NOTHING_SENT, _after

    async def quiet() -> str:
        return "nothing to do"

    async def now_sends() -> str:
        stop_before("POST", "/v1/posts/p1/retry")
        return "sent"

    accepted = AcceptedElicitation[Any].model_construct(data=NOTHING_SENT)  # as the resolver hands it over
    assert await _after("posts_retry_all_failed", accepted, {}, quiet, ()) == "nothing to do"
    with pytest.raises(ToolError, match=r"Nothing was sent.*Call posts_retry_all_failed again: it will ask first"):
        await _after("posts_retry_all_failed", accepted, {}, now_sends, ())
