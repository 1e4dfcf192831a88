"""The person confirms what goes live: accept, decline, cancel, under both protocol eras; hosts that cannot ask."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import pytest
from mcp import types
from mcp.client.session import ClientRequestContext

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL, oid

from ..conftest import Sandbox
from .conftest import LINKEDIN, STAGGERED, TWITTER, Person, client, make_server

MODES: list[Literal["auto", "legacy"]] = ["auto", "legacy"]
NOW = {"content": "Live from the studio", "platform": "twitter", "account_id": TWITTER}


@pytest.mark.parametrize("mode", MODES)
async def test_accepted_publish_goes_out_and_the_person_saw_what(
    sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    person = Person("accept")
    writes = await sandbox.watch("/api/v1/posts*", method="POST")
    async with client(make_server(sandbox.app), person, mode=mode) as t:
        result = await t.ok("posts_publish_now", NOW)
    assert result["status"] == "published"
    assert await sandbox.hits(writes) == 1
    [question] = person.asked
    assert "Publish now" in question
    assert "@acmestudio" in question
    assert "Live from the studio" in question


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("answer", ["decline", "cancel", "untick"])
async def test_declined_sends_nothing(sandbox: Sandbox, mode: Literal["auto", "legacy"], answer: str) -> None:
    before = sandbox.post_ids()
    writes = await sandbox.watch("/api/v1/posts*", method="POST")
    async with client(make_server(sandbox.app), Person(answer), mode=mode) as t:  # type: ignore[arg-type]
        text = await t.error("posts_publish_now", NOW)
    said = "closed the question without answering" if answer == "cancel" else "declined"
    assert said in text
    assert "nothing was sent" in text
    assert await sandbox.hits(writes) == 0
    assert sandbox.post_ids() == before


async def test_delete_asks_and_decline_keeps_the_post(sandbox: Sandbox) -> None:
    async with client(make_server(sandbox.app, confirm="off"), Person("accept")) as t:
        made = await t.ok("posts_create", {**NOW, "is_draft": True})
    person = Person("decline")
    async with client(make_server(sandbox.app), person) as t:
        await t.error("posts_delete", {"post_id": made["post_id"]})
    assert await sandbox.post(made["post_id"]) is not None
    assert "Delete post" in person.asked[0]


async def test_scheduled_create_asks_only_under_all(sandbox: Sandbox) -> None:
    person = Person("decline")
    scheduled = {**NOW, "schedule_minutes": 90}
    async with client(make_server(sandbox.app), person) as t:
        await t.ok("posts_create", scheduled)
    assert person.asked == []
    async with client(make_server(sandbox.app, confirm="all"), person) as t:
        await t.error("posts_create", {**scheduled, "content": "Another one"})
    assert "in 90 minutes" in person.asked[0]


async def test_a_new_draft_and_a_dry_run_are_never_asked_about_even_under_all(sandbox: Sandbox) -> None:
    """docs/safety.md: "Saving a new draft is never asked about, nor is a dry run" (they send nothing that goes out);
    the real runs of the same calls are asked."""
    person = Person("decline")
    everything = make_server(sandbox.app, confirm="all", toolsets=("core", "queue", "planner"))
    series = {"contents": ["Week one"], "platforms": "twitter", "account_ids": TWITTER, "at": "09:00", "count": 1}
    rows = [{"platforms": "bluesky", "profiles": PROFILE_MAIN, "post_content": "Row", "is_draft": True}]
    async with client(everything, person) as t:
        draft = await t.ok("posts_create", {**NOW, "is_draft": True})
        plan = await t.ok("posts_schedule_series", series)
        checked = await t.ok("posts_bulk_upload", {"rows": rows})
        assert person.asked == []
        await t.error("posts_schedule_series", {**series, "dry_run": False})
        await t.error("posts_bulk_upload", {"rows": rows, "dry_run": False})
    assert draft["status"] == "draft"
    assert (plan["dry_run"], checked["dry_run"]) == (True, True)
    assert [q.split(" ", 1)[0] for q in person.asked] == ["Schedule", "Create"]


async def test_off_never_asks(sandbox: Sandbox) -> None:
    person = Person("decline")
    async with client(make_server(sandbox.app, confirm="off"), person) as t:
        await t.ok("posts_publish_now", NOW)
    assert person.asked == []


async def test_host_without_elicitation_goes_ahead_and_says_so_once(sandbox: Sandbox) -> None:
    async with client(make_server(sandbox.app)) as t:
        first = await t.ok("posts_publish_now", NOW)
        second = await t.ok("posts_publish_now", {**NOW, "content": "And again"})
    assert "cannot ask you to confirm" in first["summary"]
    assert "cannot ask you to confirm" not in second["summary"]


async def test_confirm_required_refuses_when_the_host_cannot_ask(sandbox: Sandbox) -> None:
    before = sandbox.post_ids()
    async with client(make_server(sandbox.app, confirm_required=True)) as t:
        text = await t.error("posts_publish_now", NOW)
    assert "LATE_CONFIRM_REQUIRED" in text
    assert sandbox.post_ids() == before


@pytest.mark.parametrize("decision", ["approve", "reject"])
async def test_a_review_is_never_decided_for_the_person_when_the_host_cannot_ask(
    sandbox: Sandbox, decision: str
) -> None:
    """Approving a post held for the person's approval is theirs: a host that cannot ask does not let the assistant
    approve its own post (it went ahead before, defeating LATE_REQUIRE_APPROVAL), whatever LATE_CONFIRM says."""
    async with client(make_server(sandbox.app, confirm="off", toolsets=("core", "live"))) as t:
        made = await t.ok("posts_create", {**NOW, "is_draft": True})
        [doc] = [p for p in sandbox.store.all("posts") if p["_id"] == made["post_id"]]
        sandbox.store.put("posts", {**doc, "status": "pending_approval", "isDraft": False})
        writes = [await sandbox.watch("/api/v1/*", method=m) for m in ("POST", "PUT")]
        text = await t.error("posts_review", {"post_id": made["post_id"], "decision": decision})
    assert "the person's own decision" in text
    assert "Late dashboard" in text
    assert [await sandbox.hits(w) for w in writes] == [0, 0]
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["status"] == "pending_approval"


async def test_the_question_names_the_account_of_an_id_copied_with_its_quotes(sandbox: Sandbox) -> None:
    # X has two accounts: a question without the account's name would let the person approve the wrong one
    personal = ACCOUNT_IDS["twitter_personal"]
    person = Person("decline")
    async with client(make_server(sandbox.app), person) as t:
        await t.error("posts_publish_now", {**NOW, "account_id": f'"{personal}"'})
        await t.error(
            "posts_cross_post",
            {"content": NOW["content"], "platforms": "x,linkedin", "account_ids": f"'{personal}'", "publish_now": True,
             "targets": [{"platform": "linkedin", "account_id": f'"{LINKEDIN}"', "content": "Hi"}]},
        )  # fmt: skip
    assert "twitter @janedoe_dev: 'Live from the studio'" in person.asked[0]
    assert "twitter @janedoe_dev" in person.asked[1]
    assert "linkedin @acme-studio: 'Hi'" in person.asked[1]


async def test_the_question_names_the_account_a_profile_picks(sandbox: Sandbox) -> None:
    person = Person("decline")
    async with client(make_server(sandbox.app), person) as t:
        await t.error("posts_publish_now", {"content": "Hi", "platform": "bluesky", "profile_id": PROFILE_PERSONAL})
        await t.error(
            "posts_cross_post",
            {"content": "Hi", "platforms": "bluesky,threads", "profile_id": f'"{PROFILE_MAIN}"', "publish_now": True},
        )
    assert "bluesky @janedoe.bsky.social: 'Hi'" in person.asked[0]
    assert "bluesky @acmestudio.bsky.social: 'Hi'" in person.asked[1]


async def test_a_retry_asks_about_the_platforms_it_publishes_again_only(sandbox: Sandbox) -> None:
    # the seeded open day: published on X, failed on Facebook (reconnected since); a retry leaves the X post as it is
    await sandbox.heal_account(ACCOUNT_IDS["facebook"])
    person = Person("decline")
    async with client(make_server(sandbox.app), person) as t:
        await t.error("posts_retry", {"post_id": oid("post:partial-event")})
    [question] = person.asked
    assert "facebook @AcmeStudioHQ" in question
    assert "twitter" not in question


async def test_a_retry_of_a_post_with_nothing_failed_is_refused_before_asking(sandbox: Sandbox) -> None:
    person = Person("accept")
    async with client(make_server(sandbox.app), person) as t:
        live = await t.ok("posts_publish_now", NOW)
        refused = await t.error("posts_retry", {"post_id": live["post_id"]})
    assert len(person.asked) == 1  # the publish only: not a question listing no platform at all
    assert f"Post {live['post_id']} is published" in refused
    assert "Nothing was sent" in refused


async def test_a_scheduled_create_under_all_says_the_zone_and_what_best_means(sandbox: Sandbox) -> None:
    person = Person("decline")
    async with client(make_server(sandbox.app, confirm="all"), person) as t:
        await t.error("posts_create", {**NOW, "scheduled_for": "2031-05-02T09:00"})
        await t.error("posts_create", {**NOW, "scheduled_for": "best"})
    assert person.asked[0].startswith("Schedule for 2031-05-02T09:00 Europe/Berlin:")  # the person's zone, said
    assert person.asked[1].startswith(  # not "for best"; not engagement alone, the queue may choose
        "Schedule at a good time (from past engagement, else the queue's next free slot):"
    )


async def test_a_time_said_in_words_is_asked_about_as_the_date_it_becomes(sandbox: Sandbox) -> None:
    """'tomorrow 9am' is read against today's date: the person confirms the date, not only the words."""
    berlin = ZoneInfo("Europe/Berlin")

    def label() -> str:
        at = datetime.combine(datetime.now(berlin).date() + timedelta(days=1), time(9), tzinfo=berlin)
        return f"{at:%a %Y-%m-%d %H:%M} {at.tzname()}"

    before = label()
    person = Person("decline")
    async with client(make_server(sandbox.app, confirm="all"), person) as t:
        made = await t.ok("posts_create", {**NOW, "is_draft": True})
        await t.error("posts_create", {**NOW, "scheduled_for": "tomorrow 9am"})
        await t.error("posts_update", {"post_id": made["post_id"], "scheduled_for": "tomorrow 9am"})
    [create, update] = person.asked  # a new draft is never asked about
    assert any(create.startswith(f"Schedule for tomorrow 9am Europe/Berlin ({day}):") for day in (before, label()))
    assert any(f", to be published for tomorrow 9am Europe/Berlin ({day}):" in update for day in (before, label()))


