"""One person's week of social media, end to end: the console script over stdio, an assistant making the mistakes
models make, a person answering its questions (yes, no, cancel, a changed answer), the sandbox API on a socket.

At each step: what the person was asked and what went live agree with what the answer says; every tool a message
names is one this server has now (or says how to turn it on); nothing is lost; answers are short and in plain words.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import httpx
import pytest
from mcp import Client, types
from mcp.client.session import ClientRequestContext

from late_mcp.sandbox.runner import RunningSandbox
from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN

from .test_stdio import only_jsonrpc, params

pytestmark = pytest.mark.e2e

ZONE = ZoneInfo("America/Los_Angeles")
#: every tool of every toolset: a message naming one is checked against what this server offers now
EVERY_TOOL = frozenset(json.loads((Path(__file__).parents[1] / "tools/snapshots/tools.json").read_text()))
#: an answer a model reads stays short
MAX_BYTES = 4096
#: the API's own field names (camelCase) have no place in what a model reads
PAYLOAD_WORD = re.compile(r"\b[a-z]+(?:[A-Z][a-z]+)+\b")
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101009a6f6a8b0000000049454e44ae426082"
)


Answer = Literal["accept", "decline", "cancel"] | dict[str, Any]


@dataclass
class Person:
    """Answers the server's questions from a script, and remembers what they were asked."""

    answers: list[Answer] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    async def __call__(self, context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        self.asked.append(params.message)
        answer = self.answers.pop(0) if self.answers else "decline"  # a question nobody expected: no
        if isinstance(answer, dict):  # an answer changed in the form (the box unticked)
            return types.ElicitResult(action="accept", content=answer)
        return types.ElicitResult(action=answer, content={"confirm": True} if answer == "accept" else None)

    def says(self, *answers: Answer) -> Person:
        self.answers.extend(answers)
        return self

    def last(self) -> str:
        assert self.asked, "the person was not asked"
        return self.asked[-1]


@dataclass
class Assistant:
    """The model: calls tools, and checks every answer it reads."""

    client: Client
    person: Person
    offered: set[str] = field(default_factory=set)
    #: camelCase words an answer may hold because the model sends them (a post option's own key, e.g. boardId)
    sent_as_is: frozenset[str] = frozenset()

    async def refresh(self) -> None:
        self.offered = {t.name for t in (await self.client.list_tools()).tools}

    async def call(self, tool: str, args: dict[str, Any], *, error: bool) -> str:
        asked = len(self.person.asked)
        result = await self.client.call_tool(tool, args)
        said = " ".join(b.text for b in result.content if isinstance(b, types.TextContent))
        assert result.is_error is error, (tool, args, said)
        if tool == "toolsets":  # the tools it turned on are offered from now on
            await self.refresh()
        echoed = json.dumps(args)  # the model's own words may come back, as it wrote them
        self.reads_well(said, echoed)
        for question in self.person.asked[asked:]:
            self.reads_well(question, echoed)
        return said

    async def ok(self, tool: str, args: dict[str, Any] | None = None) -> dict[str, Any]:
        said = await self.call(tool, args or {}, error=False)
        answer: dict[str, Any] = json.loads(said)
        return answer

    async def error(self, tool: str, args: dict[str, Any]) -> str:
        return await self.call(tool, args, error=True)

    def reads_well(self, text: str, echoed: str = "") -> None:
        """Short; every tool it names is offered now, or the text says how to turn it on; no payload words."""
        assert len(text.encode()) <= MAX_BYTES, text
        for name in set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text)) & EVERY_TOOL - self.offered:
            assert "toolsets tool" in text, f"{name} is not offered: {text}"
        prose = re.sub(r"https?://\S+|\"[a-z_]+\":", "", text)  # JSON keys are ours (snake_case); URLs are data
        assert not [w for w in PAYLOAD_WORD.findall(prose) if w not in echoed and w not in self.sent_as_is], text


