"""What each MCP host wants: where its config file lives and the shape of a server entry.

Facts only, no I/O beyond looking at the environment, so `config` and `doctor` share one source.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .keys import KEY_VAR

SERVER_NAME = "late"
PACKAGE = "late-mcp"
Launch = Literal["installed", "uvx", "pypi"]
#: what each launch form runs, for --help and the docs
LAUNCHES: dict[str, str] = {
    "installed": "the installed late-mcp script by absolute path (default; installed from a clone with `uv tool "
    "install`, the locked versions as constraints: docs/hosts.md): starts fastest and needs no network",
    "uvx": "uvx --from your clone (or --from SOURCE): no install, but uv re-resolves on every start and needs the "
    "package index",
    "pypi": "uvx late-mcp, the published package from PyPI",
}


def install_command(clone: str = ".", *, reinstall: bool = False) -> str:
    """The install from a clone, with the dependency versions of its uv.lock (the ones CI tests).

    `uv tool install` alone ignores uv.lock and resolves afresh; the exported lock goes in as constraints, which
    uv keeps in the tool's receipt, so `uv tool upgrade` keeps them too.
    """
    where = shlex.quote(clone)  # pasted into a shell: a path with a space or a quote stays one argument
    project = "" if clone == "." else f" --project {where}"
    again = " --reinstall" if reinstall else ""
    return f"uv export --locked --no-dev --no-emit-project --no-hashes{project} | uv tool install{again} -c - {where}"


#: VS Code asks for the key once and keeps it in its secret storage instead of the workspace file.
VSCODE_INPUT_ID = "late-api-key"


@dataclass(frozen=True)
class Host:
    name: str
    title: str
    #: the JSON object that holds servers ("mcpServers", or "servers" for VS Code); None: not a JSON file
    container: str | None
    #: extra fields every entry carries in this host's format
    entry_extra: Mapping[str, str] = field(default_factory=dict)
    restart: str = ""


HOSTS: dict[str, Host] = {
    h.name: h
    for h in (
        Host(
            "claude-desktop",
            "Claude Desktop",
            "mcpServers",
            restart="Fully quit Claude Desktop (macOS: Claude menu > Quit, or Cmd+Q; Windows: right-click the "
            "tray icon > Quit) and start it again. Closing the window is not enough.",
        ),
        Host("claude-code", "Claude Code", None, restart="Start a new `claude` session; check with `claude mcp list`."),
        Host(
            "cursor",
            "Cursor",
            "mcpServers",
            restart="Restart Cursor, then switch 'late' on under Customize > MCPs (older versions: Settings > MCP).",
        ),
        Host(
            "vscode",
            "VS Code",
            "servers",
            entry_extra={"type": "stdio"},
            restart="Run 'MCP: List Servers' in VS Code and start 'late' (or reload the window).",
        ),
        Host("windsurf", "Windsurf", "mcpServers", restart="Press refresh in Windsurf's MCP panel or restart it."),
    )
}


def home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def claude_desktop_config_path(platform: str | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The file Claude Desktop reads on this OS (the one its Developer > Edit Config button opens)."""
    platform = platform or sys.platform
    env = os.environ if env is None else env
    if platform == "darwin":
        return home() / "Library" / "Application Support" / "Claude" / "claude_desktop_config.json"
    if platform.startswith("win"):
        # The Microsoft Store build is sandboxed: it reads a copy under LocalAppData\Packages, and editing
        # %APPDATA%\Claude has no effect. Prefer that copy when it exists.
        local = env.get("LOCALAPPDATA")
        if local:
            for package in sorted(Path(local, "Packages").glob("Claude_*")):
                candidate = package / "LocalCache" / "Roaming" / "Claude"
                if candidate.is_dir():
                    return candidate / "claude_desktop_config.json"
        appdata = env.get("APPDATA") or str(home() / "AppData" / "Roaming")
        return Path(appdata) / "Claude" / "claude_desktop_config.json"
    config_home = env.get("XDG_CONFIG_HOME") or str(home() / ".config")
    return Path(config_home) / "Claude" / "claude_desktop_config.json"


def config_path(host: str, *, cwd: Path | None = None) -> Path | None:
    """Where `config <host> --write` writes; None for hosts configured by a command (Claude Code)."""
    if host == "claude-desktop":
        return claude_desktop_config_path()
    if host == "cursor":
        return home() / ".cursor" / "mcp.json"
    if host == "windsurf":
        return home() / ".codeium" / "windsurf" / "mcp_config.json"
    if host == "vscode":
        return (cwd or Path.cwd()) / ".vscode" / "mcp.json"
    return None


def vscode_user_config_path(platform: str | None = None, env: Mapping[str, str] | None = None) -> Path:
    """VS Code's user-level mcp.json (what 'MCP: Open User Configuration' opens): servers for every workspace."""
    platform = platform or sys.platform
    env = os.environ if env is None else env
    if platform == "darwin":
        return home() / "Library" / "Application Support" / "Code" / "User" / "mcp.json"
    if platform.startswith("win"):
        return Path(env.get("APPDATA") or str(home() / "AppData" / "Roaming")) / "Code" / "User" / "mcp.json"
    return Path(env.get("XDG_CONFIG_HOME") or str(home() / ".config")) / "Code" / "User" / "mcp.json"


