"""What a server loads before its first tool call: answering `initialize` and `tools/list` needs the tool tables and
their models, never the API client or httpx (docs/performance.md: a start close to the bare SDK's)."""

from __future__ import annotations

import json
import subprocess
import sys

CODE = """
import json, sys
import anyio
from late_mcp.config import Settings
from late_mcp.server import build_server

server = build_server(Settings(api_key="sk_test"))
anyio.run(server.list_tools)
heavy = ("httpx", "late_mcp.client", "late_mcp.safety.writes")
print(json.dumps(sorted(m for m in sys.modules if m in heavy or m.startswith(tuple(h + "." for h in heavy)))))
"""


def test_listing_the_tools_loads_neither_the_client_nor_httpx() -> None:
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
