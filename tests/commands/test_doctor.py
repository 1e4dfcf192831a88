"""doctor: every check on its own (each failure mode), and the command end to end against the sandbox."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import anyio
import httpx
import pytest

from late_mcp.commands import doctor, hostconfig
from late_mcp.commands.apichecks import api_checks
from late_mcp.commands.checks import (
    Check,
    check_clock,
    check_host_config,
    check_key,
    check_timezone,
    check_uvx,
)
from late_mcp.config import Settings
from late_mcp.sandbox.runner import RunningSandbox

from .conftest import WRONG_KEY

KEY = "sk_" + "a1b2c3d4" * 7 + "0000e1f2"


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def run_doctor(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Check], str]:
    code = doctor.main(["--json", *argv])
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["ok"] is (code == 0)
    return code, {c["name"]: Check(**c) for c in data["checks"]}, out


# ---------------------------------------------------------------- the key, never shown


def test_well_formed_key_is_ok_and_only_previewed() -> None:
    check = check_key({"LATE_API_KEY": KEY})
    assert check.status == "ok"
    assert "sk_a1b2…e1f2" in check.detail
    assert KEY not in check.detail


def test_missing_key_says_only_the_sandbox_works_and_how_to_check_it() -> None:
    check = check_key({})
    assert check.status == "warning"
    assert "only `--sandbox` works" in check.detail
    assert "`late-mcp doctor --sandbox`" in check.detail
    assert "getlate.dev/dashboard/api-keys" in check.fix


def test_missing_key_is_fine_for_a_sandbox_entry_and_a_problem_for_a_real_one() -> None:
    """The entry `config --sandbox` writes needs no key; one that runs the real API without a key cannot work."""
    sandbox = check_key({}, host_runs="sandbox")
    assert sandbox.status == "ok"
    assert "runs --sandbox" in sandbox.detail
    real = check_key({}, host_runs="api")
    assert real.status == "problem"
    assert "getlate.dev/dashboard/api-keys" in real.fix
    assert "config claude-desktop --write --sandbox" in real.fix


@pytest.mark.parametrize("raw", [f" {KEY}", f"{KEY}\n", f"  {KEY}  "])
def test_key_with_surrounding_whitespace_is_named(raw: str) -> None:
    check = check_key({"LATE_API_KEY": raw})
    assert check.status == "warning"
    assert "spaces" in check.detail
    assert KEY not in check.detail + check.fix


@pytest.mark.parametrize("raw", [f'"{KEY}"', f"'{KEY}'"])
def test_key_in_quotes_is_named(raw: str) -> None:
    check = check_key({"LATE_API_KEY": raw})
    assert check.status == "warning"
    assert "quotes" in check.detail


def test_curly_quotes_are_a_problem_because_the_server_keeps_them() -> None:
    check = check_key({"LATE_API_KEY": f"“{KEY}”"})
    assert check.status == "problem"
    assert "quotes" in check.detail


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("a1b2" * 16, "does not start with sk_"),
        ("sk_" + "a1b2" * 15, "60 characters"),
        ("sk_" + "a1b2" * 8 + " " + "a1b2" * 8, "space inside"),
        ("sk_" + "zz" * 32, "other than 0-9"),
    ],
)
def test_malformed_key_is_a_problem_that_says_what_is_wrong(raw: str, says: str) -> None:
    check = check_key({"LATE_API_KEY": raw})
    assert check.status == "problem"
    assert says in check.detail
    assert raw.strip() not in check.detail


def test_a_short_malformed_value_is_named_by_its_length_in_a_sentence() -> None:
    check = check_key({"LATE_API_KEY": "sk_SECRETabc123 "})
    assert check.detail.startswith("The value from $LATE_API_KEY (15 characters) does not look like a Late key")
    assert "SECRET" not in check.detail + check.fix


def test_alias_is_read_and_placeholder_is_caught() -> None:
    assert check_key({"ZERNIO_API_KEY": KEY}).detail.endswith("from $ZERNIO_API_KEY (sk_ + 64 hex characters)")
    assert check_key({"LATE_API_KEY": "sk_your_key_here"}).status == "problem"


# ---------------------------------------------------------------- clock, zone, uvx


def test_clock_within_two_minutes_is_ok_and_beyond_is_a_warning() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    assert check_clock(format_datetime(now - timedelta(seconds=30), usegmt=True), now).status == "ok"
    skewed = check_clock(format_datetime(now - timedelta(minutes=7), usegmt=True), now)
    assert skewed.status == "warning"
    assert "7 min ahead of" in skewed.detail
    assert "behind" in check_clock(format_datetime(now + timedelta(hours=3), usegmt=True), now).detail
    assert check_clock(None, None).status == "warning"


def test_clock_skew_is_measured_against_the_apis_date_header() -> None:
    """api_checks reads Date from a real response (here a mock API whose clock is 10 minutes behind)."""
    date = format_datetime(datetime.now(timezone.utc) - timedelta(minutes=10), usegmt=True)

    def handler(request: httpx.Request) -> httpx.Response:
        bodies = {
            "/api/v1/accounts": {"accounts": []},
            "/api/v1/usage-stats": {"planName": "Free"},
            "/api/v1/accounts/health": {"accounts": []},
        }
        if request.url.path not in bodies:
            return httpx.Response(404, headers={"Date": date})
        return httpx.Response(200, json=bodies[request.url.path], headers={"Date": date})

    settings = Settings(api_key=KEY, base_url="https://api.test/api")
    checks = by_name(anyio.run(api_checks, settings, httpx.MockTransport(handler)))
    assert checks["clock"].status == "warning"
    assert "10 min ahead of" in checks["clock"].detail
    assert checks["accounts"].status == "warning"  # none connected


def test_timezone_says_where_it_comes_from() -> None:
    ok = check_timezone("Europe/Berlin", {"LATE_TIMEZONE": "Europe/Berlin"})
    assert ok.status == "ok"
    assert "from LATE_TIMEZONE" in ok.detail
    assert check_timezone("UTC", {}).status == "warning"


def test_uvx_missing_is_a_warning_with_the_install_line() -> None:
    check = check_uvx(lambda name: None)
    assert check.status == "warning"
    assert "astral.sh/uv/install.sh" in check.fix
    found = check_uvx(lambda name: f"/opt/uv/bin/{name}")
    assert found.status == "ok"
    assert "/opt/uv/bin/uvx" in found.detail


# ---------------------------------------------------------------- against the sandbox API


def test_healthy_sandbox_setup(use_sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    code, checks, out = run_doctor([], capsys)
    assert code == 0
    assert {checks[n].status for n in ("API key", "base URL", "API", "plan", "accounts", "clock")} == {"ok"}
    assert "Basic" in checks["plan"].detail
    assert "twitter 2" in checks["accounts"].detail
    assert use_sandbox.api_key not in out


def test_account_needing_reconnect_is_named(use_sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    _, checks, _ = run_doctor([], capsys)
    health = checks["account health"]
    assert health.status == "warning"
    assert "facebook" in health.detail
    assert "Reconnect" in health.fix


def test_wrong_key_is_a_401_problem(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LATE_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("LATE_API_KEY", WRONG_KEY)
    code, checks, out = run_doctor([], capsys)
    assert code == 1
    assert checks["API key"].status == "ok"  # well-formed...
    assert checks["API"].status == "problem"  # ...but refused
    assert "401" in checks["API"].detail
    assert "plan" not in checks
    assert WRONG_KEY not in out


def test_unreachable_api_is_a_problem(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("LATE_BASE_URL", f"http://127.0.0.1:{port}/api")
    monkeypatch.setenv("LATE_API_KEY", KEY)
    code, checks, _ = run_doctor([], capsys)
    assert code == 1
    assert checks["API"].status == "problem"
    assert "Could not reach" in checks["API"].detail
    assert "LATE_BASE_URL" in checks["API"].fix


@pytest.fixture
def failing_accounts(use_sandbox: RunningSandbox) -> Iterator[None]:
    rule = use_sandbox.faults.add({"path": "/api/v1/accounts", "status": 503})
    yield
    use_sandbox.faults.remove(rule.id)


@pytest.mark.usefixtures("failing_accounts")
def test_server_error_is_a_problem_on_lates_side(capsys: pytest.CaptureFixture[str]) -> None:
    code, checks, _ = run_doctor([], capsys)
    assert code == 1
    assert checks["API"].status == "problem"
    assert "503" in checks["API"].detail
    assert "Late's side" in checks["API"].detail


def test_missing_key_is_a_warning_and_the_rest_is_still_checked(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a key only --sandbox works: plain doctor says so, and calls nothing of the person's set-up broken."""
    code, checks, _ = run_doctor([], capsys)
    assert code == 0
    assert checks["API key"].status == "warning"
    assert "`late-mcp doctor --sandbox`" in checks["API key"].detail
    assert checks["API"].status == "warning"  # not checked
    assert {"versions", "uvx", "time zone"} <= set(checks)


