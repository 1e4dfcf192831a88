#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser/).
#
# Playwright drives /usr/bin/chromium through executable_path; never run
# `playwright install` (it downloads a browser, and CI has no internet for that).
# Safe to run repeatedly: does nothing when Chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
    echo "install_browser: $CHROMIUM already present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown')); nothing to do" >&2
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    echo "install_browser: $CHROMIUM missing and not root; skipped (browser tests will skip, or fail under CI)" >&2
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: $CHROMIUM missing and no apt-get; skipped (browser tests will skip, or fail under CI)" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# chromium for the tests; fonts-dejavu-core so pages render legible text in screenshots.
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "install_browser: apt-get failed installing chromium" >&2
    exit 1
fi

echo "install_browser: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium) and fonts-dejavu-core via apt-get" >&2
