"""Run the platforms' rules against proposed targets and format the result as one message.

The checks read only what a target will send (text, media, platformSpecificData), so the same function serves
create, update, cross-post and `posts_validate`. Every problem is collected: a model fixing a post should see
everything wrong at once, not one error per round trip. This walk is the same for every platform: what one
platform adds is in its own module (`rules/platforms/<platform>.py`), called through the `Platform` hooks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from late_mcp.rules.formats import FORMAT_LABELS, format_bytes, format_labels
from late_mcp.rules.model import MEDIA_KINDS, MediaKind, MediaRef, Problem, TargetDraft
from late_mcp.rules.platforms import PLATFORMS, PUBLISH_TIME_RULES, SPECS
from late_mcp.rules.spec import TargetCheck
from late_mcp.suggest import did_you_mean

_VIDEO_EXT = (".mp4", ".mov", ".webm", ".m4v", ".avi", ".mpeg", ".mpg", ".wmv", ".flv", ".3gp", ".mkv")
_DOC_EXT = (".pdf", ".ppt", ".pptx", ".doc", ".docx")
_KIND_WORDS: Mapping[str, tuple[str, str]] = {
    "image": ("image", "images"),
    "gif": ("GIF", "GIFs"),
    "video": ("video", "videos"),
    "document": ("document", "documents"),
}
_THREAD_FIELD = "platformSpecificData.threadItems"
_KIND_ORDER: tuple[MediaKind, ...] = ("image", "gif", "video", "document")


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


def _run(c: TargetCheck) -> list[Problem]:
    items = c.opts.get("threadItems") if c.spec.threads else None
    if isinstance(items, Sequence) and not isinstance(items, str) and items:
        # A thread: each item is a post of its own with the platform's per-post limits; the root is
        # threadItems[0], so the target's own text and media are not what gets posted.
        for i, item in enumerate(items):
            prefix = f"platformSpecificData.threadItems[{i}]"
            content = item.get("content") if isinstance(item, Mapping) else None
            raw_media = item.get("mediaItems") if isinstance(item, Mapping) else None
            media = [m for m in (_coerce_media(x) for x in (raw_media or ())) if m is not None]
            where = f"thread item {i + 1}"
            _text(c, content if isinstance(content, str) else "", f"{prefix}.content", bool(media), where)
            _media(c, media, f"{prefix}.mediaItems", where)
    else:
        _text(c, c.t.content, "content", bool(c.t.media), "this post")
        _media(c, list(c.t.media), "media", "this post")
        c.spec.required_media(c)
    c.spec.check_options(c)
    return c.problems


def _text(c: TargetCheck, text: str, field: str, has_media: bool, where: str) -> None:
    limit = c.spec.text_limit(c, has_media)
    if limit is None or len(text) <= limit.limit:
        return
    n = limit.limit
    fix = "Shorten it, or split it over more thread items." if field.startswith(_THREAD_FIELD) else limit.fix
    c.add(
        limit.rule,
        field,
        f"{limit.what} can be at most {n} characters; {where} has {len(text)} ({len(text) - n} too many). {fix}",
    )


def _rejected_kinds(c: TargetCheck, media: list[MediaRef], field: str, where: str) -> None:
    """Kinds this platform does not accept: one problem per kind."""
    rejected: dict[str, int] = {}
    for m in media:
        if m.type not in c.r.allowed_types:
            rejected[m.type] = rejected.get(m.type, 0) + 1
    for kind, n in rejected.items():
        accepted = ", ".join(_KIND_WORDS[k][1] for k in _KIND_ORDER if k in c.r.allowed_types)
        fix = "post a link to it in the text instead" if kind == "video" else "remove it"
        c.add(
            f"{c.p}.media_type",
            field,
            f"{c.name} does not accept {_KIND_WORDS[kind][1]} "
            f"({where} has {_plural(n, kind)}); it takes {accepted}. Remove the {_KIND_WORDS[kind][0]} "
            f"for this platform (customMedia) or {fix}.",
        )


def _media(c: TargetCheck, media: list[MediaRef], field: str, where: str) -> None:
    r = c.r
    _rejected_kinds(c, media, field, where)
    allowed = [(i, m) for i, m in enumerate(media) if m.type in r.allowed_types]
    for i, m in allowed:
        _media_item(c, m, i, f"{field}[{i}]")

    counts = {k: 0 for k in MEDIA_KINDS}
    for _, m in allowed:
        counts[m.type] += 1
    images = counts["image"] + (counts["gif"] if r.gif_counts_as == "image" else 0)
    videos = counts["video"] + (counts["gif"] if r.gif_counts_as == "video" else 0)
    documents = counts["document"]
    before = len(c.problems)
    for n, limit, kind in (
        (images, r.max_images, "image"),
        (videos, r.max_videos, "video"),
        (documents, r.max_documents, "document"),
    ):
        if limit is not None and n > limit:
            extra = ""
            if kind == "video" and counts["gif"] and r.gif_counts_as == "video":
                extra = " (a GIF counts as a video)"
            c.add(
                f"{c.p}.max_{kind}s",
                field,
                f"{c.name} allows at most {_plural(limit, kind)} per post; "
                f"{where} has {n}{extra}. Remove {n - limit}, or split the post.",
            )
    # Where a post takes a single item (Snapchat), "one item" already says it; no separate mixing rule.
    if not r.allows_mixed_media and r.max_media_items != 1 and sum(1 for n in (images, videos, documents) if n) > 1:
        mix = " and ".join(
            _plural(n, k) for n, k in ((images, "image"), (videos, "video"), (documents, "document")) if n
        )
        c.add(
            f"{c.p}.no_mixed_media",
            field,
            f"{c.name} cannot mix images, videos and documents in one "
            f"post; {where} has {mix}. Keep one kind, or split it into separate posts.",
        )
    cap, rule, what = c.spec.media_cap(c)
    if cap is not None and len(allowed) > cap and len(c.problems) == before:
        c.add(rule, field, f"{what}; {where} has {len(allowed)}. Remove {len(allowed) - cap}.")
    c.spec.check_media(c, [m.type for _, m in allowed], field, where)


def _media_item(c: TargetCheck, m: MediaRef, index: int, field: str) -> None:
    """Size, format and the platform's own checks of one accepted media item, where they are known."""
    label = _label(m, index)
    c.spec.check_item(c, m, label, field)
    if m.size is not None:
        limit, rule = _size_limit(c, m.type)
        if limit is not None and rule is not None and m.size > limit:
            fix = "Compress or trim it" if m.type == "video" else "Compress it or use a smaller file"
            c.add(
                rule,
                field,
                f"{c.name} {_KIND_WORDS[m.type][1]} can be at most {format_bytes(limit)}; "
                f"{label} is {format_bytes(m.size)}. {fix}.",
            )
    mime = _normalise_mime(m.content_type)
    formats, subject = c.spec.formats(c)
    if mime is not None and formats and mime not in formats:
        shown = FORMAT_LABELS.get(mime, mime)
        c.add(
            f"{c.p}.media_format",
            field,
            f"{subject} only {format_labels(formats)}; {label} is {shown}. Convert it to one of those formats.",
        )


