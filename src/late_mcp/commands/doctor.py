"""`late-mcp doctor`: find what stops the first tool call, and say how to fix it.

Most failures happen before any tool runs: a key pasted with a space, `uvx` missing from the host's
PATH, a trailing comma in the host's JSON, a key that is no longer valid. Doctor checks each and
prints ok / warning / problem with a one-line fix; exit code 1 when there is a problem.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections import Counter
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from .checks import (
    Check,
    Which,
    check_base_url,
    check_host_config,
    check_installed,
    check_key,
    check_safety,
    check_timezone,
    check_uvx,
    check_versions,
)
from .common import parser_with_server_flags, survives_closed_stdout
from .keys import KEY_VARS, preview, raw_key

if TYPE_CHECKING:
    import httpx

    from ..config import Settings

_MARK = {"ok": "ok", "warning": "warning", "problem": "PROBLEM"}
_COLOR = {"ok": "32", "warning": "33", "problem": "31"}


def build_parser() -> argparse.ArgumentParser:
    parser = parser_with_server_flags(
        prog="late-mcp doctor",
        description="Check the API key, the API, plan, accounts, time zone, clock, Python and uvx, and Claude "
        "Desktop's config; each result comes with a one-line fix. Exit code 1 when there is a problem.",
        epilog="examples:\n"
        "  late-mcp doctor                 check your real setup\n"
        "  late-mcp doctor --sandbox       the same checks against a local fake API (no key needed)\n"
        "  late-mcp doctor --json | jq .   for scripts",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument(
        "--config-file",
        type=Path,
        metavar="PATH",
        help="Claude Desktop config to inspect (default: this OS's usual place)",
    )
    return parser


def effective_env(env: Mapping[str, str], host_env: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """The environment the server will see, and where its key comes from.

    People usually put the key only in the host's config, not in their shell: then doctor tests that key.
    """
    name, _ = raw_key(env)
    if name is not None:
        return dict(env), ""
    from_host = {k: v for k, v in host_env.items() if k.startswith(("LATE_", "ZERNIO_"))}
    if raw_key(from_host)[0] is not None:
        return {**env, **from_host}, "the Claude Desktop config"
    return dict(env), ""


def diagnose(
    args: argparse.Namespace,
    env: Mapping[str, str],
    *,
    desktop_config: Path,
    transport: httpx.AsyncBaseTransport | None = None,
    which: Which | None = None,
) -> list[Check]:
    """All checks, in the order a person would fix them."""
    import anyio

    from ..config import ConfigError
    from ..startup import settings_from
    from .apichecks import api_checks
    from .common import sandbox_settings

    host = check_host_config(desktop_config)
    env, source = effective_env(env, host.env)
    tail = [check_versions(), check_uvx(which), check_installed(), host.check]
    try:
        settings: Settings = settings_from(args, dict(env))
    except ConfigError as exc:
        problem = Check(
            "settings", "problem", str(exc), "Fix or remove it where it is set: this shell, or the host config's env."
        )
        keys = (
            [] if args.sandbox else [check_key(env, source=_source(source, env), host_runs=host.runs)]
        )  # the sandbox needs no key
        return [*keys, problem, *tail]
    with ExitStack() as stack:
        if args.sandbox:
            try:
                settings = stack.enter_context(sandbox_settings(settings, args.data_dir or ":memory:"))
            except ConfigError as exc:  # a data dir it cannot use
                fix = "Leave out --data-dir, or give it a folder you can write."
                return [Check("sandbox", "problem", str(exc), fix), *tail]
            unused = f" (your {KEY_VARS[0]} is not used with --sandbox)" if raw_key(env)[0] else ""
            key = Check("API key", "ok", f"sandbox key {preview(settings.api_key or '')}{unused}")
        else:
            key = check_key(env, source=_source(source, env), host_runs=host.runs)
        api = anyio.run(api_checks, settings, transport)
    return [
        key,
        check_base_url(settings.base_url, sandbox=settings.sandbox),
        *api,
        check_timezone(settings.timezone, env),
        check_safety(settings),
        *tail,
    ]


def _source(source: str, env: Mapping[str, str]) -> str:
    name, _ = raw_key(env)
    return f"{name} in {source}" if source and name else ""


def render_text(checks: list[Check], *, color: bool, width: int) -> str:
    label_width = max(len(c.name) for c in checks)
    indent = " " * (2 + 7 + 2 + label_width + 2)
    lines = []
    for c in checks:
        mark = f"{_MARK[c.status]:<7}"
        head = f"  {mark}  {c.name:<{label_width}}  "
        body = textwrap.fill(
            c.detail,
            width=max(60, width),
            initial_indent=head,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        )
        if color:
            body = body.replace(mark, f"\033[{_COLOR[c.status]}m{mark}\033[0m", 1)
        lines.append(body)
        if c.fix and c.status != "ok":
            fix = textwrap.fill(
                "fix: " + c.fix,
                width=max(60, width),
                initial_indent=indent,
                subsequent_indent=indent + "     ",
                break_on_hyphens=False,
                break_long_words=False,
            )
            lines.append(fix)
    counts = Counter(c.status for c in checks)
    if counts["problem"]:
        summary = (
            f"{_plural(counts['problem'], 'problem')}, {_plural(counts['warning'], 'warning')}. "
            "Fix the problems, then fully quit and restart the host."
        )
    elif counts["warning"]:
        summary = f"No problems, {_plural(counts['warning'], 'warning')}."
    else:
        summary = "All good."
    return "\n".join([*lines, "", summary])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def as_json(checks: list[Check], *, sandbox: bool) -> str:
    counts = Counter(c.status for c in checks)
    return json.dumps(
        {
            "ok": counts["problem"] == 0,
            "sandbox": sandbox,
            "summary": {status: counts[status] for status in ("ok", "warning", "problem")},
            "checks": [c.as_dict() for c in checks],
        },
        indent=2,
        ensure_ascii=False,
    )


@survives_closed_stdout
def main(argv: list[str]) -> int:
    from .. import __version__
    from .hosts import claude_desktop_config_path

    args = build_parser().parse_args(argv)
    desktop_config = args.config_file or claude_desktop_config_path()
    if not args.json:
        target = "a local sandbox" if args.sandbox else "your setup"
        print(f"late-mcp doctor {__version__}: checking {target}…\n", flush=True)
    checks = diagnose(args, os.environ, desktop_config=desktop_config)
    if args.json:
        print(as_json(checks, sandbox=args.sandbox))
    else:
        tty = sys.stdout.isatty()
        color = tty and "NO_COLOR" not in os.environ
        width = shutil.get_terminal_size((100, 24)).columns if tty else 100
        print(render_text(checks, color=color, width=width))
    return 1 if any(c.status == "problem" for c in checks) else 0
