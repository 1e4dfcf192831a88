"""Fixtures for the terminal commands: a clean environment and one sandbox API per module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from late_mcp.sandbox.runner import RunningSandbox, start_sandbox

#: a well-formed key that is not the sandbox's: the API answers 401 to it
WRONG_KEY = "sk_" + "ab12" * 16


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No LATE_* from the developer's shell, and a private HOME so no real host config is read or written."""
    for name in list(os.environ):
        if name.startswith(("LATE_", "ZERNIO_")):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("LATE_TIMEZONE", "Europe/Berlin")
    return home


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    running = start_sandbox(data_dir=":memory:")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def use_sandbox(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> RunningSandbox:
    """Point the environment at the module's sandbox, as a user's LATE_* variables would."""
    monkeypatch.setenv("LATE_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("LATE_API_KEY", sandbox.api_key)
    return sandbox
