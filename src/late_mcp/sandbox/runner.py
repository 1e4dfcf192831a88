"""Serving the sandbox: in a background thread for ``late-mcp --sandbox`` and tests, or in the foreground for
``late-mcp sandbox``. Everything is printed to stderr; stdout belongs to the MCP protocol.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import uvicorn

from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.control_guard import is_loopback
from late_mcp.sandbox.faults import ENV_VAR, ConnectionDropped, Faults
from late_mcp.sandbox.seed import seeded_store
from late_mcp.sandbox.store import DataDirError, Store
from late_mcp.stopping import StopRequests
from late_mcp.userdirs import user_data_dir

_START_TIMEOUT_S = 15.0


def default_data_dir() -> Path:
    """The sandbox's workspace in the per-user data folder (`late_mcp.userdirs`): ``.../late-mcp/sandbox``."""
    return user_data_dir() / "sandbox"


class _DropFilter(logging.Filter):
    """Keep uvicorn from logging a traceback for every injected dropped connection."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))


def _quiet_uvicorn() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropFilter) for f in logger.filters):
        logger.addFilter(_DropFilter())


@dataclass(eq=False)
class RunningSandbox:
    """A sandbox served by uvicorn on its own event loop in a daemon thread. Stop it with :meth:`stop` or use
    it as a context manager."""

    server: uvicorn.Server
    thread: threading.Thread
    store: Store
    faults: Faults
    host: str
    port: int
    owns_store: bool
    _stopped: bool = field(default=False, init=False)

    @property
    def root_url(self) -> str:
        url_host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{url_host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/api"

    def is_alive(self) -> bool:
        return self.thread.is_alive()

    @property
    def api_key(self) -> str:
        return self.store.api_key

    def stop(self, timeout: float = 10.0) -> None:
        """Let uvicorn finish the requests in flight, then close the store. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self.server.should_exit = True
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.server.force_exit = True
            self.thread.join(timeout)
        if self.owns_store:
            self.store.close()

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.setblocking(False)
    return sock


def start_sandbox(
    *,
    data_dir: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    reset: bool = False,
    faults: Faults | None = None,
) -> RunningSandbox:
    """Open the store (``data_dir`` defaults to :func:`default_data_dir`; ``":memory:"`` for throwaway), serve it
    on ``host:port`` (``port=0``: a free port) and return once the server accepts connections."""
    store = seeded_store(default_data_dir() if data_dir is None else data_dir, reset=reset)
    try:
        if faults is None:
            faults = Faults.from_json(os.environ.get(ENV_VAR))
        app = create_app(store, faults=faults)
        sock = _bind(host, port)
    except BaseException:
        store.close()
        raise
    bound_port = int(sock.getsockname()[1])
    _quiet_uvicorn()
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=2,
        timeout_keep_alive=5,
        date_header=False,  # the API routes send their own Date, on the sandbox clock
    )
    server = uvicorn.Server(config)
    failure: list[BaseException] = []

    def serve() -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # surfaced to the caller below
            failure.append(exc)
        finally:
            sock.close()

    thread = threading.Thread(target=serve, name=f"late-sandbox-{bound_port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT_S
    while not server.started:
        if failure or not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(5)
            store.close()
            raise RuntimeError("the sandbox server did not start") from (failure[0] if failure else None)
        time.sleep(0.01)
    return RunningSandbox(server, thread, store, faults, host, bound_port, owns_store=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="late-mcp sandbox",
        description="Serve a local, faithful implementation of the Late API with a demo workspace and key.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=8765, metavar="N", help="port (default 8765; 0 picks a free port)")
    parser.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help=f"where state and media live (default {default_data_dir()}; ':memory:' for none)",
    )
    parser.add_argument("--reset", action="store_true", help="wipe the data dir: fresh workspace and a new key")
    parser.add_argument(
        "--faults",
        default=None,
        metavar="JSON",
        help=f"fault rules as JSON (also read from ${ENV_VAR}); see docs/configuration.md, the sandbox",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """``late-mcp sandbox [...]``: serve until Ctrl-C. Prints only to stderr."""
    args = _parser().parse_args(argv)
    try:
        faults = Faults.from_json(args.faults if args.faults is not None else os.environ.get(ENV_VAR))
    except ValueError as exc:
        print(f"late-mcp sandbox: invalid fault rules: {exc}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"WARNING: binding the sandbox to {args.host}: anyone who can reach this address can use the demo "
            "key's workspace and the upload pages. Use --host 127.0.0.1 unless you mean it.",
            file=sys.stderr,
        )
    with StopRequests("late-mcp sandbox") as stops:  # before the banner: no signal may land unhandled
        try:
            running = start_sandbox(
                data_dir=args.data_dir, host=args.host, port=args.port, reset=args.reset, faults=faults
            )
        except DataDirError as exc:
            print(f"late-mcp sandbox: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"late-mcp sandbox: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
            return 1
        print(_banner(running), file=sys.stderr, flush=True)
        while running.is_alive() and not stops.requested.wait(0.5):
            pass
        running.stop()
    return 0


def _banner(running: RunningSandbox) -> str:
    where = (
        "in memory (nothing is kept)"
        if running.store.data_dir is None
        else f"{running.store.data_dir} (kept between runs; --reset starts fresh)"
    )
    return "\n".join(
        [
            f"Late API sandbox running at {running.base_url}",
            f"  demo API key:   {running.api_key}",
            f"  data:           {where}",
            f"  upload page:    POST {running.base_url}/v1/media/upload-token returns an uploadUrl to open in a "
            "browser",
            f"  control:        {running.root_url}/_sandbox/clock, /_sandbox/faults (loopback only)",
            "",
            "Point late-mcp at it:",
            f"  LATE_BASE_URL={running.base_url} LATE_API_KEY={running.api_key} late-mcp",
            "",
            "Press Ctrl-C to stop (a second Ctrl-C forces it).",
        ]
    )
