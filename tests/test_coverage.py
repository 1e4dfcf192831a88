"""docs/api-coverage.md's coverage table stays true: every operation of the API reference (seed 002) is implemented by
the client, reached by the tool the table names, or listed as not exposed on purpose.

The table is the committed list of the reference's operations (and of those documented elsewhere), so every check
but one runs on every checkout: the operations the client methods declare (`late_mcp.client.operations`) against
the table; the table's tools against the real ones; and a recorded run that calls every tool in the table through an
MCP client over the sandbox and sees which operations each one actually sends. The one check that needs the seeds
(tests/reference.py) is that the table lists exactly the reference's endpoints.

`LATE_UPDATE_COVERAGE=1 uv run pytest tests/test_coverage.py` rewrites the table from the recorded run.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest
from mcp import Client, types
from mcp.client.session import ClientRequestContext
from starlette.applications import Starlette

from late_mcp.client import operations
from late_mcp.config import Settings
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import ACCOUNT_IDS, FACEBOOK_PAGES, PROFILE_MAIN, oid, seeded_store
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server
from late_mcp.tools import TOOLS

from .reference import reference_text

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "docs" / "api-coverage.md"  # the coverage table's page
START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"


STALE = "docs/api-coverage.md's coverage section is stale: LATE_UPDATE_COVERAGE=1 uv run pytest tests/test_coverage.py"


def doc_text() -> str:
    """The coverage section (between its markers)."""
    text = README.read_text(encoding="utf-8")
    return text[text.index(START) + len(START) : text.index(END)]


#: documented operations no tool may reach, and why (the table says so too)
NOT_EXPOSED = {
    "POST /v1/api-keys": "not exposed: API keys create/delete, by design",
    "DELETE /v1/api-keys/{keyId}": "not exposed: API keys create/delete, by design",
}
#: operations the client sends only when today's operation answers 404 (an older API), and what replaces them
FALLBACK = {
    "GET /v1/connections/logs": "fallback of `GET /v1/logs?type=connections` (`logs_list`) when that is not found",
}
#: operations the client sends that are documented outside seed 002's endpoint list
ELSEWHERE = {
    "GET /v1/accounts/{accountId}/facebook-page": "seed 001 (multi-page posting)",
    "GET /v1/accounts/{accountId}/gmb-locations": "seed 001 (multi-location posting)",
    "GET /v1/connections/logs": "seed 000 (Logs)",
    "POST /v1/media/upload-token": "late-api-notes (browser upload flow)",
    "GET /v1/media/upload-token": "late-api-notes (browser upload flow)",
    "POST /v1/posts/{postId}/unpublish": "late-sdk 1.4.1385 (posts.unpublish_post; the current API contract)",
    "POST /v1/posts/{postId}/edit": "late-sdk 1.4.1385 (posts.edit_post; the current API contract)",
    "POST /v1/posts/{postId}/review": "late-sdk 1.4.1385 (posts.review_post; the current API contract)",
    "GET /v1/connect/pending-data": "late-sdk 1.4.1385 (headless connect)",
    "PUT /v1/accounts/{accountId}/gmb-locations": "late-sdk 1.4.1385 (Google Business default location)",
    "GET /v1/accounts/{accountId}/tiktok/creator-info": "late-sdk 1.4.1385 (TikTok privacy levels)",
    "GET /v1/analytics/best-time": "late-sdk 1.4.1385 (analytics.get_best_time_to_post)",
}
_ENDPOINT = re.compile(r"^## (GET|POST|PUT|PATCH|DELETE) (/v1/\S+)$", re.MULTILINE)
_ROW = re.compile(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/v1/[^`]+)` \| (.+?) \|")


def seed_operations(*, required: bool = False) -> list[str]:
    """The reference's operations, in its order, each once (some appear in two sections); needs the seeds."""
    return list(dict.fromkeys(f"{m} {p}" for m, p in _ENDPOINT.findall(reference_text(required=required))))


def table() -> dict[str, list[str]]:
    """The coverage table: operation -> the tools that reach it (or the not-exposed reason)."""
    rows: dict[str, list[str]] = {}
    for line in doc_text().splitlines():
        if found := _ROW.match(line):
            key = f"{found.group(1)} {found.group(2)}"
            assert key not in rows, f"{key} is in the table twice"
            rows[key] = re.findall(r"`([a-z_]+)`", found.group(3)) or [found.group(3).strip()]
    return rows


