"""Every tool, called with generated arguments through an in-process MCP client, never hurts.

Arguments are drawn per tool from its own input schema, mixed with junk: wrong types, huge strings, unicode,
nulls, nested lists and objects, JSON inside strings, path-like strings, unknown keys. For each call:

- a result comes back within CALL_LIMIT_S, and no exception escapes the client;
- an error is a deliberate one (never the SDK's bare "Error executing tool X", which means a crash), and nothing
  was logged with a traceback;
- a call that ends in an error wrote nothing: no POST/PUT/PATCH/DELETE was accepted by the sandbox during it;
- the server keeps answering.

LATE_FUZZ_EXAMPLES sets the number of calls over all tools (default 1000, what CI runs), and a tool those drew no
time at all gets TOP_UP calls of its own; LATE_FUZZ_SEED fixes the run.
`LATE_FUZZ_EXAMPLES=10000 uv run pytest tests/fuzz -q` is the local long run.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from mcp import Client

from late_mcp.config import Settings
from late_mcp.sandbox import routes_webhooks
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.settings import SandboxSettings
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server

from ..conftest import sandbox_store

EXAMPLES = int(os.environ.get("LATE_FUZZ_EXAMPLES", "1000"))
SEED = int(os.environ.get("LATE_FUZZ_SEED", "0")) or None
CALL_LIMIT_S = float(os.environ.get("LATE_FUZZ_CALL_LIMIT", "20"))
RESET_EVERY = 300
#: calls for each tool the main run drew no time at all
TOP_UP = 10
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ID = re.compile(r"\b[0-9a-f]{24}\b")

#: crashes already reported, each with its own strict xfail in test_fuzz_found.py; counted and shown, not failed.
#: Remove an entry when its xfail starts passing.
KNOWN_CRASHES: dict[str, str] = {}

PATHS = [
    "/etc/passwd", "/etc/shadow", "/dev/zero", "/dev/urandom", "/dev/stdin", "/proc/self/environ", "/proc/self/mem",
    "~/.ssh/id_rsa", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "C:\\Windows\\System32\\config\\SAM",
    "file:///etc/passwd", "/tmp", "/", ".", "~", "\\\\server\\share\\x.jpg", "/nonexistent/photo.jpg",
    "/etc/passwd\x00.jpg", "%2e%2e%2fetc%2fpasswd", "/etc/passwd,/dev/zero", '["/etc/passwd", "/dev/zero"]',
]  # fmt: skip
PLAUSIBLE = [
    "twitter", "x", "threads", "linkedin", "instagram", "bluesky", "youtube", "facebook", "tiktok", "pinterest",
    "threads,linkedin", "twitter, threads", "all", "", " ", "true", "false", "null", "none", "0", "-1", "[]", "{}",
    "2030-01-01T09:00", "2030-01-01T09:00:00+02:00", "1999-12-31T23:59:59Z", "tomorrow 9am", "2030-02-30T25:61",
    "Europe/Berlin", "America/New_York", "Mars/Olympus", "UTC", "https://cdn.example.com/a.jpg",
    "https://cdn.example.com/v.mp4", "http://127.0.0.1:1/x.png", "javascript:alert(1)", "ftp://x/y.gif",
    "https://example.com/hook", "#launch #news", "@someone", "<script>alert(1)</script>", "' OR 1=1 --",
    "{{7*7}}", "${jndi:ldap://x}", "sk_" + "0" * 64,
]  # fmt: skip

_TEXT = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot travel as UTF-8 JSON
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(_TEXT, max_size=40)
)
_JSON: st.SearchStrategy[Any] = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(_TEXT, max_size=12), inner, max_size=4),
    max_leaves=12,
)


@dataclass
class World:
    """The server, its sandbox and the record of what reached the sandbox; lives in a portal's event loop."""

    portal: BlockingPortal
    client: Client
    store: Store
    tools: dict[str, dict[str, Any]]
    requests: list[Request] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    calls: int = 0
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)

    def refresh_ids(self) -> None:
        rows = self.store._conn.execute("SELECT id FROM docs").fetchall()
        self.ids = sorted({str(r[0]) for r in rows})

    async def _call(self, name: str, args: dict[str, Any]) -> Any:
        with anyio.fail_after(CALL_LIMIT_S):
            return await self.client.call_tool(name, args)

    def call(self, name: str, args: dict[str, Any]) -> Any:
        return self.portal.call(self._call, name, args)


