"""Our requests and the sandbox's answers against today's contract (the SDK's models, late-sdk 1.4.1385).

One recorded session drives the tools over the sandbox, as a person's assistant would; every request the client
sends and every answer it parses is then checked with the model `_table` names for its operation. A check that
never ran is a failure too: each modelled operation must have been seen at least once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from late.models._generated import models as M
from mcp import Client
from pydantic import BaseModel, ValidationError

from late_mcp.client import operations
from late_mcp.config import Settings
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import ACCOUNT_IDS, LINKEDIN_ORGANIZATIONS, PROFILE_MAIN, oid, seeded_store
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server

from ._table import (
    ANSWERS,
    ERROR,
    PLATFORM_DATA,
    POST_BODY,
    POST_BODY_KEYS,
    PUT_BODY_KEYS,
    REQUESTS,
    TARGET_KEYS,
    ByStatus,
    Items,
    NoModel,
    Under,
)
from .test_options import SAMPLES

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

VIDEO = "https://cdn.example.com/acme/clip.mp4"
#: the sample options' values that must name what the seeded accounts have, or that one post cannot combine
#: (None: left out). Instagram: a Reel (one video) for the trial parameters, whose tags take no position.
SEEDED: dict[str, dict[str, Any]] = {
    "linkedin": {"organizationUrn": LINKEDIN_ORGANIZATIONS[0]["urn"]},
    "instagram": {"contentType": None, "userTags": [{"username": "friend"}]},
}
IMAGE = "https://cdn.example.com/acme/photo.jpg"


@dataclass
class Exchange:
    op: str
    query: dict[str, str]
    body: Any  # the JSON request body, or None
    status: int
    answer: Any  # the JSON answer, or None


class Recorder(httpx.AsyncBaseTransport):
    """The sandbox, with every JSON request and answer kept under its operation."""

    def __init__(self, store: Store) -> None:
        self.inner = httpx.ASGITransport(app=create_app(store))
        self.seen: list[Exchange] = []
        self.templates = sorted({op.key for op in operations()}, key=lambda op: op.count("{"))

    def operation(self, method: str, path: str) -> str:
        parts = path.removeprefix("/api").strip("/").split("/")
        for op in self.templates:
            op_method, template = op.split(" ", 1)
            pattern = template.strip("/").split("/")
            if (
                op_method == method
                and len(pattern) == len(parts)
                and all(p == s or (p.startswith("{") and p.endswith("}")) for p, s in zip(pattern, parts, strict=True))
            ):
                return op
        return f"{method} {path}"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raw = await request.aread()
        body = json.loads(raw) if request.headers.get("content-type", "").startswith("application/json") else None
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        answer = (
            json.loads(content) if response.headers.get("content-type", "").startswith("application/json") else None
        )
        self.seen.append(
            Exchange(
                self.operation(request.method, request.url.path),
                dict(request.url.params),
                body,
                response.status_code,
                answer,
            )
        )
        return httpx.Response(response.status_code, headers=response.headers, content=content)


async def _session(store: Store, recorder: Recorder, tmp: Path) -> None:
    """What a person's assistant does in a week: posts on every platform, bulk, queue, media, webhooks, team."""
    settings = Settings(
        api_key=store.api_key,
        base_url="http://127.0.0.1/api",
        timezone="Europe/Berlin",
        toolsets=("all",),
        media_dirs=(str(tmp),),
    )
    async with Client(build_server(settings, transport=recorder)) as client:

        async def call(tool: str, args: dict[str, Any] | None = None) -> dict[str, Any]:
            result = await client.call_tool(tool, args or {})
            assert not result.is_error, f"{tool}({args}): {result.content}"
            return result.structured_content or {}

        await call("accounts_list")
        # a post on each seeded platform that can post (the seeded Facebook needs reconnecting) with its full
        # options, the samples of test_options
        for platform in ("twitter", "linkedin", "instagram", "bluesky", "threads", "youtube", "pinterest"):
            media = VIDEO if platform in ("youtube", "instagram") else IMAGE
            options = {k: v for k, v in SAMPLES[platform].items() if k not in ("threadItems", "article")}
            options.update(SEEDED.get(platform, {}))
            options = {k: v for k, v in options.items() if v is not None}
            await call(
                "posts_create",
                {
                    "content": f"Contract {platform}",
                    "platform": platform,
                    "account_id": ACCOUNT_IDS[platform],
                    "media_urls": media,
                    "options": options,
                    "title": "Contract title",
                    "scheduled_for": "2099-03-01T10:00",
                },
            )
        tiktok = {k: v for k, v in SAMPLES["tiktok"].items() if k not in ("locationId", "locationName")}
        await call("posts_create", {"content": "TikTok", "platform": "tiktok", "media_urls": VIDEO, "options": tiktok})
        published = await call(
            "posts_publish_now",
            {"content": "Contract now", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]},
        )
        await call("posts_list")
        await call("posts_list", {"status": "scheduled"})
        await call("posts_get", {"post_id": published["post_id"]})
        recycled = {"post_id": published["post_id"], "every": "every 2 weeks until 2099-01-31"}
        await call("posts_recycle", {**recycled, "variations": ["Contract again", "Contract once more"]})
        await call("posts_get", {"post_id": published["post_id"]})  # its RecyclingState
        await call("posts_recycle", {**recycled, "every": "off"})
        draft = await call("posts_create", {"content": "Contract draft", "platform": "threads", "is_draft": True})
        await call(
            "posts_update", {"post_id": draft["post_id"], "content": "Edited", "scheduled_for": "2099-04-01T09:00"}
        )
        await call("posts_delete", {"post_id": draft["post_id"]})
        await call("posts_retry", {"post_id": oid("post:failed-ratelimit")})
        rows = [
            {
                "platforms": "twitter",
                "profiles": PROFILE_MAIN,
                "schedule_time": "2099-05-01T10:00:00Z",
                "post_content": "A",
            },
            {"platforms": "bluesky", "profiles": "nope", "is_draft": True, "post_content": "B"},
        ]
        await call("posts_bulk_upload", {"rows": rows})
        await call("posts_bulk_upload", {"rows": rows, "dry_run": False})
        # profiles, queue, media, usage
        await call("profiles_list")
        await call("profiles_get", {"profile_id": PROFILE_MAIN})
        profile = (await call("profiles_create", {"name": "Contract"}))["id"]
        await call("profiles_update", {"profile_id": profile, "description": "x"})
        await call("profiles_delete", {"profile_id": profile})
        await call("queue_list")
        queue = (await call("queue_create", {"name": "Evenings", "slots": "fri 18:00"}))["queue"]["id"]
        await call("queue_update", {"queue_id": queue, "slots": "sat 18:00"})
        await call("queue_preview", {"count": 2})
        await call(
            "posts_create",
            {"content": "Queued", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"], "use_queue": True},
        )
        await call("queue_delete", {"queue_id": queue})
        token = (await call("media_generate_upload_link"))["token"]
        await call("media_check_upload_status", {"token": token})
        png = tmp / "pixel.png"
        png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        await call("media_upload_file", {"paths": str(png)})
        await call("usage_get")
        # analytics
        await call("analytics_get")
        await call("analytics_get", {"kind": "followers"})
        await call(
            "analytics_get", {"kind": "youtube_daily", "video_id": "dQw4w9WgXcQ", "account_id": ACCOUNT_IDS["youtube"]}
        )
        await call("analytics_get", {"kind": "linkedin_account", "account_id": ACCOUNT_IDS["linkedin"]})
        async with httpx.AsyncClient(transport=recorder.inner, base_url="http://127.0.0.1") as control:
            added = await control.post("/_sandbox/accounts", json={"platform": "googlebusiness", "username": "acme"})
        await call("accounts_google_reviews", {"account_id": added.json()["account"]["_id"]})
        # webhooks, team
        hook = (await call("webhooks_save", {"url": "https://example.com/h", "events": ["post.published"]}))["webhook"]
        await call("webhooks_save", {"webhook_id": hook["id"], "name": "renamed"})
        await call("webhooks_list")
        await call("webhooks_test", {"webhook_id": hook["id"]})
        await call("webhooks_logs")
        await call("webhooks_delete", {"webhook_id": hook["id"]})
        users = await call("team_users_list")
        await call("team_users_list", {"user_id": users["current_user_id"]})
        await call("team_api_keys_list")
        # a refusal, to see the error envelope
        refused = await client.call_tool("posts_get", {"post_id": "0123456789abcdef01234567"})
        assert refused.is_error


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Exchange]]:
    store = seeded_store(":memory:")
    recorder = Recorder(store)
    try:
        anyio.run(_session, store, recorder, tmp_path_factory.mktemp("media"))
        yield recorder.seen
    finally:
        store.close()


