"""Listing where one connection can post, for the two lists the Posts reference names but the Accounts reference
does not describe: ``GET /v1/accounts/{id}/facebook-page`` (the Pages behind a Facebook connection) and
``GET /v1/accounts/{id}/gmb-locations`` (the locations behind a Google Business connection), used to pick a
``pageId`` / ``locationId`` for multi-page/multi-location posting. Item shapes follow the Connect reference's
``GET /v1/connect/facebook/select-page`` (without page tokens) and ``GET /v1/connect/googlebusiness/locations``.
The other lists (organizations, boards, subreddits) are in ``routes_account_admin``.

Also here: ``PUT /v1/accounts/{id}/gmb-locations`` ("Switch which Google Business Profile location is active for a
connected account": ``selectedLocationId``, optional ``googleAccountId``, legacy ``accountId``) and
``GET /v1/accounts/{id}/tiktok/creator-info`` (the creator's privacy levels and limits; the API documents no
response schema, so the sandbox answers with TikTok's own creator_info fields in camelCase).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request, not_found
from late_mcp.sandbox.http import json_body, path_param, query, respond
from late_mcp.sandbox.params import required_str
from late_mcp.sandbox.store import Doc
from late_mcp.sandbox.targets import choices, location_ids, privacy_levels

#: TikTok for Business connections (all of them today) publish videos as public only
TIKTOK_VIDEO_LEVELS = ("PUBLIC_TO_EVERYONE",)


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


async def set_gmb_location(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        account = _account(request, "googlebusiness", "Google Business")
        location = required_str(body, "selectedLocationId").strip()
        if location not in location_ids(account):
            raise bad_request(
                f"{location!r} is not one of this account's locations", field="selectedLocationId", locationId=location
            )
        account["selectedLocationId"] = location
        store.put("accounts", account)
    return respond({"message": "Location updated successfully", "selectedLocationId": location})


async def tiktok_creator_info(request: Request) -> JSONResponse:
    account = _account(request, "tiktok", "TikTok")
    media_type = query(request).get("mediaType", "video")
    if media_type not in ("video", "photo"):
        raise bad_request("mediaType must be video or photo", field="mediaType")
    levels = privacy_levels(account)
    if media_type == "video":
        levels = [level for level in levels if level in TIKTOK_VIDEO_LEVELS]
    return respond(
        {
            "creatorUsername": account.get("username"),
            "creatorNickname": account.get("displayName"),
            "privacyLevelOptions": levels,
            "commentDisabled": False,
            "duetDisabled": False,
            "stitchDisabled": False,
            "maxVideoPostDurationSec": 600,
        }
    )


routes = [
    Route("/api/v1/accounts/{account_id}/facebook-page", facebook_pages, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/gmb-locations", gmb_locations, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/gmb-locations", set_gmb_location, methods=["PUT"]),
    Route("/api/v1/accounts/{account_id}/tiktok/creator-info", tiktok_creator_info, methods=["GET"]),
]
