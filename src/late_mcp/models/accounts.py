"""Connected social accounts: the API's shape and what the tools return."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, model_validator

from ._base import APIModel, RefId, Result, id_field


class Account(APIModel):
    id: str = id_field()
    platform: str
    username: str | None = None
    display_name: str | None = Field(None, alias="displayName")
    profile_id: RefId = Field(None, alias="profileId")
    profile_name: str | None = None
    profile_url: str | None = Field(None, alias="profileUrl")
    is_active: bool = Field(True, validation_alias=AliasChoices("isActive", "is_active"))

    @model_validator(mode="before")
    @classmethod
    def _profile_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("profileId"), dict):
            data = {**data, "profile_name": data["profileId"].get("name")}
        return data


class AccountHealth(APIModel):
    account_id: str = Field(alias="accountId")
    platform: str
    username: str | None = None
    status: str | None = None
    can_post: bool | None = Field(None, alias="canPost")
    needs_reconnect: bool | None = Field(None, alias="needsReconnect")
    issues: list[str] = Field(default_factory=list)


class AccountOut(Result):
    id: str
    platform: str
    username: str | None = None
    display_name: str | None = None
    profile_id: str | None = None
    profile_name: str | None = None
    active: bool

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(
            id=account.id,
            platform=account.platform,
            username=account.username,
            display_name=account.display_name,
            profile_id=account.profile_id,
            profile_name=account.profile_name,
            active=account.is_active,
        )


class AccountsList(Result):
    count: int
    accounts: list[AccountOut]
    note: str | None = None


class AccountMatch(Result):
    platform: str
    ambiguous: bool = Field(description="True when several accounts match: ask the user which one.")
    accounts: list[AccountOut]
    note: str | None = None
