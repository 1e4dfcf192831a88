"""Settings.from_env: aliases, normalisation, and errors that name the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from late_mcp.config import (
    DEFAULT_BASE_URL,
    ENV_VARS,
    ConfigError,
    Settings,
    load_zone,
    normalize_base_url,
)
from late_mcp.zones import system_timezone_name

KEY = "sk_" + "ab" * 32


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No real LATE_*/ZERNIO_* variable of the machine leaks into a test; the system zone is fixed."""
    for name, (aliases, _) in ENV_VARS.items():
        for var in (name, *aliases):
            monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TZ", "Europe/Lisbon")


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.api_key is None
    assert settings.has_key is False
    assert settings.base_url == DEFAULT_BASE_URL == "https://getlate.dev/api"
    assert settings.timezone == "Europe/Lisbon"  # the system's zone
    assert (settings.timeout, settings.publish_timeout) == (30.0, 300.0)
    assert (settings.max_retries, settings.max_retry_wait, settings.concurrency) == (3, 30.0, 5)
    assert settings.log_level == "WARNING"
    assert settings.sandbox is False


def test_reads_os_environ_when_no_mapping_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LATE_API_KEY", KEY)
    monkeypatch.setenv("LATE_TIMEOUT", "12")
    settings = Settings.from_env()
    assert settings.api_key == KEY
    assert settings.timeout == 12.0


def test_every_setting_from_env() -> None:
    settings = Settings.from_env(
        {
            "LATE_API_KEY": KEY,
            "LATE_BASE_URL": "https://zernio.com/api",
            "LATE_TIMEZONE": "America/New_York",
            "LATE_TIMEOUT": "12.5",
            "LATE_PUBLISH_TIMEOUT": "600",
            "LATE_MAX_RETRIES": "5",
            "LATE_MAX_RETRY_WAIT": "0",
            "LATE_CONCURRENCY": "2",
            "LATE_LOG_LEVEL": "debug",
        }
    )
    assert settings.api_key == KEY
    assert settings.has_key is True
    assert settings.base_url == "https://zernio.com/api"
    assert settings.timezone == "America/New_York"
    assert str(settings.zone) == "America/New_York"
    assert (settings.timeout, settings.publish_timeout) == (12.5, 600.0)
    assert settings.max_retries == 5
    assert isinstance(settings.max_retries, int)
    assert settings.max_retry_wait == 0.0
    assert settings.concurrency == 2
    assert isinstance(settings.concurrency, int)
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("env", "key", "base"),
    [
        ({"ZERNIO_API_KEY": KEY}, KEY, DEFAULT_BASE_URL),
        ({"ZERNIO_BASE_URL": "https://zernio.com/api/v1/"}, None, "https://zernio.com/api"),
        ({"LATE_API_KEY": KEY, "ZERNIO_API_KEY": "sk_other"}, KEY, DEFAULT_BASE_URL),
        ({"LATE_API_KEY": "   ", "ZERNIO_API_KEY": KEY}, KEY, DEFAULT_BASE_URL),
        (
            {"LATE_BASE_URL": "https://a.example/api", "ZERNIO_BASE_URL": "https://b.example/api"},
            None,
            "https://a.example/api",
        ),
        ({"LATE_BASE_URL": "", "ZERNIO_BASE_URL": "https://b.example/api"}, None, "https://b.example/api"),
    ],
)
def test_zernio_aliases(env: dict[str, str], key: str | None, base: str) -> None:
    settings = Settings.from_env(env)
    assert (settings.api_key, settings.base_url) == (key, base)


@pytest.mark.parametrize(
    "raw",
    [f"  {KEY}  ", f"{KEY}\n", f"'{KEY}'", f'"{KEY}"', f' " {KEY} " ', f"\t'{KEY}'\r\n"],
)
def test_key_whitespace_and_quotes_are_stripped(raw: str) -> None:
    assert Settings.from_env({"LATE_API_KEY": raw}).api_key == KEY


@pytest.mark.parametrize("raw", ["", "   ", "''", '""', "' '"])
def test_blank_or_quoted_blank_key_means_no_key(raw: str) -> None:
    settings = Settings.from_env({"LATE_API_KEY": raw})
    assert not settings.api_key
    assert settings.has_key is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://getlate.dev/api", "https://getlate.dev/api"),
        ("https://getlate.dev/api/", "https://getlate.dev/api"),
        ("https://getlate.dev/api/v1", "https://getlate.dev/api"),
        ("https://getlate.dev/api/v1/", "https://getlate.dev/api"),
        ("  https://zernio.com/api  ", "https://zernio.com/api"),
        ("http://127.0.0.1:8787/api", "http://127.0.0.1:8787/api"),
        ("http://localhost:8787", "http://localhost:8787"),
    ],
)
def test_base_url_normalisation(raw: str, expected: str) -> None:
    assert normalize_base_url(raw) == expected
    assert Settings.from_env({"LATE_BASE_URL": raw}).base_url == expected


@pytest.mark.parametrize("raw", ["getlate.dev/api", "ftp://getlate.dev/api", "/api"])
def test_base_url_without_http_scheme_is_refused(raw: str) -> None:
    with pytest.raises(ConfigError, match="LATE_BASE_URL"):
        Settings.from_env({"LATE_BASE_URL": raw})


NUMBERS = [
    "LATE_TIMEOUT",
    "LATE_PUBLISH_TIMEOUT",
    "LATE_MAX_RETRIES",
    "LATE_MAX_RETRY_WAIT",
    "LATE_MAX_TOTAL_WAIT",
    "LATE_CONCURRENCY",
]


@pytest.mark.parametrize("raw", ["abc", "30s", "1,5"])
@pytest.mark.parametrize("name", NUMBERS)
def test_bad_numbers_name_the_variable(name: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=name) as caught:
        Settings.from_env({name: raw})
    assert raw in str(caught.value)


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("LATE_TIMEOUT", "0"),
        ("LATE_TIMEOUT", "-5"),
        ("LATE_PUBLISH_TIMEOUT", "0.5"),
        ("LATE_MAX_RETRIES", "-1"),
        ("LATE_MAX_RETRY_WAIT", "-1"),
        ("LATE_MAX_TOTAL_WAIT", "-1"),
        ("LATE_CONCURRENCY", "0"),
    ],
)
def test_numbers_below_their_minimum_name_the_variable(name: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: raw})


@pytest.mark.parametrize(
    ("name", "raw"),
    [("LATE_TIMEOUT", "nan"), ("LATE_MAX_RETRIES", "inf"), ("LATE_CONCURRENCY", "nan")],
)
def test_non_finite_numbers_name_the_variable(name: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: raw})


def test_unknown_time_zone_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Mars/Olympus_Mons"):
        Settings.from_env({"LATE_TIMEZONE": "Mars/Olympus_Mons"})


def test_a_misspelt_time_zone_gets_the_nearest_names() -> None:
    with pytest.raises(ConfigError, match=r"LATE_TIMEZONE.*'Europe/Berln': did you mean 'Europe/Berlin'\?"):
        Settings.from_env({"LATE_TIMEZONE": "Europe/Berln"})


def test_unknown_time_zone_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="LATE_TIMEZONE"):
        Settings.from_env({"LATE_TIMEZONE": "Mars/Olympus_Mons"})


@pytest.mark.parametrize("level", ["verbose", "warn", "5", "critical"])
def test_bad_log_level_names_the_variable(level: str) -> None:
    with pytest.raises(ConfigError, match="LATE_LOG_LEVEL"):
        Settings.from_env({"LATE_LOG_LEVEL": level})


@pytest.mark.parametrize("level", ["DEBUG", "info", "Warning", "error"])
def test_log_levels_are_case_insensitive(level: str) -> None:
    assert Settings.from_env({"LATE_LOG_LEVEL": level}).log_level == level.upper()


def test_logging_peoples_content_needs_debug_and_an_explicit_yes() -> None:
    assert Settings.from_env({}).log_content is False
    assert Settings.from_env({"LATE_LOG_LEVEL": "debug", "LATE_LOG_CONTENT": "true"}).log_content is True
    for level in ("", "INFO", "WARNING"):
        with pytest.raises(ConfigError, match=r"LATE_LOG_CONTENT=true .* LATE_LOG_LEVEL=DEBUG"):
            Settings.from_env({"LATE_LOG_LEVEL": level, "LATE_LOG_CONTENT": "true"})


