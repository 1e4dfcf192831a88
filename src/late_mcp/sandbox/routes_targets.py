"""Listing where one connection can post, for the two lists the Posts reference names but the Accounts reference
does not describe: ``GET /v1/accounts/{id}/facebook-page`` (the Pages behind a Facebook connection) and
``GET /v1/accounts/{id}/gmb-locations`` (the locations behind a Google Business connection), used to pick a
``pageId`` / ``locationId`` for multi-page/multi-location posting. Item shapes follow the Connect reference's
``GET /v1/connect/facebook/select-page`` (without page tokens) and ``GET /v1/connect/googlebusiness/locations``.
The other lists (organizations, boards, subreddits) are in ``routes_account_admin``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError, not_found
from late_mcp.sandbox.http import path_param, respond
from late_mcp.sandbox.store import Doc
from late_mcp.sandbox.targets import choices


def _account(request: Request, platform: str, label: str) -> Doc:
    account = sandbox_of(request).store.get("accounts", path_param(request, "account_id"))
    if account is None:
        raise not_found()
    if account.get("platform") != platform:
        raise ApiError(400, f"Not a {label} account", {"accountId": account["_id"], "platform": account["platform"]})
    return account


async def facebook_pages(request: Request) -> JSONResponse:
    account = _account(request, "facebook", "Facebook")
    pages = [{k: v for k, v in page.items() if k != "access_token"} for page in choices(account, "pages")]
    selected = account.get("selectedPageId") or (pages[0]["id"] if pages else None)
    return respond({"pages": pages, "selectedPageId": selected})


async def gmb_locations(request: Request) -> JSONResponse:
    account = _account(request, "googlebusiness", "Google Business")
    locations = choices(account, "locations")
    selected = account.get("selectedLocationId") or (locations[0]["id"] if locations else None)
    return respond({"locations": locations, "selectedLocationId": selected})


routes = [
    Route("/api/v1/accounts/{account_id}/facebook-page", facebook_pages, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/gmb-locations", gmb_locations, methods=["GET"]),
]