def documented_operations() -> list[str]:
    """The reference's operations as the table lists them (test_the_table_lists_the_references_operations holds
    the table to the reference where the seeds are)."""
    return [op for op in table() if op not in ELSEWHERE]


def test_the_table_lists_the_references_operations() -> None:
    documented = seed_operations()
    assert len(documented) == 86
    rows = table()
    expected = [*documented, *ELSEWHERE]
    assert sorted(rows) == sorted(expected), (
        f"missing {sorted(set(expected) - set(rows))}, extra {sorted(set(rows) - set(expected))}"
    )


def test_the_client_implements_every_documented_operation() -> None:
    documented = documented_operations()
    assert len(documented) == 86
    assert set(ELSEWHERE) <= set(table()), f"not in the table: {sorted(set(ELSEWHERE) - set(table()))}"
    declared = {op.key for op in operations()}
    missing = [op for op in documented if op not in declared and op not in NOT_EXPOSED]
    assert missing == [], f"documented but not implemented by any client method: {missing}"
    assert not set(NOT_EXPOSED) & declared, "a client method sends an operation that must never be sent"
    unexplained = sorted(declared - set(documented) - set(ELSEWHERE))
    assert unexplained == [], f"client operations documented nowhere we know: {unexplained}"


def test_the_table_names_real_tools() -> None:
    tool_names = {spec.name for spec in TOOLS}
    for op, tools in table().items():
        if op in NOT_EXPOSED:
            assert tools == [NOT_EXPOSED[op]], op
        else:  # a fallback's row names the tool of the operation it stands in for
            assert tools, op
            assert set(tools) <= tool_names, f"{op}: {tools} are not all tools"


# --- the recorded run -----------------------------------------------------------------------------------


