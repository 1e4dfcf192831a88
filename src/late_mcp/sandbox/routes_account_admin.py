"""Managing one connected account, and account groups (the API docs' Accounts, Account Groups, GMB Reviews and
LinkedIn Mentions references): where an account posts (Facebook page, LinkedIn organization or personal,
Pinterest board, subreddit), @mention URNs, Google Business reviews."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.clock import iso
from late_mcp.sandbox.connections import account_or_404, digest, require_platform, shown
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request, not_found
from late_mcp.sandbox.http import json_body, path_param, query, respond
from late_mcp.sandbox.params import int_param, required_str
from late_mcp.sandbox.store import Doc, Store
from late_mcp.sandbox.targets import choices

_REVIEWERS = ("Maria K.", "Tom B.", "Aylin S.", "Chen W.", "Priya R.", "Lukas M.", "Sofia P.", "Jonas H.")
_COMMENTS = (
    "Great service and friendly people, would come again.",
    "Quick and professional. The result was exactly what we wanted.",
    "Good, but the waiting time was longer than promised.",
    "Lovely place, very helpful team!",
    "Not happy: the appointment was moved twice.",
    "Top quality, fair prices.",
)
_STARS = ("ONE", "TWO", "THREE", "FOUR", "FIVE")


def _account(request: Request) -> tuple[Store, Doc]:
    store = sandbox_of(request).store
    return store, account_or_404(store, path_param(request, "account_id"))


def _changed(store: Store, account: Doc, message: str) -> JSONResponse:
    store.put("accounts", account)
    return respond({"message": message, "account": shown(store, account)})


# --- where an account posts ---------------------------------------------------------------------------


async def set_facebook_page(request: Request) -> JSONResponse:
    store, account = _account(request)
    require_platform(account, "facebook", "Facebook")
    body = await json_body(request)
    page_id = body.get("selectedPageId")
    if not isinstance(page_id, str) or not page_id:
        raise bad_request("selectedPageId is required", field="selectedPageId")
    page = next((p for p in choices(account, "pages") if str(p["id"]) == page_id), None)
    if page is None:
        raise ApiError(
            400, "Page not in available pages", {"availablePageIds": [p["id"] for p in choices(account, "pages")]}
        )
    account.update({"selectedPageId": page_id, "selectedPageName": page.get("name")})
    return _changed(store, account, "Facebook page updated")


async def linkedin_organizations(request: Request) -> JSONResponse:
    _, account = _account(request)
    require_platform(account, "linkedin", "LinkedIn")
    orgs = [
        {k: org.get(k) for k in ("id", "name", "vanityName", "localizedName")}
        for org in choices(account, "organizations")
    ]
    return respond({"organizations": orgs})


async def set_linkedin_type(request: Request) -> JSONResponse:
    store, account = _account(request)
    require_platform(account, "linkedin", "LinkedIn")
    body = await json_body(request)
    kind = body.get("accountType")
    if kind not in ("personal", "organization"):
        raise bad_request("accountType must be personal or organization", field="accountType")
    if kind == "personal":
        account.update({"accountType": "personal", "selectedOrganization": None})
        return _changed(store, account, "LinkedIn account now posts as the member")
    wanted = body.get("selectedOrganization")
    if not isinstance(wanted, dict) or not wanted.get("id"):
        raise bad_request(
            "selectedOrganization (with id) is required for an organization", field="selectedOrganization"
        )
    org = next((o for o in choices(account, "organizations") if str(o["id"]) == str(wanted["id"])), None)
    if org is None:
        raise bad_request("The user is not an admin of that organization", field="selectedOrganization")
    account.update(
        {
            "accountType": "organization",
            "selectedOrganization": {k: org.get(k) for k in ("id", "urn", "name", "vanityName")},
            "displayName": org.get("name"),
        }
    )
    return _changed(store, account, "LinkedIn account now posts as the organization")


def _listing(platform: str, name: str, kind: str) -> Callable[[Request], Awaitable[JSONResponse]]:
    """An endpoint answering ``{kind: [...]}``, the account's boards or subreddits, for a ``platform`` account."""

    async def endpoint(request: Request) -> JSONResponse:
        _, account = _account(request)
        require_platform(account, platform, name)
        return respond({kind: choices(account, kind)})

    return endpoint


