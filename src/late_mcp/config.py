"""Settings: every knob the server has, read once at start from flags and the environment."""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from .userdirs import user_data_dir
from .zones import find_zone, not_a_place, system_timezone_name, unknown_zone

DEFAULT_BASE_URL = "https://getlate.dev/api"
#: what generated configs and docs carry instead of a real key: not a key, never sent
PLACEHOLDER_KEYS = frozenset({"sk_your_key_here", "your_api_key_here", "your-api-key", "sk_..."})

#: env var -> (aliases, help) for every setting; `--help` and the README tests are built from the same facts.
ENV_VARS: dict[str, tuple[tuple[str, ...], str]] = {
    "LATE_API_KEY": (
        ("ZERNIO_API_KEY",),
        "Late API key (sk_ + 64 hex). Without it the server starts and its tools say how to set it.",
    ),
    "LATE_BASE_URL": (("ZERNIO_BASE_URL",), f"API base URL without /v1 (default {DEFAULT_BASE_URL})."),
    "LATE_TIMEZONE": ((), "IANA zone for reading and showing times (default: the system's zone)."),
    "LATE_TIMEOUT": ((), "Seconds for an ordinary API request (default 30)."),
    "LATE_PUBLISH_TIMEOUT": (
        (),
        "Seconds for the slow requests: publishing now and retrying a post (the API posts synchronously), a bulk "
        "CSV upload, a local file's upload (default 300).",
    ),
    "LATE_MAX_RETRIES": (
        (),
        "Retries on 429/5xx/connection errors of reads, updates, deletes, and of creates under their "
        "Idempotency-Key (default 3).",
    ),
    "LATE_MAX_RETRY_WAIT": ((), "Longest single wait in seconds the server accepts before giving up (default 30)."),
    "LATE_MAX_TOTAL_WAIT": (
        (),
        "Longest all the retry waits of one tool call may add up to, in seconds, before it answers with the wait "
        "still needed (default 20; MCP hosts often give up on a call after 60).",
    ),
    "LATE_CONCURRENCY": ((), "Parallel API calls for bulk work such as retrying all failed posts (default 5)."),
    "LATE_LOG_LEVEL": ((), "Log level on stderr: DEBUG, INFO, WARNING, ERROR (default WARNING)."),
    "LATE_LOG_CONTENT": (
        (),
        "true (with LATE_LOG_LEVEL=DEBUG only): logs keep error messages and tracebacks as written, which quote "
        "people's posts, URLs and names (default false: tool, outcome, error class and time only).",
    ),
    "LATE_TOOLSETS": ((), "Comma-separated toolsets to offer, or 'all' (default: core)."),
    "LATE_TOOLS": ((), "Comma-separated single tools to offer in addition to the toolsets."),
    "LATE_EXCLUDE_TOOLS": ((), "Comma-separated tools to leave out."),
    "LATE_READ_ONLY": ((), "true: offer only tools that change nothing (default false)."),
    "LATE_DYNAMIC_TOOLSETS": (
        (),
        "false: no `toolsets` tool, the tool list never changes while running (for hosts that mishandle "
        "tool-list changes; default true).",
    ),
    "LATE_MEDIA_DIRS": (
        (),
        f"Directories media_upload_file and posts_bulk_upload may read, separated by '{os.pathsep}' (default: any; "
        "over streamable-http media_upload_file is offered, and posts_bulk_upload reads a path, only when it is set).",
    ),
    "LATE_CONFIRM": (
        (),
        "When to ask the person before a write (MCP elicitation): live (default: what goes out now or destroys), "
        "all (also scheduled creates and updates), off.",
    ),
    "LATE_CONFIRM_REQUIRED": (
        (),
        "true: refuse confirmable writes when the host cannot ask the person (default false: go ahead, and say so).",
    ),
    "LATE_ALLOW_ACCOUNTS": ((), "Comma-separated account ids or @usernames writes may touch (default: all)."),
    "LATE_ALLOW_PUBLISH_NOW": (
        (),
        "false: refuse publishing immediately (retries too); scheduling still works (default true).",
    ),
    "LATE_MAX_POSTS_PER_DAY": ((), "Most posts this server creates in a rolling 24 hours (default 0: no cap)."),
    "LATE_REQUIRE_APPROVAL": (
        (),
        "true: every scheduled post goes in pending approval (requiresApproval) and publishes only once approved, "
        "in Late's dashboard or with posts_review (default false).",
    ),
    "LATE_JOURNAL": (
        (),
        "The write journal's SQLite file (default: late-mcp/journal.sqlite3 in the user's data directory; "
        "'off' for none).",
    ),
    "LATE_TRANSPORT": ((), "stdio (default) or streamable-http (stateless HTTP; each request sends its own key)."),
    "LATE_HOST": ((), "streamable-http: interface to bind (default 127.0.0.1)."),
    "LATE_PORT": ((), "streamable-http: port (default 8000)."),
    "LATE_STATE_KEYS": (
        (),
        "streamable-http: secret(s) sealing a confirmation's state between the rounds of a tool call, "
        "comma-separated, each at least 32 characters (the first seals, all open: rotation). Give every process "
        "behind one address the same, or a question one asks cannot be answered through another (default: a "
        "random key per process).",
    ),
}