@dataclass
class SlowPerson(Person):
    """Reads each question for 70 seconds of `clock` before answering."""

    clock: list[datetime] = field(default_factory=list)

    async def __call__(self, context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        self.clock[0] += timedelta(seconds=70)
        return await super().__call__(context, params)


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_hours_from_now_can_be_confirmed_by_a_person_who_takes_their_time(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, mode: Literal["auto", "legacy"]
) -> None:
    """'in 2 hours' ends at another minute after a slow answer: the question says the words, not that minute, so
    the answer holds (it had been asked again and again under the 2026 protocol, and refused under the handshake)."""
    clock = [datetime.now(ZoneInfo("UTC")).replace(second=30, microsecond=0)]
    for where in ("late_mcp.timeutil.now_utc", "late_mcp.tools.posts.when.now_utc"):
        monkeypatch.setattr(where, lambda: clock[0])
    person = SlowPerson("accept", clock=clock)
    async with client(make_server(sandbox.app, confirm="all"), person, mode=mode) as t:
        made = await t.ok("posts_create", {**NOW, "scheduled_for": "in 2 hours"})
    [asked] = person.asked
    assert asked.startswith("Schedule in 2 hours:")
    assert datetime.fromisoformat(made["scheduled_for_utc"]) == clock[0] + timedelta(hours=2)


async def test_a_cross_post_target_with_its_own_time_is_asked_about_with_it(sandbox: Sandbox) -> None:
    person = Person("decline")
    async with client(make_server(sandbox.app, confirm="all"), person) as t:
        await t.error("posts_cross_post", STAGGERED)
    [asked] = person.asked
    assert asked.startswith("Schedule for 2099-05-04T09:00 Europe/Berlin:")
    assert "- twitter @acmestudio for 2099-05-04T12:00 Europe/Berlin: 'Launch day'" in asked
    assert "- linkedin @acme-studio: 'Launch day'" in asked  # the post's own time