@pytest.mark.parametrize(("flags", "code", "status"), [(["--sandbox"], 0, "ok"), ([], 1, "problem")])
def test_missing_key_with_the_entry_config_wrote(
    flags: list[str], code: int, status: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After `config claude-desktop --write --sandbox` (the README's keyless path) plain doctor finds nothing wrong;
    after `config claude-desktop --write` without a key the entry cannot work, and doctor says so."""
    path = tmp_path / "claude_desktop_config.json"
    assert hostconfig.main(["claude-desktop", "--write", "--launch", "uvx", "--config-file", str(path), *flags]) == 0
    entry = json.loads(path.read_text())["mcpServers"]["late"]
    entry.pop("env", None)  # no key anywhere, not even the placeholder
    path.write_text(json.dumps({"mcpServers": {"late": entry}}))
    capsys.readouterr()
    got, checks, _ = run_doctor(["--config-file", str(path)], capsys)
    assert (got, checks["API key"].status) == (code, status)


def test_uvx_missing_through_the_command(
    use_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    code, checks, _ = run_doctor([], capsys)
    assert checks["uvx"].status == "warning"
    assert code == 0  # a warning: `--launch installed` works without uvx


def test_sandbox_flag_needs_no_key(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LATE_API_KEY", raising=False)
    monkeypatch.delenv("ZERNIO_API_KEY", raising=False)
    code, checks, _ = run_doctor(["--sandbox", "--config-file", "/nonexistent/claude.json"], capsys)
    assert code == 0
    assert "sandbox key" in checks["API key"].detail
    assert "not used" not in checks["API key"].detail  # there is no key of the person's to speak of
    assert checks["API"].status == "ok"
    monkeypatch.setenv("LATE_API_KEY", KEY)
    _, checks, out = run_doctor(["--sandbox", "--config-file", "/nonexistent/claude.json"], capsys)
    assert "your LATE_API_KEY is not used with --sandbox" in checks["API key"].detail
    assert KEY not in out


def test_text_output_names_each_check(use_sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert doctor.main([]) == 0
    out = capsys.readouterr().out
    assert "ok       API key" in out
    assert "warning  account health" in out
    assert "fix: Reconnect" in out
    assert use_sandbox.api_key not in out


# ---------------------------------------------------------------- the host's config file


def test_malformed_claude_config_is_a_problem_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "claude_desktop_config.json"
    path.write_text('{\n  "mcpServers": {\n    "late": {"command": "uvx"},\n  }\n}\n')
    check = check_host_config(path).check
    assert check.status == "problem"
    assert "line 4, column 3" in check.detail
    assert "trailing comma" in check.detail


@pytest.mark.parametrize(
    ("entry", "status", "says"),
    [
        ({"command": "/nonexistent/uvx"}, "problem", "does not exist"),
        ({"command": "/bin/sh", "args": ["--from", "/nonexistent/late-mcp", "late-mcp"]}, "problem", "--from"),
        ({"command": "sh", "args": []}, "warning", "by name"),
        ({"command": "/bin/sh", "args": ["--from", "late-mcp", "late-mcp"]}, "ok", "runs /bin/sh"),
    ],
)
def test_claude_config_entry_is_checked(entry: dict[str, object], status: str, says: str, tmp_path: Path) -> None:
    path = tmp_path / "claude_desktop_config.json"
    path.write_text(json.dumps({"mcpServers": {"late": entry}}))
    check = check_host_config(path).check
    assert check.status == status
    assert says in check.detail


def test_a_sandbox_entry_in_the_claude_config_is_named_and_its_key_not_tested(tmp_path: Path) -> None:
    """A `--sandbox` entry needs no key: a placeholder left in it must not be reported as the key the host uses."""
    path = tmp_path / "claude_desktop_config.json"
    entry = {
        "command": "/bin/sh",
        "args": ["--sandbox"],
        "env": {"LATE_API_KEY": "sk_your_key_here", "LATE_TIMEZONE": "UTC"},
    }
    path.write_text(json.dumps({"mcpServers": {"late": entry}}))
    check, env, runs = check_host_config(path)
    assert check.status == "ok"
    assert "--sandbox" in check.detail
    assert env == {"LATE_TIMEZONE": "UTC"}
    assert runs == "sandbox"


def test_key_only_in_the_claude_config_is_the_one_tested(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """People put the key in the host's config, not their shell: doctor must test what the host will use."""
    path = tmp_path / "claude_desktop_config.json"
    entry = {
        "command": shutil.which("uvx") or "/bin/sh",
        "args": [],
        "env": {"LATE_API_KEY": f" {sandbox.api_key} ", "LATE_BASE_URL": sandbox.base_url},
    }
    path.write_text(json.dumps({"mcpServers": {"late": entry}}))
    code, checks, _ = run_doctor(["--config-file", str(path)], capsys)
    assert code == 0
    assert "in the Claude Desktop config" in checks["API key"].detail
    assert checks["API key"].status == "warning"  # the stray spaces
    assert checks["API"].status == "ok"


def test_a_bad_setting_under_sandbox_is_the_only_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`doctor --sandbox` needs no key: a bad setting must not also bring "not set, try doctor --sandbox"."""
    monkeypatch.delenv("LATE_API_KEY", raising=False)
    monkeypatch.delenv("ZERNIO_API_KEY", raising=False)
    monkeypatch.setenv("LATE_TIMEOUT", "abc")
    code, checks, _ = run_doctor(["--sandbox", "--config-file", "/nonexistent/claude.json"], capsys)
    assert code == 1
    assert checks["settings"].status == "problem"
    assert "LATE_TIMEOUT" in checks["settings"].detail
    assert "API key" not in checks


def test_a_sandbox_data_dir_it_cannot_use_is_a_problem_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    argv = ["--sandbox", "--data-dir", str(blocker / "sandbox"), "--config-file", "/nonexistent/claude.json"]
    code, checks, _ = run_doctor(argv, capsys)
    assert code == 1
    assert checks["sandbox"].status == "problem"
    assert "cannot use" in checks["sandbox"].detail
