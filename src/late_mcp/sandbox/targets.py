"""Where one connected account can post: Facebook Pages, LinkedIn organizations, Google Business locations,
Pinterest boards, subreddits, and the TikTok creator's privacy levels.

The Posts reference ("Multi-page/multi-location posting"): one connection may post to several Pages (``pageId``),
organizations (``organizationUrn``), locations (``locationId``) or subreddits (``subreddit``), by repeating the
same ``accountId`` with a different target in ``platformSpecificData``. The lists the API would read from the
platform are kept on the account document under the internal key ``__choices``; an account without one (created
by a connect flow, or by ``POST /_sandbox/accounts``) gets deterministic defaults for its platform.

Shapes follow the API docs' Accounts and Connect references (``GET /v1/accounts/{id}/linkedin-organizations``,
``.../pinterest-boards``, ``.../reddit-subreddits``, ``GET /v1/connect/facebook/select-page``,
``GET /v1/connect/googlebusiness/locations``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from late_mcp.sandbox.store import Doc

#: platform -> the platformSpecificData field that picks one of the connection's targets (Posts reference)
TARGET_FIELDS: dict[str, str] = {
    "facebook": "pageId",
    "linkedin": "organizationUrn",
    "googlebusiness": "locationId",
    "reddit": "subreddit",
}
#: the TikTok creator-info privacy levels a creator may be offered (TikTok guide: "no defaults")
TIKTOK_PRIVACY_LEVELS = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY")
KINDS = ("pages", "organizations", "locations", "boards", "subreddits", "privacyLevels")


def _digits(seed: str, length: int) -> str:
    return str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:length]


def default_choices(platform: str, username: str, display_name: str | None = None) -> dict[str, list[Any]]:
    """What a freshly connected account of ``platform`` can post to, deterministic in its username."""
    name = display_name or username
    if platform == "facebook":
        return {
            "pages": [
                {"id": "1" + _digits(f"page:{username}", 14), "name": name, "username": username, "category": "Brand"}
            ]
        }
    if platform == "googlebusiness":
        return {
            "locations": [
                {
                    "id": "locations/" + _digits(f"loc:{username}:{n}", 19),
                    "name": f"{name} ({city})",
                    "accountId": "accounts/" + _digits(f"gbp:{username}", 19),
                    "accountName": name,
                    "address": f"{n} Main Street, {city}",
                    "category": "Business",
                }
                for n, city in ((1, "Berlin"), (2, "Hamburg"))
            ]
        }
    if platform == "pinterest":
        return {
            "boards": [
                {
                    "id": _digits(f"board:{username}", 18),
                    "name": "Saved",
                    "description": "",
                    "privacy": "PUBLIC",
                }
            ]
        }
    if platform == "reddit":
        return {
            "subreddits": [
                {"name": "test", "displayName": "r/test", "subscribers": 18200, "public_description": "Testing"},
            ]
        }
    if platform == "tiktok":
        return {"privacyLevels": list(TIKTOK_PRIVACY_LEVELS)}
    return {}


def choices(account: Doc | None, kind: str) -> list[Any]:
    """The account's list of ``kind`` (one of :data:`KINDS`), seeded or defaulted."""
    if account is None:
        return []
    stored = account.get("__choices")
    if isinstance(stored, dict) and kind in stored:
        value = stored[kind]
        return list(value) if isinstance(value, list) else []
    defaults = default_choices(str(account.get("platform")), str(account.get("username")), account.get("displayName"))
    return list(defaults.get(kind, []))


def page_ids(account: Doc | None) -> list[str]:
    return [str(p["id"]) for p in choices(account, "pages")]


def organization_urns(account: Doc | None) -> list[str]:
    return [str(o.get("urn") or f"urn:li:organization:{o['id']}") for o in choices(account, "organizations")]


def location_ids(account: Doc | None) -> list[str]:
    return [str(loc["id"]) for loc in choices(account, "locations")]


def board_ids(account: Doc | None) -> list[str]:
    return [str(b["id"]) for b in choices(account, "boards")]


def privacy_levels(account: Doc | None) -> list[str]:
    return [str(level) for level in choices(account, "privacyLevels")]


def target_key(platform: str, specific: dict[str, Any]) -> str | None:
    """The page / organization / location / subreddit this entry posts to, when the platform has one."""
    field = TARGET_FIELDS.get(platform)
    if field is None:
        return None
    value = specific.get(field)
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if platform == "reddit":
        value = value.removeprefix("r/").removeprefix("/r/").lower()
    return value


def describe(values: list[str]) -> str:
    return ", ".join(values) if values else "none"
