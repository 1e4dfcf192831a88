"""Keep the Late key out of everything the server says, whatever put it there.

The client never writes the key into a message itself, but the API (or a proxy in front of it) can echo it: a 401
that quotes the ``Authorization`` header, a 502 page that prints the request, a 200 whose fields contain it. Rather
than cleaning each place that might repeat such a text, two gates see every text on its way out:

- :func:`redact_value`, applied by the server to every MCP result and error (tools, resources, prompts; see
  ``server.build_server``), whatever transport carries it;
- a log-record factory (:func:`protect` installs it) that cleans every record at every level before any handler
  sees it, tracebacks included; it first cuts the record to what carries no one's content (``logcontent``).

The secrets are the configured key (:func:`protect`) and, over streamable HTTP, the key of the request being served
(:data:`request_key`, set by ``http_app``). A long prefix of a key counts too, so an echo cut short by a length
limit is not a leak; so does the key without its ``sk_`` prefix. Logs also lose any text shaped like a Late key
(:data:`KEY_SHAPE`): a server for many people logs requests whose key it was never given, such as one refused for
carrying its key in the URL instead of the header (uvicorn's access log prints the query).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from contextvars import ContextVar
from typing import Any

from .logcontent import hide

MASK = "[redacted key]"

#: the Late key of the HTTP request being served; None outside a request (and always over stdio)
request_key: ContextVar[str | None] = ContextVar("late_mcp_request_key", default=None)

#: a Late key (``sk_`` and 64 hex digits), or anything else that looks like one, in a log line (not the end of
#: a word such as ``task_...`` or ``disk_...``)
KEY_SHAPE = re.compile(r"(?<![A-Za-z0-9_])sk_[A-Za-z0-9]{16,}")

#: below this length a "secret" would match ordinary text; the API's keys are 67 characters
_MIN_SECRET = 8
#: a prefix this long of a key is a (truncated) key
_PREFIX = 16

_configured: set[str] = set()
_lock = threading.Lock()
_installed = False


def protect(secret: str | None) -> None:
    """Redact `secret` (the configured key) from results and logs for the life of the process."""
    if secret and len(secret.strip()) >= _MIN_SECRET:
        with _lock:
            _configured.add(secret.strip())
    _install_log_factory()


def secrets() -> list[str]:
    """Every text to redact right now: the configured keys, the current request's key, each without ``sk_``."""
    found = set(_configured)
    current = request_key.get()
    if current and len(current) >= _MIN_SECRET:
        found.add(current)
    found |= {s[3:] for s in found if s.startswith("sk_") and len(s) - 3 >= _MIN_SECRET}
    return sorted(found, key=len, reverse=True)  # the whole key before its shorter forms


def redact(text: str, keys: list[str] | None = None) -> str:
    """`text` with every occurrence of a secret, or of a long prefix of one, replaced by :data:`MASK`."""
    for secret in secrets() if keys is None else keys:
        text = _redact_one(text, secret)
    return text


def redact_value(value: Any, keys: list[str] | None = None) -> Any:
    """A JSON-like value (dicts, lists, strings) with every string redacted; the same object when nothing changed.

    Most values hold no key, so one C-speed serialization decides first whether the walk is needed at all.
    """
    keys = secrets() if keys is None else keys
    if not keys:
        return value
    if all(json.dumps(k)[1:-1] == k for k in keys):  # each key appears verbatim in the JSON text
        try:
            blob = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            blob = None
        if blob is not None and not any(k[:_PREFIX] in blob for k in keys):
            return value
    return _walk(value, keys)


def _walk(value: Any, keys: list[str]) -> Any:
    if isinstance(value, str):
        return redact(value, keys)
    if isinstance(value, dict):
        return {_walk(k, keys): _walk(v, keys) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_walk(v, keys) for v in value)
    return value


def _redact_one(text: str, secret: str) -> str:
    head = secret[: min(len(secret), _PREFIX)]
    start = text.find(head)
    if start < 0:
        return text
    out: list[str] = []
    done = 0
    while start >= 0:
        end = start + len(head)
        while end - start < len(secret) and end < len(text) and text[end] == secret[end - start]:
            end += 1
        out += [text[done:start], MASK]
        done = end
        start = text.find(head, done)
    out.append(text[done:])
    return "".join(out)


def _install_log_factory() -> None:
    """Clean every log record as it is made, so no handler (file, stderr, a test's capture) ever holds the key."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
        previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        hide(record)
        _clean(record, secrets())
        return record

    logging.setLogRecordFactory(factory)


def _clean(record: logging.LogRecord, keys: list[str]) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a broken format: logging reports it itself when a handler formats the record
        return
    clean = _for_logs(message, keys)
    if clean != message and not _clean_args(record, keys, clean):
        record.msg, record.args = clean, ()
    if record.exc_info and record.exc_info[1] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        clean = _for_logs(text, keys)
        if clean != text:
            record.exc_info, record.exc_text = None, clean  # formatters print exc_text as the traceback
    if record.stack_info:
        record.stack_info = _for_logs(record.stack_info, keys)


def _clean_args(record: logging.LogRecord, keys: list[str], clean: str) -> bool:
    """Redact the record's arguments one by one, keeping them arguments: a formatter may read them apart (uvicorn's
    access lines under its own logging config). False when that does not give the clean message."""
    if not isinstance(record.args, tuple) or not isinstance(record.msg, str):
        return False
    args = tuple(_for_logs(a, keys) if isinstance(a, str) else a for a in record.args)
    msg = _for_logs(record.msg, keys)
    try:
        if msg % args != clean:
            return False
    except (TypeError, ValueError):
        return False
    record.msg, record.args = msg, args
    return True


def _for_logs(text: str, keys: list[str]) -> str:
    return KEY_SHAPE.sub(MASK, redact(text, keys) if keys else text)
