"""Run the rules table against proposed targets and format the result as one message.

The checks read only what a target will send (text, media, platformSpecificData), so the same function serves
create, update, cross-post and `posts_validate`. Every problem is collected: a model fixing a post should see
everything wrong at once, not one error per round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from late_mcp.rules.model import MEDIA_KINDS, PLATFORMS, MediaKind, MediaRef, PlatformRules, Problem, TargetDraft
from late_mcp.rules.platforms import (
    FACEBOOK_STORY_FORMATS,
    FORMAT_LABELS,
    PUBLISH_TIME_RULES,
    RULES,
    THREAD_PLATFORMS,
    format_bytes,
    format_labels,
)

_VIDEO_EXT = (".mp4", ".mov", ".webm", ".m4v", ".avi", ".mpeg", ".mpg", ".wmv", ".flv", ".3gp", ".mkv")
_DOC_EXT = (".pdf", ".ppt", ".pptx", ".doc", ".docx")
_KIND_WORDS: Mapping[str, tuple[str, str]] = {
    "image": ("image", "images"),
    "gif": ("GIF", "GIFs"),
    "video": ("video", "videos"),
    "document": ("document", "documents"),
}


def _plural(n: int, kind: str) -> str:
    one, many = _KIND_WORDS.get(kind, (kind, kind + "s"))
    return f"{n} {one if n == 1 else many}"


def _infer_kind(url: str) -> MediaKind:
    """The media kind from a URL's extension, as the API does when `type` is omitted (the guides' examples)."""
    path = url.lower().split("?", 1)[0]
    if path.endswith(_VIDEO_EXT):
        return "video"
    if path.endswith(".gif"):
        return "gif"
    if path.endswith(_DOC_EXT):
        return "document"
    return "image"


def _coerce_media(item: object) -> MediaRef | None:
    """A thread item's media entry (an API `mediaItems` dict, or a MediaRef) as a MediaRef; None if unusable."""
    if isinstance(item, MediaRef):
        return item
    if not isinstance(item, Mapping) or not isinstance(item.get("url"), str):
        return None
    url: str = item["url"]
    declared = item.get("type")
    kind: MediaKind = declared if declared in MEDIA_KINDS else _infer_kind(url)
    size = item.get("size")
    content_type = item.get("contentType", item.get("content_type"))
    return MediaRef(
        url=url,
        type=kind,
        size=size if isinstance(size, int) and not isinstance(size, bool) else None,
        content_type=content_type if isinstance(content_type, str) else None,
    )


def _label(m: MediaRef, index: int) -> str:
    """How a message names one media item: its position and file name ("media item 2 (photo.webp)")."""
    tail = m.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1][:40]
    return f"media item {index + 1}" + (f" ({tail})" if tail else "")