def _size_limit(c: TargetCheck, kind: str) -> tuple[int | None, str | None]:
    r, p = c.r, c.p
    if kind == "gif":
        if r.max_gif_bytes is not None:
            return r.max_gif_bytes, f"{p}.max_gif_bytes"
        if r.gif_counts_as == "image":  # the guide lists GIF among the image formats, same limit
            return r.max_image_bytes, f"{p}.max_image_bytes"
        return None, None  # Facebook/LinkedIn give only a "recommended" GIF size
    limit = {"image": r.max_image_bytes, "video": r.max_video_bytes, "document": r.max_document_bytes}[kind]
    return limit, f"{p}.max_{kind}_bytes"


def check_post(targets: Sequence[TargetDraft], *, draft: bool = False) -> list[Problem]:
    """Every problem of every target, in target order (never stops at the first).

    draft=True skips the rules the API enforces only at publish time (media required, Pinterest board, TikTok
    consent, empty text) but keeps the hard limits (too long, too many images, wrong type or size).
    """
    skip = PUBLISH_TIME_RULES if draft else frozenset()
    problems: list[Problem] = []
    for target in targets:
        spec = SPECS.get(target.platform)
        if spec is None:
            problems.append(
                Problem(
                    platform=target.platform,
                    field="platform",
                    message=f"Unknown platform {target.platform!r}.{did_you_mean(target.platform, PLATFORMS)} "
                    f"Use one of: {', '.join(PLATFORMS)}.",
                    rule="platform.unknown",
                )
            )
            continue
        problems.extend(_run(TargetCheck(target, spec, skip)))
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