pinterest_boards = _listing("pinterest", "Pinterest", "boards")
reddit_subreddits = _listing("reddit", "Reddit", "subreddits")


async def set_pinterest_board(request: Request) -> JSONResponse:
    store, account = _account(request)
    require_platform(account, "pinterest", "Pinterest")
    body = await json_body(request)
    board_id = body.get("defaultBoardId")
    board = next((b for b in choices(account, "boards") if str(b["id"]) == board_id), None)
    if board is None:
        raise bad_request("defaultBoardId is not one of the account's boards", field="defaultBoardId")
    account.update({"defaultBoardId": board_id, "defaultBoardName": body.get("defaultBoardName") or board.get("name")})
    return _changed(store, account, "Default board set")


async def set_reddit_subreddit(request: Request) -> JSONResponse:
    store, account = _account(request)
    require_platform(account, "reddit", "Reddit")
    body = await json_body(request)
    name = required_str(body, "defaultSubreddit")
    account["defaultSubreddit"] = name.strip().removeprefix("r/")
    return _changed(store, account, "Default subreddit set")


# --- mentions and reviews ------------------------------------------------------------------------------

_COMPANY = re.compile(r"(?:linkedin\.com/)?company/([A-Za-z0-9_-]+)")
_PERSON = re.compile(r"(?:linkedin\.com/in/)?([A-Za-z0-9_-]+)/?$")


async def linkedin_mention(request: Request) -> JSONResponse:
    _, account = _account(request)
    require_platform(account, "linkedin", "LinkedIn")
    params = query(request)
    url = params.get("url", "").strip()
    if not url:
        raise bad_request("url is required", field="url")
    display = params.get("displayName", "").strip()
    company = _COMPANY.search(url)
    if company:
        vanity = company.group(1).lower()
        name = display or vanity.replace("-", " ").title()
        urn = f"urn:li:organization:{digest(f'org:{vanity}') % 10**8}"
        return respond(
            {
                "urn": urn,
                "type": "organization",
                "displayName": name,
                "mentionFormat": f"@[{name}]({urn})",
                "vanityName": vanity,
            }
        )
    person = _PERSON.search(url.split("?")[0])
    if person is None:
        raise ApiError(404, "Person or organization not found")
    if not choices(account, "organizations"):
        raise ApiError(400, "Person mentions need admin access to at least one LinkedIn organization")
    vanity = person.group(1)
    name = display or vanity.replace("-", " ").title()
    urn = f"urn:li:person:{format(digest(f'person:{vanity}'), 'x')[:10]}"
    body: Doc = {"urn": urn, "type": "person", "displayName": name, "mentionFormat": f"@[{name}]({urn})"}
    if not display:
        body["warning"] = (
            "For clickable person mentions, provide the displayName parameter with the exact name as shown "
            "on their LinkedIn profile."
        )
    return respond(body)


def _reviews(store: Store, account: Doc) -> list[Doc]:
    now = store.now()
    out = []
    for n in range(7):
        seed = digest(f"review:{account['_id']}:{n}")
        rating = 5 - (seed % 5 if n % 3 == 2 else seed % 2)
        review: Doc = {
            "id": f"review-{account['_id'][-6:]}-{n}",
            "name": f"accounts/1/locations/1/reviews/{n}",
            "reviewer": {
                "displayName": _REVIEWERS[seed % len(_REVIEWERS)],
                "profilePhotoUrl": None,
                "isAnonymous": False,
            },
            "rating": rating,
            "starRating": _STARS[rating - 1],
            "comment": _COMMENTS[seed % len(_COMMENTS)],
            "createTime": iso(now - timedelta(days=3 * n + 1, hours=seed % 20)),
            "updateTime": iso(now - timedelta(days=3 * n + 1, hours=seed % 20)),
        }
        if n % 2 == 0:
            review["reviewReply"] = {"comment": "Thank you for your feedback!", "updateTime": review["updateTime"]}
        out.append(review)
    return out