def _normalise_mime(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


class _TargetCheck:
    """The checks for one target; collects problems instead of stopping at the first."""

    def __init__(self, target: TargetDraft, rules: PlatformRules, draft: bool) -> None:
        self.t = target
        self.r = rules
        self.p = target.platform
        self.name = rules.name or target.platform
        self.draft = draft
        self.opts: Mapping[str, Any] = target.options if isinstance(target.options, Mapping) else {}
        self.problems: list[Problem] = []
        self.variant = self._variant()

    # -- plumbing ---------------------------------------------------------------------------------------

    def add(self, rule: str, field: str, message: str) -> None:
        """Record one problem, unless it is a publish-time rule and this is a draft.

        Every id must be a key of RULE_SOURCES; tests/rules checks that over every media combination.
        """
        if self.draft and rule in PUBLISH_TIME_RULES:
            return
        self.problems.append(Problem(platform=self.p, field=field, message=message, rule=rule))

    def _variant(self) -> str:
        """The content type that selects per-type rules: story, reel, saved_story, spotlight, photo, video..."""
        content_type = self.opts.get("contentType")
        if self.p in ("facebook", "instagram"):
            if content_type == "story":
                return "story"
            # Only "story" is documented for contentType; "reel(s)" is honoured if a caller sends it.
            if self.p == "instagram" and content_type in ("reel", "reels"):
                return "reel"
            return "feed"
        if self.p == "snapchat":
            # Platform Settings, Snapchat: contentType default "story"
            return content_type if content_type in ("saved_story", "spotlight") else "story"
        if self.p == "tiktok":
            override = self._tiktok_settings().get("media_type")  # Platform Settings: optional override
            if override in ("video", "photo"):
                return str(override)
            kinds = {m.type for m in self.t.media}
            return "photo" if kinds and "video" not in kinds else "video"
        return "default"

    def _tiktok_settings(self) -> Mapping[str, Any]:
        # Platform Settings, TikTok: "TikTok settings are nested inside platformSpecificData.tiktokSettings"
        settings = self.opts.get("tiktokSettings")
        return settings if isinstance(settings, Mapping) else {}

    # -- the checks -------------------------------------------------------------------------------------

    def run(self) -> list[Problem]:
        items = self.opts.get("threadItems") if self.p in THREAD_PLATFORMS else None
        if isinstance(items, Sequence) and not isinstance(items, str) and items:
            # A thread: each item is a post of its own with the platform's per-post limits; the root is
            # threadItems[0], so the target's own text and media are not what gets posted.
            for i, item in enumerate(items):
                prefix = f"platformSpecificData.threadItems[{i}]"
                content = item.get("content") if isinstance(item, Mapping) else None
                raw_media = item.get("mediaItems") if isinstance(item, Mapping) else None
                media = [m for m in (_coerce_media(x) for x in (raw_media or ())) if m is not None]
                where = f"thread item {i + 1}"
                self.text(content if isinstance(content, str) else "", f"{prefix}.content", bool(media), where)
                self.media(media, f"{prefix}.mediaItems", where)
        else:
            self.text(self.t.content, "content", bool(self.t.media), "this post")
            self.media(list(self.t.media), "media", "this post")
            self.required_media()
        self.options()
        return self.problems

    def text_limit(self, has_media: bool) -> tuple[int, str, str] | None:
        """(limit, rule id, what is limited) for the main text of this target, or None if no limit is known."""
        if self.p == "telegram" and has_media:
            return self.r.max_chars_by_type["caption"], "telegram.max_caption_chars", "Telegram media captions"
        if self.p == "snapchat":
            if self.variant == "saved_story":
                limit = self.r.max_chars_by_type["saved_story"]
                return limit, "snapchat.max_saved_story_chars", "Snapchat saved story titles (the post text)"
            if self.variant == "spotlight":
                limit = self.r.max_chars_by_type["spotlight"]
                return limit, "snapchat.max_spotlight_chars", "Snapchat spotlight descriptions (the post text)"
            return None  # stories take no caption; the text is ignored
        if self.p == "tiktok" and self.variant == "photo":
            return None  # TikTok guide: photo titles are auto-truncated to 90 characters, not refused
        if self.p == "youtube" and self.r.max_chars is not None:
            return self.r.max_chars, "youtube.max_chars", "YouTube descriptions (the post text)"
        if self.r.max_chars is None:
            return None
        what = "TikTok video captions" if self.p == "tiktok" else f"{self.name} posts"
        return self.r.max_chars, f"{self.p}.max_chars", what

    def text(self, text: str, field: str, has_media: bool, where: str) -> None:
        limit = self.text_limit(has_media)
        if limit is None or len(text) <= limit[0]:
            return
        n, rule, what = limit
        if field.startswith("platformSpecificData.threadItems"):
            fix = "Shorten it, or split it over more thread items."
        elif self.p in ("twitter", "threads"):
            fix = "Shorten it, or split it into a thread with platformSpecificData.threadItems."
        elif self.p == "telegram" and has_media:
            fix = "Shorten the caption, or post the text as a text-only message (up to 4096 characters)."
        else:
            fix = "Shorten it, or give this platform its own shorter text (customContent)."
        self.add(
            rule,
            field,
            f"{what} can be at most {n} characters; {where} has {len(text)} ({len(text) - n} too many). {fix}",
        )

    def media(self, media: list[MediaRef], field: str, where: str) -> None:
        r, p = self.r, self.p
        # Kinds this platform does not accept: one problem per kind.
        rejected: dict[str, int] = {}
        for m in media:
            if m.type not in r.allowed_types:
                rejected[m.type] = rejected.get(m.type, 0) + 1
        for kind, n in rejected.items():
            order = ("image", "gif", "video", "document")
            accepted = ", ".join(_KIND_WORDS[k][1] for k in order if k in r.allowed_types)
            fix = "post a link to it in the text instead" if kind == "video" else "remove it"
            self.add(
                f"{p}.media_type",
                field,
                f"{self.name} does not accept {_KIND_WORDS[kind][1]} "
                f"({where} has {_plural(n, kind)}); it takes {accepted}. Remove the {_KIND_WORDS[kind][0]} "
                f"for this platform (customMedia) or {fix}.",
            )
        allowed = [(i, m) for i, m in enumerate(media) if m.type in r.allowed_types]
        for i, m in allowed:
            self.media_item(m, i, f"{field}[{i}]")

        counts = {k: 0 for k in MEDIA_KINDS}
        for _, m in allowed:
            counts[m.type] += 1
        images = counts["image"] + (counts["gif"] if r.gif_counts_as == "image" else 0)
        videos = counts["video"] + (counts["gif"] if r.gif_counts_as == "video" else 0)
        documents = counts["document"]
        before = len(self.problems)
        for n, limit, kind in (
            (images, r.max_images, "image"),
            (videos, r.max_videos, "video"),
            (documents, r.max_documents, "document"),
        ):
            if limit is not None and n > limit:
                extra = ""
                if kind == "video" and counts["gif"] and r.gif_counts_as == "video":
                    extra = " (a GIF counts as a video)"
                self.add(
                    f"{p}.max_{kind}s",
                    field,
                    f"{self.name} allows at most {_plural(limit, kind)} per post; "
                    f"{where} has {n}{extra}. Remove {n - limit}, or split the post.",
                )
        if p == "twitter" and counts["gif"] and len(allowed) > 1:
            self.add(
                "twitter.gif_alone",
                field,
                f"Twitter/X allows only 1 GIF per post and nothing else with it "
                f"(it takes all 4 image slots); {where} has {_plural(counts['gif'], 'gif')} and "
                f"{len(allowed) - counts['gif']} other media. Post the GIF on its own.",
            )
        # Where a post takes a single item (Snapchat), "one item" already says it; no separate mixing rule.
        if not r.allows_mixed_media and r.max_media_items != 1 and sum(1 for n in (images, videos, documents) if n) > 1:
            mix = " and ".join(
                _plural(n, k) for n, k in ((images, "image"), (videos, "video"), (documents, "document")) if n
            )
            self.add(
                f"{p}.no_mixed_media",
                field,
                f"{self.name} cannot mix images, videos and documents in one "
                f"post; {where} has {mix}. Keep one kind, or split it into separate posts.",
            )
        cap: int | None
        if self.variant == "story" and p in ("facebook", "instagram"):
            cap, rule, what = 1, f"{p}.story_single_media", f"{self.name} stories take a single image or video"
        else:
            cap, rule = r.max_media_items, f"{p}.max_media_items"
            what = f"{self.name} allows at most {cap} media items per post"
        if cap is not None and len(allowed) > cap and len(self.problems) == before:
            self.add(rule, field, f"{what}; {where} has {len(allowed)}. Remove {len(allowed) - cap}.")
        if self.variant == "reel" and allowed and not (len(allowed) == 1 and allowed[0][1].type == "video"):
            self.add(
                "instagram.reel_video",
                field,
                f"An Instagram reel is a single video; {where} has "
                f"{len(allowed)} media item(s) of kind {', '.join(sorted({m.type for _, m in allowed}))}. "
                "Attach exactly one video, or drop contentType 'reel' to post a feed post or carousel.",
            )
        if self.variant == "spotlight" and any(m.type != "video" for _, m in allowed):
            self.add(
                "snapchat.spotlight_video",
                field,
                "Snapchat Spotlight takes video only; "
                f"{where} has an image. Attach one MP4 video, or use contentType 'story' or 'saved_story'.",
            )

    def media_item(self, m: MediaRef, index: int, field: str) -> None:
        """Size, format and URL of one accepted media item, where they are known."""
        r, p = self.r, self.p
        label = _label(m, index)
        if p == "googlebusiness" and not m.url.lower().startswith("https://"):
            self.add(
                "googlebusiness.https_media",
                field,
                f"Google Business only loads images from public HTTPS "
                f"URLs; {label} is not HTTPS ({m.url[:80]}). Host it at an https:// URL (media_upload_file).",
            )
        if m.size is not None:
            limit, rule = self.size_limit(m.type)
            if limit is not None and rule is not None and m.size > limit:
                fix = "Compress or trim it" if m.type == "video" else "Compress it or use a smaller file"
                self.add(
                    rule,
                    field,
                    f"{self.name} {_KIND_WORDS[m.type][1]} can be at most {format_bytes(limit)}; "
                    f"{label} is {format_bytes(m.size)}. {fix}.",
                )
        mime = _normalise_mime(m.content_type)
        fb_story = p == "facebook" and self.variant == "story"
        formats = FACEBOOK_STORY_FORMATS if fb_story else r.allowed_formats
        if mime is not None and formats and mime not in formats:
            shown = FORMAT_LABELS.get(mime, mime)
            subject = "Facebook stories accept" if fb_story else f"{self.name} accepts"
            self.add(
                f"{p}.media_format",
                field,
                f"{subject} only {format_labels(formats)}; {label} is {shown}. Convert it to one of those formats.",
            )

    def size_limit(self, kind: str) -> tuple[int | None, str | None]:
        r, p = self.r, self.p
        if kind == "gif":
            if r.max_gif_bytes is not None:
                return r.max_gif_bytes, f"{p}.max_gif_bytes"
            if r.gif_counts_as == "image":  # the guide lists GIF among the image formats, same limit
                return r.max_image_bytes, f"{p}.max_image_bytes"
            return None, None  # Facebook/LinkedIn give only a "recommended" GIF size
        limit = {"image": r.max_image_bytes, "video": r.max_video_bytes, "document": r.max_document_bytes}[kind]
        return limit, f"{p}.max_{kind}_bytes"

    def required_media(self) -> None:
        """Media the platform needs at publish time; for other platforms a text-only post needs text."""
        media, p = self.t.media, self.p
        if p == "youtube":
            if not any(m.type == "video" for m in media):
                self.add(
                    "youtube.video_required",
                    "media",
                    "YouTube needs a video: attach one video (upload a local "
                    "file with media_upload_file) or leave YouTube out of this post.",
                )
            return
        if p == "facebook" and self.variant == "story":
            if not media:
                self.add(
                    "facebook.story_media_required",
                    "media",
                    "A Facebook story needs one image or video; "
                    "attach one, or drop contentType 'story' to make a feed post.",
                )
            return
        if self.r.media_required:
            if not media:
                what = {
                    "instagram": "an image or a video (Instagram has no text-only posts)",
                    "tiktok": "a video or up to 35 photos",
                    "pinterest": "one image or one video",
                    "snapchat": "one image or one video (Snapchat has no text-only posts)",
                }[p]
                self.add(
                    f"{p}.media_required",
                    "media",
                    f"{self.name} needs {what}. Attach media, or leave {self.name} out of this post.",
                )
            return
        if not media and not self.t.content.strip():
            self.add(
                "post.content_required",
                "content",
                f"A text-only post to {self.name} needs text: the content "
                "is empty and there is no media. Add content (or customContent), or attach media.",
            )

    def options(self) -> None:
        """Rules on platformSpecificData (and the post title) for this platform."""
        p, o = self.p, self.opts
        if p in ("youtube", "pinterest"):
            title, field = (
                (o["title"], "platformSpecificData.title")
                if isinstance(o.get("title"), str)
                else (self.t.title, "title")
            )
            limit = self.r.max_chars_by_type["title"]
            if title is not None and len(title) > limit:
                self.add(
                    f"{p}.max_title_chars",
                    field,
                    f"{self.name} titles can be at most {limit} characters; "
                    f"this one has {len(title)}. Shorten the title.",
                )
        if p == "pinterest":
            board = o.get("boardId")
            if not (isinstance(board, str) and board.strip()):
                self.add(
                    "pinterest.board_required",
                    "platformSpecificData.boardId",
                    "Pinterest needs the board to "
                    "pin to: set platformSpecificData.boardId (list the account's boards to choose one).",
                )
        elif p == "youtube":
            self.youtube_options()
        elif p == "tiktok":
            self.tiktok_options()
        elif p == "instagram":
            self.instagram_options()
        elif p == "facebook" and self.variant == "story" and o.get("firstComment"):
            self.add(
                "facebook.first_comment_story",
                "platformSpecificData.firstComment",
                "First comments don't "
                "work with Facebook stories. Remove firstComment, or post to the feed instead of a story.",
            )

    def youtube_options(self) -> None:
        o, by = self.opts, self.r.max_chars_by_type
        tags = o.get("tags")
        if isinstance(tags, Sequence) and not isinstance(tags, str):
            texts = [str(tag) for tag in tags]
            long = [tag for tag in texts if len(tag) > by["tag"]]
            if long:
                self.add(
                    "youtube.max_tag_chars",
                    "platformSpecificData.tags",
                    f"YouTube tags can be at most "
                    f"{by['tag']} characters each; {len(long)} tag(s) are longer (first: {long[0][:30]!r}..., "
                    f"{len(long[0])} characters). Shorten or drop them.",
                )
            total = sum(len(tag) for tag in dict.fromkeys(texts))  # duplicates are removed by the API
            if total > by["tags_total"]:
                self.add(
                    "youtube.max_tags_total_chars",
                    "platformSpecificData.tags",
                    f"YouTube tags together can be "
                    f"at most {by['tags_total']} characters; these total {total}. Drop "
                    f"{total - by['tags_total']}+ characters of tags.",
                )
        comment = o.get("firstComment")
        if isinstance(comment, str) and len(comment) > by["first_comment"]:
            self.add(
                "youtube.max_first_comment_chars",
                "platformSpecificData.firstComment",
                f"YouTube first "
                f"comments can be at most {by['first_comment']} characters; this one has {len(comment)}. "
                "Shorten it.",
            )

    def tiktok_options(self) -> None:
        s = self._tiktok_settings()
        base = "platformSpecificData.tiktokSettings"
        description = s.get("description")
        limit = self.r.max_chars_by_type["photo_description"]
        if isinstance(description, str) and len(description) > limit:
            self.add(
                "tiktok.max_description_chars",
                f"{base}.description",
                f"TikTok descriptions can be at most {limit} characters; this one has {len(description)}. Shorten it.",
            )
        needed = ["privacy_level", "allow_comment"]
        if self.variant == "video":
            needed += ["allow_duet", "allow_stitch"]
        missing = [f for f in needed if s.get(f) is None or (f == "privacy_level" and not str(s.get(f)).strip())]
        if missing:
            self.add(
                "tiktok.settings_required",
                base,
                f"TikTok requires {', '.join(missing)} in {base} "
                f"(the {'video' if self.variant == 'video' else 'photo'} post is refused without them). "
                "Ask the user for each; take privacy_level from the account's allowed options, never guess.",
            )
        unconfirmed = [f for f in ("content_preview_confirmed", "express_consent_given") if s.get(f) is not True]
        if unconfirmed:
            flags = " and ".join(unconfirmed)
            self.add(
                "tiktok.consent_required",
                base,
                f"TikTok requires the user's consent: {flags} "
                f"must be true in {base}. Show the user the post, ask for their consent, and set them only "
                "if they agree.",
            )

    def instagram_options(self) -> None:
        o = self.opts
        collaborators = o.get("collaborators")
        if isinstance(collaborators, Sequence) and not isinstance(collaborators, str) and len(collaborators) > 3:
            self.add(
                "instagram.max_collaborators",
                "platformSpecificData.collaborators",
                "Instagram allows up to 3 "
                f"collaborators; this post invites {len(collaborators)}. Remove {len(collaborators) - 3}.",
            )
        if o.get("trialParams") is not None:
            media = self.t.media
            if self.variant == "story" or len(media) > 1 or any(m.type != "video" for m in media):
                self.add(
                    "instagram.trial_reels_video_only",
                    "platformSpecificData.trialParams",
                    "Instagram trial "
                    "reels apply only to a single video (a Reel), not to images, carousels or stories. Remove "
                    "trialParams, or post one video.",
                )


def check_post(targets: Sequence[TargetDraft], *, draft: bool = False) -> list[Problem]:
    """Every problem of every target, in target order (never stops at the first).

    draft=True skips the rules the API enforces only at publish time (media required, Pinterest board, TikTok
    consent, empty text) but keeps the hard limits (too long, too many images, wrong type or size).
    """
    problems: list[Problem] = []
    for target in targets:
        rules = RULES.get(target.platform)
        if rules is None:
            problems.append(
                Problem(
                    platform=target.platform,
                    field="platform",
                    message=f"Unknown platform {target.platform!r}. Use one of: {', '.join(PLATFORMS)}.",
                    rule="platform.unknown",
                )
            )
            continue
        problems.extend(_TargetCheck(target, rules, draft).run())
    return problems


def format_problems(problems: Sequence[Problem]) -> str:
    """One message listing every problem, grouped per platform in the order they first appear."""
    if not problems:
        return "No problems found: the post passes every pre-flight check."
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.platform, []).append(problem)
    n, k = len(problems), len(groups)
    lines = [f"This post would fail ({n} problem{'s' if n != 1 else ''} on {k} platform{'s' if k != 1 else ''}):"]
    for platform, group in groups.items():
        lines.extend(f"- {platform}: {problem.message}" for problem in group)
    return "\n".join(lines)
