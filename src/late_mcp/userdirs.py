"""Where late-mcp keeps per-user data (the sandbox's workspace, the write journal): a leaf module, imported by
config and by the sandbox alike, so both agree on one folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "late-mcp"


def user_data_dir() -> Path:
    """XDG_DATA_HOME (or ~/.local/share) on Linux, Application Support on macOS, %LOCALAPPDATA% on Windows; always
    ending in ``late-mcp``."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME
