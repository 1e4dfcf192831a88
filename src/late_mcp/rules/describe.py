"""One platform's rules as plain text, for the model to read before composing (the `late://rules` resource)."""

from __future__ import annotations

from late_mcp.rules.formats import format_bytes, format_labels
from late_mcp.rules.platforms import rules_for


def _limit(value: int | None, unit: str) -> str:
    return "no documented limit" if value is None else f"max {value} {unit}"


def describe(platform: str) -> str:
    """A compact plain-text summary of one platform's rules, for the model to read before composing."""
    r = rules_for(platform)
    kinds = ", ".join(k for k in ("image", "gif", "video", "document") if k in r.allowed_types)
    lines = [f"{r.name} ({r.platform})"]
    text = _limit(r.max_chars, "characters")
    if r.max_chars_by_type:
        text += "; " + ", ".join(f"{k} {v}" for k, v in r.max_chars_by_type.items())
    lines.append(f"- text: {text}")
    media = [f"types {kinds}", "required" if r.media_required else "optional"]
    for limit, kind in ((r.max_images, "image"), (r.max_videos, "video"), (r.max_documents, "document")):
        if limit is not None:
            media.append(f"max {limit} {kind}{'' if limit == 1 else 's'}")
    if r.max_media_items is not None:
        media.append(f"max {r.max_media_items} items in all")
    media.append("mixing allowed" if r.allows_mixed_media else "no mixing of kinds")
    lines.append("- media: " + ", ".join(media))
    sizes = [
        f"{label} {format_bytes(size)}"
        for label, size in (
            ("image", r.max_image_bytes),
            ("GIF", r.max_gif_bytes),
            ("video", r.max_video_bytes),
            ("document", r.max_document_bytes),
        )
        if size is not None
    ]
    if sizes:
        lines.append("- max file size: " + ", ".join(sizes))
    if r.allowed_formats:
        lines.append("- formats: " + format_labels(r.allowed_formats))
    if r.required_options:
        lines.append("- required platformSpecificData: " + ", ".join(r.required_options))
    lines.extend(f"- {note}" for note in r.notes)
    return "\n".join(lines)