class Recorder(httpx.AsyncBaseTransport):
    """The sandbox app, noting which tool sent which request."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.tool = ""
        self.sent: dict[str, set[str]] = defaultdict(set)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/api/v1/"):
            self.sent[self.tool].add(f"{request.method} {path.removeprefix('/api')}")
        return await self.inner.handle_async_request(request)


def _template(op: str) -> re.Pattern[str]:
    method, path = op.split(" ", 1)
    return re.compile("^" + method + " " + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


def operation_of(sent: str, known: list[str]) -> str | None:
    """The documented operation a concrete request is: the matching template with the fewest variables."""
    matches = [op for op in known if _template(op).match(sent)]
    return min(matches, key=lambda op: op.count("{")) if matches else None


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    yield opened
    opened.close()


async def _authorize(app: Starlette, url: str) -> str:
    parsed = urlparse(url)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as http:
        response = await http.get(f"{parsed.path}?{parsed.query}")
        assert response.status_code == 302, response.text
        return str(response.headers["location"])


async def _legacy_redirect(app: Starlette, landed: str, api_key: str) -> str:
    """A pendingDataToken redirect rewritten as the older form that carries the tempToken itself."""
    parsed = urlparse(landed)
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as http:
        response = await http.get(
            "/api/v1/connect/pending-data",
            params={"token": query.pop("pendingDataToken")},
            headers={"Authorization": f"Bearer {api_key}"},
        )
        assert response.status_code == 200, response.text
    query["tempToken"] = response.json()["tempToken"]
    return parsed._replace(query=urlencode(query)).geturl()


async def _control(app: Starlette, path: str, body: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as http:
        response = await http.post(f"/_sandbox/{path}", json=body)
        assert response.status_code < 300, response.text
        answer: dict[str, Any] = response.json()
        return answer


async def _person_says_yes(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
    """The person behind the host: says yes, so the tools that only a person may decide (posts_review) run too."""
    return types.ElicitResult(action="accept", content={"confirm": True})


async def test_each_tool_reaches_the_operations_the_table_says(store: Store, tmp_path: Path) -> None:
    known = list(table())
    app = create_app(store)
    recorder = Recorder(app)
    png = tmp_path / "pixel.png"
    png.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    settings = Settings(
        api_key=store.api_key,
        base_url="http://127.0.0.1/api",
        timezone="Europe/Berlin",
        toolsets=("all",),
        media_dirs=(str(tmp_path),),
    )
    server = build_server(settings, transport=recorder)
    reddit = (await _control(app, "accounts", {"platform": "reddit", "username": "acme_team"}))["account"]["_id"]
    gbp = (await _control(app, "accounts", {"platform": "googlebusiness", "username": "acme-berlin"}))["account"]["_id"]

    async with Client(server, elicitation_callback=_person_says_yes) as client:

        async def call(tool: str, args: dict[str, Any] | None = None) -> dict[str, Any]:
            recorder.tool = tool
            result = await client.call_tool(tool, args or {})
            assert not result.is_error, f"{tool}({args}): {result.content}"
            content: dict[str, Any] = result.structured_content or {}
            return content

        # core
        await call("accounts_list")
        await call("accounts_get", {"platform": "threads"})
        await call("profiles_list")
        await call("profiles_get", {"profile_id": PROFILE_MAIN})
        profile = (await call("profiles_create", {"name": "Coverage"}))["id"]
        await call("profiles_update", {"profile_id": profile, "description": "x"})
        await call("profiles_delete", {"profile_id": profile})
        await call("posts_list")
        draft = await call("posts_create", {"content": "Coverage draft", "platform": "threads", "is_draft": True})
        await call("posts_get", {"post_id": draft["post_id"]})
        await call("posts_update", {"post_id": draft["post_id"], "content": "Coverage draft 2"})
        await call("posts_recycle", {"post_id": draft["post_id"], "every": "every month"})
        await call("posts_delete", {"post_id": draft["post_id"]})
        await call("posts_retry", {"post_id": oid("post:failed-ratelimit")})
        token = (await call("media_generate_upload_link"))["token"]
        await call("media_check_upload_status", {"token": token})
        await call("media_upload_file", {"paths": str(png)})
        await call("accounts_health")
        await call("accounts_health", {"account_id": ACCOUNT_IDS["twitter"]})
        await call("usage_get")
        # queue
        await call("queue_list")
        queue = (await call("queue_create", {"name": "Evenings", "slots": "fri 18:00"}))["queue"]["id"]
        await call("queue_update", {"queue_id": queue, "slots": "sat 18:00"})
        await call("queue_preview", {"count": 2})
        await call("queue_delete", {"queue_id": queue})
        csv = f"platforms,profiles,is_draft,post_content\nbluesky,{PROFILE_MAIN},true,Bulk\n"
        await call("posts_bulk_upload", {"csv": csv})
        # analytics
        await call("analytics_get")
        await call("analytics_get", {"kind": "followers"})
        await call(
            "analytics_get", {"kind": "youtube_daily", "video_id": "dQw4w9WgXcQ", "account_id": ACCOUNT_IDS["youtube"]}
        )
        await call("analytics_get", {"kind": "linkedin_account", "account_id": ACCOUNT_IDS["linkedin"]})
        await call(
            "analytics_get", {"kind": "linkedin_post", "account_id": ACCOUNT_IDS["linkedin"], "urn": "urn:li:share:1"}
        )
        # logs
        first_log = (await call("logs_list"))["logs"][0]["id"]
        await call("logs_list", {"kind": "post", "post_id": oid("post:partial-event")})
        await call("logs_list", {"kind": "connection"})
        await call("logs_get", {"log_id": first_log})
        # accounts
        await call("accounts_update", {"account_id": ACCOUNT_IDS["threads"], "display_name": "Threads"})
        for account in (
            ACCOUNT_IDS["linkedin"],
            ACCOUNT_IDS["pinterest"],
            reddit,
            ACCOUNT_IDS["facebook"],
            gbp,
            ACCOUNT_IDS["tiktok"],
        ):
            await call("accounts_choices", {"account_id": account})
        await call("accounts_select", {"account_id": ACCOUNT_IDS["facebook"], "choice_id": FACEBOOK_PAGES[0]["id"]})
        await call("accounts_select", {"account_id": ACCOUNT_IDS["linkedin"], "personal": True})
        await call("accounts_select", {"account_id": ACCOUNT_IDS["pinterest"], "choice_id": "board-acme-launches"})
        await call("accounts_select", {"account_id": reddit, "choice_id": "test"})
        location = (await call("accounts_choices", {"account_id": gbp}))["choices"][0]["id"]
        await call("accounts_select", {"account_id": gbp, "choice_id": location})
        await call("accounts_linkedin_mention", {"account_id": ACCOUNT_IDS["linkedin"], "url": "company/acme"})
        await call("accounts_google_reviews", {"account_id": gbp})
        group = (await call("account_groups_save", {"name": "G", "account_ids": ACCOUNT_IDS["twitter"]}))["group"]
        await call("account_groups_save", {"group_id": group["id"], "name": "G2"})
        await call("account_groups_list")
        await call("account_groups_delete", {"group_id": group["id"]})
        await call("accounts_disconnect", {"account_id": ACCOUNT_IDS["threads"]})
        # connect
        link = (await call("connect_start", {"platform": "youtube"}))["url"]
        state = parse_qs(urlparse(link).query)["state"][0]
        await call("connect_complete", {"platform": "youtube", "code": "c", "oauth_state": state})
        await call("connect_bluesky", {"identifier": "cov.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"})
        code = (await call("connect_start", {"platform": "telegram"}))["code"]
        await call("connect_telegram", {"code": code})
        await call("connect_telegram", {"chat_id": "@coverage_chan"})
        for platform in ("facebook", "googlebusiness", "linkedin", "pinterest", "snapchat"):
            start = await call(
                "connect_start", {"platform": platform, "headless": True, "redirect_url": "https://app.example.com/cb"}
            )
            landed = await _authorize(app, start["url"])
            if platform in ("pinterest", "snapchat"):
                # the older redirect, with tempToken and no pendingDataToken: the list comes from select-board /
                # select-profile (the pendingDataToken one carries it in GET /v1/connect/pending-data)
                landed = await _legacy_redirect(app, landed, store.api_key)
            options = (await call("connect_options", {"callback_url": landed}))["options"]
            await call("connect_select", {"callback_url": landed, "selection_id": options[0]["id"]})
        # webhooks
        hook = (await call("webhooks_save", {"url": "https://example.com/h"}))["webhook"]["id"]
        await call("webhooks_save", {"webhook_id": hook, "name": "renamed"})
        await call("webhooks_list")
        await call("webhooks_test", {"webhook_id": hook})
        await call("webhooks_logs")
        await call("webhooks_delete", {"webhook_id": hook})
        # team
        users = await call("team_users_list")
        await call("team_users_list", {"user_id": users["current_user_id"]})
        await call("team_invite")
        invite = (await call("team_invite", {"kind": "platform", "platform": "tiktok"}))["invite"]["id"]
        await call("team_invites_list")
        await call("team_invite_revoke", {"invite_id": invite})
        await call("team_api_keys_list")
        # media tools
        for platform, url in (
            ("youtube", "dQw4w9WgXcQ"),
            ("instagram", "https://instagram.com/p/x"),
            ("tiktok", "https://tiktok.com/@a/video/1"),
            ("twitter", "https://x.com/a/status/1"),
            ("facebook", "https://facebook.com/watch?v=1"),
            ("linkedin", "https://linkedin.com/posts/a"),
            ("bluesky", "https://bsky.app/profile/a/post/1"),
        ):
            await call("media_download", {"platform": platform, "url": url})
        await call("media_youtube_transcript", {"url": "dQw4w9WgXcQ"})
        await call("media_check_hashtags", {"hashtags": "travel"})
        # live, and the journal tools of core
        twitter = {"platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]}
        live = await call("posts_publish_now", {"content": "Coverage live", **twitter})
        await call("posts_edit_published", {"post_id": live["post_id"], "content": "Coverage edited", **twitter})
        await call("posts_unpublish", {"post_id": live["post_id"], "platform": "twitter"})
        pending = await call("posts_create", {"content": "Coverage pending", **twitter})
        store.put("posts", {**(store.get("posts", pending["post_id"]) or {}), "status": "pending_approval"})
        await call("posts_review", {"post_id": pending["post_id"], "decision": "reject"})
        await call("posts_create", {"content": "Coverage undone", **twitter})
        await call("posts_undo")
        await call("posts_history")
        # planner
        await call("posts_calendar")
        await call("posts_best_times")
        series = {"at": "09:00", "count": 2, "platforms": "bluesky", "account_ids": ACCOUNT_IDS["bluesky"]}
        await call("posts_schedule_series", {**series, "contents": ["Tip one", "Tip two"]})

    reached: dict[str, set[str]] = defaultdict(set)
    for tool, sent in recorder.sent.items():
        for request in sent:
            op = operation_of(request, known)
            assert op is not None, f"{tool} sent {request}, which no documented operation describes"
            reached[op].add(tool)
    unreached = [op for op in known if op not in reached and op not in NOT_EXPOSED and op not in FALLBACK]
    assert unreached == [], f"no tool reached {unreached}"
    assert not set(NOT_EXPOSED) & set(reached)

    if os.environ.get("LATE_UPDATE_COVERAGE"):
        write_doc(reached)
    rows = table()
    for op, tools in reached.items():
        claimed = set(rows.get(op, []))
        # the table names the tools whose job it is; helpers that merely read along (accounts_list before a
        # post, profiles before a queue) may reach more
        assert claimed, f"{op} is missing from the table"
        assert claimed <= tools, f"{op}: the table says {sorted(claimed)}, the run saw {sorted(tools)}"


# --- writing the table ----------------------------------------------------------------------------------

#: tools that reach an operation only to look something up for their real job; left out of the table
HELPERS = {
    "GET /v1/accounts": {"accounts_list", "accounts_get"},
    "GET /v1/accounts/health": {"accounts_health"},
    "GET /v1/profiles": {"profiles_list"},
    "GET /v1/users": {"team_users_list"},
    "GET /v1/queue/slots": {"queue_list"},
    "GET /v1/posts": {"posts_list"},
    "GET /v1/posts/{postId}": {"posts_get"},
    "GET /v1/accounts/{accountId}/linkedin-organizations": {"accounts_choices"},
    "GET /v1/accounts/{accountId}/pinterest-boards": {"accounts_choices"},
    "GET /v1/connect/pinterest/select-board": {"connect_options"},
    "GET /v1/connect/snapchat/select-profile": {"connect_options"},
}


def write_doc(reached: dict[str, set[str]]) -> None:
    toolset = {spec.name: spec.toolset for spec in TOOLS}
    lines = [
        "",
        "Every operation of the Late API reference (seed 002), and the tool that reaches it. "
        "`tests/test_coverage.py` keeps this table true: it compares the reference's endpoint list with the "
        "operations the client implements, and runs every tool over the sandbox to see what each one sends "
        "(refresh with `LATE_UPDATE_COVERAGE=1 uv run pytest tests/test_coverage.py`).",
        "",
        "| Operation | Tool (toolset) |",
        "| --- | --- |",
    ]
    for op in [*seed_operations(required=True), *ELSEWHERE]:
        if op in NOT_EXPOSED:
            cell = NOT_EXPOSED[op]
        elif op in FALLBACK:
            cell = FALLBACK[op]
        else:
            tools = sorted(HELPERS.get(op, reached[op]) & reached[op] or reached[op])
            cell = ", ".join(f"`{t}` ({toolset[t]})" for t in tools)
            if op in ELSEWHERE:
                cell += f"; documented in {ELSEWHERE[op]}"
        method, path = op.split(" ", 1)
        lines.append(f"| `{method} {path}` | {cell} |")
    lines += ["", "### Toolsets", "", "| Toolset | Tools |", "| --- | --- |"]
    for name in dict.fromkeys(spec.toolset for spec in TOOLS):
        members = ", ".join(f"`{spec.name}`" for spec in TOOLS if spec.toolset == name)
        lines.append(f"| `{name}`{' (default)' if name == 'core' else ''} | {members} |")
    lines += [
        "",
        "Choose with `--toolsets a,b` / `LATE_TOOLSETS` (or `all`), add or drop single tools with `--tools` / "
        "`--exclude-tools`, and keep only tools whose annotations say read-only with `--read-only`.",
        "",
        "Not covered on purpose: creating and deleting API keys (an assistant must never mint or revoke "
        "credentials; listing keys is `team_api_keys_list`). Operations documented only in today's contract "
        "(late-sdk 1.4.1385, see docs/api-contract.md) are listed with that source.",
        "",
    ]
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(head + START + "\n".join(lines) + END + tail, encoding="utf-8")


def test_helpers_name_documented_operations() -> None:
    assert set(HELPERS) <= set(documented_operations())


def test_the_toolset_table_is_current() -> None:
    text = doc_text()
    section = text[text.index("### Toolsets") :]
    found = {
        row.group(1): re.findall(r"`([a-z_]+)`", row.group(2))
        for row in re.finditer(r"^\| `([a-z_]+)`(?: \(default\))? \| (.+) \|$", section, re.MULTILINE)
    }
    expected = {name: [s.name for s in TOOLS if s.toolset == name] for name in dict.fromkeys(s.toolset for s in TOOLS)}
    assert found == expected, STALE
