"""What a log line may carry: no one's content, unless the operator asks for it.

Over stateless HTTP many people share one server's log, and over stdio the log lands in the host's log file. Error
texts quote what a person sent (a post's text in an API refusal that repeats it, a media URL, an account's name,
a file path), so a log line that repeats one would copy that person's content into a file other
people read. By default every log record is cut to the facts an operator needs (the tool, the outcome, the
error's class, the time taken), whatever its level, by three rules applied as the record is made (`redaction`'s
log-record factory calls :func:`hide` first, then takes keys out):

- the MCP SDK's ``Tool 'x' failed: '<our error text>'`` (and its resource twin) keeps the name, not the text;
- an exception given as a log argument is shown as its class (its ``repr`` would quote its message);
- a traceback keeps its frames and each exception's class, not their messages.

``LATE_LOG_CONTENT=true`` together with ``LATE_LOG_LEVEL=DEBUG`` lifts them (:func:`show_content`), for a
developer debugging their own server; the key stays redacted either way.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

#: the SDK's logger for tool and resource calls (mcp.server.mcpserver.server)
SDK_LOGGER = "mcp.server.mcpserver.server"
#: the SDK's records that quote the text of an error our tools wrote, and the same without it
SDK_QUOTING = {
    "Tool %r failed: %r": "Tool %r failed (message not logged)",
    "Resource %r failed: %r": "Resource %r failed (message not logged)",
}
HIDDEN = "(message not logged)"

_shown = False


def show_content(shown: bool) -> None:
    """Let log records carry messages as written (True), or cut them to what names no one's content (False)."""
    global _shown
    _shown = shown


def hide(record: logging.LogRecord) -> None:
    """Cut `record` to what carries no one's content (see the module's rules); nothing when content is shown."""
    if _shown:
        return
    quoting = SDK_QUOTING.get(record.msg) if isinstance(record.msg, str) and record.name == SDK_LOGGER else None
    if quoting and isinstance(record.args, tuple) and record.args:
        record.msg, record.args = quoting, record.args[:1]
    if isinstance(record.args, tuple) and any(isinstance(a, BaseException) for a in record.args):
        record.args = tuple(_Named(type(a).__name__) if isinstance(a, BaseException) else a for a in record.args)
    failure = record.exc_info[1] if record.exc_info else None
    if failure is not None:  # formatters print exc_text as the traceback when exc_info is gone
        record.exc_info, record.exc_text = None, classes_only(failure)


def classes_only(exc: BaseException) -> str:
    """A traceback as Python prints it, with each exception's message left out: its frames (file, line, code)
    and classes say where it broke; the message may quote what a person sent."""
    lines: list[str] = []
    _trace(exc, lines, set())
    return "".join(lines).rstrip("\n")


def _trace(exc: BaseException, lines: list[str], seen: set[int]) -> None:
    seen.add(id(exc))
    cause, context = exc.__cause__, exc.__context__
    if cause is not None and id(cause) not in seen:
        _trace(cause, lines, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
        _trace(context, lines, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    if exc.__traceback__ is not None:
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(exc.__traceback__))
    lines.append(f"{_class(exc)}: {HIDDEN}\n")
    inner: Any = getattr(exc, "exceptions", None)  # an exception group (anyio's task groups raise them)
    if isinstance(inner, (list, tuple)):
        for number, sub in enumerate(inner, 1):
            if isinstance(sub, BaseException) and id(sub) not in seen:
                lines.append(f"\n+---------------- {number} of the group ----------------\n")
                _trace(sub, lines, seen)


class _Named(str):
    """An exception's class name standing in for the exception: the same under %s and %r (no quotes)."""

    def __repr__(self) -> str:
        return str(self)


def _class(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
