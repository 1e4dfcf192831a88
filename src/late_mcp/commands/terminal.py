"""`late-mcp tools` and `late-mcp call`: use the server's tools from a terminal, a script or cron.

`call` goes through a real in-process MCP client, so what it shows is exactly what a host would get:
the same argument validation, the same errors, the same structured result.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shlex
import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from .common import parser_with_server_flags, sandbox_settings, settings_of, survives_closed_stdout
from .render import describe_type, marker, render_result, result_text

if TYPE_CHECKING:
    from mcp.shared.dispatcher import ProgressFnT
    from mcp.types import CallToolResult, Tool

    from ..config import Settings

EXIT_OK, EXIT_TOOL_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command line: message for stderr, exit code 2."""


# ---------------------------------------------------------------- arguments


def coerce(raw: str, schema: Mapping[str, Any] | None) -> Any:
    """A `key=value` value: JSON when it parses (`5`, `true`, `["a"]`), else the text itself.

    A parameter whose schema only allows a string keeps the text as typed, so `content=2024` or
    `post_id=123` stay strings.
    """
    if schema is not None and _only_string(schema):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _only_string(schema: Mapping[str, Any]) -> bool:
    types = set(_types(schema))
    return bool(types) and types <= {"string", "null"} and "string" in types


def _types(schema: Mapping[str, Any]) -> Iterator[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        yield kind
    elif isinstance(kind, list):
        yield from (k for k in kind if isinstance(k, str))
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key) or []:
            if isinstance(option, Mapping):
                yield from _types(option)


def parse_arguments(pairs: list[str], base: Mapping[str, Any], tool: Tool) -> dict[str, Any]:
    """`key=value` pairs over the `--json` object, checked against the tool's parameter names."""
    properties: Mapping[str, Any] = tool.input_schema.get("properties") or {}
    arguments = dict(base)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if pair.lstrip().startswith("{"):  # a JSON object where pairs go: say where it goes
            raise UsageError(
                f"a JSON object goes after --json, in place of the key=value pairs: --json {shlex.quote(pair)}"
            )
        if not sep or not key:
            raise UsageError(f"expected key=value, got {pair!r}{_param_hint(tool)}")
        arguments[key] = coerce(value, properties.get(key))
    unknown = [k for k in arguments if k not in properties]
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(properties), n=1)
        guess = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"{tool.name} has no parameter {unknown[0]!r}{guess}{_param_hint(tool)}")
    return arguments


def _param_hint(tool: Tool) -> str:
    names = list((tool.input_schema.get("properties") or {}).keys())
    return f"; its parameters: {', '.join(names)}" if names else f"; {tool.name} takes no parameters"


def split_json_flag(argv: list[str]) -> tuple[list[str], dict[str, Any] | None, bool]:
    """Pull out `--json`: followed by `{...}` it is the argument object, alone it asks for JSON output."""
    rest: list[str] = []
    obj: dict[str, Any] | None = None
    as_json = False
    i = 0
    while i < len(argv):
        item = argv[i]
        value: str | None = None
        if item.startswith("--json="):
            value = item.split("=", 1)[1]
        elif item == "--json" and i + 1 < len(argv) and argv[i + 1].lstrip().startswith(("{", "[")):
            value = argv[i + 1]
            i += 1
        elif item == "--json":
            as_json = True
        else:
            rest.append(item)
        if value is not None:
            try:
                parsed = json.loads(value)
            except ValueError as exc:
                raise UsageError(f"--json: not valid JSON ({exc})") from None
            if not isinstance(parsed, dict):
                raise UsageError("--json: the arguments must be a JSON object, e.g. '{\"limit\": 5}'")
            obj = {**(obj or {}), **parsed}
        i += 1
    return rest, obj, as_json


# ---------------------------------------------------------------- running


def server_tools(settings: Settings) -> list[Tool]:
    """The tools a server with these settings offers (toolsets, read-only mode...), as a host would list them."""
    import anyio

    from ..server import build_server

    return list(anyio.run(build_server(settings).list_tools))


