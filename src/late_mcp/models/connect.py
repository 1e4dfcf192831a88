"""Connecting accounts: OAuth links, Bluesky app passwords, Telegram codes, the headless selection steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AliasChoices, Field

from ._base import APIDateTime, APIModel, Result


class AuthStart(APIModel):
    """GET /v1/connect/{platform}: the URL to authorize at, or, when a previously disconnected account "can simply
    be re-enabled", that account "directly instead of a URL"."""

    auth_url: str | None = Field(None, alias="authUrl")
    state: str | None = None
    account: dict[str, Any] | None = None


class PendingData(APIModel):
    """GET /v1/connect/pending-data: what a headless redirect with a pendingDataToken left out (the tokens, the
    user's profile and the list to pick from). No response model in the SDK: the names are the redirect's own."""

    platform: str | None = None
    profile_id: str | None = Field(None, alias="profileId")
    temp_token: str | None = Field(None, alias="tempToken")
    refresh_token: str | None = Field(None, alias="refreshToken")
    expires_in: int | None = Field(None, alias="expiresIn")
    user_profile: dict[str, Any] | None = Field(None, alias="userProfile")
    organizations: list[dict[str, Any]] = Field(default_factory=list)
    boards: list[dict[str, Any]] = Field(default_factory=list)
    locations: list[dict[str, Any]] = Field(default_factory=list)
    public_profiles: list[dict[str, Any]] = Field(
        default_factory=list, validation_alias=AliasChoices("publicProfiles", "profiles")
    )


class TelegramCode(APIModel):
    code: str
    expires_at: APIDateTime = Field(None, alias="expiresAt")
    bot_username: str | None = Field(None, alias="botUsername")
    instructions: list[str] = Field(default_factory=list)


class TelegramStatus(APIModel):
    status: str
    chat_id: str | None = Field(None, alias="chatId")
    chat_title: str | None = Field(None, alias="chatTitle")
    account: dict[str, Any] | None = None
    message: str | None = None
    expires_at: APIDateTime = Field(None, alias="expiresAt")


class Connected(APIModel):
    """The answer of every call that completes a connection: a message and the account (shapes vary)."""

    message: str | None = None
    account: dict[str, Any] = Field(default_factory=dict)


# --- tool results -----------------------------------------------------------------------------


class ConnectLink(Result):
    platform: str
    profile_id: str
    url: str | None = Field(None, description="The user opens this to authorize (OAuth platforms)")
    code: str | None = Field(None, description="Telegram: the access code to send to the bot")
    expires_at: datetime | None = None
    next_step: str


class AccountConnected(Result):
    platform: str
    status: str = Field(description="connected, pending or expired")
    account_id: str | None = None
    username: str | None = None
    display_name: str | None = None
    summary: str


class ConnectChoice(Result):
    id: str
    name: str | None = None
    detail: str | None = None


class ConnectOptions(Result):
    platform: str
    profile_id: str | None = None
    options: list[ConnectChoice]
    next_step: str