def _validate(model: type[BaseModel], value: Any, *, strict: bool, where: str) -> list[str]:
    try:
        model.model_validate(value, extra="forbid" if strict else None)
    except ValidationError as exc:
        return [f"{where}: {model.__name__}: {exc.errors(include_url=False)}"]
    return []


def check_post_body(body: dict[str, Any], *, update: bool, where: str) -> list[str]:
    """POST/PUT /v1/posts: keys the API reads, each target's keys, its options, media items and root settings."""
    problems = [f"{where}: unknown key {k}" for k in sorted(set(body) - (PUT_BODY_KEYS if update else POST_BODY_KEYS))]
    for item in body.get("mediaItems") or []:
        problems += _validate(M.MediaItem, item, strict=True, where=f"{where}.mediaItems")
    if body.get("recycling") is not None:
        problems += _validate(M.RecyclingConfig, body["recycling"], strict=True, where=f"{where}.recycling")
    if body.get("tiktokSettings") is not None:
        problems += _validate(
            M.TikTokPlatformData, body["tiktokSettings"], strict=True, where=f"{where}.tiktokSettings"
        )
    for index, target in enumerate(body.get("platforms") or []):
        at = f"{where}.platforms[{index}]"
        problems += [f"{at}: unknown key {k}" for k in sorted(set(target) - TARGET_KEYS)]
        for item in target.get("customMedia") or []:
            problems += _validate(M.MediaItem, item, strict=True, where=f"{at}.customMedia")
        model = PLATFORM_DATA.get(target.get("platform", ""))
        if model is not None and target.get("platformSpecificData"):
            problems += _validate(model, target["platformSpecificData"], strict=True, where=at)
    return problems