class Recording(httpx.AsyncBaseTransport):
    """Records (method, path, status, ids of what a write touched) for every request that reaches the sandbox."""

    def __init__(self, inner: httpx.AsyncBaseTransport, log: list[Request]) -> None:
        self.inner = inner
        self.log = log

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        ids = set(_ID.findall(request.url.path))
        if request.method in WRITES and response.status_code < 400:
            body = await response.aread()
            ids |= set(_ID.findall(body.decode("utf-8", "replace")[:2000]))
        self.log.append(Request(request.method, request.url.path, response.status_code, frozenset(ids)))
        return response


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    status: int
    ids: frozenset[str]

    @property
    def accepted_write(self) -> bool:
        return self.method in WRITES and self.status < 400


class CrashLog(logging.Handler):
    """Any record with a traceback at ERROR or above is a crash somewhere in the server."""

    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            root: BaseException | None = record.exc_info[1]
            while root is not None and root.__cause__ is not None:
                root = root.__cause__
            self.sink.append(f"{record.name}: {record.getMessage()} <- {type(root).__name__}: {str(root)[:200]}")


async def _no_delivery(hook: dict[str, Any], payload: dict[str, Any]) -> tuple[bool, int | None, str | None, str]:
    return False, None, None, "delivery disabled in the fuzz suite"


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    store = sandbox_store()
    requests: list[Request] = []
    app = create_app(store, settings=SandboxSettings(rate_limit_per_minute=10**9))
    transport = Recording(httpx.ASGITransport(app=app), requests)
    cfg = Settings(api_key=store.api_key, base_url="http://sandbox.test/api", timezone="UTC", toolsets=("all",))
    server = build_server(cfg, transport=transport)
    crashes: list[str] = []
    handler = CrashLog(crashes)
    root = logging.getLogger()
    original_deliver = routes_webhooks._deliver
    routes_webhooks._deliver = _no_delivery  # webhooks_test must not reach real hosts
    with ExitStack() as stack:
        portal = stack.enter_context(start_blocking_portal())
        client = stack.enter_context(portal.wrap_async_context_manager(Client(server)))
        listed = portal.call(client.list_tools)
        tools = {t.name: t.input_schema for t in listed.tools}
        root.addHandler(handler)
        stack.callback(root.removeHandler, handler)
        stack.callback(setattr, routes_webhooks, "_deliver", original_deliver)
        stack.callback(store.close)
        made = World(portal=portal, client=client, store=store, tools=tools, requests=requests, crashes=crashes)
        made.refresh_ids()
        yield made


# --- argument strategies ---------------------------------------------------------------------------------------------


def huge_strings() -> st.SearchStrategy[str]:
    return st.builds(lambda ch, n: ch * n, _TEXT, st.integers(1_000, 120_000))


def strings(world: World) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(_TEXT, max_size=60),
        st.sampled_from(PLAUSIBLE),
        st.sampled_from(PATHS),
        st.sampled_from(world.ids),
        _JSON.map(json.dumps),
        huge_strings(),
        st.lists(st.sampled_from(PLAUSIBLE + world.ids), min_size=1, max_size=4).map(",".join),
    )


def value_for(schema: dict[str, Any], world: World) -> st.SearchStrategy[Any]:
    """Something the schema allows (often), or anything at all."""
    fitting: list[st.SearchStrategy[Any]] = []
    kinds = [schema, *schema.get("anyOf", [])]
    for kind in kinds:
        if "enum" in kind:
            fitting.append(st.sampled_from(kind["enum"]))
        kind_type = kind.get("type")
        if kind_type == "integer":
            lo, hi = kind.get("minimum"), kind.get("maximum")
            fitting.append(st.integers(lo, hi))
            fitting.append(st.integers())  # out of range too
        elif kind_type == "boolean":
            fitting.append(st.booleans())
        elif kind_type == "string":
            fitting.append(strings(world))
        elif kind_type == "array":
            fitting.append(st.lists(strings(world) | _JSON, max_size=4))
        elif kind_type == "object":
            fitting.append(st.dictionaries(st.text(_TEXT, max_size=12), _JSON, max_size=4))
    fitting.append(_JSON)
    fitting.append(huge_strings())
    return st.one_of(fitting)


def plausible_for(schema: dict[str, Any], world: World) -> st.SearchStrategy[Any]:
    """Something a model could well send: in the schema's type, in range, from the workspace's real ids."""
    options: list[st.SearchStrategy[Any]] = []
    for kind in [schema, *schema.get("anyOf", [])]:
        if "enum" in kind:
            options.append(st.sampled_from(kind["enum"]))
        elif kind.get("type") == "integer":
            lo = kind.get("minimum", 0)
            options.append(st.integers(lo, kind.get("maximum", lo + 100)))
        elif kind.get("type") == "boolean":
            options.append(st.booleans())
        elif kind.get("type") == "string":
            options.append(st.sampled_from(PLAUSIBLE + world.ids) | st.text(_TEXT, min_size=1, max_size=30))
        elif kind.get("type") == "array":
            items = kind.get("items", {})
            options.append(st.lists(st.sampled_from(items["enum"]) if "enum" in items else
                                    st.sampled_from(PLAUSIBLE + world.ids), max_size=3))  # fmt: skip
    return st.one_of(options) if options else _JSON


