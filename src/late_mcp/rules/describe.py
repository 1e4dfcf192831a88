"""One platform's rules as plain text, for the model to read before composing (the `late://rules` resource).

The table (`PlatformRules`) is rendered field by field and the notes follow; a note says only what the table
cannot (tests/rules/test_describe.py fails on a note that restates a table value), so each fact is read once.
"""

from __future__ import annotations

from late_mcp.rules.formats import format_bytes, format_labels
from late_mcp.rules.model import PlatformRules
from late_mcp.rules.platforms import SPECS, rules_for

_GIF_COUNTS_AS = {"image": "an image", "video": "a video"}
THREADS = "- threads: platformSpecificData.threadItems, each item a post of its own with the same limits"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _text(r: PlatformRules) -> str:
    """The main limit, naming the per-type limit it equals ("max 2200 characters (video)"), then the others."""
    text = "no documented limit" if r.max_chars is None else f"max {r.max_chars} characters"
    same = [kind for kind, n in r.max_chars_by_type.items() if n == r.max_chars]
    if same:
        text += f" ({', '.join(same)})"
    others = [f"{kind} {n}" for kind, n in r.max_chars_by_type.items() if n != r.max_chars]
    return "; ".join([text, ", ".join(others)] if others else [text])


def _media(r: PlatformRules) -> str:
    """Kinds (and how a GIF counts), the counts, and whether kinds mix where there is more than one."""
    kinds = [
        f"GIF (counts as {_GIF_COUNTS_AS[r.gif_counts_as]})" if kind == "gif" and r.gif_counts_as else kind
        for kind in ("image", "gif", "video", "document")
        if kind in r.allowed_types
    ]
    counts = [
        _count(n, noun)
        for n, noun in ((r.max_images, "image"), (r.max_videos, "video"), (r.max_documents, "document"))
        if n is not None
    ]
    if r.max_media_items is not None:
        counts.append(f"{_count(r.max_media_items, 'item')} in all")
    parts = [", ".join(kinds)] + ([f"max {', '.join(counts)}"] if counts else [])
    families = {r.gif_counts_as if kind == "gif" else kind for kind in r.allowed_types}
    if len(families) > 1 and r.max_media_items != 1:  # one item cannot mix
        parts.append("mixing allowed" if r.allows_mixed_media else "no mixing of kinds")
    return f"- media ({'required' if r.media_required else 'optional'}): " + "; ".join(parts)


def _sizes(r: PlatformRules) -> list[str]:
    # A GIF without its own limit has the image limit when it counts as an image (rules/check.py `_size_limit`).
    gif_as_image = "gif" in r.allowed_types and r.gif_counts_as == "image" and r.max_gif_bytes is None
    return [
        f"{label} {format_bytes(size)}"
        for label, size in (
            ("image/GIF" if gif_as_image else "image", r.max_image_bytes),
            ("GIF", r.max_gif_bytes),
            ("video", r.max_video_bytes),
            ("document", r.max_document_bytes),
        )
        if size is not None
    ]


def describe(platform: str) -> str:
    """A compact plain-text summary of one platform's rules, for the model to read before composing."""
    r = rules_for(platform)
    lines = [f"{r.name} ({r.platform})", f"- text: {_text(r)}", _media(r)]
    sizes = _sizes(r)
    if sizes:
        lines.append("- max file size: " + ", ".join(sizes))
    if r.allowed_formats:
        lines.append("- formats: " + format_labels(r.allowed_formats))
    if r.required_options:
        lines.append("- required platformSpecificData: " + ", ".join(r.required_options))
    if SPECS[r.platform].threads:
        lines.append(THREADS)
    lines.extend(f"- {note}" for note in r.notes)
    return "\n".join(lines)
