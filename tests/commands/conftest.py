"""Fixtures for the terminal commands: a clean environment for every test and one sandbox API per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from late_mcp.sandbox.runner import RunningSandbox

from ..conftest import served_sandbox

#: a well-formed key that is not the sandbox's: the API answers 401 to it
WRONG_KEY = "sk_" + "ab12" * 16


@pytest.fixture(autouse=True)
def home(clean_env: Path) -> Path:
    """Every command test runs in the clean environment (no LATE_*, a private HOME)."""
    return clean_env


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with served_sandbox() as running:
        yield running


@pytest.fixture
def use_sandbox(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> RunningSandbox:
    """Point the environment at the module's sandbox, as a user's LATE_* variables would."""
    monkeypatch.setenv("LATE_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("LATE_API_KEY", sandbox.api_key)
    return sandbox
