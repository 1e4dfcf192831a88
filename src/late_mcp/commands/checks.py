"""Doctor's checks: each a small function that looks at one thing and returns a `Check`.

Pure where possible (they take what they inspect as arguments), so each failure mode is tested
without a network. The API checks live in `apichecks.py`.
"""

from __future__ import annotations

import platform
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Literal, NamedTuple
from urllib.parse import urlsplit

from ..config import Settings, is_loopback
from ..safety.guards import Guards
from ..safety.journal import MEMORY, Journal
from . import hosts, jsonfile
from .keys import KEY_VAR, KEY_VARS, PLACEHOLDERS, clean_key, flaws, is_well_formed, preview, raw_key

Status = Literal["ok", "warning", "problem"]
KEYS_PAGE = "https://getlate.dev/dashboard/api-keys"
#: beyond this the API and this machine disagree enough to matter for "in 5 minutes" and "9am"
MAX_SKEW = timedelta(minutes=2)


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


#: what the Claude Desktop entry runs: the local fake API, the real one, or no entry to tell
HostRuns = Literal["sandbox", "api"] | None
_GET_A_KEY = (
    f'create a key at {KEYS_PAGE} and put it in the host\'s config as "env": {{"{KEY_VAR}": "sk_..."}} '
    f"(`export {KEY_VAR}=sk_...`, then `late-mcp config <host> --write --with-key` writes it)"
)


def check_key(env: Mapping[str, str], *, source: str = "", host_runs: HostRuns = None) -> Check:
    """The key is present and shaped like a Late key; stray spaces/quotes are named, the key never shown.

    No key at all is a problem only for a host entry that runs against the real API: without one,
    `--sandbox` still works, and an entry written with `config --sandbox` needs none.
    """
    name, raw = raw_key(env)
    where = source or f"${name}"
    if raw is None:
        return _no_key(host_runs)
    if raw.strip() in PLACEHOLDERS:
        return Check(
            "API key",
            "problem",
            f"{where} is still the placeholder {raw.strip()!r}.",
            f"Replace it with your key from {KEYS_PAGE}.",
        )
    key = clean_key(raw)
    found = flaws(raw)
    shown = preview(key)
    label = f"The value from {where} {shown}" if shown.startswith("(") else f"{shown} from {where}"
    if is_well_formed(key):
        if found:
            return Check(
                "API key",
                "warning",
                f"{label}: the value {' and '.join(found)}; late-mcp removes that, other tools may not.",
                f'Paste the key again without surrounding spaces or quotes (in JSON: "{KEY_VAR}": "sk_...").',
            )
        return Check("API key", "ok", f"{label} (sk_ + 64 hex characters)")
    return Check(
        "API key",
        "problem",
        f"{label} does not look like a Late key: it {'; '.join(found)}.",
        f"A key is sk_ followed by 64 characters 0-9/a-f. Copy it again from {KEYS_PAGE} (the copy button avoids "
        "stray spaces), with no quotes or spaces inside the JSON string.",
    )


def _no_key(host_runs: HostRuns) -> Check:
    sandbox_only = "without a key only `--sandbox` works, and `late-mcp doctor --sandbox` checks that set-up"
    if host_runs == "sandbox":
        return Check(
            "API key",
            "ok",
            "none, and none needed: your Claude Desktop entry runs --sandbox (the local fake API), the one set-up "
            "that works without a key; `late-mcp doctor --sandbox` checks it.",
        )
    if host_runs == "api":
        return Check(
            "API key",
            "problem",
            f"{KEY_VAR} is set neither here nor in your Claude Desktop entry, which runs against the real API: "
            "its tools can only say how to set a key.",
            f"{_GET_A_KEY[0].upper()}{_GET_A_KEY[1:]}; or make it a sandbox entry with "
            "`late-mcp config claude-desktop --write --sandbox`.",
        )
    return Check(
        "API key",
        "warning",
        f"{KEY_VAR} is not set: {sandbox_only}.",
        f"For your own accounts, {_GET_A_KEY}.",
    )


def check_base_url(base_url: str, *, sandbox: bool = False) -> Check:
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    local = is_loopback(host)
    if sandbox:
        return Check("base URL", "ok", f"{base_url} (local sandbox)")
    if parts.scheme != "https" and not local:
        return Check(
            "base URL",
            "warning",
            f"{base_url} is not https: the key would travel unencrypted.",
            "Use https://getlate.dev/api (or unset LATE_BASE_URL).",
        )
    known = host.endswith(("getlate.dev", "zernio.com"))
    return Check("base URL", "ok", base_url + ("" if known else " (not the default https://getlate.dev/api)"))


