"""The safety settings: read from the environment and flags, checked, and shown by doctor."""

from __future__ import annotations

from pathlib import Path

import pytest

from late_mcp.commands.checks import check_safety
from late_mcp.config import ConfigError, Settings
from late_mcp.startup import build_parser, settings_from


def test_defaults_are_confirm_live_and_a_journal_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings.from_env({"XDG_DATA_HOME": str(tmp_path)})
    assert settings.confirm == "live"
    assert not settings.confirm_required
    assert settings.allow_publish_now
    assert settings.max_posts_per_day == 0
    assert settings.journal.endswith("late-mcp/journal.sqlite3")


def test_every_setting_is_read() -> None:
    settings = Settings.from_env({
        "LATE_CONFIRM": "ALL", "LATE_CONFIRM_REQUIRED": "true", "LATE_ALLOW_ACCOUNTS": " @acme , 123,@acme",
        "LATE_ALLOW_PUBLISH_NOW": "false", "LATE_MAX_POSTS_PER_DAY": "5", "LATE_JOURNAL": "off",
        "LATE_REQUIRE_APPROVAL": "yes",
    })  # fmt: skip
    assert (settings.confirm, settings.confirm_required) == ("all", True)
    assert settings.allow_accounts == ("@acme", "123")
    assert (settings.allow_publish_now, settings.max_posts_per_day) == (False, 5)
    assert settings.journal == ""
    assert settings.require_approval


@pytest.mark.parametrize(
    ("env", "named"),
    [({"LATE_CONFIRM": "sometimes"}, "LATE_CONFIRM"), ({"LATE_MAX_POSTS_PER_DAY": "-1"}, "LATE_MAX_POSTS_PER_DAY"),
     ({"LATE_ALLOW_PUBLISH_NOW": "maybe"}, "LATE_ALLOW_PUBLISH_NOW")],
)  # fmt: skip
def test_bad_values_name_the_setting(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)


def test_the_confirm_flag_overrides_the_environment() -> None:
    args = build_parser().parse_args(["--confirm", "off"])
    assert settings_from(args, {"LATE_CONFIRM": "all"}).confirm == "off"


def test_doctor_lists_the_policy_the_journal_and_the_rails(tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    settings = Settings(journal=str(journal), allow_accounts=("@acme",), max_posts_per_day=3)
    fresh = check_safety(settings)
    assert fresh.status == "ok"
    assert "made on the first write" in fresh.detail
    assert not journal.exists()  # doctor does not make it
    assert "LATE_ALLOW_ACCOUNTS: only @acme" in fresh.detail
    assert "LATE_MAX_POSTS_PER_DAY=3" in fresh.detail
    journal.write_bytes(b"broken" * 100)
    broken = check_safety(settings)
    assert broken.status == "warning"
    assert "journal unavailable" in broken.detail
