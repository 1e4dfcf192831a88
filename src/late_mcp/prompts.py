"""Prompts for the workflows people ask for most; each is a worked plan naming the tools to use.

Every tool a prompt names is one this server offers: a prompt is registered only where the tools it is built
around are offered, and a step that needs an optional toolset names its tool when that is on, or says how to
turn the toolset on (the `toolsets` tool), or falls back to the Late dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from .tools._context import AppState

_CONFIRM = "Show me the plan and wait for my OK before creating, scheduling or publishing anything."
_PLATFORMS = Annotated[str, Field(description="Comma-separated platforms; empty = the connected ones")]


@dataclass(frozen=True)
class Prompts:
    """The prompts for a server that offers `offered` (tool names)."""

    offered: frozenset[str]

    def _optional(self, tool: str, toolset: str, then: str, otherwise: str = "") -> str:
        """`then` where `tool` is offered; else how to turn its toolset on, or `otherwise`."""
        if tool in self.offered:
            return then
        if "toolsets" in self.offered:
            return f"{otherwise} (the {toolset} toolset has a tool for this: the toolsets tool turns it on)"
        return otherwise

    def plan_week(
        self,
        brief: Annotated[str, Field(description="What the week is about: goals, news, tone, links")],
        platforms: _PLATFORMS = "",
        start: Annotated[str, Field(description="First day (YYYY-MM-DD); empty = tomorrow")] = "",
    ) -> str:
        """Plan and schedule a week of posts across platforms from a brief."""
        where = platforms.strip() or "every connected platform that suits the brief"
        first = start.strip() or "tomorrow"
        queue = self._optional(
            "queue_preview",
            "queue",
            "If I have a posting queue (`queue_preview`), `use_queue=true` takes the next free slot instead.",
            "a posting queue can give each post the next free slot.",
        )
        return f"""Plan and schedule one week of social media posts from this brief.

<brief>
{brief.strip()}
</brief>

1. Call `now` for today's date and time in my time zone. The week runs for 7 days from {first}.
2. Call `accounts_list`. Use {where}. If a platform has several accounts, ask me which one; never guess.
3. Read `late://rules/<platform>` for each platform (text length, media, required options).
4. Draft the week as a table: day, time (my zone), platform, text, media. 3-5 posts per platform, spread over the \
week at times that suit each network; one idea per post; each text within that platform's limit and written in its \
style (hashtags on Instagram and TikTok, few on LinkedIn, no hashtags on Google Business).
5. {_CONFIRM}
6. After I approve: check each post with `posts_validate`, then create it with `posts_create` and `scheduled_for` \
(an ISO time in my zone). {queue}
7. Finish with `posts_list` (status scheduled) and give me the final schedule with post ids."""

    def blog_to_posts(
        self,
        url: Annotated[str, Field(description="The blog post's URL")],
        platforms: _PLATFORMS = "",
        when: Annotated[str, Field(description="draft, now, or a time such as 'tomorrow 9:00'")] = "draft",
    ) -> str:
        """Turn a blog post URL into one post per platform, each written for that platform."""
        where = platforms.strip() or "each connected platform where the article fits"
        mode = when.strip() or "draft"
        return f"""Turn this blog post into social media posts: {url.strip()}