def check_timezone(zone_name: str, env: Mapping[str, str], *, now: datetime | None = None) -> Check:
    """The zone "tomorrow at 9am" is read in; UTC by fallback is worth a word."""
    from zoneinfo import ZoneInfo

    current = (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(zone_name))
    source = "from LATE_TIMEZONE" if env.get("LATE_TIMEZONE", "").strip() else "the system's zone"
    offset = f"{current:%z}"
    detail = f"{zone_name} ({source}); it is {current:%Y-%m-%d %H:%M} there (UTC{offset[:3]}:{offset[3:]})"
    if zone_name == "UTC" and source != "from LATE_TIMEZONE":
        return Check(
            "time zone",
            "warning",
            detail + ": times without a zone are read as UTC.",
            "If you are not in UTC, set LATE_TIMEZONE (e.g. Europe/Berlin) in the host config's env.",
        )
    return Check("time zone", "ok", detail)


def check_clock(date_header: str | None, received_at: datetime | None) -> Check:
    """This machine's clock against the API's `Date` header: schedules are computed from the local clock."""
    if not date_header or received_at is None:
        return Check(
            "clock",
            "warning",
            "The API sent no Date header; the clock was not compared.",
            "Make sure the system clock is synchronised (NTP).",
        )
    try:
        server = parsedate_to_datetime(date_header)
    except (TypeError, ValueError, IndexError):
        return Check("clock", "warning", f"Unreadable Date header {date_header!r}; the clock was not compared.")
    if server.tzinfo is None:
        server = server.replace(tzinfo=timezone.utc)
    skew = received_at - server
    seconds = skew.total_seconds()
    # The header has one-second resolution and the reply takes a moment: a second or two is noise.
    if abs(skew) <= MAX_SKEW:
        return Check("clock", "ok", f"within {max(1, round(abs(seconds)))} s of the API's clock")
    direction = "ahead of" if seconds > 0 else "behind"
    return Check(
        "clock",
        "warning",
        f"This machine's clock is {_duration(abs(seconds))} {direction} the API's: "
        '"in 10 minutes" and scheduled times will be off by that much.',
        "Turn on automatic time synchronisation (macOS: Date & Time > Set automatically; "
        "Windows: Settings > Time > Sync now; Linux: timedatectl set-ntp true).",
    )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{round(seconds)} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def check_versions() -> Check:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    detail = (
        f"Python {platform.python_version()} ({sys.executable}); late-mcp {version('late-mcp')}, "
        f"mcp {version('mcp')}, httpx {version('httpx')}, pydantic {version('pydantic')}"
    )
    return Check("versions", "ok", detail)


Which = Callable[[str], "str | None"]


def check_uvx(which: Which | None = None) -> Check:
    """Hosts launch `uvx`; GUI hosts don't inherit the shell's PATH, so the absolute path is what to use."""
    find = which or shutil.which
    uvx, uv = find("uvx"), find("uv")
    if uvx is None:
        return Check(
            "uvx",
            "warning",
            'uvx is not on this PATH, so the default host config (command "uvx") cannot start the server'
            + (f" (uv is, at {uv}: an old uv without uvx?)." if uv else "."),
            "Install uv: curl -LsSf https://astral.sh/uv/install.sh | sh (Windows: powershell -c "
            '"irm https://astral.sh/uv/install.ps1 | iex"), open a new terminal and run doctor again; '
            "or use `late-mcp config <host> --launch installed`.",
        )
    return Check(
        "uvx",
        "ok",
        f'{uvx}. Use this absolute path as "command" if the host says uvx is not found '
        "(`late-mcp config <host>` does).",
    )


def check_installed() -> Check:
    found = hosts.find_installed()
    if found is None:
        return Check(
            "late-mcp command",
            "ok",
            f"not installed as a tool: `{hosts.install_command()}` in your clone lets `late-mcp config <host>` "
            "point hosts "
            "at it (they start fastest, and offline, that way)",
        )
    return Check("late-mcp command", "ok", f"{found} (what `late-mcp config <host>` points hosts at)")


class HostEntry(NamedTuple):
    """Doctor's look at Claude Desktop's `late` entry: the check, its env, and what it runs (None: no entry)."""

    check: Check
    env: dict[str, str]
    runs: HostRuns = None


