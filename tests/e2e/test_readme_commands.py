"""Every `late-mcp` command the README shows runs, as a new user would type it, in a home of its own.

The commands are read from the README itself (its bash blocks and inline code), so a command added there is run
here. `late-mcp` is the clone's console script placed in a tool directory outside the clone, as
the README's install line leaves it; `uv run late-mcp` is the same script. Commands that need a real key or that run
until stopped are listed below with the test that covers them instead.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: not run here, and where each is covered
ELSEWHERE = {
    "uv run pytest": "this suite",
    "late-mcp doctor": "needs a real key; tests/commands/test_doctor.py",
    "late-mcp sandbox": "runs until Ctrl-C; tests/e2e/test_terminal_stop.py",
    "late-mcp": "the bare server; run here as `late-mcp --sandbox`",
}


def readme_commands() -> list[str]:
    found: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        found += [line.split("  #")[0].strip() for line in block.splitlines()]
    found += re.findall(r"`((?:uv run )?late-mcp[^`]*)`", README)
    return [c for c in dict.fromkeys(found) if "late-mcp" in c and "<" not in c and not c.startswith("git ")]


COMMANDS = readme_commands()


def test_the_readme_shows_the_commands_a_new_user_needs() -> None:
    assert "uv run late-mcp --sandbox" in COMMANDS
    assert "late-mcp config claude-desktop --write" in COMMANDS
    assert "late-mcp call accounts_list --sandbox" in COMMANDS


@pytest.fixture
def user(tmp_path: Path, late_mcp_exe: str) -> dict[str, str]:
    """A fresh home, no key, and `late-mcp` installed as a tool outside the clone."""
    bin_dir = tmp_path / "tool-bin"
    bin_dir.mkdir()
    (bin_dir / "late-mcp").symlink_to(late_mcp_exe)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LATE_", "ZERNIO_", "XDG_"))}
    home = tmp_path / "home"
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local" / "share"))
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    home.mkdir()
    return env


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in ELSEWHERE])
def test_readme_command_runs(command: str, user: dict[str, str], late_mcp_exe: str) -> None:
    argv = shlex.split(command)
    if argv[:2] == ["uv", "run"]:
        argv = argv[2:]
    assert argv[0] == "late-mcp", command
    argv[0] = str(Path(user["PATH"].split(os.pathsep)[0]) / "late-mcp")
    done = subprocess.run(
        argv,
        env=user,
        cwd=user["HOME"],
        stdin=subprocess.DEVNULL,  # a server sees its host hang up at once and stops
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr
    if argv[1:2] == ["config"] and "--write" in argv:
        written = [p for p in Path(user["HOME"]).rglob("*.json")]
        assert written, done.stderr
        entry = next(iter(json.loads(written[0].read_text()).values()))["late"]
        assert entry["command"] == argv[0]  # the installed script, by absolute path; never the clone's venv
