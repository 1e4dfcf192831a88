"""Command line: `late-mcp [flags]` serves MCP over stdio; `late-mcp sandbox` serves a local Late API.

Only wiring lives here (the parser, settings and logging set-up are in :mod:`late_mcp.startup`). Heavy imports
(the MCP SDK) happen after parsing, so `--help` and errors are instant, and nothing is ever written to stdout but
the protocol.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Sequence

from . import __version__
from .config import ConfigError, http_options
from .startup import SUBCOMMANDS, build_parser, settings_from, setup_logging


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        module = importlib.import_module(SUBCOMMANDS[args_list[0]][0])
        code: int = module.main(args_list[1:])
        return code
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        settings = settings_from(args)
        from .tools import select_tools

        select_tools(settings)  # unknown toolset/tool names fail here, before the host connects
        http = http_options(args.transport, args.host, args.port)
        if args.data_dir and not args.sandbox:
            raise ConfigError("--data-dir is where the sandbox keeps its data: use it with --sandbox.")
    except ConfigError as exc:
        print(f"late-mcp: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    log = logging.getLogger("late_mcp")
    running = None
    if args.sandbox:
        from .sandbox.runner import default_data_dir, start_sandbox
        from .sandbox.store import DataDirError

        data_dir = args.data_dir or default_data_dir()
        try:
            running = start_sandbox(data_dir=data_dir)
        except DataDirError as exc:
            print(f"late-mcp: {exc}", file=sys.stderr)
            return 2
        settings = settings.with_overrides(api_key=running.api_key, base_url=running.base_url, sandbox=True)
        where = (
            "Waiting for an MCP client on stdio: this is what an MCP host runs."
            + (
                "\nNext: try a tool from the terminal with `late-mcp call accounts_list --sandbox`, get a host "
                "config with `late-mcp config claude-desktop --sandbox`, or see the README for the MCP Inspector. "
                "Ctrl-C stops this server."
                if sys.stdin.isatty()
                else ""
            )
            if http is None
            else f"Serving MCP at http://{http.host}:{http.port}/mcp; send 'Authorization: Bearer {running.api_key}' "
            "(the sandbox's demo key)."
        )
        print(
            f"late-mcp {__version__}: SANDBOX mode. A local fake Late API runs at {running.base_url} "
            f"(data: {data_dir}); nothing reaches real social networks. {where}",
            file=sys.stderr,
        )
    elif not settings.has_key and http is None:
        log.warning(
            "LATE_API_KEY is not set: tools will answer with how to set it. "
            "Run `late-mcp --sandbox` to try it without a key."
        )
    from .server import build_server

    try:
        if http is not None:
            from .http_app import serve

            return serve(settings, http)
        from .stdio import run

        run(build_server(settings))
    except KeyboardInterrupt:
        pass
    finally:
        if running is not None:
            running.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
