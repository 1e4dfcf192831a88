"""Which SDK model (late-sdk 1.4.1385, generated from the live OpenAPI spec) describes each operation's request body
and answer, operation by operation. Every operation the client implements is in both tables: with its model, or with
the reason it has none, so nothing goes unchecked silently.

Requests are validated with `extra="forbid"` (a misplaced or misspelled key we send is caught); answers with the
SDK's own default (extras ignored: the API adds fields, and a new one must not break us).
"""

from __future__ import annotations

from dataclasses import dataclass

from late.models._generated import models as M
from late.resources._generated.accounts import AccountsResource
from late.resources._generated.logs import LogsResource
from late.resources._generated.posts import PostsResource
from late.resources._generated.profiles import ProfilesResource
from pydantic import BaseModel


@dataclass(frozen=True)
class NoModel:
    """The SDK has no model for this side of the operation; `why` says what it has instead."""

    why: str


@dataclass(frozen=True)
class Items:
    """An inline envelope (no SDK model) whose `key` holds a list of `model` items."""

    key: str
    model: type[BaseModel]


@dataclass(frozen=True)
class Under:
    """An inline envelope whose `key` holds one `model`."""

    key: str
    model: type[BaseModel]


@dataclass(frozen=True)
class ByStatus:
    """Different models per HTTP status (e.g. 201 created, 207 saved but not fully published)."""

    models: dict[int, type[BaseModel]]


Answer = type[BaseModel] | Items | Under | ByStatus | NoModel

INLINE = NoModel("inline response schema, not generated as a model")
NO_BODY = NoModel("no request body (path and query only)")
INLINE_BODY = NoModel("inline request schema, not generated as a model")
LEGACY = NoModel("not in today's OpenAPI spec: the seeds' operation, kept for APIs that still serve it")

#: the per-platform options (platformSpecificData) of a post target
PLATFORM_DATA: dict[str, type[BaseModel]] = {
    "twitter": M.TwitterPlatformData,
    "instagram": M.InstagramPlatformData,
    "facebook": M.FacebookPlatformData,
    "linkedin": M.LinkedInPlatformData,
    "tiktok": M.TikTokPlatformData,
    "youtube": M.YouTubePlatformData,
    "pinterest": M.PinterestPlatformData,
    "reddit": M.RedditPlatformData,
    "bluesky": M.BlueskyPlatformData,
    "threads": M.ThreadsPlatformData,
    "googlebusiness": M.GoogleBusinessPlatformData,
    "telegram": M.TelegramPlatformData,
    "snapchat": M.SnapchatPlatformData,
}

#: POST /v1/posts and PUT /v1/posts/{postId} have no body model: their top-level keys (RG/posts.py create/update
#: parameters) and each piece's model are checked instead (see test_wire.check_post_body)
POST_BODY_KEYS = frozenset(
    {
        "title",
        "content",
        "mediaItems",
        "platforms",
        "scheduledFor",
        "publishNow",
        "isDraft",
        "requiresApproval",
        "dryRun",
        "timezone",
        "tags",
        "hashtags",
        "mentions",
        "crosspostingEnabled",
        "metadata",
        "tiktokSettings",
        "facebookSettings",
        "recycling",
        "queuedFromProfile",
        "queueId",
    }
)
PUT_BODY_KEYS = POST_BODY_KEYS | {"visibility"}
TARGET_KEYS = frozenset(
    {"platform", "accountId", "customContent", "customMedia", "scheduledFor", "platformSpecificData"}
)

POST_BODY = NoModel("no body model: top-level keys, platforms[], mediaItems[] and platformSpecificData checked")
CSV_BODY = NoModel("multipart CSV: its columns are prose only (checked by tests/posting/test_bulk.py)")