def _piecewise(op: str, body: dict[str, Any], where: str) -> list[str]:
    """The SDK models of the pieces of an inline request body."""
    problems: list[str] = []
    if op in ("POST /v1/queue/slots", "PUT /v1/queue/slots"):
        for slot in body.get("slots") or []:
            problems += _validate(M.QueueSlot, slot, strict=True, where=f"{where}.slots")
    if op == "POST /v1/media/presign":
        try:
            M.MediaContentType(body.get("contentType"))
        except ValueError:
            problems.append(f"{where}: contentType {body.get('contentType')!r} is not a MediaContentType")
    if op in ("POST /v1/webhooks/settings", "PUT /v1/webhooks/settings"):
        for event in body.get("events") or []:
            try:
                M.Event(event)
            except ValueError:
                problems.append(f"{where}: event {event!r} is not an Event")
    return problems


PIECEWISE = ("POST /v1/queue/slots", "PUT /v1/queue/slots", "POST /v1/webhooks/settings", "PUT /v1/webhooks/settings")


def test_every_client_operation_is_in_the_tables() -> None:
    ops = {op.key for op in operations()}
    assert sorted(ops - set(ANSWERS)) == [], "operations with no answer row"
    assert sorted(set(ANSWERS) - ops) == [], "answer rows for operations the client does not send"
    with_body = {op for op in ops if op.split(" ", 1)[0] in ("POST", "PUT", "PATCH")}
    assert sorted(with_body - set(REQUESTS)) == [], "operations with a body and no request row"
    assert set(REQUESTS) <= ops


def test_every_request_body_matches_the_contract(seen: list[Exchange]) -> None:
    problems: list[str] = []
    checked: set[str] = set()
    for number, x in enumerate(seen):
        if x.body is None:
            continue
        where = f"#{number} {x.op}"
        row = REQUESTS.get(x.op)
        assert row is not None, f"{where}: a body for an operation with no request row"
        if row is POST_BODY:
            problems += check_post_body(x.body, update=x.op.startswith("PUT"), where=where)
            checked.add(x.op)
        elif isinstance(row, NoModel):
            problems += _piecewise(x.op, x.body, where)
            checked.add(x.op)
        else:
            problems += _validate(row, x.body, strict=True, where=where)
            checked.add(x.op)
    assert problems == []
    never = sorted(op for op in (*PIECEWISE, "POST /v1/posts", "PUT /v1/posts/{postId}") if op not in checked)
    assert never == [], "request checks that never ran"


def _answer_problems(x: Exchange, where: str) -> list[str]:
    if x.status >= 400:
        return _validate(ERROR, x.answer, strict=False, where=where)
    row = ANSWERS[x.op]
    if isinstance(row, NoModel):
        return []
    if isinstance(row, ByStatus):
        model = row.models.get(x.status)
        return (
            [f"{where}: status {x.status} has no model"]
            if model is None
            else _validate(model, x.answer, strict=False, where=where)
        )
    if isinstance(row, Items):
        items = x.answer.get(row.key) if isinstance(x.answer, dict) else None
        if not isinstance(items, list):
            return [f"{where}: no {row.key} list"]
        return [p for item in items for p in _validate(row.model, item, strict=False, where=where)]
    if isinstance(row, Under):
        inner = x.answer.get(row.key) if isinstance(x.answer, dict) else None
        return _validate(row.model, inner, strict=False, where=f"{where}.{row.key}")
    if x.op == "GET /v1/queue/slots" and x.query.get("all") == "true":
        return []  # the all=true listing ({queues: [...]}) has no model; the single-queue answer does
    return _validate(row, x.answer, strict=False, where=where)


def test_every_answer_matches_the_contract(seen: list[Exchange]) -> None:
    problems: list[str] = []
    ok: set[str] = set()
    for number, x in enumerate(seen):
        if x.answer is None or x.op not in ANSWERS:
            continue
        problems += _answer_problems(x, f"#{number} {x.op} ({x.status})")
        if x.status < 400:
            ok.add(x.op)
    assert problems == []
    modelled = [op for op, row in ANSWERS.items() if not isinstance(row, NoModel)]
    assert sorted(op for op in modelled if op not in ok) == [], "answers with a model that the session never saw"
    assert any(x.status >= 400 for x in seen), "no refusal seen: the error envelope went unchecked"
