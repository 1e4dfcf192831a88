"""config: the snippet for every host, and the safe --write merge on fixture files."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from late_mcp.commands import hostconfig, hosts

from ..environment import missing

#: uv and the environment it runs in, taken before the fixtures hide both (a pyenv shim needs the real HOME)
UV, SHELL_ENV = shutil.which("uv"), dict(os.environ)

KEY = "sk_" + "0123456789abcdef" * 4
REAL_DEFAULT_SOURCE = hosts.default_source
UVX = "/opt/uv/bin/uvx"
OTHER_SERVERS = {
    "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me"]},
    "weather": {"command": "python", "args": ["-m", "weather"], "env": {"TOKEN": "t0k3n"}},
}


@pytest.fixture(autouse=True)
def fake_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """uvx at a known absolute path; an installed late-mcp (the default launch) at a known path; a clone at
    `late-mcp`."""
    exe = tmp_path / "tool-bin" / "late-mcp"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n")
    monkeypatch.setenv("PATH", str(exe.parent))
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: UVX if name == "uvx" else str(exe) if name == "late-mcp" else None
    )
    monkeypatch.setattr(hosts, "default_source", lambda: "late-mcp")
    return exe


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = hostconfig.main(argv)
    except SystemExit as exc:  # argparse errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- printed snippets


@pytest.mark.parametrize("host", ["claude-desktop", "cursor", "windsurf"])
def test_json_hosts_print_an_mcpservers_entry_with_the_placeholder(
    host: str, capsys: pytest.CaptureFixture[str], fake_path: Path
) -> None:
    code, out, err = run([host], capsys)
    assert code == 0
    entry = json.loads(out)["mcpServers"]["late"]
    # the default launch is the installed script, by absolute path: it starts fastest and needs no network
    assert entry == {"command": str(fake_path), "args": [], "env": {"LATE_API_KEY": "sk_your_key_here"}}
    assert hosts.HOSTS[host].restart in err


def test_vscode_uses_servers_stdio_and_asks_for_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["vscode"], capsys)
    assert code == 0
    doc = json.loads(out)
    entry = doc["servers"]["late"]
    assert entry["type"] == "stdio"
    assert entry["env"]["LATE_API_KEY"] == "${input:late-api-key}"
    assert doc["inputs"][0]["id"] == "late-api-key"
    assert doc["inputs"][0]["password"] is True


def test_claude_code_prints_a_claude_mcp_add_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["claude-code", "--launch", "uvx"], capsys)
    assert code == 0
    assert shlex.split(out) == [
        "claude",
        "mcp",
        "add",
        "late",
        "-e",
        "LATE_API_KEY=sk_your_key_here",
        "--",
        UVX,
        "--from",
        "late-mcp",
        "late-mcp",
    ]


@pytest.mark.parametrize("host", list(hosts.HOSTS))
def test_no_host_output_contains_the_key_without_with_key(
    host: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LATE_API_KEY", KEY)
    code, out, err = run([host], capsys)
    assert code == 0
    assert KEY not in out + err
    assert "sk_your_key_here" in out or "${input:" in out


@pytest.mark.parametrize("host", list(hosts.HOSTS))
def test_with_key_puts_the_cleaned_key_in(
    host: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LATE_API_KEY", f' "{KEY}"\n')
    code, out, _ = run([host, "--with-key"], capsys)
    assert code == 0
    assert KEY in out
    assert f'"{KEY}"' not in out.replace(f'"LATE_API_KEY": "{KEY}"', "")
    if host != "claude-code":
        json.loads(out)


def test_with_key_refuses_when_absent_or_malformed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["cursor", "--with-key"], capsys)
    assert code == 1
    assert out == ""
    assert "not set" in err
    monkeypatch.setenv("LATE_API_KEY", "sk_short")
    code, out, err = run(["cursor", "--with-key"], capsys)
    assert code == 1
    assert out == ""
    assert "sk_short" not in err


def test_uvx_source_can_be_a_checkout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(["claude-desktop", "--launch", "uvx", "--from", str(tmp_path)], capsys)
    assert code == 0
    assert json.loads(out)["mcpServers"]["late"]["args"] == ["--from", str(tmp_path), "late-mcp"]
    assert f"uvx runs late-mcp from {tmp_path}" in err


def test_uvx_outside_a_checkout_asks_where_the_code_is(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # late-mcp is not on PyPI: a config pointing uvx at a package name would never start.
    monkeypatch.setattr(hosts, "default_source", lambda: None)
    monkeypatch.chdir(tmp_path)  # nor in a clone
    code, out, err = run(["claude-desktop", "--launch", "uvx"], capsys)
    assert code == 1
    assert out == ""
    assert "--from /path/to/your/clone" in err


def installed_tool_beside_a_clone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A late-mcp clone in `tmp_path`, with late-mcp run as the installed tool (no checkout of its own)."""
    clone = tmp_path / "late-mcp"
    (clone / "src" / "late_mcp").mkdir(parents=True)
    (clone / "pyproject.toml").write_text('[project]\nname = "late-mcp"\n')
    monkeypatch.setattr(hosts, "default_source", lambda: None)
    return clone