def test_load_zone_explains_what_is_accepted() -> None:
    assert str(load_zone("Asia/Tokyo")) == "Asia/Tokyo"
    for bad in ("Nowhere/City", "../../etc/passwd", "/etc/localtime"):
        with pytest.raises(ConfigError, match="IANA"):
            load_zone(bad)


def test_system_zone_prefers_tz_and_falls_back_to_a_valid_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", ":Asia/Kolkata")
    assert system_timezone_name() == "Asia/Kolkata"
    monkeypatch.setenv("TZ", "Not/AZone")
    load_zone(system_timezone_name())  # whatever the machine says, it is a usable zone


@pytest.mark.parametrize("folder", ["", "posix/", "right/"])
def test_system_zone_linked_into_a_copy_of_the_database_is_the_place(
    monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    # posix/ and right/ are copies under other names; right/ counts leap seconds and zoneinfo reads it wrong
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr("os.path.realpath", lambda path: f"/usr/share/zoneinfo/{folder}Europe/Berlin")
    assert system_timezone_name() == "Europe/Berlin"
    with pytest.raises(ConfigError, match="did you mean 'Europe/Berlin'"):
        load_zone("right/Europe/Berlin")


@pytest.mark.parametrize(
    ("zone", "words"),
    [
        ("EST", ["abbreviation", "America/New_York"]),  # a fixed UTC-5 file: an hour wrong all summer
        ("Etc/GMT+2", ["fixed offset", "UTC-2"]),  # POSIX sign: UTC-2, not what "GMT+2" reads as
        ("IST", ["abbreviation", "Asia/Kolkata", "Europe/Dublin"]),
    ],
)
def test_a_configured_zone_that_is_no_place_is_refused_like_a_tool_argument(zone: str, words: list[str]) -> None:
    # the default zone every time without an offset is read in: what a tool refuses as `timezone` is no default
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"LATE_TIMEZONE": zone})
    for word in ("LATE_TIMEZONE", *words):
        assert word in str(caught.value)


def test_utc_and_places_are_configured_zones() -> None:
    for zone in ("UTC", "Etc/UTC", "Europe/London", "US/Eastern"):
        assert Settings.from_env({"LATE_TIMEZONE": zone}).timezone == zone


def test_with_overrides_replaces_only_what_is_given() -> None:
    base = Settings.from_env({"LATE_API_KEY": KEY, "LATE_TIMEOUT": "12"})
    changed = base.with_overrides(timezone="Asia/Tokyo", sandbox=True)
    assert (changed.api_key, changed.timeout, changed.timezone, changed.sandbox) == (KEY, 12.0, "Asia/Tokyo", True)
    assert (base.timezone, base.sandbox) == ("Europe/Lisbon", False)


def test_every_documented_variable_has_help_and_the_zernio_aliases() -> None:
    assert set(ENV_VARS) >= {"LATE_API_KEY", "LATE_BASE_URL", "LATE_TIMEZONE", "LATE_TIMEOUT", "LATE_PUBLISH_TIMEOUT"}
    assert ENV_VARS["LATE_API_KEY"][0] == ("ZERNIO_API_KEY",)
    assert ENV_VARS["LATE_BASE_URL"][0] == ("ZERNIO_BASE_URL",)
    assert all(help_text.strip() for _, help_text in ENV_VARS.values())


def test_zones_resolve_on_a_machine_without_a_zone_database(tmp_path: Path) -> None:
    # Windows and slim containers have no /usr/share/zoneinfo: every IANA name was "unknown", Europe/Berlin included
    code = "from late_mcp.config import Settings; print(Settings.from_env({'LATE_TIMEZONE': 'Europe/Berlin'}).zone)"
    env = {**os.environ, "PYTHONTZPATH": str(tmp_path)}  # an empty folder: no system zone files
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Europe/Berlin"
