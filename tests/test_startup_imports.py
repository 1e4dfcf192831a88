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


WRITES = """
import json, sys
import anyio, httpx
from mcp import Client
from late_mcp.config import Settings
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import ACCOUNT_IDS, seeded_store
from late_mcp.server import build_server

store = seeded_store(":memory:")
store.api_key = "sk_" + "5a" * 32
settings = Settings(api_key=store.api_key, base_url="http://127.0.0.1/api", journal="", confirm="off")
server = build_server(settings, transport=httpx.ASGITransport(app=create_app(store)))
post = {"content": "Hi", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]}

async def main() -> None:
    async with Client(server) as client:
        checked = {"content": "Hi", "platforms": "twitter", "account_ids": post["account_id"]}
        made = await client.call_tool("posts_create", post)
        assert not made.is_error, made
        again = {"post_id": made.structured_content["post_id"], "content": "Hello"}
        calls = [("posts_validate", checked), ("posts_update", again), ("accounts_health", {"platform": "x"})]
        for name, args in calls:
            result = await client.call_tool(name, args)
            assert not result.is_error, (name, result)

anyio.run(main)
others = [f"late_mcp.tools.{m}" for m in ("live", "media_tools", "connect", "queue", "planner", "team", "webhooks")]
print(json.dumps(sorted(m for m in others if m in sys.modules)))
"""


def test_the_default_tools_load_no_other_toolset_to_word_their_next_steps() -> None:
    """A step naming a tool of another toolset ("from the live toolset ...") is worded only when it is shown: the
    search for that tool's toolset imports every table (about 0.3 s and 74 modules on a first call)."""
    done = subprocess.run([sys.executable, "-c", WRITES], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


EACH = """
import json, sys
import anyio
from late_mcp.config import Settings
from late_mcp.server import build_server
from late_mcp.tools import TOOLSETS

name = sys.argv[1]
anyio.run(build_server(Settings(api_key="sk_test", toolsets=(name,), dynamic_toolsets=False)).list_tools)
print(json.dumps(sorted(other for other, module in TOOLSETS.items() if other != name and module in sys.modules)))
"""


def test_each_toolset_loads_no_other_toolset_to_list_its_tools() -> None:
    """A toolset's modules need no other toolset's (shared domain code lives below `tools/`, e.g. `wallclock`):
    a server offering it starts without loading tables nobody asked for. Core is always offered, and its
    accounts_list lives in the accounts package (whose table holds the accounts toolset): that much comes with
    every server."""
    from late_mcp.tools import TOOLSETS

    def loaded(name: str) -> set[str]:
        done = subprocess.run([sys.executable, "-c", EACH, name], capture_output=True, text=True, check=True)
        return set(json.loads(done.stdout))

    with_core = loaded("core")
    assert with_core == {"accounts"}
    extra = {name: sorted(loaded(name) - with_core - {"core"}) for name in TOOLSETS if name != "core"}
    assert extra == {name: [] for name in TOOLSETS if name != "core"}
