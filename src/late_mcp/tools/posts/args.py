"""The posting tools' own arguments: per-target overrides, status filters, and platform lists sent as text."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...errors import InputError
from .._args import TextOrList, platform_name, text_list

StatusFilter = Literal[
    "", "draft", "pending_approval", "scheduled", "publishing", "published", "failed", "partial", "cancelled"
]


# One target of a cross-post with its own text, media or options (no docstring: it would cost schema bytes).
class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: str
    account_id: str = ""
    content: str = Field("", description="Replaces the shared text here")
    media_urls: TextOrList = ""
    options: dict[str, Any] = Field(default_factory=dict)
    scheduled_for: str = Field("", description="Own time; default the post's")


TargetsArg = Annotated[
    list[TargetIn],
    Field(description="Per-target text/media/options, e.g. an X thread: options {threadItems}"),
]


def platform_list(platforms: str | list[str], targets: list[TargetIn] | None) -> list[str]:
    """The API's names of the platforms asked for, each once; refused when there is no target at all."""
    names = list(dict.fromkeys(platform_name(p) for p in text_list(platforms, "platforms")))
    if not names and not targets:
        raise InputError("platforms is empty: name at least one, e.g. 'twitter,linkedin', or give targets.")
    return names