@asynccontextmanager
async def assistant(
    exe: str, sandbox: RunningSandbox, copy: Path, person: Person, **env: str
) -> AsyncIterator[Assistant]:
    """The console script, started as a host starts it; `copy` keeps what it wrote to stdout."""
    settings = {
        "LATE_API_KEY": sandbox.api_key,
        "LATE_BASE_URL": sandbox.base_url,
        "LATE_TIMEZONE": "America/Los_Angeles",
        "LATE_JOURNAL": str(copy.parent / "journal.sqlite3"),
        "LATE_MEDIA_DIRS": str(copy.parent / "Pictures"),
        **env,
    }
    async with Client(params(exe, copy, env=settings), elicitation_callback=person) as client:
        model = Assistant(client, person)
        await model.refresh()
        yield model
    only_jsonrpc(copy)


@dataclass
class Late:
    """What really happened: the API itself, and the sandbox's control routes."""

    api: httpx.AsyncClient
    control: httpx.AsyncClient
    #: the week's uploads, by where they came from
    media: dict[str, str] = field(default_factory=dict)
    #: the posts that went live this week, in order
    live: list[str] = field(default_factory=list)

    async def post(self, post_id: str) -> dict[str, Any]:
        answer = await self.api.get(f"v1/posts/{post_id}")
        assert answer.status_code == 200, answer.text
        post: dict[str, Any] = answer.json()["post"]
        return post

    async def ids(self) -> set[str]:
        posts = (await self.api.get("v1/posts", params={"limit": 100})).json()["posts"]
        return {str(p["_id"]) for p in posts}

    async def states(self, post_id: str) -> dict[str, str]:
        return {p["platform"]: p["status"] for p in (await self.post(post_id))["platforms"]}

    @classmethod
    @asynccontextmanager
    async def opened(cls, sandbox: RunningSandbox) -> AsyncIterator[Late]:
        """The sandbox's API with its key, and its control endpoints: what the test reads behind the answers."""
        auth = {"Authorization": f"Bearer {sandbox.api_key}"}
        async with (
            httpx.AsyncClient(base_url=sandbox.base_url + "/", headers=auth) as api,
            httpx.AsyncClient(base_url=sandbox.root_url) as control,
        ):
            yield cls(api, control)

    async def sandbox(self, path: str, body: Any) -> Any:
        answer = await self.control.post(f"/_sandbox/{path}", json=body)
        assert answer.status_code < 300, answer.text
        return answer.json()


async def test_a_week_of_social_media(late_mcp_exe: str, sandbox: RunningSandbox, tmp_path: Path) -> None:
    (tmp_path / "Pictures").mkdir()
    photo = tmp_path / "Pictures" / "studio.png"
    photo.write_bytes(PNG)  # a 1x1 PNG
    person = Person()
    async with Late.opened(sandbox) as late:
        # the week starts with the team's rule that scheduled posts wait for approval; they drop it on Tuesday
        under_approval = assistant(
            late_mcp_exe, sandbox, tmp_path / "stdout-1.bin", person, LATE_REQUIRE_APPROVAL="true"
        )
        async with under_approval as model:
            await monday(model, late, photo)
            await monday_under_approval(model, late)
        async with assistant(late_mcp_exe, sandbox, tmp_path / "stdout-2.bin", person) as model:
            draft_id = await tuesday(model, late)
            await wednesday(model, late)
            retried_id = await thursday(model, late)
            await weekend(model, late, draft_id, retried_id)
    assert person.answers == []  # every question came where the person expected one