def inside_clone(directory: Path) -> bool:
    """Whether `directory` is a late-mcp clone (or inside one): not a workspace a user means to configure.

    The installed tool is not a checkout (`default_source()` is None), yet people run `late-mcp config vscode
    --write` in the clone they installed it from; so any late-mcp checkout around `directory` counts too.
    """
    clone = default_source()
    if clone is not None and directory.resolve().is_relative_to(Path(clone).resolve()):
        return True
    return clone_around(directory) is not None


def clone_around(directory: Path) -> str | None:
    """The late-mcp checkout `directory` is in (or is), if any."""
    here = directory.resolve()
    return next((str(folder) for folder in (here, *here.parents) if _is_checkout(folder)), None)


def _is_checkout(root: Path) -> bool:
    """`root` holds late-mcp's source: src/late_mcp beside a pyproject.toml that names the package."""
    pyproject = root / "pyproject.toml"
    if not (root / "src" / "late_mcp").is_dir() or not pyproject.is_file():
        return False
    try:
        return f'name = "{PACKAGE}"' in pyproject.read_text(encoding="utf-8")
    except OSError:
        return False


def find_installed(which: Callable[..., str | None] | None = None) -> str | None:
    """Absolute path of an installed `late-mcp` script: the first on PATH, else the one running now.

    Skipped: a copy inside uv's cache (what `uvx late-mcp ...` runs; it vanishes on `uv cache clean`) and, when this
    code runs from a clone, the clone's own dev venv (`uv run late-mcp config` puts it first on PATH, and a host
    pointed at it would run whatever the clone's venv holds that day, not the installed tool).
    """
    which = which or shutil.which
    clone = default_source()
    candidates = [which(PACKAGE, path=folder) for folder in os.environ.get("PATH", "").split(os.pathsep) if folder]
    if sys.argv and Path(sys.argv[0]).name in {PACKAGE, f"{PACKAGE}.exe"}:
        candidates.append(sys.argv[0])
    for found in candidates:
        if not found or not Path(found).exists() or _in_uv_cache(Path(found)):
            continue
        if clone is not None and Path(found).absolute().is_relative_to(Path(clone).absolute()):
            continue
        return str(Path(found).absolute())
    return None


def _in_uv_cache(path: Path) -> bool:
    text = path.absolute().as_posix()
    return "/archive-v" in text or "/.cache/uv/" in text or "/uv/cache/" in text


@dataclass(frozen=True)
class Launcher:
    command: str
    args: list[str]


def default_source() -> str | None:
    """What `uvx --from` should run: this source checkout when running from one (late-mcp is not on PyPI).

    Someone who cloned the repository and runs `uv run late-mcp config ...` wants the host to run that code.
    None when this copy is not a checkout (an installed tool): then the caller must say where the code is.
    """
    package_dir = Path(__file__).resolve().parent.parent
    root = package_dir.parent.parent
    return str(root) if package_dir.parent.name == "src" and _is_checkout(root) else None


def launcher(launch: Launch, *, sandbox: bool, source: str | None = None) -> Launcher:
    """The command a host runs. Absolute paths, because GUI hosts do not see the shell's PATH.

    `source` is what `--launch uvx` installs from (a directory or a git URL).
    Raises LookupError when it cannot tell what to run: uvx outside a clone without `source`, or `installed` with
    no installed `late-mcp` found.
    """
    extra = ["--sandbox"] if sandbox else []
    uvx = shutil.which("uvx") or "uvx"
    if launch == "pypi":
        return Launcher(uvx, [PACKAGE, *extra])
    if launch == "uvx":
        where = source or default_source() or clone_around(Path.cwd())
        if where is None:
            raise LookupError(
                "This late-mcp is not running from a clone, so there is nothing for uvx to run: pass "
                "--from /path/to/your/clone, or use --launch installed (or pypi)."
            )
        return Launcher(uvx, ["--from", where, PACKAGE, *extra])
    path = find_installed()
    if path is None:
        clone = default_source()
        where = f"`{install_command(clone)}`" if clone else f"`{install_command()}` in your clone"
        raise LookupError(
            f"late-mcp is not installed as a tool yet. Install it once with {where} (hosts then start it in about "
            "half a second, with no network) and run this again; or use --launch uvx to run the clone through uvx "
            "(slower to start, needs the package index)."
        )
    return Launcher(path, extra)


def server_entry(host: Host, run: Launcher, key: str | None) -> dict[str, Any]:
    """One server entry in the host's JSON format; `key` None means no env (the sandbox needs none)."""
    entry: dict[str, Any] = dict(host.entry_extra)
    entry["command"] = run.command
    entry["args"] = list(run.args)
    if key is not None:
        entry["env"] = {KEY_VAR: key}
    return entry


def vscode_inputs() -> list[dict[str, Any]]:
    return [{"type": "promptString", "id": VSCODE_INPUT_ID, "description": "Late API key (sk_...)", "password": True}]


def claude_code_command(run: Launcher, key: str | None) -> str:
    """`claude mcp add late -e LATE_API_KEY=... -- <command> <args>`; the name must precede -e (it is variadic)."""
    parts = ["claude", "mcp", "add", SERVER_NAME]
    if key is not None:
        parts += ["-e", f"{KEY_VAR}={key}"]
    parts += ["--", run.command, *run.args]
    return shlex.join(parts)
