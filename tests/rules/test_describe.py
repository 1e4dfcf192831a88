"""The `late://rules/<platform>` text: every fact of the table rendered once, and notes that never restate it.

A note that repeats a table value is read twice by the model and drifts when the limit changes (Instagram's and
LinkedIn's text limits once disagreed between places), so the table is the one home of every number it holds.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from late_mcp.rules import PLATFORMS, RULES, describe, rules_for
from late_mcp.rules.formats import format_bytes, format_labels
from late_mcp.rules.model import PlatformRules
from late_mcp.rules.platforms import SPECS

# The nouns a note may count each limit in ("35 photos" restates max_images as much as "35 images" does).
_NOUNS = {
    "image": r"(?:images?|photos?|pictures?|GIFs?)",
    "video": r"videos?",
    "document": r"documents?",
    "item": r"(?:items?|images?|photos?|videos?|media)",
}


def _counts(r: PlatformRules) -> list[tuple[int, str]]:
    return [
        (n, kind)
        for n, kind in (
            (r.max_images, "image"),
            (r.max_videos, "video"),
            (r.max_documents, "document"),
            (r.max_media_items, "item"),
        )
        if n is not None
    ]


def _sizes(r: PlatformRules) -> list[int]:
    sizes = (r.max_image_bytes, r.max_gif_bytes, r.max_video_bytes, r.max_document_bytes)
    return [size for size in sizes if size is not None]


def _table_values(r: PlatformRules) -> list[tuple[str, re.Pattern[str]]]:
    """(what, pattern) for every value of the table as a note could write it."""
    found: list[tuple[str, re.Pattern[str]]] = []
    chars = [r.max_chars] if r.max_chars is not None else []
    for n in {*chars, *r.max_chars_by_type.values()}:
        # "2200" or "2,200", not part of a longer number
        found.append((f"{n} characters", re.compile(rf"(?<![\d.,])(?:{n}|{n:,})(?!\d|,\d)")))
    for n, kind in _counts(r):
        found.append((f"{n} {kind}", re.compile(rf"(?<![\d.,]){n} {_NOUNS[kind]}\b", re.IGNORECASE)))
    for size in _sizes(r):
        shown = format_bytes(size)
        found.append((shown, re.compile(rf"(?<![\d.]){re.escape(shown)}\b")))
    return found


def _restated(r: PlatformRules) -> list[str]:
    return [f"{what}: {note!r}" for note in r.notes for what, pattern in _table_values(r) if pattern.search(note)]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_notes_do_not_restate_the_table(platform: str) -> None:
    """describe() prints the table; a note says only what the table cannot (stories, threads, sources...)."""
    assert _restated(RULES[platform]) == []


@pytest.mark.parametrize(
    "note",
    [
        "Images up to 10 MB, videos up to 4 GB.",
        "Feed: up to 10 images or 1 video, never both.",
        "Caption up to 63,206 characters.",
    ],
)
def test_a_restating_note_is_caught(note: str) -> None:
    """The check above can fail: each of these repeats a value of Facebook's table."""
    rules = dataclasses.replace(RULES["facebook"], notes=(note,))
    assert _restated(rules)


def test_a_note_beyond_the_table_passes() -> None:
    rules = dataclasses.replace(RULES["instagram"], notes=("Images over 8 MB are auto-compressed; 3 collaborators.",))
    assert _restated(rules) == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_describe_renders_every_table_field(platform: str) -> None:
    text = describe(platform)
    r = rules_for(platform)
    assert text.splitlines()[0] == f"{r.name} ({platform})"
    if r.max_chars is not None:
        assert f"max {r.max_chars} characters" in text
    chars = next(line for line in text.splitlines() if line.startswith("- text: "))
    for key, n in r.max_chars_by_type.items():
        # a per-type limit equal to the main one names its type beside it: "max 2200 characters (video)"
        named = n == r.max_chars and f"max {n} characters ({key})" in chars
        assert named or re.search(rf"[;,] {key} {n}(,|$)", chars), (key, n, chars)
    media = next(line for line in text.splitlines() if line.startswith("- media"))
    assert ("required" if r.media_required else "optional") in media
    for n, kind in _counts(r):
        assert f"{n} {kind}" in media
    listed = media.split(": ", 1)[1].split(";")[0].split(", ")
    kinds = {re.sub(r" \(counts as an? \w+\)$", "", k) for k in listed}
    assert kinds == {kind.upper() if kind == "gif" else kind for kind in r.allowed_types}, media
    if r.gif_counts_as is not None:
        assert f"GIF (counts as {'an' if r.gif_counts_as == 'image' else 'a'} {r.gif_counts_as})" in media
    for size in _sizes(r):
        assert format_bytes(size) in text
    if r.allowed_formats:
        assert f"- formats: {format_labels(r.allowed_formats)}" in text
    for option in r.required_options:
        assert option in text
    assert ("threadItems" in text) == SPECS[platform].threads
    for note in r.notes:
        assert text.count(note) == 1


def test_describe_twitter() -> None:
    """The whole text of one platform, as the model reads it: each fact once."""
    assert describe("twitter") == (
        "Twitter/X (twitter)\n"
        "- text: max 280 characters\n"
        "- media (optional): image, GIF (counts as an image), video; max 4 images, 1 video; no mixing of kinds\n"
        "- max file size: GIF 15 MB, video 512 MB\n"
        "- formats: JPEG, PNG, WebP, GIF, MP4, MOV\n"
        "- threads: platformSpecificData.threadItems, each item a post of its own with the same limits\n"
        "- The text limit is X's documented one for standard accounts (the Twitter/X guide gives none).\n"
        "- A GIF goes alone: only 1 GIF per post and nothing else with it (it takes all the image slots).\n"
        "- Images over 5 MB are compressed by Late; videos up to 140 s."
    )


def test_describe_names_the_default_text_type_once() -> None:
    """A per-type limit equal to the main one names it instead of repeating the number."""
    assert describe("tiktok").splitlines()[1] == (
        "- text: max 2200 characters (video); photo_title 90, photo_description 4000"
    )
    assert "- text: no documented limit; title 100" in describe("pinterest")


def test_describe_gif_sizes_and_mixing() -> None:
    threads = describe("threads")
    assert "- max file size: image/GIF 8 MB, video 1 GB" in threads  # a GIF counts as an image: its limit
    youtube = describe("youtube")
    assert "mixing" not in youtube  # one kind only: nothing to mix
    assert "- media (required): image, video; max 1 item in all\n" in describe("snapchat") + "\n"


def test_describe_pinterest_names_the_board() -> None:
    assert "required platformSpecificData: boardId" in describe("pinterest")
