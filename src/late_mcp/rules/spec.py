"""The shape of one platform's home: its table, rule sources, options model, aliases, and the hooks for what
only it checks.

A platform is a subclass of `Platform` in `rules/platforms/<platform>.py`. The generic checker (`rules/check.py`)
walks every target the same way and calls the hooks below where platforms differ; a hook's default is the plain
reading of the table, so a platform overrides only what its guide adds (stories, reels, consent...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from late_mcp.rules.model import MediaKind, MediaRef, PlatformRules, Problem, TargetDraft
from late_mcp.rules.options import PlatformOptions

DEFAULT_TEXT_FIX = "Shorten it, or give this platform its own shorter text (customContent)."
THREAD_TEXT_FIX = "Shorten it, or split it into a thread with platformSpecificData.threadItems."


@dataclass(frozen=True)
class TextLimit:
    """The limit on one text, how messages name it and how to fix it."""

    limit: int
    rule: str  # rule id, a key of RULE_SOURCES
    what: str  # "Bluesky posts", "Telegram media captions"
    fix: str = DEFAULT_TEXT_FIX


class TargetCheck:
    """The state of checking one target: what it sends, its platform, and the problems found so far."""

    def __init__(self, target: TargetDraft, platform: Platform, skip: frozenset[str]) -> None:
        self.t = target
        self.spec = platform
        self.r = platform.rules
        self.p = target.platform
        self.name = platform.rules.name or target.platform
        self.skip = skip  # rule ids not reported (publish-time rules, for a draft)
        self.opts: Mapping[str, Any] = target.options if isinstance(target.options, Mapping) else {}
        self.problems: list[Problem] = []
        self.variant = platform.variant(self)

    def add(self, rule: str, field: str, message: str, *, upload: bool = False) -> None:
        """Record one problem, unless it is skipped (a publish-time rule, and this is a draft); `upload`: see
        `Problem.upload`.

        Every id must be a key of RULE_SOURCES; tests/rules checks that over every media combination.
        """
        if rule not in self.skip:
            self.problems.append(Problem(platform=self.p, field=field, message=message, rule=rule, upload=upload))


class Platform:
    """Everything the client knows about one platform. Subclass it, set the data, override the hooks needed."""

    rules: PlatformRules
    sources: Mapping[str, str]  # every rule id this platform can emit, with the guide it comes from
    publish_time: frozenset[str] = frozenset()  # rule ids the API enforces only at publish (skipped for drafts)
    options: type[PlatformOptions]  # its platformSpecificData model
    aliases: tuple[str, ...] = ()  # other names a person may use for it ("x", "ig"), lower case
    threads: bool = False  # platformSpecificData.threadItems makes each item a post of its own
    text_what: str = ""  # how messages name the main text; default "<Name> posts"
    text_fix: str = DEFAULT_TEXT_FIX  # what to do about a text over the limit
    media_needed: str = ""  # what a post must attach, when `rules.media_required`

    # -- hooks: where platforms differ --------------------------------------------------------------------

    def variant(self, check: TargetCheck) -> str:
        """The content type that selects per-type rules (story, reel, spotlight, photo...)."""
        return "default"

    def text_limit(self, check: TargetCheck, has_media: bool) -> TextLimit | None:
        """The limit on the main text of this target, or None if the guides give none."""
        r = self.rules
        if r.max_chars is None:
            return None
        return TextLimit(r.max_chars, f"{r.platform}.max_chars", self.text_what or f"{check.name} posts", self.text_fix)

    def media_cap(self, check: TargetCheck) -> tuple[int | None, str, str]:
        """(cap on items of any kind, rule id, the sentence that states it) for this target."""
        cap = self.rules.max_media_items
        return cap, f"{check.p}.max_media_items", f"{check.name} allows at most {cap} media items per post"

    def formats(self, check: TargetCheck) -> tuple[frozenset[str], str]:
        """(MIME types accepted, the subject of the message that lists them) for this target."""
        return self.rules.allowed_formats, f"{check.name} accepts"

    def check_item(self, check: TargetCheck, item: MediaRef, label: str, field: str) -> None:
        """Checks on one accepted media item beyond size and format."""

    def check_media(self, check: TargetCheck, kinds: Sequence[MediaKind], field: str, where: str) -> None:
        """Checks on the accepted media of one post beyond counts, mixing and the cap (`kinds` in order)."""

    def required_media(self, check: TargetCheck) -> None:
        """Media the platform needs at publish time; for other platforms a text-only post needs text."""
        media = check.t.media
        if self.rules.media_required:
            if not media:
                check.add(
                    f"{check.p}.media_required",
                    "media",
                    f"{check.name} needs {self.media_needed}. Attach media, or leave {check.name} out of this post.",
                )
            return
        if not media and not check.t.content.strip():
            check.add(
                "post.content_required",
                "content",
                f"A text-only post to {check.name} needs text: the content "
                "is empty and there is no media. Add content (or customContent), or attach media.",
            )

    def check_options(self, check: TargetCheck) -> None:
        """Rules on platformSpecificData (and the post title) for this platform."""

    # -- helpers some platforms share ---------------------------------------------------------------------

    def check_title(self, check: TargetCheck) -> None:
        """The title (platformSpecificData.title, else the post title) against `max_chars_by_type["title"]`."""
        o = check.opts
        title, field = (
            (o["title"], "platformSpecificData.title") if isinstance(o.get("title"), str) else (check.t.title, "title")
        )
        limit = self.rules.max_chars_by_type["title"]
        if title is not None and len(title) > limit:
            check.add(
                f"{check.p}.max_title_chars",
                field,
                f"{check.name} titles can be at most {limit} characters; this one has {len(title)}. Shorten the title.",
            )

    def story_cap(self, check: TargetCheck) -> tuple[int | None, str, str]:
        """A story takes one item (Facebook and Instagram guides); other content types use the table."""
        if check.variant == "story":
            return 1, f"{check.p}.story_single_media", f"{check.name} stories take a single image or video"
        return Platform.media_cap(self, check)
