"""Stopping from a terminal, on a real pseudo-terminal: the first Ctrl-C (or SIGTERM) stops cleanly, the second
forces. "Cleanly" is checked where it shows: the sandbox's SQLite write-ahead log is folded back and removed only
when its store is closed, and a request in flight gets its answer."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import signal
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e

#: generous: the machine may be busy; a stop that works is fast, and one that hangs fails at this bound
START_S, STOP_S = 90.0, 30.0


def _take_terminal() -> None:
    """In the child: make the pty (its stdin) the controlling terminal, so Ctrl-C on it sends SIGINT."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A process whose stdin, stdout and stderr are a pty, as in a terminal window."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=_take_terminal,  # the child only calls ioctl before exec
        )
        os.close(slave)
        self.seen = ""

    def read_until(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while (found := re.search(pattern, self.seen)) is None:
            if time.monotonic() > deadline or not self._read(0.2):
                if self.proc.poll() is not None and not self._read(0):
                    raise AssertionError(f"exited ({self.proc.returncode}) before {pattern!r}:\n{self.seen}")
                if time.monotonic() > deadline:
                    raise AssertionError(f"no {pattern!r} within {timeout} s:\n{self.seen}")
        return found

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.seen += data.decode("utf-8", "replace")
        return bool(data)

    def ctrl_c(self) -> None:
        os.write(self.master, b"\x03")

    def wait(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        if self.proc.poll() is None:
            raise AssertionError(f"still running {timeout} s after the stop:\n{self.seen}")
        while self._read(0):
            pass
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


Start = Callable[..., Terminal]


@pytest.fixture
def terminal(late_mcp_exe: str, tmp_path: Path) -> Iterator[Start]:
    made: list[Terminal] = []

    def start(*args: str) -> Terminal:
        env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "COLUMNS": "200"}
        env.pop("LATE_API_KEY", None)
        made.append(Terminal([late_mcp_exe, *args], env))
        return made[-1]

    yield start
    for term in made:
        term.close()


def _closed_cleanly(data_dir: Path) -> bool:
    return (data_dir / "sandbox.sqlite3").exists() and not (data_dir / "sandbox.sqlite3-wal").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_sandbox_server_stops_on_the_first_ctrl_c(terminal: Start, tmp_path: Path) -> None:
    data = tmp_path / "data"
    term = terminal("--sandbox", "--data-dir", str(data))
    term.read_until("Ctrl-C stops it", START_S)
    assert "kept between runs" in term.seen
    term.ctrl_c()
    assert term.wait(STOP_S) == 0
    assert "stopping" in term.seen
    assert "Traceback" not in term.seen
    assert _closed_cleanly(data), sorted(p.name for p in data.iterdir())


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sandbox_server_stops_on_sigterm(terminal: Start, tmp_path: Path) -> None:
    data = tmp_path / "data"
    term = terminal("--sandbox", "--data-dir", str(data))
    term.read_until("Ctrl-C stops it", START_S)
    term.proc.send_signal(signal.SIGTERM)
    assert term.wait(STOP_S) == 0
    assert "Traceback" not in term.seen
    assert _closed_cleanly(data)


def _slow_request(base: str, key: str, results: list[object]) -> None:
    try:
        response = httpx.get(f"{base}/v1/profiles", headers={"Authorization": f"Bearer {key}"}, timeout=60)
        results.append(response.status_code)
    except httpx.HTTPError as exc:
        results.append(exc)


def _sandbox_with_a_slow_request(term: Terminal, latency_ms: int) -> tuple[threading.Thread, list[object]]:
    """Wait for `late-mcp sandbox`'s banner, slow GET /v1/profiles down and start one such request."""
    base = term.read_until(r"running at (http://127\.0\.0\.1:\d+/api)", START_S).group(1)
    key = term.read_until(r"demo API key:\s+(sk_[0-9a-f]{64})", 5).group(1)
    term.read_until("Press Ctrl-C to stop", 5)
    rule = {"path": "/api/v1/profiles", "latency_ms": latency_ms}
    added = httpx.post(base.removesuffix("/api") + "/_sandbox/faults", content=json.dumps(rule), timeout=30,
                       headers={"Content-Type": "application/json"})  # fmt: skip
    assert added.status_code == 201, added.text
    results: list[object] = []
    thread = threading.Thread(target=_slow_request, args=(base, key, results), daemon=True)
    thread.start()
    time.sleep(latency_ms / 3000)  # the request is inside the sandbox now
    return thread, results


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_sandbox_command_answers_the_request_in_flight_then_stops(terminal: Start, tmp_path: Path) -> None:
    data = tmp_path / "data"
    term = terminal("sandbox", "--port", "0", "--data-dir", str(data))
    thread, results = _sandbox_with_a_slow_request(term, 1500)
    term.ctrl_c()
    assert term.wait(STOP_S) == 0
    thread.join(30)
    assert results == [200], term.seen
    assert "stopping" in term.seen
    assert "Traceback" not in term.seen
    assert _closed_cleanly(data)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_a_second_ctrl_c_forces_the_stop(terminal: Start, tmp_path: Path) -> None:
    term = terminal("sandbox", "--port", "0", "--data-dir", str(tmp_path / "data"))
    _sandbox_with_a_slow_request(term, 20_000)
    term.ctrl_c()
    term.read_until("stopping", STOP_S)  # now waiting for the slow request
    term.ctrl_c()
    assert term.wait(STOP_S) == 130  # a graceful stop would have exited 0 after the 20 s request
    assert "forced" in term.seen


@pytest.mark.parametrize(("level", "lines"), [("WARNING", 0), ("INFO", 1)])
def test_a_host_gets_one_log_line_not_the_banner(late_mcp_exe: str, tmp_path: Path, level: str, lines: int) -> None:
    """stdin is a pipe, as when a host starts the server: no terminal banner (hosts show stderr as errors)."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "LATE_LOG_LEVEL": level}
    done = subprocess.run(
        [late_mcp_exe, "--sandbox"], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "Ctrl-C" not in done.stderr
    assert len([line for line in done.stderr.splitlines() if "SANDBOX mode" in line]) == lines, done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
@pytest.mark.parametrize("key", ["", "sk_" + "0" * 64, "sk_your_key_here"])
def test_the_server_run_by_hand_says_what_it_is_and_what_to_run(late_mcp_exe: str, tmp_path: Path, key: str) -> None:
    """`late-mcp` typed at a terminal: it waited in silence before (a line of log at most), which reads as a hang.
    It says it waits for a host, which commands to run instead, whether calls go to the real API; never the key."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "COLUMNS": "200", "LATE_API_KEY": key}
    term = Terminal([late_mcp_exe], env)
    try:
        term.read_until(r"Ctrl-C stops it", START_S)
        term.ctrl_c()
        assert term.wait(STOP_S) in (0, 130)
    finally:
        term.close()
    assert "it waits for an MCP host on stdin, it is not a prompt" in term.seen
    assert "call accounts_list" in term.seen
    assert "doctor" in term.seen
    if key == "sk_your_key_here":
        assert "LATE_API_KEY is still the placeholder of a generated config" in term.seen
        assert "call accounts_list --sandbox" in term.seen
    elif key:
        assert "every call goes to the real Late API" in term.seen
        assert key not in term.seen
        assert "--sandbox" not in term.seen
    else:
        assert "LATE_API_KEY is not set" in term.seen
        assert "call accounts_list --sandbox" in term.seen


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
@pytest.mark.parametrize(("answer", "deleted"), [("n", False), ("y", True)])
def test_call_at_a_terminal_asks_the_person_what_a_host_would(
    late_mcp_exe: str, tmp_path: Path, answer: str, deleted: bool
) -> None:
    """`late-mcp call posts_delete` by hand: the question a host would show is asked on the terminal (y/N), so a
    call is no way round a confirmation; before, it went ahead unasked, and posts_review could not be done at all."""
    from late_mcp.sandbox.seed import oid

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "COLUMNS": "200"}
    env.pop("LATE_API_KEY", None)
    draft = oid("post:draft-newsletter")
    argv = [late_mcp_exe, "call", "posts_delete", f"post_id={draft}", "--sandbox", "--reset", "--confirm", "all"]
    term = Terminal(argv, env)
    try:
        term.read_until(r"\[y/N\] ", START_S)
        os.write(term.master, f"{answer}\r".encode())
        code = term.wait(STOP_S)
    finally:
        term.close()
    assert "Delete post" in term.seen
    if deleted:
        assert code == 0, term.seen
        assert "deleted: true" in term.seen
    else:
        assert code == 1, term.seen
        assert "declined" in term.seen.lower()