async def monday(model: Assistant, late: Late, photo: Path) -> None:
    """Find the accounts and profiles; upload a photo from this computer and one through a browser link."""
    accounts = (await model.ok("accounts_list"))["accounts"]
    assert {a["id"] for a in accounts} == set(ACCOUNT_IDS.values())
    profiles = {p["name"]: p for p in (await model.ok("profiles_list"))["profiles"]}
    assert profiles["Acme Studio"]["is_default"]
    # "X" is twitter; two are connected, so none is guessed
    x = await model.ok("accounts_get", {"platform": "X"})
    assert x["ambiguous"]
    assert {a["id"] for a in x["accounts"]} == {ACCOUNT_IDS["twitter"], ACCOUNT_IDS["twitter_personal"]}
    assert "instagram" in await model.error("accounts_get", {"platform": "Instagrm"})
    # an id copied with its quotes; a camelCase name
    quoted = await model.ok("profiles_get", {"profile_id": f'"{PROFILE_MAIN}"'})
    assert quoted["name"] == "Acme Studio"
    assert "did you mean profile_id" in await model.error("profiles_get", {"profileId": PROFILE_MAIN})

    # a photo from this computer: what the post will show is the file's bytes
    refused = await model.error("media_upload_file", {"file_paths": str(photo)})
    assert "did you mean paths" in refused
    uploaded = await model.ok("media_upload_file", {"paths": str(photo)})
    assert (await late.control.get(uploaded["media_urls"])).content == PNG
    # a photo from the person's phone, through an upload link
    link = await model.ok("media_generate_upload_link")
    page = link["upload_url"].removeprefix(str(late.control.base_url))
    waiting = await model.ok("media_check_upload_status", {"token": link["token"]})
    assert waiting["status"] == "pending"
    sent = await late.control.post(f"{page}/files", params={"filename": "team.png"}, content=PNG,
                                   headers={"Content-Type": "image/png"})  # fmt: skip
    assert sent.status_code == 201, sent.text
    assert (await late.control.post(f"{page}/complete")).status_code == 200
    done = await model.ok("media_check_upload_status", {"token": f"'{link['token']}'"})
    assert done["status"] == "completed"
    assert (await late.control.get(done["media_urls"])).content == PNG
    late.media.update(local=uploaded["media_urls"], phone=done["media_urls"])


def account_of(target: dict[str, Any]) -> str:
    account = target["accountId"]
    return str(account["_id"] if isinstance(account, dict) else account)


