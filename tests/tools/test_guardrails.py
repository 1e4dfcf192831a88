"""The plain functions behind the tools: mode, time, accounts, media types, ids."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from late_mcp.errors import AmbiguousAccountError, InputError, message_for
from late_mcp.models.accounts import Account
from late_mcp.tools._args import NeedsTool, check_id, platform_name, text_list
from late_mcp.tools._params import DEFAULT_MINUTES
from late_mcp.tools.media_urls import media_items, media_type_of
from late_mcp.tools.posts.args import TargetIn
from late_mcp.tools.posts.body import build_payload
from late_mcp.tools.posts.targets import Entry, build_entries, resolve_targets
from late_mcp.tools.posts.when import When, choose_when

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)


def when(**kw: object) -> When:
    args: dict[str, object] = {
        "is_draft": False,
        "publish_now": False,
        "schedule_minutes": DEFAULT_MINUTES,
        "scheduled_for": "",
        "timezone": "",
        "zone": LA,
        "now": NOW,
    }
    args.update(kw)
    return choose_when(**args)  # type: ignore[arg-type]


class TestChooseWhen:
    def test_default_is_one_hour_from_now_in_utc(self) -> None:
        chosen = when()
        assert chosen.mode == "scheduled"
        assert chosen.at == NOW + timedelta(hours=1)
        assert chosen.at is not None
        assert chosen.at.utcoffset() == timedelta(0)

    def test_west_of_utc_user_gets_the_future_not_the_past(self) -> None:
        # 11:30 in Los Angeles on a day when it is 10:00 there (18:00 UTC): 19:30 UTC, still ahead.
        chosen = when(scheduled_for="2026-11-22T11:30")
        assert chosen.at == datetime(2026, 11, 22, 19, 30, tzinfo=timezone.utc)

    def test_naive_time_read_in_given_timezone(self) -> None:
        chosen = when(scheduled_for="2026-11-23 09:00", timezone="Europe/Berlin")
        assert chosen.at == datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)

    def test_offset_wins_over_zone(self) -> None:
        chosen = when(scheduled_for="2026-11-23T09:00:00+05:30")
        assert chosen.at == datetime(2026, 11, 23, 3, 30, tzinfo=timezone.utc)

    def test_past_time_refused(self) -> None:
        with pytest.raises(InputError, match="in the past"):
            when(scheduled_for="2026-11-22T09:00")  # 09:00 LA = 17:00 UTC, before NOW

    def test_draft_and_now_conflict(self) -> None:
        with pytest.raises(InputError, match="Choose one"):
            when(is_draft=True, publish_now=True)

    def test_scheduled_for_with_publish_now_conflicts(self) -> None:
        with pytest.raises(InputError, match="scheduled_for"):
            when(publish_now=True, scheduled_for="2027-01-01T00:00")

    def test_bad_zone_and_bad_time(self) -> None:
        with pytest.raises(InputError, match="IANA"):
            when(scheduled_for="2027-01-01T09:00", timezone="Mars/Olympus")
        with pytest.raises(InputError, match="ISO 8601"):
            when(scheduled_for="whenever suits")
        with pytest.raises(InputError, match="9 can be 09:00 or 21:00"):  # a day word is read; a bare 9 is not
            when(scheduled_for="tomorrow at 9")

    def test_modes(self) -> None:
        assert when(is_draft=True) == When("draft")
        assert when(publish_now=True) == When("now")


def acct(id_: str, platform: str, profile: str = "p1", active: bool = True, user: str = "acme") -> Account:
    return Account.model_validate(
        {"_id": id_, "platform": platform, "username": user, "profileId": profile, "isActive": active}
    )


ACCOUNTS = [
    acct("a1", "twitter", "p1"),
    acct("a2", "twitter", "p2", user="acme_eu"),
    acct("a3", "linkedin", "p1"),
    acct("a4", "tiktok", "p1", active=False),
]


class TestResolveTargets:
    def test_single_match(self) -> None:
        [t] = resolve_targets(ACCOUNTS, platforms=["linkedin"])
        assert t.account.id == "a3"

    def test_two_accounts_never_guessed(self) -> None:
        with pytest.raises(AmbiguousAccountError) as err:
            resolve_targets(ACCOUNTS, platforms=["twitter"])
        assert "a1" in str(err.value)
        assert "a2" in str(err.value)
        assert "account_id" in str(err.value)

    def test_profile_or_id_disambiguates(self) -> None:
        assert resolve_targets(ACCOUNTS, platforms=["twitter"], profile_id="p2")[0].account.id == "a2"
        assert resolve_targets(ACCOUNTS, platforms=["twitter"], account_ids=["a1"])[0].account.id == "a1"

    def test_cross_post_mixes_ids_and_names(self) -> None:
        targets = resolve_targets(ACCOUNTS, platforms=["twitter", "linkedin"], account_ids=["a2"])
        assert [(t.platform, t.account.id) for t in targets] == [("twitter", "a2"), ("linkedin", "a3")]

    def test_unknown_id_missing_platform_inactive_mismatch(self) -> None:
        with pytest.raises(InputError, match="not one of your connected"):
            resolve_targets(ACCOUNTS, platforms=["twitter"], account_ids=["zzz"])
        with pytest.raises(InputError, match="No bluesky account"):
            resolve_targets(ACCOUNTS, platforms=["bluesky"])
        with pytest.raises(InputError, match="reconnect"):
            resolve_targets(ACCOUNTS, platforms=["tiktok"])
        with pytest.raises(InputError, match="linkedin account"):
            resolve_targets(ACCOUNTS, platforms=["twitter"], account_ids=["a1", "a3"])


class TestMedia:
    @pytest.mark.parametrize(
        ("url", "kind"),
        [
            ("https://cdn.example/a/photo.JPG", "image"),
            ("https://cdn.example/photo.webp?w=100", "image"),
            ("https://cdn.example/anim.gif", "gif"),
            ("https://cdn.example/clip.mov#t=3", "video"),
            ("https://cdn.example/deck.pdf", "document"),
            ("https://cdn.example/my%20video.mp4", "video"),
        ],
    )
    def test_type_from_path_extension(self, url: str, kind: str) -> None:
        assert media_type_of(url) == kind

    @pytest.mark.parametrize(
        "url",
        [
            "https://cdn.example/video.mp4.html",  # a substring test would call this a video
            "https://cdn.example/download?file=a.png",  # the extension is in the query, not the path
            "https://cdn.example/noext",
        ],
    )
    def test_unknown_extension_is_an_error_naming_the_url(self, url: str) -> None:
        with pytest.raises(InputError) as err:
            media_type_of(url)
        assert url in str(err.value)

    def test_forms(self) -> None:
        assert [m.type for m in media_items("https://x.io/a.png, https://x.io/b.mp4")] == ["image", "video"]
        assert [m.url for m in media_items(["https://x.io/a.png"])] == ["https://x.io/a.png"]
        assert media_items('["https://x.io/a.png"]')[0].type == "image"
        explicit = media_items('[{"url": "https://cdn.example/blob/123", "type": "video"}]')
        assert (explicit[0].url, explicit[0].type) == ("https://cdn.example/blob/123", "video")
        assert media_items("") == []
        with pytest.raises(InputError, match="http"):
            media_items("file:///etc/passwd.png")


class TestArgs:
    def test_platform_aliases_and_unknown(self) -> None:
        assert platform_name(" X ") == "twitter"
        assert platform_name("Google Business") == "googlebusiness"
        with pytest.raises(InputError, match="twitter, instagram"):
            platform_name("myspace")

    @pytest.mark.parametrize("bad", ["", " ", "../etc", "a/b", "x?y=1", "id with space", "é" * 3, "a" * 200])
    def test_bad_ids_refused(self, bad: str) -> None:
        with pytest.raises(InputError, match="not a valid id") as refused:
            check_id(bad, "post_id", list_tool="posts_list")
        assert isinstance(refused.value, NeedsTool)
        assert refused.value.needs == "posts_list"  # the tool layer words the step for the request
        assert message_for(refused.value).endswith("Call posts_list to get ids.")

    def test_text_list(self) -> None:
        assert text_list("twitter, linkedin,,", "platforms") == ["twitter", "linkedin"]
        assert text_list('["a","b"]', "x") == ["a", "b"]
        with pytest.raises(InputError):
            text_list("[1, 2]", "x")


def entries(accounts: list[Account], platforms: list[str], **kw: object) -> list[Entry]:
    args: dict[str, object] = {"account_ids": [], "profile_id": None, "targets": [], "options": {}, "title": ""}
    args.update(kw)
    return build_entries(accounts, platforms=platforms, **args)  # type: ignore[arg-type]


def test_payload_shapes_title_and_schedule() -> None:
    at = NOW + timedelta(hours=2)
    payload = build_payload(
        content="hi", entries=entries(ACCOUNTS, ["linkedin"]), media=[], title="T", when=When("scheduled", at)
    )
    assert payload == {
        "content": "hi",
        "platforms": [{"platform": "linkedin", "accountId": "a3"}],
        "title": "T",
        "scheduledFor": "2026-11-22T20:00:00.000Z",
        "timezone": "UTC",
    }
    yt = entries([acct("y1", "youtube")], ["youtube"], title="My video")
    payload = build_payload(content="d", entries=yt, media=[], title="My video", when=When("now"))
    assert payload["platforms"][0]["platformSpecificData"] == {"title": "My video"}
    assert payload["publishNow"] is True
    assert "scheduledFor" not in payload


class TestTargets:
    def test_per_target_text_media_options_and_multi_page(self) -> None:
        fb = [acct("f1", "facebook"), acct("t1", "twitter"), acct("y1", "youtube")]
        targets = [
            TargetIn(
                platform="twitter",
                options={"threadItems": [{"content": "1/"}, {"content": "2/", "media_urls": "https://x.io/a.png"}]},
            ),
            TargetIn(platform="facebook", content="page A", options={"pageId": "A"}),
            TargetIn(platform="facebook", content="page B", options={"pageId": "B"}),
        ]
        built = entries(fb, ["youtube"], targets=targets, title="Vid")
        payload = build_payload(content="shared", entries=built, media=[], title="Vid", when=When("draft"))
        by = [(p["platform"], p.get("customContent"), p.get("platformSpecificData")) for p in payload["platforms"]]
        assert by == [
            ("youtube", None, {"title": "Vid"}),
            (
                "twitter",
                None,
                {
                    "threadItems": [
                        {"content": "1/"},
                        {"content": "2/", "mediaItems": [{"type": "image", "url": "https://x.io/a.png"}]},
                    ]
                },
            ),
            ("facebook", "page A", {"pageId": "A"}),
            ("facebook", "page B", {"pageId": "B"}),
        ]

    def test_options_are_validated_per_platform(self) -> None:
        with pytest.raises(InputError, match="youtube options: visibilty is not a youtube option"):
            entries([acct("y1", "youtube")], ["youtube"], options={"visibilty": "public"})
        with pytest.raises(InputError, match="visibility"):
            entries([acct("y1", "youtube")], ["youtube"], options={"visibility": "everyone"})

    def test_queue_needs_one_profile(self) -> None:
        built = entries(ACCOUNTS, ["linkedin"])
        payload = build_payload(content="q", entries=built, media=[], title="", when=When("queue", queue_id="q1"))
        assert payload["queuedFromProfile"] == "p1"
        assert payload["queueId"] == "q1"
        mixed = entries(ACCOUNTS, ["linkedin", "twitter"], account_ids=["a2"])
        with pytest.raises(InputError, match="one profile"):
            build_payload(content="q", entries=mixed, media=[], title="", when=When("queue"))


@pytest.mark.parametrize("path", ["/Users/jane/Pictures/studio.png", "~/Pictures/studio.png", "file:///tmp/a.png",
                                  "C:\\Users\\jane\\studio.png"])  # fmt: skip
def test_a_file_path_as_media_url_says_to_upload_it_first(path: str) -> None:
    # a model passes the file it was told about; "must be an http(s) URL" left it without the next step
    with pytest.raises(InputError, match="a file on this computer, not an http\\(s\\) URL") as refused:
        media_items(path)
    assert "Upload it first with media_upload_file" in refused.value.hint