#: operation -> what its request body is checked with
REQUESTS: dict[str, type[BaseModel] | NoModel] = {
    "POST /v1/posts": POST_BODY,
    "PUT /v1/posts/{postId}": POST_BODY,
    "POST /v1/posts/bulk-upload": CSV_BODY,
    "POST /v1/queue/slots": INLINE_BODY,  # slots[] items are QueueSlot: checked piecewise
    "PUT /v1/queue/slots": INLINE_BODY,  # idem
    "POST /v1/media/presign": INLINE_BODY,  # contentType is a MediaContentType: checked piecewise
    "POST /v1/webhooks/settings": INLINE_BODY,  # events[] are Event values: checked piecewise
    "PUT /v1/webhooks/settings": INLINE_BODY,  # idem
    "POST /v1/account-groups": INLINE_BODY,
    "PUT /v1/account-groups/{groupId}": INLINE_BODY,
    "PUT /v1/accounts/{accountId}": INLINE_BODY,
    "PUT /v1/accounts/{accountId}/facebook-page": INLINE_BODY,
    "PUT /v1/accounts/{accountId}/gmb-locations": INLINE_BODY,
    "PUT /v1/accounts/{accountId}/linkedin-organization": INLINE_BODY,
    "PUT /v1/accounts/{accountId}/pinterest-boards": INLINE_BODY,
    "PUT /v1/accounts/{accountId}/reddit-subreddits": INLINE_BODY,
    "POST /v1/connect/bluesky/credentials": INLINE_BODY,
    "POST /v1/connect/facebook/select-page": INLINE_BODY,
    "POST /v1/connect/googlebusiness/select-location": INLINE_BODY,
    "POST /v1/connect/linkedin/select-organization": INLINE_BODY,
    "POST /v1/connect/pinterest/select-board": INLINE_BODY,
    "POST /v1/connect/snapchat/select-profile": INLINE_BODY,
    "POST /v1/connect/telegram": INLINE_BODY,
    "POST /v1/connect/{platform}": INLINE_BODY,
    "POST /v1/invite/tokens": INLINE_BODY,
    "POST /v1/media/upload-token": INLINE_BODY,
    "POST /v1/platform-invites": LEGACY,
    "POST /v1/posts/{postId}/retry": NO_BODY,
    "POST /v1/posts/{postId}/unpublish": INLINE_BODY,
    "POST /v1/posts/{postId}/edit": INLINE_BODY,
    "POST /v1/posts/{postId}/review": INLINE_BODY,
    "POST /v1/profiles": INLINE_BODY,
    "PUT /v1/profiles/{profileId}": INLINE_BODY,
    "POST /v1/tools/instagram/hashtag-checker": LEGACY,
    "POST /v1/webhooks/test": INLINE_BODY,
    "PATCH /v1/connect/telegram": NO_BODY,
}

