"""Everything before sending: the post as asked (`PostDraft`), checked locally, its targets resolved with one
accounts call, the platforms' documented rules applied, and the body built (`Plan`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...errors import InputError, NotFoundError, ServerError
from ...models.posts import MediaItem
from ...rules import MediaRef, Problem, TargetDraft, check_post, describe
from .._args import blank, check_id, platform_name, text_list
from ..accounts.connected import AccountsReader, read_once
from ..accounts.cooldown import Cooling, cooling
from ..media_urls import content_type_of, media_items
from .args import TargetIn
from .body import build_payload
from .targets import Entry, build_entries
from .when import When

if TYPE_CHECKING:
    from ...client import LateClient

log = logging.getLogger("late_mcp.tools.posts")


#: a next step worded only when it is shown (naming a tool of another toolset loads that toolset's table)
Step = Callable[[], str]


def no_step() -> str:
    """No next step: where this server offers no way, or a caller that has none to give."""
    return ""


@dataclass(frozen=True)
class PostDraft:
    """A post as a tool was asked for it, before any API call: what, where and when.

    Fields carry the tools' parameter names, so a tool passes its own in this order.
    """

    content: str
    platforms: list[str]  # the API's names
    when: When
    account_ids: str | list[str] = ""
    profile_id: str = ""
    media_urls: str | list[str] = ""
    title: str = ""
    options: dict[str, Any] | None = None
    targets: list[TargetIn] | None = None
    #: how a local file gets a public URL where this server runs ("Upload a local file with media_upload_file."),
    #: added to the problems whose fix is one (`Problem.upload`); empty where this server offers no way. Worded
    #: only when such a problem is shown: naming a tool of another toolset loads that toolset's table
    upload: Step = no_step

    def __post_init__(self) -> None:
        if self.options and len(self.platforms) != 1:
            raise InputError("options apply to one platform: put per-platform options in targets instead.")


@dataclass(frozen=True)
class Plan:
    """A post ready to send: the body, what the pre-flight rules say of it, and when it goes out."""

    payload: dict[str, Any]
    problems: list[Problem]
    when: When
    #: target accounts in their publishing cooldown: the API refuses the post (unless a draft) until it ends
    cooling: tuple[Cooling, ...] = ()


async def plan_post(client: LateClient, draft: PostDraft, *, accounts: AccountsReader | None = None) -> Plan:
    """Local checks, then one accounts call (through `accounts` where the caller reads them once for several
    plans), the pre-flight rules, the body."""
    account_ids = text_list(draft.account_ids, "account_ids")
    media = media_items(draft.media_urls)
    targets = draft.targets or []
    options = draft.options or {}
    content = "" if blank(draft.content) else draft.content
    if not content and not media and not targets and not (options.get("threadItems") or options.get("thread_items")):
        what = "has only invisible characters" if draft.content.strip() else "is empty"
        raise InputError(f"content {what} and there is no media: give the post some text or media_urls.")
    ids = [check_id(a, "account_id", list_tool="accounts_list") for a in account_ids]
    profile = check_id(draft.profile_id, "profile_id", list_tool="profiles_list") if draft.profile_id.strip() else None
    entries = build_entries(
        await (accounts or read_once(client))(),
        platforms=draft.platforms,
        account_ids=ids,
        profile_id=profile,
        targets=targets,
        options=options,
        title=draft.title,
    )
    _has_text(content, media, entries)
    offered = await tiktok_offers(client, entries, media)
    problems = problems_of(
        content, entries, media, draft.title, draft=draft.when.mode == "draft", offered=offered, upload=draft.upload
    )
    payload = build_payload(content=content, entries=entries, media=media, title=draft.title, when=draft.when)
    cooling_now = () if draft.when.mode == "draft" else tuple(cooling(e.account for e in entries))
    return Plan(payload=payload, problems=problems, when=draft.when, cooling=cooling_now)


def _has_text(content: str, media: list[MediaItem], entries: list[Entry]) -> None:
    """Content may be empty when media is attached or every target has its own text (Late API docs, POST
    /v1/posts: "Content/Caption requirements"), and for a thread, whose items are its text."""
    if not entries:
        raise InputError("No target: name platforms or give targets.")
    if content.strip() or media:
        return
    bare = [e.platform for e in entries if not (e.content or e.media or e.options.get("threadItems"))]
    if bare:
        raise InputError(
            f"content is empty and there is no media for {', '.join(bare)}: give the post text or media_urls."
        )


def problems_of(
    content: str,
    entries: list[Entry],
    media: list[MediaItem],
    title: str,
    *,
    draft: bool,
    offered: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None,
    upload: Step = no_step,
) -> list[Problem]:
    """Every reason the platforms' documented rules say this post would fail, for every target.

    `offered` (account id -> option -> values) holds what an account said it offers (TikTok privacy levels);
    `upload` (see `PostDraft.upload`) ends each problem a file upload fixes.
    """
    tags = tuple(dict.fromkeys(tag for e in entries for tag in e.tags))
    drafts = [
        TargetDraft(
            platform=e.platform,
            content=e.content if e.content is not None else content,
            media=tuple(_ref(m) for m in (e.media if e.media is not None else media)),
            options=e.options,
            title=title or None,
            tags=tags,
            offered=(offered or {}).get(e.account.id, {}),
        )
        for e in entries
    ]
    found = check_post(drafts, draft=draft)
    step = upload() if any(p.upload for p in found) else ""
    return [replace(p, message=f"{p.message} {step}") if p.upload and step else p for p in found]


async def tiktok_offers(
    client: LateClient, entries: list[Entry], media: list[MediaItem]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """The privacy levels each TikTok target's account offers (GET .../tiktok/creator-info), so pre-flight checks
    privacyLevel against them rather than a fixed list. Best effort: where the API cannot say (an older API
    without the endpoint, a server error), the API judges the level when the post is sent."""
    offered: dict[str, dict[str, tuple[str, ...]]] = {}
    for entry in entries:
        if entry.platform != "tiktok" or entry.account.id in offered:
            continue
        kinds = {m.type for m in (entry.media if entry.media is not None else media)}
        kind = entry.options.get("mediaType") or ("photo" if kinds and "video" not in kinds else "video")
        try:
            info = await client.accounts.tiktok_creator_info(entry.account.id, media_type=str(kind))
        except (NotFoundError, ServerError) as exc:
            log.info("TikTok creator info unavailable for %s: %r", entry.account.id, exc)
            continue
        if info.privacy_levels:
            offered[entry.account.id] = {"privacyLevel": tuple(info.privacy_levels)}
    return offered


def _ref(item: MediaItem) -> MediaRef:
    """A media item as the rules read it; its format from the URL's extension, so the platforms' format rules
    (Instagram: JPEG, PNG) apply to URLs as to uploaded files."""
    kind = item.type if item.type in ("image", "video", "gif", "document") else "image"
    return MediaRef(url=item.url or "", type=kind, content_type=content_type_of(item.url or ""))  # type: ignore[arg-type]


def platform_rules(platform: str) -> str:
    """The documented rules of the platform the model named, as text (the late://rules/{platform} resource)."""
    return describe(platform_name(platform))