def find_tool(tools: list[Tool], name: str, settings: Settings | None = None) -> Tool:
    """The offered tool of that name; else an error that says why a real tool is not offered (its toolset is off,
    read-only mode, an exclusion) and how to offer it, or which offered names are close."""
    for tool in tools:
        if tool.name == name:
            return tool
    if settings is not None:
        from ..tools import why_not_offered

        reason = why_not_offered(settings, name)
        if reason:
            raise UsageError(reason)
    names = [t.name for t in tools]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    close += [n for n in names if name and name in n and n not in close][: 3 - len(close)]
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UsageError(f"no tool named {name!r}.{hint} `late-mcp tools` lists all {len(names)}.")


async def call(
    settings: Settings, name: str, arguments: dict[str, Any], progress: ProgressFnT | None = None
) -> CallToolResult:
    """One tool call through an in-process MCP client, as a host would make it; at a terminal the person is asked
    what a host would ask them (a publish, a delete, an approval), so `call` is no way round a confirmation."""
    from mcp import Client

    from ..server import build_server

    person = _ask_at_terminal if sys.stdin.isatty() and sys.stderr.isatty() else None
    async with Client(build_server(settings), elicitation_callback=person) as client:
        return await client.call_tool(name, arguments, progress_callback=progress)


async def _ask_at_terminal(context: Any, params: Any) -> Any:
    """The server's question on stderr, the person's y/N from stdin (anything but yes declines; end of input
    cancels)."""
    import anyio
    from mcp import types

    print(f"\n{params.message} [y/N] ", end="", file=sys.stderr, flush=True)  # stdout is the result's
    answer = await anyio.to_thread.run_sync(sys.stdin.readline)
    if not answer:  # end of input
        return types.ElicitResult(action="cancel")
    if answer.strip().casefold() in ("y", "yes"):
        return types.ElicitResult(action="accept", content={"confirm": True})
    return types.ElicitResult(action="decline")


