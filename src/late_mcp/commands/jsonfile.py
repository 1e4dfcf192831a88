"""Safe edits of a host's JSON config: merge one server entry, never damage the rest.

A config file often holds other servers and settings the user cares about; a half-written or
reformatted file is the worst outcome. So: refuse malformed JSON (with line and column), back up
first, write a temp file in the same directory and `os.replace` it, keep the file's mode.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any


class ConfigFileError(Exception):
    """The file cannot be merged safely; it was left unchanged. The message says why and what to do."""


@dataclass(frozen=True)
class MergeResult:
    path: Path
    changed: bool
    created: bool
    backup: Path | None
    replaced: bool
    kept_key: bool = False


def parse(text: str, path: Path) -> dict[str, Any]:
    """The top-level object of a JSON config; an empty file counts as `{}`."""
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigFileError(
            f"{path} is not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}.{_trailing_comma(exc)}"
        ) from None
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path} must hold a JSON object {{...}}, not a {type(data).__name__}.")
    return data


def _trailing_comma(exc: json.JSONDecodeError) -> str:
    before = exc.doc[: exc.pos].rstrip()
    if before.endswith(",") and exc.doc[exc.pos : exc.pos + 1] in "}]":
        return " It looks like a trailing comma: JSON allows no comma after the last item."
    return ""


def read(path: Path) -> tuple[str | None, dict[str, Any]]:
    """(raw text or None when missing, parsed object)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, {}
    except UnicodeDecodeError:
        raise ConfigFileError(f"{path} is not UTF-8 text.") from None
    except OSError as exc:
        raise ConfigFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return raw, parse(raw, path)


def indent_of(text: str | None) -> int | str:
    """Reuse the file's own indentation so a diff shows only our entry."""
    for line in (text or "").splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and stripped != line:
            lead = line[: len(line) - len(stripped)]
            return "\t" if lead.startswith("\t") else len(lead)
    return 2


def merge_server(
    path: Path,
    container: str,
    name: str,
    entry: dict[str, Any],
    *,
    key_var: str | None = None,
    keep_key_unless: frozenset[str] = frozenset(),
    extra_lists: dict[str, list[dict[str, Any]]] | None = None,
) -> MergeResult:
    """Set `data[container][name] = entry` in the JSON file at `path`, touching nothing else.

    Env variables the existing entry sets are kept (a LATE_TIMEZONE the user added survives), and its
    real key wins over a placeholder in `entry` (values in `keep_key_unless` are placeholders); an old
    placeholder is dropped when `entry` sets no key (the sandbox needs none).
    `extra_lists` adds items to top-level lists by their "id" (VS Code's `inputs`).
    """
    path = path.expanduser()
    target = path.resolve() if path.is_symlink() else path
    try:
        raw, data = read(target)
    except ConfigFileError as exc:
        raise ConfigFileError(f"{exc} It was left unchanged: fix it (or move it away) and run this again.") from None
    servers = data.get(container, {})
    if not isinstance(servers, dict):
        raise ConfigFileError(f'{target}: "{container}" must be a JSON object; left unchanged.')
    old = servers.get(name)
    new = dict(entry)
    kept_key = False
    if isinstance(old, dict) and isinstance(old.get("env"), dict):
        env = {**old["env"], **new.get("env", {})}
        old_key = old["env"].get(key_var) if key_var else None
        placeholder_in_new = new.get("env", {}).get(key_var) in keep_key_unless
        real_old = isinstance(old_key, str) and bool(old_key.strip()) and old_key not in keep_key_unless
        if key_var and placeholder_in_new and real_old:
            env[key_var] = old_key
            kept_key = True
        if key_var and key_var not in new.get("env", {}) and old_key in keep_key_unless:
            del env[key_var]  # a keyless (sandbox) entry: an old placeholder would only make doctor complain
        if env:
            new["env"] = env
    merged = dict(data)
    merged[container] = {**servers, name: new}
    for list_name, items in (extra_lists or {}).items():
        current = merged.get(list_name, [])
        if not isinstance(current, list):
            raise ConfigFileError(f'{target}: "{list_name}" must be a JSON list; left unchanged.')
        ids = {item.get("id") for item in current if isinstance(item, dict)}
        merged[list_name] = current + [item for item in items if item.get("id") not in ids]
    if raw is not None and merged == data:
        return MergeResult(target, changed=False, created=False, backup=None, replaced=True, kept_key=kept_key)
    text = json.dumps(merged, indent=indent_of(raw), ensure_ascii=False) + "\n"
    final_key = new.get("env", {}).get(key_var) if key_var else None
    secret = isinstance(final_key, str) and final_key not in keep_key_unless and not final_key.startswith("${")
    backup = write_atomic(target, text, secret=secret)
    return MergeResult(
        target, changed=True, created=raw is None, backup=backup, replaced=old is not None, kept_key=kept_key
    )


def write_atomic(path: Path, text: str, *, secret: bool = False) -> Path | None:
    """Back up, then replace `path` with `text` in one step. Returns the backup's path (None if new).

    A new file that may hold a key is created private (0600); an existing file keeps its mode.
    """
    exists = path.exists()
    if exists:
        mode = stat.S_IMODE(path.stat().st_mode)
        # Root ignores permission bits, so check the bit itself: a read-only file means "do not touch".
        if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise ConfigFileError(
                f"{path} is read-only; left unchanged. Make it writable (chmod u+w) or add the entry by hand."
            )
    else:
        mode = 0o600 if secret else 0o644
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigFileError(f"Cannot create {path.parent}: {exc.strerror or exc}.") from None
    backup = _backup(path) if exists else None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigFileError(f"Cannot write in {path.parent}: {exc.strerror or exc}; left unchanged.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigFileError(f"Could not write {path}: {exc.strerror or exc}; left unchanged.") from None
    return backup


def _backup(path: Path) -> Path:
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.name}.{stamp}.bak")
        n = 1
        while backup.exists():
            backup = path.with_name(f"{path.name}.{stamp}-{n}.bak")
            n += 1
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        raise ConfigFileError(f"Could not back up {path} to {backup}: {exc.strerror or exc}; left unchanged.") from None
    return backup