class ConfigError(ValueError):
    """A setting has a value the server cannot use; the message names the setting."""


def env_value(env: Mapping[str, str], name: str) -> str | None:
    """First non-empty value among the variable and its aliases."""
    aliases, _ = ENV_VARS[name]
    for key in (name, *aliases):
        value = env.get(key)
        if value is not None and value.strip() != "":
            return value
    return None


def _number(env: Mapping[str, str], name: str, default: float, *, minimum: float) -> float:
    raw = env_value(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number.") from None
    if not math.isfinite(value):
        raise ConfigError(f"{name}={raw!r} is not a finite number.")
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum:g}, got {value:g}.")
    return value


def load_zone(name: str) -> ZoneInfo:
    """ZoneInfo for an IANA name, with an error that says what is accepted."""
    zone = find_zone(name)
    if zone is None:
        raise ConfigError(unknown_zone(name))
    return zone


@dataclass(frozen=True)
class Settings:
    """Everything the server needs, fixed for the life of the process.

    The key is kept out of repr so that no log line or traceback can show it.
    """

    api_key: str | None = field(default=None, repr=False)
    base_url: str = DEFAULT_BASE_URL
    timezone: str = "UTC"
    timeout: float = 30.0
    publish_timeout: float = 300.0
    max_retries: int = 3
    max_retry_wait: float = 30.0
    max_total_wait: float = 20.0
    concurrency: int = 5
    log_level: str = "WARNING"
    #: logs may quote people's content (error messages, tracebacks); only with DEBUG (see `logcontent`)
    log_content: bool = False
    sandbox: bool = False
    toolsets: tuple[str, ...] = ("core",)
    tools: tuple[str, ...] = ()
    exclude_tools: tuple[str, ...] = ()
    read_only: bool = False
    #: offer the `toolsets` tool, which turns more toolsets on in the running session
    dynamic_toolsets: bool = True
    media_dirs: tuple[str, ...] = ()
    confirm: str = "live"
    confirm_required: bool = False
    allow_accounts: tuple[str, ...] = ()
    allow_publish_now: bool = True
    max_posts_per_day: int = 0
    require_approval: bool = False
    #: the journal file; ":memory:" keeps it in the process (settings built by hand, tests), "" means none
    journal: str = ":memory:"
    #: stateless HTTP: stamp each created post's metadata instead of keeping a journal (safety.stamps)
    stamp_posts: bool = False
    #: stateless HTTP: the secrets sealing a confirmation's state between rounds (empty: one per process)
    state_keys: tuple[str, ...] = field(default=(), repr=False)

    @property
    def zone(self) -> tzinfo:
        return load_zone(self.timezone)

    @property
    def has_key(self) -> bool:
        return bool(self.api_key) and self.api_key not in PLACEHOLDER_KEYS

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read settings from the environment (flags override by `with_overrides`)."""
        env = os.environ if env is None else env
        key = env_value(env, "LATE_API_KEY")
        asked = env_value(env, "LATE_TIMEZONE")
        zone = asked or system_timezone_name()
        problem = not_a_place(asked) if asked else None  # refused as a tool's timezone: no default either
        if problem:
            raise ConfigError(f"LATE_TIMEZONE: {problem}")
        try:
            load_zone(zone)
        except ConfigError as exc:
            raise ConfigError(f"LATE_TIMEZONE: {exc}") from None
        level = (env_value(env, "LATE_LOG_LEVEL") or "WARNING").upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(f"LATE_LOG_LEVEL={level!r}: use DEBUG, INFO, WARNING or ERROR.")
        log_content = flag(env, "LATE_LOG_CONTENT")
        if log_content and level != "DEBUG":
            raise ConfigError(
                "LATE_LOG_CONTENT=true puts people's posts and URLs in the logs, for debugging only: "
                "set LATE_LOG_LEVEL=DEBUG with it, or leave it out."
            )
        return cls(
            api_key=key.strip().strip("'\"").strip() if key else None,
            base_url=normalize_base_url(env_value(env, "LATE_BASE_URL") or DEFAULT_BASE_URL),
            timezone=zone,
            timeout=_number(env, "LATE_TIMEOUT", 30.0, minimum=1),
            publish_timeout=_number(env, "LATE_PUBLISH_TIMEOUT", 300.0, minimum=1),
            max_retries=int(_number(env, "LATE_MAX_RETRIES", 3, minimum=0)),
            max_retry_wait=_number(env, "LATE_MAX_RETRY_WAIT", 30.0, minimum=0),
            max_total_wait=_number(env, "LATE_MAX_TOTAL_WAIT", 20.0, minimum=0),
            concurrency=int(_number(env, "LATE_CONCURRENCY", 5, minimum=1)),
            log_level=level,
            log_content=log_content,
            toolsets=names(env_value(env, "LATE_TOOLSETS") or "core"),
            tools=names(env_value(env, "LATE_TOOLS") or ""),
            exclude_tools=names(env_value(env, "LATE_EXCLUDE_TOOLS") or ""),
            read_only=flag(env, "LATE_READ_ONLY"),
            confirm=_choice(env, "LATE_CONFIRM", ("live", "all", "off"), "live"),
            confirm_required=flag(env, "LATE_CONFIRM_REQUIRED"),
            allow_accounts=tuple(
                dict.fromkeys(a.strip() for a in (env_value(env, "LATE_ALLOW_ACCOUNTS") or "").split(",") if a.strip())
            ),
            allow_publish_now=not _is_false(env, "LATE_ALLOW_PUBLISH_NOW"),
            max_posts_per_day=int(_number(env, "LATE_MAX_POSTS_PER_DAY", 0, minimum=0)),
            require_approval=flag(env, "LATE_REQUIRE_APPROVAL"),
            journal=_journal(env_value(env, "LATE_JOURNAL")),
            dynamic_toolsets=flag(env, "LATE_DYNAMIC_TOOLSETS", default=True),
            media_dirs=tuple(d for d in (env_value(env, "LATE_MEDIA_DIRS") or "").split(os.pathsep) if d.strip()),
            state_keys=_state_keys(env_value(env, "LATE_STATE_KEYS")),
        )


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = (env_value(env, name) or default).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={value!r}: use {', '.join(choices)}.")
    return value


def _is_false(env: Mapping[str, str], name: str) -> bool:
    """A setting that is on unless set to false."""
    return env_value(env, name) is not None and not flag(env, name)


def _state_keys(value: str | None) -> tuple[str, ...]:
    """The sealing secrets, each long enough to be one (the message never quotes them)."""
    keys = tuple(k.strip() for k in (value or "").split(",") if k.strip())
    short = [n for n, k in enumerate(keys, 1) if len(k.encode()) < 32]
    if short:
        raise ConfigError(
            f"LATE_STATE_KEYS: secret {', '.join(map(str, short))} is under 32 characters; make one with "
            'python -c "import secrets; print(secrets.token_hex(32))".'
        )
    return keys


def _journal(value: str | None) -> str:
    if value is None:
        return str(default_journal_path())
    return "" if value.strip().lower() == "off" else value.strip()


def default_journal_path() -> Path:
    """The journal in the per-user data folder (`userdirs`): `.../late-mcp/journal.sqlite3`."""
    return user_data_dir() / "journal.sqlite3"


def normalize_base_url(url: str) -> str:
    """Strip whitespace, a trailing slash and a trailing /v1, which users often paste."""
    url = url.strip().rstrip("/")
    if url.endswith("/v1"):
        url = url[: -len("/v1")]
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"LATE_BASE_URL={url!r} must start with http:// or https://.")
    return url


def names(value: str) -> tuple[str, ...]:
    """A comma-separated list of names, trimmed, lower-cased, without empties or repeats."""
    return tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))


def flag(env: Mapping[str, str], name: str, *, default: bool = False) -> bool:
    raw = (env_value(env, name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name}={raw!r}: use true or false.")


# --- the transport (stdio, or streamable HTTP for many users) ------------------------------------------------

TRANSPORTS: tuple[str, ...] = ("stdio", "streamable-http")
DEFAULT_HOST = "127.0.0.1"


def is_loopback(host: str | None) -> bool:
    """Whether a host name or address is this machine ('localhost', 127.x, ::1, bracketed or not)."""
    name = (host or "").strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


DEFAULT_PORT = 8000


@dataclass(frozen=True)
class HttpOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT


def http_options(
    transport: str | None, host: str | None, port: int | None, env: Mapping[str, str] | None = None
) -> HttpOptions | None:
    """The HTTP bind from flags over LATE_TRANSPORT/LATE_HOST/LATE_PORT; None means stdio."""
    env = os.environ if env is None else env
    chosen = (transport or env_value(env, "LATE_TRANSPORT") or "stdio").lower()
    if chosen not in TRANSPORTS:
        raise ConfigError(f"LATE_TRANSPORT={chosen!r}: use {' or '.join(TRANSPORTS)}.")
    if chosen == "stdio":
        if host is not None or port is not None:
            raise ConfigError("--host and --port go with --transport streamable-http.")
        return None
    if port is None:
        raw = env_value(env, "LATE_PORT")
        try:
            port = int(raw) if raw is not None else DEFAULT_PORT
        except ValueError:
            raise ConfigError(f"LATE_PORT={raw!r} is not a port number.") from None
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port {port}: use 0-65535.")
    return HttpOptions(host=host or env_value(env, "LATE_HOST") or DEFAULT_HOST, port=port)
