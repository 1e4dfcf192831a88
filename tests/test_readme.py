"""The README says what the code does: tool reference, commands, settings."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from late_mcp.config import ENV_VARS
from late_mcp.startup import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_tool_reference_is_generated_from_the_tools() -> None:
    spec = importlib.util.spec_from_file_location("readme_tools", ROOT / "scripts" / "readme_tools.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["readme_tools"] = module
    spec.loader.exec_module(module)
    old_argv = sys.argv
    sys.argv = ["readme_tools.py", "--check"]
    try:
        assert module.main() == 0, "README tool reference is stale: uv run python scripts/readme_tools.py"
    finally:
        sys.argv = old_argv


def test_every_setting_and_flag_is_documented() -> None:
    for name in ENV_VARS:
        assert f"`{name}`" in README, name
    for action in build_parser()._actions:
        for option in action.option_strings:
            if option.startswith("--") and option not in ("--help", "--version"):
                assert f"`{option}`" in README or f"{option}" in README, option


def test_the_two_commands() -> None:
    assert "uv run late-mcp --sandbox" in README
    assert "uv run pytest" in README