def test_uvx_from_the_installed_tool_inside_a_clone_runs_that_clone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The installed tool is no checkout; run in a clone, `--launch uvx` means that clone."""
    clone = installed_tool_beside_a_clone(monkeypatch, tmp_path)
    monkeypatch.chdir(clone / "src")
    code, out, _ = run(["claude-desktop", "--launch", "uvx"], capsys)
    assert code == 0
    assert json.loads(out)["mcpServers"]["late"]["args"] == ["--from", str(clone.resolve()), "late-mcp"]


def test_running_from_this_checkout_defaults_to_it() -> None:
    root = Path(hosts.__file__).resolve().parents[3]
    assert REAL_DEFAULT_SOURCE() == str(root)
    assert (root / "pyproject.toml").is_file()


def test_sandbox_variant_has_no_key_and_passes_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["claude-desktop", "--sandbox"], capsys)
    entry = json.loads(out)["mcpServers"]["late"]
    assert entry["args"][-1] == "--sandbox"
    assert "env" not in entry


@pytest.mark.parametrize("host", ["claude-desktop", "cursor", "windsurf"])
def test_the_write_hint_keeps_the_flags_given(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Following "Or let late-mcp do it" after `config HOST --sandbox` must write the sandbox entry, not a keyed one."""
    code, _, err = run([host, "--sandbox", "--launch", "pypi"], capsys)
    assert code == 0
    assert f"late-mcp config {host} --sandbox --launch pypi --write" in err
    assert "late-mcp doctor --sandbox" in err  # plain doctor checks the real API, which needs a key


def test_installed_launch_uses_the_absolute_path(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    exe = tmp_path / "bin" / "late-mcp"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n")
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: str(exe) if name == "late-mcp" else None)
    _, out, _ = run(["cursor", "--launch", "installed"], capsys)
    entry = json.loads(out)["mcpServers"]["late"]
    assert entry["command"] == str(exe)
    assert entry["args"] == []


def test_installed_launch_without_an_install_says_how(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(hosts, "default_source", lambda: None)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: UVX if name == "uvx" else None)
    code, out, err = run(["cursor"], capsys)
    assert code == 1
    assert out == ""
    assert hosts.install_command() in err
    assert "--launch uvx" in err


