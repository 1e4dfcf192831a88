"""Typed `platformSpecificData`: the base the per-platform options models share, and the one parser.

The model sends options as a plain object (camelCase as in the API docs, or snake_case); each platform's model
(in its module under `rules/platforms/`) validates them, so an unknown option, a wrong type or a value out of
range is refused locally with the platform and field named, and dumped back in the API's own spelling.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from late_mcp.errors import InputError


class PlatformOptions(BaseModel):
    """One platform's options: unknown keys are errors (a typo must not be silently dropped).

    A model whose API shape is not a flat camelCase object (TikTok's nested snake_case settings) overrides
    `unwrap`, `names` and `to_api`; the parser below knows no platform.
    """

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def unwrap(cls, data: dict[str, Any]) -> dict[str, Any]:
        """The object to validate, from what the caller sent."""
        return data

    @classmethod
    def names(cls) -> list[str]:
        """The option names as the caller should spell them, for the "known: ..." hint."""
        return list(cls.model_fields)

    def to_api(self) -> dict[str, Any]:
        """The options as the API's platformSpecificData."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class CamelOptions(PlatformOptions):
    """Options spelled camelCase in the API; snake_case is accepted too."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=to_camel)

    @classmethod
    def names(cls) -> list[str]:
        return [to_camel(name) for name in cls.model_fields]


class ThreadItem(CamelOptions):
    """One post of a thread (X, Threads, Bluesky): the first item is the root."""

    content: str = Field(min_length=1)
    media_items: list[dict[str, Any]] | None = None


class ThreadableOptions(CamelOptions):
    """Platform Settings, Twitter/X and Threads: `threadItems[].content` / `.mediaItems`."""

    thread_items: list[ThreadItem] | None = Field(None, min_length=1)


class GeoRestriction(CamelOptions):
    """GeoRestriction (X, Facebook, LinkedIn): the countries (ISO codes) the post is shown in."""

    countries: list[str] = Field(min_length=1)


def parse(model: type[PlatformOptions], platform: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Validate one platform's options with its model and return them as the API's platformSpecificData."""
    try:
        parsed = model.model_validate(model.unwrap(dict(raw)))
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False, include_input=False):
            where = ".".join(str(p) for p in err["loc"]) or "options"
            if err["type"] == "extra_forbidden":
                problems.append(f"{where} is not a {platform} option (known: {', '.join(model.names())})")
            else:
                problems.append(f"{where}: {err['msg']}")
        raise InputError(f"{platform} options: " + "; ".join(problems) + ".") from None
    return parsed.to_api()
