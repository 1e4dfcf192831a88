"""Starting late-mcp: the command line's parser and --help, Settings from flags and environment, logging.

Shared by the server's entry point (:mod:`late_mcp.cli`, which runs the commands) and the terminal commands
(:mod:`late_mcp.commands`, whose parsers inherit the server's flags), so the commands never import the entry
point. Cheap to import: no MCP SDK.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping

from . import __version__
from .config import ENV_VARS, ConfigError, Settings
from .suggest import did_you_mean

#: name -> (module whose `main(argv) -> int` runs it, one line for --help). Imported only when used.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "sandbox": ("late_mcp.sandbox.runner", "serve a local Late API (demo key, upload page) over HTTP"),
    "doctor": ("late_mcp.commands.doctor", "check the key, the API, accounts, clock and PATH; says how to fix"),
    "config": ("late_mcp.commands.hostconfig", "print or --write the config for Claude Desktop, Cursor, VS Code..."),
    "tools": ("late_mcp.commands.list_tools", "list the tools (late-mcp tools NAME for one tool's parameters)"),
    "call": ("late_mcp.commands.call_tool", "run one tool from the terminal: late-mcp call posts_list limit=5"),
}


def route(argv: list[str]) -> tuple[str | None, list[str]]:
    """The subcommand named anywhere among the global flags, and the arguments it gets.

    `late-mcp --sandbox call accounts_list` is `late-mcp call --sandbox accounts_list`: flags before the command go
    to it. A word that is not a command is refused with the closest one, since the server itself takes no words.
    Raises ConfigError for that.
    """
    takes_value = {
        option for action in build_parser()._actions if action.nargs != 0 for option in action.option_strings
    }
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            break
        if word.startswith("-"):
            i += 2 if word in takes_value else 1
            continue
        if word in SUBCOMMANDS:
            return word, [*argv[:i], *argv[i + 1 :]]
        raise ConfigError(
            f"unknown command {word!r}.{did_you_mean(word, SUBCOMMANDS)} Commands: {', '.join(SUBCOMMANDS)} "
            "(late-mcp --help)."
        )
    return None, argv


def _epilog() -> str:
    lines = ["commands:"]
    lines += [f"  {name:<10} {text}" for name, (_, text) in SUBCOMMANDS.items()]
    lines.append("  (late-mcp COMMAND --help for each)")
    lines += ["", "environment variables (flags override them):"]
    for name, (aliases, text) in ENV_VARS.items():
        alias = f" (alias {', '.join(aliases)})" if aliases else ""
        lines.append(f"  {name}{alias}\n      {text}")
    lines += [
        "",
        "examples:",
        "  late-mcp --sandbox                  try it with a local fake API, no key needed",
        "  LATE_API_KEY=sk_... late-mcp        serve the real API over stdio (what an MCP host runs)",
    ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="late-mcp",
        description="MCP server for the Late (Zernio) social media API. Speaks MCP over stdio; "
        "an MCP host such as Claude Desktop launches it.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"late-mcp {__version__}")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="run against a local fake Late API started in this process (no key, nothing really posted)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="with --sandbox: where its data lives, kept between runs (':memory:' for none)",
    )
    parser.add_argument(
        "--reset", action="store_true", help="with --sandbox: start from a fresh workspace (deletes its data and key)"
    )
    parser.add_argument("--base-url", metavar="URL", help="API base URL without /v1 (env LATE_BASE_URL)")
    parser.add_argument("--timezone", metavar="ZONE", help="IANA zone for times (env LATE_TIMEZONE)")
    parser.add_argument("--timeout", type=float, metavar="S", help="request timeout in seconds (env LATE_TIMEOUT)")
    parser.add_argument(
        "--publish-timeout",
        type=float,
        metavar="S",
        help="timeout in seconds for publishing now, retries of posts and uploads (env LATE_PUBLISH_TIMEOUT)",
    )
    parser.add_argument(
        "--concurrency", type=int, metavar="N", help="parallel API calls for bulk work (env LATE_CONCURRENCY)"
    )
    parser.add_argument(
        "--max-retries", type=int, metavar="N", help="retries after a failed request (env LATE_MAX_RETRIES)"
    )
    parser.add_argument(
        "--max-retry-wait", type=float, metavar="S", help="longest rate-limit wait accepted (env LATE_MAX_RETRY_WAIT)"
    )
    parser.add_argument(
        "--max-total-wait",
        type=float,
        metavar="S",
        help="longest all the waits of one tool call may add up to (env LATE_MAX_TOTAL_WAIT)",
    )
    parser.add_argument(
        "--media-dirs",
        metavar="DIRS",
        help=f"directories local-file tools may read, '{os.pathsep}'-separated (env LATE_MEDIA_DIRS)",
    )
    parser.add_argument(
        "--toolsets", metavar="A,B", help="toolsets to offer, or 'all' (env LATE_TOOLSETS; default core)"
    )
    parser.add_argument("--tools", metavar="A,B", help="single tools to offer in addition (env LATE_TOOLS)")
    parser.add_argument("--exclude-tools", metavar="A,B", help="tools to leave out (env LATE_EXCLUDE_TOOLS)")
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=None,
        help="offer only tools that change nothing (env LATE_READ_ONLY)",
    )
    parser.add_argument(
        "--confirm",
        choices=["live", "all", "off"],
        help="when to ask the person before a write (MCP elicitation): live (default: what goes out now or "
        "destroys), all (also scheduled creates and updates), off (env LATE_CONFIRM; LATE_CONFIRM_REQUIRED=true "
        "refuses such writes on hosts that cannot ask)",
    )
    parser.add_argument(
        "--no-dynamic-toolsets",
        dest="dynamic_toolsets",
        action="store_false",
        default=None,
        help="no `toolsets` tool: the tool list never changes while running (env LATE_DYNAMIC_TOOLSETS=false)",
    )
    parser.add_argument(
        "--transport",
        choices=["stdio", "streamable-http"],
        help="stdio (default; what an MCP host launches) or streamable-http: stateless HTTP for many users, "
        "each request bringing its own key as 'Authorization: Bearer' (env LATE_TRANSPORT)",
    )
    parser.add_argument("--host", metavar="HOST", help="streamable-http: interface (env LATE_HOST; default 127.0.0.1)")
    parser.add_argument("--port", type=int, metavar="N", help="streamable-http: port (env LATE_PORT; default 8000)")
    parser.add_argument(
        "--log-level",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        type=str.upper,
        help="log level on stderr (env LATE_LOG_LEVEL)",
    )
    return parser


#: flag (argparse dest) -> the environment variable it overrides; both go through the same checks in config
FLAG_VARS = {
    "base_url": "LATE_BASE_URL",
    "timezone": "LATE_TIMEZONE",
    "timeout": "LATE_TIMEOUT",
    "publish_timeout": "LATE_PUBLISH_TIMEOUT",
    "concurrency": "LATE_CONCURRENCY",
    "max_retries": "LATE_MAX_RETRIES",
    "max_retry_wait": "LATE_MAX_RETRY_WAIT",
    "max_total_wait": "LATE_MAX_TOTAL_WAIT",
    "media_dirs": "LATE_MEDIA_DIRS",
    "log_level": "LATE_LOG_LEVEL",
    "toolsets": "LATE_TOOLSETS",
    "tools": "LATE_TOOLS",
    "exclude_tools": "LATE_EXCLUDE_TOOLS",
    "read_only": "LATE_READ_ONLY",
    "confirm": "LATE_CONFIRM",
    "dynamic_toolsets": "LATE_DYNAMIC_TOOLSETS",
}


def settings_from(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> Settings:
    """Environment first, flags on top: one Settings for the life of the process.

    A flag is read as if it were its environment variable, so both are checked the same way; an error
    names the flag when the flag was given.
    """
    merged = dict(os.environ if env is None else env)
    given: dict[str, str] = {}
    for dest, var in FLAG_VARS.items():
        value = getattr(args, dest, None)
        if value is not None:
            merged[var] = str(value).lower() if isinstance(value, bool) else str(value)
            given[var] = "--" + dest.replace("_", "-")
    try:
        return Settings.from_env(merged)
    except ConfigError as exc:
        text = str(exc)
        for var, flag in given.items():
            text = text.replace(var, f"{flag} ({var})")
        raise ConfigError(text) from None


def setup_logging(level: str, content: bool = False) -> None:
    """stderr at `level`. httpx logs each request's URL with its query at INFO, and httpcore each step at DEBUG:
    only when content is asked for (LATE_LOG_CONTENT); `late_mcp.client` logs each API call's method, path,
    status and time at DEBUG anyway."""
    logging.basicConfig(stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("httpx", "httpcore"):
        logging.getLogger(chatty).setLevel(logging.DEBUG if content else logging.WARNING)