@survives_closed_stdout
def tools_main(argv: list[str]) -> int:
    from ..config import ConfigError

    parser = parser_with_server_flags(
        prog="late-mcp tools",
        description="List the MCP tools the server offers, one line each. Server flags (--toolsets, --read-only...) "
        "change the list as they would for a host.",
    )
    parser.add_argument("name", nargs="?", help="show one tool in full: description and parameters")
    parser.add_argument("--json", action="store_true", help="print the tool list as MCP sends it (JSON)")
    args = parser.parse_args(argv)
    try:
        settings = settings_of(args)
        tools = server_tools(settings)
        selected = [find_tool(tools, args.name, settings)] if args.name else tools
    except (UsageError, ConfigError) as exc:
        print(f"late-mcp tools: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        dump = [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in selected]
        print(json.dumps(dump if not args.name else dump[0], indent=2, ensure_ascii=False))
    elif args.name:
        _show_tool(selected[0])
    else:
        width = max(len(t.name) for t in tools)
        for tool in tools:
            first = (tool.description or "").strip().splitlines()[0] if tool.description else ""
            print(f"{tool.name:<{width}}  {marker(tool):<11}  {first}")
        print(
            f"\n{len(tools)} tools. `late-mcp tools NAME` shows one tool's parameters; "
            "`late-mcp call NAME key=value ...` runs it."
        )
    return EXIT_OK


def _show_tool(tool: Tool) -> None:
    print(f"{tool.name}  ({marker(tool)})\n")
    print((tool.description or "").strip() + "\n")
    properties: Mapping[str, Any] = tool.input_schema.get("properties") or {}
    required = set(tool.input_schema.get("required") or [])
    if not properties:
        print("No parameters.")
    else:
        print("Parameters:")
        for pname, schema in properties.items():
            need = "required" if pname in required else f"default {json.dumps(schema.get('default'))}"
            print(f"  {pname}  ({describe_type(schema)}, {need})")
            if schema.get("description"):
                print(f"      {schema['description']}")
    example = " ".join(f"{p}=..." for p in properties if p in required)
    print(f"\nExample: late-mcp call {tool.name} {example}".rstrip())


@survives_closed_stdout
def call_main(argv: list[str]) -> int:
    try:
        return _call_main(argv)
    except UsageError as exc:
        print(f"late-mcp call: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nlate-mcp call: interrupted", file=sys.stderr)
        return 130


def _call_parser() -> argparse.ArgumentParser:
    parser = parser_with_server_flags(
        prog="late-mcp call",
        description="Run one tool through an in-process MCP client and print its result.",
        epilog='values are JSON when they parse (limit=5, is_draft=true, options=\'{"visibility": "private"}\'),\n'
        "text otherwise; a parameter that only takes text keeps the text as typed (content=2024).\n\n"
        "examples:\n"
        "  late-mcp call accounts_list --sandbox\n"
        "  late-mcp call posts_list status=failed limit=5\n"
        "  late-mcp call posts_create content='Hello' platform=bluesky is_draft=true\n"
        "\nexit codes: 0 ok, 1 the tool reported an error, 2 bad command line",
    )
    parser.add_argument("tool", help="tool name (see `late-mcp tools`)")
    parser.add_argument("arguments", nargs="*", metavar="key=value", help="arguments (see `late-mcp tools NAME`)")
    parser.add_argument("--raw", action="store_true", help="print the whole MCP result as the host receives it")
    # Listed here for the usage line and the help; split_json_flag takes it out before argparse reads the rest.
    parser.add_argument(
        "--json",
        nargs="?",
        metavar="'{...}'",
        help="with a JSON object: the whole argument object (key=value pairs override it); alone: print the "
        "result as JSON",
    )
    return parser


def _call_main(argv: list[str]) -> int:
    import anyio

    from ..config import ConfigError
    from ..startup import setup_logging
    from .progress import ProgressBar

    rest, base, as_json = split_json_flag(argv)
    if not rest:  # `late-mcp call` alone: show how to use it rather than an argparse error
        _call_parser().print_help(sys.stderr)
        return EXIT_USAGE
    args = _call_parser().parse_intermixed_args(rest)
    try:
        settings = settings_of(args)
        if (args.data_dir or args.reset) and not args.sandbox:
            raise ConfigError("--data-dir and --reset are about the sandbox's data: use them with --sandbox.")
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    tool = find_tool(server_tools(settings), args.tool, settings)
    arguments = parse_arguments(args.arguments, base or {}, tool)
    setup_logging(settings.log_level, settings.log_content)
    bar = ProgressBar(sys.stderr)
    with ExitStack() as stack:
        if args.sandbox:
            try:
                settings = stack.enter_context(sandbox_settings(settings, args.data_dir, reset=args.reset))
            except ConfigError as exc:
                raise UsageError(str(exc)) from None
        try:
            result = anyio.run(call, settings, tool.name, arguments, bar.update if bar.enabled else None)
        finally:
            bar.close()
    if args.raw:
        dump = result.model_dump(mode="json", by_alias=True, exclude_none=True)
        print(json.dumps(dump, indent=2, ensure_ascii=False))
    if result.is_error:
        message = result_text(result).removeprefix(f"Error executing tool {tool.name}: ")
        print(f"{tool.name} failed: {message or 'no message'}", file=sys.stderr)
        return EXIT_TOOL_ERROR
    if not args.raw:
        content = result.structured_content
        if as_json:
            print(json.dumps(content if content is not None else result_text(result), indent=2, ensure_ascii=False))
        else:
            print(render_result(tool.name, content) if content is not None else result_text(result))
    if args.sandbox:
        _warn_of_dead_links(settings.base_url, result_text(result))
    return EXIT_OK


def _warn_of_dead_links(base_url: str, text: str) -> None:
    """An upload link from `call --sandbox` points at a sandbox that stopped with the command: say so."""
    origin = base_url.removesuffix("/api")
    if origin in text:
        print(
            f"note: links to {origin} no longer answer: that sandbox ran inside this command and stopped with it. "
            "For links that stay up, run `late-mcp sandbox` in another terminal and call with the LATE_BASE_URL "
            "and LATE_API_KEY it prints.",
            file=sys.stderr,
        )
