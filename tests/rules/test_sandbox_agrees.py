"""The client's rules and the sandbox's validation agree on every figure both of them state.

The sandbox is an independent implementation of the API's rules (a test oracle: it never imports the client's
rules), so the two can drift apart without any other test noticing. The sandbox keeps its rules in code, not
in one table, so every figure is measured the same way on both sides: the longest text, the most items, the
combinations each accepts in an otherwise valid post. The client side is the whole pre-flight (the options
model, then `check_post`); the sandbox side is `validate_target`; both for a post and for a draft. A
disagreement fails with both values, for one platform at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pytest

from late_mcp.errors import InputError
from late_mcp.rules import PLATFORMS, MediaKind, MediaRef, TargetDraft, check_post, parse_options
from late_mcp.sandbox import post_target
from late_mcp.sandbox import validation as sandbox
from late_mcp.sandbox.errors import ApiError

from ._helpers import TIKTOK_OK

KINDS: tuple[MediaKind, ...] = ("image", "video", "gif", "document")
_EXT = {"image": "jpg", "video": "mp4", "gif": "gif", "document": "pdf"}
TEXT_CAP = 100_000  # "no limit" when this many characters pass
COUNT_CAP = 40  # "no limit" when this many items pass

# What makes a post valid at publish time apart from the figure measured: required options, and for the
# sandbox an account that owns the board and the privacy level named.
REQUIRED: dict[str, dict[str, Any]] = {"pinterest": {"boardId": "board-1"}, "tiktok": TIKTOK_OK}
ACCOUNT: dict[str, Any] = {
    "username": "probe",
    "__choices": {"boards": [{"id": "board-1"}], "privacyLevels": [TIKTOK_OK["privacyLevel"]]},
}
# Content types that change the rules, measured on their own (Platform Settings: contentType).
VARIANTS: dict[str, tuple[str, ...]] = {
    "facebook": ("story",),
    "instagram": ("story",),
    "snapchat": ("saved_story", "spotlight"),
}


@dataclass(frozen=True)
class Post:
    """One target as both sides receive it."""

    platform: str
    content: str = "hi"
    kinds: tuple[MediaKind, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
    tags: tuple[str, ...] = ()  # the post's root tags (YouTube's)


def client_accepts(post: Post, draft: bool) -> bool:
    options = {**REQUIRED.get(post.platform, {}), **post.options}
    try:
        parsed = parse_options(post.platform, options)
    except InputError:
        return False
    media = tuple(MediaRef(url=f"https://cdn.example.com/m{i}.{_EXT[k]}", type=k) for i, k in enumerate(post.kinds))
    target = TargetDraft(post.platform, post.content, media, parsed, title=post.title, tags=post.tags)
    return check_post([target], draft=draft) == []


def sandbox_accepts(post: Post, draft: bool) -> bool:
    options = {**REQUIRED.get(post.platform, {}), **post.options}
    media = [{"url": f"https://cdn.example.com/m{i}.{_EXT[k]}", "type": k} for i, k in enumerate(post.kinds)]
    target = post_target.Target(post.platform, "acc-1", post.content, media, options)
    account = {**ACCOUNT, "platform": post.platform}
    try:
        sandbox.validate_target(target, title=post.title, tags=list(post.tags), draft=draft, account=account)
    except ApiError:
        return False
    return True


def largest(accepts: Callable[[Post], bool], build: Callable[[int], Post], low: int, cap: int) -> str:
    """The largest n whose post is accepted, as text: "refused" if even `low` is, "no limit" if `cap` passes."""
    if not accepts(build(low)):
        return "refused"
    if accepts(build(cap)):
        return f"no limit (>= {cap})"
    good, bad = low, cap
    while bad - good > 1:
        mid = (good + bad) // 2
        good, bad = (mid, bad) if accepts(build(mid)) else (good, mid)
    return str(good)


@dataclass(frozen=True)
class Figure:
    """One number or yes/no both sides state, with how to build the post that measures it."""

    name: str
    build: Callable[[int], Post]
    low: int = 1
    cap: int = COUNT_CAP
    yes_no: bool = False  # accepted or not, measured at n=1


def figures(platform: str) -> Iterator[Figure]:
    """Every figure of one platform: text limits, option limits, media counts and mixes, per content type."""
    p = platform
    for variant in ("", *VARIANTS.get(p, ())):
        opts = {"contentType": variant} if variant else {}
        tag = f" [{variant}]" if variant else ""
        for media in ((), ("image",), ("video",)):
            what = f"with one {media[0]}" if media else "with no media"
            yield Figure(
                f"text length {what}{tag}",
                lambda n, media=media, opts=opts: Post(p, "x" * n, media, opts),
                low=1,
                cap=TEXT_CAP,
            )
        for kind in KINDS:
            yield Figure(
                f"{kind}s per post{tag}", lambda n, kind=kind, opts=opts: Post(p, kinds=(kind,) * n, options=opts)
            )
        yield Figure(
            f"images and videos per post, alternating{tag}",
            lambda n, opts=opts: Post(p, kinds=tuple("image" if i % 2 else "video" for i in range(n)), options=opts),
            low=2,
        )
        for a, b in (
            ("image", "video"),
            ("image", "gif"),
            ("video", "gif"),
            ("image", "document"),
            ("video", "document"),
        ):
            yield Figure(
                f"{a} and {b} together{tag}",
                lambda n, a=a, b=b, opts=opts: Post(p, kinds=(a, b), options=opts),
                yes_no=True,
            )
    yield from _option_figures(p)


def _option_figures(p: str) -> Iterator[Figure]:
    """Limits on platformSpecificData and the title (Platform Settings)."""
    video: tuple[MediaKind, ...] = ("video",)
    image: tuple[MediaKind, ...] = ("image",)
    if p in ("youtube", "pinterest", "reddit"):
        media = video if p == "youtube" else image if p == "pinterest" else ()
        yield Figure(
            "platformSpecificData.title length",
            lambda n: Post(p, kinds=media, options={"title": "t" * n}),
            cap=TEXT_CAP,
        )
    if p == "youtube":
        yield Figure("post title length", lambda n: Post(p, kinds=video, title="t" * n), cap=TEXT_CAP)
        yield Figure("tag length", lambda n: Post(p, kinds=video, tags=("t" * n,)), cap=TEXT_CAP)
        yield Figure("all tags together, length", lambda n: Post(p, kinds=video, tags=tuple(_tags(n))), cap=5000)
        yield Figure(
            "firstComment length", lambda n: Post(p, kinds=video, options={"firstComment": "c" * n}), cap=TEXT_CAP
        )
    if p == "tiktok":
        yield Figure(
            "description length",
            lambda n: Post(p, kinds=video, options={**TIKTOK_OK, "description": "d" * n}),
            cap=TEXT_CAP,
        )
    if p == "instagram":
        yield Figure(
            "collaborators", lambda n: Post(p, kinds=image, options={"collaborators": [f"u{i}" for i in range(n)]})
        )


def _tags(total: int) -> list[str]:
    """Distinct tags of 50 characters (the last one shorter) adding up to `total` characters."""
    whole, rest = divmod(total, 50)
    return [f"{i:02d}" + "t" * 48 for i in range(whole)] + (["r" * rest] if rest else [])


def measure(accepts: Callable[[Post], bool], figure: Figure) -> str:
    if figure.yes_no:
        return "accepted" if accepts(figure.build(1)) else "refused"
    return largest(accepts, figure.build, figure.low, figure.cap)


def test_same_platforms() -> None:
    assert set(PLATFORMS) == set(post_target.PLATFORMS), (
        f"client rules have {sorted(set(PLATFORMS) - set(post_target.PLATFORMS))} that the sandbox lacks; "
        f"the sandbox has {sorted(set(post_target.PLATFORMS) - set(PLATFORMS))} that the client lacks"
    )


@pytest.mark.parametrize("draft", [False, True], ids=["publish", "draft"])
@pytest.mark.parametrize("platform", PLATFORMS)
def test_client_rules_and_sandbox_agree(platform: str, draft: bool) -> None:
    """Drafts too: both skip the rules the API applies only at publish time, and keep the hard limits."""
    ours, theirs = partial(client_accepts, draft=draft), partial(sandbox_accepts, draft=draft)
    disagreements = []
    for figure in figures(platform):
        client, sandboxed = measure(ours, figure), measure(theirs, figure)
        if client != sandboxed:
            disagreements.append(f"{platform} {figure.name}: client rules {client}, sandbox {sandboxed}")
    kind = "drafts" if draft else "posts"
    assert not disagreements, f"the client's rules and the sandbox disagree on {kind}:\n" + "\n".join(disagreements)


def test_the_probes_see_a_refusal() -> None:
    """The measure is not blind: a figure both sides state comes out as the number, not as "no limit"."""
    ours, theirs = partial(client_accepts, draft=False), partial(sandbox_accepts, draft=False)
    figure = Figure("text length", lambda n: Post("bluesky", "x" * n), cap=TEXT_CAP)
    assert measure(ours, figure) == measure(theirs, figure) == "300"
    assert measure(theirs, Figure("images", lambda n: Post("twitter", kinds=("image",) * n))) == "4"
    assert measure(ours, Figure("mix", lambda n: Post("tiktok", kinds=("image", "video")), yes_no=True)) == "refused"
