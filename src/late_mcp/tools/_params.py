"""The parameter types tools share: one name per meaning, `<What>Arg`, each with the description the model reads.

Two parameters that mean different things keep different types even when their names match (a posting tool's
`queue_id` picks a queue for one post; the queue tools' names the queue to change), so each description stays
true where it is shown.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from ._args import IDS_BY_NAME, ONE_OF_A_LIST, TextOrList

#: about a year and a half: further ahead than platforms schedule, far below datetime's range
MAX_MINUTES = 800_000


class _Default(int):
    """A default a tool can tell apart from the same number given (`value is DEFAULT_MINUTES`): pydantic passes a
    default through as it is and builds a plain int from anything the model sends."""


#: schedule_minutes when the model gave none (the documented default, 60)
DEFAULT_MINUTES: int = _Default(60)
#: logs_list's days when the model gave none: one post's logs come whole, so kind=post refuses any other value
DEFAULT_LOG_DAYS = 7

# --- ids and pages ------------------------------------------------------------------------------------------------
#: post_id and profile_id say what they are; an unknown one is answered with the tool that lists them
PostIdArg = str
AccountIdArg = Annotated[str, Field(description="Account ID from accounts_list")]
ProfileIdArg = str
WebhookIdArg = Annotated[str, Field(description="Webhook ID from webhooks_list")]
LimitArg = Annotated[int, Field(ge=1, le=100)]
PageArg = Annotated[int, Field(ge=1)]
DateArg = Annotated[str, Field(description="YYYY-MM-DD")]

# --- platforms ----------------------------------------------------------------------------------------------------
PlatformArg = Annotated[
    str,
    Field(
        description="twitter, instagram, linkedin, tiktok, bluesky, facebook, youtube, pinterest, threads, "
        "googlebusiness, telegram, snapchat, reddit"
    ),
    ONE_OF_A_LIST,
]
PlatformsArg = Annotated[TextOrList, Field(description="Comma-separated, e.g. 'twitter,linkedin'")]

# --- a post: what, where, when ------------------------------------------------------------------------------------
ContentArg = Annotated[str, Field(description="The post text")]
TitleArg = Annotated[str, Field(description="Title of the YouTube video, Pin or Reddit post")]
MediaUrlsArg = Annotated[TextOrList, Field(description="Comma-separated URLs; type from the file extension")]
#: platformSpecificData: free-form per platform, except a thread, whose items the schema spells out
OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "platformSpecificData, e.g. YouTube {visibility}, Pinterest {boardId}, TikTok consent; "
    "threadItems: a thread on X, Threads or Bluesky, one item per post",
    "properties": {
        "threadItems": {
            "type": "array",
            "items": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "object", "properties": {"content": {"type": "string"}, "media_urls": {"type": "string"}}},
                ]
            },
        }
    },
}
OptionsArg = Annotated[dict[str, Any], WithJsonSchema(OPTIONS_SCHEMA)]
PostAccountIdArg = Annotated[str, Field(description="Account ID when a platform has several accounts")]
PostAccountIdsArg = Annotated[TextOrList, Field(description="Account IDs where a platform has several"), IDS_BY_NAME]
PostProfileIdArg = Annotated[str, Field(description="Only use accounts of this profile")]
IsDraftArg = Annotated[bool, Field(description="Save as draft only")]
PublishNowArg = Annotated[bool, Field(description="Publish immediately")]
ScheduleMinutesArg = Annotated[int, Field(ge=1, le=MAX_MINUTES, description="Schedule this many minutes from now")]
ScheduledForArg = Annotated[
    str, Field(description="ISO 8601 time (YYYY-MM-DDTHH:MM); without offset read in `timezone`; or 'best'")
]
TimezoneArg = Annotated[str, Field(description="IANA zone for scheduled_for; default the user's")]
UseQueueArg = Annotated[bool, Field(description="Schedule in the profile's next free queue slot")]
PostQueueIdArg = Annotated[str, Field(description="With use_queue: a specific queue")]

# --- queues -------------------------------------------------------------------------------------------------------
DefaultProfileArg = Annotated[str, Field(description="Profile ID; empty = the default profile")]
QueueIdArg = Annotated[str, Field(description="Queue ID; empty = the profile's default queue")]
SlotsArg = Annotated[
    str | list[str], Field(description="Weekly times, e.g. 'weekdays 09:00, sat 10:30' or 'mon/wed 18:00'")
]
SlotZoneArg = Annotated[str, Field(description="IANA zone of the slots; default the user's")]

# --- connecting accounts ------------------------------------------------------------------------------------------
ConnectPlatformArg = Annotated[str, Field(description="twitter, instagram, linkedin, tiktok, youtube, facebook, ...")]
ConnectProfileArg = Annotated[str, Field(description="Profile to connect to; empty = the default profile")]
CallbackUrlArg = Annotated[str, Field(description="The full URL the user landed on after authorizing")]
