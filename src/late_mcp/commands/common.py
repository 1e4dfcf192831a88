"""What the terminal commands share with the server: its flags, its Settings, its sandbox.

The subcommand parsers inherit the server's own parser, so every flag the server learns (toolsets,
read-only, timeouts...) works in `tools`, `call` and `doctor` without a second list to keep in step.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..startup import build_parser, settings_from

if TYPE_CHECKING:
    from ..config import Settings


#: server flags that mean nothing to a terminal command: accepted, but left out of its --help
_NOT_HERE = frozenset({"transport", "host", "port", "version"})


def parser_with_server_flags(**kwargs: Any) -> argparse.ArgumentParser:
    kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
    parser = argparse.ArgumentParser(parents=[build_parser()], conflict_handler="resolve", **kwargs)
    for action in parser._actions:
        if action.dest in _NOT_HERE:
            action.help = argparse.SUPPRESS
    return parser


def settings_of(args: argparse.Namespace) -> Settings:
    """Settings from the environment and the server flags; raises ConfigError with a message naming the setting."""
    return settings_from(args)


@contextmanager
def sandbox_settings(settings: Settings, data_dir: str | None, *, reset: bool = False) -> Iterator[Settings]:
    """Start a local sandbox API for the duration of the block and point `settings` at it.

    A data dir it cannot use raises ConfigError (one line for the person), not the store's own error.
    """
    from ..config import ConfigError
    from ..sandbox.runner import default_data_dir, start_sandbox
    from ..sandbox.store import DataDirError

    try:
        running = start_sandbox(data_dir=data_dir or default_data_dir(), reset=reset)
    except DataDirError as exc:
        raise ConfigError(str(exc)) from None
    try:
        yield settings.with_overrides(api_key=running.api_key, base_url=running.base_url, sandbox=True)
    finally:
        running.stop()


def survives_closed_stdout(main: Callable[[list[str]], int]) -> Callable[[list[str]], int]:
    """`late-mcp tools | head` must not end in a BrokenPipeError traceback."""

    @functools.wraps(main)
    def wrapper(argv: list[str]) -> int:
        try:
            return main(argv)
        except BrokenPipeError:
            # Point stdout at devnull so the interpreter's final flush does not fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1

    return wrapper
