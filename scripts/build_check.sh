#!/usr/bin/env bash
# Build the wheel and the sdist, check their contents, then install the wheel in clean environments and run it, as
# a user would: with pip in a fresh venv, and with `uvx --from <wheel>`. The release workflow runs this before it
# publishes; it needs nothing but uv and the package index (the smoke runs use the sandbox, never the real API).
#
#   scripts/build_check.sh [DIST_DIR]     (default: dist/; it is emptied first)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" LATE_API_KEY=""   # the sandbox keeps its data here, not in the user's home

say() { printf '\n== %s\n' "$*" >&2; }

say "build"
rm -f "$dist"/*.whl "$dist"/*.tar.gz
(cd "$root" && uv build --out-dir "$dist")
wheel="$(ls "$dist"/*.whl)"

say "contents"
(cd "$root" && uv run --frozen python scripts/check_dist.py "$dist")

smoke() {  # $1: the late-mcp command to try, as words
    local cmd=("$@")
    "${cmd[@]}" --version
    "${cmd[@]}" tools >/dev/null
    "${cmd[@]}" call accounts_list --sandbox --data-dir :memory: >/dev/null
    # an MCP host's start: initialize, then the tool list, over stdio
    printf '%s\n' \
        '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"build-check","version":"0"}}}' \
        '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
        '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
        | "${cmd[@]}" --sandbox --data-dir :memory: >"$work/stdout" 2>"$work/stderr"
    grep -q '"id":2' "$work/stdout" || { cat "$work/stderr" >&2; echo "no tools/list answer" >&2; return 1; }
}

say "pip install into a fresh venv"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel"
smoke "$work/venv/bin/late-mcp"
# installed, `config` points a host at this script by absolute path (no clone, no --from needed)
"$work/venv/bin/late-mcp" config claude-desktop --sandbox 2>/dev/null | grep -q "\"$work/venv/bin/late-mcp\""

say "uvx --from the wheel"
smoke uvx --no-config --from "$wheel" late-mcp

say "ok: $(basename "$wheel") and its sdist are ready to publish"
