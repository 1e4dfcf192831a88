"""The command line as a person types it: global flags on either side of the command, typos answered with the
closest name, a bare `call` answered with its usage."""

from __future__ import annotations

from pathlib import Path

import pytest

from late_mcp import cli
from late_mcp.config import ConfigError
from late_mcp.errors import InputError
from late_mcp.startup import route
from late_mcp.tools._args import platform_name


def test_flags_before_the_command_go_to_it() -> None:
    assert route(["--sandbox", "call", "accounts_list"]) == ("call", ["--sandbox", "accounts_list"])
    assert route(["call", "accounts_list", "--sandbox"]) == ("call", ["accounts_list", "--sandbox"])


def test_a_flag_value_is_not_taken_for_a_command() -> None:
    # "tools" here is the value of --data-dir, not the `tools` command; `doctor` is the command
    assert route(["--data-dir", "tools", "doctor"]) == ("doctor", ["--data-dir", "tools"])


def test_no_command_is_the_server() -> None:
    assert route(["--sandbox", "--read-only"]) == (None, ["--sandbox", "--read-only"])


def test_a_typo_gets_the_closest_command() -> None:
    with pytest.raises(ConfigError, match="Did you mean doctor"):
        route(["docter"])


def test_cli_reports_the_typo_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["cal", "accounts_list"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Did you mean call?" in err


def test_reset_without_sandbox_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--reset"]) == 2
    assert "--sandbox" in capsys.readouterr().err


def test_bare_call_prints_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["call"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "late-mcp call accounts_list --sandbox" in err


def test_a_platform_typo_gets_the_closest_platform() -> None:
    with pytest.raises(InputError, match="Did you mean linkedin"):
        platform_name("linkdin")


def test_call_takes_its_flags_between_the_tool_and_its_arguments(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`late-mcp call posts_list --sandbox --data-dir D limit=2`: the key=value pairs after the flags still count."""
    code = cli.main(["call", "posts_list", "--sandbox", "--data-dir", str(tmp_path), "limit=1", "status=scheduled"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "unrecognized arguments" not in out.err
    assert out.out.count("- id: ") == 1  # limit=1 reached the tool


def test_the_sandbox_banner_says_uv_run_in_a_clone_with_nothing_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the README's `uv run late-mcp --sandbox`, a bare `late-mcp` is not on the person's PATH yet."""
    from late_mcp.commands import hosts

    monkeypatch.setattr(hosts, "default_source", lambda: "/home/me/late-mcp")
    monkeypatch.setattr(hosts, "find_installed", lambda: None)
    run, install = cli.terminal_commands()
    assert run == "uv run late-mcp"
    assert hosts.install_command() in install
    monkeypatch.setattr(hosts, "find_installed", lambda: "/home/me/.local/bin/late-mcp")
    assert cli.terminal_commands() == ("late-mcp", "")
    monkeypatch.setattr(hosts, "find_installed", lambda: None)
    monkeypatch.setattr(hosts, "default_source", lambda: None)  # an installed tool found by its own argv[0] only
    assert cli.terminal_commands() == ("late-mcp", "")