def check_host_config(path: Path) -> HostEntry:
    """Claude Desktop's config: valid JSON, a `late` entry, a command that exists, a filled-in key.

    Also returns that entry's env, so doctor can test the key the host will really use, and whether it
    runs the sandbox, which needs no key.
    """
    name = "Claude Desktop config"
    try:
        raw, data = jsonfile.read(path)
    except jsonfile.ConfigFileError as exc:
        return HostEntry(
            Check(
                name,
                "problem",
                str(exc),
                "Claude Desktop ignores a file it cannot parse: fix the JSON "
                "(a trailing comma is the usual culprit), then fully quit and restart it.",
            ),
            {},
        )
    if raw is None:
        return HostEntry(
            Check(
                name,
                "ok",
                f"{path} does not exist (only needed for Claude Desktop; "
                "`late-mcp config claude-desktop --write` creates it)",
            ),
            {},
        )
    servers = data.get("mcpServers")
    entry: Any = servers.get(hosts.SERVER_NAME) if isinstance(servers, dict) else None
    if not isinstance(entry, dict):
        return HostEntry(
            Check(
                name,
                "warning",
                f'{path} has no "late" server in "mcpServers".',
                "Run `late-mcp config claude-desktop --write`, then fully quit and restart Claude Desktop.",
            ),
            {},
        )
    env = {k: v for k, v in (entry.get("env") or {}).items() if isinstance(k, str) and isinstance(v, str)}
    args = [str(a) for a in entry.get("args") or []]
    runs: HostRuns = "sandbox" if "--sandbox" in args else "api"
    command = str(entry.get("command") or "")
    if not command:
        return HostEntry(
            Check(
                name,
                "problem",
                f'The "late" entry in {path} has no "command".',
                "Run `late-mcp config claude-desktop --write` to replace it.",
            ),
            env,
            runs,
        )
    if not (Path(command).is_absolute() and Path(command).exists()) and shutil.which(command) is None:
        return HostEntry(
            Check(
                name,
                "problem",
                f'The "late" entry runs {command!r}, which does not exist here.',
                "Run `late-mcp config claude-desktop --write`: it uses the absolute path.",
            ),
            env,
            runs,
        )
    source = args[args.index("--from") + 1] if "--from" in args[:-1] else ""
    is_path = source.startswith(("/", "~", ".")) or (len(source) > 2 and source[1] == ":")
    if is_path and not Path(source).expanduser().exists():
        return HostEntry(
            Check(
                name,
                "problem",
                f'The "late" entry runs uvx --from {source}, which does not exist.',
                "Point --from at your late-mcp clone: run `uv run late-mcp config claude-desktop --write` inside it.",
            ),
            env,
            runs,
        )
    if not Path(command).is_absolute():
        return HostEntry(
            Check(
                name,
                "warning",
                f'"late" in {path} runs {command!r} by name; Claude Desktop may not see '
                'your shell\'s PATH ("spawn uvx ENOENT").',
                f"Use the absolute path {shutil.which(command)} (late-mcp config claude-desktop --write).",
            ),
            env,
            runs,
        )
    if runs == "sandbox":  # the host runs the sandbox: a key left in that entry is not the one to test
        keyless = {k: v for k, v in env.items() if k not in KEY_VARS}
        detail = f'{path}: "late" runs {command} --sandbox (the local fake API, no key)'
        return HostEntry(Check(name, "ok", detail), keyless, runs)
    return HostEntry(Check(name, "ok", f'{path}: "late" runs {command}'), env, runs)


def check_safety(settings: Settings) -> Check:
    """Confirmation policy, the journal and the guard rails in force: what holds the model back, in one line."""
    confirm = {
        "live": "asks the person before what goes out now or destroys",
        "all": "asks the person before every post that goes out, now or later",
        "off": "never asks the person (LATE_CONFIRM=off)",
    }[settings.confirm]
    if settings.confirm_required:
        confirm += "; refuses on hosts that cannot ask (LATE_CONFIRM_REQUIRED)"
    rails = Guards(settings.allow_accounts, settings.allow_publish_now, settings.max_posts_per_day).lines()
    if settings.require_approval:
        rails.append("LATE_REQUIRE_APPROVAL: scheduled posts wait for approval")
    status: Status
    if not settings.journal:
        journal, status = "journal off (LATE_JOURNAL=off): posts_undo has nothing to undo", "warning"
    elif settings.journal != MEMORY and not Path(settings.journal).exists():
        journal, status = f"journal {settings.journal} (made on the first write)", "ok"
    else:
        opened = Journal(settings.journal, settings.api_key)
        journal = f"journal {settings.journal}" if opened.available else f"journal unavailable: {opened.problem}"
        status = "ok" if opened.available else "warning"
        opened.close()
    detail = "; ".join([f"confirm={settings.confirm}: {confirm}", journal, *(rails or ["no guard rails set"])])
    return Check("safety", status, detail)