async def gmb_reviews(request: Request) -> JSONResponse:
    store, account = _account(request)
    if account.get("platform") != "googlebusiness":
        raise ApiError(400, "Not a Google Business account", {"accountId": account["_id"]})
    params = query(request)
    size = int_param(params, "pageSize", 20, minimum=1, maximum=50)
    token = params.get("pageToken") or "0"
    if not token.isdigit():
        raise bad_request("Invalid pageToken", field="pageToken")
    reviews = _reviews(store, account)
    start = int(token)
    page = reviews[start : start + size]
    body: Doc = {
        "success": True,
        "accountId": account["_id"],
        "locationId": account.get("selectedLocationId") or "locations/1",
        "reviews": page,
        "averageRating": round(sum(r["rating"] for r in reviews) / len(reviews), 1),
        "totalReviewCount": len(reviews),
    }
    if start + size < len(reviews):
        body["nextPageToken"] = str(start + size)
    return respond(body)


# --- account groups ------------------------------------------------------------------------------------


def _group_fields(store: Store, body: dict[str, Any], *, creating: bool) -> Doc:
    out: Doc = {}
    if creating or "name" in body:
        name = required_str(body, "name")
        out["name"] = name.strip()
    if creating or "accountIds" in body:
        ids = body.get("accountIds")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise bad_request("accountIds must be an array of account ids", field="accountIds")
        unknown = [i for i in ids if store.get("accounts", i) is None]
        if unknown:
            raise bad_request("Unknown account ids", field="accountIds", accountIds=unknown)
        out["accountIds"] = list(dict.fromkeys(ids))
    return out


def _unique_name(store: Store, name: str | None, own_id: str | None) -> None:
    if name and any(g["_id"] != own_id and g["name"].lower() == name.lower() for g in store.all("account_groups")):
        raise ApiError(409, "Group name already exists")


async def list_groups(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return respond({"groups": store.all("account_groups")})


async def create_group(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        fields = _group_fields(store, body, creating=True)
        _unique_name(store, fields["name"], None)
        group = {"_id": store.new_id(), **fields}
        store.put("account_groups", group)
    return respond({"message": "Group created", "group": group}, 201)


async def update_group(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        group = store.get("account_groups", path_param(request, "group_id"))
        if group is None:
            raise not_found()
        fields = _group_fields(store, body, creating=False)
        _unique_name(store, fields.get("name"), group["_id"])
        group.update(fields)
        store.put("account_groups", group)
    return respond({"message": "Group updated", "group": group})


async def delete_group(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    if not store.delete("account_groups", path_param(request, "group_id")):
        raise not_found()
    return respond({"message": "Group deleted"})


routes = [
    Route("/api/v1/account-groups", list_groups, methods=["GET"]),
    Route("/api/v1/account-groups", create_group, methods=["POST"]),
    Route("/api/v1/account-groups/{group_id}", update_group, methods=["PUT"]),
    Route("/api/v1/account-groups/{group_id}", delete_group, methods=["DELETE"]),
    Route("/api/v1/accounts/{account_id}/facebook-page", set_facebook_page, methods=["PUT"]),
    Route("/api/v1/accounts/{account_id}/linkedin-organizations", linkedin_organizations, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/linkedin-organization", set_linkedin_type, methods=["PUT"]),
    Route("/api/v1/accounts/{account_id}/linkedin-mentions", linkedin_mention, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/pinterest-boards", pinterest_boards, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/pinterest-boards", set_pinterest_board, methods=["PUT"]),
    Route("/api/v1/accounts/{account_id}/reddit-subreddits", reddit_subreddits, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/reddit-subreddits", set_reddit_subreddit, methods=["PUT"]),
    Route("/api/v1/accounts/{account_id}/gmb-reviews", gmb_reviews, methods=["GET"]),
]
