"""What a headless OAuth redirect carries, read from the URL the user pastes.

In headless mode the platform sends the user back to a redirect URL carrying temporary tokens; the user
pastes that URL, and `read_callback` takes everything the next call needs from it, so the model never
handles the tokens one by one. LinkedIn, Google Business, Snapchat and Pinterest redirects carry a
`pendingDataToken` instead of the tokens and lists (GET /v1/connect/pending-data gives those, see `steps`);
Facebook's carries `tempToken` and a `userProfile` percent-encoded twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from ...errors import InputError
from .._args import json_value, platform_name, unquoted

#: the `step` a headless redirect names -> the platform it belongs to
STEPS = {
    "select_page": "facebook",
    "select_location": "googlebusiness",
    "select_organization": "linkedin",
    "select_board": "pinterest",
    "select_public_profile": "snapchat",
}


@dataclass
class Callback:
    """What a headless OAuth redirect carries (after `steps.resolved`, with the pending data filled in)."""

    platform: str
    profile_id: str
    temp_token: str = ""
    pending_token: str | None = None
    connect_token: str | None = None
    user_profile: dict[str, Any] | None = None
    organizations: list[dict[str, Any]] = field(default_factory=list)
    public_profiles: list[dict[str, Any]] = field(default_factory=list)
    boards: list[dict[str, Any]] = field(default_factory=list)
    refresh_token: str | None = None
    expires_in: int | None = None


def _json(raw: str | None, name: str) -> Any:
    if not raw:
        return None
    return json_value(raw, f"The URL's {name} (paste the whole URL exactly as shown)")


def _twice_decoded(raw: str | None) -> str | None:
    """Facebook's userProfile "is encoded twice on the wire": after the query string's own decoding, once more."""
    if raw and not raw.lstrip().startswith("{") and unquote(raw).lstrip().startswith("{"):
        return unquote(raw)
    return raw


def read_callback(url: str) -> Callback:
    """The headless redirect's parameters (query string already URL-decoded once by parse_qs). A URL copied with
    quotes or angle brackets around it is the URL: a quote left on would end the last parameter's value."""
    parsed = urlparse(unquoted(url).strip("<>"))
    query = {k: v[0] for k, v in parse_qs(parsed.query, keep_blank_values=False).items()}
    step = query.get("step", "")
    platform = query.get("platform") or STEPS.get(step, "")
    pending = query.get("pendingDataToken")
    if not platform or not (query.get("tempToken") or pending) or not (query.get("profileId") or pending):
        raise InputError(
            "That URL has no headless connection data (the platform and the tokens Late adds to the address of the "
            "page the user lands on). Ask the user for the full address of that page, after authorizing."
        )
    platform = platform_name(platform)
    if platform not in STEPS.values():
        raise InputError(f"{platform} needs no selection step: the account is already connected.")
    if platform == "googlebusiness" and not pending:
        raise InputError("This Google Business redirect lacks the token Late adds for it: start the connection again.")
    expires = query.get("expiresIn")
    return Callback(
        platform=platform,
        profile_id=query.get("profileId", ""),
        temp_token=query.get("tempToken", ""),
        pending_token=pending,
        connect_token=query.get("connect_token") or query.get("connectToken"),
        user_profile=_json(_twice_decoded(query.get("userProfile")), "userProfile"),
        organizations=_json(query.get("organizations"), "organizations") or [],
        public_profiles=_json(query.get("publicProfiles"), "publicProfiles") or [],
        refresh_token=query.get("refreshToken"),
        expires_in=int(expires) if expires and expires.isdigit() else None,
    )
