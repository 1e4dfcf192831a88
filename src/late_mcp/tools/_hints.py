"""Plain next steps for errors that come from the plan, an add-on or a missing permission.

The API's own words are terse ("Analytics add-on required", "Forbidden"); the model should be able to tell the
user what to buy or reconnect. `explained` adds that hint without changing the error's type or message; where to
reconnect names a connect link only where this server can give one (`AppState.reach`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..errors import (
    KeyedRequestFailed,
    LateAPIError,
    LateError,
    NotFoundError,
    PlanLimitError,
    RateLimitError,
)
from ..state import state
from ._args import NeedsTool

if TYPE_CHECKING:  # the domain modules import this one's words, and they import nothing of MCP
    from ._context import Ctx

ADDON = (
    "This needs Late's Analytics add-on, which this account does not have: the user can enable it in the "
    "Late dashboard (Billing), then ask again."
)
#: where an account is reconnected whatever this server offers
DASHBOARD = "in the Late dashboard"
#: `{where}`: where the account is reconnected (`reconnect_where`)
RECONNECT = (
    "The account lacks a permission this needs: reconnect it {where}, granting every permission asked, then try again."
)
TOOLS_PLAN = (
    "The Tools API (downloads, transcripts, hashtag checks) needs a paid Late plan (Build, Accelerate or "
    "Unlimited) and has a daily limit per plan; upgrade in the Late dashboard or try again tomorrow."
)
#: `{where}`: where the plan is seen (`via(ctx)("usage_get")`)
TEAM_PLAN = "Team features need a Late plan with team members; the user can check the plan {where}."

_ADDON_CODES = frozenset({"analytics_addon_required"})
_SCOPE_CODES = frozenset({"missing_scope", "youtube_analytics_scope_missing"})


def reconnect_where(ctx: Ctx) -> str:
    """Where the person reconnects an account: the Late dashboard, and a connect link where this server has one."""
    found = state(ctx).reach(ctx, "connect_start")
    return f"{DASHBOARD} or with a link from {found}" if found else DASHBOARD


def named(ctx: Ctx, tool: str) -> str | None:
    """`tool` as this request can have it: "queue_create", or "queue_create, from the queue toolset (the toolsets
    tool turns it on)"; None where this server cannot offer it."""
    found = state(ctx).reach(ctx, tool)
    if found is None:
        return None
    return tool if found == tool else f"{tool}, from {found}"


def with_tool(ctx: Ctx, tool: str) -> str | None:
    """How this request does something with `tool`: "with queue_create", or "with queue_create, from the queue
    toolset (the toolsets tool turns it on)"; None where this server cannot offer it."""
    found = named(ctx, tool)
    return f"with {found}" if found else None


def via(ctx: Ctx) -> Callable[[str], str]:
    """tool -> `with_tool`, or "in the Late dashboard" where this server cannot offer the tool."""
    return lambda tool: with_tool(ctx, tool) or DASHBOARD


def ids_from(ctx: Ctx, tool: str, otherwise: str) -> str:
    """Where this request finds the ids `tool` lists: "Call queue_list to get ids.", "To get ids, call queue_list,
    from the queue toolset (the toolsets tool turns it on).", or `otherwise` where this server cannot offer it."""
    found = named(ctx, tool)
    if found is None:
        return otherwise
    return f"Call {tool} to get ids." if found == tool else f"To get ids, call {found}."


def reached(ctx: Ctx, exc: NeedsTool) -> str:
    """`exc.hint` where this request has the tool it names (`exc.needs`), with how to turn it on where its toolset is
    off; `exc.otherwise` where this server cannot offer it."""
    found = state(ctx).reach(ctx, exc.needs)
    if found is None:
        return exc.otherwise
    return exc.hint if found == exc.needs else f"{exc.hint} {exc.needs} is in {found}."


def queues_step(ctx: Ctx) -> str:
    """Where this request sees a profile's queues, for a post the API refused the queue of."""
    listing, create = named(ctx, "queue_list"), named(ctx, "queue_create")
    if listing is None:
        return f"Check the profile's queues {DASHBOARD}, or leave queue_id empty for its default queue."
    where = listing.removeprefix("queue_list")  # ", from the queue toolset (...)": said once for both tools
    if create is not None and create.removeprefix("queue_create") == where:
        create = "queue_create"
    step = f"Call {listing}{',' if where else ''} for the profile's queues and their ids"
    return step + (f"; a profile with none gets one with {create}." if create else ".")


