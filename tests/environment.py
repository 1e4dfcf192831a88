"""What a test needs from the machine (Chromium, Playwright, uv), and what happens when it is missing.

Outside CI the test skips and says why. Under CI (`CI` set; .ci/run sets it) it fails: .ci/run provides all of
these, so a skip there would be a check that silently did not run.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def missing(reason: str) -> NoReturn:
    """Skip the calling test for `reason`, or fail it under CI."""
    if in_ci():
        pytest.fail(f"{reason}; CI provides it (.ci/run), so this test must run there")
    pytest.skip(reason)