#: operation -> the model of its answer
ANSWERS: dict[str, Answer] = {
    # posts
    "GET /v1/posts": M.PostsListResponse,
    "GET /v1/posts/{postId}": M.PostGetResponse,
    "POST /v1/posts": ByStatus({201: M.PostCreateResponse, 207: M.PostPublishIncompleteResponse}),
    "PUT /v1/posts/{postId}": ByStatus({200: M.PostUpdateResponse, 207: M.PostPublishIncompleteResponse}),
    "DELETE /v1/posts/{postId}": M.PostDeleteResponse,
    "POST /v1/posts/{postId}/retry": ByStatus({200: M.PostRetryResponse, 207: M.PostPublishIncompleteResponse}),
    "POST /v1/posts/bulk-upload": M.BulkUploadResult,
    "POST /v1/posts/{postId}/unpublish": INLINE,
    "POST /v1/posts/{postId}/edit": INLINE,
    "POST /v1/posts/{postId}/review": INLINE,
    # accounts
    "GET /v1/accounts": M.AccountsListResponse,
    "GET /v1/accounts/{accountId}/gmb-reviews": Items("reviews", M.GoogleBusinessReview),
    "GET /v1/accounts/follower-stats": M.FollowerStatsResponse,
    "GET /v1/accounts/{accountId}/linkedin-aggregate-analytics": M.LinkedInAggregateAnalyticsTotalResponse,
    # profiles
    "GET /v1/profiles": M.ProfilesListResponse,
    "GET /v1/profiles/{profileId}": M.ProfileGetResponse,
    "POST /v1/profiles": M.ProfileCreateResponse,
    "PUT /v1/profiles/{profileId}": M.ProfileUpdateResponse,
    "DELETE /v1/profiles/{profileId}": M.ProfileDeleteResponse,
    # media, usage
    "POST /v1/media/upload-token": M.UploadTokenResponse,
    "GET /v1/media/upload-token": M.UploadTokenStatusResponse,
    "GET /v1/usage-stats": M.UsageStats,
    # queue
    "GET /v1/queue/slots": M.QueueSlotsResponse,
    "POST /v1/queue/slots": Under("schedule", M.QueueSchedule),
    "PUT /v1/queue/slots": M.QueueUpdateResponse,
    "DELETE /v1/queue/slots": M.QueueDeleteResponse,
    "GET /v1/queue/preview": M.QueuePreviewResponse,
    "GET /v1/queue/next-slot": M.QueueNextSlotResponse,
    # analytics
    "GET /v1/analytics": M.AnalyticsListResponse,
    "GET /v1/analytics/best-time": INLINE,
    "GET /v1/analytics/youtube/daily-views": M.YouTubeDailyViewsResponse,
    # webhooks
    "GET /v1/webhooks/settings": Items("webhooks", M.Webhook),
    "POST /v1/webhooks/settings": Under("webhook", M.Webhook),
    "PUT /v1/webhooks/settings": Under("webhook", M.Webhook),
    "GET /v1/webhooks/logs": Items("logs", M.WebhookLog),
    # team
    "GET /v1/users": M.UsersListResponse,
    "GET /v1/users/{userId}": M.UserGetResponse,
    "GET /v1/api-keys": Items("apiKeys", M.ApiKey),
    # no model in the SDK
    "DELETE /v1/account-groups/{groupId}": INLINE,
    "DELETE /v1/accounts/{accountId}": INLINE,
    "DELETE /v1/webhooks/settings": INLINE,
    "GET /v1/account-groups": INLINE,
    "GET /v1/accounts/health": INLINE,
    "GET /v1/accounts/{accountId}/health": INLINE,
    "GET /v1/accounts/{accountId}/facebook-page": INLINE,
    "GET /v1/accounts/{accountId}/gmb-locations": INLINE,
    "GET /v1/accounts/{accountId}/linkedin-mentions": INLINE,
    "GET /v1/accounts/{accountId}/linkedin-organizations": INLINE,
    "GET /v1/accounts/{accountId}/linkedin-post-analytics": INLINE,
    "GET /v1/accounts/{accountId}/pinterest-boards": INLINE,
    "GET /v1/accounts/{accountId}/reddit-subreddits": INLINE,
    "GET /v1/accounts/{accountId}/tiktok/creator-info": INLINE,
    "GET /v1/connect/facebook/select-page": INLINE,
    "GET /v1/connect/googlebusiness/locations": INLINE,
    "GET /v1/connect/linkedin/organizations": INLINE,
    "GET /v1/connect/pending-data": INLINE,
    "GET /v1/connect/pinterest/select-board": INLINE,
    "GET /v1/connect/snapchat/select-profile": INLINE,
    "GET /v1/connect/telegram": INLINE,
    "GET /v1/connect/{platform}": INLINE,
    "PATCH /v1/connect/telegram": INLINE,
    "POST /v1/account-groups": INLINE,
    "PUT /v1/account-groups/{groupId}": INLINE,
    "PUT /v1/accounts/{accountId}": INLINE,
    "PUT /v1/accounts/{accountId}/facebook-page": INLINE,
    "PUT /v1/accounts/{accountId}/gmb-locations": INLINE,
    "PUT /v1/accounts/{accountId}/linkedin-organization": INLINE,
    "PUT /v1/accounts/{accountId}/pinterest-boards": INLINE,
    "PUT /v1/accounts/{accountId}/reddit-subreddits": INLINE,
    "POST /v1/connect/bluesky/credentials": INLINE,
    "POST /v1/connect/facebook/select-page": INLINE,
    "POST /v1/connect/googlebusiness/select-location": INLINE,
    "POST /v1/connect/linkedin/select-organization": INLINE,
    "POST /v1/connect/pinterest/select-board": INLINE,
    "POST /v1/connect/snapchat/select-profile": INLINE,
    "POST /v1/connect/telegram": INLINE,
    "POST /v1/connect/{platform}": INLINE,
    "POST /v1/invite/tokens": INLINE,
    "POST /v1/media/presign": INLINE,
    "POST /v1/webhooks/test": INLINE,
    "GET /v1/logs": NoModel("no log models in the SDK"),
    "GET /v1/logs/{logId}": LEGACY,
    "GET /v1/posts/{postId}/logs": LEGACY,
    "GET /v1/connections/logs": LEGACY,
    "GET /v1/platform-invites": LEGACY,
    "POST /v1/platform-invites": LEGACY,
    "DELETE /v1/platform-invites": LEGACY,
    "GET /v1/tools/tiktok/download": INLINE,
    "GET /v1/tools/youtube/download": LEGACY,
    "GET /v1/tools/youtube/transcript": LEGACY,
    "GET /v1/tools/instagram/download": LEGACY,
    "GET /v1/tools/twitter/download": LEGACY,
    "GET /v1/tools/facebook/download": LEGACY,
    "GET /v1/tools/linkedin/download": LEGACY,
    "GET /v1/tools/bluesky/download": LEGACY,
    "POST /v1/tools/instagram/hashtag-checker": LEGACY,
}

#: any refusal (4xx/5xx) is an ErrorResponse
ERROR = M.ErrorResponse

#: the query parameters of the reads whose filters decide an answer (the lost-create lookups among them): operation
#: -> the SDK resource method; every parameter we send must be one of its arguments (camelCased), since an unknown
#: one is a 400 ("a misspelled filter never silently returns the unfiltered list")
QUERIES: dict[str, tuple[type, str]] = {
    "GET /v1/posts": (PostsResource, "list_posts"),
    "GET /v1/profiles": (ProfilesResource, "list_profiles"),
    "GET /v1/accounts": (AccountsResource, "list_accounts"),
    "GET /v1/logs": (LogsResource, "list_logs"),
}