#: the API path of a 404 -> the tool that lists the ids it takes (the first prefix that matches)
_LISTED_BY = (
    ("/v1/queue", "queue_list"),
    ("/v1/profiles", "profiles_list"),
    ("/v1/webhooks", "webhooks_list"),
    ("/v1/account-groups", "account_groups_list"),
    ("/v1/platform-invites", "team_invites_list"),
    ("/v1/users", "team_users_list"),
    ("/v1/accounts", "accounts_list"),
    ("/v1/posts", "posts_list"),
    ("/v1/analytics/youtube", "accounts_list"),  # videoId + the YouTube account's accountId
    ("/v1/analytics", "posts_list"),
)
NO_SUCH_ID = "Check the id or address given: it names nothing the API knows."
#: YouTube analytics also take the platform's own video id, which no listing of ours gives by that name
YOUTUBE_VIDEO = "The video_id is the YouTube video's own id, or its URL"


def not_found(ctx: Ctx, exc: NotFoundError) -> str:
    """The next step after a 404 whose tool set no hint of its own: the tool listing the kind of id it missed
    ("Profile not found" on a queue or connect path is a profile id), where this request can have that tool."""
    path = "/" + exc.path.lstrip("/")
    if exc.message.lower().startswith("profile"):
        path = "/v1/profiles"
    tool = next((tool for prefix, tool in _LISTED_BY if path.startswith(prefix)), None)
    step = ids_from(ctx, tool, NO_SUCH_ID) if tool else NO_SUCH_ID
    if path.startswith("/v1/analytics/youtube"):
        posts = named(ctx, "posts_list")
        step += f" {YOUTUBE_VIDEO}" + (f", as a published YouTube post's url in {posts} gives it." if posts else ".")
    return step


def unsure(ctx: Ctx, exc: LateError) -> str:
    """How to see whether a write whose answer was lost was carried out (`errors.maybe_done`): an action on a post
    (a retry, an unpublish) creates nothing, and the post's status tells; a create is looked for in its listing
    before it is sent again, so nothing is made twice; else the dashboard. A 5xx and a dropped connection or timeout
    (`TransportError`) both carry the request's path, so both get the same step."""
    api = exc.last if isinstance(exc, KeyedRequestFailed) else exc
    path = "/" + api.path.lstrip("/")
    acted = _ACTED_ON.match(path)
    if acted:
        post, get = acted["id"], named(ctx, "posts_get")
        shown = f"{get} shows post {post}'s status now" if get else f"post {post}'s status {DASHBOARD} shows it"
        again = (
            "retry it again only if a platform still failed"
            if acted["action"] == "retry"
            else "send it again only if not"
        )
        return f"{shown}; {again}"
    tool = next((tool for prefix, tool in _LISTED_BY if path.startswith(prefix)), None)
    listing = named(ctx, tool) if tool else None
    twice = ", so nothing is made twice" if tool and not _AN_ID.search(path) else ""  # a create: no id in its path
    return f"check {f'with {listing}' if listing else DASHBOARD} before sending it again{twice}"


#: an action on one post: POST /v1/posts/{postId}/retry, /unpublish, ...
_ACTED_ON = re.compile(r"^/v1/posts/(?P<id>[^/]+)/(?P<action>[a-z-]+)$")
#: an API id in a path (Late's ids are 24 hex digits)
_AN_ID = re.compile(r"/[0-9a-f]{24}(?:/|$)")


def upload_step(ctx: Ctx) -> str:
    """How a local file gets a public URL in this request ("Upload a local file with media_upload_file."), for a
    pre-flight problem an upload fixes (`PostDraft.upload`); empty where this server cannot upload."""
    how = with_tool(ctx, "media_upload_file")
    return f"Upload a local file {how}." if how else ""


def hint_for(exc: LateAPIError, by_status: Mapping[int, str], *, where: str = DASHBOARD) -> str | None:
    """The plain hint for this error, or None to keep the error's own; `where` the account is reconnected."""
    details = exc.details or {}
    if exc.code in _ADDON_CODES or details.get("requiresAddon"):
        return ADDON
    if exc.code in _SCOPE_CODES or details.get("action") == "reconnect":
        return RECONNECT.format(where=where)
    if isinstance(exc, PlanLimitError):
        return None
    if isinstance(exc, RateLimitError) and "day" not in exc.message.lower():
        return None  # the per-minute limit keeps its own "wait N s" hint; daily quotas get the plan's
    hint = by_status.get(exc.status)
    return RECONNECT.format(where=where) if hint == RECONNECT else hint


@contextmanager
def explained(ctx: Ctx, by_status: Mapping[int, str] | None = None) -> Iterator[None]:
    """Inside this block, API errors get the plan / add-on / permission hint that fits them (for the request of
    `ctx`: where it can reconnect an account)."""
    try:
        yield
    except LateAPIError as exc:
        hint = hint_for(exc, by_status or {}, where=reconnect_where(ctx))
        if hint:
            exc.hint = hint
        raise
