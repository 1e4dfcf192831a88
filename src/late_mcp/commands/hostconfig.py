"""`late-mcp config <host>`: the exact MCP config for a host, printed or safely merged (`--write`).

The snippet goes to stdout (so it can be piped or redirected); where to put it and what to do next go
to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path
from typing import Any

from . import hosts
from .common import survives_closed_stdout
from .jsonfile import ConfigFileError, merge_server
from .keys import KEY_VAR, PLACEHOLDER, PLACEHOLDERS, clean_key, flaws, is_well_formed, raw_key

WRITABLE = ("claude-desktop", "cursor", "windsurf", "vscode")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="late-mcp config",
        description="Print the MCP server config for a host, or merge it into the host's config file.",
        epilog="examples:\n"
        "  late-mcp config claude-desktop --write     add 'late' to Claude Desktop's config (backup first)\n"
        "  late-mcp config claude-code                the `claude mcp add` line to run\n"
        "  late-mcp config cursor --sandbox           try it against a local fake API, no key needed\n"
        "  LATE_API_KEY=sk_... late-mcp config vscode --with-key",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("host", nargs="?", choices=list(hosts.HOSTS), help="the MCP host")
    parser.add_argument(
        "--launch",
        choices=list(hosts.LAUNCHES),
        default="installed",
        help="how the host starts late-mcp: " + "; ".join(f"{name}: {text}" for name, text in hosts.LAUNCHES.items()),
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="SOURCE",
        help="with --launch uvx: what uvx runs: a directory (your clone) or a git URL "
        "(default: the clone this late-mcp runs from, else the clone the current directory is in)",
    )
    parser.add_argument("--sandbox", action="store_true", help="run against a local fake Late API (no key)")
    parser.add_argument(
        "--with-key",
        action="store_true",
        help=f"put the key from ${KEY_VAR} in this shell into the config (default: placeholder {PLACEHOLDER})",
    )
    parser.add_argument("--write", action="store_true", help="merge the entry into the host's config file")
    parser.add_argument("--config-file", type=Path, metavar="PATH", help="with --write: this file instead")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workspace",
        type=Path,
        metavar="DIR",
        help="vscode: the workspace whose .vscode/mcp.json gets the entry (default: the current directory, unless it "
        "is the late-mcp clone)",
    )
    where.add_argument("--user", action="store_true", help="vscode: VS Code's user-level mcp.json (every workspace)")
    return parser


@survives_closed_stdout
def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.host is None:
        _list_hosts()
        return 0
    host = hosts.HOSTS[args.host]
    if args.sandbox and args.with_key:
        parser.error("--with-key and --sandbox do not mix: the sandbox needs no key")
    if args.write and args.host not in WRITABLE:
        parser.error(f"--write is not available for {host.title}: run the printed command instead")
    if args.config_file and not args.write:
        parser.error("--config-file goes with --write")
    if (args.workspace or args.user) and args.host != "vscode":
        parser.error("--workspace and --user are for vscode")
    if args.write and args.host == "vscode" and not args.config_file:
        args.config_file = _vscode_target(args.workspace, args.user)
        if args.config_file is None:
            return 2
    try:
        run = hosts.launcher(args.launch, sandbox=args.sandbox, source=args.source)
    except LookupError as exc:
        _err(str(exc))
        return 1
    key: str | None = None
    if not args.sandbox:
        key = _key_from_env() if args.with_key else _placeholder(args.host)
        if key is None:
            return 1
    if args.write:
        return _write(host, run, key, args.config_file)
    _print(host, run, key, argv)
    return 0


def _vscode_target(workspace: Path | None, user: bool) -> Path | None:
    """Where `config vscode --write` writes; None (said why) when the current directory is the late-mcp clone."""
    if user:
        return hosts.vscode_user_config_path()
    if workspace is None:
        if hosts.inside_clone(Path.cwd()):
            _err(
                "this is the late-mcp clone, not the workspace you use late-mcp in: pass --workspace DIR (your "
                "project), or --user for every workspace."
            )
            return None
        workspace = Path.cwd()
    if not workspace.is_dir():
        _err(f"--workspace {workspace}: no such directory.")
        return None
    return hosts.config_path("vscode", cwd=workspace.resolve())


def _err(text: str) -> None:
    print(f"late-mcp config: {text}", file=sys.stderr)


def _note(text: str = "") -> None:
    sys.stdout.flush()
    print(text, file=sys.stderr)


def _list_hosts() -> None:
    print("late-mcp config <host>: print (or --write) the MCP config for one of:")
    for name, host in hosts.HOSTS.items():
        where: object = hosts.config_path(name) or "configured with `claude mcp add`"
        if name == "vscode" and hosts.inside_clone(Path.cwd()):  # --write refuses the clone: say what it takes
            where = "<your project>/.vscode/mcp.json (--workspace DIR), or --user for every workspace"
        print(f"  {name:<15} {host.title:<15} {where}")


def _placeholder(host: str) -> str:
    return f"${{input:{hosts.VSCODE_INPUT_ID}}}" if host == "vscode" else PLACEHOLDER


def _key_from_env() -> str | None:
    """The key from this shell, cleaned; refuse one that would only move the failure into the host."""
    name, raw = raw_key(os.environ)
    if raw is None:
        _err(
            f"--with-key reads ${KEY_VAR} from this shell, but it is not set. Run `export {KEY_VAR}=sk_...` "
            "first, or leave out --with-key and paste the key into the file."
        )
        return None
    key = clean_key(raw)
    if not is_well_formed(key):
        _err(
            f"${name} does not look like a Late key: it {'; '.join(flaws(raw))}. A key is sk_ followed by 64 "
            "hex characters; copy it again from https://getlate.dev/dashboard/api-keys."
        )
        return None
    if key != raw:
        _note(f"note: ${name} {', '.join(flaws(raw))}; the config gets the cleaned key.")
    return key


def snippet(host: hosts.Host, run: hosts.Launcher, key: str | None) -> str:
    """The text to paste: a JSON document, or the `claude mcp add` line."""
    if host.container is None:
        return hosts.claude_code_command(run, key)
    doc: dict[str, Any] = {}
    if host.name == "vscode" and key is not None and key.startswith("${input:"):
        doc["inputs"] = hosts.vscode_inputs()
    doc[host.container] = {hosts.SERVER_NAME: hosts.server_entry(host, run, key)}
    return json.dumps(doc, indent=2)


def _print(host: hosts.Host, run: hosts.Launcher, key: str | None, argv: list[str]) -> None:
    """The snippet on stdout; where it goes, and the same command with --write (flags kept), on stderr."""
    where = hosts.config_path(host.name)
    if host.container is None:
        _note("Run this in a terminal (add `--scope user` after `add` to use it in every project):")
    elif host.name == "vscode":
        _note(f"Put this in {where} (this workspace) or run 'MCP: Open User Configuration' for all workspaces;")
        _note('merge it into "servers" if the file already has some. VS Code asks for the key once and keeps it.')
    else:
        _note(f'Put this in {where}; if the file already has servers, add "late" inside "{host.container}".')
        if host.name in WRITABLE:
            _note(f"Or let late-mcp do it safely: late-mcp config {shlex.join([*argv, '--write'])}")
    print(snippet(host, run, key))
    _after(host, run, key)


def _after(host: hosts.Host, run: hosts.Launcher, key: str | None, written: Path | None = None) -> None:
    if key == PLACEHOLDER:
        where = f" in {written}" if written else ""
        _note(
            f"Replace {PLACEHOLDER}{where} with your key from https://getlate.dev/dashboard/api-keys "
            "(or run again with --with-key to fill it in from $LATE_API_KEY)."
        )
    if run.args[:1] == ["--from"]:
        _note(f"uvx runs late-mcp from {run.args[1]}; keep that clone where it is (or run this again).")
    elif Path(run.command).name.startswith(hosts.PACKAGE) and hosts.default_source() is not None:
        _note(
            "The host runs the installed tool: after updating the clone, "
            f"`{hosts.install_command(reinstall=True)}` in it updates it."
        )
    if os.path.isabs(run.command):
        _note(
            f"The command is an absolute path ({run.command}) because hosts started from the Dock or Start "
            "menu do not see your shell's PATH."
        )
    else:
        _note(
            f"warning: `{run.command}` is not on this PATH. Install uv (https://docs.astral.sh/uv/) and run "
            "this again to get its absolute path."
        )
    _note(f"Then: {host.restart}")
    _note(f"Check the setup any time with: late-mcp doctor{' --sandbox' if '--sandbox' in run.args else ''}")


def _write(host: hosts.Host, run: hosts.Launcher, key: str | None, override: Path | None) -> int:
    assert host.container is not None
    path = override or hosts.config_path(host.name)
    assert path is not None
    extra = {"inputs": hosts.vscode_inputs()} if host.name == "vscode" and key and key.startswith("${") else None
    try:
        result = merge_server(
            path,
            host.container,
            hosts.SERVER_NAME,
            hosts.server_entry(host, run, key),
            key_var=KEY_VAR,
            keep_key_unless=PLACEHOLDERS | {_placeholder(host.name)},
            extra_lists=extra,
        )
    except ConfigFileError as exc:
        _err(str(exc))
        return 1
    if not result.changed:
        print(f"{result.path} already has this '{hosts.SERVER_NAME}' entry; nothing changed.")
    else:
        name = f"the '{hosts.SERVER_NAME}' server"
        if result.created:
            said = f"Created {result.path} with {name}"
        elif result.replaced:
            said = f"Replaced {name} in {result.path}"
        else:
            said = f"Added {name} to {result.path}"
        print(said + (f" (backup: {result.backup.name})" if result.backup else ""))
    if result.kept_key:
        print("Kept the API key that was already in the file.")
        key = None
    _after(host, run, key, result.path)
    return 0
