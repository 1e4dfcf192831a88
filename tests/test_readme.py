"""The README and docs/ say what the code does: tool reference, commands, settings, counts, links."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

from late_mcp.config import ENV_VARS
from late_mcp.startup import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_tool_reference_is_generated_from_the_tools() -> None:
    """docs/tools.md and the README's tool table are what scripts/docs_tools.py makes of the live server."""
    spec = importlib.util.spec_from_file_location("docs_tools", ROOT / "scripts" / "docs_tools.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["docs_tools"] = module
    spec.loader.exec_module(module)
    old_argv = sys.argv
    sys.argv = ["docs_tools.py", "--check"]
    try:
        assert module.main() == 0, (
            "docs/tools.md or the README's tool table is stale: uv run python scripts/docs_tools.py"
        )
    finally:
        sys.argv = old_argv


def test_the_readme_reads_in_two_minutes() -> None:
    assert len(README.encode("utf-8")) < 15_000, "README.md is over 15 KB: move detail to docs/"


def test_every_local_link_in_the_readme_and_docs_exists() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{page.name} links to a missing {target}"


def test_counts_in_the_readme_are_true() -> None:
    from late_mcp.rules import PLATFORMS
    from late_mcp.sandbox.seed import seeded_store

    assert f"to {len(PLATFORMS)} platforms" in README
    store = seeded_store(":memory:")
    try:
        platforms = {account["platform"] for account in store.all("accounts")}
    finally:
        store.close()
    words = {8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen"}
    assert f"accounts on {words[len(platforms)]} platforms" in README


def test_the_example_config_is_what_the_generator_writes() -> None:
    from late_mcp.commands import hosts

    example = json.loads((ROOT / "claude_desktop_config.example.json").read_text(encoding="utf-8"))
    assert list(example["mcpServers"]) == ["late"]  # one entry; the sandbox one is shown separately
    entry = example["mcpServers"]["late"]
    made = hosts.server_entry(hosts.HOSTS["claude-desktop"], hosts.Launcher(entry["command"], []), "sk_your_key_here")
    assert entry == made
    assert Path(entry["command"]).is_absolute()
    assert "LATE_TIMEZONE" not in json.dumps(example)


def test_every_setting_and_flag_is_documented() -> None:
    """docs/configuration.md has every LATE_* setting (with its aliases) and every flag; the README links to it."""
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name, (aliases, _) in ENV_VARS.items():
        for documented in (name, *aliases):
            assert f"`{documented}`" in page, f"docs/configuration.md does not document {documented}"
    for action in build_parser()._actions:
        for option in action.option_strings:
            if option.startswith("--") and option not in ("--help", "--version"):
                assert f"`{option}`" in page or f"`{option} " in page, f"docs/configuration.md lacks {option}"
    assert "](docs/configuration.md)" in README, "README.md must link to docs/configuration.md"


def test_every_variable_the_code_reads_is_documented() -> None:
    """Beyond ENV_VARS: a LATE_* name written anywhere in src (the sandbox's LATE_SANDBOX_FAULTS) is on the page."""
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").glob("**/*.py"))
    read = set(re.findall(r"[\"'](LATE_[A-Z_]+)[\"']", source))
    assert "LATE_SANDBOX_FAULTS" in read
    missing = sorted(name for name in read if f"`{name}`" not in page and f"${name}" not in page)
    assert not missing, f"docs/configuration.md does not document {missing}"


def test_the_two_commands() -> None:
    assert "uv run late-mcp --sandbox" in README
    assert "uv run pytest" in README


def test_every_module_architecture_names_exists() -> None:
    """ARCHITECTURE.md is the map of the code: each `.py` it names (`tools/posts/{when,plan}.py` as two, with
    `<platform>`, `<area>` or `*` standing for a name) is a file of the project, so a renamed module shows here."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    files = [p.relative_to(ROOT).as_posix() for p in ROOT.glob("**/*.py") if ".venv" not in p.parts]
    named: list[str] = []
    for raw in re.findall(r"`([^`]{1,200}?\.py)`", text):
        name = re.sub(r"\s+", "", raw)
        group = re.match(r"^(.*)\{([^}]*)\}\.py$", name)
        named += [f"{group[1]}{part}.py" for part in group[2].split(",") if part != "..."] if group else [name]
    assert len(named) > 100  # the map names most modules
    wild = {re.escape("<platform>"): "[a-z]+", re.escape("<area>"): "[a-z_]+", re.escape("*"): "[a-z_]*"}
    for name in named:
        pattern = re.escape(name)
        for mark, means in wild.items():
            pattern = pattern.replace(mark, means)
        assert any(re.search(rf"(^|/){pattern}$", f) for f in files), f"ARCHITECTURE.md names {name}, which is no file"