def local(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


async def tuesday(model: Assistant, late: Late) -> str:
    """Draft an Instagram post with the photo, edit it, schedule it for Friday 10:00; its id."""
    asked = len(model.person.asked)
    # the file's path where a URL belongs: the next step is the upload this server offers
    path = await model.error("posts_create", {"content": "Opening!", "platform": "instagram", "is_draft": True,
                                              "media_urls": "~/Pictures/studio.png"})  # fmt: skip
    assert "Upload it first with media_upload_file (the path in paths)" in path
    assert "media_upload_file" in model.offered
    draft = await model.ok(
        "posts_create",
        {"content": "Our new studio opens Friday!", "platform": "instagram", "is_draft": "true",
         "media_urls": late.media["local"]},
    )  # fmt: skip
    post_id = draft["post_id"]
    stored = await late.post(post_id)
    assert (draft["status"], stored["status"]) == ("draft", "draft")
    assert [m["url"] for m in stored["mediaItems"]] == [late.media["local"]]
    assert "instagram @acme.studio" in draft["summary"]
    await model.ok("posts_update", {"post_id": post_id, "content": "Our new studio opens Friday at 10. Come by!"})
    assert (await late.post(post_id))["content"] == "Our new studio opens Friday at 10. Come by!"

    friday = (datetime.now(ZONE) + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    wall = friday.strftime("%Y-%m-%dT%H:%M")
    # a zone abbreviation is an hour wrong half the year: refused, the post untouched
    refused = await model.error("posts_update", {"post_id": post_id, "scheduled_for": wall, "timezone": "PST"})
    assert "America/Los_Angeles" in refused
    assert (await late.post(post_id))["status"] == "draft"
    # a time without a zone is the person's
    scheduled = await model.ok("posts_update", {"post_id": post_id, "scheduled_for": wall})
    stored = await late.post(post_id)
    assert stored["status"] == scheduled["status"] == "scheduled"
    assert local(stored["scheduledFor"]) == local(scheduled["scheduled_for_utc"]) == friday
    assert friday.strftime("%H:%M") in scheduled["summary"]
    assert [m["url"] for m in stored["mediaItems"]] == [late.media["local"]]  # the photo is still there
    assert len(model.person.asked) == asked  # nothing went live: nobody asked
    return str(post_id)


async def wednesday(model: Assistant, late: Late) -> None:
    """Cross-post to four platforms with their own words; publish one now: the person says no, then yes."""
    before = await late.ids()
    evening = (datetime.now(ZONE) + timedelta(days=2)).strftime("%Y-%m-%dT18:00")
    four = {
        "content": "Studio opening Friday!",
        "platforms": "X,linkedin,bluesky,threads",
        "scheduled_for": evening,
        "targets": [
            {"platform": "X", "content": "Studio opening Friday! #design"},
            {"platform": "linkedin", "content": "We open our new studio this Friday. Come and see us."},
        ],
    }
    assert "Europe/Berlin" in await model.error("posts_cross_post", {**four, "timezone": "CET"})
    # LinkedIn and Bluesky have two accounts each: never a guess, the ids to choose from
    several = await model.error("posts_cross_post", four)
    assert ACCOUNT_IDS["linkedin_personal"] in several
    assert ACCOUNT_IDS["bluesky"] in several
    assert await late.ids() == before
    crossed = await model.ok("posts_cross_post", {**four, "profile_id": PROFILE_MAIN})
    stored = await late.post(crossed["post_id"])
    own = {p["platform"]: p.get("customContent") for p in stored["platforms"]}
    assert own == {"twitter": "Studio opening Friday! #design", "bluesky": None, "threads": None,
                   "linkedin": "We open our new studio this Friday. Come and see us."}  # fmt: skip
    assert {p["account_id"] for p in crossed["platforms"]} == {account_of(p) for p in stored["platforms"]}
    for platform in own:
        assert platform in crossed["summary"]
    at = datetime.fromisoformat(evening).replace(tzinfo=ZONE)
    assert local(stored["scheduledFor"]) == local(crossed["scheduled_for_utc"]) == at
    assert "18:00" in crossed["summary"]

    # publish now on Bluesky, the account's id copied in quotes: the person sees which account, and says no
    now = {"content": "Doors open now!", "platform": "bluesky", "account_id": f'"{ACCOUNT_IDS["bluesky"]}"'}
    model.person.says("decline")
    declined = await model.error("posts_publish_now", now)
    assert "bluesky @acmestudio.bsky.social: 'Doors open now!'" in model.person.last()
    assert "nothing was sent" in declined
    assert await late.ids() == before | {crossed["post_id"]}
    # they want it on Threads instead; a changed answer (the box unticked) is a no too
    model.person.says({"confirm": False}, "accept")
    assert "declined" in await model.error("posts_publish_now", {**now, "platform": "threads", "account_id": ""})
    live = await model.ok("posts_publish_now", {"content": "Doors open now!", "platform": "threads"})
    assert "threads @acme.studio: 'Doors open now!'" in model.person.last()
    stored = await late.post(live["post_id"])
    [target] = stored["platforms"]
    assert stored["status"] == live["status"] == "published"
    assert target["platformPostUrl"] == live["platforms"][0]["url"]
    assert target["platformPostUrl"] in live["summary"]
    assert len(await late.ids()) == len(before) + 2
    late.live.append(live["post_id"])


async def monday_under_approval(model: Assistant, late: Late) -> str:
    """LATE_REQUIRE_APPROVAL: a scheduled post waits for approval, and the answer says how to give it; publishing
    now is not held (that is LATE_ALLOW_PUBLISH_NOW's). The waiting post's id."""
    waiting = await model.ok("posts_create", {"content": "Behind the scenes", "platform": "threads",
                                              "schedule_minutes": "120"})  # fmt: skip
    stored = await late.post(waiting["post_id"])
    assert waiting["status"] == stored["status"] == "pending_approval"
    assert "posts_review" in waiting["summary"]
    assert "posts_review" not in model.offered
    queued = await model.error("posts_create", {"content": "Queue me", "platform": "threads", "use_queue": True})
    assert "Nothing was sent" in queued
    # the step it named is there once its toolset is on
    await model.ok("toolsets", {"enable": "live"})
    assert "posts_review" in model.offered
    model.person.says("accept")
    live = await model.ok("posts_publish_now", {"content": "Live, approval or not", "platform": "bluesky",
                                                "account_id": ACCOUNT_IDS["bluesky"]})  # fmt: skip
    assert (await late.post(live["post_id"]))["status"] == live["status"] == "published"
    late.live.append(live["post_id"])
    return str(waiting["post_id"])


async def thursday(model: Assistant, late: Late) -> str:
    """A post fails on Threads (its token expired), is retried through a failing API and again once reconnected;
    then the queue, the logs and the numbers. The post's id."""
    made = await model.ok("posts_cross_post", {"content": "Weekend hours: 10-16", "platforms": "threads,bluesky",
                                               "profile_id": PROFILE_MAIN, "schedule_minutes": "5"})  # fmt: skip
    post_id = made["post_id"]
    threads = ACCOUNT_IDS["threads"]
    await late.sandbox(f"accounts/{threads}", {"needsReconnect": True})
    await late.sandbox("clock", {"advance": 600})
    shown = await model.ok("posts_get", {"post_id": post_id})
    assert shown["status"] == "partial"
    assert {p["platform"]: p["status"] for p in shown["platforms"]} == await late.states(post_id) == {
        "threads": "failed", "bluesky": "published"}  # fmt: skip
    assert "Reconnect" in shown["platforms"][0]["error"]
    failed = await model.ok("posts_list_failed", {"limit": "5"})
    assert post_id in {p["id"] for p in failed["posts"]}

    await late.sandbox(f"accounts/{threads}", {"needsReconnect": False})
    await late.sandbox("faults", {"path": "/v1/posts/*/retry", "method": "POST", "status": 503, "fail_count": 1})
    model.person.says("accept", "accept")
    lost = await model.error("posts_retry", {"post_id": post_id})
    # asked about what a retry publishes again, not about what is live already
    assert "threads @acme.studio" in model.person.last()
    assert "bluesky" not in model.person.last()
    assert "503" in lost
    assert f"posts_get shows post {post_id}'s status now" in lost  # a retry creates nothing: no "twice" here
    assert "twice" not in lost
    assert await late.states(post_id) == {"threads": "failed", "bluesky": "published"}
    retried = await model.ok("posts_retry", {"post_id": f"'{post_id}'"})
    assert "bluesky" not in model.person.last()
    assert retried["status"] == "published"
    stored = await late.post(post_id)
    urls = {p["platform"]: p["platformPostUrl"] for p in stored["platforms"]}
    assert {p["platform"]: p["url"] for p in retried["platforms"]} == urls
    asked = len(model.person.asked)
    assert "Nothing was sent" in await model.error("posts_retry", {"post_id": post_id})  # nothing left to retry
    assert len(model.person.asked) == asked
    late.live.append(post_id)

    await model.ok("toolsets", {"enable": "queue,logs,analytics"})
    slots = await model.ok("queue_preview", {"count": "3"})
    assert len(slots["upcoming"]) == 3
    assert "kind=post" in await model.error("logs_list", {"post_id": post_id})
    logs = (await model.ok("logs_list", {"kind": "post", "post_id": post_id}))["logs"]
    attempts = sorted((log["platform"], log["event"], log["status"]) for log in logs)
    assert attempts == [("bluesky", "publish", "success"), ("threads", "publish", "failed"),
                        ("threads", "retry", "success")]  # fmt: skip
    numbers = await model.ok("analytics_get", {"kind": "post", "post_id": post_id})
    assert {row["platform"] for row in numbers["rows"]} == {"threads", "bluesky"}
    return str(post_id)


async def weekend(model: Assistant, late: Late, draft_id: str, retried_id: str) -> None:
    """The person changes their mind: the last three writes undone in turn, an undo undone; the history agrees."""
    newest = (await model.ok("posts_history", {"limit": "1"}))["entries"][0]["id"]
    model.person.says("cancel")  # the dialog closed without an answer: nothing is undone
    assert "nothing was sent" in await model.error("posts_undo", {})
    assert await late.states(retried_id) == {"threads": "published", "bluesky": "published"}
    model.person.says("accept", "accept", "accept")
    undone = [await model.ok("posts_undo", {}) for _ in range(3)]
    # what the person was asked is what each answer says it did
    assert [q.removesuffix(" Confirm to go ahead.") for q in model.person.asked[-3:]] == [u["summary"] for u in undone]
    retry, cross, publish = (u["entry_id"] for u in undone)
    assert retry == newest  # the retry; then the cross-post it retried (the 503 before it changed nothing)
    assert undone[0]["summary"].endswith("remove the live post from threads.")
    assert undone[1]["summary"].endswith("remove the live post from bluesky.")
    assert await late.states(retried_id) == {"threads": "cancelled", "bluesky": "cancelled"}
    assert undone[2]["summary"].endswith("remove the live post from threads.")  # Wednesday's post
    assert (await late.post(late.live[1]))["status"] == "cancelled"
    assert (await late.post(late.live[0]))["status"] == "published"  # Monday's stays

    history = (await model.ok("posts_history", {"limit": "4"}))["entries"]
    # each undo's entry names the one platform it took the post off
    assert [(e["what"], e["platforms"]) for e in history[:3]] == [
        ("unpublished from threads", ["threads"]), ("unpublished from bluesky", ["bluesky"]),
        ("unpublished from threads", ["threads"])]  # fmt: skip
    [unpublish] = [e for e in history if e.get("undoes") == publish]
    asked = len(model.person.asked)
    refused = await model.error("posts_undo", {"entry_id": str(unpublish["id"])})
    assert "cannot be put back up" in refused
    assert len(model.person.asked) == asked  # refused before asking

    # undo an undo: Tuesday's draft, scheduled for Friday, goes back to a draft, then is scheduled again
    scheduled = await late.post(draft_id)
    [schedule] = [e for e in (await model.ok("posts_history", {"limit": "30"}))["entries"]
                  if e["post_id"] == draft_id and e["action"] == "update" and "time" in e.get("what", "")]  # fmt: skip
    model.person.says("accept", "accept")
    back = await model.ok("posts_undo", {"entry_id": schedule["id"]})
    assert "Confirm" not in back["summary"]
    assert (await late.post(draft_id))["status"] == "draft"
    again = (await model.ok("posts_history", {"limit": "1"}))["entries"][0]
    assert (again["undoes"], again["post_id"]) == (schedule["id"], draft_id)
    await model.ok("posts_undo", {"entry_id": again["id"]})
    restored = await late.post(draft_id)
    assert (restored["status"], restored["scheduledFor"]) == ("scheduled", scheduled["scheduledFor"])
    assert restored["content"] == scheduled["content"]  # the edit of Tuesday is kept

    # the history tells the same story: each undo points at what it undid, and back
    entries = {e["id"]: e for e in (await model.ok("posts_history", {"limit": "30"}))["entries"]}
    for entry in entries.values():
        if "undoes" in entry and entry["undoes"] in entries:
            assert entries[entry["undoes"]]["undone_by"] in {
                e["id"] for e in entries.values() if e.get("undoes") == entry["undoes"]
            }
    assert all(entries[i].get("undone_by") for i in (retry, cross, publish, schedule["id"], again["id"]))
