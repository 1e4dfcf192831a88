"""Command line: `late-mcp [flags]` serves MCP over stdio; `late-mcp sandbox` serves a local Late API.

Only wiring lives here (the parser, settings and logging set-up are in :mod:`late_mcp.startup`). Heavy imports
(the MCP SDK) happen after parsing, so `--help` and errors are instant, and nothing is ever written to stdout but
the protocol.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .config import ConfigError, Settings, http_options
from .startup import SUBCOMMANDS, build_parser, route, settings_from, setup_logging
from .stopping import StopRequests, serve_until_stopped

if TYPE_CHECKING:
    from .config import HttpOptions
    from .sandbox.runner import RunningSandbox

log = logging.getLogger("late_mcp")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        command, args_list = route(list(sys.argv[1:] if argv is None else argv))
    except ConfigError as exc:
        print(f"late-mcp: {exc}", file=sys.stderr)
        return 2
    if command is not None:
        module = importlib.import_module(SUBCOMMANDS[command][0])
        code: int = module.main(args_list)
        return code
    args = build_parser().parse_args(args_list)
    try:
        settings = settings_from(args)
        from .tools import select_tools

        select_tools(settings)  # unknown toolset/tool names fail here, before the host connects
        http = http_options(args.transport, args.host, args.port)
        if (args.data_dir or args.reset) and not args.sandbox:
            raise ConfigError("--data-dir and --reset are about the sandbox's data: use them with --sandbox.")
    except ConfigError as exc:
        print(f"late-mcp: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_content)
    # stdio only: uvicorn handles SIGINT/SIGTERM for HTTP itself, and a flag set before it takes over would swallow
    # a stop sent while it starts
    stops = StopRequests("late-mcp") if http is None else None
    with stops or contextlib.nullcontext():
        running = None
        if args.sandbox:
            from .sandbox.runner import default_data_dir, start_sandbox
            from .sandbox.store import DataDirError

            try:
                running = start_sandbox(data_dir=args.data_dir or default_data_dir(), reset=args.reset)
            except DataDirError as exc:
                print(f"late-mcp: {exc}", file=sys.stderr)
                return 2
            settings = settings.with_overrides(api_key=running.api_key, base_url=running.base_url, sandbox=True)
            _announce_sandbox(running, http)
        elif http is None and sys.stdin.isatty():
            _announce_terminal(settings.has_key, _no_key(settings))
        elif not settings.has_key and http is None:
            log.warning("%s: tools will answer with how to set it. Run `late-mcp --sandbox` to try it without a key.",
                        _no_key(settings))  # fmt: skip
        from .server import build_server

        stop_sandbox = running.stop if running is not None else _nothing
        if http is not None:
            from .http_app import serve

            try:
                return serve(settings, http)
            except KeyboardInterrupt:  # Ctrl-C before uvicorn took the signals over
                return 130
            finally:
                stop_sandbox()
        from . import stdio

        assert stops is not None
        serve_until_stopped(functools.partial(stdio.serve, build_server(settings)), stops, cleanup=stop_sandbox)
    return 0


def _nothing() -> None:
    return None


def _announce_sandbox(running: RunningSandbox, http: HttpOptions | None) -> None:
    """A banner for a person at a terminal; one INFO line for a host, which shows stderr as errors."""
    where = running.store.data_dir
    kept = "in memory, gone when it stops" if where is None else f"{where}, kept between runs (--reset starts fresh)"
    if http is not None:
        serving = (
            f"Serving MCP at http://{http.host}:{http.port}/mcp; send 'Authorization: Bearer {running.api_key}' "
            "(the sandbox's demo key)."
        )
    elif not sys.stdin.isatty():
        log.info("SANDBOX mode: a local fake Late API at %s (data: %s)", running.base_url, kept)
        return
    else:
        run, install = terminal_commands()
        serving = (
            "This is an MCP server: it waits for an MCP host on stdin, it is not a prompt.\n"
            f"  try a tool:    {run} call accounts_list --sandbox\n"
            f"  host config:   {install}late-mcp config claude-desktop --sandbox"
        )
    print(
        f"late-mcp {__version__}: SANDBOX mode. A local fake Late API runs at {running.base_url}; nothing reaches "
        f"real social networks.\n  data:          {kept}\n{serving}\nCtrl-C stops it.",
        file=sys.stderr,
        flush=True,
    )


def _no_key(settings: Settings) -> str:
    """Why there is no key to send: none set, or the placeholder a generated config carries (never echoed)."""
    return (
        "LATE_API_KEY is still the placeholder of a generated config" if settings.api_key else "LATE_API_KEY is not set"
    )


def _announce_terminal(has_key: bool, no_key: str) -> None:
    """A person who ran the server by hand at a terminal sees why nothing happens, and what to run instead (a host
    never gets this: its stdin is a pipe)."""
    run, install = terminal_commands()
    key = (
        "LATE_API_KEY is set; every call goes to the real Late API."
        if has_key
        else f"{no_key}: tools will answer with how to set it ({run} --sandbox needs none)."
    )
    print(
        f"late-mcp {__version__}: {key}\n"
        "This is an MCP server: it waits for an MCP host on stdin, it is not a prompt.\n"
        f"  try a tool:    {run} call accounts_list{'' if has_key else ' --sandbox'}\n"
        f"  check setup:   {run} doctor\n"
        f"  host config:   {install}late-mcp config claude-desktop\n"
        "Ctrl-C stops it.",
        file=sys.stderr,
        flush=True,
    )


def terminal_commands() -> tuple[str, str]:
    """How the person at this terminal runs late-mcp, and what `config` needs first.

    From a clone with no installed tool (`uv run late-mcp --sandbox`, the README's first command) a bare
    `late-mcp` is not on their PATH, and `late-mcp config` wants the installed script to point hosts at.
    """
    from .commands.hosts import default_source, find_installed, install_command

    if find_installed() is not None or default_source() is None:
        return "late-mcp", ""
    return "uv run late-mcp", f"`{install_command()}`, then "


if __name__ == "__main__":
    raise SystemExit(main())