1. Read the article. If you cannot open URLs, ask me to paste its text. Note the title, the key points and any \
numbers worth quoting.
2. Call `accounts_list` and use {where}. If a platform has several accounts, ask me which one.
3. Read `late://rules/<platform>` for each platform, then write one post per platform in its own voice: a short \
hook and the link on X/Bluesky/Threads; a few paragraphs with a takeaway on LinkedIn; a caption with hashtags on \
Instagram (the link goes in the bio: say so); a title and description on Pinterest/YouTube. Put the URL where each \
platform shows links well. Suggest an image when the platform needs media.
4. {_CONFIRM}
5. Then check them with `posts_validate` and send them together with `posts_cross_post`, one target per platform \
with its own content. Mode: {mode} ("draft" -> is_draft=true; "now" -> publish_now=true; a time -> call `now` \
first and pass scheduled_for).
6. Report what was created, per platform, with post ids and URLs."""

    def fix_failed_posts(
        self,
        days: Annotated[str, Field(description="How far back to look, in days (logs keep 7)")] = "7",
    ) -> str:
        """Review failed posts, find out why each failed, fix what can be fixed and retry."""
        logs = self._optional(
            "logs_list",
            "logs",
            "`logs_list` (kind=post, post_id=...) and `logs_get` show exactly what the platform answered.",
            "the publishing logs show exactly what the platform answered.",
        )
        reconnect = self._optional(
            "connect_start", "connect", "`connect_start` gives a link", "the Late dashboard reconnects it"
        )
        return f"""Review my failed posts from the last {days.strip() or "7"} days and fix them.

1. Call `posts_list_failed` (it lists failed and partly failed posts) to find them.
2. For each, find out why: `posts_get` shows the error per platform; {logs}
3. Sort the causes: an expired or revoked connection (check with `accounts_health`; the fix is to reconnect: \
{reconnect}); content the platform refused (too long, missing media or title, bad format: read \
`late://rules/<platform>`); rate limits or platform outages (just retry later).
4. Show me a table: post, platform, cause, proposed fix. {_CONFIRM}
5. Apply the fixes I approve: `posts_update` for content changes (then `posts_validate`), then `posts_retry`. \
Do not retry posts whose account still needs reconnecting.
6. Report what now works and what still needs me."""

    def weekly_report(
        self,
        profile_id: Annotated[str, Field(description="Only this profile; empty = all")] = "",
    ) -> str:
        """A weekly performance report: what was published, what worked, follower growth, what to do next."""
        scope = f"profile {profile_id.strip()}" if profile_id.strip() else "all my profiles"
        numbers = self._optional(
            "analytics_get",
            "analytics",
            "`analytics_get` kind=posts with from_date/to_date for the week and sort_by=engagement (the best "
            "first), and kind=followers for follower growth. If analytics says the add-on is missing, tell me so "
            "and report from `posts_list` (status published) alone.",
            "report from `posts_list` (status published): the post numbers need the analytics toolset.",
        )
        return f"""Write my weekly social media performance report for {scope}.

1. Call `now`; the report covers the 7 days up to today in my time zone.
2. For the numbers: {numbers}
3. Also count failures with `posts_list_failed`, and check `accounts_health` for accounts that need reconnecting.
4. Write the report: headline numbers (posts published, impressions, engagement rate, follower change) per \
platform; the 3 best posts and why they worked; the weakest and a guess why; failures and their causes; 3 \
concrete suggestions for next week (topics, formats, times). Keep it to one page and use tables for numbers."""


#: prompt -> (title, the tools it is built around: it is offered only with all of them)
PROMPTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "plan_week": ("Plan a week of posts", ("accounts_list", "posts_validate", "posts_create", "posts_list")),
    "blog_to_posts": ("Blog post to social posts", ("accounts_list", "posts_validate", "posts_cross_post")),
    "fix_failed_posts": (
        "Fix failed posts",
        ("posts_list_failed", "posts_get", "accounts_health", "posts_update", "posts_validate", "posts_retry"),
    ),
    "weekly_report": ("Weekly performance report", ("now", "posts_list", "posts_list_failed", "accounts_health")),
}


def register_prompts(server: MCPServer[AppState], offered: set[str]) -> None:
    """Add the prompts whose tools `server` offers (called by build_server)."""
    prompts = Prompts(frozenset(offered))
    for name, (title, needs) in PROMPTS.items():
        if set(needs) <= offered:
            fn = getattr(prompts, name)
            server.prompt(name=name, title=title, description=(fn.__doc__ or "").strip())(fn)
