"""Connecting accounts: OAuth links, Bluesky app passwords, Telegram codes, the headless selection steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from ._base import APIDateTime, APIModel, Result


class AuthStart(APIModel):
    auth_url: str = Field(alias="authUrl")
    state: str | None = None


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
