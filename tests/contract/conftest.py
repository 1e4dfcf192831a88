"""The official SDK for the contract tests, from a venv of its own.

late-sdk installs a console script named `late-mcp` (the SDK's own MCP server), so it must never be installed into
the project's venv: there it can replace our `late-mcp`. It is a separate uv project instead (tests/contract/sdk,
pinned by its own uv.lock), synced into tests/contract/sdk/.venv here, once per test process, under a file lock
(two xdist workers may start at once), and that venv's site-packages is appended to sys.path: after ours, so the
project's own pydantic and httpx are the ones imported. When the SDK cannot be had (no network on a fresh clone),
each module that needs it is one failing test with the reason: a contract not checked is not a pass.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

SDK_PROJECT = Path(__file__).resolve().parent / "sdk"
SDK_VENV = SDK_PROJECT / ".venv"
SYNC_LOCK = SDK_PROJECT / ".sync.lock"
#: contract modules that do not import the SDK (they check that the server does not)
WITHOUT_SDK = frozenset({"test_sdk_is_dev_only.py"})


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) while the block runs."""
    with path.open("a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ten seconds; a first sync can take longer
                    continue
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def _site_packages(venv: Path) -> list[str]:
    """The venv's site-packages directories, as its interpreter (this Python's version) lays them out."""
    scheme = "venv" if "venv" in sysconfig.get_scheme_names() else ("nt" if os.name == "nt" else "posix_prefix")
    where = {"base": str(venv), "platbase": str(venv)}
    dirs = dict.fromkeys(sysconfig.get_path(kind, scheme, where) for kind in ("purelib", "platlib"))
    return [d for d in dirs if Path(d).is_dir()]


def _sync() -> str | None:
    """Sync the SDK's venv from its lock file with this interpreter; None when done, else the one-line reason."""
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        return "uv is not on PATH"
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"}}
    env["UV_PROJECT_ENVIRONMENT"] = str(SDK_VENV)  # never the project's venv, whatever the caller's settings
    command = [uv, "sync", "--project", str(SDK_PROJECT), "--frozen", "--quiet", "--python", sys.executable]
    try:
        with _exclusive(SYNC_LOCK):
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`uv sync` did not run to the end: {exc}"
    if done.returncode == 0:
        return None
    return _one_line(done.stderr) or f"uv sync exited with {done.returncode}"


def _one_line(stderr: str) -> str:
    """uv's error and its innermost cause ("error: ...", "  cause: ...", "hint: ...", maybe wrapped), on one line."""
    sections: list[tuple[str, str]] = []
    for line in (line.strip() for line in stderr.splitlines()):
        label, _, text = line.partition(": ")
        if label in {"error", "cause", "hint", "warning"}:
            sections.append((label, text))
        elif line and sections:
            sections[-1] = (sections[-1][0], f"{sections[-1][1]} {line}")
        elif line:
            sections.append(("", line))
    errors = [text for label, text in sections if label == "error"]
    causes = [text for label, text in sections if label == "cause"]
    if not errors:
        return sections[-1][1] if sections else ""
    return f"{errors[0]}: {causes[-1]}" if causes else errors[0]


@cache
def sdk_unavailable() -> str | None:
    """Make `late` importable (once per process); None when it is, else why not."""
    reason = _sync()
    if reason is None:
        for directory in _site_packages(SDK_VENV):
            if directory not in sys.path:
                sys.path.append(directory)
        if importlib.util.find_spec("late") is None:
            reason = f"no `late` package in {SDK_VENV} after syncing it"
    if reason is None:
        return None
    return f"the official SDK (tests/contract/sdk) could not be installed: {reason}"


class SdkMissing(pytest.Item):
    """Stands for a contract module whose SDK could not be installed, and fails with the reason."""

    def __init__(self, *, reason: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # pytest passes its own keywords through
        self.reason = reason

    def runtest(self) -> None:
        pytest.fail(self.reason, pytrace=False)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.name}: {self.name}"


class SdkMissingModule(pytest.File):
    """A contract module not imported (its `late` import would fail): one `SdkMissing` test in its place."""

    reason: str = ""

    def collect(self) -> Iterator[pytest.Item]:
        yield SdkMissing.from_parent(self, name="late-sdk", reason=self.reason)


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if module_path.name in WITHOUT_SDK:
        return None
    reason = sdk_unavailable()
    if reason is None:
        return None  # the normal module, now able to import `late`
    module = SdkMissingModule.from_parent(parent, path=module_path)
    module.reason = reason
    return module