def test_from_a_clone_the_clones_own_venv_is_not_the_installed_tool(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `uv run late-mcp config ...` puts the clone's .venv/bin first on PATH; the host must get the uv tool instead
    clone, tools = tmp_path / "clone", tmp_path / "tools"
    dev, tool = clone / ".venv" / "bin" / "late-mcp", tools / "late-mcp"
    for exe in (dev, tool):
        exe.parent.mkdir(parents=True)
        exe.write_text("#!/bin/sh\n")
    monkeypatch.setattr(hosts, "default_source", lambda: str(clone))
    monkeypatch.setenv("PATH", os.pathsep.join([str(dev.parent), str(tools)]))
    monkeypatch.setattr(shutil, "which", lambda name, path=None, **k: f"{path}/{name}" if path else None)
    _, out, _ = run(["cursor"], capsys)
    assert json.loads(out)["mcpServers"]["late"]["command"] == str(tool)
    monkeypatch.setenv("PATH", str(dev.parent))
    code, out, err = run(["cursor"], capsys)
    assert (code, out) == (1, "")
    assert f"--project {clone} | uv tool install -c - {clone}" in err


def test_the_documented_install_takes_the_locked_versions() -> None:
    """`uv tool install .` alone ignores uv.lock: the install the docs and messages give passes the lock's pins."""
    root = Path(__file__).resolve().parents[2]
    command = hosts.install_command()
    for page in ("README.md", "docs/hosts.md", "docs/troubleshooting.md"):
        assert command in (root / page).read_text(encoding="utf-8"), page
    if UV is None:
        missing("uv is not on PATH")
    export = shlex.split(command.split(" | ")[0])[1:]
    done = subprocess.run([UV, *export], cwd=root, env=SHELL_ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr  # --locked: uv.lock still matches pyproject.toml
    pins = {line.split("==")[0] for line in done.stdout.splitlines() if "==" in line and not line.startswith("#")}
    assert {"mcp", "httpx", "pydantic", "anyio", "tzdata"} <= pins
    assert not {"late-mcp", "pytest"} & pins  # neither the project itself nor the dev tools


def test_pypi_launch_is_uvx_with_the_package_name(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["cursor", "--launch", "pypi", "--sandbox"], capsys)
    entry = json.loads(out)["mcpServers"]["late"]
    assert entry == {"command": UVX, "args": ["late-mcp", "--sandbox"]}


def test_uvx_missing_falls_back_to_the_name_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    _, out, err = run(["claude-desktop", "--launch", "uvx"], capsys)
    assert json.loads(out)["mcpServers"]["late"]["command"] == "uvx"
    assert "not on this PATH" in err


def test_claude_desktop_paths_per_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    mac = hosts.claude_desktop_config_path("darwin")
    assert mac == tmp_path / "Library" / "Application Support" / "Claude" / "claude_desktop_config.json"
    win = hosts.claude_desktop_config_path("win32", {"APPDATA": str(tmp_path / "Roaming")})
    assert win == tmp_path / "Roaming" / "Claude" / "claude_desktop_config.json"
    linux = hosts.claude_desktop_config_path("linux", {})
    assert linux == tmp_path / ".config" / "Claude" / "claude_desktop_config.json"
    store = tmp_path / "Local" / "Packages" / "Claude_pzs8sxrjxfjjc" / "LocalCache" / "Roaming" / "Claude"
    store.mkdir(parents=True)
    msix = hosts.claude_desktop_config_path("win32", {"APPDATA": "x", "LOCALAPPDATA": str(tmp_path / "Local")})
    assert msix == store / "claude_desktop_config.json"


# ---------------------------------------------------------------- --write


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    """A directory of its own, so "nothing else was created" can be asserted."""
    path = tmp_path / "cfg"
    path.mkdir()
    return path


def write(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run(["claude-desktop", "--write", "--config-file", str(path), *extra], capsys)


def test_write_creates_a_missing_file_and_directory(
    cfg: Path, capsys: pytest.CaptureFixture[str], fake_path: Path
) -> None:
    path = cfg / "Claude" / "claude_desktop_config.json"
    code, out, err = write(path, capsys)
    assert code == 0
    assert json.loads(path.read_text())["mcpServers"]["late"]["command"] == str(fake_path)
    assert "Created" in out
    assert "quit" in err.lower()
    assert "sk_your_key_here" in err
    assert list(path.parent.iterdir()) == [path]  # no backup of nothing, no temp file left


def test_write_into_an_empty_file(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cfg / "claude_desktop_config.json"
    path.write_text("")
    assert write(path, capsys)[0] == 0
    assert set(json.loads(path.read_text())) == {"mcpServers"}


def test_write_keeps_other_servers_and_settings_exactly(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cfg / "claude_desktop_config.json"
    original = {"globalShortcut": "Ctrl+Space", "mcpServers": OTHER_SERVERS, "zzz": [1, 2.5, None, "ü"]}
    path.write_text(json.dumps(original, indent=4, ensure_ascii=False))
    code, out, _ = write(path, capsys)
    assert code == 0
    merged = json.loads(path.read_text())
    assert list(merged) == list(original)  # same keys, same order
    assert {k: v for k, v in merged.items() if k != "mcpServers"} == {
        k: v for k, v in original.items() if k != "mcpServers"
    }
    assert list(merged["mcpServers"]) == ["filesystem", "weather", "late"]
    assert {k: merged["mcpServers"][k] for k in OTHER_SERVERS} == OTHER_SERVERS
    assert path.read_text().startswith('{\n    "globalShortcut"')  # the file's own 4-space indent
    backup = path.with_name(path.name + ".bak")
    assert json.loads(backup.read_text()) == original
    assert "backup" in out


def test_write_replaces_an_existing_late_entry_but_keeps_a_real_key(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cfg / "claude_desktop_config.json"
    old = {
        "command": "uvx",
        "args": ["--from", "getlate[mcp]", "late-mcp"],
        "env": {"LATE_API_KEY": KEY, "LATE_TIMEZONE": "Europe/Paris"},
    }
    path.write_text(json.dumps({"mcpServers": {**OTHER_SERVERS, "late": old}}))
    code, out, _ = write(path, capsys, "--launch", "uvx")
    assert code == 0
    late = json.loads(path.read_text())["mcpServers"]["late"]
    assert late["args"] == ["--from", "late-mcp", "late-mcp"]
    assert late["command"] == UVX
    assert late["env"] == {"LATE_API_KEY": KEY, "LATE_TIMEZONE": "Europe/Paris"}
    assert "Replaced" in out
    assert "Kept the API key" in out
    assert KEY not in out


def test_writing_the_sandbox_entry_over_a_placeholder_drops_the_placeholder(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A keyless sandbox entry keeps the user's other env, not `sk_your_key_here` (doctor would call it a problem)."""
    path = cfg / "claude_desktop_config.json"
    old = {"command": "x", "env": {"LATE_API_KEY": "sk_your_key_here", "LATE_TIMEZONE": "Europe/Paris"}}
    path.write_text(json.dumps({"mcpServers": {"late": old}}))
    assert write(path, capsys, "--sandbox")[0] == 0
    late = json.loads(path.read_text())["mcpServers"]["late"]
    assert late["args"] == ["--sandbox"]
    assert late["env"] == {"LATE_TIMEZONE": "Europe/Paris"}
    path.write_text(json.dumps({"mcpServers": {"late": {"command": "x", "env": {"LATE_API_KEY": "sk_your_key_here"}}}}))
    assert write(path, capsys, "--sandbox")[0] == 0
    assert "env" not in json.loads(path.read_text())["mcpServers"]["late"]


def test_write_with_key_replaces_a_placeholder(
    cfg: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cfg / "claude_desktop_config.json"
    placeholder = {"command": "uvx", "env": {"LATE_API_KEY": "sk_your_key_here"}}
    path.write_text(json.dumps({"mcpServers": {"late": placeholder}}))
    monkeypatch.setenv("LATE_API_KEY", KEY)
    assert write(path, capsys, "--with-key")[0] == 0
    assert json.loads(path.read_text())["mcpServers"]["late"]["env"]["LATE_API_KEY"] == KEY


def test_second_backup_is_timestamped_and_an_unchanged_file_is_not_rewritten(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cfg / "claude_desktop_config.json"
    path.write_text(json.dumps({"mcpServers": OTHER_SERVERS}))
    path.with_name(path.name + ".bak").write_text("older backup")
    assert write(path, capsys)[0] == 0
    backups = sorted(p.name for p in cfg.glob("*.bak"))
    assert len(backups) == 2
    assert backups[0].startswith("claude_desktop_config.json.2")
    assert path.with_name(path.name + ".bak").read_text() == "older backup"
    code, out, _ = write(path, capsys)
    assert code == 0
    assert "nothing changed" in out
    assert len(list(cfg.glob("*.bak"))) == 2


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{\n  "mcpServers": {\n    "weather": {"command": "python"},\n  }\n}\n', "line 4, column 3"),
        ('{"mcpServers": {"weather": {"command": "python"}}', "line 1, column 50"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_malformed_file_is_reported_and_left_unchanged(
    text: str, where: str, cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cfg / "claude_desktop_config.json"
    path.write_text(text)
    code, _out, err = write(path, capsys)
    assert code == 1
    assert where in err
    assert "unchanged" in err
    assert path.read_text() == text
    assert list(cfg.iterdir()) == [path]  # no backup, no temp file


def test_trailing_comma_is_called_by_name(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cfg / "claude_desktop_config.json"
    path.write_text('{"mcpServers": {"a": {"command": "x"},}}')
    assert "trailing comma" in write(path, capsys)[2]


def test_read_only_file_is_reported_and_left_unchanged(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cfg / "claude_desktop_config.json"
    text = json.dumps({"mcpServers": OTHER_SERVERS})
    path.write_text(text)
    path.chmod(0o444)
    try:
        code, _, err = write(path, capsys)
        assert code == 1
        assert "read-only" in err
        assert path.read_text() == text
        assert list(cfg.iterdir()) == [path]
    finally:
        path.chmod(0o644)


def test_write_keeps_the_file_mode_and_follows_a_symlink(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = cfg / "dotfiles" / "claude.json"
    real.parent.mkdir()
    real.write_text("{}")
    real.chmod(0o600)
    link = cfg / "claude_desktop_config.json"
    link.symlink_to(real)
    assert write(link, capsys)[0] == 0
    assert link.is_symlink()
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o600
    assert "late" in json.loads(real.read_text())["mcpServers"]


def test_write_for_vscode_adds_the_input_once(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cfg / ".vscode" / "mcp.json"
    for _ in range(2):
        assert run(["vscode", "--write", "--config-file", str(path)], capsys)[0] == 0
    doc = json.loads(path.read_text())
    assert doc["servers"]["late"]["type"] == "stdio"
    assert [i["id"] for i in doc["inputs"]] == ["late-api-key"]


def test_write_is_refused_for_claude_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["claude-code", "--write"], capsys)
    assert code == 2
    assert "run the printed command" in err


def test_vscode_write_goes_to_the_workspace_not_the_clone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clone, project = tmp_path / "late-mcp", tmp_path / "my-project"
    clone.mkdir()
    project.mkdir()
    monkeypatch.setattr(hosts, "default_source", lambda: str(clone))
    monkeypatch.chdir(clone)
    code, out, err = run(["vscode", "--write"], capsys)
    assert (code, out) == (2, "")
    assert "--workspace" in err
    assert not (clone / ".vscode").exists()
    code, out, _ = run(["vscode", "--write", "--workspace", str(project)], capsys)
    assert code == 0
    assert str(project / ".vscode" / "mcp.json") in out  # says where it wrote
    assert "late" in json.loads((project / ".vscode" / "mcp.json").read_text())["servers"]
    monkeypatch.chdir(project)  # in the user's own workspace, the current directory is the default
    assert run(["vscode", "--write"], capsys)[0] == 0


def test_vscode_write_refuses_the_clone_also_from_the_installed_tool(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The installed tool is no checkout, but hosts.md's steps run `late-mcp config vscode --write` in the clone."""
    clone = installed_tool_beside_a_clone(monkeypatch, tmp_path)
    monkeypatch.chdir(clone / "src")
    code, out, err = run(["vscode", "--write"], capsys)
    assert (code, out) == (2, "")
    assert "--workspace" in err
    assert not (clone / "src" / ".vscode").exists()
    other = tmp_path / "site"
    (other / "src" / "late_mcp").mkdir(parents=True)  # a package dir alone, no late-mcp pyproject: a workspace
    monkeypatch.chdir(other)
    assert run(["vscode", "--write"], capsys)[0] == 0
    assert (other / ".vscode" / "mcp.json").is_file()


def test_the_host_list_in_the_clone_points_vscode_at_a_project(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`late-mcp config` alone, run in the clone, must not name the clone's own .vscode/mcp.json."""
    clone = installed_tool_beside_a_clone(monkeypatch, tmp_path)
    monkeypatch.chdir(clone)
    code, out, _ = run([], capsys)
    assert code == 0
    vscode = next(line for line in out.splitlines() if line.strip().startswith("vscode"))
    assert str(clone) not in vscode
    assert "--workspace" in vscode


def test_vscode_write_user_level(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    code, out, _ = run(["vscode", "--write", "--user"], capsys)
    assert code == 0
    written = hosts.vscode_user_config_path()
    assert written.is_relative_to(tmp_path)
    assert str(written) in out
    assert "late" in json.loads(written.read_text())["servers"]
    assert run(["cursor", "--user"], capsys)[0] == 2


def test_the_install_line_keeps_a_clone_path_with_a_space_one_argument() -> None:
    """The line is pasted into a shell: a clone in "My Projects" must not split into two arguments."""
    clone = "/home/me/My Projects/late-mcp"
    words = shlex.split(hosts.install_command(clone))
    assert words[words.index("--project") + 1] == clone
    assert words[-1] == clone
