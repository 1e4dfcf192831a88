"""Team: users, invite links for members and for connecting accounts, and the API keys (listed only)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from pydantic import AliasChoices, Field, model_validator

from ..timeutil import local
from ._base import APIDateTime, APIModel, RefId, Result, WithProfileName, id_field


class User(APIModel):
    """UserModel: `_id, email, name, role, disabledResourceGroups`; `isRoot` and `profileAccess` come only from
    older answers, so the owner is also read from the role."""

    id: str = id_field()
    name: str | None = None
    email: str | None = None
    role: str | None = None
    disabled_resource_groups: list[str] = Field(default_factory=list, alias="disabledResourceGroups")
    is_root: bool = Field(False, alias="isRoot")
    profile_access: list[str] = Field(default_factory=list, alias="profileAccess")

    @property
    def owner(self) -> bool:
        return self.is_root or (self.role or "").lower() == "owner"


class Users(APIModel):
    current_user_id: str | None = Field(None, alias="currentUserId")
    users: list[User] = Field(default_factory=list)


class InviteToken(APIModel):
    token: str | None = None
    scope: str | None = None
    invited_profile_ids: list[str] = Field(default_factory=list, alias="invitedProfileIds")
    expires_at: APIDateTime = Field(None, alias="expiresAt")
    invite_url: str | None = Field(None, alias="inviteUrl")


class PlatformInvite(WithProfileName):
    id: str = id_field()
    profile_id: RefId = Field(None, alias="profileId")
    profile_name: str | None = None
    platform: str | None = None
    expires_at: APIDateTime = Field(None, alias="expiresAt")
    is_used: bool = Field(False, alias="isUsed")
    invite_url: str | None = Field(None, alias="inviteUrl")


class ApiKey(APIModel):
    """A key as listed: never the secret itself (the API returns that once, on creation, which we never do)."""

    id: str | None = Field(None, validation_alias=AliasChoices("id", "_id"))
    name: str | None = None
    key_preview: str | None = Field(None, alias="keyPreview")
    expires_at: APIDateTime = Field(None, alias="expiresAt")
    created_at: APIDateTime = Field(None, alias="createdAt")
    #: "full" (every profile) or "profiles" (`profile_ids`, populated with name and color)
    scope: str = "full"
    profile_ids: list[Any] = Field(default_factory=list, alias="profileIds")
    #: "read-write" or "read" (GET requests only)
    permission: str = "read-write"

    @property
    def profiles(self) -> list[str]:
        """The profiles a profile-scoped key reaches, by name where the answer populated them."""
        return [str(p.get("name") or p.get("_id")) if isinstance(p, dict) else str(p) for p in self.profile_ids]

    @model_validator(mode="before")
    @classmethod
    def _no_secret(cls, data: Any) -> Any:
        # Kept out even of the tolerant extras, so no dump of this model can ever carry a key.
        if isinstance(data, dict) and "key" in data:
            data = {k: v for k, v in data.items() if k != "key"}
        return data


# --- tool results -----------------------------------------------------------------------------


class UserOut(Result):
    id: str
    name: str | None = None
    email: str | None = None
    role: str | None = None
    owner: bool = False
    cannot_use: list[str] | None = Field(None, description="Resource groups turned off for this member")
    profiles: list[str] | None = Field(None, description="Profile ids the user can reach (older answers)")

    @classmethod
    def of(cls, user: User) -> UserOut:
        """The user; a list the answer leaves empty is left out (today's UserModel has no profile list)."""
        restricted, profiles = user.disabled_resource_groups or None, user.profile_access or None
        return cls.carry(user, owner=user.owner, cannot_use=restricted, profiles=profiles)


class UsersList(Result):
    current_user_id: str | None = None
    count: int
    users: list[UserOut]


class InviteOut(Result):
    id: str | None = None
    kind: str = Field(description="member or platform")
    url: str | None = None
    platform: str | None = None
    profile: str | None = None
    scope: str | None = None
    expires_at: datetime | None = None
    used: bool | None = None

    @classmethod
    def of(cls, invite: PlatformInvite, zone: tzinfo) -> InviteOut:
        """An invite for someone to connect their account to a profile."""
        return cls.carry(
            invite,
            kind="platform",
            url=invite.invite_url,
            profile=invite.profile_name or invite.profile_id,
            expires_at=local(invite.expires_at, zone),
            used=invite.is_used,
        )


class InvitesList(Result):
    count: int
    invites: list[InviteOut]


class InviteCreated(Result):
    invite: InviteOut
    next_step: str


class InviteRevoked(Result):
    invite_id: str
    revoked: bool = True


class ApiKeyOut(Result):
    id: str | None = None
    name: str | None = None
    preview: str | None = Field(None, description="The key's visible part, never the key")
    expires_at: datetime | None = None
    created_at: datetime | None = None
    read_only: bool | None = Field(None, description="true: the key can only read (GET)")
    profiles: list[str] | None = Field(None, description="The only profiles the key reaches; absent: every one")

    @classmethod
    def of(cls, key: ApiKey, zone: tzinfo) -> ApiKeyOut:
        return cls.carry(
            key,
            preview=key.key_preview,
            expires_at=local(key.expires_at, zone),
            created_at=local(key.created_at, zone),
            read_only=True if key.permission == "read" else None,
            profiles=key.profiles if key.scope == "profiles" else None,
        )


class ApiKeysList(Result):
    count: int
    keys: list[ApiKeyOut]
    note: str