@st.composite
def tool_calls(draw: st.DrawFn, world: World, names: list[str]) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(names))
    schema = world.tools[name]
    required = set(schema.get("required") or [])
    plausible = draw(st.booleans())  # half the calls look like a model's, half are junk
    args: dict[str, Any] = {}
    for prop, prop_schema in (schema.get("properties") or {}).items():
        if plausible:
            if prop in required or draw(st.integers(0, 3)) == 0:
                args[prop] = draw(plausible_for(prop_schema, world))
        elif draw(st.booleans()):
            args[prop] = draw(value_for(prop_schema, world))
    if draw(st.integers(0, 9)) == 0:
        args.update(draw(st.dictionaries(st.text(_TEXT, min_size=1, max_size=12), _JSON, max_size=3)))
    return name, args


def _text(result: Any) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)


# --- the property ----------------------------------------------------------------------------------------------------


def test_every_tool_survives_generated_arguments(world: World) -> None:
    # The strategy needs the world (ids, schemas); build the property here and run it over every tool, then once
    # more for each tool the draws missed: they are not uniform, and a derandomized run drew no posts_create.
    every = sorted(world.tools)
    _survives(world, every, EXAMPLES)
    for name in sorted(set(every) - {t for t, _ in world.outcomes}):
        _survives(world, [name], TOP_UP)
    ok = sum(n for (_, kind), n in world.outcomes.items() if kind == "ok")
    called = {t for t, _ in world.outcomes}
    print(f"\nfuzz: {world.calls} calls over {len(called)} tools, {ok} succeeded")
    for (tool, kind), n in sorted(world.outcomes.items()):
        print(f"  {tool:32} {kind:5} {n}")
    # a run that reached few tools, or only their refusals, would pass the property without testing much (the
    # top-up above reaches every tool; this says so if it ever does not)
    assert called == set(every), f"never called: {sorted(set(every) - called)}"
    assert ok > 0, "no generated call succeeded: the success paths went untested"
    assert not world.call("accounts_list", {}).is_error
    assert not world.call("posts_list", {}).is_error


def _survives(world: World, names: list[str], examples: int) -> None:
    """The property, over calls to `names`."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=SEED is None and os.environ.get("CI") is not None,
        suppress_health_check=list(HealthCheck),
    )
    @given(call=tool_calls(world, names))
    def prop(call: tuple[str, dict[str, Any]]) -> None:
        name, args = call
        world.calls += 1
        if world.calls % RESET_EVERY == 0:  # keep the workspace interesting: deletes add up
            world.portal.call(_reset, world)
        del world.requests[:]
        del world.crashes[:]
        result = world.call(name, args)  # raises (and fails) if anything escapes or the limit passes
        text = _text(result)
        known = [c for c in world.crashes if any(sig in c for sig in KNOWN_CRASHES)]
        if known and len(known) == len(world.crashes):
            world.outcomes[name, "known crash"] += 1
            return
        world.outcomes[name, "error" if result.is_error else "ok"] += 1
        assert world.crashes == [], f"{name}({_show(args)}) logged a crash: {world.crashes}"
        if result.is_error:
            assert text.strip() != f"Error executing tool {name}", f"{name}({_show(args)}) crashed"
            # An error means nothing was written, unless the error names what was (valid arguments, failed
            # outcome: "post X was retried but publishing failed again").
            unexplained = [r for r in world.requests if r.accepted_write and not any(i in text for i in r.ids)]
            assert unexplained == [], f"{name}({_show(args)}) failed ({text[:300]}) after writing {unexplained}"
        if world.calls % 50 == 0:
            assert not world.call("accounts_list", {}).is_error  # still answering

    if SEED is not None:
        prop = seed(SEED)(prop)
    prop()


async def _reset(world: World) -> None:
    app = create_app(world.store)
    # a loopback Host: the control routes refuse any other (DNS rebinding)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
        (await c.post("/_sandbox/reset", json={})).raise_for_status()
    world.refresh_ids()


def _show(args: dict[str, Any]) -> str:
    text = json.dumps(args, ensure_ascii=False, default=repr)
    return text if len(text) <= 400 else text[:400] + "…"
